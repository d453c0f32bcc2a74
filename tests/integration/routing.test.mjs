// Reasoning-effort routing: which upstream and upstream model a request reaches, the headers that say so,
// the GLM fields forwarded to a glm-dialect upstream, and which upstream receives a configured key.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import {
  API_KEY, DEEP_UPSTREAM_KEY, MODEL, UPSTREAM_MODEL_DEEP, UPSTREAM_MODEL_FAST, marker, readSse, startStack,
} from './lib/harness.mjs';
import { TEXT } from '../support/fixture_scenarios.mjs';

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
});

// [reasoning_effort sent (undefined = omitted), fixture tag, upstream model, x-toolgate-effort]
const CASES = [
  [undefined, 'fast', UPSTREAM_MODEL_FAST, 'high'],
  ['high', 'fast', UPSTREAM_MODEL_FAST, 'high'],
  ['max', 'deep', UPSTREAM_MODEL_DEEP, 'max'],
  ['none', 'fast', UPSTREAM_MODEL_FAST, 'off'],
  ['off', 'fast', UPSTREAM_MODEL_FAST, 'off'],
];

describe('routing by reasoning_effort', () => {
  for (const [effort, tag, upstreamModel, header] of CASES) {
    test(`reasoning_effort=${effort ?? '(omitted)'} → ${tag}`, async () => {
      const m = marker(`route-${effort ?? 'default'}`);
      const body = { model: MODEL, messages: [{ role: 'user', content: `scenario:text ${m}` }] };
      if (effort !== undefined) body.reasoning_effort = effort;
      const { data, response } = await stack.client.chat.completions.create(body).withResponse();
      assert.equal(data.choices[0].message.content, TEXT);
      assert.equal(response.headers.get('x-toolgate-backend'), tag);
      assert.equal(response.headers.get('x-toolgate-effort'), header);
      assert.equal(data.model, MODEL, 'the client sees its own model name, not the upstream id');

      const upstream = await stack.upstreamRequestsFor(m);
      assert.equal(upstream.length, 1);
      assert.equal(upstream[0].tag, tag);
      assert.equal(upstream[0].path, `/${tag}/v1/chat/completions`);
      assert.equal(upstream[0].body.model, upstreamModel);
    });
  }

  test('streaming requests are routed the same way and carry the headers', async () => {
    const m = marker('route-stream');
    const res = await stack.postChat({
      model: MODEL,
      stream: true,
      reasoning_effort: 'max',
      messages: [{ role: 'user', content: `scenario:text ${m}` }],
    });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('x-toolgate-backend'), 'deep');
    assert.equal(res.headers.get('x-toolgate-effort'), 'max');
    const { done } = await readSse(res);
    assert.ok(done);
    const [upstream] = await stack.upstreamRequestsFor(m);
    assert.equal(upstream.tag, 'deep');
  });
});

describe('GLM fields and upstream credentials', () => {
  test('thinking, reasoning_effort and tool_stream reach a glm upstream', async () => {
    const m = marker('glm-fields');
    const stream = stack.client.chat.completions.stream({
      model: MODEL,
      messages: [{ role: 'user', content: `scenario:text ${m}` }],
      thinking: { type: 'enabled' },
      reasoning_effort: 'high',
      tool_stream: true,
      tools: [{ type: 'function', function: { name: 'noop', parameters: { type: 'object', properties: {} } } }],
    });
    await stream.finalChatCompletion();
    const [upstream] = await stack.upstreamRequestsFor(m);
    assert.deepEqual(upstream.body.thinking?.type, 'enabled');
    assert.equal(upstream.body.reasoning_effort, 'high');
    assert.equal(upstream.body.tool_stream, true);
    assert.equal(upstream.body.stream, true);
    assert.equal(upstream.body.stream_options?.include_usage, true);
  });

  test('the client key never reaches an upstream; api_key_env is sent only where configured', async () => {
    const fast = marker('key-fast');
    const deep = marker('key-deep');
    await stack.client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: `x ${fast}` }] });
    await stack.client.chat.completions.create({
      model: MODEL,
      reasoning_effort: 'max',
      messages: [{ role: 'user', content: `x ${deep}` }],
    });
    const [toFast] = await stack.upstreamRequestsFor(fast);
    const [toDeep] = await stack.upstreamRequestsFor(deep);
    assert.equal(toFast.headers.authorization, undefined, 'no api_key_env on fast: no Authorization header');
    assert.equal(toDeep.headers.authorization, `Bearer ${DEEP_UPSTREAM_KEY}`);
    for (const r of [toFast, toDeep]) {
      assert.ok(!JSON.stringify(r.headers).includes(API_KEY), 'the client API key must not be forwarded');
    }
  });
});
