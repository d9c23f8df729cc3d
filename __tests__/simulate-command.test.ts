import * as fs from 'fs';
import * as path from 'path';
import { MARKER } from '../lib/output/dist-writer';
import { runSimulate } from '../lib/simulation/command';
import { ROOT, tempDir } from './support';

const tmp = () => tempDir('sim'); // removed when this file ends (jest.environment.js)

describe('npm run simulate', () => {
  test('--env/--workload/--trace/--seed/--out: prints a summary and writes the five files', () => {
    const out = path.join(tmp(), 'run');
    const r = runSimulate(['--env', 'production', '--workload', 'worker', '--trace', 'spike', '--seed', '1', '--out', out], ROOT);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^luneo-worker-hpa \(worker\), trace flash, seed 1: 3600 s in 15 s steps\n/);
    expect(r.stdout).toMatch(/peak backlog \d+ jobs at /);
    expect(fs.readdirSync(out).sort()).toEqual([MARKER, 'chart.svg', 'decisions.json', 'summary.json', 'timeline.csv', 'timeline.json'].sort());
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf-8'));
    expect(summary).toMatchObject({ workload: 'worker', trace: 'flash', seed: 1, neededReplicas: 50, neededExceedsMax: true });
    const csv = fs.readFileSync(path.join(out, 'timeline.csv'), 'utf-8').split('\n');
    expect(csv[0]).toBe('t_seconds,load,current_replicas,desired_replicas,pods,ready_pods,cpu_utilization_percent,cpu_utilization_target,memory_utilization_percent,memory_utilization_target,luneo_queue_depth_per_pod,luneo_queue_depth_per_pod_target,luneo_worker_active_jobs,luneo_worker_active_jobs_target,queue_depth,active_jobs,failed_requests');
    expect(csv).toHaveLength(3600 / 15 + 2); // a row per step of [0, 3600 s), the header and the final newline
    expect(fs.readFileSync(path.join(out, 'chart.svg'), 'utf-8')).toMatch(/^<svg[^>]*width="1100"/);
    const decisions = JSON.parse(fs.readFileSync(path.join(out, 'decisions.json'), 'utf-8'));
    expect(decisions.some((d: { kind: string }) => d.kind === 'scale-up')).toBe(true);
    // A second run may overwrite its own output.
    expect(runSimulate(['--env', 'production', '--workload', 'worker', '--trace', 'spike', '--out', out], ROOT).exitCode).toBe(0);
  });

  test('refuses a non-empty directory it did not write, and leaves it alone', () => {
    const dir = tmp();
    fs.writeFileSync(path.join(dir, 'notes.txt'), 'mine');
    const r = runSimulate(['--env', 'production', '--workload', 'backend', '--trace', 'step', '--out', dir], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('holds files luneo-autoscaling did not write (notes.txt)');
    expect(r.stderr).toContain('[output-dir/not-owned]');
    expect(fs.readdirSync(dir)).toEqual(['notes.txt']);
    expect(fs.readFileSync(path.join(dir, 'notes.txt'), 'utf-8')).toBe('mine');
    // Nor the project itself.
    expect(runSimulate(['--env', 'production', '--workload', 'backend', '--trace', 'step', '--out', '.'], ROOT)).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('output-dir/protected') });
  });

  test('a broken trace file is reported as findings with file:line and rule, not a stack trace', () => {
    const dir = tmp();
    const file = path.join(dir, 'load.csv');
    fs.writeFileSync(file, 'time,value\n0,100\n15,lots\n');
    const r = runSimulate(['--env', 'production', '--workload', 'backend', '--trace', file], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/load\.csv:3: error value: "lots" is not a number \[trace\/value\]/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('--hpa runs any autoscaling/v2 HPA file', () => {
    const hpa = path.join(ROOT, 'dist', 'production', 'horizontalpodautoscaler-luneo-backend-hpa.k8s.yaml');
    const r = runSimulate(['--hpa', hpa, '--model', 'backend', '--trace', 'ramp', '--peak', '8000'], ROOT);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^luneo-backend-hpa \(backend\), trace ramp, seed 1/);
    expect(r.stdout).toContain('peak 8,000 req/s');
  });

  test('--out dist (the manifests) is refused and left untouched: a simulation never replaces synth output', () => {
    const dist = path.join(tmp(), 'dist');
    fs.cpSync(path.join(ROOT, 'dist'), dist, { recursive: true });
    const before = fs.readFileSync(path.join(dist, MARKER), 'utf-8');
    const r = runSimulate(['--env', 'production', '--workload', 'worker', '--trace', 'step', '--out', dist], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('[output-dir/other-output]');
    expect(fs.readFileSync(path.join(dist, MARKER), 'utf-8')).toBe(before);
    expect(fs.existsSync(path.join(dist, 'summary.json'))).toBe(false);
  });

  test('usage mistakes exit 2 with a message', () => {
    expect(runSimulate(['--env', 'production', '--workload', 'backend'], ROOT)).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('--trace is required') });
    expect(runSimulate(['--env', 'production', '--workload', 'backend', '--trace', 'tsunami'], ROOT)).toMatchObject({ exitCode: 2, stderr: expect.stringContaining('neither a preset') });
    expect(runSimulate(['--env', 'production', '--workload', 'backend', '--trace', 'step', '--seed', 'x'], ROOT)).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('error --seed: must be a whole number, got "x" [cli/integer]') });
    expect(runSimulate(['--env', 'production', '--workload', 'nope', '--trace', 'step'], ROOT)).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('no workload "nope"') });
  });
});

describe('the README example', () => {
  test('docs/simulation/worker-spike is what the command writes today', () => {
    const dir = path.join(ROOT, 'docs', 'simulation', 'worker-spike');
    const out = path.join(tmp(), 'example');
    const r = runSimulate(['--env', 'production', '--workload', 'worker', '--trace', 'spike', '--seed', '1', '--out', out], ROOT);
    expect(r.exitCode).toBe(0);
    for (const f of ['summary.json', 'decisions.json', 'timeline.csv', 'timeline.json', 'chart.svg', MARKER]) {
      expect(`${f}: ${fs.readFileSync(path.join(out, f), 'utf-8')}`).toBe(`${f}: ${fs.readFileSync(path.join(dir, f), 'utf-8')}`);
    }
  });
});

describe('--initial-replicas 0', () => {
  test('faithful to upstream: nothing scales, and the summary says why (ScalingActive False, ScalingDisabled)', () => {
    const r = runSimulate(['--env', 'production', '--workload', 'backend', '--trace', 'step', '--initial-replicas', '0'], ROOT);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('replicas 0..0; 0 scale-ups');
    expect(r.stdout).toMatch(/failed requests: .* \(100 %\)/);
    expect(r.stdout).toContain('note: the target stayed at 0 replicas: the HPA controller does not scale a target at zero (condition ScalingActive False, reason ScalingDisabled: "scaling is disabled since the replica count of the target is zero")');
  });

  test('a run from 1 replica scales and has no such note', () => {
    const r = runSimulate(['--env', 'production', '--workload', 'backend', '--trace', 'step', '--initial-replicas', '1'], ROOT);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toContain('ScalingDisabled');
  });
});

describe('--hpa files', () => {
  const hpaText = fs.readFileSync(path.join(ROOT, 'dist', 'production', 'horizontalpodautoscaler-luneo-worker-hpa.k8s.yaml'), 'utf-8');
  const other = hpaText.replace(/name: luneo-worker-hpa/, 'name: other-hpa');
  const write = (text: string) => {
    const file = path.join(tmp(), 'hpa.yaml');
    fs.writeFileSync(file, text);
    return file;
  };

  test('a kubectl List or several documents: the one HPA, or the one --hpa-name picks', () => {
    const list = write(`apiVersion: v1\nkind: List\nitems:\n${hpaText.split('\n').map((l, i) => (i === 0 ? `- ${l}` : `  ${l}`)).join('\n')}`);
    expect(runSimulate(['--hpa', list, '--model', 'worker', '--trace', 'step'], ROOT)).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/^luneo-worker-hpa \(worker\)/) });
    const two = write(`${hpaText}---\n${other}`);
    expect(runSimulate(['--hpa', two, '--model', 'worker', '--trace', 'step'], ROOT)).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('2 HorizontalPodAutoscaler (found: luneo-worker-hpa, other-hpa); pick one with --hpa-name [simulate/several-hpas]') });
    expect(runSimulate(['--hpa', two, '--hpa-name', 'other-hpa', '--model', 'worker', '--trace', 'step'], ROOT)).toMatchObject({ exitCode: 0, stdout: expect.stringMatching(/^other-hpa \(worker\)/) });
  });

  test('an autoscaling/v1 HPA is refused with what was found', () => {
    const v1 = write(hpaText.replace('autoscaling/v2', 'autoscaling/v1'));
    expect(runSimulate(['--hpa', v1, '--trace', 'step'], ROOT)).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('expected an autoscaling/v2 HorizontalPodAutoscaler, got autoscaling/v1 [simulate/hpa-version]') });
  });

  test('broken YAML is a finding at its line with a rule and a fix, exit 1', () => {
    const file = write('apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nspec:\n  maxReplicas: [3\n');
    const r = runSimulate(['--hpa', file, '--trace', 'step'], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/hpa\.yaml:[45]\b.*\[yaml\/syntax\]/);
    expect(r.stderr).toMatch(/\n\s+fix: pass an HPA manifest/);
  });

  test('a Markdown file is a finding naming what it holds, exit 1', () => {
    const file = path.join(tmp(), 'README.md');
    fs.writeFileSync(file, '# Notes\n\nSome *text* about the HPA.\n');
    const r = runSimulate(['--hpa', file, '--trace', 'step'], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/README\.md:1\b.*no HorizontalPodAutoscaler \(found: no objects\) \[simulate\/no-hpa\]/);
    expect(r.stderr).toMatch(/\n\s+fix: pass an HPA manifest/);
  });
});

describe('recorded traces on the command line', () => {
  test('a Prometheus recording with two queues: --series picks one, the clock comes from the recording', () => {
    const dir = tmp();
    const file = path.join(dir, 'arrivals.json');
    const start = 1763632800;
    const values = (v: number) => Array.from({ length: 120 }, (_, i) => [start + 15 * i, String(i < 40 ? v : 3 * v)]);
    fs.writeFileSync(file, JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [
      { metric: { queue: 'render' }, values: values(2) }, { metric: { queue: 'email' }, values: values(50) },
    ] } }));
    const out = path.join(dir, 'out');
    const several = runSimulate(['--env', 'production', '--workload', 'worker', '--trace', file], ROOT);
    expect(several).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('[prometheus/several-series]') });
    const r = runSimulate(['--env', 'production', '--workload', 'worker', '--trace', file, '--series', 'queue=render', '--out', out], ROOT);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^luneo-worker-hpa \(worker\), trace arrivals\.json, seed 1: 1800 s in 15 s steps\n/);
    const summary = JSON.parse(fs.readFileSync(path.join(out, 'summary.json'), 'utf-8'));
    expect(summary).toMatchObject({ peakLoad: 6, peakAt: '2025-11-20T10:10:00Z' });
    const decisions = JSON.parse(fs.readFileSync(path.join(out, 'decisions.json'), 'utf-8'));
    // The clock comes from the recording (the scale-up time depends on the model's arrival noise at the target).
    expect(decisions.find((d: { kind: string }) => d.kind === 'scale-up').at).toMatch(/^2025-11-20T10:[0-2]\d:\d\dZ$/);
  });
});

describe('simulate --env reads the HPA from dist/ and says when dist/ is stale against the config', () => {
  const copyConfig = (edit: (text: string) => string) => {
    const dir = tmp();
    for (const f of fs.readdirSync(path.join(ROOT, 'config')).filter((n) => n.endsWith('.yaml'))) {
      const text = fs.readFileSync(path.join(ROOT, 'config', f), 'utf-8');
      fs.writeFileSync(path.join(dir, f), f === 'production.yaml' ? edit(text) : text);
    }
    return dir;
  };
  test('the committed config and dist/ agree: no note', () => {
    const r = runSimulate(['--env', 'production', '--workload', 'backend', '--trace', 'step', '--config', copyConfig((t) => t)], ROOT);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).not.toContain('note:');
  });
  test('replicas.max edited without npm run synth: a note first, and the run uses dist/\'s HPA', () => {
    const config = copyConfig((t) => t.replace('replicas: { min: 3, max: 50 }', 'replicas: { min: 3, max: 40 }'));
    expect(fs.readFileSync(path.join(config, 'production.yaml'), 'utf-8')).toContain('max: 40 }');
    const r = runSimulate(['--env', 'production', '--workload', 'backend', '--trace', 'step', '--config', config], ROOT);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^note: \S*dist\/production\/horizontalpodautoscaler-luneo-backend-hpa\.k8s\.yaml is not what \S+ synthesizes now \(the config changed since the last `npm run synth`\)/);
  });
});
