import { newPod, SimPod, isReady, isRunning } from './pods';
import { Random } from './random';
import { NodeProvisioning, PodStartup, Rollout } from './model';

/** Pods (all revisions) and how they are created and removed: a Deployment with its ReplicaSets. */
export class Cluster {
  pods: SimPod[] = [];
  revision = 1;
  private nextId = 0;
  private nodeCapacity: number;
  private readonly random: Random;

  constructor(
    private readonly startup: PodStartup,
    private readonly nodes: NodeProvisioning | undefined,
    private readonly rollout: Rollout | undefined,
    /** Backend pods leave the endpoints at once; workers drain their jobs first. */
    private readonly drains: boolean,
    private readonly history: number,
    seed: number,
  ) {
    this.nodeCapacity = nodes ? nodes.capacityPods : Infinity;
    this.random = new Random(seed, 'startup');
  }

  /** Pods present since long before t = 0, Running and Ready. */
  seed(count: number, t: number): SimPod[] {
    const longAgo = t - 36000;
    const pods = Array.from({ length: count }, () => newPod(this.name(), this.revision, longAgo, longAgo, longAgo, this.history));
    this.pods.push(...pods);
    return pods;
  }

  /** Pods not terminating: what Deployment status.replicas counts. */
  live(): SimPod[] {
    return this.pods.filter((p) => p.deletedAt === null);
  }

  /** Brings the Deployment towards `desired` pods at t, as its controller would (rolling update included). */
  reconcile(desired: number, t: number): void {
    if (this.rollout && this.revision === 1 && t >= this.rollout.atSeconds) this.revision = 2;
    // Most syncs change nothing: count without building the list.
    let count = 0;
    let allCurrent = true;
    for (const p of this.pods) {
      if (p.deletedAt !== null) continue;
      count++;
      if (p.revision !== this.revision) allCurrent = false;
    }
    if (count === desired && (!this.rollout || allCurrent)) return;
    const live = this.live();
    const current = live.filter((p) => p.revision === this.revision);
    const old = live.filter((p) => p.revision !== this.revision);
    if (old.length === 0) {
      if (live.length < desired) this.create(desired - live.length, t);
      else if (live.length > desired) this.remove(rankForDeletion(live, t).slice(0, live.length - desired), t);
      return;
    }
    const surge = resolveIntOrPercent(this.rollout!.maxSurge, desired, true);
    let unavailable = resolveIntOrPercent(this.rollout!.maxUnavailable, desired, false);
    if (surge === 0 && unavailable === 0) unavailable = 1; // what the API server's validation forces
    if (current.length > desired) this.remove(rankForDeletion(current, t).slice(0, current.length - desired), t);
    const add = Math.min(desired + surge - live.length, desired - current.length);
    if (add > 0) this.create(add, t);
    // deployment/rolling.go: old pods that are not available go first, then as many available ones
    // as keep `desired - maxUnavailable` available.
    const now = this.live();
    const minAvailable = desired - unavailable;
    const available = now.filter((p) => isReady(p, t)).length;
    const newUnavailable = now.filter((p) => p.revision === this.revision && !isReady(p, t)).length;
    const oldNow = rankForDeletion(now.filter((p) => p.revision !== this.revision), t);
    let cleanup = Math.max(0, now.length - minAvailable - newUnavailable);
    const unhealthy = oldNow.filter((p) => !isReady(p, t)).slice(0, cleanup);
    this.remove(unhealthy, t);
    cleanup = Math.max(0, available - minAvailable);
    this.remove(oldNow.filter((p) => isReady(p, t)).slice(0, cleanup), t);
  }

  /** Drops pods that finished terminating; workers requeue jobs a grace period cut off. */
  reap(t: number, gracePeriod: number, requeue: (jobs: number) => void): void {
    if (!this.pods.some((p) => p.deletedAt !== null)) return;
    this.pods = this.pods.filter((p) => {
      if (p.deletedAt === null) return true;
      if (p.running === 0) return false;
      if (t < p.deletedAt + gracePeriod) return true;
      requeue(p.running);
      return false;
    });
  }

  private create(count: number, t: number): void {
    for (let i = 0; i < count; i++) {
      let startAt = t;
      // Every pod present holds a slot (a terminating one until it is gone); a pod that finds none
      // waits for the node the cluster autoscaler adds for it.
      if (this.nodes && this.pods.length >= this.nodeCapacity) {
        startAt = t + this.nodes.delaySeconds;
        this.nodeCapacity++;
      }
      const jitter = this.startup.spreadSeconds * (2 * this.random.next() - 1);
      const readyAt = startAt + Math.max(0, Math.round((this.startup.readySeconds + jitter) * 1000) / 1000);
      this.pods.push(newPod(this.name(), this.revision, t, startAt, readyAt, this.history));
    }
  }

  private remove(pods: readonly SimPod[], t: number): void {
    if (pods.length === 0) return;
    const gone = new Set(pods);
    for (const p of pods) p.deletedAt = t;
    // A pod that never ran, or one that holds no jobs, leaves at once.
    this.pods = this.pods.filter((p) => !gone.has(p) || (this.drains && isRunning(p, t) && p.running > 0));
  }

  private name(): string {
    return `pod-${String(++this.nextId).padStart(5, '0')}`;
  }
}

/**
 * The ReplicaSet controller's deletion order (controller_utils.go ActivePods ranking, simplified):
 * not yet running first, then not ready, then the most recently ready, then the newest.
 */
export function rankForDeletion(pods: readonly SimPod[], t: number): SimPod[] {
  const rank = (p: SimPod) => (!isRunning(p, t) ? 0 : !isReady(p, t) ? 1 : 2);
  return [...pods].sort((a, b) => rank(a) - rank(b) || b.readyAt - a.readyAt || b.createdAt - a.createdAt || (a.name < b.name ? 1 : -1));
}

/** intstr.GetScaledValueFromIntOrPercent: "25%" of total, rounded up for surge, down for unavailable. */
export function resolveIntOrPercent(value: number | string, total: number, roundUp: boolean): number {
  if (typeof value === 'number') return value;
  const pct = Number(value.replace(/%$/, ''));
  const exact = (pct * total) / 100;
  return roundUp ? Math.ceil(exact) : Math.floor(exact);
}
