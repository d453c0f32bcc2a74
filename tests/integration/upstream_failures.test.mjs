// Upstream failures and cancellation: upstream 500/429 and a hanging upstream map to OpenAI errors, and a client
// that disconnects mid-stream makes toolgate close its upstream connection long before the stream would end.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  MODEL, SHORT_MODEL, SHORT_TIMEOUT_MS, SSE_KEEPALIVE_MS, errorOf, eventually, marker, readSse, startStack,
} from './lib/harness.mjs';
import { SLOW_CHUNK_COUNT, SLOW_CHUNK_INTERVAL_MS } from '../support/fixture_scenarios.mjs';

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
});

describe('upstream errors', () => {
  for (const stream of [false, true]) {
    test(`upstream 500 → 502 with the upstream message (stream=${stream})`, async () => {
      const res = await stack.postChat({ model: MODEL, stream, messages: [{ role: 'user', content: 'scenario:error500' }] });
      assert.equal(res.status, 502);
      assert.match(res.headers.get('x-request-id') ?? '', /\S/);
      const error = await errorOf(res);
      assert.match(error.message, /fixture upstream exploded/);
    });

    test(`upstream 429 → 429 (stream=${stream})`, async () => {
      const res = await stack.postChat({ model: MODEL, stream, messages: [{ role: 'user', content: 'scenario:error429' }] });
      assert.equal(res.status, 429);
      const error = await errorOf(res);
      assert.match(error.message, /rate limited/);
    });
  }

  test('upstream errors and timeouts are counted per backend and kind in /metrics', async () => {
    await stack.postChat({ model: MODEL, messages: [{ role: 'user', content: 'scenario:error500' }] });
    const text = await (await stack.request('/metrics')).text();
    const line = text.split('\n').find((l) => l.startsWith('toolgate_upstream_errors_total{') &&
      l.includes('backend="fast"') && l.includes('kind="upstream_error"'));
    assert.ok(line, 'toolgate_upstream_errors_total{backend="fast",kind="upstream_error"} missing');
    assert.ok(Number(line.split(' ').pop()) >= 1);
  });

  test('a silent upstream gets SSE keep-alives, then the timeout arrives as a final error event', async () => {
    const res = await stack.postChat({
      model: SHORT_MODEL, stream: true, messages: [{ role: 'user', content: `scenario:hang ${marker('keepalive')}` }],
    });
    // The stream had to start (keep-alives) before the upstream failed, so the status is already 200.
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    const { events, raw } = await readSse(res);
    const comments = raw.split('\n').filter((line) => line.startsWith(':')).length;
    assert.ok(comments >= Math.floor(SHORT_TIMEOUT_MS / SSE_KEEPALIVE_MS) - 1, `only ${comments} keep-alive comments`);
    assert.deepEqual(events[0].choices[0].delta, { role: 'assistant', content: '' });
    const last = events.at(-1);
    assert.ok(last.error, 'the stream must end with an error event');
    assert.equal(last.error.code, 'upstream_timeout');
    assert.equal(events.filter((e) => e.choices?.[0]?.finish_reason).length, 0);
  });

  test('the SDK sees 502 as InternalServerError', async () => {
    const { default: OpenAI } = await import('openai');
    await assert.rejects(
      stack.client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'scenario:error500' }] }),
      (err) => err instanceof OpenAI.InternalServerError && err.status === 502);
  });

  test('hanging upstream → 504 after the configured timeout, and the upstream connection is closed', async () => {
    const m = marker('hang');
    const started = Date.now();
    const res = await stack.postChat({ model: SHORT_MODEL, messages: [{ role: 'user', content: `scenario:hang ${m}` }] });
    const elapsed = Date.now() - started;
    assert.equal(res.status, 504);
    await errorOf(res);
    assert.ok(elapsed >= SHORT_TIMEOUT_MS * 0.9, `504 came before the timeout (${elapsed} ms)`);
    assert.ok(elapsed < SHORT_TIMEOUT_MS * 4 + 1000, `504 took ${elapsed} ms for a ${SHORT_TIMEOUT_MS} ms timeout`);
    const upstream = await stack.upstreamRequestsFor(m);
    assert.ok(upstream.length >= 1 && upstream.every((r) => r.tag === 'short'));
    const closed = await eventually(async () =>
      (await stack.fixture.events()).filter((e) => e.scenario === 'hang' && e.event === 'client_closed').length >= upstream.length);
    assert.ok(closed, 'toolgate must close the upstream connection it gave up on');
  });
});

describe('client disconnect mid-stream', () => {
  test('aborting the SDK stream closes the upstream stream within a few chunks', async () => {
    await stack.fixture.reset();
    const controller = new AbortController();
    const stream = await stack.client.chat.completions.create(
      { model: MODEL, stream: true, messages: [{ role: 'user', content: 'scenario:slow' }] },
      { signal: controller.signal });
    let contentChunks = 0;
    let abortedAt = 0;
    // The SDK's stream iterator ends quietly on abort; an abort error is accepted too.
    try {
      for await (const chunk of stream) {
        if (chunk.choices[0]?.delta?.content) ++contentChunks;
        if (contentChunks === 3 && !abortedAt) {
          abortedAt = Date.now();
          controller.abort();
        }
      }
    } catch (err) {
      if (!(err.name === 'AbortError' || err.constructor?.name === 'APIUserAbortError')) throw err;
    }
    assert.equal(contentChunks, 3);

    const closed = await eventually(async () =>
      (await stack.fixture.events()).find((e) => e.scenario === 'slow' && e.event === 'client_closed'), 3000);
    assert.ok(closed, `fixture never saw the upstream close; events: ${JSON.stringify(await stack.fixture.events())}`);
    const lag = closed.at_ms - abortedAt;
    assert.ok(lag < 2000, `upstream closed ${lag} ms after the client aborted`);
    assert.ok(closed.chunks_sent < SLOW_CHUNK_COUNT / 4,
      `upstream sent ${closed.chunks_sent} of ${SLOW_CHUNK_COUNT} chunks (${SLOW_CHUNK_INTERVAL_MS} ms apart) before closing`);
    const completed = (await stack.fixture.events()).filter((e) => e.scenario === 'slow' && e.event === 'completed');
    assert.deepEqual(completed, []);
  });

  test('toolgate keeps serving after the disconnect', async () => {
    const res = await stack.client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'scenario:text' }] });
    assert.equal(res.choices[0].finish_reason, 'stop');
  });
});
