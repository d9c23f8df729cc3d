import { clockFormatter } from './clock';
import { StepOutcome } from './dynamics';
import { Decision } from './explain';
import { WorkloadModel } from './model';
import { Timeline } from './simulate';
import { Trace } from './trace';

/** The numbers a reviewer asks of a run (summary.json). Times in seconds, loads in trace units. */
export interface Summary {
  readonly workload: 'backend' | 'worker';
  readonly trace: string;
  readonly seed: number;
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
  readonly outcomes: readonly StepOutcome[];
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

export function summarize(x: SummaryInput): Summary {
  const { timeline, outcomes, model } = x;
  const steps = timeline.steps;
  const dt = timeline.stepSeconds;
  const clock = clockFormatter(timeline.startEpochSeconds);
  let peak = -Infinity;
  let peakT = 0;
  for (const s of steps) if (s.load > peak) { peak = s.load; peakT = s.t; }
  const width = Math.max(1, Math.ceil(SUSTAINED_SECONDS / dt));
  const held = heldLoads(steps.map((s) => s.load), width);
  const sustained = sustainedPeak(steps.map((s) => s.load), width);
  const needed = x.need(sustained);
  // Beyond maxReplicas the needed capacity never comes: the shortage starts when the load first
  // needs maxReplicas, and is never over.
  const trigger = Math.min(needed, timeline.maxReplicas);
  let shortFrom: number | null = null;
  let reached: number | null = null;
  for (let i = 0; i < steps.length; i++) {
    const s = steps[i];
    // The cheap test first: need() is a binary search, and pure.
    if (shortFrom === null && s.readyPods < needed && Number.isFinite(trigger) && Math.min(x.need(held[i]), timeline.maxReplicas) >= trigger) shortFrom = s.t;
    if (shortFrom !== null && s.readyPods >= needed) { reached = s.t; break; }
  }
  const b = model.behaviour;
  const serving = b.kind === 'worker'
    ? Math.ceil((sustained * b.jobDurationMean) / b.concurrencyPerPod - 1e-4)
    : Math.ceil(sustained / b.saturationPerPod - 1e-4);
  let firstShort: number | null = null;
  for (let i = 0; i < steps.length && firstShort === null; i++) {
    const short = b.kind === 'worker' ? (steps[i].queueDepth ?? 0) > 0 : outcomes[i].dropped > 1e-9;
    if (short) firstShort = steps[i].t;
  }
  const events = x.decisions.filter((d) => d.kind !== 'held');
  let flips = 0;
  events.forEach((d, i) => { if (i > 0 && d.kind !== events[i - 1].kind) flips++; });
  // Loops, not Math.min(...xs): a month of steps is more arguments than a call may take.
  let minSeen = Infinity;
  let maxSeen = -Infinity;
  for (const s of steps) {
    if (s.desiredReplicas < minSeen) minSeen = s.desiredReplicas;
    if (s.desiredReplicas > maxSeen) maxSeen = s.desiredReplicas;
  }
  const common = {
    workload: model.behaviour.kind, trace: x.trace.name, seed: x.seed, durationSeconds: steps.length > 0 ? steps[steps.length - 1].t : 0, stepSeconds: dt,
    loadUnit: timeline.loadUnit, peakLoad: peak, peakAt: clock(peakT), sustainedPeakLoad: sustained,
    servingReplicas: serving, servingExceedsMax: serving > timeline.maxReplicas,
    neededReplicas: Number.isFinite(needed) ? needed : null, neededExceedsMax: needed > timeline.maxReplicas,
    timeToNeededCapacitySeconds: shortFrom === null ? 0 : reached === null ? null : reached - shortFrom,
    shortOfCapacityFrom: firstShort === null ? null : clock(firstShort),
    replicaMinutes: round1(steps.reduce((sum, s) => sum + s.pods, 0) * dt / 60),
    minReplicasSeen: minSeen, maxReplicasSeen: maxSeen,
    scaleUps: events.filter((d) => d.kind === 'scale-up').length, scaleDowns: events.filter((d) => d.kind === 'scale-down').length,
    directionChanges: flips,
    secondsAtMaxReplicas: steps.filter((s) => s.desiredReplicas === timeline.maxReplicas).length * dt,
    traceNotes: x.trace.notes ?? [],
  };
  if (model.behaviour.kind === 'backend') {
    const failed = outcomes.reduce((s, o) => s + o.dropped, 0);
    const total = outcomes.reduce((s, o) => s + o.received, 0);
    return {
      ...common,
      backend: {
        secondsOverSaturation: outcomes.filter((o) => o.dropped > 1e-9).length * dt,
        requestsOverSaturation: Math.round(failed), requestsTotal: Math.round(total),
        failedPercent: total > 0 ? Math.round((failed / total) * 1e5) / 1e3 : 0,
      },
    };
  }
  let backlog = 0;
  let backlogT: number | null = null;
  for (const s of steps) if ((s.queueDepth ?? 0) > backlog) { backlog = s.queueDepth!; backlogT = s.t; }
  return {
    ...common,
    worker: {
      peakBacklog: backlog, peakBacklogAt: backlogT === null ? null : clock(backlogT),
      longestJobWaitSeconds: outcomes.reduce((m, o) => Math.max(m, o.longestWait), x.stillWaiting),
      jobsStarted: outcomes.reduce((s, o) => s + o.started, 0),
      jobsRequeued: x.requeued,
    },
  };
}

const round1 = (x: number) => Math.round(x * 10) / 10;

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
