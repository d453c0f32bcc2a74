// Ops surfaces: health and readiness, the model list, request ids, and /metrics after real traffic
// (Prometheus text that promtool accepts, with request, token and cost counters that moved).

import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';

import { MODEL, SHORT_MODEL, errorOf, startStack } from './lib/harness.mjs';
import { USAGE } from '../support/fixture_scenarios.mjs';

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
});

// Sum of every sample of the metric family `name` (all label sets) in Prometheus text.
function sampleSum(text, pattern) {
  let sum = 0;
  let found = false;
  for (const line of text.split('\n')) {
    if (line.startsWith('#') || line.trim() === '') continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})?\s+(\S+)/.exec(line);
    if (match && pattern.test(match[1])) {
      found = true;
      sum += Number(match[3]);
    }
  }
  return found ? sum : undefined;
}

describe('health and models', () => {
  test('/healthz and /readyz answer 200', async () => {
    for (const p of ['/healthz', '/readyz']) {
      const res = await fetch(`${stack.origin}${p}`);
      assert.equal(res.status, 200, p);
      assert.match(res.headers.get('x-request-id') ?? '', /\S/, `${p} carries x-request-id`);
    }
  });

  test('/v1/models lists the configured models', async () => {
    const list = await stack.client.models.list();
    const ids = list.data.map((m) => m.id);
    assert.ok(ids.includes(MODEL), `models: ${ids}`);
    assert.ok(ids.includes(SHORT_MODEL), `models: ${ids}`);
    for (const m of list.data) {
      assert.equal(m.object, 'model');
      assert.equal(typeof m.created, 'number');
      assert.equal(typeof m.owned_by, 'string');
    }
  });

  test('/v1/models/{id}: 200 for a known model, 404 model_not_found otherwise', async () => {
    const model = await stack.client.models.retrieve(MODEL);
    assert.equal(model.id, MODEL);
    assert.equal(model.object, 'model');
    const res = await stack.request('/v1/models/nope');
    assert.equal(res.status, 404);
    const error = await errorOf(res);
    assert.equal(error.code, 'model_not_found');
  });
});

describe('request ids', () => {
  test('an acceptable incoming x-request-id is echoed', async () => {
    const id = 'it-req-0123456789abcdef';
    for (const res of [
      await stack.request('/v1/models', { headers: { 'x-request-id': id } }),
      await stack.postChat({ model: MODEL, messages: [{ role: 'user', content: 'scenario:text' }] }, { 'x-request-id': id }),
      await stack.postChat({ model: 'glm-nope', messages: [{ role: 'user', content: 'x' }] }, { 'x-request-id': id }),
    ]) {
      assert.equal(res.headers.get('x-request-id'), id);
      await res.arrayBuffer();
    }
  });

  test('without one, distinct ids are generated', async () => {
    const a = (await fetch(`${stack.origin}/healthz`)).headers.get('x-request-id');
    const b = (await fetch(`${stack.origin}/healthz`)).headers.get('x-request-id');
    assert.match(a ?? '', /\S/);
    assert.notEqual(a, b);
  });
});

describe('/metrics', () => {
  test('exposes request, token and cost counters that move with traffic', async () => {
    const scrape = async () => {
      const res = await fetch(`${stack.origin}/metrics`);
      assert.equal(res.status, 200);
      assert.match(res.headers.get('content-type') ?? '', /^text\/plain/);
      return res.text();
    };
    const initial = await scrape();
    for (let i = 0; i < 2; ++i) {
      await stack.client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'scenario:text' }] });
    }
    const text = await scrape();
    assert.match(text, /^# TYPE toolgate_http_requests_total counter$/m);

    const requestsBefore = sampleSum(initial, /^toolgate_http_requests_total$/) ?? 0;
    const requestsAfter = sampleSum(text, /^toolgate_http_requests_total$/);
    assert.ok(requestsAfter >= requestsBefore + 2, `toolgate_http_requests_total ${requestsBefore} → ${requestsAfter}`);

    const tokenFamily = /^toolgate_\w*tokens\w*_total$/;
    const tokensBefore = sampleSum(initial, tokenFamily) ?? 0;
    const tokensAfter = sampleSum(text, tokenFamily);
    assert.ok(tokensAfter !== undefined, 'a toolgate_*tokens*_total counter must exist');
    assert.ok(tokensAfter - tokensBefore >= 2 * USAGE.completion_tokens,
      `token counters moved by ${tokensAfter - tokensBefore}`);

    const costFamily = /^toolgate_\w*cost\w*_total$/;
    const costBefore = sampleSum(initial, costFamily) ?? 0;
    const costAfter = sampleSum(text, costFamily);
    assert.ok(costAfter !== undefined, 'a toolgate_*cost*_total counter must exist');
    assert.ok(costAfter > costBefore, `cost counters ${costBefore} → ${costAfter}`);
  });

  test('passes promtool check metrics', async (t) => {
    const probe = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
    if (probe.error) {
      t.skip('promtool is not installed (Debian package prometheus)');
      return;
    }
    const text = await (await fetch(`${stack.origin}/metrics`)).text();
    const check = spawnSync('promtool', ['check', 'metrics'], { input: text, encoding: 'utf8' });
    assert.equal(check.status, 0, `promtool check metrics:\n${check.stdout}${check.stderr}`);
  });
});
