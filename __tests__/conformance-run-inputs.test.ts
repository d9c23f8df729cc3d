// Conformance inputs as the controller types them: int32 fields are int32 (conformance/shape past
// it), a number past float64 is quoted as written and out of range, and a run refuses the same file
// twice and ids repeated across its files.
import * as fs from 'fs';
import * as path from 'path';
import { crossFileIdFindings, readVectorsFile } from '../lib/simulation/conformance/run';
import { runScript } from './support';
import { tempDir } from './temp-dirs';

const dir = tempDir('conformance-run-inputs');
const VECTOR = (id: string, currentReplicas: string, value = '2') => `{
  "id": "${id}",
  "kind": "scaleUpLimit",
  "inputs": {
    "currentReplicas": ${currentReplicas},
    "scaleUpEvents": [],
    "scaleDownEvents": [],
    "scalingRules": {"selectPolicy": "Max", "policies": [{"type": "Pods", "value": ${value}, "periodSeconds": 60}]}
  },
  "expected": {"limit": 3}
}`;
const file = (name: string, ...vectors: string[]) => {
  const f = path.join(dir, name);
  fs.writeFileSync(f, `{\n"schemaVersion": 1,\n"vectors": [\n${vectors.join(',\n')}\n]\n}\n`);
  return f;
};

test('a vector runs as written when its integers fit int32', () => {
  const r = readVectorsFile(file('ok.json', VECTOR('a', '1')));
  expect(r.findings).toEqual([]);
});

test.each([['1099511627776'], ['2147483648'], ['-2147483649'], ['9223372036854775808']])('currentReplicas %s is beyond int32: conformance/shape, not a FAIL', (n) => {
  const r = readVectorsFile(file('big.json', VECTOR('a', n)));
  expect(r.findings.map((f) => [f.rule, f.path.join('.'), f.location?.line, f.message])).toEqual([
    ['conformance/shape', 'vectors.0.inputs.currentReplicas', 8,
      `vector "a" (scaleUpLimit): is ${n}, beyond int32 (-2147483648 to 2147483647), the Go type of the controller's replica counts, policy values and periods`],
  ]);
});

test('a policy value of 1e400 is quoted as written and out of range, not "got string Infinity"', () => {
  const r = readVectorsFile(file('inf.json', VECTOR('a', '1', '1e400')));
  expect(r.findings.map((f) => [f.rule, f.location?.line, f.message])).toEqual([
    ['conformance/shape', 11, 'vector "a" (scaleUpLimit): is 1e400, out of range: past the largest float64 (about 1.8e308) it reads as Infinity'],
  ]);
});

describe('one run, several files', () => {
  const one = file('one.json', VECTOR('a', '1'), VECTOR('b', '1'));
  const two = file('two.json', VECTOR('c', '1'), VECTOR('b', '1'));
  test('an id repeated across files names both files and lines', () => {
    const read = [one, two].map((f) => ({ shown: path.basename(f), ...readVectorsFile(f) }));
    expect(crossFileIdFindings(read).map((fs) => fs.map((f) => [f.location?.file, f.location?.line, f.path.join('.'), f.message]))).toEqual([[], [
      ['two.json', 16, 'vectors.1.id', 'vector "b" is also in one.json:16: ids name the vectors in the report, so each must be unique across the files of a run'],
    ]]);
  });
  test('npm run conformance: the repeated id is a finding (exit 1), nothing runs', () => {
    const r = runScript('scripts/conformance.ts', [one, two]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('two.json:16:3: error vectors[1].id: vector "b" is also in ');
    expect(r.stderr).toContain('no vector run');
  });
  test('the same file twice (by any path) is a usage error, not "2 passed"', () => {
    for (const again of [one, path.join(dir, '..', path.basename(dir), 'one.json')]) {
      const r = runScript('scripts/conformance.ts', [one, again]);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^error: .*one\.json is given twice.*: pass each vectors file once \[cli\/usage\]\nusage: npm run conformance/);
    }
  });
});

test('a fractional replica count is still "must be an integer", with the value', () => {
  const r = readVectorsFile(file('frac.json', VECTOR('a', '1.5')));
  expect(r.findings.map((f) => f.message)).toEqual(['vector "a" (scaleUpLimit): must be an integer, got 1.5']);
});
