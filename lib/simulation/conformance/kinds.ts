import {
  calculateRequests, CalculatorContext, Condition, ControllerSettings, convertWithBehaviorRate, convertWithRules,
  defaultBehavior, EffectiveRules, getExternalMetric, getExternalMetricReplicas, getExternalPerPodMetricReplicas, getMetricReplicas, getObjectMetric,
  getObjectMetricReplicas, getObjectPerPodMetricReplicas, getRawMetric, getResourceReplicas, groupPods, MetricError, MetricsSnapshot, MetricSpec,
  podResourceMetrics, reconcile, replicasChangePerPeriod, scaleDownLimit, scaleUpLimit, stabilizeLegacy, stabilizeWithBehavior, storeScaleEvent,
} from '../../hpa';
import { at, events, milli, NOW, pod, recommendations, resourceSample, show, VectorPod, VectorResourceSample } from './decode';

/** One asserted field: what the vector expects and what the engine produced. */
export interface Check {
  readonly field: string;
  readonly expected: unknown;
  readonly actual: unknown;
  /** Substring match instead of equality (error messages). */
  readonly contains?: boolean;
}

export interface Vector {
  id: string;
  kind: string;
  inputs: any;
  expected: any;
}

export type Harnesses = Record<string, any>;
type Runner = (inputs: any, expected: any, harnesses: Harnesses) => Check[];

const rules = (r: any): EffectiveRules => ({
  stabilizationWindowSeconds: r?.stabilizationWindowSeconds ?? null,
  selectPolicy: r?.selectPolicy ?? 'Max',
  policies: r?.policies ?? [],
});

/** Fields the vector asserts: a null/undefined expectation is "not asserted". */
function checks(expected: any, actual: Record<string, unknown>): Check[] {
  return Object.entries(actual)
    .filter(([field]) => expected[field] !== null && expected[field] !== undefined)
    .map(([field, value]) => ({ field, expected: expected[field], actual: value }));
}

/** Runs `fn`, turning a MetricError into the `expectedError` field. */
function orError(expected: any, fn: () => Record<string, unknown>): Check[] {
  try {
    const actual = fn();
    return [...checks(expected, actual), ...(expected.expectedError ? [{ field: 'expectedError', expected: expected.expectedError, actual: null, contains: true }] : [])];
  } catch (e) {
    if (!(e instanceof MetricError)) throw e;
    return [{ field: 'expectedError', expected: expected.expectedError ?? '(no error)', actual: e.message, contains: true }];
  }
}

const limit = (fn: typeof scaleUpLimit): Runner => (i, e) => [
  { field: 'limit', expected: e.limit, actual: fn(i.currentReplicas, events(i.scaleUpEvents), events(i.scaleDownEvents), rules(i.scalingRules), NOW) },
];

const replicaCalc: Runner = (i, e, h) => {
  const harness = h.replica_calculator_test ?? {};
  const resource = i.resourceName ?? 'cpu';
  const ctx: CalculatorContext = {
    pods: (i.pods as VectorPod[]).map((p) => pod(p, resource)),
    tolerances: i.tolerances,
    cpuInitializationPeriodSeconds: harness.cpuInitializationPeriodSeconds ?? 120,
    delayOfInitialReadinessStatusSeconds: harness.delayOfInitialReadinessStatusSeconds ?? 10,
    podLevelResources: true,
    now: NOW,
  };
  // The metrics API as the vector states it; the engine's own metrics-client functions read it, so
  // an empty list fails here exactly as it does on the reconcile path.
  const api: MetricsSnapshot = {
    resource: () => ((i.podMetrics ?? []) as VectorResourceSample[]).map(resourceSample),
    pods: () => new Map(((i.podMetrics ?? []) as any[]).map((m) => [m.name, milli(m.valueMilli)])),
    object: () => milli(i.objectMetric.valueMilli),
    external: () => (i.externalMetric.valuesMilli as Array<number | string>).map(milli),
  };
  const namespace = harness.namespace ?? 'test-namespace';
  const objectRef = () => ({ metricName: i.metricName ?? 'qps', namespace, kind: i.objectMetric.describedObject.kind, name: i.objectMetric.describedObject.name });
  const externalRef = () => ({ metricName: i.metricName ?? 'qps', namespace, selector: i.externalMetric.selector });
  return orError(e, () => {
    switch (i.function) {
      case 'GetResourceReplicas': {
        const fetch = () => podResourceMetrics(api.resource(resource), i.container ?? '');
        const r = getResourceReplicas(ctx, i.currentReplicas, i.targetUtilization, resource, i.container ?? '', fetch);
        return { expectedReplicas: r.replicas, expectedUtilization: r.utilization, expectedRawValue: exact(r.rawAverage) };
      }
      case 'GetMetricReplicas': {
        const name = i.metricName ?? 'qps';
        const r = getMetricReplicas(ctx, i.currentReplicas, milli(i.targetUsageMilli), name, () => getRawMetric(api, name, NOW));
        return { expectedReplicas: r.replicas, expectedUsage: exact(r.usage) };
      }
      case 'GetObjectMetricReplicas': {
        const ref = objectRef();
        const r = getObjectMetricReplicas(ctx, i.currentReplicas, milli(i.targetUsageMilli), () => getObjectMetric(api, ref.metricName, ref), ref);
        return { expectedReplicas: r.replicas, expectedUsage: exact(r.usage) };
      }
      case 'GetObjectPerPodMetricReplicas': {
        const ref = objectRef();
        const r = getObjectPerPodMetricReplicas(ctx, i.statusReplicas, milli(i.perPodTargetUsageMilli), () => getObjectMetric(api, ref.metricName, ref), ref);
        return { expectedReplicas: r.replicas, expectedUsage: exact(r.usage) };
      }
      case 'GetExternalMetricReplicas': {
        const ref = externalRef();
        const r = getExternalMetricReplicas(ctx, i.currentReplicas, milli(i.targetUsageMilli), () => getExternalMetric(api, ref.metricName, ref.selector), ref);
        return { expectedReplicas: r.replicas, expectedUsage: exact(r.usage) };
      }
      case 'GetExternalPerPodMetricReplicas': {
        const ref = externalRef();
        const r = getExternalPerPodMetricReplicas(ctx, i.statusReplicas, milli(i.perPodTargetUsageMilli), () => getExternalMetric(api, ref.metricName, ref.selector), ref);
        return { expectedReplicas: r.replicas, expectedUsage: exact(r.usage) };
      }
      default:
        throw new Error(`unknown replicaCalc function ${i.function}`);
    }
  });
};

/**
 * An int64 as the vectors write it (README, HPA engine: Conformance vectors format): a number within +-(2^53 - 1), else its
 * exact decimal string; never a rounded JS number.
 */
export const exact = (u: bigint): number | string => (u > BigInt(Number.MAX_SAFE_INTEGER) || u < -BigInt(Number.MAX_SAFE_INTEGER) ? u.toString() : Number(u));

/** A fresh controller of horizontal_test.go, one reconcile. */
const reconcileRunner: Runner = (i, e, h) => {
  const harness = h.horizontal_test ?? {};
  const d = i.derived;
  const failing = new Set<string>(i.metricFetchErrors ?? []);
  const fail = (type: string) => {
    if (failing.has(type)) throw new MetricError(`${type} metrics API call failed`);
  };
  const metrics: MetricsSnapshot = {
    resource: () => (fail('Resource'), (d.cpuPodMetrics as VectorResourceSample[]).map(resourceSample)),
    pods: () => (fail('Pods'), new Map(Object.entries(d.podsMetricValuesMilli ?? {}).map(([k, v]) => [k, milli(v as number)]))),
    object: () => (fail('Object'), milli(d.objectMetricValueMilli)),
    external: () => (fail('External'), (d.externalMetricValuesMilli ?? []).map(milli)),
  };
  const settings: Partial<ControllerSettings> = {
    scaleUpLimitFactor: harness.scaleUpLimitFactor, scaleUpLimitMinimum: harness.scaleUpLimitMinimum,
    downscaleStabilizationWindowSeconds: harness.downscaleStabilisationWindowSeconds, tolerance: harness.tolerance,
    cpuInitializationPeriodSeconds: harness.cpuInitializationPeriodSeconds, initialReadinessDelaySeconds: harness.delayOfInitialReadinessStatusSeconds,
    configurableTolerance: i.configurableToleranceGate ?? true,
  };
  const behavior = i.scaleUpRules != null || i.scaleDownRules != null ? { scaleUp: i.scaleUpRules, scaleDown: i.scaleDownRules } : null;
  const result = reconcile({
    spec: { minReplicas: i.minReplicas, maxReplicas: i.maxReplicas, metrics: (d.hpaMetrics as any[]).map(quantitiesFromMilli) as MetricSpec[], behavior },
    specReplicas: i.specReplicas, statusReplicas: i.statusReplicas, previousDesiredReplicas: i.specReplicas,
    pods: (d.pods as VectorPod[]).map((p) => pod(p)),
    metrics,
    state: { recommendations: i.recommendations == null ? null : recommendations(i.recommendations), scaleUpEvents: [], scaleDownEvents: [] },
    now: NOW,
    settings,
  });
  return [
    ...checks(e, {
      expectedDesiredReplicas: result.desiredReplicas,
      scaleUpdated: result.scaleUpdated,
      expectedConditions: result.conditions.map((c: Condition) => ({ type: c.type, status: c.status, reason: c.reason })),
    }),
    // The engine's own defaulting must agree with the transcribed effective behavior.
    { field: 'derived.effectiveBehavior', expected: d.effectiveBehavior ?? null, actual: effective(defaultBehavior(behavior)) },
  ];
};

function effective(b: ReturnType<typeof defaultBehavior>): unknown {
  if (!b) return null;
  const one = (r: EffectiveRules) => ({ stabilizationWindowSeconds: r.stabilizationWindowSeconds, selectPolicy: r.selectPolicy, policies: r.policies, ...(r.tolerance != null ? { tolerance: r.tolerance } : {}) });
  return { scaleUp: one(b.scaleUp), scaleDown: one(b.scaleDown) };
}

/** The vectors write quantities as `valueMilli`/`averageValueMilli`; the engine reads v2 quantities. */
function quantitiesFromMilli(value: any): any {
  if (Array.isArray(value)) return value.map(quantitiesFromMilli);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => {
    const m = /^(value|averageValue)Milli$/.exec(k);
    return m ? [m[1], `${v}m`] : [k, quantitiesFromMilli(v)];
  }));
}

export const RUNNERS: Record<string, Runner> = {
  scaleUpLimit: limit(scaleUpLimit),
  scaleDownLimit: limit(scaleDownLimit),

  behaviorRate: (i, e) => {
    const r = convertWithBehaviorRate({
      current: i.currentReplicas, desired: i.prenormalizedDesiredReplicas, minReplicas: i.specMinReplicas, maxReplicas: i.specMaxReplicas,
      scaleUp: rules(i.effectiveScaleUpRules), scaleDown: rules(i.effectiveScaleDownRules),
      upEvents: events(i.scaleUpEvents), downEvents: events(i.scaleDownEvents), now: NOW,
    });
    return checks(e, { expectedReplicas: r.replicas, expectedCondition: r.reason });
  },

  stabilizeWithBehavior: (i, e) => {
    const r = stabilizeWithBehavior(recommendations(i.recommendations), i.currentReplicas, i.prenormalizedDesiredReplicas,
      i.scaleUpStabilizationWindowSeconds ?? 0, i.scaleDownStabilizationWindowSeconds ?? 0, NOW);
    return checks(e, { expectedStabilizedReplicas: r.replicas, expectedRecommendations: r.recommendations.map((x) => x.recommendation) });
  },

  stabilizeLegacy: (i, e) => {
    const r = stabilizeLegacy(recommendations(i.recommendations), i.prenormalizedDesiredReplicas, i.downscaleStabilisationWindowSeconds, NOW);
    return checks(e, { expectedStabilizedReplicas: r.replicas, expectedLogLength: r.recommendations.length });
  },

  convertWithRules: (i, e) => {
    const r = convertWithRules(i.currentReplicas, i.desiredReplicas, i.hpaMinReplicas, i.hpaMaxReplicas, i.scaleUpLimitFactor, i.scaleUpLimitMinimum);
    return checks(e, { expectedConvertedDesiredReplicas: r.replicas, expectedCondition: r.reason });
  },

  // Asserted for both directions, as the Go test runs it twice.
  storeScaleEvents: (i, e) => (['up', 'down'] as const).flatMap((dir) => {
    const prev = events(i.prevScaleEvents);
    const behavior = i.scalingRules == null ? null : { scaleUp: rules(i.scalingRules), scaleDown: rules(i.scalingRules) };
    const before = { scaleUpEvents: dir === 'up' ? prev : [], scaleDownEvents: dir === 'down' ? prev : [] };
    const next = i.prevReplicas + (dir === 'up' ? i.replicaChange : -i.replicaChange);
    const change = replicasChangePerPeriod(60, prev, NOW);
    const after = storeScaleEvent(behavior, before, i.prevReplicas, next, NOW);
    const list = dir === 'up' ? after.scaleUpEvents : after.scaleDownEvents;
    return checks(e, { expectedReplicasChange: change, newScaleEvents: list.map((x) => ({ replicaChange: x.replicaChange, outdated: x.outdated })) })
      .map((c) => ({ ...c, field: `${dir}: ${c.field}` }));
  }),

  replicaCalc,

  groupPods: (i, e) => {
    const metrics = new Map(Object.entries(i.metrics ?? {}).map(([name, m]: [string, any]) => [name, { value: milli(m.value), timestamp: at(m.timestampAge), windowSeconds: m.windowSeconds }]));
    const g = groupPods((i.pods as VectorPod[]).map((p) => pod(p)), metrics, i.resource, i.cpuInitializationPeriodSeconds, i.delayOfInitialReadinessStatusSeconds, NOW);
    const sorted = (s: Set<string>) => [...s].sort();
    return [
      { field: 'expectReadyPodCount', expected: e.expectReadyPodCount, actual: g.readyPodCount },
      { field: 'expectUnreadyPods', expected: [...e.expectUnreadyPods].sort(), actual: sorted(g.unready) },
      { field: 'expectMissingPods', expected: [...e.expectMissingPods].sort(), actual: sorted(g.missing) },
      { field: 'expectIgnoredPods', expected: [...e.expectIgnoredPods].sort(), actual: sorted(g.ignored) },
    ];
  },

  calculateRequests: (i, e) => {
    try {
      const r = calculateRequests((i.pods as VectorPod[]).map((p) => pod(p, i.resource)), i.container, i.resource, i.enablePodLevelResources);
      return [{ field: 'expectedRequests', expected: e.expectedRequests, actual: Object.fromEntries([...r].map(([k, v]) => [k, exact(v)])) }];
    } catch (err) {
      if (!(err instanceof MetricError)) throw err;
      return [{ field: 'expectedError', expected: e.expectedError, actual: err.message }];
    }
  },

  reconcile: reconcileRunner,
};

export function passed(c: Check): boolean {
  if (c.contains) return typeof c.actual === 'string' && typeof c.expected === 'string' && c.actual.includes(c.expected);
  return show(c.expected) === show(c.actual);
}
