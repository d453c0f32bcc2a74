// Writes libFuzzer seed corpora from the JSON-Schema-Test-Suite at run time (nothing is copied into
// the repository): every case's schema for schema_compile_fuzz, and every (schema, instance) pair,
// framed as validate_fuzz expects, for validate_fuzz.
// Usage: node make_seed_corpus.mjs SUITE_TESTS_DIR OUT_DIR
import { createHash } from 'node:crypto';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const [testsDir, outDir] = process.argv.slice(2);
if (!testsDir || !outDir) {
  console.error('usage: node make_seed_corpus.mjs SUITE_TESTS_DIR OUT_DIR');
  process.exit(2);
}

// validate_fuzz's option byte: default dialect in the low bits, format assertion in bit 3.
const dialectOption = { 'draft2020-12': 0, 'draft2019-09': 1, draft7: 2, draft6: 3, draft4: 4 };
const formatAssertion = 8;

function* jsonFiles(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* jsonFiles(path);
    else if (name.endsWith('.json')) yield path;
  }
}

function write(dir, bytes) {
  const name = createHash('sha1').update(bytes).digest('hex');
  writeFileSync(join(dir, name), bytes);
}

const compileDir = join(outDir, 'schema_compile_fuzz');
const validateDir = join(outDir, 'validate_fuzz');
mkdirSync(compileDir, { recursive: true });
mkdirSync(validateDir, { recursive: true });

let schemas = 0;
let pairs = 0;
for (const dialect of readdirSync(testsDir).sort()) {
  if (!(dialect in dialectOption)) continue;
  for (const file of jsonFiles(join(testsDir, dialect))) {
    const option = dialectOption[dialect] | (file.includes('/optional/format/') ? formatAssertion : 0);
    for (const testCase of JSON.parse(readFileSync(file, 'utf8'))) {
      const schema = JSON.stringify(testCase.schema);
      write(compileDir, Buffer.from(schema));
      ++schemas;
      for (const test of testCase.tests) {
        write(validateDir, Buffer.concat([Buffer.from([option]), Buffer.from(schema), Buffer.from([0]),
                                          Buffer.from(JSON.stringify(test.data))]));
        ++pairs;
      }
    }
  }
}
console.log(`seed corpus: ${schemas} schemas, ${pairs} schema/instance pairs in ${outDir}`);
