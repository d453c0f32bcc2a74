// A scripted OpenAI-compatible upstream (stand-in for vLLM, SGLang or a hosted API) for integration tests.
// `node fixture_upstream.mjs` listens on 127.0.0.1:0 and prints {"port":N}; scenarios live in fixture_scenarios.mjs.
//
// Routes: POST /<tag>/v1/chat/completions (tag recorded), GET /__requests, GET /__events, POST /__reset.
// Events record how each stream ended, so tests can see that a downstream disconnect reached the upstream.

import http from 'node:http';
import { pathToFileURL } from 'node:url';

import { scriptFor } from './fixture_scenarios.mjs';

const CHAT_PATH = /^\/([^/]+)\/v1\/chat\/completions$/;

function sendJson(res, status, value, headers = {}) {
  const text = JSON.stringify(value);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers });
  res.end(text);
}

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

class FixtureUpstream {
  constructor() {
    this.requests = [];
    this.events = [];
    this.counter = 0;
    this.server = http.createServer((req, res) => this.#handle(req, res));
  }

  listen(port = 0, host = '127.0.0.1') {
    return new Promise((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, host, () => resolve(this.server.address().port));
    });
  }

  close() {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  async #handle(req, res) {
    const chunks = [];
    for await (const c of req) chunks.push(c);
    const raw = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url, 'http://fixture');

    if (req.method === 'GET' && url.pathname === '/__requests') return sendJson(res, 200, this.requests);
    if (req.method === 'GET' && url.pathname === '/__events') return sendJson(res, 200, this.events);
    if (req.method === 'POST' && url.pathname === '/__reset') {
      this.requests.length = 0;
      this.events.length = 0;
      return sendJson(res, 200, { ok: true });
    }

    const route = CHAT_PATH.exec(url.pathname);
    if (!route || req.method !== 'POST') {
      return sendJson(res, 404, { error: { message: `fixture: no route ${req.method} ${url.pathname}`, type: 'invalid_request_error', param: null, code: null } });
    }
    let body;
    try {
      body = JSON.parse(raw);
    } catch {
      return sendJson(res, 400, { error: { message: 'fixture: body is not JSON', type: 'invalid_request_error', param: null, code: null } });
    }
    const tag = route[1];
    this.requests.push({ tag, method: req.method, path: url.pathname, headers: req.headers, body });
    const script = scriptFor(body);
    const seq = ++this.counter;

    if (script.kind === 'error') return sendJson(res, script.status, script.body, script.headers);
    if (script.kind === 'hang') {
      // Never answer; record when the caller gives up so timeouts can be asserted from this side.
      res.on('close', () => this.#record({ tag, scenario: script.name, event: 'client_closed', chunks_sent: 0 }));
      return undefined;
    }
    const meta = { id: `chatcmpl-fixture-${seq}`, created: Math.floor(Date.now() / 1000), model: body.model };
    if (body.stream === true) return this.#stream(res, tag, script, meta, body);
    return sendJson(res, 200, {
      ...meta,
      object: 'chat.completion',
      choices: [{ index: 0, message: script.message, logprobs: null, finish_reason: script.finish }],
      usage: script.usage,
    });
  }

  #record(event) {
    this.events.push({ ...event, at_ms: Date.now() });
  }

  async #stream(res, tag, script, meta, body) {
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
    let sent = 0;
    let finished = false;
    res.on('close', () => {
      if (!finished) this.#record({ tag, scenario: script.name, event: 'client_closed', chunks_sent: sent });
    });
    const includeUsage = body.stream_options?.include_usage === true;
    const write = (payload) => {
      if (res.destroyed || res.writableEnded) return false;
      res.write(`data: ${JSON.stringify(payload)}\n\n`);
      return true;
    };
    const chunk = (delta, finishReason) => ({
      ...meta,
      object: 'chat.completion.chunk',
      choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
      ...(includeUsage ? { usage: null } : {}),
    });

    if (!write(chunk({ role: 'assistant', content: '' }, null))) return;
    for (const delta of script.deltas) {
      if (script.paceMs > 0) await sleep(script.paceMs);
      if (!write(chunk(delta, null))) return;
      ++sent;
    }
    if (!write(chunk({}, script.finish))) return;
    if (includeUsage && !write({ ...meta, object: 'chat.completion.chunk', choices: [], usage: script.usage })) return;
    finished = true;
    res.end('data: [DONE]\n\n');
    this.#record({ tag, scenario: script.name, event: 'completed', chunks_sent: sent });
  }
}

export async function startFixtureUpstream(port = 0) {
  const fixture = new FixtureUpstream();
  const bound = await fixture.listen(port);
  return { fixture, port: bound };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const { fixture, port } = await startFixtureUpstream();
  process.stdout.write(`${JSON.stringify({ port })}\n`);
  const stop = async () => {
    await fixture.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}
