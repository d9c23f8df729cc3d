import * as fc from 'fast-check';
import {
  calcPlainMetricReplicas, CalculatorContext, ContainerSpec, getResourceReplicas, GO_ZERO_TIME, MetricError, Milli, MilliInput, Pod,
  PodMetricsInfo, PodResourceSample, podResourceMetrics, reconcile, FRESH_STATE, HpaSpec, MetricsSnapshot,
} from '../lib/hpa';
import { podsMetricReplicas, resourceUtilizationReplicas } from '../lib/hpa/safe-integer-paths';

// The float64 paths (lib/hpa/safe-integer-paths.ts) against the bigint path they stand in for:
// wherever a fast path answers, the bigint path gives the same proposal; elsewhere it declines.
fc.configureGlobal({ seed: 20261129, numRuns: 400 });

const TWO_53 = 2 ** 53;
const MAX_INT64 = 2n ** 63n - 1n;

/** Values a sum or product can push past 2^53 or wrap in int64, with ordinary ones between. */
const bigValue = fc.constantFrom<bigint>(
  0n, 1n, -1n, 999n, 2n ** 52n, BigInt(TWO_53 - 1), BigInt(TWO_53), BigInt(TWO_53 + 1), 2n ** 62n, MAX_INT64, -MAX_INT64 - 1n, MAX_INT64 / 100n,
);
const ordinary = fc.integer({ min: -5, max: 5_000_000 });
/** A metric value as a metrics API may give it: number or bigint, ordinary or at the edges. */
const milliInput: fc.Arbitrary<MilliInput> = fc.oneof(
  { weight: 6, arbitrary: ordinary },
  { weight: 2, arbitrary: ordinary.map(BigInt) },
  { weight: 1, arbitrary: bigValue },
  { weight: 1, arbitrary: bigValue.map(Number) }, // 2^62, 2^63 as float64: integers, beyond the safe ones
  { weight: 1, arbitrary: fc.constantFrom(TWO_53 - 1, TWO_53, -(TWO_53 - 1), Math.floor((TWO_53 - 1) / 100)) },
);
const request = fc.oneof({ weight: 6, arbitrary: fc.integer({ min: 0, max: 4000 }).map(BigInt) }, { weight: 1, arbitrary: bigValue });

const time = fc.integer({ min: -600_000, max: 600_000 });
const podShape = fc.record({
  phase: fc.constantFrom<Pod['phase']>('Running', 'Running', 'Running', 'Pending', 'Failed'),
  deletedBias: fc.integer({ min: 0, max: 9 }),
  startTime: fc.option(time, { nil: null, freq: 8 }),
  ready: fc.option(fc.record({ status: fc.constantFrom<'True' | 'False' | 'Unknown'>('True', 'True', 'False', 'Unknown'), lastTransitionTime: time }), { nil: null, freq: 8 }),
  ownTemplate: fc.integer({ min: 0, max: 19 }),
});

interface Case {
  pods: Pod[];
  samples: PodResourceSample[];
  values: Map<string, MilliInput>;
}

/** Pods (usually named in ascending order, sharing one template) and metrics for them (usually a subsequence, in order). */
const scenario = fc.record({
  n: fc.integer({ min: 1, max: 7 }),
  shapes: fc.array(podShape, { minLength: 7, maxLength: 7 }),
  request,
  otherRequest: request,
  shuffledNames: fc.integer({ min: 0, max: 9 }),
  metricPick: fc.array(fc.record({ present: fc.integer({ min: 0, max: 5 }), usage: fc.array(fc.option(milliInput, { nil: null, freq: 15 }), { maxLength: 2 }), value: milliInput }), { minLength: 7, maxLength: 7 }),
  extraMetric: fc.integer({ min: 0, max: 14 }),
  reversed: fc.integer({ min: 0, max: 14 }),
  now: time,
}).map((s): Case => {
  const template: ContainerSpec[] = [{ name: 'app', requests: { cpu: s.request, memory: s.request } }];
  const other: ContainerSpec[] = [{ name: 'app', requests: { cpu: s.otherRequest, memory: s.otherRequest } }];
  const names = Array.from({ length: s.n }, (_, i) => (s.shuffledNames === 0 ? `pod-${(i * 7) % 3}` : `pod-${String(i).padStart(2, '0')}`));
  const pods: Pod[] = names.map((name, i) => {
    const p = s.shapes[i];
    return {
      name, phase: p.phase, deleted: p.deletedBias === 0, startTime: p.startTime, ready: p.ready,
      containers: p.ownTemplate === 0 ? other : template,
    };
  });
  const samples: PodResourceSample[] = [];
  const values = new Map<string, MilliInput>();
  names.forEach((name, i) => {
    const m = s.metricPick[i];
    if (m.present === 0) return; // no metric for this pod
    samples.push({ name, timestamp: s.now - 15_000 * (m.present - 1), windowSeconds: 15 * m.present, containers: m.usage.map((usage, k) => ({ name: `c${k}`, usage })) });
    values.set(name, m.value);
  });
  if (s.extraMetric === 0) {
    samples.push({ name: 'stranger', timestamp: s.now, windowSeconds: 15, containers: [{ name: 'app', usage: 5 }] });
    values.set('stranger', 5);
  }
  if (s.reversed === 0) samples.reverse();
  return { pods, samples, values };
});

const ctxOf = (pods: Pod[], now: number, tolerance = 0.1): CalculatorContext => ({
  pods, tolerances: { scaleDown: tolerance, scaleUp: tolerance }, cpuInitializationPeriodSeconds: 300, delayOfInitialReadinessStatusSeconds: 30,
  podLevelResources: true, now,
});

const asBig = (x: MilliInput | null): Milli | null => (x === null ? null : typeof x === 'bigint' ? x : BigInt(x));
const bigSamples = (samples: PodResourceSample[]): PodResourceSample[] =>
  samples.map((s) => ({ ...s, containers: s.containers.map((c) => ({ name: c.name, usage: asBig(c.usage) })) }));

/** The bigint path's answer, or its MetricError's message. */
function outcome<T>(f: () => T): T | { error: string } {
  try {
    return f();
  } catch (e) {
    if (e instanceof MetricError) return { error: e.message };
    throw e;
  }
}

describe('the float64 fast paths give the bigint path\'s proposals', () => {
  test('Resource Utilization (cpu with its readiness rules, and memory): same replicas, utilization and raw average, or no answer', () => {
    let answered = 0;
    fc.assert(fc.property(scenario, fc.constantFrom('cpu', 'memory'), fc.integer({ min: 1, max: 250 }), fc.integer({ min: 0, max: 12 }), (c, resource, target, current) => {
      const ctx = ctxOf(c.pods, c.samples[0]?.timestamp ?? 0);
      const fast = resourceUtilizationReplicas(ctx, current, target, resource, c.samples);
      const slow = outcome(() => getResourceReplicas(ctx, current, target, resource, '', podResourceMetrics(bigSamples(c.samples), '')));
      if (fast !== null) {
        answered++;
        expect(fast).toEqual(slow);
      }
    }), { numRuns: 1500 });
    expect(answered).toBeGreaterThan(200);
  });

  test('Pods metric: same replicas and usage, or no answer', () => {
    let answered = 0;
    fc.assert(fc.property(scenario, fc.oneof(fc.integer({ min: 1, max: 100_000 }).map(BigInt), bigValue), fc.integer({ min: 0, max: 12 }), (c, target, current) => {
      const ctx = ctxOf(c.pods, 0);
      const fast = podsMetricReplicas(ctx, current, target, c.values);
      const info: PodMetricsInfo = new Map([...c.values].map(([name, v]) => [name, { value: BigInt.asIntN(64, asBig(v)!), timestamp: 0, windowSeconds: 60 }]));
      const slow = outcome(() => {
        if (info.size === 0) throw new MetricError('no metrics');
        return calcPlainMetricReplicas(ctx, info, current, target, '');
      });
      if (fast !== null) {
        answered++;
        expect(fast).toEqual(slow);
      }
    }));
    expect(answered).toBeGreaterThan(50);
  });

  test('they decline beyond the safe integers: 2^53 and MaxInt64 take the bigint path', () => {
    const pods: Pod[] = ['a', 'b'].map((name) => ({
      name, phase: 'Running', deleted: false, startTime: GO_ZERO_TIME, ready: { status: 'True', lastTransitionTime: GO_ZERO_TIME },
      containers: [{ name: 'app', requests: { cpu: 1000n } }],
    }));
    const ctx = ctxOf(pods, 0);
    const sample = (name: string, usage: MilliInput): PodResourceSample => ({ name, timestamp: 0, windowSeconds: 15, containers: [{ name: 'app', usage }] });
    expect(resourceUtilizationReplicas(ctx, 2, 50, 'cpu', [sample('a', 1000), sample('b', 1000)])).toEqual({ replicas: 4, utilization: 100, rawAverage: 1000n });
    // (2^53 - 1) x 100 is beyond 2^53: declined; so is a sum past it, and any MaxInt64.
    expect(resourceUtilizationReplicas(ctx, 2, 50, 'cpu', [sample('a', TWO_53 - 1), sample('b', 0)])).toBeNull();
    expect(resourceUtilizationReplicas(ctx, 2, 50, 'cpu', [sample('a', MAX_INT64), sample('b', 0)])).toBeNull();
    expect(podsMetricReplicas(ctx, 2, 1000n, new Map<string, MilliInput>([['a', TWO_53 - 1], ['b', 1]]))).toBeNull();
    expect(podsMetricReplicas(ctx, 2, MAX_INT64, new Map<string, MilliInput>([['a', 1], ['b', 1]]))).toBeNull();
    // Unordered names take the map-based path too.
    expect(podsMetricReplicas(ctx, 2, 1000n, new Map<string, MilliInput>([['b', 1], ['a', 1]]))).toBeNull();
  });
});

describe('reconcile: number and bigint metric values give the same result', () => {
  const spec: HpaSpec = {
    minReplicas: 1, maxReplicas: 100,
    metrics: [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
      { type: 'Pods', pods: { metric: { name: 'rps' }, target: { type: 'AverageValue', averageValue: '100' } } },
      { type: 'External', external: { metric: { name: 'queue' }, target: { type: 'AverageValue', averageValue: '30' } } },
    ],
  };
  test('over random snapshots, values at 2^53 and MaxInt64 included', () => {
    fc.assert(fc.property(scenario, milliInput, fc.integer({ min: 1, max: 12 }), (c, queue, current) => {
      const snapshot = (big: boolean): MetricsSnapshot => ({
        resource: () => (big ? bigSamples(c.samples) : c.samples),
        pods: () => (big ? new Map([...c.values].map(([k, v]) => [k, asBig(v)!])) : c.values),
        object: () => 0n,
        external: () => [big ? asBig(queue)! : queue],
      });
      const run = (big: boolean) => reconcile({ spec, specReplicas: current, statusReplicas: current, pods: c.pods, metrics: snapshot(big), state: FRESH_STATE, now: 0 });
      expect(run(false)).toEqual(run(true));
    }), { numRuns: 300 });
  });
});
