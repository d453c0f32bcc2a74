// Real MCP clients through toolgate over each downstream transport: the official TypeScript SDK over
// stdio (`toolgate stdio`), Streamable HTTP (/mcp) and legacy SSE (/sse), and the Inspector CLI, listing
// and calling tools of real upstream servers (server-everything over stdio and HTTP, server-filesystem).

import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import { readFileSync } from 'node:fs';

import Ajv2020 from 'ajv/dist/2020.js';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StdioClientTransport } from '@modelcontextprotocol/sdk/client/stdio.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

import {
  EVERYTHING, FILESYSTEM, NODE, REPO_ROOT, startEverythingHttp, startGateway, stdioGatewayCommand, waitForExit, withTimeout,
} from './lib/mcp_stack.mjs';

const INSPECTOR = path.join(REPO_ROOT, 'tests', 'integration', 'node_modules', '@modelcontextprotocol', 'inspector-cli',
  'build', 'index.js');

// Every message toolgate sends to these clients must validate against the negotiated revision's schema
// (the SDK asks for the latest, 2025-11-25).
const SCHEMA = JSON.parse(readFileSync(path.join(REPO_ROOT, '..', 'shared', 'testdata', 'mcp-schema', '2025-11-25', 'schema.json')));
const ajv = new Ajv2020({ strict: false });
ajv.addSchema(SCHEMA, 'mcp');
const validMessage = ajv.compile({ $ref: 'mcp#/$defs/JSONRPCMessage' });
const wireViolations = [];
let wireChecked = 0;

function textOf(result) {
  return result.content.filter((b) => b.type === 'text').map((b) => b.text).join('\n');
}

async function connected(transport) {
  const client = new Client({ name: 'toolgate-it', version: '1.0.0' });
  await client.connect(transport);
  assert.equal(transport.protocolVersion ?? '2025-11-25', '2025-11-25');
  // Taps the transport after connect (the SDK installs its handler there) to check each inbound message.
  const deliver = transport.onmessage;
  transport.onmessage = (message, extra) => {
    wireChecked += 1;
    if (!validMessage(message)) wireViolations.push(`${JSON.stringify(message)}: ${ajv.errorsText(validMessage.errors)}`);
    deliver(message, extra);
  };
  return client;
}

let dataDir;
let everythingHttp;

before(async () => {
  dataDir = await mkdtemp(path.join(tmpdir(), 'toolgate-fs-'));
  await writeFile(path.join(dataDir, 'hello.txt'), 'hello from the filesystem server\n');
  everythingHttp = await startEverythingHttp('streamableHttp');
});

after(async () => {
  assert.ok(wireChecked > 20, `only ${wireChecked} messages were checked against the schema`);
  assert.deepEqual(wireViolations, [], 'messages from toolgate that break the 2025-11-25 schema');
  await everythingHttp?.stop();
  await rm(dataDir, { recursive: true, force: true });
});

function upstreams() {
  return [
    { name: 'everything', transport: 'stdio', command: [NODE, EVERYTHING, 'stdio'] },
    { name: 'fs', transport: 'stdio', command: [NODE, FILESYSTEM, dataDir] },
    { name: 'remote', transport: 'streamable_http', url: everythingHttp.url },
  ];
}

async function exerciseClient(client) {
  const { tools } = await client.listTools();
  const names = tools.map((t) => t.name);
  for (const expected of ['everything__echo', 'everything__get-sum', 'fs__read_text_file', 'remote__echo']) {
    assert.ok(names.includes(expected), `${expected} missing from ${names.join(', ')}`);
  }
  assert.ok(names.every((n) => /^[A-Za-z0-9_.-]{1,64}$/.test(n)), 'every public name fits LLM API limits');

  const echo = await client.callTool({ name: 'everything__echo', arguments: { message: 'hi over stdio' } });
  assert.match(textOf(echo), /hi over stdio/);
  const sum = await client.callTool({ name: 'remote__get-sum', arguments: { a: 2, b: 3 } });
  assert.match(textOf(sum), /5/);
  const file = await client.callTool({ name: 'fs__read_text_file', arguments: { path: path.join(dataDir, 'hello.txt') } });
  assert.match(textOf(file), /hello from the filesystem server/);
  const image = await client.callTool({ name: 'everything__get-tiny-image', arguments: {} });
  const block = image.content.find((b) => b.type === 'image');
  assert.ok(block && block.data.length > 100 && block.mimeType === 'image/png', 'image content passes through untouched');

  const badArgs = await client.callTool({ name: 'everything__get-sum', arguments: { a: 'two' } });
  assert.equal(badArgs.isError, true, 'invalid arguments are a tool error');
  await assert.rejects(client.callTool({ name: 'nope__nothing', arguments: {} }), /unknown tool/);
}

// inspector-cli resolves its package.json from the working directory's parent (see mcp.md §2.3).
function inspector(args) {
  const cwd = path.join(REPO_ROOT, 'tests', 'integration', 'lib');
  return new Promise((resolve) => {
    const child = spawn(NODE, [INSPECTOR, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    waitForExit(child).then(({ code }) => resolve({ code, out, err }));
  });
}

describe('SDK clients through toolgate', () => {
  test('over stdio (toolgate stdio)', async () => {
    const launch = await stdioGatewayCommand({ servers: upstreams() });
    const transport = new StdioClientTransport({ command: launch.command, args: launch.args, stderr: 'pipe' });
    const client = await connected(transport);
    try {
      await exerciseClient(client);
    } finally {
      await client.close();
      await launch.cleanup();
    }
  });

  test('the Inspector CLI over stdio (toolgate stdio)', async () => {
    const launch = await stdioGatewayCommand({ servers: upstreams() });
    try {
      const called = await withTimeout(inspector([launch.command, ...launch.args, '--method', 'tools/call',
        '--tool-name', 'everything__echo', '--tool-arg', 'message=inspected-stdio']), 30000, 'inspector over stdio');
      assert.equal(called.code, 0, called.err);
      assert.match(called.out, /inspected-stdio/);
    } finally {
      await launch.cleanup();
    }
  });

  describe('over HTTP', () => {
    let gateway;
    before(async () => {
      gateway = await startGateway({ servers: upstreams() });
    });
    after(async () => {
      const exit = await gateway?.stop();
      assert.deepEqual(exit, { code: 0, signal: null }, gateway?.stderr.slice(-20).join('\n'));
    });

    test('Streamable HTTP at /mcp', async () => {
      const client = await connected(new StreamableHTTPClientTransport(new URL(gateway.url)));
      try {
        await exerciseClient(client);
      } finally {
        await client.close();
      }
    });

    test('legacy HTTP+SSE at /sse', async () => {
      const client = await connected(new SSEClientTransport(new URL(gateway.sseUrl)));
      try {
        await exerciseClient(client);
      } finally {
        await client.close();
      }
    });

    test('the Inspector CLI lists and calls tools over Streamable HTTP and legacy SSE', async () => {
      for (const [url, transport] of [[gateway.url, 'http'], [gateway.sseUrl, 'sse']]) {
        const listed = await withTimeout(inspector([url, '--transport', transport, '--method', 'tools/list']), 30000,
          `inspector list over ${transport}`);
        assert.equal(listed.code, 0, listed.err);
        assert.match(listed.out, /everything__echo/);
        const called = await withTimeout(inspector([url, '--transport', transport, '--method', 'tools/call',
          '--tool-name', 'remote__echo', '--tool-arg', `message=inspected-${transport}`]), 30000, `inspector call over ${transport}`);
        assert.equal(called.code, 0, called.err);
        assert.match(called.out, new RegExp(`inspected-${transport}`));
      }
    });
  });
});
