import { BackendModel, PodStartup, WorkerModel } from './model';
import { isReady, isRunning, SimPod } from './pods';
import { logNormal, Random } from './random';

/** What happened during one step, for the timeline and the summary. */
export interface StepOutcome {
  /** Requests that arrived at a saturated pod (or at no ready pod) and failed. */
  dropped: number;
  /** Requests received. */
  received: number;
  /** Worker: jobs that started this step, and the longest wait among them (seconds). */
  started: number;
  longestWait: number;
}

const ring = (j: number, h: number) => ((j % h) + h) % h;

/**
 * A backend over (t, t + dt]: the load balancer spreads `load` req/s evenly over the ready pods;
 * each serves up to its saturation rate. CPU and memory follow the served rate; a pod still
 * starting burns its start-up CPU. Writes step `j` of each pod's history.
 */
export function backendStep(
  m: BackendModel, startup: PodStartup, cpuRequest: number, pods: readonly SimPod[], load: number, t: number, dt: number, j: number, h: number,
): StepOutcome {
  const ready = pods.filter((p) => p.deletedAt === null && isRunning(p, t) && isReady(p, t));
  const perPod = ready.length > 0 ? load / ready.length : 0;
  const served = Math.min(perPod, m.saturationPerPod);
  const dropped = ready.length > 0 ? (perPod - served) * ready.length * dt : load * dt;
  const startingCpu = (cpuRequest * startup.cpuPercent) / 100;
  for (const p of pods) {
    if (!isRunning(p, t)) continue;
    const k = ring(j, h);
    if (p.deletedAt === null && isReady(p, t)) {
      p.cpu[k] = m.cpuBaseline + m.cpuPerRequest * served;
      p.memory[k] = m.memoryBaseline + m.memoryPerRequest * served;
      p.counterNow += perPod * dt;
    } else {
      p.cpu[k] = startingCpu;
      p.memory[k] = m.memoryBaseline;
    }
    p.counter[k] = p.counterNow;
    p.active[k] = 0;
  }
  return { dropped, received: load * dt, started: 0, longestWait: 0 };
}

/** The shared job queue: groups of jobs by the step they arrived in, oldest first. */
export class JobQueue {
  private steps: number[] = [];
  private counts: number[] = [];
  private head = 0;
  depth = 0;

  push(step: number, count: number): void {
    if (count <= 0) return;
    this.steps.push(step);
    this.counts.push(count);
    this.depth += count;
  }

  /** Jobs put back at the front (their run was cut off); they count as arrived now. */
  pushFront(step: number, count: number): void {
    if (count <= 0) return;
    this.compact();
    this.steps.unshift(step);
    this.counts.unshift(count);
    this.depth += count;
  }

  /** Takes up to n jobs; returns how many, and the arrival step of the oldest taken. */
  take(n: number): { taken: number; oldest: number } {
    let taken = 0;
    let oldest = Infinity;
    while (taken < n && this.head < this.counts.length) {
      const c = Math.min(this.counts[this.head], n - taken);
      oldest = Math.min(oldest, this.steps[this.head]);
      this.counts[this.head] -= c;
      taken += c;
      if (this.counts[this.head] === 0) this.head++;
    }
    this.depth -= taken;
    if (this.head > 1024) this.compact();
    return { taken, oldest };
  }

  /** Arrival step of the oldest waiting job, or null. */
  oldest(): number | null {
    return this.head < this.steps.length ? this.steps[this.head] : null;
  }

  private compact(): void {
    this.steps = this.steps.slice(this.head);
    this.counts = this.counts.slice(this.head);
    this.head = 0;
  }
}

/** A worker model's per-run state: the queue and the seeded draws. */
export class WorkerDynamics {
  readonly queue = new JobQueue();
  private readonly arrivals: Random;
  private readonly durations: Random;
  private readonly duration: (r: Random) => number;

  constructor(private readonly m: WorkerModel, seed: number) {
    this.arrivals = new Random(seed, 'arrivals');
    this.durations = new Random(seed, 'durations');
    this.duration = logNormal(m.jobDurationMean, m.jobDurationSpread);
  }

  /** Steps a job started now occupies its slot (at least one, at most the job timeout). */
  private steps(dt: number): number {
    const d = Math.min(this.duration(this.durations), this.m.jobTimeout);
    return Math.max(1, Math.ceil(d / dt - 1e-9));
  }

  /** Gives a pod `n` running jobs, as if they had started at random times before (steady state). */
  seedJobs(p: SimPod, n: number, j: number, dt: number): void {
    const r = p.completions.length;
    for (let i = 0; i < n; i++) {
      const remaining = Math.max(1, Math.ceil(this.steps(dt) * this.durations.next()));
      p.completions[ring(j + Math.min(remaining, r - 1), r)]++;
    }
    p.running += n;
  }

  /**
   * (t, t + dt] for step j-1 -> j: jobs arrive (Poisson, seeded), ready workers fill their free
   * slots from the queue (least busy first), jobs finish at the end of their last step. Writes
   * step j of each pod's history and returns what happened.
   */
  step(pods: readonly SimPod[], load: number, t: number, dt: number, j: number, h: number, cpuRequest: number, startupCpuPercent: number): StepOutcome {
    const m = this.m;
    this.queue.push(j - 1, this.arrivals.poisson(load * dt));
    const workers = pods.filter((p) => p.deletedAt === null && isRunning(p, t) && isReady(p, t));
    const free = workers.reduce((s, p) => s + Math.max(0, m.concurrencyPerPod - p.running), 0);
    const { taken, oldest } = this.queue.take(Math.min(free, this.queue.depth));
    const longestWait = taken > 0 ? (j - 1 - oldest) * dt : 0;
    // Water-fill: the least busy workers take jobs first, as idle pollers win the race for a job.
    for (const [p, n] of waterFill(workers, taken, m.concurrencyPerPod)) for (let i = 0; i < n; i++) this.start(p, j, dt);
    for (const p of pods) {
      if (!isRunning(p, t)) continue;
      const k = ring(j, h);
      const busy = p.running;
      const starting = p.deletedAt === null && !isReady(p, t);
      p.cpu[k] = starting ? (cpuRequest * startupCpuPercent) / 100 : m.cpuBaseline + m.cpuPerJob * busy;
      p.memory[k] = m.memoryBaseline + m.memoryPerJob * busy;
      const r = ring(j, p.completions.length);
      p.running -= p.completions[r];
      p.completions[r] = 0;
      p.active[k] = p.running;
      p.counter[k] = p.counterNow;
    }
    return { dropped: 0, received: 0, started: taken, longestWait };
  }

  private start(p: SimPod, j: number, dt: number): void {
    const r = p.completions.length;
    p.completions[ring(j - 1 + Math.min(this.steps(dt), r - 1), r)]++;
    p.running++;
  }
}

/**
 * Splits `n` jobs over workers so the least busy fill up first: the lowest level L with enough
 * free slots below it, then one more each, in name order, for the rest. n <= total free slots.
 */
export function waterFill(workers: readonly SimPod[], n: number, capacity: number): Array<[SimPod, number]> {
  if (n <= 0) return [];
  const below = (level: number) => workers.reduce((s, p) => s + Math.max(0, Math.min(level, capacity) - p.running), 0);
  let lo = 0;
  let hi = capacity;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (below(mid) >= n) hi = mid;
    else lo = mid + 1;
  }
  const base = lo - 1;
  let rest = n - below(base);
  const out: Array<[SimPod, number]> = [];
  const sorted = [...workers].sort((a, b) => (a.name < b.name ? -1 : 1));
  for (const p of sorted) {
    let take = Math.max(0, base - p.running);
    if (rest > 0 && Math.max(p.running, base) < Math.min(lo, capacity)) {
      take++;
      rest--;
    }
    if (take > 0) out.push([p, take]);
  }
  return out;
}
