import * as fs from 'fs';
import * as path from 'path';
import { useCaseArithmetic } from '../lib/capacity/arithmetic';
import { capacityReports, runCapacity } from '../lib/capacity/capacity-command';
import { capacityReport, descriptionMismatch, promiseText, quotedNumbers } from '../lib/capacity/report';
import { parse } from 'yaml';
import { synthesizeEnvironments } from '../lib/output/synthesize';
import { CONFIG_DIR, productionCopy, ROOT, tempDir } from './support';

const hpas = (env: any) => new Map(Object.entries(env.workloads).map(([key, w]: [string, any]) => [key,
  parse(synthesizeEnvironments([env]).find((f) => f.path.endsWith(`horizontalpodautoscaler-${w.hpa}.k8s.yaml`))!.content).spec]));

describe('capacity arithmetic', () => {
  test('the backend promise: 10k users x 2 req/s = 20,000 req/s against 50 x 1,000 at target and 50 x 2,000 at saturation', () => {
    const a = useCaseArithmetic(productionCopy(), 'backend', 2000)!;
    expect(a).toMatchObject({
      kind: 'backend', demand: 20000, capacityAtTarget: 50000, capacityAtSaturation: 100000, podsAtTarget: 20, perPodAtMax: 400, verdict: 'met',
    });
  });

  test.each([
    [15, 'met-above-target'], // 15,000 < 20,000 <= 30,000
    [9, 'not-met'], // 18,000 at saturation < 20,000
  ])('maxReplicas %i: %s', (max, verdict) => {
    const env = productionCopy();
    env.workloads.backend.replicas.max = max;
    expect(useCaseArithmetic(env, 'backend', 2000)!.verdict).toBe(verdict);
  });

  test('the worker promise: 500 jobs against 20 x 25, exactly; the active-jobs target asks for 50 workers', () => {
    const a = useCaseArithmetic(productionCopy(), 'worker', 0)!;
    expect(a).toMatchObject({ kind: 'worker', peakConcurrentJobs: 500, capacity: 500, podsNeeded: 20, activeJobsTarget: 10, podsAtActiveJobsTarget: 50, verdict: 'met' });
    const short = productionCopy();
    short.workloads.worker.useCase.peakConcurrentJobs = 600;
    expect(useCaseArithmetic(short, 'worker', 0)).toMatchObject({ podsNeeded: 24, verdict: 'not-met' });
  });

  test('no numbers declared: nothing to check', () => {
    const env = productionCopy();
    delete env.workloads.backend.useCase.concurrentUsers;
    delete env.workloads.backend.useCase.requestsPerUserPerSecond;
    expect(useCaseArithmetic(env, 'backend', 2000)).toBeNull();
  });
});

describe('capacity report', () => {
  test('both promises get a verdict with the numbers, a footprint, a chart and what to change', () => {
    const env = productionCopy();
    const files = capacityReport(env, hpas(env));
    expect(files.map((f) => f.path)).toEqual(['production/capacity.md', 'production/backend-step.svg', 'production/worker-step.svg']);
    const md = files[0].content;
    expect(md).toContain('10,000 users x 2 req/s = **20,000 req/s**');
    expect(md).toContain('maxReplicas 50 x 1,000 req/s = 50,000 req/s; the peak needs 20 pods');
    expect(md).toContain('maxReplicas 20 x 25 jobs per worker = 500 jobs; the peak needs 20 workers');
    expect(md).toContain('Maximum footprint (maxReplicas x requests): 25 CPU cores, 25 GiB.'); // 50 x 500m, 50 x 512Mi
    expect(md).toContain('Maximum footprint (maxReplicas x requests): 20 CPU cores, 40 GiB.'); // 20 x 1, 20 x 2Gi
    expect(md).toMatch(/\| step \| .* \| (met|\*\*not met\*\*) \| /);
    expect(md).toContain('No headroom: 20 x 25 = exactly 500');
    expect(files[1].content).toMatch(/^<svg/);
    // Same config, same bytes: `npm run capacity` computes the same files from config/ (and keeps
    // them for the freshness check below, instead of this test simulating everything twice).
    const byPath = (list: typeof files) => [...list].sort((a, b) => (a.path < b.path ? -1 : 1));
    expect(capacityReports(CONFIG_DIR).filter((f) => f.path.startsWith('production/'))).toEqual(byPath(files));
  });

  test('a workload the simulator refuses (replicas.max over 10,000) keeps its arithmetic verdict and says why it was not simulated', () => {
    const env = productionCopy();
    env.workloads.backend.replicas.max = 20000;
    env.budget = { cpu: '20000', memory: '20Ti' };
    const files = capacityReport(env, hpas(env), ['step']);
    const md = files[0].content;
    expect(md).toMatch(/\| backend \(`luneo-backend-hpa`\) \| .* \| met \| not simulated \|/);
    expect(md).toContain('Not simulated: spec.maxReplicas is 20000: the simulator models every pod and one run holds at most 10,000; simulate a copy of the HPA with maxReplicas 10000 or less [simulate/too-many-pods].');
    expect(files.map((f) => f.path)).toEqual(['production/capacity.md', 'production/worker-step.svg']); // no chart for a run that did not happen
    expect(md).toMatch(/\| worker \(`luneo-worker-hpa`\) \| .* \| [01] of 1 \|/); // the other workload is still simulated
  });

  test('a promise the ceiling cannot keep says what to change', () => {
    const env = productionCopy();
    env.workloads.backend.replicas.max = 9;
    const md = capacityReport(env, hpas(env), ['step'])[0].content; // the step preset is the one asserted
    expect(md).toContain('Arithmetic verdict: **not met**; at 9 pods each serves 2,222.2 req/s');
    expect(md).toContain('Raise replicas.max to at least 20 (the peak at the 1,000 req/s target); 10 is the bare minimum before requests fail.');
    expect(md).toMatch(/\| step \| .* \| \*\*not met\*\* \| \d[\d.]*% of requests failed/);
  });
});

describe('npm run capacity', () => {
  test('the committed reports/capacity is fresh (run `npm run capacity` after a config change)', () => {
    const r = runCapacity({ configDir: CONFIG_DIR, reportsDir: path.join(ROOT, 'reports', 'capacity'), check: true, cwd: ROOT });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });

  test('writes, reports no change the second time, removes only stale report files of its own', () => {
    const dir = tempDir('capacity');
    fs.mkdirSync(path.join(dir, 'old-env'));
    fs.writeFileSync(path.join(dir, 'old-env', 'capacity.md'), 'stale');
    fs.writeFileSync(path.join(dir, 'old-env', 'notes.txt'), 'someone else\'s');
    const first = runCapacity({ configDir: CONFIG_DIR, reportsDir: dir, check: false, cwd: ROOT });
    expect(first.exitCode).toBe(0);
    expect(fs.existsSync(path.join(dir, 'production', 'capacity.md'))).toBe(true);
    expect(fs.existsSync(path.join(dir, 'old-env', 'capacity.md'))).toBe(false);
    expect(fs.readFileSync(path.join(dir, 'old-env', 'notes.txt'), 'utf-8')).toBe('someone else\'s');
    expect(runCapacity({ configDir: CONFIG_DIR, reportsDir: dir, check: false, cwd: ROOT }).stdout).toMatch(/^no change/);
    fs.writeFileSync(path.join(dir, 'production', 'capacity.md'), 'edited');
    const check = runCapacity({ configDir: CONFIG_DIR, reportsDir: dir, check: true, cwd: ROOT });
    expect(check.exitCode).toBe(1);
    expect(check.stderr).toMatch(/is stale \(production\/capacity\.md\): run `npm run capacity`/);
  });
});

describe('capacity report headings come from the declared numbers', () => {
  test('quotedNumbers reads 10k, 1,500 and 2.5M', () => {
    expect(quotedNumbers('10k users, 1,500 jobs, 2.5M events')).toEqual([10000, 1500, 2500000]);
    expect(quotedNumbers('render jobs')).toEqual([]);
  });

  test('the committed staging report heads its worker with the declared 150 and flags the inherited "500" description', () => {
    const md = fs.readFileSync(path.join(ROOT, 'reports/capacity/staging/capacity.md'), 'utf-8');
    expect(md).toContain('## worker: 150 concurrent jobs\n');
    expect(md).not.toContain('## worker: 500');
    expect(md).toContain('Use case: 500 concurrent render jobs (**warning**: the description quotes 500, but the environment declares a peak of 150 concurrent jobs');
  });

  test('a description quoting the declared number is not flagged', () => {
    const env = productionCopy();
    env.workloads.worker.useCase.peakConcurrentJobs = 150;
    const a = useCaseArithmetic(env, 'worker', 0)!;
    expect(descriptionMismatch('150 concurrent render jobs', a)).toBeNull();
    expect(descriptionMismatch('render jobs', a)).toBeNull();
    expect(descriptionMismatch('500 concurrent render jobs', a)).toMatch(/quotes 500, but the environment declares a peak of 150/);
    const b = useCaseArithmetic(productionCopy(), 'backend', 2000)!;
    expect(descriptionMismatch('10k concurrent users of read-only embed widget flows', b)).toBeNull();
    expect(promiseText(b)).toBe('10,000 concurrent users x 2 req/s = 20,000 req/s');
  });
});
