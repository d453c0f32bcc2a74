// Tool calling through toolgate with the openai SDK: argument streaming per tool_stream, parallel and whole-call
// upstream shapes, and a runTools round trip whose second request must carry the tool result.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { MODEL, marker, readSse, startStack } from './lib/harness.mjs';
import {
  AFTER_TOOL_PREFIX, TIME_ARGS, TIME_TOOL, WEATHER_ARGS, WEATHER_FRAGMENTS, WEATHER_TOOL,
} from '../support/fixture_scenarios.mjs';

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
});

const TOOLS = [WEATHER_TOOL, TIME_TOOL];

// Streams one request with the SDK helper; returns the final completion and argument deltas per call index.
async function streamTools(scenario, toolStream) {
  const stream = stack.client.chat.completions.stream({
    model: MODEL,
    messages: [{ role: 'user', content: `scenario:${scenario}` }],
    tools: TOOLS,
    tool_stream: toolStream,
    stream_options: { include_usage: true },
  });
  const fragments = new Map();
  const done = new Map();
  stream.on('tool_calls.function.arguments.delta', (e) => {
    fragments.set(e.index, [...(fragments.get(e.index) ?? []), e.arguments_delta]);
  });
  stream.on('tool_calls.function.arguments.done', (e) => done.set(e.index, e.arguments));
  const final = await stream.finalChatCompletion();
  return { final, fragments, done };
}

function assertCalls(message, expected) {
  assert.equal(message.tool_calls?.length, expected.length, `tool_calls: ${JSON.stringify(message.tool_calls)}`);
  const ids = new Set();
  expected.forEach(([name, args], i) => {
    const call = message.tool_calls[i];
    assert.equal(call.type, 'function');
    assert.equal(call.function.name, name);
    assert.equal(call.function.arguments, args, `call ${i} arguments must be exactly the upstream JSON`);
    assert.match(call.id, /\S/);
    ids.add(call.id);
  });
  assert.equal(ids.size, expected.length, 'tool call ids are unique');
}

describe('non-streaming tool calls', () => {
  test('single call', async () => {
    const res = await stack.client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'scenario:tools' }],
      tools: TOOLS,
    });
    assert.equal(res.choices[0].finish_reason, 'tool_calls');
    assertCalls(res.choices[0].message, [['get_weather', WEATHER_ARGS]]);
  });

  test('parallel calls', async () => {
    const res = await stack.client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'scenario:parallel-tools' }],
      tools: TOOLS,
    });
    assert.equal(res.choices[0].finish_reason, 'tool_calls');
    assertCalls(res.choices[0].message, [['get_weather', WEATHER_ARGS], ['get_time', TIME_ARGS]]);
    assert.deepEqual(JSON.parse(res.choices[0].message.tool_calls[1].function.arguments).label, 'São Paulo "centro"\n');
  });
});

describe('streaming tool calls', () => {
  test('tool_stream true: arguments arrive in several fragments and reassemble exactly', async () => {
    const m = marker('ts-true');
    const stream = stack.client.chat.completions.stream({
      model: MODEL,
      messages: [{ role: 'user', content: `scenario:tools ${m}` }],
      tools: TOOLS,
      tool_stream: true,
    });
    const fragments = [];
    stream.on('tool_calls.function.arguments.delta', (e) => fragments.push(e.arguments_delta));
    const final = await stream.finalChatCompletion();
    assert.equal(final.choices[0].finish_reason, 'tool_calls');
    assertCalls(final.choices[0].message, [['get_weather', WEATHER_ARGS]]);
    assert.ok(fragments.filter((f) => f !== '').length > 1, `expected several fragments, got ${JSON.stringify(fragments)}`);
    assert.equal(fragments.join(''), WEATHER_ARGS);
    assert.ok(fragments.length >= WEATHER_FRAGMENTS.length - 1);

    const [upstream] = await stack.upstreamRequestsFor(m);
    assert.equal(upstream.body.tool_stream, true, 'tool_stream is forwarded to a glm upstream');
    assert.equal(upstream.body.tools?.[0]?.function?.name, 'get_weather');
  });

  test('tool_stream false: one argument delta per call', async () => {
    const { final, fragments } = await streamTools('parallel-tools', false);
    assert.equal(final.choices[0].finish_reason, 'tool_calls');
    assertCalls(final.choices[0].message, [['get_weather', WEATHER_ARGS], ['get_time', TIME_ARGS]]);
    assert.deepEqual([...fragments.keys()].sort(), [0, 1]);
    for (const [index, parts] of fragments) {
      const nonEmpty = parts.filter((p) => p !== '');
      assert.equal(nonEmpty.length, 1, `call ${index} must arrive whole, got ${JSON.stringify(parts)}`);
    }
  });

  test('parallel calls with tool_stream true keep indexes apart', async () => {
    const { final, fragments, done } = await streamTools('parallel-tools', true);
    assertCalls(final.choices[0].message, [['get_weather', WEATHER_ARGS], ['get_time', TIME_ARGS]]);
    assert.equal(fragments.get(0).join(''), WEATHER_ARGS);
    assert.equal(fragments.get(1).join(''), TIME_ARGS);
    assert.ok(fragments.get(1).filter((p) => p !== '').length > 1);
    assert.equal(done.get(0), WEATHER_ARGS);
    assert.equal(done.get(1), TIME_ARGS);
  });

  test('whole-call upstream deltas (SGLang shape) reassemble exactly, with either tool_stream', async () => {
    for (const toolStream of [false, true]) {
      const { final, fragments } = await streamTools('whole-tool-call', toolStream);
      assert.equal(final.choices[0].finish_reason, 'tool_calls', `tool_stream=${toolStream}`);
      assertCalls(final.choices[0].message, [['get_weather', WEATHER_ARGS], ['get_time', TIME_ARGS]]);
      assert.equal(fragments.get(0).join(''), WEATHER_ARGS);
      assert.equal(fragments.get(1).join(''), TIME_ARGS);
    }
  });

  test('raw SSE tool-call deltas: first fragment has id/type/name, later ones only arguments', async () => {
    const res = await stack.postChat({
      model: MODEL,
      stream: true,
      tool_stream: true,
      tools: TOOLS,
      messages: [{ role: 'user', content: 'scenario:parallel-tools' }],
    });
    assert.equal(res.status, 200);
    const { events, done } = await readSse(res);
    assert.ok(done);
    const seen = new Set();
    for (const e of events) {
      for (const call of e.choices[0]?.delta?.tool_calls ?? []) {
        if (!seen.has(call.index)) {
          seen.add(call.index);
          assert.equal(call.type, 'function', `first delta of call ${call.index}: ${JSON.stringify(call)}`);
          assert.match(call.id ?? '', /\S/);
          assert.match(call.function?.name ?? '', /^get_(weather|time)$/);
        } else {
          assert.equal(call.id, undefined, `id re-sent on a later fragment: ${JSON.stringify(call)}`);
          assert.equal(call.function?.name, undefined, `name re-sent on a later fragment: ${JSON.stringify(call)}`);
        }
      }
    }
    assert.deepEqual([...seen].sort(), [0, 1]);
  });
});

describe('runTools', () => {
  test('round trip: the second request carries the tool result', async () => {
    const m = marker('runtools');
    const calls = [];
    const runner = stack.client.chat.completions.runTools({
      model: MODEL,
      stream: true,
      messages: [{ role: 'user', content: `scenario:tools ${m}` }],
      tools: [{
        type: 'function',
        function: {
          ...WEATHER_TOOL.function,
          parse: JSON.parse,
          function: async (args) => {
            calls.push(args);
            return { city: args.city, temp_c: 21 };
          },
        },
      }],
    });
    const content = await runner.finalContent();
    assert.deepEqual(calls, [{ city: 'Paris', days: 3 }]);
    assert.equal(content, `${AFTER_TOOL_PREFIX}{"city":"Paris","temp_c":21}`);

    const upstream = await stack.upstreamRequestsFor(m);
    assert.equal(upstream.length, 2, 'one request for the call, one with the result');
    const messages = upstream[1].body.messages;
    const assistant = messages.find((x) => x.role === 'assistant');
    const toolMessage = messages.find((x) => x.role === 'tool');
    assert.ok(assistant && toolMessage, `second request messages: ${JSON.stringify(messages)}`);
    assert.equal(assistant.tool_calls[0].function.name, 'get_weather');
    assert.deepEqual(JSON.parse(assistant.tool_calls[0].function.arguments), JSON.parse(WEATHER_ARGS));
    assert.equal(toolMessage.tool_call_id, assistant.tool_calls[0].id);
    assert.equal(toolMessage.content, '{"city":"Paris","temp_c":21}');
  });
});
