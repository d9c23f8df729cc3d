import { add64 as add64Import, float64 as float64Import, goInt32 as goInt32Import, goInt64 as goInt64Import, INT64_MAX as INT64_MAXImport, int64, mul64 } from './go-numeric';
import {
  externalMetricUnavailable, NO_PODS, NO_READY_METRICS, objectMetricUnavailable, podsMetricUnavailable, readyPodsUnavailable,
  resourceMetricsUnavailable,
} from './messages';
import { groupPods, removeMetricsForPods } from './pod-grouping';
import { calculateRequests } from './requests';
import { isWithin as isWithinImport } from './tolerance';
import { metricUsageRatio, resourceUtilizationRatio } from './usage-ratio';
import { MAX_INT32 as MAX_INT32Import, MetricError, Milli, Pod, PodMetricsInfo, Time, Tolerances } from './types';

// Bindings used at every sync, read once: under tsx (CommonJS) every read of an imported binding
// calls two getters, and a simulation reconciles hundreds of thousands of times.
const add64 = add64Import;
const float64 = float64Import;
const goInt32 = goInt32Import;
const goInt64 = goInt64Import;
const INT64_MAX = INT64_MAXImport;
const isWithin = isWithinImport;
const MAX_INT32 = MAX_INT32Import;

export { podResourceMetrics } from './metrics-client';

/**
 * ReplicaCalculator (replica_calculator.go): one metric's replica proposal. Every function takes
 * the pods the lister returned and the metric values as data, so it is pure.
 *
 * Numbers follow upstream step by step: metric values are int64 milli-units (bigint, wrapping as
 * Go does), ratios are float64 formed as upstream orders them, and each float64 -> int32/int64
 * conversion is Go's (goInt32/goInt64: truncation, and on amd64 the most negative value for
 * NaN/Inf/out of range). A clamp exists only where upstream has one.
 */
export interface CalculatorContext {
  readonly pods: readonly Pod[];
  readonly tolerances: Tolerances;
  readonly cpuInitializationPeriodSeconds: number;
  readonly delayOfInitialReadinessStatusSeconds: number;
  readonly podLevelResources: boolean;
  readonly now: Time;
}

export interface ResourceProposal {
  replicas: number;
  utilization: number;
  rawAverage: Milli;
}

export interface UsageProposal {
  replicas: number;
  usage: Milli;
}

/**
 * A metrics client result, or the call producing it. A call's MetricError is the client's message,
 * which the calculator wraps with the metric it concerns (as upstream's fmt.Errorf does).
 */
export type Fetched<T> = T | (() => T);

/** `wrap(about, err)` words a failed call; module-level wrappers, so no closure is made per sync. */
function fetched<T, A>(value: Fetched<T>, wrap: (about: A, err: string) => string, about: A): T {
  if (typeof value !== 'function') return value;
  try {
    return (value as () => T)();
  } catch (e) {
    if (e instanceof MetricError) throw new MetricError(wrap(about, e.message));
    throw e;
  }
}

/** Which object an Object metric describes, for the error message (GetObject*Replicas). */
export interface ObjectMetricRef {
  readonly metricName: string;
  readonly namespace: string;
  readonly kind: string;
  readonly name: string;
}

/** Which external metric, for the error message (GetExternal*Replicas). */
export interface ExternalMetricRef {
  readonly metricName: string;
  readonly namespace: string;
  readonly selector?: unknown;
}

function requirePods(ctx: CalculatorContext): void {
  if (ctx.pods.length === 0) throw new MetricError(NO_PODS);
}

/** Groups the listed pods and keeps the metrics of those neither ignored nor unready. */
function usableMetrics(ctx: CalculatorContext, podMetrics: PodMetricsInfo, resource: string) {
  requirePods(ctx);
  const groups = groupPods(ctx.pods, podMetrics, resource, ctx.cpuInitializationPeriodSeconds, ctx.delayOfInitialReadinessStatusSeconds, ctx.now);
  // Read-only from here unless a pod is left out; the callers copy before filling in missing pods.
  let metrics: PodMetricsInfo = podMetrics;
  if (groups.ignored.size > 0 || groups.unready.size > 0) {
    metrics = new Map(podMetrics);
    removeMetricsForPods(metrics, groups.ignored);
    removeMetricsForPods(metrics, groups.unready);
  }
  if (metrics.size === 0) throw new MetricError(NO_READY_METRICS);
  return { metrics, groups };
}

/**
 * GetResourceReplicas: a Resource/ContainerResource metric with a Utilization target. Upstream
 * arithmetic: proposals `int32(math.Ceil(usageRatio * float64(readyPodCount)))` (no clamp: a
 * product beyond int32 becomes MinInt32 on amd64, which reconcile then ignores as "no proposal");
 * the scale-down fallback for missing pods `requests[pod] * int64(max(100, target)) / 100` in int64.
 */
export function getResourceReplicas(
  ctx: CalculatorContext, currentReplicas: number, targetUtilization: number, resource: string, container: string, podMetrics: Fetched<PodMetricsInfo>,
): ResourceProposal {
  const fetchedMetrics = fetched(podMetrics, resourceMetricsUnavailable, resource);
  const usable = usableMetrics(ctx, fetchedMetrics, resource);
  const { groups } = usable;
  const requests = calculateRequests(ctx.pods, container, resource, ctx.podLevelResources);
  const { usageRatio, utilization, rawAverage } = resourceUtilizationRatio(usable.metrics, requests, targetUtilization);

  const scaleUpWithUnready = groups.unready.size > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && groups.missing.size === 0) {
    if (isWithin(ctx.tolerances, usageRatio)) return { replicas: currentReplicas, utilization, rawAverage };
    return { replicas: goInt32(Math.ceil(usageRatio * groups.readyPodCount)), utilization, rawAverage };
  }
  const metrics = new Map(usable.metrics);
  if (groups.missing.size > 0) {
    if (usageRatio < 1.0) {
      // Scale-down: assume missing pods use max(100%, target) of their request (v1.26+).
      const fallback = BigInt(Math.max(100, targetUtilization));
      for (const pod of groups.missing) metrics.set(pod, { value: mul64(requests.get(pod)!, fallback) / 100n, timestamp: ctx.now, windowSeconds: 0 });
    } else if (usageRatio > 1.0) {
      for (const pod of groups.missing) metrics.set(pod, { value: 0n, timestamp: ctx.now, windowSeconds: 0 });
    }
  }
  if (scaleUpWithUnready) {
    for (const pod of groups.unready) metrics.set(pod, { value: 0n, timestamp: ctx.now, windowSeconds: 0 });
  }
  const newRatio = resourceUtilizationRatio(metrics, requests, targetUtilization).usageRatio;
  return { replicas: adjustedProposal(ctx, currentReplicas, usageRatio, newRatio, metrics.size), utilization, rawAverage };
}

/**
 * The tail shared by the resource and plain paths once missing/unready pods are filled in: keep the
 * current count when within tolerance, when the adjustment flipped the direction, or when the new
 * count (`int32(math.Ceil(newUsageRatio * float64(len(metrics))))`) would move against it.
 */
export function adjustedProposal(ctx: CalculatorContext, currentReplicas: number, usageRatio: number, newRatio: number, metricCount: number): number {
  if (isWithin(ctx.tolerances, newRatio) || (usageRatio < 1.0 && newRatio > 1.0) || (usageRatio > 1.0 && newRatio < 1.0)) return currentReplicas;
  const newReplicas = goInt32(Math.ceil(newRatio * metricCount));
  if ((newRatio < 1.0 && newReplicas > currentReplicas) || (newRatio > 1.0 && newReplicas < currentReplicas)) return currentReplicas;
  return newReplicas;
}

/** GetRawResourceReplicas: a Resource/ContainerResource metric with an AverageValue target. */
export function getRawResourceReplicas(
  ctx: CalculatorContext, currentReplicas: number, targetUsage: Milli, resource: string, podMetrics: Fetched<PodMetricsInfo>,
): UsageProposal {
  const metrics = fetched(podMetrics, resourceMetricsUnavailable, resource);
  return calcPlainMetricReplicas(ctx, metrics, currentReplicas, targetUsage, resource);
}

/** GetMetricReplicas: a Pods metric (AverageValue target). */
export function getMetricReplicas(
  ctx: CalculatorContext, currentReplicas: number, targetUsage: Milli, metricName: string, podMetrics: Fetched<PodMetricsInfo>,
): UsageProposal {
  const metrics = fetched(podMetrics, podsMetricUnavailable, metricName);
  return calcPlainMetricReplicas(ctx, metrics, currentReplicas, targetUsage, '');
}

/**
 * calcPlainMetricReplicas: Pods metrics and Resource/ContainerResource AverageValue targets.
 * `resource` is the resource name for the latter (cpu gets the readiness rules), '' for Pods.
 * The fast path proposes `int32(math.Ceil(usageRatio * float64(readyPodCount)))`, unclamped.
 */
export function calcPlainMetricReplicas(
  ctx: CalculatorContext, podMetrics: PodMetricsInfo, currentReplicas: number, targetUsage: Milli, resource: string,
): UsageProposal {
  const usable = usableMetrics(ctx, podMetrics, resource);
  const { groups } = usable;
  const { usageRatio, usage } = metricUsageRatio(usable.metrics, targetUsage);

  const scaleUpWithUnready = groups.unready.size > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && groups.missing.size === 0) {
    if (isWithin(ctx.tolerances, usageRatio)) return { replicas: currentReplicas, usage };
    return { replicas: goInt32(Math.ceil(usageRatio * groups.readyPodCount)), usage };
  }
  const metrics = new Map(usable.metrics);
  if (groups.missing.size > 0) {
    // Scale-down: missing pods are assumed at the target; scale-up: at 0; exactly 1.0: left out.
    const assumed = usageRatio < 1.0 ? targetUsage : usageRatio > 1.0 ? 0n : null;
    if (assumed !== null) for (const pod of groups.missing) metrics.set(pod, { value: assumed, timestamp: ctx.now, windowSeconds: 0 });
  }
  if (scaleUpWithUnready) {
    for (const pod of groups.unready) metrics.set(pod, { value: 0n, timestamp: ctx.now, windowSeconds: 0 });
  }
  const newRatio = metricUsageRatio(metrics, targetUsage).usageRatio;
  return { replicas: adjustedProposal(ctx, currentReplicas, usageRatio, newRatio, metrics.size), usage };
}

/** getReadyPodsCount: Running pods whose Ready condition is True (terminating ones included). */
function readyPodsCount(ctx: CalculatorContext): number {
  try {
    requirePods(ctx);
  } catch (e) {
    throw new MetricError(readyPodsUnavailable((e as Error).message));
  }
  return ctx.pods.filter((p) => p.phase === 'Running' && p.ready?.status === 'True').length;
}

/**
 * getUsageRatioReplicaCount: Object/External Value targets. With replicas: tolerance, then
 * `replicaCountFloat := usageRatio * float64(readyPodCount)`, clamped to MaxInt32 when
 * `replicaCountFloat > math.MaxInt32` (upstream's one clamp here), else `int32(math.Ceil(...))`.
 * From zero: `int32(math.Ceil(usageRatio))`, no tolerance and no clamp.
 */
function usageRatioReplicaCount(ctx: CalculatorContext, currentReplicas: number, usageRatio: number): number {
  if (currentReplicas !== 0) {
    if (isWithin(ctx.tolerances, usageRatio)) return currentReplicas;
    const replicaCountFloat = usageRatio * readyPodsCount(ctx);
    return replicaCountFloat > MAX_INT32 ? MAX_INT32 : goInt32(Math.ceil(replicaCountFloat));
  }
  return goInt32(Math.ceil(usageRatio));
}

/** GetObjectMetricReplicas: Object metric, Value target; `float64(usage) / float64(targetUsage)`. */
export function getObjectMetricReplicas(
  ctx: CalculatorContext, currentReplicas: number, targetValue: Milli, usage: Fetched<Milli>, ref?: ObjectMetricRef,
): UsageProposal {
  const value = fetched(usage, objectError, ref);
  const usageRatio = float64(value) / float64(targetValue);
  return { replicas: usageRatioReplicaCount(ctx, currentReplicas, usageRatio), usage: value };
}

/**
 * GetObjectPerPodMetricReplicas: Object metric, AverageValue target, against status.replicas.
 * No clamp anywhere (unlike the External AverageValue path):
 * - ratio `float64(usage) / (float64(targetAverageUsage) * float64(statusReplicas))`;
 * - outside tolerance, `int32(math.Ceil(float64(usage) / float64(targetAverageUsage)))`;
 * - reported usage `int64(math.Ceil(float64(usage) / float64(statusReplicas)))`: float64(MaxInt64)
 *   is 2^63, so a usage near MaxInt64 over 1 replica converts out of range and reads MinInt64 on
 *   amd64; statusReplicas 0 divides to +-Inf/NaN, also MinInt64.
 */
export function getObjectPerPodMetricReplicas(
  ctx: CalculatorContext, statusReplicas: number, targetAverageValue: Milli, usage: Fetched<Milli>, ref?: ObjectMetricRef,
): UsageProposal {
  const value = fetched(usage, objectError, ref);
  let replicas = statusReplicas;
  const usageRatio = float64(value) / (float64(targetAverageValue) * statusReplicas);
  if (!isWithin(ctx.tolerances, usageRatio)) replicas = goInt32(Math.ceil(float64(value) / float64(targetAverageValue)));
  return { replicas, usage: goInt64(Math.ceil(float64(value) / statusReplicas)) };
}

const objectError = (ref: ObjectMetricRef | undefined, err: string) =>
  (ref ? objectMetricUnavailable(ref.metricName, ref.kind, ref.namespace, ref.name, err) : err);
const externalError = (ref: ExternalMetricRef | undefined, err: string) =>
  (ref ? externalMetricUnavailable(ref.namespace, ref.metricName, ref.selector, err) : err);

/**
 * GetExternalMetricReplicas: External metric, Value target. The sum stops at MaxInt64 when the
 * next positive sample would overflow (`val > 0 && usage > math.MaxInt64-val`); a negative sample
 * is added with int64 wrap-around. Ratio `float64(usage) / float64(targetUsage)`.
 */
export function getExternalMetricReplicas(
  ctx: CalculatorContext, currentReplicas: number, targetValue: Milli, samples: Fetched<readonly Milli[]>, ref?: ExternalMetricRef,
): UsageProposal {
  const values = fetched(samples, externalError, ref);
  let usage = 0n;
  for (const val of values) {
    if (val > 0n && usage > INT64_MAX - val) {
      usage = INT64_MAX;
      break;
    }
    usage = add64(usage, val);
  }
  return { replicas: usageRatioReplicaCount(ctx, currentReplicas, float64(usage) / float64(targetValue)), usage };
}

/**
 * GetExternalPerPodMetricReplicas: External metric, AverageValue target, against status.replicas.
 * - Sum: `usage = usage + val` wrapping in int64, and `if usage < 0 { usage = MaxInt64; break }`:
 *   an overflow reads MaxInt64, and so does any sum that goes negative (a negative sample).
 * - ratio `float64(usage) / (float64(targetUsagePerPod) * float64(statusReplicas))`;
 * - outside tolerance, `math.Ceil(float64(usage) / float64(targetUsagePerPod))`, clamped to
 *   MaxInt32 when `> float64(math.MaxInt32)`, else int32() of it;
 * - reported usage MaxInt64 when `float64(usage) >= float64(math.MaxInt64)`, a float64 comparison
 *   (float64(MaxInt64) = 2^63, so every usage from 2^63 - 512 up rounds to it and counts), else
 *   `int64(math.Ceil(float64(usage) / float64(statusReplicas)))`.
 */
export function getExternalPerPodMetricReplicas(
  ctx: CalculatorContext, statusReplicas: number, targetAverageValue: Milli, samples: Fetched<readonly Milli[]>, ref?: ExternalMetricRef,
): UsageProposal {
  const values = fetched(samples, externalError, ref);
  let usage = 0n;
  for (const val of values) {
    usage = add64(usage, val);
    if (usage < 0n) {
      usage = INT64_MAX;
      break;
    }
  }
  let replicas = statusReplicas;
  // float64() of each operand once (it is Number()): this runs at every sync of an HPA with an
  // External AverageValue metric, and under tsx each call of an import reads two getters.
  const usageFloat = float64(usage);
  const targetFloat = float64(targetAverageValue);
  const usageRatio = usageFloat / (targetFloat * statusReplicas);
  if (!isWithin(ctx.tolerances, usageRatio)) {
    const result = Math.ceil(usageFloat / targetFloat);
    replicas = result > MAX_INT32 ? MAX_INT32 : goInt32(result);
  }
  const reported = usageFloat >= INT64_MAX_FLOAT ? INT64_MAX : goInt64(Math.ceil(usageFloat / statusReplicas));
  return { replicas, usage: reported };
}

const INT64_MAX_FLOAT = float64(INT64_MAX);

/** A quantity's MilliValue() as the controller holds it: int64 (bigger values keep their low 64 bits, as big.Int.Int64()). */
export const milliInt64 = (milli: Milli): Milli => int64(milli);
