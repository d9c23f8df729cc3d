import * as fs from 'fs';
import * as path from 'path';
import { useCaseArithmetic } from '../lib/capacity/arithmetic';
import { capacityReports, runCapacity } from '../lib/capacity/capacity-command';
import { capacityReport, descriptionMismatch, promiseText, quotedNumbers } from '../lib/capacity/report';
import { parse } from 'yaml';
import { synthesizeEnvironments } from '../lib/output/synthesize';
import { MARKER, markerContent } from '../lib/output/dist-writer';
import { CONFIG_DIR, gitRepoWithOutput, productionCopy, ROOT, runScript, tempDir } from './support';

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

  test('writes its marker, reports no change the second time, drops a report of its own that no longer belongs, and --check compares every file', () => {
    const dir = path.join(tempDir('capacity'), 'out');
    const first = runCapacity({ configDir: CONFIG_DIR, reportsDir: dir, check: false, cwd: ROOT });
    expect(first.stderr).toBe('');
    expect(first.exitCode).toBe(0);
    expect(fs.readFileSync(path.join(dir, MARKER), 'utf-8')).toBe('# luneo-autoscaling output: this directory is written by `npm run capacity`; do not edit.\nformat 1\n'
      + 'production/backend-step.svg\nproduction/capacity.md\nproduction/worker-step.svg\nstaging/backend-step.svg\nstaging/capacity.md\nstaging/worker-step.svg\n');
    expect(runCapacity({ configDir: CONFIG_DIR, reportsDir: dir, check: false, cwd: ROOT }).stdout).toMatch(/^no change in /);
    // An environment that was removed from the config: its report is ours (the marker lists it), so it goes.
    fs.mkdirSync(path.join(dir, 'old-env'));
    fs.writeFileSync(path.join(dir, 'old-env', 'capacity.md'), 'stale');
    fs.appendFileSync(path.join(dir, MARKER), 'old-env/capacity.md\n');
    const check = runCapacity({ configDir: CONFIG_DIR, reportsDir: dir, check: true, cwd: ROOT });
    expect(check.exitCode).toBe(1);
    expect(check.stderr).toMatch(/is stale \(\.luneo-autoscaling, old-env\/capacity\.md\): run `npm run capacity`/);
    const second = runCapacity({ configDir: CONFIG_DIR, reportsDir: dir, check: false, cwd: ROOT });
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toMatch(/^updated \.luneo-autoscaling, old-env\/capacity\.md in /);
    expect(fs.existsSync(path.join(dir, 'old-env'))).toBe(false);
    // --check sees the same set of files the run writes: an edited report, a missing marker, a stray file.
    fs.writeFileSync(path.join(dir, 'production', 'capacity.md'), 'edited');
    fs.rmSync(path.join(dir, MARKER));
    fs.writeFileSync(path.join(dir, 'staging', 'notes.txt'), 'mine');
    const stale = runCapacity({ configDir: CONFIG_DIR, reportsDir: dir, check: true, cwd: ROOT });
    expect(stale.exitCode).toBe(1);
    expect(stale.stderr).toMatch(/is stale \(\.luneo-autoscaling, production\/capacity\.md, staging\/notes\.txt\): run `npm run capacity`/);
  });

  test('the committed reports/capacity carries the capacity marker, so `npm run capacity` leaves git status clean', () => {
    expect(fs.readFileSync(path.join(ROOT, 'reports', 'capacity', MARKER), 'utf-8'))
      .toBe(markerContent(capacityReports(CONFIG_DIR), 'capacity'));
  });
});

describe('npm run capacity never deletes what it did not write (issue 7 section 1)', () => {
  /** A git copy of the project with a committed dist/ (runbooks, environments.md) and a simulate output. */
  function project(): string {
    const root = gitRepoWithOutput('capacity-out');
    fs.mkdirSync(path.join(root, 'dist', 'runbooks'), { recursive: true });
    fs.writeFileSync(path.join(root, 'dist', 'environments.md'), '# environments\n');
    fs.writeFileSync(path.join(root, 'dist', 'runbooks', 'production.md'), '# production\n');
    fs.writeFileSync(path.join(root, 'dist', 'runbooks', 'staging.md'), '# staging\n');
    fs.mkdirSync(path.join(root, 'sim'));
    fs.writeFileSync(path.join(root, 'sim', 'chart.svg'), '<svg/>');
    fs.writeFileSync(path.join(root, 'sim', MARKER), markerContent([{ path: 'chart.svg', content: '<svg/>' }], 'simulate'));
    fs.writeFileSync(path.join(root, 'afile'), 'a file\n');
    return root;
  }
  /** Every file under `dir`, with its text. */
  const snapshot = (dir: string) => Object.fromEntries((fs.readdirSync(dir, { recursive: true }) as string[]).sort()
    .filter((p) => !p.startsWith('.git/') && p !== '.git' && fs.statSync(path.join(dir, p)).isFile()).map((p) => [p, fs.readFileSync(path.join(dir, p), 'utf-8')]));

  test.each([
    ['.', 'output-dir/protected', 'the output directory contains the synthesized output directory'],
    ['dist', 'output-dir/protected', 'the output directory is the synthesized output directory'],
    ['dist/runbooks', 'output-dir/protected', 'the output directory lies inside the synthesized output directory'],
    ['config', 'output-dir/protected', 'the output directory is the config directory'],
    ['sim', 'output-dir/other-output', 'sim holds the output of `npm run simulate`, not of `npm run capacity`; it is left untouched'],
    ['afile', 'output-dir/not-a-directory', 'afile is a file, not an output directory'],
  ])('--out %s is refused (%s) and every file is left as it was', (out, rule, message) => {
    const root = project();
    const before = snapshot(root);
    const r = runScript('scripts/capacity.ts', ['--out', out], { cwd: root, env: { INIT_CWD: root } });
    expect(r.stderr).toContain(message);
    expect(r.stderr).toContain(`[${rule}]`);
    expect(r.stderr).toContain(`capacity reports not written; ${out} was left as it was`);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.status).toBe(1);
    expect(snapshot(root)).toEqual(before);
    expect(fs.existsSync(path.join(root, 'production'))).toBe(false);
  });

  test('a directory of someone else\'s files is refused (output-dir/not-owned), one unlisted file in our own tree too (output-dir/unexpected-file)', () => {
    const dir = tempDir('capacity-foreign');
    fs.mkdirSync(path.join(dir, 'production'));
    fs.writeFileSync(path.join(dir, 'production', 'capacity.md'), 'my notes');
    const foreign = runCapacity({ configDir: CONFIG_DIR, reportsDir: dir, check: false, cwd: ROOT });
    expect(foreign.exitCode).toBe(1);
    expect(foreign.stderr).toContain('[output-dir/not-owned]');
    expect(fs.readFileSync(path.join(dir, 'production', 'capacity.md'), 'utf-8')).toBe('my notes');
    const ours = path.join(tempDir('capacity-ours'), 'out');
    expect(runCapacity({ configDir: CONFIG_DIR, reportsDir: ours, check: false, cwd: ROOT }).exitCode).toBe(0);
    fs.writeFileSync(path.join(ours, 'staging', 'notes.txt'), 'mine');
    const r = runCapacity({ configDir: CONFIG_DIR, reportsDir: ours, check: false, cwd: ROOT });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('staging/notes.txt is in the output but the last `npm run capacity` did not write it; it is left untouched [output-dir/unexpected-file]');
    expect(fs.readFileSync(path.join(ours, 'staging', 'notes.txt'), 'utf-8')).toBe('mine');
  });

  test.each([
    [['--config', 'nosuchdir'], 'nosuchdir: error: config directory nosuchdir does not exist [config/missing-dir]'],
    [['--config', 'afile'], 'afile: error: afile is a file, not a config directory [config/not-a-directory]'],
    [['--check', '--out', 'afile'], 'afile: error: afile is a file, not a reports directory [output-dir/not-a-directory]'],
  ])('%j is a finding, exit 1, no stack trace', (args, finding) => {
    const root = project();
    const r = runScript('scripts/capacity.ts', [...args, ...(args.includes('--out') ? [] : ['--out', 'reports-new'])], { cwd: root, env: { INIT_CWD: root } });
    expect(r.stderr).toContain(finding);
    expect(r.stderr).not.toMatch(/internal error|\n\s+at /);
    expect(r.status).toBe(1);
    expect(fs.existsSync(path.join(root, 'reports-new'))).toBe(false);
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
