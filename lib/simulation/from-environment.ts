import { milliValue } from '../hpa';
import { seconds } from '../config/primitives';
import { containerRequests, podRequests } from '../config/requests';
import { Environment } from '../config/schema';
import { BackendModel, DEFAULT_PIPELINE, DEFAULT_STARTUP, Signal, WorkerModel, WorkloadModel } from './model';

const SUFFIX: Record<string, number> = {
  '': 1, n: 1e-9, u: 1e-6, m: 1e-3, k: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18,
  Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60,
};

/**
 * A quantity as a float in base units. Model costs may be fractions of a millicore ("0.25m" per
 * req/s), which Quantity.MilliValue() would round up, so they are not parsed as requests are.
 */
function quantityFloat(q: string | number): number {
  if (typeof q === 'number') return q;
  const m = /^([+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?)(Ki|Mi|Gi|Ti|Pi|Ei|[numkMGTPE])?$/.exec(q);
  if (!m) return Number(milliValue(q)) / 1000;
  return Number(m[1]) * SUFFIX[m[2] ?? ''];
}
/** CPU quantity -> millicores; memory quantity -> bytes. */
const millicores = (q: string | number) => quantityFloat(q) * 1000;
const bytes = (q: string | number) => quantityFloat(q);

/** Requests assumed when a workload declares none (utilization metrics then cannot be computed anyway). */
const REFERENCE_REQUESTS = { cpu: 1000, memory: 1024 ** 3 };
/** Per-pod request rate the backend defaults are scaled to when no req/s target exists. */
const REFERENCE_RATE = 1000;

/**
 * The workload model of `workloads.<key>` with every default of `simulation` filled in (see
 * `lib/config/simulation-schema.ts` for what each default is). Pure: reads the validated env only.
 */
export function modelFromEnvironment(env: Environment, key: string): WorkloadModel {
  const w = env.workloads[key];
  if (!w) throw new Error(`no workload "${key}" in environment ${env.environment}; there are: ${Object.keys(env.workloads).join(', ')}`);
  const sim = w.simulation ?? {};
  const kind = sim.model ?? (w.concurrency ? 'worker' : 'backend');
  const catalogue = Object.entries(env.metrics).filter(([, m]) => m.workload === key);
  const requests = podRequests(w);
  const containers = Object.keys(w.containers ?? {}).sort().map((name) => ({ name, ...containerRequests(w, name) }));
  const cpu = requests.cpu ?? REFERENCE_REQUESTS.cpu;
  const memory = requests.memory ?? REFERENCE_REQUESTS.memory;

  const signals: Record<string, Signal> = {};
  for (const [name, m] of catalogue) {
    if (w.concurrency?.activeJobsMetric === name) signals[name] = 'activeJobs';
    else if (m.api === 'external') signals[name] = kind === 'worker' ? 'queueDepth' : 'requestRate';
    else if (m.seriesType === 'counter') signals[name] = 'requestRate';
    else if (kind === 'worker') signals[name] = 'activeJobs';
  }
  Object.assign(signals, sim.signals ?? {});

  const rateMetric = catalogue.find(([name, m]) => signals[name] === 'requestRate' && m.api === 'custom');
  const rateTarget = rateMetric ? Number(milliValue(rateMetric[1].target.averageValue)) / 1000 : REFERENCE_RATE;
  const counterWindow = catalogue.map(([, m]) => m.rateWindow).filter((x): x is string => x !== undefined).map(seconds);

  let behaviour: BackendModel | WorkerModel;
  let peak: number;
  if (kind === 'backend') {
    const b = sim.backend ?? {};
    behaviour = {
      kind,
      cpuBaseline: b.cpuBaseline !== undefined ? millicores(b.cpuBaseline) : 0.1 * cpu,
      cpuPerRequest: b.cpuPerRequest !== undefined ? millicores(b.cpuPerRequest) : (0.5 * cpu) / rateTarget,
      memoryBaseline: b.memoryBaseline !== undefined ? bytes(b.memoryBaseline) : 0.4 * memory,
      memoryPerRequest: b.memoryPerRequest !== undefined ? bytes(b.memoryPerRequest) : (0.2 * memory) / rateTarget,
      saturationPerPod: b.saturation ?? 2 * rateTarget,
    };
    const promised = w.useCase?.concurrentUsers !== undefined && w.useCase.requestsPerUserPerSecond !== undefined
      ? w.useCase.concurrentUsers * w.useCase.requestsPerUserPerSecond : undefined;
    peak = sim.peak ?? promised ?? 0.8 * w.replicas.max * rateTarget;
  } else {
    const k = sim.worker ?? {};
    const concurrency = w.concurrency?.maxConcurrentJobs ?? 1;
    const duration = k.jobDuration !== undefined ? seconds(k.jobDuration) : 60;
    behaviour = {
      kind,
      jobDurationMean: duration,
      jobDurationSpread: k.jobDurationSpread ?? 0.5,
      concurrencyPerPod: concurrency,
      jobTimeout: w.concurrency ? seconds(w.concurrency.jobTimeout) : 900,
      shutdownGracePeriod: w.concurrency ? seconds(w.concurrency.shutdownGracePeriod) : 30,
      cpuBaseline: k.cpuBaseline !== undefined ? millicores(k.cpuBaseline) : 0.05 * cpu,
      cpuPerJob: k.cpuPerJob !== undefined ? millicores(k.cpuPerJob) : (0.85 * cpu) / concurrency,
      memoryBaseline: k.memoryBaseline !== undefined ? bytes(k.memoryBaseline) : 0.25 * memory,
      memoryPerJob: k.memoryPerJob !== undefined ? bytes(k.memoryPerJob) : (0.55 * memory) / concurrency,
    };
    const inFlight = sim.peak ?? w.useCase?.peakConcurrentJobs ?? (w.replicas.max * concurrency) / 2;
    peak = inFlight / duration;
  }
  return {
    behaviour,
    requests,
    ...(containers.length > 0 ? { containers } : {}),
    startup: {
      readySeconds: sim.startup?.ready !== undefined ? seconds(sim.startup.ready) : DEFAULT_STARTUP.readySeconds,
      spreadSeconds: sim.startup?.spread !== undefined ? seconds(sim.startup.spread) : DEFAULT_STARTUP.spreadSeconds,
      cpuPercent: sim.startup?.cpuPercent ?? DEFAULT_STARTUP.cpuPercent,
    },
    ...(sim.nodeProvisioning ? { nodeProvisioning: { capacityPods: sim.nodeProvisioning.capacity, delaySeconds: seconds(sim.nodeProvisioning.delay) } } : {}),
    ...(sim.rollout ? { rollout: { atSeconds: seconds(sim.rollout.at), maxSurge: sim.rollout.maxSurge ?? '25%', maxUnavailable: sim.rollout.maxUnavailable ?? '25%' } } : {}),
    pipeline: {
      scrapeInterval: sim.pipeline?.scrapeInterval !== undefined ? seconds(sim.pipeline.scrapeInterval) : w.scrape ? seconds(w.scrape.interval) : DEFAULT_PIPELINE.scrapeInterval,
      rateWindow: sim.pipeline?.rateWindow !== undefined ? seconds(sim.pipeline.rateWindow) : counterWindow.length > 0 ? Math.max(...counterWindow) : DEFAULT_PIPELINE.rateWindow,
      metricsServerResolution: sim.pipeline?.metricsServerResolution !== undefined ? seconds(sim.pipeline.metricsServerResolution) : DEFAULT_PIPELINE.metricsServerResolution,
    },
    signals,
    peak,
  };
}

