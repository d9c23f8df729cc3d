import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runVectors, VectorsFile } from '../lib/simulation/conformance/run';
import { ROOT, runScript, tempDir } from './support';

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
  // The failing run as the real process (its exit code), through tsx's loader as `npm run conformance`
  // runs it (without the tsx CLI's relaying parent process); the passing one in this process (support.runScript).
  const run = (file: string) => spawnSync(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'conformance.ts'), file], { cwd: ROOT, encoding: 'utf-8' });

  test('reports failing vectors with expected and actual, and exits 1', () => {
    const broken = load('derived-vectors.json');
    broken.vectors[0].expected.limit = 112;
    const file = path.join(tempDir('vectors'), 'broken.json');
    fs.writeFileSync(file, JSON.stringify(broken));
    const r = run(file);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('FAIL derived/percent-scale-up-float-quirk-100-plus-10 [scaleUpLimit]: limit: expected 112, got 111');
    expect(r.stdout.trim().split('\n').pop()).toBe(`${broken.vectors.length - 1} passed, 1 failed`);
  });

  test('an unknown kind is a conformance/shape finding before any vector runs, not a failed vector', () => {
    const broken = load('derived-vectors.json');
    broken.vectors.push({ id: 'made-up', kind: 'noSuchKind', inputs: {}, expected: {} });
    const file = path.join(tempDir('vectors'), 'broken.json');
    fs.writeFileSync(file, JSON.stringify(broken));
    const r = run(file);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/error vectors\[25\]\.kind: vector "made-up": must be one of .*, got string "noSuchKind" \[conformance\/shape\]/);
    expect(r.stderr).toMatch(/\nno vector run\n$/);
  });

  test('exits 0 with the plain summary line when all pass', () => {
    const r = runScript('scripts/conformance.ts', [path.join(DATA, 'upstream-vectors.json')]);
    expect(r.status).toBe(0);
    expect(r.stdout.trim()).toBe(`${load('upstream-vectors.json').vectors.length} passed, 0 failed`);
  });
});

describe('the harness reports what the engine computes', () => {
  const pod = (name: string) => ({ name, phase: 'Running', deleted: false, startTimeAge: 'zero', readyCondition: { status: 'True', lastTransitionAge: 'zero' }, containers: [{ name: 'c' }] });
  const base = { metricSource: 'Pods', currentReplicas: 2, tolerances: { scaleDown: 0.1, scaleUp: 0.1 }, pods: [pod('p-0'), pod('p-1')] };
  const vector = (id: string, inputs: object, expected: object) => ({ id, kind: 'replicaCalc', inputs: { ...base, ...inputs }, expected });
  const outcome = (v: ReturnType<typeof vector>) => runVectors({ vectors: [v] })[0];

  test('an empty custom metrics list fails as on the reconcile path: "no metrics returned from custom metrics API", wrapped with the metric', () => {
    const v = vector('empty-pods', { function: 'GetMetricReplicas', metricName: 'qps', targetUsageMilli: 1000, podMetrics: [] },
      { expectedError: 'unable to get metric qps: no metrics returned from custom metrics API' });
    expect(outcome(v)).toMatchObject({ ok: true });
    // Not the calculator's own "did not receive metrics ..." that a harness skipping the client would report.
    const wrong = vector('empty-pods', { function: 'GetMetricReplicas', targetUsageMilli: 1000, podMetrics: [] },
      { expectedError: 'did not receive metrics for targeted pods' });
    expect(outcome(wrong).failures[0]).toContain('got "unable to get metric qps: no metrics returned from custom metrics API"');
  });

  test('an empty external list is the external client\'s error, with namespace, name and selector', () => {
    const v = vector('empty-external', { function: 'GetExternalMetricReplicas', metricName: 'queue', targetUsageMilli: 1000,
      externalMetric: { selector: { matchLabels: { queue: 'render' } }, valuesMilli: [] } },
    { expectedError: 'unable to get external metric test-namespace/queue/&LabelSelector{MatchLabels:map[string]string{queue: render,},MatchExpressions:[]LabelSelectorRequirement{},}: no metrics returned from external metrics API' });
    expect(outcome(v)).toMatchObject({ ok: true });
  });

  test('usage past 2^53 is compared as an exact integer, never a rounded JS number', () => {
    // Mean of 2^53 + 1 and 2^53 + 1: a JS number would print 9007199254740992.
    const pods = vector('big-pods', { function: 'GetMetricReplicas', targetUsageMilli: '9007199254740993',
      podMetrics: [{ name: 'p-0', valueMilli: '9007199254740993' }, { name: 'p-1', valueMilli: '9007199254740993' }] },
    { expectedReplicas: 2, expectedUsage: '9007199254740993' });
    expect(outcome(pods)).toMatchObject({ ok: true });
    const rounded = { ...pods, expected: { expectedReplicas: 2, expectedUsage: 9007199254740992 } };
    expect(outcome(rounded).failures).toEqual(['expectedUsage: expected 9007199254740992, got "9007199254740993"']);
  });

  test('External AverageValue near MaxInt64: float64(usage) >= float64(MaxInt64) reports MaxInt64', () => {
    const v = vector('ext-max', { function: 'GetExternalPerPodMetricReplicas', perPodTargetUsageMilli: '9223372036854775807', statusReplicas: 1,
      externalMetric: { selector: null, valuesMilli: ['9223372036854775296'] } }, { expectedReplicas: 1, expectedUsage: '9223372036854775807' });
    expect(outcome(v)).toMatchObject({ ok: true });
  });

  test('Object AverageValue has no clamp: MaxInt64 over one replica reports int64(2^63), MinInt64 on amd64', () => {
    const v = vector('obj-max', { function: 'GetObjectPerPodMetricReplicas', perPodTargetUsageMilli: '9223372036854775807', statusReplicas: 1,
      objectMetric: { describedObject: { kind: 'Deployment', name: 'd' }, valueMilli: '9223372036854775807' } },
    { expectedReplicas: 1, expectedUsage: '-9223372036854775808' });
    expect(outcome(v)).toMatchObject({ ok: true });
  });
});
