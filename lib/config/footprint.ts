import { podRequestsExact } from './requests';
import { Environment } from './schema';

/**
 * The cost side of an environment: what it requests from the cluster at full scale. Requests are
 * what the scheduler reserves (and what node autoscaling buys), so maxReplicas x per-pod requests is
 * the most an environment can make the cluster hold for it. Computed exactly (bigint): a request may
 * be up to about 9.2e15 (int64 milli-units) and a footprint far beyond, where a number rounds.
 */
export type Resource = 'cpu' | 'memory';
export const RESOURCES: readonly Resource[] = ['cpu', 'memory'];

/** An amount of a resource in its exact unit: CPU in millicores, memory in bytes. */
export type Amount = bigint;

export interface WorkloadFootprint {
  readonly workload: string;
  readonly maxReplicas: number;
  /** Per-pod requests (millicores, bytes); undefined where not declared. */
  readonly perPod: Partial<Record<Resource, Amount>>;
  /** maxReplicas x per-pod request (millicores, bytes); undefined where requests are not declared. */
  readonly cpu?: Amount;
  readonly memory?: Amount;
}

export interface EnvironmentFootprint {
  readonly workloads: WorkloadFootprint[];
  /** Sums over the workloads that declare the resource (millicores, bytes). */
  readonly cpu: Amount;
  readonly memory: Amount;
  /** Workloads whose requests for a resource are unknown, so the sum is a lower bound. */
  readonly undeclared: Record<Resource, string[]>;
}

export function environmentFootprint(env: Environment): EnvironmentFootprint {
  const workloads = Object.keys(env.workloads).sort().map((key): WorkloadFootprint => {
    const w = env.workloads[key];
    const perPod = podRequestsExact(w);
    const max = BigInt(w.replicas.max);
    return {
      workload: key, maxReplicas: w.replicas.max, perPod,
      ...(perPod.cpu !== undefined ? { cpu: perPod.cpu * max } : {}),
      ...(perPod.memory !== undefined ? { memory: perPod.memory * max } : {}),
    };
  });
  const sum = (r: Resource) => workloads.reduce((acc, w) => acc + (w[r] ?? 0n), 0n);
  const undeclared = (r: Resource) => workloads.filter((w) => w[r] === undefined).map((w) => w.workload);
  return { workloads, cpu: sum('cpu'), memory: sum('memory'), undeclared: { cpu: undeclared('cpu'), memory: undeclared('memory') } };
}

/** An amount (millicores, bytes) in milli-units of the resource, the unit budgets compare in. */
export function amountMilli(resource: Resource, amount: Amount): bigint {
  return resource === 'cpu' ? amount : amount * 1000n;
}

/** Millicores as Kubernetes writes CPU: whole cores plainly, otherwise millicores; exact. */
export function formatCpu(millicores: Amount): string {
  return millicores % 1000n === 0n ? String(millicores / 1000n) : `${millicores}m`;
}

const BINARY_UNITS: ReadonlyArray<readonly [string, bigint]> = [['Ei', 2n ** 60n], ['Pi', 2n ** 50n], ['Ti', 2n ** 40n], ['Gi', 2n ** 30n], ['Mi', 2n ** 20n], ['Ki', 2n ** 10n]];

/**
 * Bytes, exactly: in the largest binary unit it reaches when at most two decimals say it exactly
 * (17.5Gi), else as Kubernetes writes a binary quantity, in the largest unit that divides it
 * (1536001Ki), or plain bytes.
 */
export function formatMemory(bytes: Amount): string {
  const largest = BINARY_UNITS.find(([, size]) => bytes >= size);
  if (largest && (bytes * 100n) % largest[1] === 0n) {
    const hundredths = (bytes * 100n) / largest[1];
    const whole = hundredths / 100n;
    const frac = (hundredths % 100n).toString().padStart(2, '0').replace(/0+$/, '');
    return `${whole}${frac ? `.${frac}` : ''}${largest[0]}`;
  }
  const exact = BINARY_UNITS.find(([, size]) => bytes >= size && bytes % size === 0n);
  return exact ? `${bytes / exact[1]}${exact[0]}` : String(bytes);
}

/** `part` as a whole percentage of `whole` (both > 0 milli-units), rounded half up, exactly. */
export function percentOf(part: bigint, whole: bigint): bigint {
  return (200n * part + whole) / (2n * whole);
}
