import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { serialize } from 'v8';
import { CreateNodeOptions, DocumentOptions, parseDocument, ParseOptions, SchemaOptions, stringify, ToStringOptions } from 'yaml';
import { largeConfig } from '../bench/large-config';
import { ConfigError, Finding } from '../lib/config/findings';
import { loadEnvironmentFile } from '../lib/config/load';
import { fastYamlValue } from '../lib/config/yaml-fast';
import { production, tempDir } from './support';

// The fast reader of lib/config/yaml-fast.ts against the yaml library, which the loader uses
// otherwise: wherever it answers, the library reads the same value (same key order, same types)
// with no error or warning; and the loader's findings stay the same, file, line and field.

/** The library's reading, as the loader does it; undefined when it has errors or warnings. */
function library(text: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: false });
  return doc.errors.length + doc.warnings.length > 0 ? undefined : doc.toJS();
}

function expectSameReading(text: string): boolean {
  const fast = fastYamlValue(text);
  if (fast === undefined) return false;
  const lib = library(text);
  expect({ text, value: fast }).toEqual({ text, value: lib });
  expect(serialize(fast).equals(serialize(lib))).toBe(true); // key order, -0, types
  return true;
}

test('a generated 30-workload environment (the bench\'s shape): the fast reader answers, with the library\'s value', () => {
  const text = largeConfig(production(), 30);
  expect(expectSameReading(text)).toBe(true);
  expect(Object.keys(fastYamlValue(text) as object)).toContain('workloads');
});

// Keys and values that steer YAML: indicators, quotes, comments, colons, numbers, booleans and nulls
// of YAML 1.1 and 1.2, blanks, line breaks.
const nasty = fc.string({
  unit: fc.constantFrom(...'ab yYnN01789.:-_#?&*!|>\'"%@`,[]{}~<=eExX+/\\\t\n'.split(''), '---', '...', '<<', 'null', 'true', 'yes', '.inf', '0x1F', '0o7', '1e3', '  ', ': ', ' #'),
  maxLength: 16,
});
const key = fc.oneof(nasty, fc.constantFrom('a', 'app.kubernetes.io/name', 'c0_http', '1', 'true', 'null', '__proto__', '<<', 'extends', ''));
const scalar = fc.oneof({ arbitrary: nasty, weight: 4 }, fc.integer(), fc.double(), fc.boolean(), fc.constant(null));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(key, tie('value'), { maxKeys: 4 }),
}));
const styles = fc.constantFrom<DocumentOptions & SchemaOptions & ParseOptions & CreateNodeOptions & ToStringOptions>(
  {}, { lineWidth: 0 }, { indentSeq: false }, { version: '1.1' }, { singleQuote: true }, { defaultStringType: 'QUOTE_DOUBLE' },
  { indent: 4 }, { collectionStyle: 'flow' }, { defaultKeyType: 'PLAIN', lineWidth: 20 },
);

test('random documents written by the library in several styles: where the fast reader answers, it reads what the library reads', () => {
  let answered = 0;
  fc.assert(fc.property(fc.dictionary(key, value, { minKeys: 1, maxKeys: 6 }), styles, (v, style) => {
    if (expectSameReading(stringify(v, style))) answered++;
  }), { numRuns: 800, seed: 20261129 });
  expect(answered).toBeGreaterThan(80);
});

const PUNCTUATION = [...':-[]{}&*!|>\'"%@`#,?\t\n\r ', '  ', '- ', ': ', ' #', '---\n', '\ufeff', '\u0085', '\u2028'];
const edit = fc.record({ at: fc.nat(), remove: fc.integer({ min: 0, max: 3 }), insert: fc.oneof(fc.constantFrom(...PUNCTUATION), fc.string({ maxLength: 3 })) });

test('random edits of a document in the subset (typos, bad indentation, stray indicators): the fast reader answers only for what the library reads cleanly, and the same', () => {
  const base = largeConfig(production(), 1);
  let answered = 0;
  let refused = 0;
  fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 3 }), (edits) => {
    let text = base;
    for (const e of edits) {
      const at = e.at % (text.length + 1);
      text = text.slice(0, at) + e.insert + text.slice(at + e.remove);
    }
    const fast = fastYamlValue(text);
    if (fast === undefined) {
      refused++;
      return;
    }
    answered++;
    const lib = library(text);
    expect(lib).not.toBeUndefined();
    expect(serialize(fast).equals(serialize(lib))).toBe(true);
  }), { numRuns: 1500, seed: 20261129 });
  expect(answered).toBeGreaterThan(200);
  expect(refused).toBeGreaterThan(100);
});

test('outside the subset it answers nothing, so the library reads it', () => {
  for (const text of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: [1, 2]\n', 'a: |\n  x\n', 'a: b # c\n', 'a: 1\na: 2\n', '1: x\n', 'a: x\n  y\n',
    'a:\tb\n', 'a: b\r\n', '---\na: 1\n', '<<: {}\n', '__proto__: 1\n', '- a\n', 'a\n', 'a: "\\x41"\n', ' a: 1\n', 'a: b: c\n']) {
    expect({ text, value: fastYamlValue(text) }).toEqual({ text, value: undefined });
  }
  expect(fastYamlValue('a: 1\nb:\n- x\n- y: z\n  w: [ ]\n')).toBeUndefined();
  expect(fastYamlValue('a: 1\nb:\n- x\n- y: z\n  w: []\n')).toEqual({ a: 1, b: ['x', { y: 'z', w: [] }] });
});

// A standalone environment file in the subset is read fast; the same file with one comment after a
// value is read by the library. Their findings must be the same: file, line, column, field, rule.
describe('findings of a fast-read environment file are the library path\'s', () => {
  const dir = tempDir('fast');
  const findingsOf = (file: string): readonly Finding[] => {
    try {
      return loadEnvironmentFile(file).warnings;
    } catch (e) {
      if (e instanceof ConfigError) return e.findings;
      throw e;
    }
  };
  const both = (mutate: (env: any) => void) => {
    const env = JSON.parse(JSON.stringify(production()));
    mutate(env);
    const text = stringify(env, { lineWidth: 0 });
    expect(fastYamlValue(text)).toBeDefined();
    const fastFile = path.join(dir, 'fast', 'production.yaml');
    const slowFile = path.join(dir, 'slow', 'production.yaml');
    fs.mkdirSync(path.dirname(fastFile), { recursive: true });
    fs.mkdirSync(path.dirname(slowFile), { recursive: true });
    fs.writeFileSync(fastFile, text);
    fs.writeFileSync(slowFile, text.replace(/^(environment: production)$/m, '$1 # read by the library'));
    expect(fastYamlValue(fs.readFileSync(slowFile, 'utf-8'))).toBeUndefined();
    const fast = findingsOf(fastFile);
    const slow = findingsOf(slowFile).map((f) => JSON.parse(JSON.stringify(f).split(path.join(dir, 'slow')).join(path.join(dir, 'fast'))));
    expect(fast).toEqual(slow);
    return fast;
  };

  test('a schema error, a consistency error and a warning keep file, line and field', () => {
    const schema = both((env) => { env.workloads.backend.replicas.max = 'many'; });
    expect(schema.map((f) => [f.rule, f.path.join('.'), f.location?.line])).toContainEqual(['schema/type', 'workloads.backend.replicas.max', expect.any(Number)]);
    expect(schema.every((f) => f.location?.file.endsWith(path.join('fast', 'production.yaml')) && (f.location?.line ?? 0) > 1)).toBe(true);
    const consistency = both((env) => { env.workloads.backend.replicas.min = env.workloads.backend.replicas.max + 1; });
    expect(consistency.length).toBeGreaterThan(0);
    expect(consistency.every((f) => (f.location?.line ?? 0) > 1)).toBe(true);
    const clean = both(() => undefined);
    expect(clean.every((f) => f.severity === 'warning' && (f.location?.line ?? 0) > 0)).toBe(true);
  });
});
