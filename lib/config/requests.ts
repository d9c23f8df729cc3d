import { milliValue } from '../hpa/quantity';
import { ContainerRequests, UtilizationTarget, Workload } from './schema';

/**
 * Requests of a workload's pods, from the per-container requests of its config entry. The one place
 * that turns `workloads.<name>.containers` into numbers: the simulator, capacity and cost tools read
 * requests through these functions, never by summing config fields themselves.
 */

/** The resources a utilization target can name. */
export type RequestResource = 'cpu' | 'memory';
export const REQUEST_RESOURCES: readonly RequestResource[] = ['cpu', 'memory'];

/** Requests of a pod or of one container: CPU in millicores, memory in bytes; absent when not declared. */
export interface ResourceRequests {
  /** CPU request in millicores (500m -> 500, "1" -> 1000). */
  readonly cpu?: number;
  /** Memory request in bytes (512Mi -> 536870912). */
  readonly memory?: number;
}

/** A quantity in the unit of `resource`: millicores for CPU, bytes (rounded up) for memory. */
function amount(resource: RequestResource, q: string | number): number {
  // Requests are read many times per workload (queries, footprint, summary) and take few distinct
  // values; each is parsed (exactly, in BigInt) once. Bounded for long-lived callers.
  const key = `${resource} ${typeof q} ${q}`;
  let value = amounts.get(key);
  if (value === undefined) {
    const milli = milliValue(q);
    value = Number(resource === 'cpu' ? milli : (milli + 999n) / 1000n);
    if (amounts.size >= 10_000) amounts.clear();
    amounts.set(key, value);
  }
  return value;
}
const amounts = new Map<string, number>();

function toRequests(c: ContainerRequests): ResourceRequests {
  const out: { cpu?: number; memory?: number } = {};
  for (const r of REQUEST_RESOURCES) if (c[r] !== undefined) out[r] = amount(r, c[r]!);
  return out;
}

/**
 * Per-pod requests: the sum over the workload's declared containers (what the scheduler reserves
 * per pod, and what the HPA divides usage by for a pod-level `Resource` target). A resource is
 * present when at least one container requests it; `{}` when the workload declares no containers.
 *
 * @example podRequests(env.workloads.backend) // { cpu: 500, memory: 536870912 }
 */
export function podRequests(workload: Workload): ResourceRequests {
  const out: { cpu?: number; memory?: number } = {};
  for (const c of Object.values(workload.containers ?? {})) {
    const req = toRequests(c);
    for (const r of REQUEST_RESOURCES) if (req[r] !== undefined) out[r] = (out[r] ?? 0) + req[r]!;
  }
  return out;
}

/** Requests of one named container (`{}` when the workload does not declare it). */
export function containerRequests(workload: Workload, container: string): ResourceRequests {
  const c = workload.containers?.[container];
  return c ? toRequests(c) : {};
}

/**
 * Per-pod requests exactly, for cost arithmetic and display: CPU in millicores, memory in bytes
 * (each container's rounded up, as `podRequests`), as bigint. A request may be up to about 9.2e15
 * (int64 milli-units), and times maxReplicas far beyond 2^53, where a number would round (a CPU
 * request of "9223372036854775" would read as 9223372036854774000m).
 */
export function podRequestsExact(workload: Workload): { cpu?: bigint; memory?: bigint } {
  const out: { cpu?: bigint; memory?: bigint } = {};
  for (const c of Object.values(workload.containers ?? {})) {
    if (c.cpu !== undefined) out.cpu = (out.cpu ?? 0n) + milliValue(c.cpu);
    if (c.memory !== undefined) out.memory = (out.memory ?? 0n) + (milliValue(c.memory) + 999n) / 1000n;
  }
  return out;
}

/** Containers of the workload that declare no request for `resource` (sorted). */
export function containersWithoutRequest(workload: Workload, resource: RequestResource): string[] {
  return Object.keys(workload.containers ?? {}).filter((name) => workload.containers![name][resource] === undefined).sort();
}

/** One utilization target of a workload, resolved to what the HPA computes it against. */
export interface ResolvedUtilizationTarget {
  readonly resource: RequestResource;
  /** Target average utilization, percent of `request`. */
  readonly averageUtilization: number;
  /** The container of a ContainerResource target; absent for a pod-level Resource target. */
  readonly container?: string;
  /**
   * Per-pod request the percentage is of (millicores or bytes): the pod sum for a Resource target,
   * the container's request for a ContainerResource target; absent when not declared (for a pod-level
   * target: when some container lacks it).
   */
  readonly request?: number;
}

/** Normalizes a target: a bare number is pod-level, `{ percent, container }` names a container. */
export function targetOf(target: UtilizationTarget): { averageUtilization: number; container?: string } {
  return typeof target === 'number' ? { averageUtilization: target } : { averageUtilization: target.percent, container: target.container };
}

/** The workload's utilization targets, CPU first, each with the request it is a percentage of. */
export function utilizationTargets(workload: Workload): ResolvedUtilizationTarget[] {
  return REQUEST_RESOURCES.flatMap((resource) => {
    const target = workload.utilization[resource];
    if (target === undefined) return [];
    const { averageUtilization, container } = targetOf(target);
    // A pod-level target needs every container's request (the HPA fails with "missing request" otherwise).
    const request = container !== undefined
      ? containerRequests(workload, container)[resource]
      : containersWithoutRequest(workload, resource).length === 0 ? podRequests(workload)[resource] : undefined;
    return [{ resource, averageUtilization, ...(container !== undefined ? { container } : {}), ...(request !== undefined ? { request } : {}) }];
  });
}
