import { milliValue } from '../hpa';
import { Environment, Workload } from '../config/schema';
import { podRequestsExact } from '../config/requests';

/**
 * The arithmetic of a declared use case against an HPA's ceiling, before any simulation: can
 * maxReplicas pods carry the declared peak at their target, and at all? Pure.
 */

export interface BackendArithmetic {
  readonly kind: 'backend';
  readonly concurrentUsers: number;
  readonly requestsPerUserPerSecond: number;
  /** concurrentUsers x requestsPerUserPerSecond, req/s. */
  readonly demand: number;
  readonly maxReplicas: number;
  /** The HPA's per-pod req/s target (its Pods metric), req/s. */
  readonly targetPerPod: number;
  /** What one pod serves before requests fail (simulation.backend.saturation, default 2x target), req/s. */
  readonly saturationPerPod: number;
  /** maxReplicas x targetPerPod, req/s. */
  readonly capacityAtTarget: number;
  /** maxReplicas x saturationPerPod, req/s. */
  readonly capacityAtSaturation: number;
  /** Pods the demand needs at target: ceil(demand / targetPerPod). */
  readonly podsAtTarget: number;
  /** Per-pod rate at the peak with maxReplicas pods, req/s. */
  readonly perPodAtMax: number;
  readonly verdict: 'met' | 'met-above-target' | 'not-met';
}

export interface WorkerArithmetic {
  readonly kind: 'worker';
  readonly peakConcurrentJobs: number;
  readonly maxReplicas: number;
  /** Jobs one worker runs at once (the concurrency policy's maxConcurrentJobs). */
  readonly concurrencyPerPod: number;
  /** maxReplicas x concurrencyPerPod. */
  readonly capacity: number;
  /** Workers the peak needs: ceil(peak / concurrency). */
  readonly podsNeeded: number;
  /** The active-jobs target per pod, when the HPA scales on it. */
  readonly activeJobsTarget: number | null;
  /** Workers the active-jobs target asks for at the peak: ceil(peak / target). */
  readonly podsAtActiveJobsTarget: number | null;
  readonly verdict: 'met' | 'not-met';
}

export type UseCaseArithmetic = BackendArithmetic | WorkerArithmetic;

/** The per-pod req/s target of the workload's request-rate metric (custom counter), if any. */
function requestRateTarget(env: Environment, key: string): number | null {
  const m = Object.values(env.metrics).find((x) => x.workload === key && x.api === 'custom' && x.seriesType === 'counter');
  return m ? Number(milliValue(m.target.averageValue)) / 1000 : null;
}

/**
 * The workload's use-case arithmetic, or null when it declares nothing to check (no users and
 * rate, no peak jobs). `saturationPerPod` is the simulator model's (simulation.backend.saturation).
 */
export function useCaseArithmetic(env: Environment, key: string, saturationPerPod: number): UseCaseArithmetic | null {
  const w: Workload = env.workloads[key];
  const u = w.useCase;
  if (!u) return null;
  const max = w.replicas.max;
  if (u.concurrentUsers !== undefined && u.requestsPerUserPerSecond !== undefined) {
    const target = requestRateTarget(env, key);
    if (target === null) return null;
    const demand = u.concurrentUsers * u.requestsPerUserPerSecond;
    const capacityAtTarget = max * target;
    const capacityAtSaturation = max * saturationPerPod;
    return {
      kind: 'backend', concurrentUsers: u.concurrentUsers, requestsPerUserPerSecond: u.requestsPerUserPerSecond, demand, maxReplicas: max,
      targetPerPod: target, saturationPerPod, capacityAtTarget, capacityAtSaturation, podsAtTarget: Math.ceil(demand / target),
      perPodAtMax: demand / max,
      verdict: demand <= capacityAtTarget ? 'met' : demand <= capacityAtSaturation ? 'met-above-target' : 'not-met',
    };
  }
  if (u.peakConcurrentJobs !== undefined) {
    const concurrency = w.concurrency?.maxConcurrentJobs ?? 1;
    const activeMetric = w.concurrency ? env.metrics[w.concurrency.activeJobsMetric] : undefined;
    const activeTarget = activeMetric ? Number(milliValue(activeMetric.target.averageValue)) / 1000 : null;
    return {
      kind: 'worker', peakConcurrentJobs: u.peakConcurrentJobs, maxReplicas: max, concurrencyPerPod: concurrency, capacity: max * concurrency,
      podsNeeded: Math.ceil(u.peakConcurrentJobs / concurrency), activeJobsTarget: activeTarget,
      podsAtActiveJobsTarget: activeTarget ? Math.ceil(u.peakConcurrentJobs / activeTarget) : null,
      verdict: u.peakConcurrentJobs <= max * concurrency ? 'met' : 'not-met',
    };
  }
  return null;
}

/**
 * maxReplicas x per-pod requests: the most the workload can make the cluster reserve, exactly
 * (millicores, bytes as bigint: a footprint can pass 2^53, where a number rounds).
 */
export function maxFootprint(w: Workload): { cpu?: bigint; memory?: bigint } {
  const r = podRequestsExact(w);
  const max = BigInt(w.replicas.max);
  return {
    ...(r.cpu !== undefined ? { cpu: r.cpu * max } : {}),
    ...(r.memory !== undefined ? { memory: r.memory * max } : {}),
  };
}
