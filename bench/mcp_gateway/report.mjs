// Turns the runs of one run.sh invocation (bench_mcp_calls JSON lines wrapped with target, concurrency and
// round) into the markdown tables of the report: throughput and latency per target, ratios, memory.
//
// Usage: node report.mjs --runs FILE --memory FILE
//   --runs: lines {"target":"A","c":8,"round":1,"result":{...bench_mcp_calls line...}}
//   --memory: lines {"target":"B","idle_kb":N,"hwm_kb":N} (the gateway or server process itself)
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    runs: { type: 'string' },
    memory: { type: 'string' },
  },
});

const lines = (file) =>
  readFileSync(file, 'utf8')
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));

const runs = lines(args.runs);
const memory = Object.fromEntries(lines(args.memory).map((m) => [m.target, m]));

const targets = [
  { id: 'A', name: 'A direct (fixture, Streamable HTTP)' },
  { id: 'B', name: 'B toolgate → fixture over stdio' },
  { id: 'C', name: 'C supergateway → fixture over stdio' },
  { id: 'D', name: 'D toolgate → fixture over Streamable HTTP (A)' },
];
const concurrencies = [...new Set(runs.map((r) => r.c))];
const rounds = [...new Set(runs.map((r) => r.round))];

const median = (values) => {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return undefined;
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const num = (value, digits = 0) => (value === undefined ? 'n/a' : value.toFixed(digits));
const times = (value) => (value === undefined ? 'n/a' : `${value.toFixed(2)}x`);
const mib = (kb) => (kb === undefined ? 'n/a' : `${(kb / 1024).toFixed(1)}`);

const run_of = (target, c, round) => runs.find((r) => r.target === target && r.c === c && r.round === round);
const field = (target, c, key) => median(rounds.map((round) => run_of(target, c, round)?.result[key]));
// Ratios pair the two targets' runs of the same round (measured seconds apart), then take the median.
const paired = (a, b, c, key) =>
  median(
    rounds.map((round) => {
      const x = run_of(a, c, round)?.result[key];
      const y = run_of(b, c, round)?.result[key];
      return x !== undefined && y ? x / y : undefined;
    }),
  );

const out = [];
out.push(
  '| c | target | calls/s | vs A | p50 µs | p99 µs | server CPU µs/call | server CPU (cores) | client CPU (cores) |',
);
out.push('|--:|---|--:|--:|--:|--:|--:|--:|--:|');
for (const c of concurrencies) {
  for (const t of targets) {
    const vs_a = t.id === 'A' ? '1.00x' : times(paired(t.id, 'A', c, 'calls_per_s'));
    out.push(
      `| ${c} | ${t.name} | ${num(field(t.id, c, 'calls_per_s'))} | ${vs_a} | ${num(field(t.id, c, 'p50_us'))} | ` +
        `${num(field(t.id, c, 'p99_us'))} | ${num(field(t.id, c, 'server_cpu_us_per_call'))} | ` +
        `${num(field(t.id, c, 'server_cpu'), 2)} | ${num(field(t.id, c, 'client_cpu'), 2)} |`,
    );
  }
}
out.push('');
out.push('toolgate (B) vs supergateway (C), both in front of the same stdio fixture, and toolgate\'s two upstream');
out.push('transports (D vs B); each ratio is the median over rounds of the ratio within a round:');
out.push('');
out.push(
  '| c | B/C calls/s | C/B p50 | C/B p99 | C/B server CPU per call | D/B calls/s | B/A p50 | D/A p50 |',
);
out.push('|--:|--:|--:|--:|--:|--:|--:|--:|');
for (const c of concurrencies) {
  out.push(
    `| ${c} | ${times(paired('B', 'C', c, 'calls_per_s'))} | ${times(paired('C', 'B', c, 'p50_us'))} | ` +
      `${times(paired('C', 'B', c, 'p99_us'))} | ${times(paired('C', 'B', c, 'server_cpu_us_per_call'))} | ` +
      `${times(paired('D', 'B', c, 'calls_per_s'))} | ${times(paired('B', 'A', c, 'p50_us'))} | ` +
      `${times(paired('D', 'A', c, 'p50_us'))} |`,
  );
}
out.push('');
const c_max = Math.max(...concurrencies);
out.push(`Memory: the server process itself idle (before any load) and its peak (VmHWM, at the end); the whole`);
out.push(`process tree (children included; D's also holds A's fixture, its upstream) at the end of the measured`);
out.push(`window, median over the c=${c_max} runs:`);
out.push('');
out.push(`| target | process idle MiB | process peak MiB | tree at c=${c_max} MiB | processes in tree |`);
out.push('|---|--:|--:|--:|--:|');
for (const t of targets) {
  const m = memory[t.id] ?? {};
  out.push(
    `| ${t.name} | ${mib(m.idle_kb)} | ${mib(m.hwm_kb)} | ${mib(field(t.id, c_max, 'server_rss_kb'))} | ` +
      `${num(field(t.id, c_max, 'server_processes'))} |`,
  );
}
out.push('');
out.push('<details><summary>every run</summary>');
out.push('');
out.push('| c | round | target | calls/s | p50 µs | p90 µs | p99 µs | max µs | server CPU µs/call | client CPU |');
out.push('|--:|--:|---|--:|--:|--:|--:|--:|--:|--:|');
for (const r of runs) {
  const x = r.result;
  out.push(
    `| ${r.c} | ${r.round} | ${r.target} | ${num(x.calls_per_s)} | ${num(x.p50_us)} | ${num(x.p90_us)} | ` +
      `${num(x.p99_us)} | ${num(x.max_us)} | ${num(x.server_cpu_us_per_call)} | ${num(x.client_cpu, 2)} |`,
  );
}
out.push('');
out.push('</details>');
console.log(out.join('\n'));
