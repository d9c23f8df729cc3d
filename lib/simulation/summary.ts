import { clockFormatter } from './clock';
import { StepOutcome } from './dynamics';
import { Decision } from './explain';
import { WorkloadModel } from './model';
import { NEED_BOUND } from './steady-state';
import { Timeline } from './simulate';
import { Trace } from './trace';

/** The numbers a reviewer asks of a run (summary.json). Times in seconds, loads in trace units. */
export interface Summary {
  readonly workload: 'backend' | 'worker';
  readonly trace: string;
  readonly seed: number;
  /** Seconds the run covers, [0, durationSeconds): its steps times the step (the end instant is no step). */
  readonly durationSeconds: number;
  readonly stepSeconds: number;
  readonly loadUnit: string;
  readonly peakLoad: number;
  /** Clock time of the first step at the peak. */
  readonly peakAt: string;
  /**
   * The highest load held for at least a minute (SUSTAINED_SECONDS): the peak the capacity
   * figures below are for, so one noisy sample of a recording does not set them.
   */
  readonly sustainedPeakLoad: number;
  /**
   * Set when the run is shorter than the minute a load must hold (SUSTAINED_SECONDS, in whole
   * steps): no load is held that long, so sustainedPeakLoad and the capacity figures are those of
   * the peak itself, and the printed summary says so.
   */
  readonly runShorterThanSustained?: true;
  /**
   * The capacity the sustained peak needs to be served: Ready pods whose slots carry it (worker:
   * ceil(peak x mean job run / concurrencyPerPod); backend: ceil(peak / saturation rate)). The
   * capacity report's "the peak needs N workers" is this number.
   */
  readonly servingReplicas: number;
  /** servingReplicas > maxReplicas: no count the HPA may set serves the peak. */
  readonly servingExceedsMax: boolean;
  /**
   * What the HPA's metric targets ask for at the sustained peak: the Ready pods at which every
   * metric is at or below its target (the controller's goal, above servingReplicas when a target
   * keeps headroom); null when no count will do.
   */
  readonly neededReplicas: number | null;
  /** Set when the need is finite but above the searched bound: it is more than this many pods. */
  readonly neededMoreThan?: number;
  /** The targets ask for more than maxReplicas: the HPA sits at maxReplicas. */
  readonly neededExceedsMax: boolean;
  /**
   * From the first step whose load (held for a minute) needs neededReplicas pods (or maxReplicas,
   * when it needs more) while fewer are Ready, to the first step with neededReplicas Ready: how
   * long the HPA took to reach its targets' count. 0 when it was there in time; null when it never
   * came (always so when neededExceedsMax).
   */
  readonly timeToNeededCapacitySeconds: number | null;
  /**
   * Clock time of the first step at which capacity fell short: a request failed (backend) or a job
   * waited for a slot at a step boundary (worker, backlog > 0); null when it never did. Consistent
   * with failed requests and the peak backlog by definition.
   */
  readonly shortOfCapacityFrom: string | null;
  /** Sum over steps of pods (status.replicas) x step, in pod-minutes: the cost. */
  readonly replicaMinutes: number;
  readonly minReplicasSeen: number;
  readonly maxReplicasSeen: number;
  readonly scaleUps: number;
  readonly scaleDowns: number;
  /** Scale events whose direction differs from the previous one's (flapping). */
  readonly directionChanges: number;
  /** Seconds with the desired count at maxReplicas. */
  readonly secondsAtMaxReplicas: number;
  readonly backend?: {
    /** Seconds in which some requests failed (a pod past its saturation rate, or no Ready pod). */
    readonly secondsOverSaturation: number;
    /** Requests that failed. */
    readonly requestsOverSaturation: number;
    readonly requestsTotal: number;
    readonly failedPercent: number;
  };
  readonly worker?: {
    readonly peakBacklog: number;
    readonly peakBacklogAt: string | null;
    /** Longest time a job waited in the queue before a worker took it (or still waits at the end), seconds. */
    readonly longestJobWaitSeconds: number;
    readonly jobsStarted: number;
    /** Jobs cut off by a stopping worker's grace period and put back in the queue. */
    readonly jobsRequeued: number;
  };
  /** What reading the trace did (gaps bridged, counters converted, ...). */
  readonly traceNotes: readonly string[];
}

export interface SummaryInput {
  readonly timeline: Timeline;
  /** Each step's outcome, for a timeline of step objects; the simulator's own timeline carries them (registerColumns). */
  readonly outcomes?: readonly StepOutcome[];
  readonly model: WorkloadModel;
  readonly need: (load: number) => number;
  readonly decisions: readonly Decision[];
  readonly trace: Trace;
  readonly seed: number;
  /** Wait of the oldest job still queued at the end, seconds. */
  readonly stillWaiting: number;
  /** Jobs put back in the queue by stopping workers. */
  readonly requeued: number;
}

/**
 * What the summary reads of each step, as columns (index = step): the simulator hands its own
 * (registerColumns), so a run of hundreds of thousands of steps needs no object per step.
 */
export interface StepColumns {
  readonly length: number;
  readonly t: ArrayLike<number>;
  readonly load: ArrayLike<number>;
  readonly pods: ArrayLike<number>;
  readonly readyPods: ArrayLike<number>;
  readonly desiredReplicas: ArrayLike<number>;
  /** Worker: jobs waiting (null counts as 0); backend: null. */
  readonly queueDepth: ArrayLike<number> | null;
  readonly dropped: ArrayLike<number>;
  readonly received: ArrayLike<number>;
  readonly started: ArrayLike<number>;
  readonly longestWait: ArrayLike<number>;
}

const registered = new WeakMap<Timeline, StepColumns>();

/** The columns behind a timeline the simulator built: summarize reads them instead of its steps. */
export function registerColumns(timeline: Timeline, columns: StepColumns): void {
  registered.set(timeline, columns);
}

function columnsOf(timeline: Timeline, outcomes: readonly StepOutcome[]): StepColumns {
  const known = registered.get(timeline);
  if (known) return known;
  const steps = timeline.steps;
  const of = (f: (s: Timeline['steps'][number]) => number) => steps.map(f);
  const outcome = (f: (o: StepOutcome) => number) => outcomes.map(f);
  return {
    length: steps.length, t: of((s) => s.t), load: of((s) => s.load), pods: of((s) => s.pods), readyPods: of((s) => s.readyPods),
    desiredReplicas: of((s) => s.desiredReplicas), queueDepth: of((s) => s.queueDepth ?? 0),
    dropped: outcome((o) => o.dropped), received: outcome((o) => o.received), started: outcome((o) => o.started), longestWait: outcome((o) => o.longestWait),
  };
}

export function summarize(x: SummaryInput): Summary {
  const { timeline, model } = x;
  const c = columnsOf(timeline, x.outcomes ?? []);
  const n = c.length;
  const dt = timeline.stepSeconds;
  const clock = clockFormatter(timeline.startEpochSeconds);
  let peak = -Infinity;
  let peakT = 0;
  for (let i = 0; i < n; i++) if (c.load[i] > peak) { peak = c.load[i]; peakT = c.t[i]; }
  const width = Math.max(1, Math.ceil(SUSTAINED_SECONDS / dt));
  const loads = Array.from(c.load);
  const held = heldLoads(loads, width);
  // A run shorter than the window holds no load for a minute: its figures are for the peak (said
  // so), not for the lowest load of the run (a 30 s trace rising to 2,000 req/s "needed 0 pods").
  const short = n > 0 && n < width;
  const sustained = short ? peak : sustainedPeak(loads, width);
  const needed = x.need(sustained);
  // Beyond maxReplicas the needed capacity never comes: the shortage starts when the load first
  // needs maxReplicas, and is never over.
  const trigger = Math.min(needed, timeline.maxReplicas);
  let shortFrom: number | null = null;
  let reached: number | null = null;
  for (let i = 0; i < n; i++) {
    // The cheap test first: need() is a binary search, and pure.
    if (shortFrom === null && c.readyPods[i] < needed && Number.isFinite(trigger) && Math.min(x.need(held[i]), timeline.maxReplicas) >= trigger) shortFrom = c.t[i];
    if (shortFrom !== null && c.readyPods[i] >= needed) { reached = c.t[i]; break; }
  }
  const b = model.behaviour;
  const serving = b.kind === 'worker'
    ? Math.ceil((sustained * b.jobDurationMean) / b.concurrencyPerPod - 1e-4)
    : Math.ceil(sustained / b.saturationPerPod - 1e-4);
  // A positive peak needs at least one pod, however large the per-pod capacity (a 1e18 target).
  const servingReplicas = sustained > 0 ? Math.max(1, serving) : 0;
  let firstShort: number | null = null;
  for (let i = 0; i < n && firstShort === null; i++) {
    const short = b.kind === 'worker' ? (c.queueDepth?.[i] ?? 0) > 0 : c.dropped[i] > 1e-9;
    if (short) firstShort = c.t[i];
  }
  const events = x.decisions.filter((d) => d.kind !== 'held');
  let flips = 0;
  events.forEach((d, i) => { if (i > 0 && d.kind !== events[i - 1].kind) flips++; });
  // Loops, not Math.min(...xs): a month of steps is more arguments than a call may take.
  let minSeen = Infinity;
  let maxSeen = -Infinity;
  let podSteps = 0;
  let atMax = 0;
  for (let i = 0; i < n; i++) {
    const desired = c.desiredReplicas[i];
    if (desired < minSeen) minSeen = desired;
    if (desired > maxSeen) maxSeen = desired;
    podSteps += c.pods[i];
    if (desired === timeline.maxReplicas) atMax++;
  }
  const common = {
    workload: model.behaviour.kind, trace: x.trace.name, seed: x.seed, durationSeconds: round3(n * dt), stepSeconds: dt,
    loadUnit: timeline.loadUnit, peakLoad: peak, peakAt: clock(peakT), sustainedPeakLoad: sustained,
    ...(short ? { runShorterThanSustained: true as const } : {}),
    servingReplicas, servingExceedsMax: servingReplicas > timeline.maxReplicas,
    neededReplicas: Number.isFinite(needed) && needed <= NEED_BOUND ? needed : null, neededExceedsMax: needed > timeline.maxReplicas,
    ...(Number.isFinite(needed) && needed > NEED_BOUND ? { neededMoreThan: NEED_BOUND } : {}),
    timeToNeededCapacitySeconds: shortFrom === null ? 0 : reached === null ? null : reached - shortFrom,
    shortOfCapacityFrom: firstShort === null ? null : clock(firstShort),
    replicaMinutes: round1(podSteps * dt / 60),
    minReplicasSeen: minSeen, maxReplicasSeen: maxSeen,
    scaleUps: events.filter((d) => d.kind === 'scale-up').length, scaleDowns: events.filter((d) => d.kind === 'scale-down').length,
    directionChanges: flips,
    secondsAtMaxReplicas: atMax * dt,
    traceNotes: x.trace.notes ?? [],
  };
  if (model.behaviour.kind === 'backend') {
    let failed = 0;
    let total = 0;
    let over = 0;
    for (let i = 0; i < c.dropped.length; i++) {
      failed += c.dropped[i];
      total += c.received[i];
      if (c.dropped[i] > 1e-9) over++;
    }
    return {
      ...common,
      backend: {
        secondsOverSaturation: over * dt,
        requestsOverSaturation: Math.round(failed), requestsTotal: Math.round(total),
        failedPercent: total > 0 ? Math.round((failed / total) * 1e5) / 1e3 : 0,
      },
    };
  }
  let backlog = 0;
  let backlogT: number | null = null;
  for (let i = 0; i < n; i++) {
    const q = c.queueDepth?.[i] ?? 0;
    if (q > backlog) { backlog = q; backlogT = c.t[i]; }
  }
  let longestWait = x.stillWaiting;
  let started = 0;
  for (let i = 0; i < c.longestWait.length; i++) {
    longestWait = Math.max(longestWait, c.longestWait[i]);
    started += c.started[i];
  }
  return {
    ...common,
    worker: {
      peakBacklog: backlog, peakBacklogAt: backlogT === null ? null : clock(backlogT),
      longestJobWaitSeconds: longestWait,
      jobsStarted: started,
      jobsRequeued: x.requeued,
    },
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;
const round3 = (x: number) => Math.round(x * 1000) / 1000;

/** How long a load must last to count as the peak: a minute, the shortest scale-up policy period in use. */
export const SUSTAINED_SECONDS = 60;

/**
 * For each step, the lowest load of the `width` steps starting there (a sliding-window minimum
 * with a deque, O(n)); near the end the window shrinks to what is left.
 */
export function heldLoads(values: readonly number[], width: number): number[] {
  const out = new Array<number>(values.length);
  const deque: number[] = [];
  for (let i = values.length - 1; i >= 0; i--) {
    while (deque.length > 0 && values[deque[deque.length - 1]] >= values[i]) deque.pop();
    deque.push(i);
    if (deque[0] >= i + width) deque.shift();
    out[i] = values[deque[0]];
  }
  return out;
}

/** The largest load held for `width` consecutive steps (or the whole trace, when shorter). */
export function sustainedPeak(values: readonly number[], width: number): number {
  if (values.length === 0) return 0;
  const held = heldLoads(values, Math.min(width, values.length));
  let best = -Infinity;
  for (let i = 0; i + Math.min(width, values.length) <= values.length; i++) if (held[i] > best) best = held[i];
  return best;
}
