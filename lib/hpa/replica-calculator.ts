import { groupPods, removeMetricsForPods } from './pod-grouping';
import { calculateRequests } from './requests';
import { isWithin } from './tolerance';
import { metricUsageRatio, resourceUtilizationRatio } from './usage-ratio';
import { MAX_INT32, MAX_INT64, MetricError, Milli, Pod, PodMetricsInfo, PodResourceSample, Time, Tolerances } from './types';

/**
 * ReplicaCalculator (replica_calculator.go): one metric's replica proposal. Every function takes
 * the pods the lister returned and the metric values as data, so it is pure.
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

/** int32(math.Ceil(x)) for the non-negative proposals the calculator forms. */
const ceilInt32 = (x: number) => Math.ceil(x);
const clampInt32 = (x: number) => (x > MAX_INT32 ? MAX_INT32 : Math.ceil(x));

/**
 * metrics client getPodMetrics / getContainerMetrics (metrics/client.go): pod value = sum over its
 * containers, or the named container; a pod lacking a value is left out, i.e. becomes "missing".
 */
export function podResourceMetrics(samples: readonly PodResourceSample[], container: string): PodMetricsInfo {
  if (samples.length === 0) throw new MetricError('no metrics returned from resource metrics API');
  const info: PodMetricsInfo = new Map();
  for (const s of samples) {
    let value: Milli | null = 0n;
    if (container === '') {
      if (s.containers.length === 0) continue;
      for (const c of s.containers) value = c.usage === null || value === null ? null : value + c.usage;
    } else {
      value = s.containers.find((c) => c.name === container && c.usage !== null)?.usage ?? null;
    }
    if (value === null) continue;
    info.set(s.name, { value, timestamp: s.timestamp, windowSeconds: s.windowSeconds });
  }
  return info;
}

function requirePods(ctx: CalculatorContext): void {
  if (ctx.pods.length === 0) throw new MetricError('no pods returned by selector while calculating replica count');
}

/** Groups the listed pods and keeps the metrics of those neither ignored nor unready. */
function usableMetrics(ctx: CalculatorContext, podMetrics: PodMetricsInfo, resource: string) {
  requirePods(ctx);
  const metrics = new Map(podMetrics);
  const groups = groupPods(ctx.pods, metrics, resource, ctx.cpuInitializationPeriodSeconds, ctx.delayOfInitialReadinessStatusSeconds, ctx.now);
  removeMetricsForPods(metrics, groups.ignored);
  removeMetricsForPods(metrics, groups.unready);
  if (metrics.size === 0) throw new MetricError('did not receive metrics for targeted pods (pods might be unready)');
  return { metrics, groups };
}

/** GetResourceReplicas: a Resource/ContainerResource metric with a Utilization target. */
export function getResourceReplicas(
  ctx: CalculatorContext, currentReplicas: number, targetUtilization: number, resource: string, container: string, podMetrics: PodMetricsInfo,
): ResourceProposal {
  const { metrics, groups } = usableMetrics(ctx, podMetrics, resource);
  const requests = calculateRequests(ctx.pods, container, resource, ctx.podLevelResources);
  const first = resourceUtilizationRatio(metrics, requests, targetUtilization);
  const { usageRatio, utilization, rawAverage } = first;
  const same = (replicas: number) => ({ replicas, utilization, rawAverage });

  const scaleUpWithUnready = groups.unready.size > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && groups.missing.size === 0) {
    if (isWithin(ctx.tolerances, usageRatio)) return same(currentReplicas);
    return same(ceilInt32(usageRatio * groups.readyPodCount));
  }
  if (groups.missing.size > 0) {
    if (usageRatio < 1.0) {
      // Scale-down: assume missing pods use max(100%, target) of their request (v1.26+).
      const fallback = BigInt(Math.max(100, targetUtilization));
      for (const pod of groups.missing) metrics.set(pod, { value: (requests.get(pod)! * fallback) / 100n, timestamp: ctx.now, windowSeconds: 0 });
    } else if (usageRatio > 1.0) {
      for (const pod of groups.missing) metrics.set(pod, { value: 0n, timestamp: ctx.now, windowSeconds: 0 });
    }
  }
  if (scaleUpWithUnready) {
    for (const pod of groups.unready) metrics.set(pod, { value: 0n, timestamp: ctx.now, windowSeconds: 0 });
  }
  const newRatio = resourceUtilizationRatio(metrics, requests, targetUtilization).usageRatio;
  return same(adjustedProposal(ctx, currentReplicas, usageRatio, newRatio, metrics.size));
}

/**
 * The tail shared by the resource and plain paths once missing/unready pods are filled in: keep the
 * current count when within tolerance, when the adjustment flipped the direction, or when the new
 * count would move against it.
 */
function adjustedProposal(ctx: CalculatorContext, currentReplicas: number, usageRatio: number, newRatio: number, metricCount: number): number {
  if (isWithin(ctx.tolerances, newRatio) || (usageRatio < 1.0 && newRatio > 1.0) || (usageRatio > 1.0 && newRatio < 1.0)) return currentReplicas;
  const newReplicas = ceilInt32(newRatio * metricCount);
  if ((newRatio < 1.0 && newReplicas > currentReplicas) || (newRatio > 1.0 && newReplicas < currentReplicas)) return currentReplicas;
  return newReplicas;
}

/**
 * calcPlainMetricReplicas: Pods metrics and Resource/ContainerResource AverageValue targets.
 * `resource` is the resource name for the latter (cpu gets the readiness rules), '' for Pods.
 */
export function calcPlainMetricReplicas(
  ctx: CalculatorContext, podMetrics: PodMetricsInfo, currentReplicas: number, targetUsage: Milli, resource: string,
): UsageProposal {
  const { metrics, groups } = usableMetrics(ctx, podMetrics, resource);
  const { usageRatio, usage } = metricUsageRatio(metrics, targetUsage);

  const scaleUpWithUnready = groups.unready.size > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && groups.missing.size === 0) {
    if (isWithin(ctx.tolerances, usageRatio)) return { replicas: currentReplicas, usage };
    return { replicas: ceilInt32(usageRatio * groups.readyPodCount), usage };
  }
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
  requirePods(ctx);
  return ctx.pods.filter((p) => p.phase === 'Running' && p.ready?.status === 'True').length;
}

/** getUsageRatioReplicaCount: Object/External Value targets. From zero: ceil(ratio), no tolerance. */
function usageRatioReplicaCount(ctx: CalculatorContext, currentReplicas: number, usageRatio: number): number {
  if (currentReplicas !== 0) {
    if (isWithin(ctx.tolerances, usageRatio)) return currentReplicas;
    return clampInt32(usageRatio * readyPodsCount(ctx));
  }
  return ceilInt32(usageRatio);
}

/** GetObjectMetricReplicas: Object metric, Value target. */
export function getObjectMetricReplicas(ctx: CalculatorContext, currentReplicas: number, targetValue: Milli, usage: Milli): UsageProposal {
  const usageRatio = Number(usage) / Number(targetValue);
  return { replicas: usageRatioReplicaCount(ctx, currentReplicas, usageRatio), usage };
}

/** GetObjectPerPodMetricReplicas: Object metric, AverageValue target, against status.replicas. */
export function getObjectPerPodMetricReplicas(ctx: CalculatorContext, statusReplicas: number, targetAverageValue: Milli, usage: Milli): UsageProposal {
  return perPodProposal(ctx, statusReplicas, targetAverageValue, usage);
}

/** External samples summed, capped at MaxInt64 instead of overflowing. */
function externalUsage(samples: readonly Milli[]): Milli {
  if (samples.length === 0) throw new MetricError('no metrics returned from external metrics API');
  const sum = samples.reduce((a, b) => a + b, 0n);
  return sum > MAX_INT64 ? MAX_INT64 : sum;
}

/** GetExternalMetricReplicas: External metric, Value target. */
export function getExternalMetricReplicas(ctx: CalculatorContext, currentReplicas: number, targetValue: Milli, samples: readonly Milli[]): UsageProposal {
  const usage = externalUsage(samples);
  return { replicas: usageRatioReplicaCount(ctx, currentReplicas, Number(usage) / Number(targetValue)), usage };
}

/** GetExternalPerPodMetricReplicas: External metric, AverageValue target, against status.replicas. */
export function getExternalPerPodMetricReplicas(ctx: CalculatorContext, statusReplicas: number, targetAverageValue: Milli, samples: readonly Milli[]): UsageProposal {
  return perPodProposal(ctx, statusReplicas, targetAverageValue, externalUsage(samples));
}

function perPodProposal(ctx: CalculatorContext, statusReplicas: number, target: Milli, usage: Milli): UsageProposal {
  let replicas = statusReplicas;
  const usageRatio = Number(usage) / (Number(target) * statusReplicas);
  if (!isWithin(ctx.tolerances, usageRatio)) replicas = clampInt32(Number(usage) / Number(target));
  const perPod = Math.ceil(Number(usage) / statusReplicas);
  const reported = usage >= MAX_INT64 || !Number.isFinite(perPod) || perPod >= Number(MAX_INT64) ? MAX_INT64 : BigInt(perPod);
  return { replicas, usage: reported };
}
