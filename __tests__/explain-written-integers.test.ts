// explain and simulate --hpa read the HPA's integers as the API server decodes them (int32/int64
// from integer literals, checked on the text written, not on JavaScript's float), and explain never
// allocates one stand-in pod per replica past MAX_STAND_IN_PODS.
import * as fs from 'fs';
import * as path from 'path';
import { MAX_STAND_IN_PODS, runExplain } from '../lib/explain/explain-command';
import { runSimulate } from '../lib/simulation/command';
import { tempDir } from './temp-dirs';

const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: luneo-backend-hpa
  namespace: luneo-production
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: luneo-backend}
  minReplicas: 3
  maxReplicas: 50
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
  behavior:
    scaleUp:
      policies:
      - {type: Pods, value: 4, periodSeconds: 60}
status:
  currentReplicas: 5
  desiredReplicas: 5
  currentMetrics:
  - type: Resource
    resource: {name: cpu, current: {averageUtilization: 90, averageValue: 450m}}
`;
const dir = tempDir('written-integers');
const write = (name: string, text: string) => { const f = path.join(dir, name); fs.writeFileSync(f, text); return f; };
const NOW = Date.parse('2026-11-29T12:00:00Z');
const explain = (file: string) => runExplain({ file, now: NOW, format: 'text' });

describe('an integer field is checked as written', () => {
  test.each([
    ['maxReplicas: 50', 'maxReplicas: 9223372036854775808', '9:3', 'spec.maxReplicas: must be at most 2147483647 (int32), got 9223372036854775808 [schema/too-big]'],
    ['maxReplicas: 50', 'maxReplicas: 2147483648', '9:3', 'spec.maxReplicas: must be at most 2147483647 (int32), got 2147483648 [schema/too-big]'],
    ['minReplicas: 3', 'minReplicas: -9223372036854775809', '8:3', 'spec.minReplicas: must be at least -2147483648 (int32), got -9223372036854775809 [schema/too-small]'],
    ['minReplicas: 3', 'minReplicas: 3.0', '8:3', 'spec.minReplicas: must be an integer (int32), got 3.0: the API decodes int32 fields from integer literals only, never a decimal or exponent form [hpa/integer]'],
    ['minReplicas: 3', 'minReplicas: 1e1', '8:3', 'spec.minReplicas: must be an integer (int32), got 1e1: '],
    ['value: 4,', 'value: 4.0,', '16:22', 'spec.behavior.scaleUp.policies[0].value: must be an integer (int32), got 4.0'],
    ['averageUtilization: 70}', 'averageUtilization: 7e1}', '12:55', 'spec.metrics[0].resource.target.averageUtilization: must be an integer (int32), got 7e1'],
    ['maxReplicas: 50', 'maxReplicas: 1e400', '9:3', 'spec.maxReplicas: must be at most 2147483647 (int32), got 1e400, out of range of any number [schema/too-big]'],
    ['currentReplicas: 5', 'currentReplicas: 5.0', '18:3', 'status.currentReplicas: must be an integer (int32), got 5.0'],
  ])('%s -> %s', (from, to, at, says) => {
    const file = write('h.yaml', HPA.replace(from, to));
    for (const r of [explain(file), runSimulate(['--hpa', file, '--trace', 'step'], process.cwd())]) {
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain(`h.yaml:${at}: error ${says}`);
      expect(r.stderr.match(/\[(schema|hpa)\//g)).toHaveLength(1);
    }
  });
  test('integer literals stay accepted, in every YAML spelling, and a metric target value may be any quantity', () => {
    const file = write('ok.yaml', HPA.replace('minReplicas: 3', 'minReplicas: 0x3').replace('maxReplicas: 50', 'maxReplicas: +50')
      .replace('averageUtilization: 70}}', 'averageUtilization: 70}}\n  - type: External\n    external: {metric: {name: q}, target: {type: Value, value: 1e1}}'));
    const r = explain(file);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('between 3 and 50 replicas');
  });
  test('JSON as kubectl -o json prints it', () => {
    const json = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'a' }, spec: { scaleTargetRef: { kind: 'Deployment', name: 'a' }, maxReplicas: 5 } };
    const r = explain(write('h.json', JSON.stringify(json).replace('"maxReplicas":5', '"maxReplicas":5.0')));
    expect(r.stderr).toContain('h.json:1:');
    expect(r.stderr).toContain('error spec.maxReplicas: must be an integer (int32), got 5.0');
  });
});

describe('a huge replica count is a finding, never one stand-in pod per replica', () => {
  test.each([2147483647, 1000000, MAX_STAND_IN_PODS + 1])('status.currentReplicas %d', (n) => {
    const r = explain(write('big.yaml', HPA.replace('currentReplicas: 5', `currentReplicas: ${n}`)));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`big.yaml:18:3: error status.currentReplicas: is ${n.toLocaleString('en-US')}: without --pods explain models one stand-in pod per replica, at most 100,000 (MAX_STAND_IN_PODS) [explain/too-many-replicas]`);
  });
  test('an HPA without status is explained without any pod, whatever minReplicas', () => {
    const r = explain(write('nostatus.yaml', HPA.replace(/status:[\s\S]*$/, '').replace('minReplicas: 3', 'minReplicas: 2000000000').replace('maxReplicas: 50', 'maxReplicas: 2147483647')));
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('between 2000000000 and 2147483647 replicas');
  });
  test('simulate --hpa: the status is not modelled; a maxReplicas past the simulator\'s cap stays simulate/too-many-pods', () => {
    const r = runSimulate(['--hpa', write('sim.yaml', HPA.replace('currentReplicas: 5', 'currentReplicas: 2147483647').replace('maxReplicas: 50', 'maxReplicas: 2147483647')), '--trace', 'step'], process.cwd());
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('[simulate/too-many-pods]');
  });
});
