// The official MCP conformance suite in client mode against `toolgate mcp conformance`: for each scenario the
// suite starts its own test server, runs the toolgate client against it and scores what the server saw.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO_ROOT = path.resolve(HERE, '..', '..');
const SUITE = path.join(HERE, 'node_modules', '@modelcontextprotocol', 'conformance', 'dist', 'index.js');

// The client-mode scenarios of the 2025-11-25 requirements, auth aside.
const SCENARIOS = ['initialize', 'tools_call', 'elicitation-sep1034-client-defaults', 'sse-retry'];
const CLIENT_TIMEOUT_MS = 20000;

function toolgateBinary() {
  const fromEnv = process.env.TOOLGATE_BIN;
  if (fromEnv) return fromEnv;
  const fallback = path.join(REPO_ROOT, 'build', 'toolgate');
  if (existsSync(fallback)) return fallback;
  throw new Error('TOOLGATE_BIN is not set and build/toolgate does not exist; run through ctest or set TOOLGATE_BIN');
}

// The runner splits --command on spaces, so a path with one cannot be passed through it.
function clientCommand() {
  const binary = toolgateBinary();
  assert.doesNotMatch(binary, /\s/, `the suite cannot run a client whose path has whitespace: ${binary}`);
  return `${binary} mcp conformance`;
}

// Runs one scenario; resolves with the runner's exit code, its output and the checks it saved.
async function runScenario(scenario, outputDir) {
  const args = [SUITE, 'client', '--command', clientCommand(), '--scenario', scenario,
    '--timeout', String(CLIENT_TIMEOUT_MS), '-o', outputDir];
  let code = 0;
  let stdout;
  let stderr;
  try {
    ({ stdout, stderr } = await run(process.execPath, args, { timeout: CLIENT_TIMEOUT_MS + 10000 }));
  } catch (error) {
    if (typeof error.code !== 'number') throw error;
    ({ code, stdout, stderr } = error);
  }
  const [resultDir] = await readdir(outputDir);
  assert.ok(resultDir, `scenario ${scenario} saved no results\n${stderr}`);
  const checks = JSON.parse(await readFile(path.join(outputDir, resultDir, 'checks.json'), 'utf8'));
  return { code, output: `${stdout}\n${stderr}`, checks };
}

describe('conformance suite, client mode', { concurrency: true }, () => {
  let workDir;
  before(async () => {
    workDir = await mkdtemp(path.join(tmpdir(), 'toolgate-conformance-'));
  });
  after(async () => {
    if (workDir) await rm(workDir, { recursive: true, force: true });
  });

  for (const scenario of SCENARIOS) {
    test(scenario, async () => {
      const outputDir = path.join(workDir, scenario);
      const { code, output, checks } = await runScenario(scenario, outputDir);
      const scored = checks.filter((c) => c.status === 'SUCCESS' || c.status === 'FAILURE');
      const bad = checks.filter((c) => c.status === 'FAILURE' || c.status === 'WARNING');
      assert.deepEqual(bad.map((c) => `${c.id}: ${c.errorMessage ?? c.description}`), [], output);
      assert.ok(scored.length > 0, `scenario ${scenario} scored nothing\n${output}`);
      assert.equal(code, 0, output);
    });
  }
});

describe('toolgate mcp conformance, usage', () => {
  test('an unknown scenario is a usage error naming the supported ones', async () => {
    const env = { ...process.env, MCP_CONFORMANCE_SCENARIO: 'no-such-scenario' };
    await assert.rejects(
      run(toolgateBinary(), ['mcp', 'conformance', 'http://127.0.0.1:9/mcp'], { env, timeout: 10000 }),
      (error) => {
        assert.equal(error.code, 2);
        assert.match(error.stderr, /unknown scenario 'no-such-scenario'/);
        assert.match(error.stderr, /sse-retry/);
        return true;
      });
  });
});
