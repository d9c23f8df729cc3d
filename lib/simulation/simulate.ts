import {
  ContainerSpec, ControllerSettings, ControllerState, DEFAULT_SETTINGS, FRESH_STATE, HpaSpec, MetricSpec, MetricStatus, Pod, reconcile as reconcileImport, Condition,
  approximateFloat, milliValue,
} from '../hpa';
import { clockFormatter } from './clock';
import { Cluster } from './cluster';
import { backendStep as backendStepImport, WorkerDynamics } from './dynamics';
import { Decision, explain as explainImport, holdKey as holdKeyImport, MetricColumn } from './explain';
import { ContainerShares, snapshotAt as snapshotAtImport } from './metrics-pipeline';
import { loadUnit, WorkloadModel } from './model';
import { podViews as podViewsImport } from './pods';
import { steadyStateNeed } from './steady-state';
import { registerColumns, summarize, Summary } from './summary';
import { TimelineColumns } from './timeline-columns';
import { MAX_LOAD, Trace, traceSampler } from './trace';

// Bindings used at every sync, read once: under tsx (CommonJS) every read of an imported binding
// calls two getters, and a simulation reconciles hundreds of thousands of times.
const reconcile = reconcileImport;
const explain = explainImport;
const holdKey = holdKeyImport;
const podViews = podViewsImport;
const snapshotAt = snapshotAtImport;
const backendStep = backendStepImport;

/** One sync period of the timeline (row `t`: the state at t, and the step from t to t + dt). */
export interface TimelineStep {
  /** Seconds from the start. */
  readonly t: number;
  /** The trace's load at t (req/s or jobs/s), applied until t + dt. */
  readonly load: number;
  /** scale.spec.replicas when the controller ran at t. */
  readonly currentReplicas: number;
  /** What the controller set at t. */
  readonly desiredReplicas: number;
  /** Pods not terminating (status.replicas), and of them those Ready, at t (before the controller acted). */
  readonly pods: number;
  readonly readyPods: number;
  /** Per HPA metric (order of `Timeline.metrics`), the value the controller compared with the target at t; null when unavailable. */
  readonly metrics: ReadonlyArray<number | null>;
  /** Worker: jobs waiting at t; backend: null. */
  readonly queueDepth: number | null;
  /** Worker: jobs running at t; backend: null. */
  readonly activeJobs: number | null;
  /** Backend: requests that failed from t to t + dt (saturated or no ready pod); worker: null. */
  readonly droppedRequests: number | null;
}

export interface Timeline {
  readonly stepSeconds: number;
  readonly startEpochSeconds?: number;
  readonly loadUnit: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly metrics: readonly MetricColumn[];
  readonly steps: readonly TimelineStep[];
}

/**
 * The most steps (sync periods) one run may take: the timeline keeps every step, and this many
 * (about 69 days at the default 15 s) stays near a gigabyte of memory; more would end in V8 running out of heap.
 */
export const MAX_STEPS = 400_000;

export { MAX_LOAD };

/**
 * The most pods one run may model (spec.maxReplicas at most this). The simulator keeps every pod's
 * state each sync period; an HPA at the API's limit (maxReplicas 2147483647) driven by a large peak
 * would otherwise grow without bound (gigabytes, then V8 out of heap). 10,000 pods over MAX_STEPS
 * steps stays within one run's time and memory.
 */
export const MAX_SIMULATED_PODS = 10_000;

export interface SimulationInput {
  /** The autoscaling/v2 HPA spec, as dist/ holds it. */
  readonly hpa: HpaSpec;
  readonly model: WorkloadModel;
  readonly trace: Trace;
  /** The only source of randomness (start-up times, arrivals, job run times, preset noise). */
  readonly seed: number;
  /** kube-controller-manager settings; syncPeriodSeconds is the simulation step. @default upstream defaults */
  readonly settings?: Partial<ControllerSettings>;
  /**
   * The run's length D, seconds: it covers [0, D) in ceil(D / syncPeriod) sync periods, at
   * t = 0, dt, 2dt, ... < D (D rounded up to a whole sync period); the end instant is no step, so
   * totals, peaks and the timeline hold the run's own steps only. A trace longer than D is cut; a
   * shorter one's last sample holds. @default the trace's duration
   */
  readonly durationSeconds?: number;
  /** Replicas at t = 0, Ready and warm. @default what the trace's first value needs, within min..max */
  readonly initialReplicas?: number;
}

export interface SimulationResult {
  readonly timeline: Timeline;
  readonly summary: Summary;
  /** Every scale event, and each change in what held the count, in time order. */
  readonly decisions: readonly Decision[];
}

/**
 * Runs an HPA through the conformance-tested controller model (`lib/hpa`) against a workload model
 * and a load trace, one sync period at a time: the load moves pods' CPU, memory, request rate or
 * queue; the metrics pipeline reports it late (scrape, rate window, metrics-server resolution); the
 * controller reconciles; the Deployment creates or removes pods, which need time (and maybe a node)
 * before they are Ready. Pure and deterministic: same input and seed, same result.
 *
 * @throws SimulationInputError when the HPA names a custom/external metric the model has no signal
 *   for, holds more pods than a run may (MAX_SIMULATED_PODS), or the sync period, duration or trace
 *   is unusable.
 * @example
 *   const { summary, decisions } = simulate({ hpa, model, trace: presetTrace('flash', { peak: model.peak, seed: 1 }), seed: 1 });
 */
/**
 * An input simulate() refuses (not a bug): `rule` names the check, as in a finding
 * (`simulate/sync-period`, `simulate/too-many-steps`, `simulate/load-range`,
 * `simulate/unknown-metric`, `simulate/too-many-pods`). Callers report it; anything else thrown
 * from a run is an internal error.
 */
export class SimulationInputError extends Error {
  constructor(readonly rule: string, message: string) {
    super(message);
    this.name = 'SimulationInputError';
  }
}

export function simulate(input: SimulationInput): SimulationResult {
  const settings = { ...DEFAULT_SETTINGS, ...input.settings };
  const { hpa: spec, model, trace, seed } = input;
  const dt = settings.syncPeriodSeconds;
  if (!(dt > 0)) throw new SimulationInputError('simulate/sync-period', `the sync period must be positive, got ${dt}`);
  const duration = input.durationSeconds ?? trace.durationSeconds;
  if (!(duration >= 0) || duration / dt > MAX_STEPS) {
    throw new SimulationInputError('simulate/too-many-steps', `a run of ${duration} s in ${dt} s steps takes ${Math.ceil(duration / dt)} steps, more than the ${MAX_STEPS} one run may take (${MAX_STEPS * dt} s at this sync period): shorten the trace or --duration, or lengthen the sync period`);
  }
  for (const v of trace.values) {
    if (!(v <= MAX_LOAD)) throw new SimulationInputError('simulate/load-range', `trace ${trace.name}: a load of ${v} is more than the ${MAX_LOAD.toExponential()} the simulator takes (check the unit)`);
  }
  const specMetrics: readonly MetricSpec[] = spec.metrics?.length ? spec.metrics : [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];
  const columns = specMetrics.map((m) => metricColumn(m));
  for (const m of specMetrics) {
    const name = m.pods?.metric.name ?? m.external?.metric.name ?? m.object?.metric.name;
    if (name !== undefined && !model.signals[name]) {
      throw new SimulationInputError('simulate/unknown-metric', `HPA metric "${name}": the simulator does not know what drives it; map it to one of requestRate, activeJobs, queueDepth (simulation.signals in the config, or --signal ${name}=<signal>)`);
    }
  }
  const min = spec.minReplicas ?? 1;
  const max = spec.maxReplicas;
  if (!(max <= MAX_SIMULATED_PODS)) {
    throw new SimulationInputError('simulate/too-many-pods', `spec.maxReplicas is ${max}: the simulator models every pod and one run holds at most ${MAX_SIMULATED_PODS.toLocaleString('en-US')}; simulate a copy of the HPA with maxReplicas ${MAX_SIMULATED_PODS} or less`);
  }
  const behaviour = model.behaviour;
  const { pipeline } = model;
  const cpuRequest = model.requests.cpu ?? 0;
  const declared = model.containers?.length ? model.containers : [{ name: 'app', ...model.requests }];
  const containers: ContainerSpec[] = declared.map((c) => ({
    name: c.name,
    requests: {
      ...(c.cpu !== undefined ? { cpu: BigInt(Math.round(c.cpu)) } : {}),
      ...(c.memory !== undefined ? { memory: BigInt(Math.round(c.memory)) * 1000n } : {}),
    },
  }));
  const shares = containerShares(declared);
  const windowSeconds = Math.max(pipeline.rateWindow + pipeline.scrapeInterval, 2 * pipeline.metricsServerResolution, pipeline.scrapeInterval * 2);
  const history = Math.ceil(windowSeconds / dt) + 4;
  const worker = behaviour.kind === 'worker' ? new WorkerDynamics(behaviour, seed) : null;
  const cluster = new Cluster(model.startup, model.nodeProvisioning, model.rollout, behaviour.kind === 'worker', history, seed);
  const queueRing = new Float64Array(history);
  const load = traceSampler(trace);
  const need = steadyStateNeed(model, columns, specMetrics);

  // t = 0: warm pods, their histories filled with the steady state of the first load.
  const initial = input.initialReplicas ?? Math.min(max, Math.max(min, need(load(0))));
  const seeded = cluster.seed(initial, 0);
  warmUp(model, seeded, load(0), dt, history, worker);

  const decisions: Decision[] = [];
  let state: ControllerState = FRESH_STATE;
  let conditions: readonly Condition[] = [];
  let replicas = initial;
  let lastHeld = '';
  const clock = clockFormatter(trace.startEpochSeconds);
  // [0, D): a step at every sync period starting before D; the one at D would integrate the load
  // of [D, D + dt), past the run (a 5400 s preset read 361 steps and 30 s too many requests).
  const stepCount = Math.max(1, Math.ceil(duration / dt - 1e-9));
  const recorded = new TimelineColumns(stepCount, columns.length, worker !== null);
  // One array for the metric values of the sync being explained (explain copies what it keeps).
  const values: Array<number | null> = new Array(columns.length).fill(null);
  let requeued = 0;
  let k = 0;
  const requeue = (jobs: number) => {
    requeued += jobs;
    worker?.queue.pushFront(k * dt, jobs);
  };

  for (k = 0; k < stepCount; k++) {
    const t = k * dt;
    cluster.reap(t, behaviour.kind === 'worker' ? behaviour.shutdownGracePeriod : 0, requeue);
    const snapshot = snapshotAt({ step: k, stepSeconds: dt, history, pods: cluster.pods, queue: queueRing, pipeline, signals: model.signals, shares });
    // One pass over the pods for the engine's view and the counts at t (status.replicas, Ready,
    // worker's active jobs): no array per count, a run has hundreds of thousands of syncs.
    const all = cluster.pods;
    const pods: Pod[] = podViews(all, t, containers);
    let livePods = 0;
    let readyPods = 0;
    let activeAtT = 0;
    for (let i = 0; i < all.length; i++) {
      const p = all[i];
      if (p.deletedAt !== null) continue;
      livePods++;
      if (p.startAt <= t && p.readyAt <= t) readyPods++;
      activeAtT += p.active[k % history];
    }
    const stateBefore = state;
    const r = reconcile({
      spec, specReplicas: replicas, statusReplicas: livePods, previousDesiredReplicas: replicas,
      pods, metrics: snapshot, state, conditions, now: t * 1000, settings,
    });
    for (let i = 0; i < columns.length; i++) values[i] = statusValue(columns[i], r.currentMetrics[i]);
    const x = { spec, settings, t, current: replicas, stateBefore, result: r, columns, values, pods: livePods, readyPods, clock };
    if (r.desiredReplicas !== replicas) {
      decisions.push(explain(x));
      lastHeld = '';
    } else {
      // A hold is news when its cause differs from the last one told since the last scale event,
      // not at every sync it lasts (nor when it comes back after a sync of calm).
      const key = holdKey(x);
      if (key !== '' && key !== lastHeld) {
        const decision = explain(x);
        if (decision.limitedBy !== 'none') {
          decisions.push(decision);
          lastHeld = key;
        }
      }
    }
    const current = replicas;
    ({ state, conditions } = r);
    replicas = r.desiredReplicas;
    cluster.reconcile(replicas, t);

    const l = load(t);
    const outcome = worker
      ? worker.step(cluster.pods, l, t, dt, k + 1, history, cpuRequest, model.startup.cpuPercent)
      : backendStep(behaviour as Extract<typeof behaviour, { kind: 'backend' }>, model.startup, cpuRequest, cluster.pods, l, t, dt, k + 1, history);
    const queueAtT = queueRing[k % history];
    if (worker) queueRing[(k + 1) % history] = worker.queue.depth;
    recorded.push(
      { t, load: l, currentReplicas: current, desiredReplicas: replicas, pods: livePods, readyPods }, values,
      queueAtT, activeAtT, worker ? 0 : round3(outcome.dropped), outcome,
    );
  }
  // The step objects are built when first read (outputs, charts); the summary reads the columns.
  let steps: TimelineStep[] | undefined;
  const timeline: Timeline = {
    stepSeconds: dt, ...(trace.startEpochSeconds !== undefined ? { startEpochSeconds: trace.startEpochSeconds } : {}),
    loadUnit: loadUnit(model), minReplicas: min, maxReplicas: max, metrics: columns,
    get steps() {
      return (steps ??= recorded.steps());
    },
  };
  registerColumns(timeline, recorded);
  const oldestWaiting = worker?.queue.oldest();
  const stillWaiting = oldestWaiting != null ? Math.round((stepCount * dt - oldestWaiting) * 1000) / 1000 : 0;
  return { timeline, decisions, summary: summarize({ timeline, model, need, decisions, trace, seed, stillWaiting, requeued }) };
}

/** Fills the histories of pods present at t = 0 with the steady state of `load`. */
function warmUp(model: WorkloadModel, pods: readonly import('./pods').SimPod[], load: number, dt: number, h: number, worker: WorkerDynamics | null): void {
  const b = model.behaviour;
  const n = pods.length;
  if (n === 0) return;
  if (b.kind === 'backend') {
    const perPod = load / n;
    const served = Math.min(perPod, b.saturationPerPod);
    for (const p of pods) {
      for (let j = -h + 1; j <= 0; j++) {
        const k = ((j % h) + h) % h;
        p.cpu[k] = b.cpuBaseline + b.cpuPerRequest * served;
        p.memory[k] = b.memoryBaseline + b.memoryPerRequest * served;
        p.counter[k] = perPod * dt * (j + h);
      }
      p.counterNow = perPod * dt * h;
    }
    return;
  }
  const inFlight = Math.min(b.concurrencyPerPod * n, load * b.jobDurationMean);
  pods.forEach((p, i) => {
    const jobs = Math.floor(inFlight / n) + (i < Math.round(inFlight) % n ? 1 : 0);
    worker!.seedJobs(p, Math.min(jobs, b.concurrencyPerPod), 0);
    for (let j = -h + 1; j <= 0; j++) {
      const k = ((j % h) + h) % h;
      p.cpu[k] = b.cpuBaseline + b.cpuPerJob * p.running;
      p.memory[k] = b.memoryBaseline + b.memoryPerJob * p.running;
      p.active[k] = p.running;
    }
  });
}

function metricColumn(m: MetricSpec): MetricColumn {
  const source = m.resource ?? m.containerResource;
  if (source) {
    const util = source.target.averageUtilization;
    if (util != null) return { name: source.name, label: `${source.name} utilization`, unit: '%', target: util };
    const unit = source.name === 'cpu' ? 'millicores' : source.name === 'memory' ? 'bytes' : source.name;
    const value = Number(milliValue(source.target.averageValue ?? 0)) / (source.name === 'cpu' ? 1 : 1000);
    return { name: source.name, label: `${source.name} per pod`, unit, target: value };
  }
  const custom = m.pods ?? m.external ?? m.object!;
  const perPod = m.type === 'Pods' || custom.target.averageValue != null;
  const target = approximateFloat(custom.target.averageValue ?? custom.target.value ?? 0);
  return { name: custom.metric.name, label: perPod && m.type !== 'Pods' ? `${custom.metric.name} per pod` : custom.metric.name, unit: '', target };
}

/**
 * The value `kubectl describe hpa` shows for a metric (status.currentMetrics, from the engine), in
 * the column's unit: percent, millicores, bytes or the custom metric's own unit; null when absent.
 */
function statusValue(c: MetricColumn, status: MetricStatus | undefined): number | null {
  const v = status?.current;
  if (!v) return null;
  if (c.unit === '%') return v.averageUtilization ?? null;
  const milli = v.averageValue ?? v.value;
  if (milli === undefined) return null;
  return c.unit === 'millicores' ? Number(milli) : round3(Number(milli) / 1000);
}

const round3 = (x: number) => Math.round(x * 1000) / 1000;

/**
 * How a pod's usage splits over its containers: in proportion to their requests of the resource
 * (equally when none requests it), so pod sums and ContainerResource targets both see the model.
 */
function containerShares(containers: ReadonlyArray<{ name: string; cpu?: number; memory?: number }>): ContainerShares {
  const split = (resource: 'cpu' | 'memory') => {
    const total = containers.reduce((s, c) => s + (c[resource] ?? 0), 0);
    return containers.map((c) => ({ name: c.name, share: total > 0 ? (c[resource] ?? 0) / total : 1 / containers.length }));
  };
  return { cpu: split('cpu'), memory: split('memory') };
}
