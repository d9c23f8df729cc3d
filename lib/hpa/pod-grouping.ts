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
    if (pod.deleted || pod.phase === 'Failed') {
      groups.ignored.add(pod.name);
      continue;
    }
    if (pod.phase === 'Pending') {
      groups.unready.add(pod.name);
      continue;
    }
    const metric = metrics.get(pod.name);
    if (!metric) {
      groups.missing.add(pod.name);
      continue;
    }
    if (resource === 'cpu') {
      const condition = pod.ready;
      let unready: boolean;
      if (condition === null || pod.startTime === null) {
        unready = true;
      } else if (pod.startTime + cpuInitializationPeriodSeconds * 1000 > now) {
        // Still initializing: ignore the sample if unready or no full metric window since the last transition.
        unready = condition.status === 'False' || metric.timestamp < condition.lastTransitionTime + metric.windowSeconds * 1000;
      } else {
        // Ignore the metric only if the pod is unready and has never been ready.
        unready = condition.status === 'False' && pod.startTime + delayOfInitialReadinessStatusSeconds * 1000 > condition.lastTransitionTime;
      }
      if (unready) {
        groups.unready.add(pod.name);
        continue;
      }
    }
    groups.readyPodCount++;
  }
  return groups;
}

export function removeMetricsForPods(metrics: PodMetricsInfo, pods: Set<string>): void {
  for (const name of pods) metrics.delete(name);
}
