// The official MCP conformance suite (server mode, default suite) against toolgate's own MCP library:
// the fixture directly, then through `toolgate serve` with the fixture as a stdio and as a Streamable
// HTTP upstream (prefixing off). Every scenario must pass; there is no expected-failures baseline.

import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';

import { fixtureStdioCommand, runConformanceServer, startFixtureHttp, startGateway } from './lib/mcp_stack.mjs';

function assertClean(run, label) {
  const failed = run.checks.filter((c) => c.status === 'FAILURE');
  assert.deepEqual(
    failed.map((c) => `${c.id}: ${c.errorMessage ?? c.description ?? ''}`),
    [],
    `${label}: failing conformance checks\n${run.output.slice(-4000)}`,
  );
  assert.ok(run.checks.length >= 40, `${label}: only ${run.checks.length} checks ran\n${run.output.slice(-2000)}`);
  assert.equal(run.code, 0, `${label}: the suite exited ${run.code}\n${run.output.slice(-4000)}`);
}

describe('conformance suite, server mode', () => {
  let fixture;
  before(async () => {
    fixture = await startFixtureHttp();
  });
  after(async () => {
    await fixture?.stop();
  });

  test('directly against the fixture written with the MCP server library', async () => {
    assertClean(await runConformanceServer(fixture.url), 'fixture');
  });

  test('through toolgate serve with the fixture as a stdio upstream', async () => {
    const [command, ...args] = fixtureStdioCommand();
    const gateway = await startGateway({
      servers: [{ name: 'fixture', transport: 'stdio', command: [command, ...args], prefix: false }],
    });
    try {
      assertClean(await runConformanceServer(gateway.url), 'toolgate → stdio fixture');
    } finally {
      const exit = await gateway.stop();
      assert.deepEqual(exit, { code: 0, signal: null }, gateway.stderr.slice(-20).join('\n'));
    }
  });

  test('through toolgate serve with the fixture as a Streamable HTTP upstream', async () => {
    const gateway = await startGateway({
      servers: [{ name: 'fixture', transport: 'streamable_http', url: fixture.url, prefix: false }],
    });
    try {
      assertClean(await runConformanceServer(gateway.url), 'toolgate → HTTP fixture');
    } finally {
      const exit = await gateway.stop();
      assert.deepEqual(exit, { code: 0, signal: null }, gateway.stderr.slice(-20).join('\n'));
    }
  });
});
