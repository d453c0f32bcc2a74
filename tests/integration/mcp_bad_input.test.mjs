// Bad input and failing upstreams at toolgate's MCP endpoints: every case gets the right status or error,
// nothing hangs, and every JSON-RPC message toolgate sends validates against the official MCP schema.

import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, test } from 'node:test';

import Ajv2020 from 'ajv/dist/2020.js';

import { NODE, REPO_ROOT, startGateway } from './lib/mcp_stack.mjs';

const FLAKY = path.join(REPO_ROOT, 'tests', 'support', 'mcp_flaky_server.mjs');
const SCHEMA = JSON.parse(readFileSync(path.join(REPO_ROOT, '..', 'shared', 'testdata', 'mcp-schema', '2025-11-25', 'schema.json')));
const ajv = new Ajv2020({ strict: false, allErrors: false });
ajv.addSchema(SCHEMA, 'mcp');
const validMessage = ajv.compile({ $ref: 'mcp#/$defs/JSONRPCMessage' });
const MAX_BODY = 65536;
const ACCEPT = 'application/json, text/event-stream';

function assertWireValid(message) {
  assert.ok(validMessage(message), `not a valid 2025-11-25 JSON-RPC message: ${JSON.stringify(message)}\n${ajv.errorsText(validMessage.errors)}`);
}

// Every JSON-RPC message in a response body (JSON or SSE).
async function messagesOf(response) {
  const text = await response.text();
  if (!text) return [];
  if ((response.headers.get('content-type') ?? '').startsWith('text/event-stream')) {
    return text.split(/\n\n/).map((block) => block.split('\n').filter((l) => l.startsWith('data:'))
      .map((l) => l.slice(5).trim()).join('')).filter((d) => d).map((d) => JSON.parse(d));
  }
  return [JSON.parse(text)];
}

let gateway;

async function post(body, headers = {}) {
  return fetch(gateway.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

async function initialize() {
  const res = await post({ jsonrpc: '2.0', id: 1, method: 'initialize',
    params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'it', version: '1' } } });
  assert.equal(res.status, 200);
  const session = res.headers.get('mcp-session-id');
  assert.match(session ?? '', /^[\x21-\x7e]+$/);
  for (const m of await messagesOf(res)) assertWireValid(m);
  const headers = { 'mcp-session-id': session, 'mcp-protocol-version': '2025-11-25' };
  const ack = await post({ jsonrpc: '2.0', method: 'notifications/initialized' }, headers);
  assert.equal(ack.status, 202);
  return headers;
}

async function call(headers, name, args = {}, id = 2) {
  const res = await post({ jsonrpc: '2.0', id, method: 'tools/call', params: { name, arguments: args } }, headers);
  assert.equal(res.status, 200);
  const messages = await messagesOf(res);
  for (const m of messages) assertWireValid(m);
  return messages.find((m) => m.id === id);
}

before(async () => {
  gateway = await startGateway(
    { servers: [{ name: 'flaky', transport: 'stdio', command: [NODE, FLAKY], timeout_ms: 1000 }] },
    { server: { max_body_bytes: MAX_BODY } },
  );
});

after(async () => {
  const exit = await gateway?.stop();
  assert.deepEqual(exit, { code: 0, signal: null }, gateway?.stderr.slice(-30).join('\n'));
});

describe('HTTP-level refusals', () => {
  test('malformed JSON is 400 with a parse error', async () => {
    const res = await post('{"jsonrpc": "2.0", ');
    assert.equal(res.status, 400);
    const [body] = await messagesOf(res);
    assert.equal(body.error.code, -32700);
    assertWireValid(body);
  });

  test('a request without a session is 400, an unknown session 404', async () => {
    let res = await post({ jsonrpc: '2.0', id: 5, method: 'tools/list' });
    assert.equal(res.status, 400);
    res = await post({ jsonrpc: '2.0', id: 5, method: 'tools/list' }, { 'mcp-session-id': 'no-such-session' });
    assert.equal(res.status, 404);
  });

  test('wrong Accept is 406, wrong Content-Type 415, foreign Origin or Host 403', async () => {
    assert.equal((await post({ jsonrpc: '2.0', id: 1, method: 'ping' }, { accept: 'application/json' })).status, 406);
    assert.equal((await post({ jsonrpc: '2.0', id: 1, method: 'ping' }, { 'content-type': 'text/plain' })).status, 415);
    assert.equal((await post({ jsonrpc: '2.0', id: 1, method: 'ping' }, { origin: 'http://evil.example.com' })).status, 403);
  });

  test('an oversized body is 413 naming the limit', async () => {
    const res = await post({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { pad: 'x'.repeat(MAX_BODY) } });
    assert.equal(res.status, 413);
    const [body] = await messagesOf(res);
    assert.match(body.error.message, new RegExp(String(MAX_BODY)));
  });

  test('an unsupported MCP-Protocol-Version is 400', async () => {
    const headers = await initialize();
    const res = await post({ jsonrpc: '2.0', id: 3, method: 'ping' }, { ...headers, 'mcp-protocol-version': '1999-01-01' });
    assert.equal(res.status, 400);
  });

  test('DELETE ends the session; it is 404 afterwards', async () => {
    const headers = await initialize();
    const del = await fetch(gateway.url, { method: 'DELETE', headers });
    assert.equal(del.status, 200);
    const res = await post({ jsonrpc: '2.0', id: 3, method: 'ping' }, headers);
    assert.equal(res.status, 404);
  });
});

describe('JSON-RPC shapes inside a session', () => {
  test('null ids and wrong versions are invalid requests', async () => {
    const headers = await initialize();
    for (const bad of [{ jsonrpc: '2.0', id: null, method: 'ping' }, { jsonrpc: '1.0', id: 4, method: 'ping' }]) {
      const res = await post(bad, headers);
      assert.ok(res.status === 400 || res.status === 200, `status ${res.status}`);
      const [body] = await messagesOf(res);
      assert.equal(body.error.code, -32600);
    }
  });

  test('unknown methods are -32601, unknown tools -32602', async () => {
    const headers = await initialize();
    const res = await post({ jsonrpc: '2.0', id: 9, method: 'no/such', params: {} }, headers);
    const messages = await messagesOf(res);
    assert.equal(messages.find((m) => m.id === 9).error.code, -32601);
    const unknown = await call(headers, 'flaky__missing');
    assert.equal(unknown.error.code, -32602);
  });
});

describe('clients that vanish', () => {
  test('a client that drops its POST stream mid-call leaves the session and the gateway serving', async () => {
    const headers = await initialize();
    const pending = post({ jsonrpc: '2.0', id: 7, method: 'tools/call', params: { name: 'flaky__hang', arguments: {} } },
      headers).then((res) => res.text());
    const abort = new AbortController();
    const dropped = await fetch(gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers },
      body: JSON.stringify({ jsonrpc: '2.0', id: 8, method: 'tools/call', params: { name: 'flaky__hang', arguments: {} } }),
      signal: abort.signal,
    });
    assert.equal(dropped.status, 200);
    abort.abort();  // the stream is gone; the call it carried runs on to its timeout
    const echo = await call(headers, 'flaky__echo', { text: 'still here' }, 9);
    assert.equal(echo.result.content[0].text, 'echo: still here');
    await pending;  // the first hung call ends with its timeout error, not a hang
  });

  test('a client that opens the GET stream and disappears does not block the session', async () => {
    const headers = await initialize();
    const abort = new AbortController();
    const res = await fetch(gateway.url, { method: 'GET', headers: { accept: 'text/event-stream', ...headers }, signal: abort.signal });
    assert.equal(res.status, 200);
    abort.abort();
    const echo = await call(headers, 'flaky__echo', { text: 'after get' }, 10);
    assert.equal(echo.result.content[0].text, 'echo: after get');
  });
});

describe('failing upstreams', () => {
  test('an upstream that crashes mid-call fails that call and is restarted for the next', async () => {
    const headers = await initialize();
    const started = Date.now();
    const crashed = await call(headers, 'flaky__crash');
    assert.ok(crashed.error || crashed.result?.isError, JSON.stringify(crashed));
    assert.ok(Date.now() - started < 5000, 'the crash is noticed at once, not at a timeout');
    const echo = await call(headers, 'flaky__echo', { text: 'again' }, 3);
    assert.equal(echo.result.content[0].text, 'echo: again');
  });

  test('an upstream that never answers times out and gets notifications/cancelled', async () => {
    const headers = await initialize();
    const started = Date.now();
    const hung = await call(headers, 'flaky__hang');
    assert.equal(hung.error.code, -32001);
    assert.ok(Date.now() - started < 5000);
    // The flaky server logs the cancellation to its stderr, which toolgate logs line by line.
    const deadline = Date.now() + 3000;
    const sawCancel = () => gateway.stderr.some((line) => line.includes('cancelled') && line.includes('requestId'));
    while (!sawCancel() && Date.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    assert.ok(sawCancel(), `the upstream saw notifications/cancelled:\n${gateway.stderr.slice(-10).join('\n')}`);
  });
});
