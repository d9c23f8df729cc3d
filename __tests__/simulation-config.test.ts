import * as fs from 'fs';
import { formatFinding } from '../lib/config/findings';
import { parseEnvironment } from '../lib/config/load';
import { PRODUCTION_FILE } from './support';

// workloads.<name>.simulation is validated like the rest of the file: file:line, field path, rule.
const text = fs.readFileSync(PRODUCTION_FILE, 'utf-8');
const FILE = 'config/production.yaml';
const lineOf = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
const BACKEND_SIM = '      startup: { ready: 30s, spread: 10s }';

describe('the simulation section of a workload', () => {
  test('production declares one and it is clean', () => {
    expect(lineOf(BACKEND_SIM)).toBeGreaterThan(0);
    expect(parseEnvironment(text, FILE).findings).toEqual([]);
  });

  test('a rollout that could never start (maxSurge and maxUnavailable both 0)', () => {
    const { findings } = parseEnvironment(text.replace(BACKEND_SIM, `${BACKEND_SIM}\n      rollout: { at: 1h, maxSurge: 0, maxUnavailable: 0% }`), FILE);
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ rule: 'simulation/rollout-stuck', path: ['workloads', 'backend', 'simulation', 'rollout', 'maxUnavailable'], location: { file: FILE, line: lineOf(BACKEND_SIM) + 1 } });
  });

  test('a signal for a metric the workload does not scale on', () => {
    const { findings } = parseEnvironment(text.replace(BACKEND_SIM, `${BACKEND_SIM}\n      signals: { luneo_queue_depth: queueDepth }`), FILE);
    expect(findings).toHaveLength(1);
    expect(formatFinding(findings[0])).toBe(
      `${FILE}:${lineOf(BACKEND_SIM) + 1}:18: error workloads.backend.simulation.signals.luneo_queue_depth: "luneo_queue_depth" is a metric of workload "worker", not of "backend" [simulation/unknown-metric]\n    fix: map one of this workload's metrics: http_requests_per_second`,
    );
  });

  test('unknown keys and bad values', () => {
    const { findings } = parseEnvironment(text.replace(BACKEND_SIM, `${BACKEND_SIM}\n      nodeProvisioning: { capacity: 10, delay: soon }\n      saturation: 5`), FILE);
    expect(findings.map((f) => [f.rule, f.path.join('.')])).toEqual(expect.arrayContaining([
      ['schema/unknown-key', 'workloads.backend.simulation.saturation'],
    ]));
    expect(findings.find((f) => f.path.join('.') === 'workloads.backend.simulation.nodeProvisioning.delay')).toMatchObject({ message: 'must be a duration such as 30s, 1m30s, 2h or 1d (units y, w, d, h, m, s, largest first, each at most once)', location: { line: lineOf(BACKEND_SIM) + 1 } });
  });
});
