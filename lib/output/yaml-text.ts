import { DEFAULT_SCHEMA, dump, Type } from 'js-yaml';
import { Document } from 'yaml';

/**
 * YAML text of one manifest or values object, written by js-yaml (`dump`).
 *
 * Why js-yaml and not cdk8s's `Yaml.stringify` (the `yaml` library): a 500-workload synth writes
 * about 22 MiB of YAML, and the `yaml` library builds a node tree per value first, which made
 * stringifying most of that synth's time; js-yaml writes the same text several times faster.
 * With these options (no line folding, no anchors for repeated objects, double quotes where a
 * string needs quoting) its text is byte for byte what `Yaml.stringify` writes for every file of a
 * real synth (__tests__/yaml-text.test.ts checks it, with a round-trip property over random values).
 *
 * A string is quoted when a YAML 1.1 reader would read it as something else: Kubernetes and Argo
 * CD read manifests with Go's YAML packages, which follow YAML 1.1 (`yes`, `on`, `1_000`, `0b1`,
 * `1:30`, timestamps). js-yaml on its own quotes only the 1.1 booleans, so the plain-scalar tests
 * of the `yaml` library's 1.1 schema (the one cdk8s writes with) are added to its schema, as the
 * implicit types a plain string must not match.
 *
 * Undefined values are left out, as cdk8s's resolve leaves them out of every manifest.
 */
export function yamlText(value: unknown): string {
  return dump(value, DUMP_OPTIONS);
}

const YAML_1_1_PLAIN_SCALARS: RegExp[] = new Document(null, { version: '1.1' }).schema.tags
  .flatMap((t) => ('test' in t && t.test instanceof RegExp && t.default !== false ? [t.test] : []));

// One implicit type testing one regular expression, the alternation of the 1.1 tests (each anchored
// at both ends, without flags): js-yaml tries every implicit type on every string it writes, and
// one anchored test costs less than fourteen calls. A string is quoted iff one of them matches.
const YAML_1_1_LOOK_ALIKE = new RegExp(`^(?:${YAML_1_1_PLAIN_SCALARS.map((t) => {
  if (t.flags !== '' || !t.source.startsWith('^') || !t.source.endsWith('$')) throw new Error(`unexpected YAML 1.1 scalar test ${t}`);
  return t.source.slice(1, -1);
}).join('|')})$`);

const DUMP_SCHEMA = DEFAULT_SCHEMA.extend({
  implicit: [new Type('tag:luneo-autoscaling,2026:yaml-1.1-look-alike', {
    kind: 'scalar',
    resolve: (s: string) => YAML_1_1_LOOK_ALIKE.test(s),
  })],
});

const DUMP_OPTIONS = { lineWidth: -1, noRefs: true, quotingType: '"', schema: DUMP_SCHEMA } as const;
