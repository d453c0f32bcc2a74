// A deliberately unreliable MCP server over stdio, for failure tests: `echo` answers, `crash` kills the
// process mid-call, `hang` never answers (and logs the cancellation it receives to stderr).
// Raw JSON-RPC on purpose: no SDK in the way of misbehaving exactly as told.
import readline from 'node:readline';

const send = (message) => process.stdout.write(`${JSON.stringify(message)}\n`);
const tools = ['echo', 'crash', 'hang'].map((name) => ({
  name,
  description: `${name} tool`,
  inputSchema: { type: 'object', properties: { text: { type: 'string' } } },
}));

readline.createInterface({ input: process.stdin }).on('line', (line) => {
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    send({ jsonrpc: '2.0', error: { code: -32700, message: 'parse error' } });
    return;
  }
  const { id, method, params } = message;
  if (method === 'initialize') {
    send({ jsonrpc: '2.0', id, result: {
      protocolVersion: params.protocolVersion, capabilities: { tools: {} }, serverInfo: { name: 'flaky', version: '1' } } });
  } else if (method === 'tools/list') {
    send({ jsonrpc: '2.0', id, result: { tools } });
  } else if (method === 'tools/call' && params.name === 'echo') {
    send({ jsonrpc: '2.0', id, result: { content: [{ type: 'text', text: `echo: ${params.arguments?.text ?? ''}` }] } });
  } else if (method === 'tools/call' && params.name === 'crash') {
    process.exit(3);
  } else if (method === 'tools/call' && params.name === 'hang') {
    // no answer, ever
  } else if (method === 'notifications/cancelled') {
    process.stderr.write(`cancelled ${JSON.stringify(params)}\n`);
  } else if (method === 'ping') {
    send({ jsonrpc: '2.0', id, result: {} });
  } else if (id !== undefined) {
    send({ jsonrpc: '2.0', id, error: { code: -32601, message: `no ${method}` } });
  }
});
