// Turns the JSON lines of toolgate_bench_schemas and ajv_runner.mjs (all rounds of one run.sh run) into the
// markdown tables of the report: time per validation side by side, compile cost, exclusions, wrong verdicts.
//
// Usage: node report.mjs --compile FILE ... --rounds FILE ...
//   --compile: the --compile-only output of both sides; --rounds: the timed output of both sides.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

const { values: args } = parseArgs({
  options: {
    compile: { type: 'string', multiple: true, default: [] },
    rounds: { type: 'string', multiple: true, default: [] },
  },
});

const lines = (files) =>
  files.flatMap((file) =>
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '')
      .map((line) => JSON.parse(line)));

const compile_lines = lines(args.compile);
const round_lines = lines(args.rounds);
const impls = ['toolgate', 'ajv'];

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
const ns = (value) => {
  if (value === undefined || value === null) return 'n/a';
  return value < 100 ? value.toFixed(1) : value.toFixed(0);
};
const ratio = (a, b) => (a && b ? a / b : undefined);
const times = (value) => (value === undefined ? 'n/a' : `${value.toFixed(2)}x`);

// Set names in the order the runs printed them.
const sets = [...new Set(round_lines.filter((l) => l.kind === 'result').map((l) => l.set))];

// Every timed sample of every round, per side and set.
const results = {};
for (const line of round_lines.filter((l) => l.kind === 'result')) {
  const entry = (results[`${line.impl}/${line.set}`] ??= { samples: [], line });
  entry.samples.push(...line.samples);
}
const compiles = {};
for (const line of compile_lines.filter((l) => l.kind === 'compile')) compiles[`${line.impl}/${line.set}`] = line;

// Wrong verdicts repeat in every round; one entry each.
const mismatches = { toolgate: new Map(), ajv: new Map() };
for (const line of round_lines.filter((l) => l.kind === 'mismatch')) {
  mismatches[line.impl].set(`${line.set} ${line.id} test ${line.test}`, line);
}
const compile_errors = { toolgate: [], ajv: [] };
for (const line of compile_lines.filter((l) => l.kind === 'compile_error')) compile_errors[line.impl].push(line);

const out = [];
out.push('| set | schemas | excluded | validations | toolgate ns/validation | AJV ns/validation | ' +
  'ratio (AJV/toolgate) | toolgate min–max | AJV min–max |');
out.push('|---|--:|--:|--:|--:|--:|--:|--:|--:|');
const ratios = [];
for (const set of sets) {
  const t = results[`toolgate/${set}`];
  const a = results[`ajv/${set}`];
  const tm = t?.samples.length ? median(t.samples) : undefined;
  const am = a?.samples.length ? median(a.samples) : undefined;
  const r = ratio(am, tm);
  if (r !== undefined) ratios.push({ set, r });
  const range = (e) => (e?.samples.length ? `${ns(Math.min(...e.samples))}–${ns(Math.max(...e.samples))}` : 'n/a');
  const excluded = Math.max(t?.line.excluded ?? 0, a?.line.excluded ?? 0);
  const schemas = t?.line.schemas ?? a?.line.schemas ?? 0;
  const count = t?.line.count ?? a?.line.count ?? 0;
  out.push(`| ${set} | ${schemas} | ${excluded} | ${count} | ${ns(tm)} | ${ns(am)} | ${times(r)} | ` +
    `${range(t)} | ${range(a)} |`);
}
out.push('');
if (ratios.length > 0) {
  const slowest = ratios.reduce((x, y) => (y.r < x.r ? y : x));
  const faster = ratios.filter((x) => x.r > 1).length;
  out.push(`- median ratio across ${ratios.length} sets: **${times(median(ratios.map((x) => x.r)))}**; ` +
    `lowest: ${times(slowest.r)} (${slowest.set}); toolgate faster on ${faster} of ${ratios.length} sets`);
}
const rounds = Math.max(0, ...Object.values(results).map((e) => e.samples.length));
out.push(`- each ns value is the median of ${rounds} timed run(s) per side (one per round, rounds alternating ` +
  'the two sides); min–max is the spread of those runs');
out.push('');

out.push('| set | toolgate compile µs/schema | AJV compile µs/schema | toolgate compile errors | ' +
  'AJV compile errors (excluded) | toolgate wrong verdicts | AJV wrong verdicts |');
out.push('|---|--:|--:|--:|--:|--:|--:|');
const count_for = (set, map) => [...map.values()].filter((l) => l.set === set).length;
for (const set of sets) {
  const tc = compiles[`toolgate/${set}`];
  const ac = compiles[`ajv/${set}`];
  const errors = (impl) => compile_errors[impl].filter((l) => l.set === set).length;
  const us = (line) => (line ? line.compile_us_per_schema.toFixed(1) : 'n/a');
  out.push(`| ${set} | ${us(tc)} | ${us(ac)} | ${errors('toolgate')} | ${errors('ajv')} | ` +
    `${count_for(set, mismatches.toolgate)} | ${count_for(set, mismatches.ajv)} |`);
}
out.push('');
out.push('- AJV compile time is measured in an emptied instance whose meta-schema validator is already compiled; ' +
  'a schema either side cannot compile (or whose AJV validator throws) is left out of both sides for that set');

for (const impl of impls) {
  const errors = compile_errors[impl];
  const wrong = [...mismatches[impl].values()];
  if (errors.length === 0 && wrong.length === 0) continue;
  out.push('');
  out.push(`<details><summary>${impl}: ${errors.length} compile error(s), ${wrong.length} wrong verdict(s)</summary>`);
  out.push('');
  for (const e of errors) out.push(`- compile error: ${e.set} ${e.id}: ${e.message}`);
  for (const m of wrong) {
    const why = m.error ? `; first error: ${m.error}` : '';
    const expected = m.expected ? 'valid' : 'invalid';
    out.push(`- wrong verdict: ${m.set} ${m.id} test ${m.test} "${m.description}": expected ${expected}${why}`);
  }
  out.push('');
  out.push('</details>');
}
process.stdout.write(out.join('\n') + '\n');
