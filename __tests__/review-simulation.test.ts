import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { modelFromEnvironment } from '../lib/simulation/from-environment';
import { Summary } from '../lib/simulation/summary';
import { renderComparisonSvg } from '../lib/review/comparison-chart';
import { runReview } from '../lib/review/review-command';
import { compareHpa, ran, summaryDeltas } from '../lib/review/simulation-comparison';
import { synthesizeEnvironments } from '../lib/output/synthesize';
import { gitRepoWithOutput, production, productionCopy, runScript } from './support';

/** The tester's change: the backend HPA's max from 50 to 15. */
function changeBackendMax(dir: string): void {
  const file = path.join(dir, 'config', 'production.yaml');
  const text = fs.readFileSync(file, 'utf-8');
  expect(text).toContain('replicas: { min: 3, max: 50 }');
  fs.writeFileSync(file, text.replace('replicas: { min: 3, max: 50 }', 'replicas: { min: 3, max: 15 }'));
}

/** Each distinct environment is synthesized once in this file (the tests only read the files). */
const synthesized = new Map<string, ReturnType<typeof synthesizeEnvironments>>();
function synthesizedFiles(env: any) {
  const key = JSON.stringify(env);
  if (!synthesized.has(key)) synthesized.set(key, synthesizeEnvironments([env]));
  return synthesized.get(key)!;
}
const hpaSpec = (env: any, name: string) => parse(synthesizedFiles(env).find((f) => f.path.endsWith(`horizontalpodautoscaler-${name}.k8s.yaml`))!.content).spec;

function summary(over: Partial<Summary>): Summary {
  return {
    workload: 'backend', trace: 'step', seed: 1, durationSeconds: 5400, stepSeconds: 15, loadUnit: 'req/s', peakLoad: 1, peakAt: '0s', sustainedPeakLoad: 1,
    servingReplicas: 8, servingExceedsMax: false, neededReplicas: 10, neededExceedsMax: false, timeToNeededCapacitySeconds: 270, shortOfCapacityFrom: null, replicaMinutes: 100,
    minReplicasSeen: 3, maxReplicasSeen: 10, scaleUps: 2, scaleDowns: 2, directionChanges: 0, secondsAtMaxReplicas: 0, traceNotes: [], ...over,
  };
}

describe('simulation deltas', () => {
  test('the issue\'s examples: time to peak capacity 4m30s -> 3m15s, replica-minutes +12%, flapping 0 -> 3', () => {
    const d = summaryDeltas(summary({}), summary({ timeToNeededCapacitySeconds: 195, replicaMinutes: 112, directionChanges: 3 }));
    expect(d).toEqual(['time to peak capacity 4m30s -> 3m15s', 'replica-minutes +12% (100 -> 112)', 'flapping 0 -> 3 direction changes']);
    expect(summaryDeltas(summary({}), summary({}))).toEqual([]);
    expect(summaryDeltas(summary({}), summary({ timeToNeededCapacitySeconds: null }))).toEqual(['time to peak capacity 4m30s -> never']);
  });

  test('same HPA in both versions: same runs, no delta (same seed)', () => {
    const env = production();
    const spec = hpaSpec(productionCopy(), 'luneo-worker-hpa');
    const c = compareHpa({ environment: 'production', hpa: 'luneo-worker-hpa', workload: 'worker', base: spec, head: spec, model: modelFromEnvironment(env, 'worker') });
    expect(c.runs.map((r) => r.trace)).toEqual(['step', 'ramp', 'diurnal', 'flash', 'drain']);
    for (const r of c.runs) expect(r.deltas).toEqual([]);
    // one run serves both versions: same spec, model, trace and seed give the same run
    for (const r of c.runs) expect(r.head).toBe(r.base);
  });

  test('a faster scale-down shows as fewer replica-minutes on the step preset, and both versions are drawn', () => {
    const env = production();
    const changed = productionCopy();
    changed.workloads.backend.scaleDown.pods = 4;
    const c = compareHpa({
      environment: 'production', hpa: 'luneo-backend-hpa', workload: 'backend',
      base: hpaSpec(productionCopy(), 'luneo-backend-hpa'), head: hpaSpec(changed, 'luneo-backend-hpa'), model: modelFromEnvironment(env, 'backend'), presets: ['step'],
    });
    expect(c.runs.map((r) => r.trace)).toEqual(['step']);
    const step = c.runs.find((r) => r.trace === 'step')!;
    expect(ran(step.base) && ran(step.head)).toBe(true);
    if (!ran(step.base) || !ran(step.head)) return;
    expect(step.head.summary.replicaMinutes).toBeLessThan(step.base.summary.replicaMinutes);
    expect(step.deltas.find((d) => d.startsWith('replica-minutes -'))).toBeDefined();
    // the scale-up side is untouched: same time to capacity
    expect(step.head.summary.timeToNeededCapacitySeconds).toBe(step.base.summary.timeToNeededCapacitySeconds);
    const svg = renderComparisonSvg(step, 'production / luneo-backend-hpa: step');
    expect(svg).toMatch(/^<svg/);
    expect(svg).toContain('base replicas');
    expect(svg).toContain('this change: replicas');
    expect(renderComparisonSvg(step, 'production / luneo-backend-hpa: step')).toBe(svg); // same bytes
  });

  test('a base HPA the model cannot run (a metric it has no signal for) is reported, not thrown', () => {
    const env = production();
    const base = hpaSpec(productionCopy(), 'luneo-backend-hpa');
    const odd = { ...base, metrics: [...base.metrics, { type: 'Pods', pods: { metric: { name: 'mystery_metric' }, target: { type: 'AverageValue', averageValue: '5' } } }] };
    const c = compareHpa({ environment: 'production', hpa: 'luneo-backend-hpa', workload: 'backend', base: odd, head: base, model: modelFromEnvironment(env, 'backend'), presets: ['step'] });
    expect(c.runs[0].deltas[0]).toMatch(/^base could not be simulated: HPA metric "mystery_metric"/);
  });

  test('an exception that is not about the input is a bug and propagates, instead of reading as "could not be simulated"', () => {
    const env = production();
    const base = hpaSpec(productionCopy(), 'luneo-backend-hpa');
    const broken = { ...modelFromEnvironment(env, 'backend'), behaviour: undefined as never };
    expect(() => compareHpa({ environment: 'production', hpa: 'luneo-backend-hpa', workload: 'backend', base, head: base, model: broken, presets: ['step'] })).toThrow(TypeError);
  });
});

describe('npm run review --out', () => {
  test('writes review.md with charts beside it and review.html; recorded traces run too', () => {
    const dir = gitRepoWithOutput('review-out');
    const file = path.join(dir, 'config', 'production.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf-8').replace('peakConcurrentJobs: 500', 'peakConcurrentJobs: 500\n    scaleUp: { percent: 100, pods: 4, every: 60s, select: Max, stabilization: 0s }'));
    fs.mkdirSync(path.join(dir, 'traces', 'worker'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'traces', 'worker', 'monday.csv'), 'time,value\n0,1\n600,6\n1200,6\n1800,6\n2400,1\n3000,1\n3600,1\n');

    const r = runReview({ base: 'HEAD', outDir: 'out', configDir: 'config', distDir: 'dist', cwd: dir });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    const md = fs.readFileSync(path.join(dir, 'out', 'review.md'), 'utf-8');
    expect(md).toContain('scaleUp policy Percent 50/120s -> 100/60s');
    expect(md).toMatch(/### Simulated: production \/ `luneo-worker-hpa`/);
    expect(md).toMatch(/\| monday\.csv \(recorded\) \| /);
    // HPA changes, then what they do (simulated), then everything else
    const at = (re: RegExp) => md.search(re);
    expect(at(/### production: HorizontalPodAutoscalers/)).toBeGreaterThan(0);
    expect(at(/### production: HorizontalPodAutoscalers/)).toBeLessThan(at(/### Simulated: /));
    const other = at(/### Other changes|<summary>Other changes/);
    expect(other === -1 || other > at(/### Simulated: /)).toBe(true);
    const charts = [...md.matchAll(/\]\((charts\/[^)]+\.svg)\)/g)].map((m) => m[1]);
    expect(charts.length).toBeGreaterThan(0);
    for (const c of charts) expect(fs.readFileSync(path.join(dir, 'out', c), 'utf-8')).toMatch(/^<svg/);
    const html = fs.readFileSync(path.join(dir, 'out', 'review.html'), 'utf-8');
    expect(html).toMatch(/^<!DOCTYPE html>/);
    expect(html).not.toMatch(/<script[^>]+src=|<link[^>]+href=|https?:\/\/cdn/); // self-contained
    // a second run writes the same bytes
    const again = runReview({ base: 'HEAD', outDir: 'out2', configDir: 'config', distDir: 'dist', cwd: dir });
    expect(again.exitCode).toBe(0);
    expect(fs.readFileSync(path.join(dir, 'out2', 'review.md'), 'utf-8')).toBe(md);
    expect(fs.readFileSync(path.join(dir, 'out2', 'review.html'), 'utf-8')).toBe(html);
  });
});

describe('npm run review --traces: a recordings folder that cannot be used is a finding, not silently skipped', () => {
  const repo = () => {
    const dir = gitRepoWithOutput('review-traces');
    fs.writeFileSync(path.join(dir, 'afile'), 'not a folder\n');
    return dir;
  };

  test.each([
    [['--traces', '/tmp/luneo-no-such-traces-dir'], 'review/traces-missing', '/tmp/luneo-no-such-traces-dir: error: --traces /tmp/luneo-no-such-traces-dir does not exist [review/traces-missing]'],
    [['--traces', 'afile'], 'review/traces-not-a-directory', 'afile: error: --traces afile is not a directory [review/traces-not-a-directory]'],
  ])('%j: %s, exit 1', (args, _rule, finding) => {
    const dir = repo();
    const r = runScript('scripts/review.ts', args, { cwd: dir, env: { INIT_CWD: dir } });
    expect(r.stderr).toContain(finding);
    expect(r.stderr).toContain('review failed: the recorded traces cannot be used as given');
    expect(r.status).toBe(1);
  });

  test('the default traces/ may be absent; a file named traces is still a finding', () => {
    const dir = repo();
    const absent = runScript('scripts/review.ts', [], { cwd: dir, env: { INIT_CWD: dir } });
    expect(absent.stderr).toBe('');
    expect(absent.status).toBe(0);
    fs.writeFileSync(path.join(dir, 'traces'), '');
    const file = runReview({ base: 'HEAD', configDir: 'config', distDir: 'dist', cwd: dir });
    expect(file.stderr).toContain('traces: error: traces is not a directory [review/traces-not-a-directory]');
    expect(file.exitCode).toBe(1);
  });

  test('a folder or a trace file naming no workload of any environment is a finding listing the workload keys; hidden entries and other files are left alone', () => {
    const dir = repo();
    fs.mkdirSync(path.join(dir, 'traces', 'wokrer'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'traces', 'wokrer', 'x.csv'), 'time,value\n0,1\n');
    fs.writeFileSync(path.join(dir, 'traces', 'monday.csv'), 'time,value\n0,1\n');
    fs.mkdirSync(path.join(dir, 'traces', 'worker'));
    fs.mkdirSync(path.join(dir, 'traces', '.cache'));
    fs.writeFileSync(path.join(dir, 'traces', 'README.md'), '# recordings\n');
    const r = runReview({ base: 'HEAD', configDir: 'config', distDir: 'dist', cwd: dir });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe([
      'traces/monday.csv:',
      '  traces/monday.csv: error: traces/monday.csv is not in a workload\'s folder, so it would never run; the workloads are backend, worker [review/unknown-workload]',
      '      fix: move it into the folder of the workload it recorded (traces/backend/monday.csv)',
      'traces/wokrer:',
      '  traces/wokrer: error: traces/wokrer names no workload of any environment, so its traces would never run; the workloads are backend, worker [review/unknown-workload]',
      '      fix: rename it to the key of the workload it recorded (traces/backend, traces/worker)',
      '2 error(s), 0 warning(s)',
      'review failed: the recorded traces cannot be used as given',
      '',
    ].join('\n'));
    fs.rmSync(path.join(dir, 'traces', 'wokrer'), { recursive: true });
    fs.rmSync(path.join(dir, 'traces', 'monday.csv'));
    const ok = runReview({ base: 'HEAD', configDir: 'config', distDir: 'dist', cwd: dir });
    expect(ok.stderr).toBe('');
    expect(ok.exitCode).toBe(0);
  });
});

describe('npm run review --traces: a workload\'s entry that is no folder is a finding before anything is simulated', () => {
  test('a regular file, a FIFO and a dangling symbolic link named like a workload: review/not-a-directory each, exit 1', () => {
    const dir = gitRepoWithOutput('review-traces-notdir');
    fs.mkdirSync(path.join(dir, 't5'));
    fs.writeFileSync(path.join(dir, 't5', 'backend'), 'x\n');
    execFileSync('mkfifo', [path.join(dir, 't5', 'worker')]);
    const r = runReview({ base: 'HEAD', configDir: 'config', distDir: 'dist', cwd: dir, tracesDir: 't5' });
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe([
      't5/backend:',
      '  t5/backend: error: t5/backend is a regular file, not a directory, so the recordings of workload backend cannot be read [review/not-a-directory]',
      '      fix: make t5/backend a folder holding backend\'s recorded CSV/JSON traces (t5/backend/monday.csv), or move it out of t5',
      't5/worker:',
      '  t5/worker: error: t5/worker is a named pipe (FIFO), not a directory, so the recordings of workload worker cannot be read [review/not-a-directory]',
      '      fix: make t5/worker a folder holding worker\'s recorded CSV/JSON traces (t5/worker/monday.csv), or move it out of t5',
      '2 error(s), 0 warning(s)',
      'review failed: the recorded traces cannot be used as given',
      '',
    ].join('\n'));
    expect(r.exitCode).toBe(1);
    fs.rmSync(path.join(dir, 't5', 'backend'));
    fs.rmSync(path.join(dir, 't5', 'worker'));
    fs.symlinkSync(path.join(dir, 'no-such-folder'), path.join(dir, 't5', 'backend'));
    const dangling = runReview({ base: 'HEAD', configDir: 'config', distDir: 'dist', cwd: dir, tracesDir: 't5' });
    expect(dangling.stderr).toContain('t5/backend: error: t5/backend is a symbolic link to a path that does not exist (dangling), not a directory, so the recordings of workload backend cannot be read [review/not-a-directory]');
    expect(dangling.exitCode).toBe(1);
    // a link to a real folder is that folder
    fs.rmSync(path.join(dir, 't5', 'backend'));
    fs.mkdirSync(path.join(dir, 'recorded'));
    fs.symlinkSync(path.join(dir, 'recorded'), path.join(dir, 't5', 'backend'));
    const linked = runReview({ base: 'HEAD', configDir: 'config', distDir: 'dist', cwd: dir, tracesDir: 't5' });
    expect(linked.stderr).toBe('');
    expect(linked.exitCode).toBe(0);
  });

  test('with an HPA changed, the finding comes before any simulation (no internal error)', () => {
    const dir = gitRepoWithOutput('review-traces-notdir-changed');
    changeBackendMax(dir);
    fs.mkdirSync(path.join(dir, 't5'));
    fs.writeFileSync(path.join(dir, 't5', 'backend'), 'x\n');
    const r = runScript('scripts/review.ts', ['--traces', 't5'], { cwd: dir, env: { INIT_CWD: dir } });
    expect(r.stderr).not.toContain('internal error');
    expect(r.stderr).toContain('t5/backend: error: t5/backend is a regular file, not a directory, so the recordings of workload backend cannot be read [review/not-a-directory]');
    expect(r.status).toBe(1);
  });
});

describe('npm run review: recorded traces', () => {
  test('two recordings whose names read alike once made file-safe get a chart each (a b.csv, a_b.csv)', () => {
    const dir = gitRepoWithOutput('review-chart-names');
    changeBackendMax(dir);
    fs.mkdirSync(path.join(dir, 'traces', 'backend'), { recursive: true });
    // enough load to reach the old max of 50 above the new one of 15, so both versions differ
    fs.writeFileSync(path.join(dir, 'traces', 'backend', 'a b.csv'), 'time,value\n0,1000\n300,40000\n600,40000\n900,40000\n1200,1000\n1500,1000\n1800,1000\n');
    fs.writeFileSync(path.join(dir, 'traces', 'backend', 'a_b.csv'), 'time,value\n0,1000\n300,30000\n600,30000\n900,30000\n1200,1000\n1500,1000\n1800,1000\n');
    const r = runReview({ base: 'HEAD', outDir: 'out', configDir: 'config', distDir: 'dist', cwd: dir, presets: ['step'] });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toBe('wrote review.md, charts/production--luneo-backend-hpa--step.svg, charts/production--luneo-backend-hpa--a_b.csv-0c591648.svg, '
      + 'charts/production--luneo-backend-hpa--a_b.csv.svg, review.html to out\n');
    const md = fs.readFileSync(path.join(dir, 'out', 'review.md'), 'utf-8');
    expect(md).toContain('![luneo-backend-hpa: a b.csv, base dashed, this change solid](charts/production--luneo-backend-hpa--a_b.csv-0c591648.svg)');
    expect(md).toContain('![luneo-backend-hpa: a_b.csv, base dashed, this change solid](charts/production--luneo-backend-hpa--a_b.csv.svg)');
    const charts = fs.readdirSync(path.join(dir, 'out', 'charts')).sort();
    expect(charts).toEqual(['production--luneo-backend-hpa--a_b.csv-0c591648.svg', 'production--luneo-backend-hpa--a_b.csv.svg', 'production--luneo-backend-hpa--step.svg']);
    const svg = (f: string) => fs.readFileSync(path.join(dir, 'out', 'charts', f), 'utf-8');
    expect(svg('production--luneo-backend-hpa--a_b.csv-0c591648.svg')).toContain('a b.csv');
    expect(svg('production--luneo-backend-hpa--a_b.csv.svg')).toContain('a_b.csv');
    expect(svg('production--luneo-backend-hpa--a_b.csv.svg')).not.toContain('a b.csv');
  });

  test('a trace finding\'s fix is one review can act on: the simulate flags --gaps, --series and --sum only through npm run simulate', () => {
    const dir = gitRepoWithOutput('review-trace-hints');
    changeBackendMax(dir);
    fs.mkdirSync(path.join(dir, 'traces', 'backend'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'traces', 'backend', 'mon.csv'), 'time,value\n0,1\n60,2\n600,3\n660,4\n');
    const gap = runScript('scripts/review.ts', [], { cwd: dir, env: { INIT_CWD: dir } });
    expect(gap.stderr).toBe([
      'traces/backend/mon.csv:',
      '  traces/backend/mon.csv:4: error time: no samples for 540 s between 60 s and 600 s (longer than 300 s) [prometheus/gap]',
      '      fix: record that range again without the gap (review replays a recording as it is); to look at it now, '
        + '`npm run simulate -- --env production --workload backend --trace traces/backend/mon.csv --gaps hold` (keep the last value) or '
        + '`npm run simulate -- --env production --workload backend --trace traces/backend/mon.csv --gaps zero` (no load)',
      '1 error(s), 0 warning(s)',
      'review failed: a recorded trace is invalid',
      '',
    ].join('\n'));
    expect(gap.status).toBe(1);
    fs.rmSync(path.join(dir, 'traces', 'backend', 'mon.csv'));
    fs.writeFileSync(path.join(dir, 'traces', 'backend', 'mon 2.json'), JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [
      { metric: { pod: 'a' }, values: [[1700000000, '1'], [1700000060, '2']] }, { metric: { pod: 'b' }, values: [[1700000000, '1'], [1700000060, '2']] }] } }));
    const several = runReview({ base: 'HEAD', configDir: 'config', distDir: 'dist', cwd: dir });
    expect(several.stderr).toContain('error data.result: holds 2 series: {pod="a"} {pod="b"} [prometheus/several-series]\n'
      + '      fix: record one series: sum them in the PromQL query (sum(...)) or select one with label matchers, and record it again (review replays a recording as it is); to look at it now, '
      + '`npm run simulate -- --env production --workload backend --trace \'traces/backend/mon 2.json\' --sum` or '
      + '`npm run simulate -- --env production --workload backend --trace \'traces/backend/mon 2.json\' --series label=value`\n');
    expect(several.exitCode).toBe(1);
    // simulate's own hint is unchanged
    const sim = runScript('scripts/simulate.ts', ['--env', 'production', '--workload', 'backend', '--trace', 'traces/backend/mon 2.json'], { cwd: dir, env: { INIT_CWD: dir } });
    expect(sim.stderr).toContain('fix: pick one with --series label=value, or add them up with --sum (or record sum(...) in the query)');
  });
});

describe('npm run review: recorded traces are read by simulate --trace\'s reader, encoding included', () => {
  test('a UTF-16 recording is trace/encoding and a hex value trace/value, each at its file, with no control character echoed', () => {
    const dir = gitRepoWithOutput('review-traces-encoding');
    // Recordings run for a changed HPA: raise the backend's maxReplicas.
    const file = path.join(dir, 'config', 'production.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf-8').replace('replicas: { min: 3, max: 50 }', 'replicas: { min: 3, max: 60 }'));
    fs.mkdirSync(path.join(dir, 'traces', 'backend'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'traces', 'backend', 'u16.csv'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('time,value\n0,1\n15,1\n', 'utf16le')]));
    fs.writeFileSync(path.join(dir, 'traces', 'backend', 'hex.csv'), 'time,value\n0,0x10\n15,1\n');
    const r = runReview({ base: 'HEAD', configDir: 'config', distDir: 'dist', cwd: dir, presets: [] });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('traces/backend/u16.csv:1: error (root): the file is UTF-16 encoded [trace/encoding]');
    expect(r.stderr).toContain('traces/backend/hex.csv:2: error value: "0x10" is not a number [trace/value]');
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u007f-\u009f\ufffd]/);
  });
});
