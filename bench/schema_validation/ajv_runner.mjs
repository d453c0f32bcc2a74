// The AJV side of the schema validation benchmark: same sets file, same method and same output lines as
// toolgate_bench_schemas, so run.sh can put the two side by side.
//
// Usage: node ajv_runner.mjs [--sets FILE] [--set NAME ...] [--runs N] [--target-ms MS] [--warmup-ms MS]
//                            [--warmup-passes N] [--formats] [--exclude FILE] [--compile-only]
// Prints JSON lines on stdout (kinds: compile, compile_error, mismatch, result; see bench/README.md).
// AJV 8 with strict:false and allErrors:false; Ajv2020 for 2020-12 sets, the default Ajv class (draft-07)
// otherwise. Formats are ignored unless --formats, which asserts them with ajv-formats.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import Ajv from 'ajv';
import Ajv2020 from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

const here = path.dirname(fileURLToPath(import.meta.url));

const { values: args } = parseArgs({
  options: {
    sets: { type: 'string', default: path.join(here, 'sets.json') },
    set: { type: 'string', multiple: true, default: [] },
    runs: { type: 'string', default: '7' },
    'target-ms': { type: 'string', default: '200' },
    'warmup-ms': { type: 'string', default: '300' },
    'warmup-passes': { type: 'string', default: '1000' },
    formats: { type: 'boolean', default: false },
    exclude: { type: 'string' },
    'compile-only': { type: 'boolean', default: false },
  },
});

function positive(name, text, allow_zero = false) {
  const n = Number(text);
  if (!Number.isInteger(n) || n < (allow_zero ? 0 : 1)) {
    console.error(`ajv_runner: --${name} must be a ${allow_zero ? 'non-negative' : 'positive'} integer, got '${text}'`);
    process.exit(2);
  }
  return n;
}
const runs = positive('runs', args.runs);
const target_ns = BigInt(positive('target-ms', args['target-ms'])) * 1_000_000n;
const warmup_ns = BigInt(positive('warmup-ms', args['warmup-ms'], true)) * 1_000_000n;
const warmup_passes = positive('warmup-passes', args['warmup-passes'], true);
const window_ns = 100_000_000n;
const max_warmup_ns = 5_000_000_000n;

const emit = (line) => process.stdout.write(JSON.stringify({ impl: 'ajv', ...line }) + '\n');
const read_json = (file) => JSON.parse(readFileSync(file, 'utf8'));

// ------------------------------------------------------------------------------------------ sets

// A set's groups in the order toolgate_bench_schemas uses: files sorted by name, groups in file order.
function load_groups(set, base) {
  let files;
  if (set.dir !== undefined) {
    const dir = path.resolve(base, set.dir);
    files = readdirSync(dir)
      .filter((name) => name.endsWith('.json') && statSync(path.join(dir, name)).isFile())
      .sort()
      .map((name) => path.join(dir, name));
  } else {
    files = (set.files ?? []).map((file) => path.resolve(base, file));
  }
  const groups = [];
  for (const file of files) {
    const root = read_json(file);
    const list = Array.isArray(root) ? root : [root];
    list.forEach((group, index) => {
      groups.push({ id: `${path.basename(file)}#${index}`, schema: group.schema, tests: group.tests });
    });
  }
  return groups;
}

// Every remote document under each prefix, keyed by its URI. Folders named after another dialect
// (remotes/draft2019-09/, remotes/draft4/, ...) are left out: their meta-schemas are unknown to this AJV class.
function load_remotes(set, base) {
  const own = set.dialect === 'draft7' ? 'draft7' : 'draft2020-12';
  const remotes = [];
  for (const [prefix, folder] of Object.entries(set.remotes ?? {})) {
    const root = path.resolve(base, folder);
    const walk = (dir, rel) => {
      for (const name of readdirSync(dir).sort()) {
        const full = path.join(dir, name);
        if (statSync(full).isDirectory()) {
          if (rel === '' && /^draft/.test(name) && name !== own) continue;
          walk(full, `${rel}${name}/`);
        } else if (name.endsWith('.json')) {
          remotes.push({ uri: `${prefix}${rel}${name}`, schema: read_json(full) });
        }
      }
    };
    walk(root, '');
  }
  return remotes;
}

function read_exclusions(file) {
  const excluded = new Set();
  if (file === undefined) return excluded;
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (line.trim() !== '') excluded.add(line.trim());
  }
  return excluded;
}

// One AJV instance per set, emptied before each schema: suite groups reuse `$id`s, which one instance refuses
// to hold twice. removeSchema() keeps the meta-schemas and their compiled validators, and validators already
// compiled keep working, so each schema compiles as in a fresh instance without paying for the meta-schema again.
function make_ajv(set) {
  const options = { strict: false, allErrors: false, logger: false, validateFormats: args.formats };
  const ajv = set.dialect === 'draft7' ? new Ajv(options) : new Ajv2020(options);
  if (args.formats) addFormats(ajv);
  ajv.validateSchema({});
  return ajv;
}

function reset_ajv(ajv, remotes) {
  ajv.removeSchema();
  for (const remote of remotes) {
    try {
      ajv.addSchema(remote.schema, remote.uri);
    } catch {
      // A remote AJV cannot register only matters to the schemas that reference it; those fail to compile
      // and are reported there.
    }
  }
  return ajv;
}

// ------------------------------------------------------------------------------------------ timing

function run_pass(cases) {
  let valid = 0;
  for (let i = 0; i < cases.length; ++i) {
    if (cases[i].validate(cases[i].data)) ++valid;
  }
  return valid;
}

function median(sorted) {
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

// Warm-up in windows of window_ns until at least warmup_ns and warmup_passes are done and two windows in
// a row are no faster (by more than 3%) than the best before them, capped at max_warmup_ns. V8 optimises
// each validator only after many calls: on the suite's ~370 validators that takes about a second, and
// timing earlier would measure V8's tiers rather than AJV. K passes per timed run are then chosen from
// the last window so that one run lasts at least target_ns.
function measure(cases) {
  let sink = 0;
  let best = Infinity;
  let per_pass = Infinity;
  let warmed = 0n;
  let warm_passes = 0;
  let calm = 0;
  for (;;) {
    const start = process.hrtime.bigint();
    let passes = 0;
    let elapsed = 0n;
    do {
      sink += run_pass(cases);
      ++passes;
      elapsed = process.hrtime.bigint() - start;
    } while (elapsed < window_ns);
    warmed += elapsed;
    warm_passes += passes;
    per_pass = Number(elapsed) / passes;
    calm = per_pass >= best * 0.97 ? calm + 1 : 0;
    best = Math.min(best, per_pass);
    if ((warmed >= warmup_ns && warm_passes >= warmup_passes && calm >= 2) || warmed >= max_warmup_ns) break;
  }
  const k = Math.max(1, Math.ceil(Number(target_ns) / Math.max(per_pass, 1)));
  const samples = [];
  for (let r = 0; r < runs; ++r) {
    const start = process.hrtime.bigint();
    for (let p = 0; p < k; ++p) sink += run_pass(cases);
    samples.push(Number(process.hrtime.bigint() - start) / (k * cases.length));
  }
  return { passes: k, samples, sink };
}

// ------------------------------------------------------------------------------------------ main

const sets_file = path.resolve(args.sets);
const base = path.dirname(sets_file);
const excluded_ids = read_exclusions(args.exclude);
let sets = read_json(sets_file).sets;
if (args.set.length > 0) sets = sets.filter((set) => args.set.includes(set.name));

// Compiles every schema of the set once, checks every verdict, then times validation only.
function bench_set(set) {
  const groups = load_groups(set, base);
  const remotes = load_remotes(set, base);
  const ajv = make_ajv(set);
  const cases = [];
  let compiled = 0;
  let excluded = 0;
  let mismatches = 0;
  let compile_ns = 0n;
  const fail = (id, message) => {
    ++excluded;
    emit({ kind: 'compile_error', set: set.name, id, message });
  };
  for (const group of groups) {
    if (excluded_ids.has(`${set.name}\t${group.id}`)) {
      ++excluded;
      continue;
    }
    let validate;
    reset_ajv(ajv, remotes);
    const start = process.hrtime.bigint();
    try {
      validate = ajv.compile(group.schema);
    } catch (error) {
      fail(group.id, String(error.message ?? error));
      continue;
    }
    compile_ns += process.hrtime.bigint() - start;
    // A validator that throws on an instance cannot be timed; it counts as a schema AJV cannot compile.
    const verdicts = [];
    try {
      for (const test of group.tests) verdicts.push(validate(test.data) === true);
    } catch (error) {
      fail(group.id, `validation threw: ${error.message ?? error}`);
      continue;
    }
    ++compiled;
    group.tests.forEach((test, index) => {
      if (verdicts[index] !== test.valid) {
        ++mismatches;
        if (!args['compile-only']) {
          const description = test.description ?? '';
          emit({ kind: 'mismatch', set: set.name, id: group.id, test: index, description, expected: test.valid });
        }
      }
      cases.push({ validate, data: test.data });
    });
  }
  const compile_us_per_schema = compiled ? Number(compile_ns) / 1000 / compiled : 0;
  emit({ kind: 'compile', set: set.name, schemas: groups.length, compiled, excluded, compile_us_per_schema });
  if (args['compile-only']) return;

  const result = { kind: 'result', set: set.name, schemas: compiled, excluded, count: cases.length };
  if (cases.length === 0) {
    emit({ ...result, passes: 0, runs: 0, ns_median: null, ns_min: null, ns_max: null, samples: [], mismatches });
    return;
  }
  const { passes, samples, sink } = measure(cases);
  const sorted = [...samples].sort((a, b) => a - b);
  emit({
    ...result, passes, runs, ns_median: median(sorted), ns_min: sorted[0], ns_max: sorted[sorted.length - 1],
    samples, mismatches, checksum: sink,
  });
}

for (const set of sets) bench_set(set);
