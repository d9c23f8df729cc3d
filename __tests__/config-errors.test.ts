import * as fs from 'fs';
import { stringify } from 'yaml';
import { parseEnvironment } from '../lib/config/load';
import { formatFinding } from '../lib/config/findings';
import { quantityInRange, quantityWholeMilli } from '../lib/config/primitives';
import { PRODUCTION_FILE, productionCopy } from './support';

const text = fs.readFileSync(PRODUCTION_FILE, 'utf-8');
const FILE = 'config/production.yaml';
const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const parse = (t: string) => parseEnvironment(t, FILE);

describe('config errors name the file, line, field path and rule', () => {
  test('the production file is clean', () => {
    expect(parse(text).findings).toEqual([]);
  });

  test('YAML syntax error', () => {
    const { env, findings } = parse(text.replace('  port: 9090', '  port: [9090'));
    expect(env).toBeUndefined();
    expect(findings[0].rule).toBe('yaml/syntax');
    expect(findings[0].location).toMatchObject({ file: FILE });
    expect(findings[0].location!.line).toBeGreaterThanOrEqual(lineOf('  port: 9090'));
  });

  test('duplicate key is an error naming the key, at the duplicate, not a silent override', () => {
    const { findings } = parse(text.replace('namespace: luneo-production', 'namespace: luneo-production\nnamespace: other'));
    expect(findings).toEqual([expect.objectContaining({ rule: 'yaml/duplicate-key', path: ['namespace'], location: { file: FILE, line: lineOf('namespace: luneo-production') + 1, column: 1 } })]);
    expect(formatFinding(findings[0])).toContain('error namespace: key "namespace" is defined twice');
  });

  test('a number past 2^53 is one finding: the field\'s own bound, or the safe-integer limit where it has none', () => {
    const big = parse(text.replace('replicas: { min: 2, max: 20 }', 'replicas: { min: 2, max: 99999999999999999999999 }')).findings;
    expect(big.map((f) => [f.rule, f.path.join('.'), f.message])).toEqual([
      ['schema/too-big', 'workloads.worker.replicas.max', 'must be at most 2147483647 (maxReplicas is an int32 in the Kubernetes API)']]);
    const jobs = parse(text.replace('maxConcurrentJobs: 25', 'maxConcurrentJobs: 99999999999999999999999')).findings;
    expect(jobs.map((f) => [f.rule, f.path.join('.'), f.message])).toEqual([
      ['schema/too-big', 'workloads.worker.concurrency.maxConcurrentJobs', 'must be at most 9007199254740991 (beyond it a whole number is not held exactly), got number 1e+23']]);
  });

  test('unknown key, at the line of the key', () => {
    const { findings } = parse(text.replace('    hpa: luneo-worker-hpa', '    hpa: luneo-worker-hpa\n    maxReplica: 30'));
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'schema/unknown-key', path: ['workloads', 'worker', 'maxReplica'] });
    expect(findings[0].location!.line).toBe(lineOf('    hpa: luneo-worker-hpa') + 1);
    expect(formatFinding(findings[0])).toMatch(/^config\/production\.yaml:\d+:5: error workloads\.worker\.maxReplica: unknown key "maxReplica" \[schema\/unknown-key\]/);
  });

  test('wrong type', () => {
    const { findings } = parse(text.replace('replicas: { min: 3, max: 50 }', 'replicas: { min: three, max: 50 }'));
    expect(findings).toEqual([expect.objectContaining({ rule: 'schema/type', path: ['workloads', 'backend', 'replicas', 'min'] })]);
    expect(findings[0].message).toContain('must be number, got string "three"');
    expect(findings[0].location!.line).toBe(lineOf('replicas: { min: 3, max: 50 }'));
  });

  test('missing required field, reported at its parent', () => {
    const { findings } = parse(text.replace('    deployment: luneo-backend\n', ''));
    expect(findings).toEqual([expect.objectContaining({ rule: 'schema/required', path: ['workloads', 'backend', 'deployment'] })]);
    expect(findings[0].location!.line).toBe(lineOf('  backend:'));
  });

  test('bad values break their named rules', () => {
    const bad = productionCopy();
    bad.workloads.backend.scaleUp.every = '1 minute';
    bad.workloads.backend.replicas = { min: 10, max: 5 };
    bad.metrics.luneo_queue_depth.target.averageValue = '50 jobs';
    bad.workloads.worker.scaleDown.select = 'Smallest';
    const { findings } = parse(stringify(bad));
    const byPath = Object.fromEntries(findings.map((f) => [f.path.join('.'), f]));
    expect(byPath['workloads.backend.scaleUp.every'].message).toMatch(/duration/);
    expect(byPath['workloads.backend.replicas.max'].message).toMatch(/greater than or equal to min/);
    expect(byPath['metrics.luneo_queue_depth.target.averageValue'].message).toMatch(/Kubernetes quantity/);
    expect(byPath['workloads.worker.scaleDown.select']).toMatchObject({ rule: 'schema/enum' });
  });

  test('every problem is reported, not only the first', () => {
    const many = text
      .replace('replicas: { min: 3, max: 50 }', 'replicas: { min: 0, max: 50 }')
      .replace('    hpa: luneo-worker-hpa', '    hpa: Luneo_Worker')
      .replace('interval: 30s', 'interval: soon');
    const { findings } = parse(many);
    expect(findings.map((f) => f.path.join('.')).sort()).toEqual([
      'workloads.backend.replicas.min',
      'workloads.backend.scrape.interval',
      'workloads.worker.hpa',
    ]);
  });
});

describe('consistency rules', () => {
  const findingsOf = (mutate: (env: any) => void) => {
    const env = productionCopy();
    mutate(env);
    return parse(stringify(env)).findings;
  };

  test('concurrency at or below the active-jobs target can never trigger a scale-up', () => {
    const findings = findingsOf((e) => { e.workloads.worker.concurrency.maxConcurrentJobs = 10; });
    const f = findings.find((x) => x.rule === 'concurrency/active-jobs-unreachable')!;
    expect(f.path).toEqual(['workloads', 'worker', 'concurrency', 'maxConcurrentJobs']);
    expect(f.message).toContain('can never trigger a scale-up');
    expect(f.location!.line).toBeGreaterThan(1);
  });

  test('maxReplicas x concurrency below the declared peak fails with the arithmetic', () => {
    const findings = findingsOf((e) => { e.workloads.worker.replicas.max = 19; });
    expect(findings).toEqual([expect.objectContaining({ rule: 'concurrency/capacity', path: ['workloads', 'worker', 'replicas', 'max'] })]);
    expect(findings[0].message).toContain('19 replicas x 25 jobs = 475');
    expect(findings[0].hint).toContain('at least 20');
  });

  test('rate window shorter than 4 scrapes', () => {
    const findings = findingsOf((e) => { e.metrics.http_requests_per_second.rateWindow = '1m'; });
    expect(findings).toEqual([expect.objectContaining({ rule: 'catalogue/rate-window', path: ['metrics', 'http_requests_per_second', 'rateWindow'] })]);
  });

  test('a metric of an unknown workload', () => {
    const findings = findingsOf((e) => { e.metrics.luneo_queue_depth.workload = 'workers'; });
    expect(findings[0]).toMatchObject({ rule: 'catalogue/unknown-workload' });
    expect(findings[0].hint).toContain('backend, worker');
  });

  test('utilization target without declared requests', () => {
    const findings = findingsOf((e) => { delete e.workloads.backend.containers.backend.memory; });
    expect(findings).toEqual([expect.objectContaining({ rule: 'workload/requests-undeclared', path: ['workloads', 'backend', 'utilization', 'memory'] })]);
  });

  test('relist interval shorter than the scrape interval', () => {
    const findings = findingsOf((e) => { e.adapter.metricsRelistInterval = '15s'; });
    expect(findings.map((f) => f.rule)).toContain('adapter/relist-interval');
  });

  test('two workloads scaling one Deployment', () => {
    const findings = findingsOf((e) => { e.workloads.worker.deployment = 'luneo-backend'; });
    expect(findings.map((f) => f.rule)).toContain('workload/duplicate-target');
  });
});

describe('quantity bounds the HPA controller imposes (int64 milli-units, whole milli-units)', () => {
  test.each([
    ['500m', true, true], ['1.5m', true, false], ['0.5', true, true], [0.0001, true, false], ['512Mi', true, true],
    ['1e-3', true, true], ['1e-4', true, false], ['9223372036854775807m', true, true], ['9223372036854775808m', false, true],
    ['9223372036854775.807', true, true], ['10P', false, true], ['8Ei', false, true], ['1e999999999', false, true], ['1e-999999999', false, true], ['0e-999999999', false, true],
  ])('%s: in range %s, whole milli %s', (q, inRange, whole) => {
    expect(quantityInRange(q)).toBe(inRange);
    if (inRange) expect(quantityWholeMilli(q)).toBe(whole);
  });
});
