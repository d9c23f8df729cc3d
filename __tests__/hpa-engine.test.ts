import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { FRESH_STATE, GO_ZERO_TIME, HpaSpec, MetricsSnapshot, milliValue, Pod, reconcile } from '../lib/hpa';
import { runController } from '../lib/simulation/controller-loop';
import { ROOT } from './support';

// The engine reads the HPA exactly as dist/ holds it.
const hpaSpec = (name: string): HpaSpec => parse(fs.readFileSync(path.join(ROOT, 'dist', 'production', `horizontalpodautoscaler-${name}.k8s.yaml`), 'utf-8')).spec;

const pods = (n: number): Pod[] => Array.from({ length: n }, (_, i) => ({
  name: `backend-${i}`, phase: 'Running', deleted: false, startTime: GO_ZERO_TIME,
  ready: { status: 'True', lastTransitionTime: GO_ZERO_TIME },
  containers: [{ name: 'api', requests: { cpu: milliValue('500m'), memory: milliValue('512Mi') } }],
}));

/** Every pod at the same CPU %, memory % and req/s. */
function load(n: number, cpuPercent: number, memoryPercent: number, rps: number, now: number): MetricsSnapshot {
  const usage = { cpu: (milliValue('500m') * BigInt(cpuPercent)) / 100n, memory: (milliValue('512Mi') * BigInt(memoryPercent)) / 100n } as Record<string, bigint>;
  return {
    resource: (r) => pods(n).map((p) => ({ name: p.name, timestamp: now, windowSeconds: 30, containers: [{ name: 'api', usage: usage[r] }] })),
    pods: () => new Map(pods(n).map((p) => [p.name, milliValue(String(rps))])),
    object: () => { throw new Error('unused'); },
    external: () => { throw new Error('unused'); },
  };
}

describe('the engine runs the synthesized backend HPA', () => {
  const spec = hpaSpec('luneo-backend-hpa');

  test('CPU at twice its target doubles 3 replicas to 6, within the scale-up policy', () => {
    const r = reconcile({ spec, specReplicas: 3, statusReplicas: 3, pods: pods(3), metrics: load(3, 140, 40, 500, 0), state: FRESH_STATE, now: 0 });
    expect(r.desiredReplicas).toBe(6);
    expect(r.conditions.find((c) => c.type === 'ScalingLimited')).toMatchObject({ status: 'False', reason: 'DesiredWithinRange' });
  });

  test('a request-rate spike is capped at max(x2, +5) per minute: 3 -> 8, ScaleUpLimit', () => {
    const r = reconcile({ spec, specReplicas: 3, statusReplicas: 3, pods: pods(3), metrics: load(3, 50, 40, 5000, 0), state: FRESH_STATE, now: 0 });
    expect(r.desiredReplicas).toBe(8);
    expect(r.conditions.find((c) => c.type === 'ScalingLimited')).toMatchObject({ status: 'True', reason: 'ScaleUpLimit' });
    expect(r.state.scaleUpEvents).toEqual([{ replicaChange: 5, timestamp: 0, outdated: false }]);
  });

  test('after load vanishes, 10 replicas wait out the 300 s window, then drop 2 pods per 5 minutes', () => {
    const run = runController({
      spec, initialReplicas: 10, durationSeconds: 900,
      observe: (t, n) => ({ pods: pods(n), metrics: load(n, 5, 5, 10, t) }),
    });
    expect(run).toHaveLength(61); // a sync every 15 s
    const changes = run.filter((s) => s.desiredReplicas !== s.replicas).map((s) => [s.time / 1000, s.desiredReplicas]);
    // Fresh controller: the seeded recommendation (10) holds for 300 s; then -2 (the smaller of
    // -50% and -2) per 300 s period.
    expect(changes).toEqual([[300, 8], [600, 6], [900, 4]]);
  });
});
