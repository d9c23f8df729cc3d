import * as fc from 'fast-check';
import {
  calculateRequests, CalculatorContext, calcPlainMetricReplicas, getExternalMetricReplicas, getExternalPerPodMetricReplicas, getObjectMetricReplicas,
  getObjectPerPodMetricReplicas, getResourceReplicas, GO_ZERO_TIME, goInt32, goInt64, MAX_INT32, MIN_INT32, Milli, Pod, PodMetricsInfo,
  podResourceMetrics, proposeForMetric, MetricsSnapshot, approximateFloat, reconcile, FRESH_STATE,
} from '../lib/hpa';

const MAX_INT64 = 2n ** 63n - 1n;
const MIN_INT64 = -(2n ** 63n);
const TWO_53 = 2n ** 53n;

// Deterministic: a fixed seed and a few hundred runs per property keep `npm test` quick.
fc.configureGlobal({ seed: 20251129, numRuns: 250 });

function pods(n: number, requestMilli = 1000n, containers = ['app']): Pod[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `pod-${i}`, phase: 'Running', deleted: false, startTime: GO_ZERO_TIME,
    ready: { status: 'True', lastTransitionTime: GO_ZERO_TIME },
    containers: containers.map((name) => ({ name, requests: { cpu: requestMilli, memory: requestMilli } })),
  }));
}

const ctxFor = (n: number, tolerance = 0.1, requestMilli = 1000n, containers?: string[]): CalculatorContext => ({
  pods: pods(n, requestMilli, containers), tolerances: { scaleDown: tolerance, scaleUp: tolerance },
  cpuInitializationPeriodSeconds: 300, delayOfInitialReadinessStatusSeconds: 30, podLevelResources: true, now: 0,
});

const perPod = (n: number, value: Milli): PodMetricsInfo => new Map(Array.from({ length: n }, (_, i) => [`pod-${i}`, { value, timestamp: 0, windowSeconds: 60 }]));

describe("Go's float64 -> int conversions (amd64)", () => {
  test.each([
    [0.5, 0], [-0.5, 0], [2147483647.9, 2147483647], [-2147483648.5, -2147483648],
    [2147483648, MIN_INT32], [-2147483649, MIN_INT32], [Infinity, MIN_INT32], [-Infinity, MIN_INT32], [NaN, MIN_INT32],
  ])('int32(%p) = %p', (f, i) => expect(goInt32(f)).toBe(i));

  test.each([
    [2 ** 62, 2n ** 62n], [-(2 ** 63), MIN_INT64], [2 ** 63, MIN_INT64], [Number(MAX_INT64), MIN_INT64], [Infinity, MIN_INT64], [NaN, MIN_INT64],
    [9007199254740993.7, 9007199254740994n],
  ])('int64(%p) = %p', (f, i) => expect(goInt64(f)).toBe(i));
});

describe('conversions and clamps exactly where upstream has them', () => {
  const ctx = ctxFor(3);

  test('Object AverageValue: no clamp; MaxInt64 usage over 1 replica converts 2^63 out of range (MinInt64), and ceil(usage/target) past int32 reads MinInt32', () => {
    const r = getObjectPerPodMetricReplicas(ctx, 1, 1n, MAX_INT64);
    expect(r.usage).toBe(MIN_INT64);
    expect(r.replicas).toBe(MIN_INT32);
    // Within range, the reported average is ceil(float64(usage)/float64(statusReplicas)).
    expect(getObjectPerPodMetricReplicas(ctx, 3, 1000n, 10_000n)).toEqual({ replicas: 10, usage: 3334n });
  });

  test('External AverageValue: the overflow check compares float64(usage) >= float64(MaxInt64)', () => {
    // 2^63 - 512 is not MaxInt64, but its float64 is 2^63: reported as MaxInt64.
    expect(getExternalPerPodMetricReplicas(ctx, 1, MAX_INT64, [2n ** 63n - 512n]).usage).toBe(MAX_INT64);
    // 2^63 - 513 rounds down to 2^63 - 1024: below, so int64(ceil(float64(usage)/1)).
    expect(getExternalPerPodMetricReplicas(ctx, 1, MAX_INT64, [2n ** 63n - 513n]).usage).toBe(2n ** 63n - 1024n);
    // ceil(usage/target) past int32 is clamped to MaxInt32 here (unlike Object AverageValue).
    expect(getExternalPerPodMetricReplicas(ctx, 1, 1n, [2n ** 40n]).replicas).toBe(MAX_INT32);
  });

  test('External AverageValue: a sum that wraps negative, or any negative running sum, reads MaxInt64', () => {
    expect(getExternalPerPodMetricReplicas(ctx, 2, 1000n, [MAX_INT64, 1n, 5n]).usage).toBe(MAX_INT64);
    expect(getExternalPerPodMetricReplicas(ctx, 2, 1000n, [-5n, 10_000n]).usage).toBe(MAX_INT64);
  });

  test('External Value: the sum stops at MaxInt64 before a positive sample would overflow; a negative sample wraps', () => {
    expect(getExternalMetricReplicas(ctx, 3, MAX_INT64, [2n ** 62n, 2n ** 62n]).usage).toBe(MAX_INT64);
    expect(getExternalMetricReplicas(ctx, 3, 1000n, [MIN_INT64, -1n]).usage).toBe(MAX_INT64); // wraps, as Go's `usage + val`
  });

  test('Object/External Value: usageRatio x ready pods past MaxInt32 clamps to MaxInt32; from zero replicas int32(ceil(ratio)) does not', () => {
    expect(getObjectMetricReplicas(ctx, 3, 1n, MAX_INT64).replicas).toBe(MAX_INT32);
    expect(getObjectMetricReplicas(ctx, 0, 1n, 2n ** 40n).replicas).toBe(MIN_INT32);
    expect(getObjectMetricReplicas(ctx, 0, 1000n, 1050n).replicas).toBe(2);
  });

  test('Resource utilization: int32((metricsTotal*100)/requestsTotal) keeps the low 32 bits', () => {
    // 1 pod, request 1m, usage 2^31 m: 2^31 * 100 % = 214748364800 % -> low 32 bits.
    const r = getResourceReplicas(ctxFor(1, 0.1, 1n), 1, 100, 'cpu', '', perPod(1, 2n ** 31n));
    expect(r.utilization).toBe(Number(BigInt.asIntN(32, 2n ** 31n * 100n)));
    expect(r.rawAverage).toBe(2n ** 31n);
  });

  test('Pods: the int64 sum wraps as Go adds, and the mean truncates toward zero', () => {
    const r = calcPlainMetricReplicas(ctxFor(2), perPod(2, MAX_INT64), 2, 1000n, '');
    expect(r.usage).toBe(BigInt.asIntN(64, MAX_INT64 * 2n) / 2n); // -1n
  });

  test('a proposal past int32 (no clamp upstream) counts as none in reconcile: MinInt32 loses to any valid proposal', () => {
    const spec = { type: 'Object', object: { metric: { name: 'queue' }, describedObject: { kind: 'Service', name: 'q' }, target: { type: 'AverageValue', averageValue: '1m' } } };
    const metrics: MetricsSnapshot = { resource: () => [], pods: () => new Map(), object: () => 10n ** 13n, external: () => [] };
    expect(proposeForMetric(spec, ctx, 3, 3, metrics)).toMatchObject({ ok: true, replicas: MIN_INT32 });
  });
});

// ---- property-based: every metric source, quantities from small to 2^53 to MaxInt64 ----

/** Milli values where the bugs live: small, around 2^53, around MaxInt64, and anywhere in int64. */
const quantity = (min = 0n) => fc.oneof(
  fc.bigInt({ min, max: 1_000_000n }),
  fc.bigInt({ min: TWO_53 - 1_000_000n, max: TWO_53 + 1_000_000n }),
  fc.bigInt({ min: MAX_INT64 - 1_000_000n, max: MAX_INT64 }),
  fc.bigInt({ min, max: MAX_INT64 }),
);
const replicas = fc.integer({ min: 1, max: 50 });
const target = fc.oneof(fc.bigInt({ min: 1n, max: 1_000_000n }), fc.bigInt({ min: 1n, max: MAX_INT64 }));
const isInt32 = (x: number) => Number.isInteger(x) && x >= MIN_INT32 && x <= MAX_INT32;
const ordered = (a: bigint, b: bigint): [bigint, bigint] => (a <= b ? [a, b] : [b, a]);

interface Source {
  /** Proposal for `usage` (per pod, or total for Object/External) against `target` with n replicas. */
  propose(usage: bigint, target: bigint, n: number): { replicas: number; usage: bigint };
  /** Where upstream's integers neither wrap nor leave int32, so the proposal must be monotone. */
  inRange(usage: bigint, target: bigint, n: number): boolean;
  /** The current count it keeps inside the tolerance band. */
  current(n: number): number;
  /** Usage making the ratio exactly `num/den` of target (for the band). */
  atRatio(target: bigint, n: number, num: bigint, den: bigint): bigint;
}

const fits = (x: bigint) => x <= MAX_INT64;
/** ceil(ratio * n) <= MaxInt32, with the ratio exact. */
const proposalFits = (usage: bigint, target: bigint, n: number) => usage * BigInt(n) <= target * BigInt(MAX_INT32 - 1);

const perPodSource = (run: (ctx: CalculatorContext, u: bigint, t: bigint, n: number) => { replicas: number; usage?: bigint; rawAverage?: bigint }): Source => ({
  propose: (u, t, n) => { const r = run(ctxFor(n), u, t, n); return { replicas: r.replicas, usage: r.usage ?? r.rawAverage! }; },
  inRange: (u, t, n) => fits(u * BigInt(n)) && proposalFits(u, t, n),
  current: (n) => n,
  atRatio: (t, _n, num, den) => (t * num) / den,
});

/** Resource Utilization: requests of 1000m per pod, the "target" is a utilization percent (1..300). */
const utilizationSource = (container: string): Source => ({
  propose: (u, pct, n) => {
    const ctx = ctxFor(n, 0.1, 1000n, container ? ['app', container] : ['app']);
    const samples = ctx.pods.map((p) => ({ name: p.name, timestamp: 0, windowSeconds: 60,
      containers: p.containers.map((c) => ({ name: c.name, usage: c.name === (container || 'app') ? u : 0n })) }));
    const r = getResourceReplicas(ctx, n, Number(pct), 'cpu', container, podResourceMetrics(samples, container));
    return { replicas: r.replicas, usage: r.rawAverage };
  },
  // Each pod (or the named container) requests 1000m: utilization u/10 % must fit int32, n x u x 100 int64.
  inRange: (u, pct, n) => fits(u * BigInt(n) * 100n) && (u * 100n) / 1000n <= BigInt(MAX_INT32) && proposalFits((u * 100n) / 1000n, pct, n),
  current: (n) => n,
  atRatio: (pct, _n, num, den) => (pct * 10n * num) / den,
});

const SOURCES: Record<string, Source> = {
  'Resource (Utilization)': utilizationSource(''),
  'ContainerResource (Utilization)': utilizationSource('sidecar'),
  'Resource (AverageValue)': perPodSource((ctx, u, t, n) => calcPlainMetricReplicas(ctx, perPod(n, u), n, t, 'memory')),
  'ContainerResource (AverageValue)': perPodSource((ctx, u, t, n) => calcPlainMetricReplicas(ctx, podResourceMetrics(
    ctx.pods.map((p) => ({ name: p.name, timestamp: 0, windowSeconds: 60, containers: [{ name: 'app', usage: u }, { name: 'other', usage: 7n }] })), 'app'), n, t, 'memory')),
  Pods: perPodSource((ctx, u, t, n) => calcPlainMetricReplicas(ctx, perPod(n, u), n, t, '')),
  'Object (Value)': {
    propose: (u, t, n) => getObjectMetricReplicas(ctxFor(n), n, t, u),
    inRange: () => true, // upstream clamps to MaxInt32 here
    current: (n) => n,
    atRatio: (t, _n, num, den) => (t * num) / den,
  },
  'Object (AverageValue)': {
    propose: (u, t, n) => getObjectPerPodMetricReplicas(ctxFor(n), n, t, u),
    inRange: (u, t) => u <= t * BigInt(MAX_INT32) - t, // no clamp: past int32 the proposal is MinInt32
    current: (n) => n,
    atRatio: (t, n, num, den) => (t * BigInt(n) * num) / den,
  },
  'External (Value)': {
    propose: (u, t, n) => getExternalMetricReplicas(ctxFor(n), n, t, [u]),
    inRange: () => true,
    current: (n) => n,
    atRatio: (t, _n, num, den) => (t * num) / den,
  },
  'External (AverageValue)': {
    propose: (u, t, n) => getExternalPerPodMetricReplicas(ctxFor(n), n, t, [u]),
    inRange: () => true, // clamped to MaxInt32
    current: (n) => n,
    atRatio: (t, n, num, den) => (t * BigInt(n) * num) / den,
  },
};

describe.each(Object.entries(SOURCES))('%s, property-based', (_name, source) => {
  const targetFor = _name.includes('Utilization') ? fc.bigInt({ min: 1n, max: 300n }) : target;

  test('proposals are int32 for any int64 quantity, never an exception', () => {
    fc.assert(fc.property(quantity(), targetFor, replicas, (u, t, n) => isInt32(source.propose(u, t, n).replicas)));
  });

  test('monotone in usage wherever upstream integers stay in range', () => {
    fc.assert(fc.property(quantity(), quantity(), targetFor, replicas, (a, b, t, n) => {
      const [lo, hi] = ordered(a, b);
      fc.pre(source.inRange(hi, t, n));
      return source.propose(lo, t, n).replicas <= source.propose(hi, t, n).replicas;
    }));
  });

  test('inside the tolerance band the count stays; beyond it, it moves that way', () => {
    // Ratios 0.91..1.09 keep the count (tolerance 0.1), 1.15..3 raise it, 0.10..0.45 lower it. Targets of
    // >= 1000m (>= 100 % for utilization, truncated to a whole percent) keep rounding off the edges.
    const bigTarget = _name.includes('Utilization') ? fc.bigInt({ min: 100n, max: 300n }) : fc.bigInt({ min: 1000n, max: 2n ** 40n });
    fc.assert(fc.property(bigTarget, fc.integer({ min: 2, max: 50 }), fc.integer({ min: 91, max: 109 }), fc.integer({ min: 115, max: 300 }), fc.integer({ min: 10, max: 45 }),
      (t, n, inside, above, below) => {
        const current = source.current(n);
        const at = (pct: number) => source.propose(source.atRatio(t, n, BigInt(pct), 100n), t, n).replicas;
        return at(inside) === current && at(above) > current && at(below) < current;
      }));
  });
});

describe('the clamps, property-based', () => {
  test('Object/External Value and External AverageValue never exceed MaxInt32, and reach it when the exact proposal does', () => {
    fc.assert(fc.property(quantity(1n), target, replicas, (u, t, n) => {
      const exceeds = u * BigInt(n) > t * BigInt(MAX_INT32) + t; // clearly past int32, float rounding aside
      const values = [getObjectMetricReplicas(ctxFor(n), n, t, u).replicas, getExternalMetricReplicas(ctxFor(n), n, t, [u]).replicas];
      const perPodExceeds = u > t * BigInt(MAX_INT32) + t;
      const perPodValue = getExternalPerPodMetricReplicas(ctxFor(n), n, t, [u]).replicas;
      return values.every((v) => v <= MAX_INT32 && (!exceeds || v === MAX_INT32)) && perPodValue <= MAX_INT32 && (!perPodExceeds || perPodValue === MAX_INT32);
    }));
  });

  test('Object AverageValue has no clamp: past int32 its proposal is MinInt32, and its reported usage is int64(ceil(float64(usage)/replicas))', () => {
    fc.assert(fc.property(quantity(), target, replicas, (u, t, n) => {
      const r = getObjectPerPodMetricReplicas(ctxFor(n), n, t, u);
      const exact = Math.ceil(Number(u) / Number(t));
      const replicasOk = Math.abs(Number(u) / (Number(t) * n) - 1) <= 0.1 ? r.replicas === n : r.replicas === (exact > MAX_INT32 ? MIN_INT32 : exact);
      const avg = Math.ceil(Number(u) / n);
      return replicasOk && r.usage === (avg >= 2 ** 63 ? MIN_INT64 : BigInt(avg));
    }));
  });

  test('External AverageValue reports MaxInt64 exactly when float64(usage) >= 2^63', () => {
    fc.assert(fc.property(quantity(), replicas, (u, n) => {
      const r = getExternalPerPodMetricReplicas(ctxFor(n), n, 1000n, [u]);
      return Number(u) >= 2 ** 63 ? r.usage === MAX_INT64 : r.usage === BigInt(Math.ceil(Number(u) / n));
    }));
  });

  test('External Value sums positive samples to at most MaxInt64, exactly when it does not overflow', () => {
    fc.assert(fc.property(fc.array(quantity(), { minLength: 1, maxLength: 4 }), (samples) => {
      const exact = samples.reduce((a, b) => a + b, 0n);
      const { usage } = getExternalMetricReplicas(ctxFor(2), 2, 1000n, samples);
      return exact <= MAX_INT64 ? usage === exact : usage === MAX_INT64;
    }));
  });
});

describe('pod-level requests (calculatePodLevelRequests, PodRequests)', () => {
  const pod = (podRequests: Record<string, bigint>, containers: Pod['containers'], initContainers: Pod['initContainers'] = []): Pod => ({
    name: 'p', phase: 'Running', deleted: false, startTime: 0, ready: null, containers, initContainers, podRequests,
  });
  test('a pod-level request for another resource still selects the pod-level path: the container aggregate fills in', () => {
    const p = pod({ memory: 1n << 30n }, [{ name: 'a', requests: { cpu: 300n } }, { name: 'b', requests: { cpu: 200n } }],
      [{ name: 'init', requests: { cpu: 900n } }, { name: 'proxy', restartPolicy: 'Always', requests: { cpu: 100n } }]);
    // max(300 + 200 + 100 sidecar, 900 init) = 900
    expect(calculateRequests([p], '', 'cpu', true).get('p')).toBe(900n);
    // Without the gate, the containers' sum plus the sidecar: 600.
    expect(calculateRequests([p], '', 'cpu', false).get('p')).toBe(600n);
  });
});

describe('tolerance quantities as the controller reads them (canonical form, then AsApproximateFloat64)', () => {
  test.each([
    ['0.3', 0.3], ['300m', 0.3], ['0.036', 0.036000000000000004], ['59m', 0.059000000000000004], ['0.05', 0.05], ['1.5', 1.5],
    ['1e-1', 0.1], ['0.5Ki', 512], ['1.5Gi', 1610612736], ['0.0000000001', 1e-9], ['-0.036', -0.036000000000000004],
  ])('%s reads %p', (q, f) => expect(approximateFloat(q)).toBe(f));

  test('a per-direction tolerance of 0.059 keeps a ratio of exactly 0.941 (1 - 0.059000000000000004 <= 0.941); the decimal 0.059 would not', () => {
    const n = 10;
    const metrics: MetricsSnapshot = {
      resource: () => [], object: () => 0n, external: () => [],
      pods: () => new Map(Array.from({ length: n }, (_, i) => [`pod-${i}`, 941n])),
    };
    const spec = {
      maxReplicas: 20, minReplicas: 1,
      metrics: [{ type: 'Pods', pods: { metric: { name: 'jobs' }, target: { type: 'AverageValue', averageValue: '1' } } }],
      behavior: { scaleDown: { tolerance: '0.059', stabilizationWindowSeconds: 0 } },
    };
    const r = reconcile({ spec, specReplicas: n, statusReplicas: n, pods: pods(n), metrics, state: FRESH_STATE, now: 0 });
    expect(r.desiredReplicas).toBe(10);
    expect(1 - 0.059 <= 0.941).toBe(false); // what a correctly rounded decimal would decide
  });
});
