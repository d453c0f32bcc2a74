// MCP test stacks: the conformance fixture (toolgate's own MCP library) over HTTP or stdio, the real
// toolgate binary in front of MCP upstreams, reference servers from npm, and the official conformance suite.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import net from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import readline from 'node:readline';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = path.resolve(HERE, '..', '..', '..');
export const NODE = process.execPath;
const MODULES = path.join(REPO_ROOT, 'tests', 'integration', 'node_modules');
export const CONFORMANCE = path.join(MODULES, '@modelcontextprotocol', 'conformance', 'dist', 'index.js');
export const EVERYTHING = path.join(MODULES, '@modelcontextprotocol', 'server-everything', 'dist', 'index.js');
export const FILESYSTEM = path.join(MODULES, '@modelcontextprotocol', 'server-filesystem', 'dist', 'index.js');
const START_TIMEOUT_MS = 20000;

export function toolgateBinary() {
  const fromEnv = process.env.TOOLGATE_BIN;
  if (fromEnv) return fromEnv;
  const fallback = path.join(REPO_ROOT, 'build', 'toolgate');
  if (existsSync(fallback)) return fallback;
  throw new Error('TOOLGATE_BIN is not set and build/toolgate does not exist');
}

export function fixtureBinary() {
  const fromEnv = process.env.TOOLGATE_MCP_FIXTURE_BIN;
  if (fromEnv) return fromEnv;
  const fallback = path.join(REPO_ROOT, 'build', 'tests', 'support', 'mcp_fixture', 'toolgate-mcp-fixture');
  if (existsSync(fallback)) return fallback;
  throw new Error('TOOLGATE_MCP_FIXTURE_BIN is not set and the fixture binary was not found');
}

export function withTimeout(promise, ms, what) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not happen within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export function waitForExit(child) {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
}

async function stopChild(child, ms = 10000) {
  if (child.exitCode !== null || child.signalCode !== null) return waitForExit(child);
  child.kill('SIGTERM');
  return withTimeout(waitForExit(child), ms, `exit of pid ${child.pid} after SIGTERM`);
}

// A port that was free a moment ago, for servers that cannot bind port 0 and report it.
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

// The fixture over HTTP: Streamable HTTP at /mcp, legacy SSE at /sse.
export async function startFixtureHttp() {
  const child = spawn(fixtureBinary(), ['--http', '127.0.0.1:0'], { stdio: ['ignore', 'pipe', 'pipe'] });
  const stderr = [];
  readline.createInterface({ input: child.stderr }).on('line', (line) => stderr.push(line));
  const first = new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stdout }).once('line', resolve);
    child.once('exit', (code) => reject(new Error(`fixture exited early with ${code}: ${stderr.join('\n')}`)));
  });
  const { port } = JSON.parse(await withTimeout(first, START_TIMEOUT_MS, 'fixture start'));
  return { child, port, url: `http://127.0.0.1:${port}/mcp`, stderr, stop: () => stopChild(child) };
}

// The fixture as an stdio command line.
export function fixtureStdioCommand() {
  return [fixtureBinary(), '--stdio'];
}

// @modelcontextprotocol/server-everything over its own HTTP transports ('streamableHttp' or 'sse'). It
// cannot bind port 0 and say which port it got, so a free port is picked first; another process may take
// it in between, hence the retries.
export async function startEverythingHttp(kind = 'streamableHttp') {
  let lastError;
  for (let attempt = 0; attempt < 3; attempt += 1) {
    try {
      return await startEverythingOnce(kind);
    } catch (err) {
      lastError = err;
    }
  }
  throw lastError;
}

async function startEverythingOnce(kind) {
  const port = await freePort();
  const child = spawn(NODE, [EVERYTHING, kind], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, PORT: String(port) } });
  const stderr = [];
  const ready = new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stderr }).on('line', (line) => {
      stderr.push(line);
      if (/listening|running/i.test(line)) resolve();
    });
    child.once('exit', (code) => reject(new Error(`server-everything exited early with ${code}: ${stderr.join('\n')}`)));
  });
  try {
    await withTimeout(ready, START_TIMEOUT_MS, 'server-everything start');
  } catch (err) {
    child.kill('SIGKILL');
    throw err;
  }
  const pathName = kind === 'sse' ? '/sse' : '/mcp';
  return { child, port, url: `http://127.0.0.1:${port}${pathName}`, stop: () => stopChild(child) };
}

// The real toolgate binary with `mcp` as its config's mcp section (JSON is YAML).
export async function startGateway(mcp, extra = {}) {
  const dir = await mkdtemp(path.join(tmpdir(), 'toolgate-mcp-'));
  const configPath = path.join(dir, 'toolgate.yaml');
  const config = { server: { listen: '127.0.0.1:0', ...(extra.server ?? {}) }, mcp, ...(extra.auth ? { auth: extra.auth } : {}) };
  await writeFile(configPath, `${JSON.stringify(config, null, 2)}\n`);
  const child = spawn(toolgateBinary(), ['serve', '--config', configPath], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...(extra.env ?? {}) },
  });
  const stderr = [];
  const listening = new Promise((resolve, reject) => {
    readline.createInterface({ input: child.stderr }).on('line', (line) => {
      stderr.push(line);
      try {
        const record = JSON.parse(line);
        if (record.msg === 'listening' && Number.isInteger(record.port)) resolve(record.port);
      } catch {
        // not a log record
      }
    });
    child.once('exit', (code, signal) =>
      reject(new Error(`toolgate exited before listening (code ${code}, signal ${signal}):\n${stderr.join('\n')}`)));
  });
  const port = await withTimeout(listening, START_TIMEOUT_MS, 'toolgate "listening" log line');
  const origin = `http://127.0.0.1:${port}`;
  return {
    child,
    port,
    origin,
    url: `${origin}/mcp`,
    sseUrl: `${origin}/sse`,
    stderr,
    configPath,
    async stop() {
      const exit = await stopChild(child, 15000);
      await rm(dir, { recursive: true, force: true });
      return exit;
    },
  };
}

// Writes a config file for `toolgate stdio` and returns [command, ...args] to launch it.
export async function stdioGatewayCommand(mcp) {
  const dir = await mkdtemp(path.join(tmpdir(), 'toolgate-mcp-stdio-'));
  const configPath = path.join(dir, 'toolgate.yaml');
  await writeFile(configPath, `${JSON.stringify({ mcp }, null, 2)}\n`);
  return { command: toolgateBinary(), args: ['stdio', '--config', configPath], cleanup: () => rm(dir, { recursive: true, force: true }) };
}

// Runs the official suite in server mode against `url`; returns its exit code, output and per-check results.
export async function runConformanceServer(url, extraArgs = ['--suite', 'all']) {
  const outDir = await mkdtemp(path.join(tmpdir(), 'toolgate-conformance-'));
  const child = spawn(NODE, [CONFORMANCE, 'server', '--url', url, '-o', outDir, ...extraArgs], {
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: outDir,
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const { code } = await withTimeout(waitForExit(child), 240000, 'conformance suite run');
  const checks = await collectChecks(outDir);
  await rm(outDir, { recursive: true, force: true });
  return { code, output, checks };
}

async function collectChecks(dir) {
  const found = [];
  const walk = async (d) => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) await walk(p);
      else if (entry.name === 'checks.json') found.push(...JSON.parse(await readFile(p, 'utf8')));
    }
  };
  await walk(dir).catch(() => {});
  return found;
}
