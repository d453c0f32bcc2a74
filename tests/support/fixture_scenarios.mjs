// Scripted answers of the fixture upstream, one per scenario, shared with the tests that assert them.
// Each scenario is data: the deltas a streaming upstream sends and the message a non-streaming one returns.

// Token counts every successful scenario reports; prompt includes cached, completion includes reasoning.
export const USAGE = Object.freeze({
  prompt_tokens: 1200,
  cached_tokens: 200,
  completion_tokens: 300,
  reasoning_tokens: 120,
});

export const TEXT_CHUNKS = Object.freeze(['Hello', ' from', ' the fixture', ' upstream.']);
export const TEXT = TEXT_CHUNKS.join('');

export const REASONING_CHUNKS = Object.freeze(['The user', ' wants a', ' greeting;', ' answer briefly.']);
export const REASONING = REASONING_CHUNKS.join('');

export const PARTIAL_TEXT = 'The context window ran out while';

// Tool-call argument texts exactly as the fixture emits them (vLLM style spacing, escapes, non-ASCII).
export const WEATHER_ARGS = '{"city": "Paris", "days": 3}';
export const TIME_ARGS = '{"timezone": "America/Sao_Paulo", "label": "S\\u00e3o Paulo \\"centro\\"\\n", "city": "São Paulo"}';

// How a fragmenting upstream splits the argument texts: some cuts fall inside escape sequences.
export const WEATHER_FRAGMENTS = Object.freeze(['{"city": "', 'Par', 'is", "days"', ': 3}']);
export const TIME_FRAGMENTS = Object.freeze([
  '{"timezone": "America/', 'Sao_Paulo", "label": "S\\u00', 'e3o Paulo \\', '"centro\\"\\', 'n", "city": "São', ' Paulo"}',
]);

export const WEATHER_TOOL = Object.freeze({
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather forecast for a city',
    parameters: {
      type: 'object',
      properties: { city: { type: 'string' }, days: { type: 'integer' } },
      required: ['city'],
    },
  },
});

export const TIME_TOOL = Object.freeze({
  type: 'function',
  function: {
    name: 'get_time',
    description: 'Local time in a timezone',
    parameters: {
      type: 'object',
      properties: { timezone: { type: 'string' }, label: { type: 'string' }, city: { type: 'string' } },
      required: ['timezone'],
    },
  },
});

// Prefix of the text the fixture answers with after a tool round trip; the tool output follows it.
export const AFTER_TOOL_PREFIX = 'Tool result received: ';

export const SLOW_CHUNK_COUNT = 200;
export const SLOW_CHUNK_INTERVAL_MS = 50;

const WEATHER_CALL = { id: 'chatcmpl-tool-7f3a9c01', name: 'get_weather', args: WEATHER_ARGS, fragments: WEATHER_FRAGMENTS };
const TIME_CALL = { id: 'chatcmpl-tool-7f3a9c02', name: 'get_time', args: TIME_ARGS, fragments: TIME_FRAGMENTS };

// The scenario named by `scenario:<name>` in the last user message; plain text when none is named.
export function scenarioName(messages) {
  if (!Array.isArray(messages)) return 'text';
  const last = messages[messages.length - 1];
  if (last && last.role === 'tool') return 'after-tool';
  for (let i = messages.length - 1; i >= 0; --i) {
    if (messages[i]?.role !== 'user') continue;
    const match = /scenario:([a-z0-9-]+)/.exec(messageText(messages[i]));
    return match ? match[1] : 'text';
  }
  return 'text';
}

export function messageText(message) {
  const content = message?.content;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((part) => (typeof part?.text === 'string' ? part.text : '')).join('');
  return '';
}

function usage(reasoning) {
  return {
    prompt_tokens: USAGE.prompt_tokens,
    completion_tokens: USAGE.completion_tokens,
    total_tokens: USAGE.prompt_tokens + USAGE.completion_tokens,
    prompt_tokens_details: { cached_tokens: USAGE.cached_tokens },
    completion_tokens_details: { reasoning_tokens: reasoning ? USAGE.reasoning_tokens : 0 },
  };
}

function toolCallsMessage(calls) {
  return calls.map((c) => ({ id: c.id, type: 'function', function: { name: c.name, arguments: c.args } }));
}

// Fragmented tool-call deltas the way vLLM's GLM parser streams them: header first, then argument diffs.
function fragmentedToolDeltas(calls) {
  const deltas = [];
  calls.forEach((c, index) => {
    deltas.push({ tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: '' } }] });
    for (const fragment of c.fragments) deltas.push({ tool_calls: [{ index, function: { arguments: fragment } }] });
  });
  return deltas;
}

// Each call whole in one delta, the way SGLang streams GLM tool calls.
function wholeToolDeltas(calls) {
  return calls.map((c, index) => ({
    tool_calls: [{ index, id: c.id, type: 'function', function: { name: c.name, arguments: c.args } }],
  }));
}

function textScript(chunks, { reasoningField, reasoningChunks, finish = 'stop', paceMs = 0 } = {}) {
  const message = { role: 'assistant', content: chunks.join('') };
  const deltas = [];
  if (reasoningChunks) {
    message[reasoningField] = reasoningChunks.join('');
    for (const r of reasoningChunks) deltas.push({ [reasoningField]: r });
  }
  for (const c of chunks) deltas.push({ content: c });
  return { kind: 'answer', message, deltas, finish, usage: usage(Boolean(reasoningChunks)), paceMs };
}

function toolScript(calls, deltas) {
  return {
    kind: 'answer',
    message: { role: 'assistant', content: null, tool_calls: toolCallsMessage(calls) },
    deltas,
    finish: 'tool_calls',
    usage: usage(false),
    paceMs: 0,
  };
}

// The script for one upstream request body.
export function scriptFor(body) {
  const name = scenarioName(body?.messages);
  switch (name) {
    case 'reasoning':
      return { name, ...textScript(TEXT_CHUNKS, { reasoningField: 'reasoning_content', reasoningChunks: REASONING_CHUNKS }) };
    case 'vllm-reasoning':
      return { name, ...textScript(TEXT_CHUNKS, { reasoningField: 'reasoning', reasoningChunks: REASONING_CHUNKS }) };
    case 'tools':
      return { name, ...toolScript([WEATHER_CALL], fragmentedToolDeltas([WEATHER_CALL])) };
    case 'parallel-tools':
      return { name, ...toolScript([WEATHER_CALL, TIME_CALL], fragmentedToolDeltas([WEATHER_CALL, TIME_CALL])) };
    case 'whole-tool-call':
      return { name, ...toolScript([WEATHER_CALL, TIME_CALL], wholeToolDeltas([WEATHER_CALL, TIME_CALL])) };
    case 'slow': {
      const chunks = Array.from({ length: SLOW_CHUNK_COUNT }, (_, i) => `tick ${i}. `);
      return { name, ...textScript(chunks, { paceMs: SLOW_CHUNK_INTERVAL_MS }) };
    }
    case 'context-exceeded':
      return { name, ...textScript([PARTIAL_TEXT], { finish: 'model_context_window_exceeded' }) };
    case 'after-tool': {
      const last = body.messages[body.messages.length - 1];
      return { name, ...textScript([AFTER_TOOL_PREFIX, messageText(last)]) };
    }
    case 'error500':
      return {
        name,
        kind: 'error',
        status: 500,
        body: { error: { message: 'fixture upstream exploded', type: 'server_error', param: null, code: null } },
      };
    case 'error429':
      return {
        name,
        kind: 'error',
        status: 429,
        headers: { 'retry-after': '1' },
        body: { error: { message: 'fixture upstream rate limited', type: 'rate_limit_error', param: null, code: '1302' } },
      };
    case 'hang':
      return { name, kind: 'hang' };
    default:
      return { name: 'text', ...textScript(TEXT_CHUNKS) };
  }
}
