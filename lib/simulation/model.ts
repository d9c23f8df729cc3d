/**
 * What the simulator models about a workload, in plain units: CPU in millicores, memory in bytes,
 * times in seconds, rates per second. Built from an environment's `workloads.<name>.simulation`
 * (see `lib/simulation/from-environment.ts`) or by hand; the simulation core reads nothing else.
 */

/** What drives an HPA metric in the model (see README, "Simulator"). */
export type Signal = 'requestRate' | 'activeJobs' | 'queueDepth';
export const SIGNALS: readonly Signal[] = ['requestRate', 'activeJobs', 'queueDepth'];

/** A web backend: the load is the total request rate (req/s), spread evenly over ready pods. */
export interface BackendModel {
  readonly kind: 'backend';
  /** CPU of an idle ready pod, millicores. */
  readonly cpuBaseline: number;
  /** CPU per served request per second, millicores per req/s. */
  readonly cpuPerRequest: number;
  /** Memory of an idle ready pod, bytes. */
  readonly memoryBaseline: number;
  /** Memory per served request per second, bytes per req/s. */
  readonly memoryPerRequest: number;
  /** Requests per second one pod can serve; the excess fails (counted, not served). */
  readonly saturationPerPod: number;
}

/**
 * A queue worker: the load is the job arrival rate (jobs/s); ready workers pull from one shared
 * queue up to `concurrencyPerPod` jobs each.
 */
export interface WorkerModel {
  readonly kind: 'worker';
  /** Mean job run time, seconds. */
  readonly jobDurationMean: number;
  /** Coefficient of variation of the (log-normal) run time: standard deviation / mean. */
  readonly jobDurationSpread: number;
  /** Jobs one worker runs at once (the concurrency policy's maxConcurrentJobs). */
  readonly concurrencyPerPod: number;
  /** Run times are cut at this (the policy's jobTimeout), seconds. */
  readonly jobTimeout: number;
  /** A stopping worker finishes its jobs for this long, then the rest go back to the queue, seconds. */
  readonly shutdownGracePeriod: number;
  readonly cpuBaseline: number;
  /** CPU per running job, millicores. */
  readonly cpuPerJob: number;
  readonly memoryBaseline: number;
  /** Memory per running job, bytes. */
  readonly memoryPerJob: number;
}

export interface PodStartup {
  /** From the pod running to Ready, seconds (mean). */
  readonly readySeconds: number;
  /** Each pod's time to Ready is uniform in readySeconds ± spreadSeconds. */
  readonly spreadSeconds: number;
  /** CPU while starting (Running, not Ready), percent of the CPU request: the reason for the controller's CPU-initialization rules. */
  readonly cpuPercent: number;
}

/** Pods beyond `capacityPods` wait `delaySeconds` for a new node (cluster autoscaler), which then stays. */
export interface NodeProvisioning {
  readonly capacityPods: number;
  readonly delaySeconds: number;
}

/** A Deployment rollout (new pod template) starting at `atSeconds`. */
export interface Rollout {
  readonly atSeconds: number;
  /** Pods above the desired count during the rollout: a count, or a percentage string ("25%", rounded up). */
  readonly maxSurge: number | string;
  /** Pods below the desired count allowed unavailable: a count, or "25%" (rounded down). */
  readonly maxUnavailable: number | string;
}

/** The metrics pipeline's lag: what the HPA sees at t was measured earlier. */
export interface MetricsPipeline {
  /** Prometheus scrape interval of the workload, seconds. */
  readonly scrapeInterval: number;
  /** rate() window of counter metrics in the adapter's query, seconds. */
  readonly rateWindow: number;
  /** metrics-server --metric-resolution: its scrape interval and the usage window it reports, seconds. */
  readonly metricsServerResolution: number;
}

export interface WorkloadModel {
  readonly behaviour: BackendModel | WorkerModel;
  /** Per-pod requests: cpu in millicores, memory in bytes (utilization targets are relative to these). */
  readonly requests: { readonly cpu?: number; readonly memory?: number };
  /** The pod's containers and their requests (same units); usage splits over them by request. @default one container with `requests` */
  readonly containers?: ReadonlyArray<{ readonly name: string; readonly cpu?: number; readonly memory?: number }>;
  readonly startup: PodStartup;
  readonly nodeProvisioning?: NodeProvisioning;
  readonly rollout?: Rollout;
  readonly pipeline: MetricsPipeline;
  /** Custom/external metric name -> what drives it. Resource metrics (cpu, memory) need no entry. */
  readonly signals: Readonly<Record<string, Signal>>;
  /** The declared peak in trace units (backend: req/s; worker: job arrivals/s); presets scale to it. */
  readonly peak: number;
}

export const DEFAULT_STARTUP: PodStartup = { readySeconds: 30, spreadSeconds: 10, cpuPercent: 100 };
export const DEFAULT_PIPELINE: MetricsPipeline = { scrapeInterval: 30, rateWindow: 120, metricsServerResolution: 15 };

/** The unit of a trace value for a behaviour. */
export function loadUnit(model: WorkloadModel): string {
  return model.behaviour.kind === 'backend' ? 'req/s' : 'jobs/s';
}
