import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runSimulate } from '../lib/simulation/command';
import { MAX_STEPS, simulate } from '../lib/simulation/simulate';
import { podsHpaFile } from './support';

const ROOT = path.join(__dirname, '..');
const run = (...args: string[]) => runSimulate(['--env', 'production', '--workload', 'backend', '--trace', 'step', ...args], ROOT);

describe('simulate: flag values are findings naming the flag and the rule (exit 1, no stack)', () => {
  test.each([
    [['--peak', '1e308'], '--peak', 'cli/range', 'at most 1e+9'],
    [['--peak', 'Infinity'], '--peak', 'cli/number', 'not a finite number'],
    [['--peak', '0'], '--peak', 'cli/range', 'greater than 0'],
    [['--peak', 'NaN'], '--peak', 'cli/number', 'not a finite number'],
    [['--base', '-1'], '--base', 'cli/range', '0 or more'],
    [['--seed', '99999999999'], '--seed', 'cli/range', '[0, 4294967295]'],
    [['--initial-replicas', '1e3'], '--initial-replicas', 'cli/integer', 'whole number'],
    [['--sync-period', '0'], '--sync-period', 'cli/range', '(0s, 1h]'],
    [['--tolerance', '1.5'], '--tolerance', 'cli/range', '[0, 1)'],
    [['--duration', '0s'], '--duration', 'cli/range', 'longer than 0'],
    [['--duration', 'forever'], '--duration', 'cli/duration', 'like 3600s'],
    // a bad value is said before "would be ignored", and contradictory flags are named
    [['--gaps', 'maybe'], '--gaps', 'cli/choice', 'is "maybe"; it must be error, hold or zero'],
    [['--signal', 'm=magic'], '--signal', 'cli/choice', 'is "m=magic"; it must be <metric>=requestRate|activeJobs|queueDepth'],
    [['--series', 'q=a', '--sum'], '--sum', 'cli/conflict', 'the two exclude each other'],
    [['--series', 'q=a,'], '--series', 'cli/usage', '"q=a," has an empty matcher'],
    [['--base', '5', '--peak', '1'], '--base', 'cli/range', 'is 5, above the peak 1'],
  ])('%j', (args, flag, rule, text) => {
    const r = run(...args);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`error ${flag}: `);
    expect(r.stderr).toContain(`[${rule}]`);
    expect(r.stderr).toContain(text);
    expect(r.stderr).not.toMatch(/\n\s+at /); // no stack
    expect(r.stderr).not.toContain('BigInt');
  });

  test('--duration 99999d is refused with the step limit, before any memory is spent', () => {
    const r = run('--duration', '99999d');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('575,994,240 steps of 15 s, more than the 400,000 steps one run may take (69d10h40m at this sync period) [cli/range]');
    // The limit follows the sync period: 60 s steps allow four times as long. The flags are checked
    // in order and the first bad one ends the run: --tolerance comes after --duration, so a bad
    // tolerance stops the run there (instead of simulating 100 days) once --duration has passed.
    const longer = run('--duration', '100d', '--sync-period', '60', '--tolerance', '1.5');
    expect(longer.stderr).toContain('error --tolerance: ');
    expect(longer.stderr).not.toContain('--duration');
    // the same 100d at 15 s steps is refused for its duration before the tolerance is read
    expect(run('--duration', '100d', '--tolerance', '1.5').stderr).toMatch(/error --duration: .*\[cli\/range\]/);
  });

  test('the core refuses too many steps and absurd loads with an error, not a V8 crash', () => {
    const hpa = { maxReplicas: 5, minReplicas: 1, scaleTargetRef: { kind: 'Deployment', name: 'x', apiVersion: 'apps/v1' } };
    const model = {
      behaviour: { kind: 'backend' as const, cpuBaseline: 100, cpuPerRequest: 1, memoryBaseline: 1e8, memoryPerRequest: 1e5, saturationPerPod: 100 },
      requests: { cpu: 1000, memory: 1e9 }, startup: { readySeconds: 30, spreadSeconds: 0, cpuPercent: 100 },
      pipeline: { scrapeInterval: 30, rateWindow: 120, metricsServerResolution: 15 }, signals: {}, peak: 10,
    };
    const trace = { name: 't', times: [0], values: [10], durationSeconds: 60 };
    expect(() => simulate({ hpa, model, trace, seed: 1, durationSeconds: (MAX_STEPS + 1) * 15 })).toThrow(/more than the 400000 one run may take/);
    expect(() => simulate({ hpa, model, trace: { ...trace, values: [1e308] }, seed: 1 })).toThrow(/more than the 1e\+9 the simulator takes/);
  });

  test('--hpa with no HorizontalPodAutoscaler names the kinds the file holds', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-flags-'));
    try {
      const file = path.join(dir, 'deploy.yaml');
      fs.writeFileSync(file, 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: luneo-worker\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: luneo-worker\n');
      const r = runSimulate(['--hpa', file, '--trace', 'step'], ROOT);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain('no HorizontalPodAutoscaler (found: Deployment luneo-worker, Service luneo-worker) [simulate/no-hpa]');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('--sync-period too short for a preset is a flag finding, not a plain sentence', () => {
  test('--sync-period 0.001 with the 90 min step preset', () => {
    const r = run('--sync-period', '0.001');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error --sync-period: is 0.001 s: the step preset\'s 1h30m (5,400 s) takes 5,400,000 steps, more than the 400,000 one run may take [cli/range]');
    expect(r.stderr).toMatch(/fix: pass --sync-period 0\.014 or more .*--duration 6m40s or less/);
  });
  test('with --duration too long for the step it is the --duration finding', () => {
    const r = run('--sync-period', '0.001', '--duration', '1h');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/error --duration: .*\[cli\/range\]/);
  });
});

describe('--signal naming a metric the HPA does not have', () => {
  test('is a finding naming the HPA\'s metrics (exit 1), not silently ignored', () => {
    const file = podsHpaFile('1k');
    const r = runSimulate(['--hpa', file, '--model', 'backend', '--trace', 'step', '--signal', 'nope=requestRate'], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error --signal: HPA m-pods has no custom metric "nope"; its metrics are http_requests_per_second [simulate/unknown-metric]');
    expect(r.stderr).toContain('fix: pass --signal http_requests_per_second=requestRate');
    const ok = runSimulate(['--hpa', file, '--model', 'backend', '--trace', 'step', '--duration', '10m', '--signal', 'http_requests_per_second=requestRate'], ROOT);
    expect(ok.exitCode).toBe(0);
  });
});
