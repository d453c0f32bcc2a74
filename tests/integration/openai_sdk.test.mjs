// The official openai SDK against toolgate: plain answers, streams, reasoning, usage with cost, finish reasons.
// The fixture upstream scripts every answer, so each assertion compares against known text and token counts.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { MODEL, assertClose, expectedCost, marker, readSse, startStack } from './lib/harness.mjs';
import { PARTIAL_TEXT, REASONING, TEXT, TEXT_CHUNKS, USAGE } from '../support/fixture_scenarios.mjs';

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
});

function assertUsage(usage, { reasoning }) {
  assert.ok(usage, 'usage must be present');
  assert.equal(usage.prompt_tokens, USAGE.prompt_tokens);
  assert.equal(usage.completion_tokens, USAGE.completion_tokens);
  assert.equal(usage.total_tokens, USAGE.prompt_tokens + USAGE.completion_tokens);
  assert.equal(usage.prompt_tokens_details?.cached_tokens, USAGE.cached_tokens);
  assert.equal(usage.completion_tokens_details?.reasoning_tokens, reasoning ? USAGE.reasoning_tokens : 0);
  const want = expectedCost({ ...USAGE });
  assert.ok(usage.cost, `usage.cost missing: ${JSON.stringify(usage)}`);
  assert.equal(usage.cost.currency, 'USD');
  assertClose(usage.cost.input, want.input, 'cost.input');
  assertClose(usage.cost.cached_input, want.cached_input, 'cost.cached_input');
  assertClose(usage.cost.output, want.output, 'cost.output');
  assertClose(usage.cost.total, want.total, 'cost.total');
}

// Collects a delta field across chunks: the SDK's snapshot keeps only the last value of unknown fields.
function collectDeltaField(stream, field) {
  const parts = [];
  stream.on('chunk', (chunk) => {
    const value = chunk.choices[0]?.delta?.[field];
    if (typeof value === 'string') parts.push(value);
  });
  return parts;
}

describe('non-streaming', () => {
  test('text answer with usage and cost', async () => {
    const m = marker('plain');
    const { data, response } = await stack.client.chat.completions
      .create({ model: MODEL, messages: [{ role: 'user', content: `scenario:text ${m}` }] })
      .withResponse();
    assert.equal(data.object, 'chat.completion');
    assert.equal(data.model, MODEL);
    assert.match(data.id, /\S/);
    assert.equal(data.choices.length, 1);
    assert.equal(data.choices[0].message.role, 'assistant');
    assert.equal(data.choices[0].message.content, TEXT);
    assert.equal(data.choices[0].finish_reason, 'stop');
    assertUsage(data.usage, { reasoning: false });
    assert.match(response.headers.get('x-request-id') ?? '', /\S/);

    const [upstream] = await stack.upstreamRequestsFor(m);
    assert.ok(upstream, 'fixture must have received the request');
    assert.notEqual(upstream.body.stream, true, 'a non-stream client request must not stream upstream');
  });

  test('reasoning_content from an upstream that sends reasoning_content', async () => {
    const res = await stack.client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'scenario:reasoning' }],
    });
    assert.equal(res.choices[0].message.content, TEXT);
    assert.equal(res.choices[0].message.reasoning_content, REASONING);
    assertUsage(res.usage, { reasoning: true });
  });

  test('reasoning_content from a vLLM upstream that sends reasoning', async () => {
    const res = await stack.client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'scenario:vllm-reasoning' }],
    });
    assert.equal(res.choices[0].message.content, TEXT);
    assert.equal(res.choices[0].message.reasoning_content, REASONING);
    assert.equal(res.choices[0].message.reasoning, undefined, 'vLLM field name must not leak to the client');
  });

  test('model_context_window_exceeded is normalised to length', async () => {
    const res = await stack.client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'scenario:context-exceeded' }],
    });
    assert.equal(res.choices[0].finish_reason, 'length');
    assert.equal(res.choices[0].message.content, PARTIAL_TEXT);
  });
});

describe('streaming', () => {
  test('stream helper reassembles text and usage', async () => {
    const m = marker('stream');
    const stream = stack.client.chat.completions.stream({
      model: MODEL,
      messages: [{ role: 'user', content: `scenario:text ${m}` }],
      stream_options: { include_usage: true },
    });
    const deltas = [];
    stream.on('content.delta', ({ delta }) => deltas.push(delta));
    const final = await stream.finalChatCompletion();
    assert.equal(final.choices[0].message.content, TEXT);
    assert.equal(final.choices[0].finish_reason, 'stop');
    assert.ok(deltas.length >= TEXT_CHUNKS.length - 1, `content should stream in pieces, got ${JSON.stringify(deltas)}`);
    assertUsage(final.usage, { reasoning: false });

    const [upstream] = await stack.upstreamRequestsFor(m);
    assert.equal(upstream.body.stream, true);
    assert.equal(upstream.body.stream_options?.include_usage, true);
  });

  test('stream of reasoning_content then content, both upstream field names', async () => {
    for (const scenario of ['reasoning', 'vllm-reasoning']) {
      const stream = stack.client.chat.completions.stream({
        model: MODEL,
        messages: [{ role: 'user', content: `scenario:${scenario}` }],
        stream_options: { include_usage: true },
      });
      const reasoning = collectDeltaField(stream, 'reasoning_content');
      const leaked = collectDeltaField(stream, 'reasoning');
      const final = await stream.finalChatCompletion();
      assert.equal(reasoning.join(''), REASONING, `${scenario}: reasoning_content deltas`);
      assert.deepEqual(leaked, [], `${scenario}: no delta.reasoning towards the client`);
      assert.equal(final.choices[0].message.content, TEXT, `${scenario}: content`);
      assertUsage(final.usage, { reasoning: true });
    }
  });

  test('raw SSE: role first, one id, one finish_reason, usage chunk, [DONE] last', async () => {
    const res = await stack.postChat({
      model: MODEL,
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'scenario:text' }],
    });
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/event-stream/);
    const { events, done, afterDone } = await readSse(res);
    assert.ok(done, 'stream must end with data: [DONE]');
    assert.ok(!afterDone, 'nothing may follow [DONE]');
    assert.ok(events.length >= 3);
    assert.deepEqual(events[0].choices[0].delta.role, 'assistant');
    const ids = new Set(events.map((e) => e.id));
    assert.equal(ids.size, 1, 'every chunk carries the same id');
    for (const e of events) {
      assert.equal(e.object, 'chat.completion.chunk');
      assert.equal(e.model, MODEL);
    }
    const finishes = events.flatMap((e) => e.choices.map((c) => c.finish_reason)).filter((f) => f != null);
    assert.deepEqual(finishes, ['stop']);
    const last = events[events.length - 1];
    assert.deepEqual(last.choices, [], 'usage chunk has no choices');
    assertUsage(last.usage, { reasoning: false });
    for (const e of events.slice(0, -1)) assert.equal(e.usage ?? null, null, 'only the last chunk carries usage');
    const text = events.flatMap((e) => e.choices.map((c) => c.delta?.content ?? '')).join('');
    assert.equal(text, TEXT);
  });

  test('without include_usage no usage chunk is sent', async () => {
    const res = await stack.postChat({ model: MODEL, stream: true, messages: [{ role: 'user', content: 'scenario:text' }] });
    const { events, done } = await readSse(res);
    assert.ok(done);
    assert.ok(events.every((e) => e.usage == null), 'no chunk may carry usage when the client did not ask for it');
    assert.ok(events.every((e) => e.choices.length === 1));
  });

  test('stream: context-exceeded finishes with length', async () => {
    const stream = stack.client.chat.completions.stream({
      model: MODEL,
      messages: [{ role: 'user', content: 'scenario:context-exceeded' }],
    });
    const final = await stream.finalChatCompletion();
    assert.equal(final.choices[0].finish_reason, 'length');
    assert.equal(final.choices[0].message.content, PARTIAL_TEXT);
  });
});
