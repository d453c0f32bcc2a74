// Bad input and authentication through plain fetch: each case asserts the status, the OpenAI error shape and
// the field (param) or code that names what was wrong. None of these requests may reach the upstream.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { API_KEY, MAX_BODY_BYTES, MODEL, errorOf, marker, startStack } from './lib/harness.mjs';
import { WEATHER_TOOL } from '../support/fixture_scenarios.mjs';

let stack;
before(async () => {
  stack = await startStack();
});
after(async () => {
  await stack?.stop();
});

const USER = [{ role: 'user', content: 'scenario:text' }];
const ASSISTANT_CALL = {
  role: 'assistant',
  content: null,
  tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } }],
};
const base = (extra) => ({ model: MODEL, messages: USER, ...extra });

// [name, body (object or raw string), status, expected param (null = must be null), code (undefined = any)]
const BAD_BODIES = [
  ['malformed JSON', '{"model": "glm-test", "messages": [', 400, null],
  ['non-object body', '[1, 2, 3]', 400, null],
  ['missing model', { messages: USER }, 400, 'model'],
  ['model not a string', { model: 7, messages: USER }, 400, 'model'],
  ['missing messages', { model: MODEL }, 400, 'messages'],
  ['empty messages', { model: MODEL, messages: [] }, 400, 'messages'],
  ['messages not an array', { model: MODEL, messages: 'hello' }, 400, 'messages'],
  ['bad role', { model: MODEL, messages: [{ role: 'wizard', content: 'hi' }] }, 400, 'messages[0].role'],
  ['user message without content', { model: MODEL, messages: [{ role: 'user' }] }, 400, 'messages[0].content'],
  ['tool without name', base({ tools: [{ type: 'function', function: { parameters: { type: 'object' } } }] }), 400,
    'tools[0].function.name'],
  ['tool name with spaces', base({ tools: [{ type: 'function', function: { name: 'get weather' } }] }), 400,
    'tools[0].function.name'],
  ['tools not an array', base({ tools: { type: 'function' } }), 400, 'tools'],
  ['tool parameters schema that does not compile',
    base({ tools: [{ type: 'function', function: { name: 'f', parameters: { type: 'object', properties: { d: { pattern: '(a' } } } } }] }),
    400, 'tools[0].function.parameters', 'invalid_schema'],
  ['response_format schema with an unknown type',
    base({ response_format: { type: 'json_schema', json_schema: { name: 'r', schema: { type: 'obj' } } } }), 400,
    'response_format.json_schema.schema', 'invalid_schema'],
  ['invalid tool_choice string', base({ tools: [WEATHER_TOOL], tool_choice: 'sometimes' }), 400, 'tool_choice'],
  ['named tool_choice not in tools',
    base({ tools: [WEATHER_TOOL], tool_choice: { type: 'function', function: { name: 'get_time' } } }), 400,
    /^tool_choice/],
  ['n: 2', base({ n: 2 }), 400, 'n'],
  ['unknown reasoning_effort', base({ reasoning_effort: 'turbo' }), 400, 'reasoning_effort'],
  ['temperature as string', base({ temperature: 'hot' }), 400, 'temperature'],
  ['stream as string', base({ stream: 'yes' }), 400, 'stream'],
  ['max_tokens negative', base({ max_tokens: -5 }), 400, 'max_tokens'],
  ['tool message with unknown tool_call_id',
    { model: MODEL, messages: [...USER, ASSISTANT_CALL, { role: 'tool', tool_call_id: 'call_nope', content: '{}' }] },
    400, 'messages[2].tool_call_id'],
  ['assistant tool_call arguments not JSON',
    {
      model: MODEL,
      messages: [...USER, {
        ...ASSISTANT_CALL,
        tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city": Par' } }],
      }, { role: 'tool', tool_call_id: 'call_1', content: '{}' }],
    },
    400, 'messages[1].tool_calls[0].function.arguments'],
  ['unknown model', { model: 'glm-nope', messages: USER }, 404, 'model', 'model_not_found'],
];

describe('invalid chat requests', () => {
  for (const [name, body, status, param, code] of BAD_BODIES) {
    test(`${name} → ${status}${param ? ` (${param})` : ''}`, async () => {
      const m = marker('bad');
      const withMarker = typeof body === 'string' ? body : JSON.parse(JSON.stringify(body).replace('scenario:text', `scenario:text ${m}`));
      const res = await stack.postChat(withMarker);
      assert.equal(res.status, status, `status for ${name}`);
      assert.match(res.headers.get('x-request-id') ?? '', /\S/, 'errors carry x-request-id too');
      assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
      const error = await errorOf(res);
      if (status === 400) assert.equal(error.type, 'invalid_request_error');
      if (param === null) assert.equal(error.param, null, `param for ${name}`);
      else if (param instanceof RegExp) assert.match(error.param ?? '', param, `param for ${name}`);
      else assert.equal(error.param, param, `param for ${name}: ${error.message}`);
      if (code !== undefined) assert.equal(error.code, code);
      assert.deepEqual(await stack.upstreamRequestsFor(m), [], 'a rejected request must not reach the upstream');
    });
  }
});

describe('transport-level rejections', () => {
  test('oversized body → 413 naming the limit', async () => {
    const big = 'x'.repeat(MAX_BODY_BYTES + 4096);
    const res = await stack.postChat({ model: MODEL, messages: [{ role: 'user', content: big }] });
    assert.equal(res.status, 413);
    const error = await errorOf(res);
    assert.ok(error.message.includes(String(MAX_BODY_BYTES)) || /256 ?KiB/i.test(error.message),
      `413 message should name the limit: ${error.message}`);
  });

  test('non-JSON content type → 415', async () => {
    const res = await stack.request('/v1/chat/completions', {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify(base({})),
    });
    assert.equal(res.status, 415);
    await errorOf(res);
  });

  test('GET on /v1/chat/completions → 405 with Allow', async () => {
    const res = await stack.request('/v1/chat/completions');
    assert.equal(res.status, 405);
    assert.match(res.headers.get('allow') ?? '', /POST/);
    await errorOf(res);
  });

  test('unknown path → 404', async () => {
    const res = await stack.request('/v1/not-a-route');
    assert.equal(res.status, 404);
    await errorOf(res);
  });
});

describe('authentication', () => {
  const send = (authorization) => stack.postChat(base({}), { authorization });

  test('missing key → 401', async () => {
    const res = await send(null);
    assert.equal(res.status, 401);
    const error = await errorOf(res);
    assert.ok(!error.message.includes(API_KEY));
  });

  test('wrong key → 401', async () => {
    const res = await send('Bearer sk-wrong-key');
    assert.equal(res.status, 401);
    await errorOf(res);
  });

  test('malformed Authorization header → 401', async () => {
    const res = await send(`Basic ${API_KEY}`);
    assert.equal(res.status, 401);
    await errorOf(res);
  });

  test('valid key → 200', async () => {
    const res = await send(`Bearer ${API_KEY}`);
    assert.equal(res.status, 200);
    const body = await res.json();
    assert.equal(body.object, 'chat.completion');
  });

  test('the SDK surfaces 401 as AuthenticationError', async () => {
    const { default: OpenAI } = await import('openai');
    const bad = new OpenAI({ baseURL: `${stack.origin}/v1`, apiKey: 'sk-nope', maxRetries: 0 });
    await assert.rejects(bad.chat.completions.create(base({})), (err) => err.status === 401 && err instanceof OpenAI.AuthenticationError);
  });
});
