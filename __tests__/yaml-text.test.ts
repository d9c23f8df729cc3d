import { Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { parse } from 'yaml';
import { synthesizeConfigDir } from '../lib/output/synthesize';
import { yamlText } from '../lib/output/yaml-text';
import { CONFIG_DIR } from './support';

// lib/output/yaml-text.ts writes manifests with js-yaml: the same bytes as cdk8s's Yaml.stringify
// (the yaml library) for what a synth writes, and, for any JSON-like value, text that Kubernetes'
// and Argo CD's readers (YAML 1.1, as Go's yaml packages read it) and YAML 1.2 readers read back
// as that value.

test('every manifest and values file of the committed config: the bytes cdk8s\'s Yaml.stringify writes', () => {
  const files = synthesizeConfigDir(CONFIG_DIR).files.filter((f) => f.kind === 'manifest' || f.kind === 'adapter-values');
  expect(files.length).toBeGreaterThan(20);
  for (const f of files) {
    const text = yamlText(f.object);
    expect({ path: f.path, text }).toEqual({ path: f.path, text: Yaml.stringify(f.object) });
    expect(f.content.endsWith(text)).toBe(true);
  }
  // The shapes that matter are there: a dashboard in a literal block, quoted label values, nested lists.
  const all = files.map((f) => f.content).join('\n');
  expect(all).toMatch(/\.json: \|\n {4}\{/);
  expect(all).toMatch(/: "1"\n/);
  expect(all).toMatch(/\n {6}- /);
});

// Characters that steer a writer's choices: indicators, quotes, blanks, line breaks, digits and
// letters of 1.1 booleans/numbers/timestamps, a document marker, control characters.
const nasty = fc.string({
  unit: fc.constantFrom(...'ab yYnNoOtTfF01789.:-_#?&*!|>\'"%@`,[]{}~<=eE+x\t\n\r\u0085\u00a0\u0001'.split(''), '---', '...', '<<', 'null', 'yes', 'on', 'off', '.inf', '2026-11-29', '1:30', '0x1F', '0b101', '  '),
  maxLength: 24,
});
const words = fc.oneof(nasty, fc.constantFrom('', '-', '?', '~', '<<', 'Null', 'NO', 'y', 'n', '1', '1.0', '0o7', '017', '1e3', '1_000', '.nan', '- a', 'a: b', 'a #b', 'a\n', 'a\n\n', '\na', ' a\nb', 'a\nb ', 'a\n b\n', '{"x": 1}\n'));
const scalar = fc.oneof({ arbitrary: words, weight: 6 }, fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true }).filter((d) => !Object.is(d, -0)), fc.boolean(), fc.constant(null));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(words, tie('value'), { maxKeys: 4 }),
}));
const document = fc.oneof(fc.dictionary(words, value, { minKeys: 1, maxKeys: 5 }), fc.array(value, { minLength: 1, maxLength: 5 }));

test('random JSON-like values read back as themselves, as YAML 1.1 and as YAML 1.2', () => {
  fc.assert(fc.property(document, (v) => {
    const text = yamlText(v);
    expect(parse(text, { version: '1.1' })).toEqual(v);
    expect(parse(text, { version: '1.2' })).toEqual(v);
  }), { numRuns: 1500, seed: 20261129 });
});

test('strings a YAML 1.1 reader would turn into booleans, numbers or null stay strings', () => {
  const text = yamlText({ a: 'yes', b: 'on', c: 'off', d: 'y', e: '0x1F', f: '1_000', g: '~', h: '1:30', i: '2026-11-29', j: 'Null' });
  expect(text).not.toMatch(/: (yes|on|off|y|0x1F|1_000|~|1:30|2026-11-29|Null)\n/);
  expect(parse(text, { version: '1.1' })).toEqual({ a: 'yes', b: 'on', c: 'off', d: 'y', e: '0x1F', f: '1_000', g: '~', h: '1:30', i: '2026-11-29', j: 'Null' });
});

test('a repeated object is written out twice, not as an anchor; an undefined value is left out', () => {
  const shared = { a: 1 };
  expect(yamlText({ p: shared, q: shared })).toBe('p:\n  a: 1\nq:\n  a: 1\n');
  expect(yamlText({ p: 1, a: undefined })).toBe('p: 1\n');
});
