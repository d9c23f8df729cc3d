import { BackendModel, PodStartup, WorkerModel } from './model';
import { SimPod } from './pods';
import { logNormalParameters, Random } from './random';

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
  let ready = 0;
  for (const p of pods) if (p.deletedAt === null && p.startAt <= t && p.readyAt <= t) ready++;
  const perPod = ready > 0 ? load / ready : 0;
  const served = Math.min(perPod, m.saturationPerPod);
  const dropped = ready > 0 ? (perPod - served) * ready * dt : load * dt;
  const startingCpu = (cpuRequest * startup.cpuPercent) / 100;
  const k = ring(j, h);
  for (const p of pods) {
    if (!(p.startAt <= t)) continue;
    if (p.deletedAt === null && p.readyAt <= t) {
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

/**
 * The shared job queue, oldest first, in continuous time: groups of jobs arriving evenly spaced
 * (the `count` arrivals of a step at `first`, `first + spacing`, ...), so a worker taking one knows
 * when it arrived without a record per job, however long the backlog.
 */
export class JobQueue {
  private firsts: number[] = [];
  private spacings: number[] = [];
  private counts: number[] = [];
  private head = 0;
  depth = 0;

  /** `count` jobs arriving at first, first + spacing, ... (seconds). */
  push(first: number, spacing: number, count: number): void {
    if (count <= 0) return;
    this.firsts.push(first);
    this.spacings.push(spacing);
    this.counts.push(count);
    this.depth += count;
  }

  /** Jobs put back at the front (their run was cut off); they count as arrived at `at`. */
  pushFront(at: number, count: number): void {
    if (count <= 0) return;
    this.compact();
    this.firsts.unshift(at);
    this.spacings.unshift(0);
    this.counts.unshift(count);
    this.depth += count;
  }

  /** Arrival time of the oldest waiting job (seconds), or null when none waits. */
  oldest(): number | null {
    return this.head < this.counts.length ? this.firsts[this.head] : null;
  }

  /** Arrival time of the oldest waiting job (seconds); the queue must not be empty. */
  oldestAt(): number {
    return this.firsts[this.head];
  }

  /** Removes the oldest waiting job (the queue must not be empty). */
  shift(): void {
    const h = this.head;
    this.firsts[h] += this.spacings[h];
    this.depth--;
    if (--this.counts[h] === 0) {
      this.head++;
      if (this.head > 1024) this.compact();
    }
  }

  private compact(): void {
    this.firsts = this.firsts.slice(this.head);
    this.spacings = this.spacings.slice(this.head);
    this.counts = this.counts.slice(this.head);
    this.head = 0;
  }
}

/** A worker model's per-run state: the queue and the seeded draws. */
export class WorkerDynamics {
  readonly queue = new JobQueue();
  private readonly arrivals: Random;
  private readonly durations: Random;
  /** logNormal's parameters, drawn in runTime itself (a call less per job); null: every run takes the mean. */
  private readonly mu: number;
  private readonly sigma: number;
  private readonly constant: boolean;
  private readonly slots = new SlotHeap();
  private readonly fresh = new FreshSlots();

  constructor(private readonly m: WorkerModel, seed: number) {
    this.arrivals = new Random(seed, 'arrivals');
    this.durations = new Random(seed, 'durations');
    const p = logNormalParameters(m.jobDurationMean, m.jobDurationSpread);
    this.constant = p === null;
    this.mu = p?.mu ?? 0;
    this.sigma = p?.sigma ?? 0;
  }

  /**
   * A job's run time, seconds: drawn (logNormal's distribution; its normal by the ziggurat, which
   * a million jobs a week make worth it), cut at the job timeout, never zero.
   */
  private runTime(): number {
    const drawn = this.constant ? this.m.jobDurationMean : Math.exp(this.mu + this.sigma * this.durations.zigguratNormal());
    return Math.max(1e-6, Math.min(drawn, this.m.jobTimeout));
  }

  /** Gives a pod `n` running jobs at `t`, as if they had started at random times before (steady state). */
  seedJobs(p: SimPod, n: number, t: number): void {
    for (let i = 0; i < n; i++) p.jobEnds.push(t + Math.max(1e-6, this.runTime() * this.durations.next()));
    p.running = p.jobEnds.length;
  }

  /**
   * (t, t + dt] for step j-1 -> j, in continuous time: the step's jobs arrive (Poisson count,
   * seeded) evenly spread over it; a slot frees when its job finishes (or its pod turns Ready) and
   * at once takes the oldest waiting job (a multi-server FIFO queue: with jobs queued, no slot of a
   * Ready worker idles, whatever the step). Free slots at t go least-busy worker first, as idle
   * pollers win the race for a job. Writes step j of each pod's history: CPU and memory from the
   * step's average running jobs, active jobs at t + dt.
   */
  step(pods: readonly SimPod[], load: number, t: number, dt: number, j: number, h: number, cpuRequest: number, startupCpuPercent: number): StepOutcome {
    const m = this.m;
    const end = t + dt;
    const arrived = this.arrivals.poisson(load * dt);
    if (arrived > 0) this.queue.push(t + dt / (2 * arrived), dt / arrived, arrived);
    this.slots.clear();
    this.fresh.clear();
    const queued = this.queue.depth > 0;
    // Slots free at t (or when a pod turns Ready) first, counted before this step's completions.
    if (queued) freeSlotsAt(pods, t, end, m.concurrencyPerPod, this.fresh, this.slots);
    this.finishJobs(pods, t, end, dt, queued);
    this.startJobs(t, end);
    const started = this.started;
    const longestWait = this.longestWait;
    const k = ring(j, h);
    const startingCpu = (cpuRequest * startupCpuPercent) / 100;
    for (const p of pods) {
      if (!(p.startAt <= t)) continue;
      const average = p.busy / dt;
      const starting = p.deletedAt === null && !(p.readyAt <= t);
      p.cpu[k] = starting ? startingCpu : m.cpuBaseline + m.cpuPerJob * average;
      p.memory[k] = m.memoryBaseline + m.memoryPerJob * average;
      p.active[k] = p.running;
      p.counter[k] = p.counterNow;
    }
    return { dropped: 0, received: 0, started, longestWait: round3(longestWait) };
  }

  // The step's two loops are methods of their own: each small enough for the optimizing compiler
  // to inline what it calls, so no number is boxed per job (a week runs over a million jobs).
  private started = 0;
  private longestWait = 0;

  /** Jobs of running pods that end by `end` free their slots (queued when jobs wait); SimPod.busy gets the job-seconds run. */
  private finishJobs(pods: readonly SimPod[], t: number, end: number, dt: number, queued: boolean): void {
    const slots = this.slots;
    for (const p of pods) {
      if (!(p.startAt <= t)) continue;
      let b = 0;
      const ends = p.jobEnds;
      const works = queued && p.deletedAt === null && p.readyAt < end;
      for (let i = ends.length - 1; i >= 0; i--) {
        const e = ends[i];
        if (e <= end) {
          b += e - t;
          ends[i] = ends[ends.length - 1];
          ends.pop();
          if (works) slots.push(e, p);
        } else b += dt;
      }
      p.running = ends.length;
      p.busy = b;
    }
  }

  /** Waiting jobs take free slots in order until either runs out; counts them in `started`, the longest wait in `longestWait`. */
  private startJobs(t: number, end: number): void {
    const queue = this.queue;
    const slots = this.slots;
    const fresh = this.fresh;
    let started = 0;
    let longestWait = 0;
    while (queue.depth > 0 && (fresh.size > 0 || slots.size > 0)) {
      // The slots free at t all come first among equal times (they were queued first).
      let at: number;
      let pod: SimPod;
      if (fresh.size > 0 && (slots.size === 0 || t <= slots.peekAt())) {
        at = t;
        pod = fresh.pop();
      } else {
        at = slots.peekAt();
        pod = slots.pop();
      }
      const arrival = queue.oldestAt();
      const begin = Math.max(at, arrival);
      queue.shift();
      started++;
      if (begin - arrival > longestWait) longestWait = begin - arrival;
      const done = begin + this.runTime();
      if (done <= end) {
        pod.busy += done - begin;
        slots.push(done, pod);
      } else {
        pod.busy += end - begin;
        pod.jobEnds.push(done);
        pod.running++;
      }
    }
    this.started = started;
    this.longestWait = longestWait;
  }
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * Queues the free slots of Ready workers in the order they take jobs: at t, least busy first
 * (level by level, in name order within a level: water-filling), handed out lazily by `fresh`
 * (a step takes only as many as jobs wait); a pod turning Ready during the step offers its free
 * slots from then, in `slots`. `workers` are the pods that are running at t, not terminating and
 * Ready before `end`.
 */
function freeSlotsAt(pods: readonly SimPod[], t: number, end: number, capacity: number, fresh: FreshSlots, slots: SlotHeap): void {
  // The cluster keeps its pods in creation order, which is name order (pod-00001, ...): sort only when not.
  let sorted = pods;
  for (let i = 1; i < pods.length; i++) {
    if (!(pods[i - 1].name < pods[i].name)) {
      sorted = [...pods].sort((a, b) => (a.name < b.name ? -1 : 1));
      break;
    }
  }
  for (const p of sorted) {
    if (p.deletedAt !== null || !(p.startAt <= t) || !(p.readyAt < end)) continue;
    if (p.readyAt <= t) {
      if (p.running < capacity) fresh.add(p, p.running);
    }
  }
  fresh.start(capacity);
  for (const p of sorted) {
    if (p.deletedAt !== null || !(p.startAt <= t) || !(p.readyAt < end)) continue;
    if (p.readyAt > t) for (let i = p.running; i < capacity; i++) slots.push(p.readyAt, p);
  }
}

/**
 * The slots free at t, in water-filling order: level by level from the least busy worker's count
 * up to the capacity, in name order within a level, each worker with fewer running jobs (counted
 * when queued) than the level offering one more slot. Generated as taken, not all queued.
 */
class FreshSlots {
  private pods: SimPod[] = [];
  private running: number[] = [];
  private n = 0;
  private level = 0;
  private i = 0;
  size = 0;

  clear(): void {
    this.n = 0;
    this.size = 0;
  }

  add(p: SimPod, running: number): void {
    this.pods[this.n] = p;
    this.running[this.n++] = running;
  }

  start(capacity: number): void {
    let low = capacity;
    let size = 0;
    for (let i = 0; i < this.n; i++) {
      if (this.running[i] < low) low = this.running[i];
      size += capacity - this.running[i];
    }
    this.level = low;
    this.i = 0;
    this.size = size;
  }

  /** The next slot's worker (size must be above 0). */
  pop(): SimPod {
    this.size--;
    for (;;) {
      while (this.i < this.n) {
        const i = this.i++;
        if (this.running[i] <= this.level) return this.pods[i];
      }
      this.i = 0;
      this.level++;
    }
  }
}

/**
 * Free job slots by the time they free, ties in the order they were added (a binary min-heap).
 * Slots are only collected until the first pop asks for one (most steps hand out only the slots
 * free at t, and never pop here); the heap is then built in one pass. A heap pops its smallest
 * (time, order) first however it was built, so the order is the same as pushing one by one.
 */
class SlotHeap {
  private at: number[] = [];
  private seq: number[] = [];
  private pods: SimPod[] = [];
  private n = 0;
  private next = 0;
  private heaped = false;
  /** The earliest time among the slots collected while not heaped. */
  private earliest = Infinity;

  get size(): number {
    return this.n;
  }

  clear(): void {
    this.n = 0;
    this.next = 0;
    this.heaped = false;
    this.earliest = Infinity;
  }

  push(at: number, pod: SimPod): void {
    let i = this.n++;
    const seq = this.next++;
    if (!this.heaped) {
      this.set(i, at, seq, pod);
      if (at < this.earliest) this.earliest = at;
      return;
    }
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.before(at, seq, this.at[parent], this.seq[parent])) break;
      this.set(i, this.at[parent], this.seq[parent], this.pods[parent]);
      i = parent;
    }
    this.set(i, at, seq, pod);
  }

  /** The earliest slot's time (size must be above 0). */
  peekAt(): number {
    return this.heaped ? this.at[0] : this.earliest;
  }

  /** Orders the collected slots into a heap (bottom-up, in linear time). */
  private heapify(): void {
    this.heaped = true;
    for (let i = (this.n >> 1) - 1; i >= 0; i--) this.siftDown(i, this.at[i], this.seq[i], this.pods[i], this.n);
  }

  /** Puts (at, seq, pod) at i or below, among the first `size` entries. */
  private siftDown(start: number, at: number, seq: number, pod: SimPod, size: number): void {
    const ats = this.at;
    const seqs = this.seq;
    const pods = this.pods;
    let i = start;
    for (;;) {
      let c = 2 * i + 1;
      if (c >= size) break;
      const r = c + 1;
      // The earlier child (time, then order); stop when the entry is earlier still.
      if (r < size && (ats[r] < ats[c] || (ats[r] === ats[c] && seqs[r] < seqs[c]))) c = r;
      if (!(ats[c] < at || (ats[c] === at && seqs[c] < seq))) break;
      ats[i] = ats[c];
      seqs[i] = seqs[c];
      pods[i] = pods[c];
      i = c;
    }
    ats[i] = at;
    seqs[i] = seq;
    pods[i] = pod;
  }

  /** Removes the earliest slot and returns its worker. */
  pop(): SimPod {
    if (!this.heaped) this.heapify();
    const top = this.pods[0];
    const last = --this.n;
    if (last === 0) return top;
    this.siftDown(0, this.at[last], this.seq[last], this.pods[last], last);
    return top;
  }

  private before(a: number, s: number, b: number, t: number): boolean {
    return a < b || (a === b && s < t);
  }

  private set(i: number, at: number, seq: number, pod: SimPod): void {
    this.at[i] = at;
    this.seq[i] = seq;
    this.pods[i] = pod;
  }
}
