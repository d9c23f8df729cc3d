import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runSimulate } from '../lib/simulation/command';
import { readVectorsFile } from '../lib/simulation/conformance/run';
import { gitRepoWithOutput, ROOT, tempDir } from './support';

const tmp = () => tempDir('simhpa'); // removed when this file ends

const HPA = (spec: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: m-pods
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: m}
${spec}`;

const PODS_METRIC = `  metrics:
    - type: Pods
      pods:
        metric: {name: requests_per_second}
        target: {type: AverageValue, averageValue: 1k}
`;

describe('user paths that are not regular files', () => {
  // A named pipe: reading it would block until a writer comes, so the run must stat first.
  const fifo = () => {
    const p = path.join(tmp(), 'ff');
    execFileSync('mkfifo', [p]);
    return p;
  };

  test('--trace a FIFO is trace/not-a-file, not a hang', () => {
    const r = runSimulate(['--env', 'production', '--workload', 'backend', '--trace', fifo()], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/ff.*named pipe \(FIFO\), not a regular file.*trace\/not-a-file/);
    expect(r.stderr).toMatch(/fix: /);
  });

  test('--hpa a FIFO is simulate/not-a-file, not a hang', () => {
    const r = runSimulate(['--hpa', fifo(), '--model', 'backend', '--trace', 'step'], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/named pipe \(FIFO\), not a regular file.*simulate\/not-a-file/);
  });

  test('--hpa a directory is simulate/not-a-file', () => {
    const r = runSimulate(['--hpa', tmp(), '--trace', 'step'], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/is a directory, not a file.*simulate\/not-a-file/);
  });

  test('a conformance vectors FIFO is a finding', () => {
    const { findings } = readVectorsFile(fifo());
    expect(findings.map((f) => f.rule)).toEqual(['conformance/unreadable']);
    expect(findings[0].message).toMatch(/named pipe/);
  });

  test('explain of a FIFO is a finding', () => {
    const { runExplain } = require('../lib/explain/explain-command') as typeof import('../lib/explain/explain-command');
    const r = runExplain({ file: fifo() } as never);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/named pipe.*explain\/not-a-file/);
  });
});

describe('inputs over the size limit are findings before anything is read', () => {
  // Sparse files: the size is real to stat, no bytes are written.
  const sparse = (name: string, bytes: number) => {
    const file = path.join(tmp(), name);
    fs.writeFileSync(file, '');
    fs.truncateSync(file, bytes);
    return file;
  };

  test('explain of kubectl output over 32 MiB is explain/too-large', () => {
    const { runExplain, MAX_KUBECTL_BYTES } = require('../lib/explain/explain-command') as typeof import('../lib/explain/explain-command');
    const r = runExplain({ file: sparse('hpas.yaml', MAX_KUBECTL_BYTES + 1), now: 0, format: 'text' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/hpas\.yaml is 32\.0 MiB; kubectl output read by explain may be at most 32\.0 MiB.*\[explain\/too-large\]/s);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  test('review with a recorded trace over 64 MiB is trace/too-large, as for simulate --trace', () => {
    const { runReview } = require('../lib/review/review-command') as typeof import('../lib/review/review-command');
    const { MAX_TRACE_BYTES } = require('../lib/simulation/trace-files') as typeof import('../lib/simulation/trace-files');
    const dir = gitRepoWithOutput('review-big-trace');
    const file = path.join(dir, 'config', 'production.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf-8').replace('peakConcurrentJobs: 500', 'peakConcurrentJobs: 500\n    scaleUp: { percent: 100, pods: 4, every: 60s, select: Max, stabilization: 0s }'));
    fs.mkdirSync(path.join(dir, 'traces', 'worker'), { recursive: true });
    const big = path.join(dir, 'traces', 'worker', 'export.csv');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, MAX_TRACE_BYTES + 1);
    const r = runReview({ base: 'HEAD', configDir: 'config', distDir: 'dist', cwd: dir, presets: [] });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/export\.csv:1: error \(root\): is 64\.0 MiB; a trace file may be at most 64\.0 MiB.*\[trace\/too-large\]/s);
    expect(r.stderr).toContain('review failed: a recorded trace is invalid');
  });
});

const writeHpa = (text: string) => {
  const file = path.join(tmp(), 'q.yaml');
  fs.writeFileSync(file, text);
  return file;
};

describe('--hpa YAML', () => {
  test('an alias bomb is yaml/alias-limit at the first alias, with a fix', () => {
    const names = 'abcdefghi'.split('');
    const anchors = names.map((n, i) => (i === 0 ? `x-${n}: &${n} [lol, lol, lol, lol, lol, lol, lol, lol, lol]` : `x-${n}: &${n} [${Array(9).fill(`*${names[i - 1]}`).join(', ')}]`));
    const file = writeHpa(`${HPA(`  minReplicas: 1\n  maxReplicas: 20\n${PODS_METRIC}`)}${anchors.join('\n')}\n`);
    const r = runSimulate(['--hpa', file, '--model', 'backend', '--trace', 'step'], ROOT);
    expect(r.exitCode).toBe(1);
    // the first alias is on the line of x-b (line 15: 6 header lines, 2 replica lines, 5 metric lines, x-a)
    expect(r.stderr).toMatch(/q\.yaml:15:\d+: .*aliases expand to more than 100 nodes.*\[yaml\/alias-limit\]/);
    expect(r.stderr).toMatch(/fix: write the values out/);
    expect(r.stderr).not.toContain('Excessive alias count');
  });
});

describe('the bound on simulated pods', () => {
  test('maxReplicas at the API limit with a huge peak is simulate/too-many-pods at its line, before simulating', () => {
    const file = writeHpa(HPA(`  minReplicas: 1\n  maxReplicas: 2147483647\n${PODS_METRIC}`));
    for (const model of ['backend', 'worker']) {
      const r = runSimulate(['--hpa', file, '--model', model, '--trace', 'step', '--peak', '1e9'], ROOT);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(/q\.yaml:8:\d+: error spec\.maxReplicas: is 2,147,483,647: .*more than the 10,000 one run may hold.*\[simulate\/too-many-pods\]/);
      expect(r.stderr).toMatch(/fix: simulate a copy of the HPA with maxReplicas: 10000 or less/);
    }
  });

  test('--env with replicas.max above the bound is simulate/too-many-pods at the config line, not the dist/ manifest', () => {
    const config = tmp();
    fs.cpSync(path.join(ROOT, 'config'), config, { recursive: true });
    fs.writeFileSync(path.join(config, 'production.yaml'), fs.readFileSync(path.join(ROOT, 'config', 'production.yaml'), 'utf-8').replace('replicas: { min: 3, max: 50 }', 'replicas: { min: 3, max: 20000 }')
      .replace('budget: { cpu: "56", memory: 80Gi }', 'budget: { cpu: "20000", memory: 20Ti }'));
    const line = fs.readFileSync(path.join(config, 'production.yaml'), 'utf-8').split('\n').findIndex((l) => l.includes('max: 20000')) + 1;
    const r = runSimulate(['--env', 'production', '--workload', 'backend', '--trace', 'step', '--config', config, '--dist', path.join(config, 'no-dist')], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`production\\.yaml:${line}:\\d+: error workloads\\.backend\\.replicas\\.max: is 20,000: .*more than the 10,000 one run may hold.*\\[simulate/too-many-pods\\]`));
    expect(r.stderr).toMatch(/fix: simulate a copy of the environment with replicas\.max 10000 or less/);
    expect(r.stderr).not.toMatch(/dist/);
  });

  test('the simulator itself refuses more pods than it may hold, for any caller', () => {
    const { simulate, MAX_SIMULATED_PODS } = require('../lib/simulation/simulate') as typeof import('../lib/simulation/simulate');
    const { presetTrace } = require('../lib/simulation/trace') as typeof import('../lib/simulation/trace');
    const { modelFromEnvironment } = require('../lib/simulation/from-environment') as typeof import('../lib/simulation/from-environment');
    const { loadEnvironmentFile } = require('../lib/config/load') as typeof import('../lib/config/load');
    const model = modelFromEnvironment(loadEnvironmentFile(path.join(ROOT, 'config', 'production.yaml')).env, 'backend');
    const hpa = { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'm' }, minReplicas: 1, maxReplicas: MAX_SIMULATED_PODS + 1,
      metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }] };
    const run = () => simulate({ hpa: hpa as never, model, trace: presetTrace('step', { peak: 1e9, seed: 1 }), seed: 1 });
    expect(run).toThrow(/spec\.maxReplicas is 10001: .*at most 10,000/);
    // a typed input error with its rule, so callers tell it from a bug
    const { SimulationInputError } = require('../lib/simulation/simulate') as typeof import('../lib/simulation/simulate');
    expect(run).toThrow(SimulationInputError);
    expect(() => run()).toThrow(expect.objectContaining({ rule: 'simulate/too-many-pods' }));
  });
});

describe('wrong-typed HPA fields', () => {
  test('maxReplicas: "20" is hpa/integer at its line, not a version mismatch', () => {
    const file = writeHpa(HPA(`  minReplicas: 1\n  maxReplicas: "20"\n${PODS_METRIC}`));
    const r = runSimulate(['--hpa', file, '--model', 'backend', '--trace', 'step'], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/q\.yaml:8:3: error spec\.maxReplicas: must be an integer \(int32\), got string "20" \[hpa\/integer\]/);
    expect(r.stderr).toContain('fix: remove the quotes: maxReplicas: 20');
    expect(r.stderr).not.toContain('simulate/hpa-version');
  });

  test('minReplicas, metrics and behavior of the wrong type are findings at their lines', () => {
    const file = writeHpa(HPA('  minReplicas: one\n  maxReplicas: 20\n  metrics: {a: 1}\n  behavior: 3\n'));
    const r = runSimulate(['--hpa', file, '--model', 'backend', '--trace', 'step'], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/q\.yaml:7:3: error spec\.minReplicas: must be an integer \(int32\), got string "one" \[hpa\/integer\]/);
    expect(r.stderr).toMatch(/q\.yaml:9:3: error spec\.metrics: must be array.*\[schema\/type\]/);
    expect(r.stderr).toMatch(/q\.yaml:10:3: error spec\.behavior: must be object.*\[schema\/type\]/);
  });

  test('a missing maxReplicas is schema/required', () => {
    const r = runSimulate(['--hpa', writeHpa(HPA('  minReplicas: 1\n')), '--trace', 'step'], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/spec\.maxReplicas: is required.*\[schema\/required\]/);
  });
});

describe('HPA quantities', () => {
  // Quoted "0x10": unquoted, YAML reads 0x10 as the integer 16, a valid quantity.
  test.each(['1kk', '""', '1K', '"0x10"', '"1 k"'])('averageValue %s is hpa/quantity at its line, in simulate and explain', (value) => {
    const file = writeHpa(HPA(`  minReplicas: 1\n  maxReplicas: 20\n${PODS_METRIC.replace('averageValue: 1k', `averageValue: ${value}`)}`));
    const r = runSimulate(['--hpa', file, '--model', 'backend', '--trace', 'step'], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/q\.yaml:13:\d+: error spec\.metrics\[0\]\.pods\.target\.averageValue: must be a Kubernetes quantity.*\[hpa\/quantity\]/);
    expect(r.stderr).toMatch(/fix: write a number with an optional suffix/);
    expect(r.stderr).not.toContain('schema/rule');
    const { runExplain } = require('../lib/explain/explain-command') as typeof import('../lib/explain/explain-command');
    const e = runExplain({ file } as never);
    expect(e.exitCode).toBe(1);
    expect(`${e.stdout}${e.stderr}`).toMatch(/averageValue: must be a Kubernetes quantity.*\[hpa\/quantity\]/);
  });
});

describe('a config environment file that is a named pipe', () => {
  test('simulate --env is config/not-a-file, not a hang', () => {
    const dir = tmp();
    const config = path.join(dir, 'config');
    fs.mkdirSync(config);
    execFileSync('mkfifo', [path.join(config, 'production.yaml')]);
    const r = runSimulate(['--env', 'production', '--workload', 'backend', '--trace', 'step', '--config', config], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/production\.yaml.*named pipe \(FIFO\), not a regular file.*\[config\/not-a-file\]/);
  });

  test('a base no environment extends that is a FIFO is config/not-a-file (an error), not only config/unused-base', () => {
    const { runSynth } = require('../lib/output/synth-command') as typeof import('../lib/output/synth-command');
    const dir = tmp();
    const config = path.join(dir, 'config');
    fs.cpSync(path.join(ROOT, 'config'), config, { recursive: true });
    execFileSync('mkfifo', [path.join(config, '_old.yaml')]);
    const r = runSynth({ configDir: config, outDir: path.join(dir, 'dist'), strict: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/_old\.yaml.*named pipe \(FIFO\), not a regular file \[config\/not-a-file\]/);
    expect(r.stderr).not.toContain('config/unused-base');
    expect(fs.existsSync(path.join(dir, 'dist'))).toBe(false);
  });
});

describe('a huge --hpa file', () => {
  test('is simulate/too-large before it is read', () => {
    const { MAX_HPA_BYTES } = require('../lib/simulation/command') as typeof import('../lib/simulation/command');
    const file = path.join(tmp(), 'big.yaml');
    fs.writeFileSync(file, '');
    fs.truncateSync(file, MAX_HPA_BYTES + 1); // sparse: no disk used
    const r = runSimulate(['--hpa', file, '--trace', 'step'], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/big\.yaml is 16,777,217 bytes, more than the 16,777,216 an HPA file may have \[simulate\/too-large\]/);
  });
});
