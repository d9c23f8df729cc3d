import { Pod, PodMetricsInfo, Time } from './types';

export interface PodGroups {
  readyPodCount: number;
  unready: Set<string>;
  missing: Set<string>;
  ignored: Set<string>;
}

/**
 * groupPods (replica_calculator.go). Only cpu gets the readiness rules; all time comparisons are
 * strict (Go's Before/After), so a pod exactly on a boundary counts as ready.
 */
export function groupPods(
  pods: readonly Pod[], metrics: PodMetricsInfo, resource: string,
  cpuInitializationPeriodSeconds: number, delayOfInitialReadinessStatusSeconds: number, now: Time,
): PodGroups {
  const groups: PodGroups = { readyPodCount: 0, unready: new Set(), missing: new Set(), ignored: new Set() };
  for (const pod of pods) {
    const metric = metrics.get(pod.name);
    const group = podGroup(pod, metric !== undefined, metric?.timestamp ?? 0, metric?.windowSeconds ?? 0, resource, cpuInitializationPeriodSeconds, delayOfInitialReadinessStatusSeconds, now);
    if (group === 'ready') groups.readyPodCount++;
    else if (group === 'unready') groups.unready.add(pod.name);
    else if (group === 'missing') groups.missing.add(pod.name);
    else groups.ignored.add(pod.name);
  }
  return groups;
}

/** Where groupPods puts a pod. */
export type PodGroup = 'ready' | 'unready' | 'missing' | 'ignored';

/**
 * One pod's group in groupPods; `hasMetric` with the metric's timestamp (ms) and window (s) when
 * the metrics client returned one for it.
 */
export function podGroup(
  pod: Pod, hasMetric: boolean, timestamp: Time, windowSeconds: number, resource: string,
  cpuInitializationPeriodSeconds: number, delayOfInitialReadinessStatusSeconds: number, now: Time,
): PodGroup {
  if (pod.deleted || pod.phase === 'Failed') return 'ignored';
  if (pod.phase === 'Pending') return 'unready';
  if (!hasMetric) return 'missing';
  if (resource === 'cpu') {
    const condition = pod.ready;
    let unready: boolean;
    if (condition === null || pod.startTime === null) {
      unready = true;
    } else if (pod.startTime + cpuInitializationPeriodSeconds * 1000 > now) {
      // Still initializing: ignore the sample if unready or no full metric window since the last transition.
      unready = condition.status === 'False' || timestamp < condition.lastTransitionTime + windowSeconds * 1000;
    } else {
      // Ignore the metric only if the pod is unready and has never been ready.
      unready = condition.status === 'False' && pod.startTime + delayOfInitialReadinessStatusSeconds * 1000 > condition.lastTransitionTime;
    }
    if (unready) return 'unready';
  }
  return 'ready';
}

export function removeMetricsForPods(metrics: PodMetricsInfo, pods: Set<string>): void {
  for (const name of pods) metrics.delete(name);
}
