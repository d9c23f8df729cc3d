import { ContainerSpec, MilliInput, Pod } from '../hpa';

/**
 * One simulated pod. Times are seconds of simulated time. The per-step histories are ring
 * buffers indexed by step number, long enough for the longest metric window.
 */
export interface SimPod {
  readonly name: string;
  /** Pod template revision: 1, or 2 after a rollout started. */
  readonly revision: number;
  readonly createdAt: number;
  /** When it runs (after scheduling, and a new node if it had to wait for one). */
  readonly startAt: number;
  /** When its Ready condition turns True. */
  readonly readyAt: number;
  deletedAt: number | null;
  /** Average CPU over the step ending at step j (millicores), at ring[j]. */
  readonly cpu: Float64Array;
  /** Average memory over the step ending at step j (bytes). */
  readonly memory: Float64Array;
  /** Cumulative requests received at the end of step j (a Prometheus counter). */
  readonly counter: Float64Array;
  /** Jobs running at the end of step j (a gauge). */
  readonly active: Float64Array;
  counterNow: number;
  /** Worker: jobs running now (always jobEnds.length, kept as a count for the hot paths). */
  running: number;
  /** Worker: when each running job finishes, seconds of simulated time (unordered). */
  readonly jobEnds: number[];
  /** Worker: job-seconds run during the step being computed (scratch of WorkerDynamics.step). */
  busy: number;
  /** Cached engine view and the state it was built for. */
  view?: { key: number; pod: Pod };
  /** Its metrics-server samples, rewritten in place at each sync (metrics-pipeline.ts). */
  cpuSample?: ResourceSample;
  memorySample?: ResourceSample;
}

/** A PodResourceSample the metrics pipeline rewrites in place. */
export interface ResourceSample {
  readonly name: string;
  timestamp: number;
  windowSeconds: number;
  readonly containers: Array<{ readonly name: string; usage: MilliInput }>;
}

export function newPod(name: string, revision: number, createdAt: number, startAt: number, readyAt: number, history: number): SimPod {
  return {
    name, revision, createdAt, startAt, readyAt, deletedAt: null,
    cpu: new Float64Array(history), memory: new Float64Array(history), counter: new Float64Array(history), active: new Float64Array(history),
    counterNow: 0, running: 0, jobEnds: [], busy: 0, view: undefined, cpuSample: undefined, memorySample: undefined,
  };
}

// The per-pod loops run once per pod per sync, hundreds of thousands of times: they compare
// startAt/readyAt in place, since under tsx (CommonJS) every call of an imported function goes
// through two property getters.
export const isRunning = (p: SimPod, t: number) => p.startAt <= t;
export const isReady = (p: SimPod, t: number) => p.readyAt <= t;

/**
 * podView of each pod, in order: one call per sync from the simulation loop rather than one per
 * pod (under tsx every call of an imported function reads two getters).
 */
export function podViews(pods: readonly SimPod[], t: number, containers: readonly ContainerSpec[]): Pod[] {
  const out: Pod[] = new Array(pods.length);
  for (let i = 0; i < pods.length; i++) out[i] = podView(pods[i], t, containers);
  return out;
}

/** What the pod lister shows the controller at t (milliseconds on the engine's clock). */
export function podView(p: SimPod, t: number, containers: readonly ContainerSpec[]): Pod {
  const running = isRunning(p, t);
  const ready = running && isReady(p, t);
  const key = (running ? 1 : 0) | (ready ? 2 : 0) | (p.deletedAt !== null ? 4 : 0); // a number: no string per pod per sync
  if (p.view?.key === key) return p.view.pod;
  const pod: Pod = {
    name: p.name,
    phase: running ? 'Running' : 'Pending',
    deleted: p.deletedAt !== null,
    startTime: running ? p.startAt * 1000 : null,
    ready: running ? { status: ready ? 'True' : 'False', lastTransitionTime: (ready ? p.readyAt : p.startAt) * 1000 } : null,
    containers,
  };
  p.view = { key, pod };
  return pod;
}
