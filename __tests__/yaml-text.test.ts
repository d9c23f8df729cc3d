import { Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { synthesizeConfigDir } from '../lib/output/synthesize';
import { fastYaml, yamlText } from '../lib/output/yaml-text';
import { CONFIG_DIR } from './support';

// The fast emitter of lib/output/yaml-text.ts against the library it stands in for (cdk8s's
// Yaml.stringify, the yaml library): the same bytes wherever it answers, and it answers for every
// file a real synth writes.

const reference = (v: unknown) => Yaml.stringify(v);

test('every manifest and values file of the committed config: the fast path answers, with the library\'s bytes', () => {
  const files = synthesizeConfigDir(CONFIG_DIR).files.filter((f) => f.kind === 'manifest' || f.kind === 'adapter-values');
  expect(files.length).toBeGreaterThan(20);
  for (const f of files) {
    const fast = fastYaml(f.object);
    expect({ path: f.path, text: fast }).toEqual({ path: f.path, text: reference(f.object) });
    expect(f.content.endsWith(fast!)).toBe(true);
  }
  // The shapes that matter are there: a dashboard in a literal block, quoted label values, nested lists.
  const all = files.map((f) => f.content).join('\n');
  expect(all).toMatch(/\.json: \|\n {4}\{/);
  expect(all).toMatch(/: "1"\n/);
  expect(all).toMatch(/\n {6}- /);
});

// Characters that steer the library's choices: indicators, quotes, blanks, line breaks, digits and
// letters of 1.1 booleans/numbers/timestamps, a document marker, a control character, an unpaired surrogate.
const nasty = fc.string({
  unit: fc.constantFrom(...'ab yYnNoOtTfF01789.:-_#?&*!|>\'"%@`,[]{}~<=eE+x\t\n\r\u0085\u00a0\u2028\ud800'.split(''), '---', '...', '<<', 'null', 'yes', 'on', '.inf', '2026-11-29', '1:30', '0x1F', '  '),
  maxLength: 24,
});
const words = fc.oneof(nasty, fc.constantFrom('', '-', '?', '~', '<<', 'Null', 'NO', 'y', '1', '1.0', '0o7', '017', '1e3', '.nan', '- a', 'a: b', 'a #b', 'a\n', 'a\n\n', '\na', ' a\nb', 'a\nb ', 'a\n b\n', '{"x": 1}\n'));
const scalar = fc.oneof({ arbitrary: words, weight: 6 }, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(undefined), fc.constant(-0), fc.bigInt().map((b) => b));
const { value } = fc.letrec((tie) => ({
  value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, scalar, tie('array'), tie('object')),
  array: fc.array(tie('value'), { maxLength: 4 }),
  object: fc.dictionary(words, tie('value'), { maxKeys: 4 }),
}));

test('random JSON-like values: where the fast path answers, it is byte-identical to the library', () => {
  let answered = 0;
  fc.assert(fc.property(fc.oneof(fc.dictionary(words, value, { minKeys: 1, maxKeys: 5 }), fc.array(value, { minLength: 1, maxLength: 5 })), (v) => {
    let expected: string;
    try {
      expected = reference(v);
    } catch {
      return; // values the library itself refuses (a BigInt key, say) are no output of ours
    }
    const fast = fastYaml(v);
    if (fast !== undefined) {
      answered++;
      expect(fast).toBe(expected);
    }
    expect(yamlText(v)).toBe(expected);
  }), { numRuns: 1200, seed: 20261129 });
  expect(answered).toBeGreaterThan(100); // the subset is not vacuous (control characters often push a value out)
});

test('single strings as keys and as values at several depths', () => {
  let answered = 0;
  fc.assert(fc.property(words, (s) => {
    const v = { [s]: s, list: [s, { [s]: [s] }], nested: { deeper: { [s]: s } } };
    const fast = fastYaml(v);
    if (fast !== undefined) {
      answered++;
      expect(fast).toBe(reference(v));
    }
  }), { numRuns: 3000, seed: 20261129 });
  expect(answered).toBeGreaterThan(900);
});

test('outside the subset it says so, and yamlText falls back to the library', () => {
  const shared = { a: 1 };
  for (const v of [{ a: shared, b: shared }, { a: undefined }, { a: -0 }, { a: NaN }, { a: 'x\u0001' }, { a: 'kept\n\n' }, { a: new Date(0) }, { '<<': 1 }, 'scalar', {}, []]) {
    expect(fastYaml(v)).toBeUndefined();
    expect(yamlText(v)).toBe(reference(v));
  }
  expect(yamlText({ a: shared, b: shared })).toContain('&a1');
});
