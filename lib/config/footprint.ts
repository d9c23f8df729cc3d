import { podRequests } from './requests';
import { Environment, Workload } from './schema';

/**
 * The cost side of an environment: what it requests from the cluster at full scale. Requests are
 * what the scheduler reserves (and what node autoscaling buys), so maxReplicas x per-pod requests is
 * the most an environment can make the cluster hold for it.
 */
export type Resource = 'cpu' | 'memory';
export const RESOURCES: readonly Resource[] = ['cpu', 'memory'];

/**
 * Per-pod requests in base units: CPU cores, memory bytes; undefined where not declared. The sum
 * over the pod's containers, from `podRequests` (lib/config/requests.ts).
 */
export function podRequestsInBaseUnits(w: Workload): Partial<Record<Resource, number>> {
  const { cpu, memory } = podRequests(w);
  return { ...(cpu !== undefined ? { cpu: cpu / 1000 } : {}), ...(memory !== undefined ? { memory } : {}) };
}

export interface WorkloadFootprint {
  readonly workload: string;
  readonly maxReplicas: number;
  /** maxReplicas x per-pod request (cores, bytes); undefined where requests are not declared. */
  readonly cpu?: number;
  readonly memory?: number;
}

export interface EnvironmentFootprint {
  readonly workloads: WorkloadFootprint[];
  /** Sums over the workloads that declare the resource. */
  readonly cpu: number;
  readonly memory: number;
  /** Workloads whose requests for a resource are unknown, so the sum is a lower bound. */
  readonly undeclared: Record<Resource, string[]>;
}

export function environmentFootprint(env: Environment): EnvironmentFootprint {
  const workloads = Object.keys(env.workloads).sort().map((key): WorkloadFootprint => {
    const w = env.workloads[key];
    const per = podRequestsInBaseUnits(w);
    return {
      workload: key, maxReplicas: w.replicas.max,
      cpu: per.cpu === undefined ? undefined : per.cpu * w.replicas.max,
      memory: per.memory === undefined ? undefined : per.memory * w.replicas.max,
    };
  });
  const sum = (r: Resource) => workloads.reduce((acc, w) => acc + (w[r] ?? 0), 0);
  const undeclared = (r: Resource) => workloads.filter((w) => w[r] === undefined).map((w) => w.workload);
  return { workloads, cpu: sum('cpu'), memory: sum('memory'), undeclared: { cpu: undeclared('cpu'), memory: undeclared('memory') } };
}

/** Cores as Kubernetes writes them: whole cores plainly, otherwise millicores. */
export function formatCpu(cores: number): string {
  const milli = Math.round(cores * 1000);
  return milli % 1000 === 0 ? String(milli / 1000) : `${milli}m`;
}

/** Bytes in the largest binary unit that keeps two decimals readable (Gi, Mi, Ki). */
export function formatMemory(bytes: number): string {
  for (const [unit, size] of [['Ti', 2 ** 40], ['Gi', 2 ** 30], ['Mi', 2 ** 20], ['Ki', 2 ** 10]] as const) {
    if (bytes >= size) return `${Number((bytes / size).toFixed(2))}${unit}`;
  }
  return String(bytes);
}
