import * as fs from 'fs';
import * as path from 'path';
import { runExplain } from '../lib/explain/explain-command';
import { Explanation } from '../lib/explain/explain-hpa';
import { runSimulate } from '../lib/simulation/command';
import { tempDir } from './temp-dirs';

// The HPA of the fresh-user test, which explains cleanly as is; each test changes one value.
const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: luneo-backend-hpa, namespace: luneo-production}
spec:
  behavior:
    scaleDown: {policies: [{periodSeconds: 300, type: Percent, value: 50}, {periodSeconds: 300, type: Pods, value: 2}], selectPolicy: Min, stabilizationWindowSeconds: 300}
    scaleUp: {policies: [{periodSeconds: 60, type: Percent, value: 100}, {periodSeconds: 60, type: Pods, value: 5}], selectPolicy: Max, stabilizationWindowSeconds: 0}
  maxReplicas: 50
  metrics:
  - {type: Resource, resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}}
  - {type: Pods, pods: {metric: {name: http_requests_per_second}, target: {type: AverageValue, averageValue: "1000"}}}
  minReplicas: 3
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: luneo-backend}
status:
  currentMetrics:
  - {type: Resource, resource: {name: cpu, current: {averageUtilization: 77, averageValue: 385m}}}
  - {type: Pods, pods: {metric: {name: http_requests_per_second}, current: {averageValue: "1050"}}}
  currentReplicas: 10
  desiredReplicas: 10
  lastScaleTime: "2026-11-29T11:50:00Z"
`;
const NOW = Date.parse('2026-11-29T12:00:00Z');

function write(name: string, text: string): string {
  const file = path.join(tempDir('explain-limits'), name);
  fs.writeFileSync(file, text);
  return file;
}

const explainText = (file: string, podsFile?: string) => runExplain({ file, podsFile, now: NOW, format: 'text' });
const explainJson = (file: string) => JSON.parse(runExplain({ file, now: NOW, format: 'json' }).stdout) as Explanation;

test('the HPA as given explains cleanly', () => {
  const r = explainText(write('hpa.yaml', HPA));
  expect(r.exitCode).toBe(0);
  expect(r.stdout).not.toMatch(/Infinity|NaN/);
});

describe('a quantity beyond what a cluster holds (2^63 - 1) is hpa/quantity at its field, never Infinity', () => {
  test.each([
    ['a Pods target of 1e400', 'averageValue: "1000"', 'averageValue: "1e400"', 11, 'spec.metrics[1].pods.target.averageValue', '1e400'],
    ['a current value of 1e400', 'current: {averageValue: "1050"}', 'current: {averageValue: "1e400"}', 17, 'status.currentMetrics[1].pods.current.averageValue', '1e400'],
    ['a current cpu value of 2^63 units', 'averageValue: 385m', 'averageValue: "9223372036854775808"', 16, 'status.currentMetrics[0].resource.current.averageValue', '9223372036854775808'],
    ['a negative current value past the range', 'current: {averageValue: "1050"}', 'current: {averageValue: "-1e30"}', 17, 'status.currentMetrics[1].pods.current.averageValue', '-1e30'],
  ])('%s', (_name, from, to, line, field, value) => {
    const file = write('bigq.yaml', HPA.replace(from, to));
    const r = explainText(file);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`bigq\\.yaml:${line}:\\d+: error ${field.replace(/[[\].]/g, '\\$&')}: is ${value.replace(/[+]/g, '\\+')}, beyond the largest quantity Kubernetes holds \\(2\\^63 - 1 = 9223372036854775807\\) \\[hpa/quantity\\]`));
    expect(r.stderr).not.toMatch(/Infinity|\n\s+at /);
    // simulate --hpa reads the HPA through the same reader: the same finding, not a trace's fault
    const s = runSimulate(['--hpa', file, '--trace', 'step'], process.cwd());
    expect(s.exitCode).toBe(1);
    expect(s.stderr).toContain('[hpa/quantity]');
    expect(s.stderr).not.toMatch(/trace step|simulate\/load-range/);
  });

  test('an exponent that would make a billion-digit number is refused at once', () => {
    const r = explainText(write('huge-exp.yaml', HPA.replace('averageValue: "1000"', 'averageValue: "1e999999999"')));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('is 1e999999999, beyond the largest quantity Kubernetes holds');
  });

  test('2^63 - 1 itself is a quantity a cluster holds', () => {
    const r = explainText(write('max.yaml', HPA.replace('averageValue: "1000"', 'averageValue: "9223372036854775807"')));
    expect(r.exitCode).toBe(0);
  });

  test('a pod request past the range is hpa/quantity in the pods file too', () => {
    const pods = write('pods.yaml', `apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: p1, ownerReferences: [{kind: ReplicaSet, name: luneo-backend-5d9f}]}
  spec:
    containers: [{name: app, resources: {requests: {cpu: "1e400"}}}]
  status: {phase: Running, conditions: [{type: Ready, status: "True"}]}
`);
    const r = explainText(write('hpa.yaml', HPA), pods);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/pods\.yaml:8:\d+: error items\[0\]\.spec\.containers\[0\]\.resources\.requests\.cpu: is 1e400, beyond the largest quantity Kubernetes holds .*\[hpa\/quantity\]/);
  });
});

describe('values the controller\'s int64 arithmetic wraps: the words agree with the proposal', () => {
  test('a current value of 2^63 - 1 per pod reads as -1 (MilliValue keeps the low 64 bits): below the band, fewer replicas, 0 proposed', () => {
    const file = write('bigcur.yaml', HPA.replace('current: {averageValue: "1050"}', 'current: {averageValue: "9223372036854775807"}'));
    const e = explainJson(file);
    const m = e.metrics[1];
    // 9223372036854775807000 milli mod 2^64 is -1000 milli: -1 per pod; -1000 / 1000000 milli
    expect(m.usageRatio).toBeCloseTo(-0.001, 12);
    expect(m.withinTolerance).toBe(false);
    expect(m.proposal).toEqual(expect.objectContaining({ ok: true, replicas: 0 }));
    expect(m.currentAsRead).toBe('-1 per pod (its milli-value is past int64, and Quantity.MilliValue() keeps the low 64 bits)');
    const text = explainText(file).stdout;
    expect(text).toContain('2. Pods http_requests_per_second: 9223372036854775807 per pod, which the controller\'s int64 arithmetic reads as -1 per pod');
    expect(text).toContain('usage ratio -0.0010, below the tolerance band 0.90..1.10, so it asks for fewer replicas.\n     Proposes 0 replicas.');
    expect(text).not.toMatch(/above the tolerance band 0\.90\.\.1\.10, so it asks for more replicas\.\n\s+Proposes 0/);
  });

  test('a count beyond int32 is said to overflow, as upstream\'s int32(math.Ceil(...)) does on amd64', () => {
    // 9e15 per pod against 1m: ratio 9e18, times 10 pods, far beyond int32; the sum of 10 pods stays within int64
    const file = write('ovf.yaml', HPA.replace('current: {averageValue: "1050"}', 'current: {averageValue: "900000000000000"}').replace('averageValue: "1000"', 'averageValue: "1m"'));
    const e = explainJson(file);
    expect(e.metrics[1].proposal).toEqual(expect.objectContaining({ ok: true, replicas: -2147483648, overflow: true }));
    expect(e.metrics[1].currentAsRead).toBeNull();
    const text = explainText(file).stdout;
    expect(text).toContain('Proposes -2147483648 replicas: the count the usage ratio asks for is beyond int32');
    expect(text).toContain('Decision: the highest proposal is 10 replicas');
  });
});

test('a status at 0 replicas with desiredReplicas 10 invents no scale event: scaling is disabled', () => {
  const r = explainText(write('zero.yaml', HPA.replace('currentReplicas: 10', 'currentReplicas: 0')));
  expect(r.exitCode).toBe(0);
  expect(r.stdout).not.toContain('The last sync changed the target from 0 to 10');
  expect(r.stdout).toContain('Now: 0 replicas, desired 10; last scaled 10m ago (2026-11-29T11:50:00Z). With minReplicas 3, a controller that finds the target at 0 replicas disables scaling and writes desiredReplicas 0');
  expect(r.stdout).toContain('Disabled: the target has 0 replicas');
  // the outlook starts where the controller would: minReplicas, once the target has a replica again
  expect(r.stdout).toContain('one step goes from 3 to 8 replicas');
  const e = explainJson(write('zero.yaml', HPA.replace('currentReplicas: 10', 'currentReplicas: 0')));
  expect(e.outlook.from).toBe(3);
  expect(e.blockedBy?.reason).toBe('ScalingDisabled');
});

describe('runaway nesting is yaml/too-deep in every reader, not the engine\'s "Maximum call stack size exceeded"', () => {
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  test('explain: the HPA file and the --pods file', () => {
    const file = write('d.yaml', deep);
    for (const r of [explainText(file), explainText(write('hpa.yaml', HPA), file)]) {
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/d\.yaml:1:\d+: error \(root\): nests too deeply for the YAML parser \(runaway brackets or indentation\?\) \[yaml\/too-deep\]/);
      expect(r.stderr).not.toContain('Maximum call stack');
    }
  });
  test('simulate --hpa', () => {
    const r = runSimulate(['--hpa', write('d.yaml', deep), '--trace', 'step'], process.cwd());
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/d\.yaml:1:\d+: error \(root\): nests too deeply .*\[yaml\/too-deep\]/);
    expect(r.stderr).not.toContain('Maximum call stack');
  });
});

describe('a file that is not UTF-8 text is an encoding finding, as the config reader gives (lib/config/text-encoding.ts)', () => {
  const bytes = (name: string, b: Buffer) => {
    const f = path.join(tempDir('explain-encoding'), name);
    fs.writeFileSync(f, b);
    return f;
  };
  const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(HPA, 'utf16le')]);
  const utf16beNoBom = Buffer.from(HPA, 'utf16le').swap16();
  const withNul = Buffer.concat([Buffer.from(HPA.slice(0, 50)), Buffer.from([0]), Buffer.from(HPA.slice(50))]);
  test.each([
    ['UTF-16 with a byte order mark (Windows PowerShell\'s `>`)', utf16le, '1:1', 'the file is UTF-16 encoded'],
    ['UTF-16 big-endian without a mark', utf16beNoBom, '1:1', 'the file is UTF-16 encoded'],
    ['a NUL byte', withNul, '2:24', 'a NUL byte: this is not a text file'],
  ])('%s: explain, explain --pods and simulate --hpa', (_name, content, at, says) => {
    const file = bytes('hpa.yaml', content);
    for (const r of [explainText(file), explainText(write('ok.yaml', HPA), file)]) {
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain(`hpa.yaml:${at}: error (root): ${says} [explain/encoding]`);
      expect(r.stderr).toContain('Out-File -Encoding utf8');
      expect(r.stderr).not.toMatch(/not a Kubernetes object|holds a string/);
    }
    const s = runSimulate(['--hpa', file, '--trace', 'step'], process.cwd());
    expect(s.exitCode).toBe(1);
    expect(s.stderr).toContain(`hpa.yaml:${at}: error (root): ${says} [simulate/encoding]`);
  });
});
