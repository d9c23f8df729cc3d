import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runSimulate } from '../lib/simulation/command';

import { podsHpaFile, ROOT } from './support';

function summaryOf(...args: string[]): { text: string; s: any } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sim-summary-'));
  try {
    const r = runSimulate([...args, '--out', path.join(dir, 'out')], ROOT);
    expect(r.stderr).toBe('');
    return { text: r.stdout, s: JSON.parse(fs.readFileSync(path.join(dir, 'out', 'summary.json'), 'utf-8')) };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('the summary: one "capacity the peak needs", and "fell short" agrees with the backlog and failures', () => {
  test('--peak 500 jobs/s: 1,800 workers to be served, the targets ask 4,500; a growing backlog is a shortfall', () => {
    const { text, s } = summaryOf('--env', 'production', '--workload', 'worker', '--trace', 'step', '--peak', '500', '--duration', '20m');
    expect(s).toMatchObject({ servingReplicas: 1800, servingExceedsMax: true, neededReplicas: 4500, neededExceedsMax: true });
    expect(s.worker.peakBacklog).toBeGreaterThan(100000);
    expect(s.shortOfCapacityFrom).not.toBeNull();
    expect(text).toContain('needs 1,800 replicas to be served (concurrency slots), more than maxReplicas!; the HPA\'s metric targets ask for 4,500');
    expect(text).toContain('capacity fell short from');
    expect(text).not.toContain('never fell short');
  });

  test('the flash worker peak needs the 20 workers the capacity report names (500 jobs / 25 slots), the targets 50', () => {
    const { s } = summaryOf('--env', 'production', '--workload', 'worker', '--trace', 'flash');
    expect(s).toMatchObject({ servingReplicas: 20, servingExceedsMax: false, neededReplicas: 50 });
    const report = fs.readFileSync(path.join(ROOT, 'reports/capacity/production/capacity.md'), 'utf-8');
    expect(report).toContain('the peak needs 20 workers');
    expect(report).toContain('the peak needs 20 to be served, the HPA\'s targets ask for 50');
  });

  test.each([
    ['worker', 'ramp', '3'], ['worker', 'step', '1'], ['worker', 'flash', '1'], ['backend', 'step', '1'], ['backend', 'ramp', '1000'],
  ])('%s %s (peak %s): shortOfCapacityFrom is set exactly when a job waited or a request failed', (workload, trace, peak) => {
    const { text, s } = summaryOf('--env', 'production', '--workload', workload, '--trace', trace, '--peak', peak);
    const short = workload === 'worker' ? s.worker.peakBacklog > 0 : s.backend.secondsOverSaturation > 0;
    expect(s.shortOfCapacityFrom !== null).toBe(short);
    expect(text.includes('capacity never fell short')).toBe(!short);
  });
});

describe('per-pod targets far from the load: the counts stay positive and finite', () => {
  const hpaWith = podsHpaFile;
  // 1e308 parses but is beyond what a cluster holds (2^63 - 1): refused as hpa/quantity (explain-limits.test.ts).
  test('averageValue 1e308 is refused at its line, not simulated', () => {
    const r = runSimulate(['--hpa', hpaWith('1e308'), '--model', 'backend', '--trace', 'flash', '--peak', '5000'], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/:\d+:\d+: error spec\.metrics\[0\]\.pods\.target\.averageValue: is 1e308, beyond the largest quantity Kubernetes holds .*\[hpa\/quantity\]/);
  });
  test.each(['1.5Gi', '1E18', '9223372036854775807'])('averageValue %s: a 5,000 req/s peak needs 1 replica, never -0 or 0', (target) => {
    const { text, s } = summaryOf('--hpa', hpaWith(target), '--model', 'backend', '--trace', 'flash', '--peak', '5000');
    expect(s.servingReplicas).toBe(1);
    expect(Object.is(s.servingReplicas, -0)).toBe(false);
    expect(text).toContain('needs 1 replica to be served');
    expect(text).not.toMatch(/needs -?0 replicas|\b1 replicas\b/);
  });
  test.each(['1m', '1e-3'])('averageValue %s: the targets ask for 5,000,000 replicas, a finite count', (target) => {
    const { text, s } = summaryOf('--hpa', hpaWith(target), '--model', 'backend', '--trace', 'flash', '--peak', '5000');
    expect(s.neededReplicas).toBe(5_000_000);
    expect(text).toContain('the HPA\'s metric targets ask for 5,000,000 (more than maxReplicas)');
  });
  test('a need above the searched bound is "more than 1,000,000,000", not "no finite number"', () => {
    const { text, s } = summaryOf('--hpa', hpaWith('1m'), '--model', 'backend', '--trace', 'flash', '--peak', '5000000');
    expect(s).toMatchObject({ neededReplicas: null, neededMoreThan: 1_000_000_000 });
    expect(text).toContain('ask for more than 1,000,000,000 replicas');
  });
});
