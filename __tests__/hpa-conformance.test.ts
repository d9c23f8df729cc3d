import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runVectors, VectorsFile } from '../lib/simulation/conformance/run';
import { ROOT, tempDir } from './support';

const DATA = path.join(__dirname, 'data', 'hpa');
const load = (name: string): VectorsFile => JSON.parse(fs.readFileSync(path.join(DATA, name), 'utf-8'));

describe.each(['upstream-vectors.json', 'derived-vectors.json'])('HPA engine conformance: %s', (name) => {
  const file = load(name);
  const outcomes = runVectors(file);
  test('covers every vector of the file', () => {
    expect(outcomes).toHaveLength(file.vectors.length);
  });
  test.each(outcomes.map((o) => [o.id, o] as const))('%s', (_id, outcome) => {
    expect(outcome.failures).toEqual([]);
  });
});

test('upstream vectors cover every kind the format defines', () => {
  const kinds = new Set(load('upstream-vectors.json').vectors.map((v) => v.kind));
  expect([...kinds].sort()).toEqual([
    'behaviorRate', 'calculateRequests', 'convertWithRules', 'groupPods', 'reconcile', 'replicaCalc',
    'scaleDownLimit', 'scaleUpLimit', 'stabilizeLegacy', 'stabilizeWithBehavior', 'storeScaleEvents',
  ]);
});

describe('npm run conformance', () => {
  const run = (file: string) => spawnSync(process.execPath, [require.resolve('tsx/cli'), path.join(ROOT, 'scripts', 'conformance.ts'), file], { encoding: 'utf-8' });

  test('reports failing vectors with expected and actual, an unknown kind as a failure, and exits 1', () => {
    const broken = load('derived-vectors.json');
    broken.vectors[0].expected.limit = 112;
    broken.vectors.push({ id: 'made-up', kind: 'noSuchKind', inputs: {}, expected: {} });
    const file = path.join(tempDir('vectors'), 'broken.json');
    fs.writeFileSync(file, JSON.stringify(broken));
    const r = run(file);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('FAIL derived/percent-scale-up-float-quirk-100-plus-10 [scaleUpLimit]: limit: expected 112, got 111');
    expect(r.stdout).toContain('FAIL made-up [noSuchKind]: unknown kind "noSuchKind"');
    expect(r.stdout.trim().split('\n').pop()).toBe(`${broken.vectors.length - 2} passed, 2 failed`);
  });

  test('exits 0 with the plain summary line when all pass', () => {
    const r = run(path.join(DATA, 'upstream-vectors.json'));
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(`${load('upstream-vectors.json').vectors.length} passed, 0 failed`);
  });
});
