import type { StepOutcome } from './dynamics';
import type { TimelineStep } from './simulate';
import type { StepColumns } from './summary';

/**
 * A run's timeline as columns, one typed array per field (index = step). A month at 15 s is
 * 172,800 steps: as objects they cost more memory and garbage collection than computing them.
 * The step objects of `Timeline.steps` are built from the columns when first read; the summary
 * reads the columns (StepColumns), with the step outcomes beside them.
 */
export class TimelineColumns implements StepColumns {
  length = 0;
  readonly t: Float64Array;
  readonly load: Float64Array;
  readonly currentReplicas: Float64Array;
  readonly desiredReplicas: Float64Array;
  readonly pods: Float64Array;
  readonly readyPods: Float64Array;
  /** Per HPA metric, its value at each step, and whether it had one (TimelineStep.metrics null otherwise). */
  private readonly metricValues: Float64Array[];
  private readonly metricPresent: Uint8Array[];
  /** Worker only (null for a backend), as TimelineStep.queueDepth and activeJobs. */
  readonly queueDepth: Float64Array | null;
  private readonly activeJobs: Float64Array | null;
  /** Backend only (null for a worker), as TimelineStep.droppedRequests. */
  private readonly droppedRequests: Float64Array | null;
  /** The step outcomes (StepOutcome's fields). */
  readonly dropped: Float64Array;
  readonly received: Float64Array;
  readonly started: Float64Array;
  readonly longestWait: Float64Array;

  constructor(capacity: number, metricCount: number, worker: boolean) {
    const column = () => new Float64Array(capacity);
    this.t = column();
    this.load = column();
    this.currentReplicas = column();
    this.desiredReplicas = column();
    this.pods = column();
    this.readyPods = column();
    this.metricValues = Array.from({ length: metricCount }, column);
    this.metricPresent = Array.from({ length: metricCount }, () => new Uint8Array(capacity));
    this.queueDepth = worker ? column() : null;
    this.activeJobs = worker ? column() : null;
    this.droppedRequests = worker ? null : column();
    this.dropped = column();
    this.received = column();
    this.started = column();
    this.longestWait = column();
  }

  /** Appends a step: the TimelineStep fields (queueDepth/activeJobs/droppedRequests for their workload only) and its outcome. */
  push(
    step: Omit<TimelineStep, 'metrics' | 'queueDepth' | 'activeJobs' | 'droppedRequests'>, metrics: ReadonlyArray<number | null>,
    queueDepth: number, activeJobs: number, droppedRequests: number, outcome: StepOutcome,
  ): void {
    const i = this.length++;
    this.t[i] = step.t;
    this.load[i] = step.load;
    this.currentReplicas[i] = step.currentReplicas;
    this.desiredReplicas[i] = step.desiredReplicas;
    this.pods[i] = step.pods;
    this.readyPods[i] = step.readyPods;
    for (let m = 0; m < metrics.length; m++) {
      const v = metrics[m];
      this.metricPresent[m][i] = v === null ? 0 : 1;
      this.metricValues[m][i] = v ?? 0;
    }
    if (this.queueDepth) this.queueDepth[i] = queueDepth;
    if (this.activeJobs) this.activeJobs[i] = activeJobs;
    if (this.droppedRequests) this.droppedRequests[i] = droppedRequests;
    this.dropped[i] = outcome.dropped;
    this.received[i] = outcome.received;
    this.started[i] = outcome.started;
    this.longestWait[i] = outcome.longestWait;
  }

  /** The steps as Timeline.steps holds them (same fields, same order). */
  steps(): TimelineStep[] {
    const out = new Array<TimelineStep>(this.length);
    for (let i = 0; i < this.length; i++) {
      const metrics = this.metricValues.map((values, m) => (this.metricPresent[m][i] ? values[i] : null));
      out[i] = {
        t: this.t[i], load: this.load[i], currentReplicas: this.currentReplicas[i], desiredReplicas: this.desiredReplicas[i],
        pods: this.pods[i], readyPods: this.readyPods[i], metrics,
        queueDepth: this.queueDepth ? this.queueDepth[i] : null, activeJobs: this.activeJobs ? this.activeJobs[i] : null,
        droppedRequests: this.droppedRequests ? this.droppedRequests[i] : null,
      };
    }
    return out;
  }
}
