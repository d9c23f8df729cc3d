import { z } from 'zod';
import { duration, intOrPercent, promName, quantity } from './primitives';

/**
 * `workloads.<name>.simulation`: the simulator's model of a workload (see README, "Simulator").
 * Every field is optional; the defaults (in each description) derive from the workload's declared
 * requests, targets and concurrency policy, so an unset model still behaves plausibly.
 */


export const SIGNAL_NAMES = ['requestRate', 'activeJobs', 'queueDepth'] as const;

export const SimulationSchema = z.strictObject({
  model: z.enum(['backend', 'worker']).optional()
    .describe('backend: load is the total request rate; worker: load is the job arrival rate. Default: worker when `concurrency` is set, else backend'),
  peak: z.number().positive('must be greater than 0').optional()
    .describe('The declared peak the presets scale to. backend: total req/s (default useCase.concurrentUsers x requestsPerUserPerSecond, else 0.8 x maxReplicas x the per-pod req/s target, or 1000 req/s per pod); worker: jobs in flight (default useCase.peakConcurrentJobs, else maxReplicas x maxConcurrentJobs / 2)'),
  startup: z.strictObject({
    ready: duration.optional().describe('From a pod running to Ready (default 30s)'),
    spread: duration.optional().describe('Each pod takes ready ± spread, uniformly (default 10s)'),
    cpuPercent: z.number().min(0).max(1000).optional().describe('CPU while starting, percent of the CPU request (default 100): why the controller ignores CPU of starting pods'),
  }).optional(),
  nodeProvisioning: z.strictObject({
    capacity: z.number().int().min(0).describe('Pods the cluster fits without a new node'),
    delay: duration.describe('How long a pod beyond that waits for the node the cluster autoscaler adds'),
  }).optional().describe('Default: capacity is never short'),
  rollout: z.strictObject({
    at: duration.describe('When the rollout starts, from the start of the run'),
    maxSurge: intOrPercent('a Deployment maxSurge', 'pods', false).optional().describe('Deployment strategy.rollingUpdate.maxSurge (default 25%)'),
    maxUnavailable: intOrPercent('a Deployment maxUnavailable', 'pods', true).optional().describe('Deployment strategy.rollingUpdate.maxUnavailable (default 25%)'),
  }).superRefine((r, ctx) => {
    const zero = (v: number | string | undefined) => v === 0 || v === '0%';
    if (zero(r.maxSurge) && zero(r.maxUnavailable)) {
      ctx.addIssue({
        code: 'custom', path: ['maxUnavailable'], message: 'maxSurge and maxUnavailable cannot both be 0: the API server rejects such a Deployment (the rollout could never start)',
        params: { rule: 'simulation/rollout-stuck', hint: 'allow one surge pod (maxSurge: 1) or one unavailable pod' },
      });
    }
  }).optional().describe('A Deployment rollout during the run (default: none)'),
  pipeline: z.strictObject({
    scrapeInterval: duration.optional().describe('Prometheus scrape interval (default: the workload\'s scrape.interval, else 30s)'),
    rateWindow: duration.optional().describe('rate() window of counter metrics (default: the catalogue metric\'s rateWindow, else 2m)'),
    metricsServerResolution: duration.optional().describe('metrics-server --metric-resolution (default 15s)'),
  }).optional(),
  backend: z.strictObject({
    cpuBaseline: quantity.optional().describe('CPU of an idle pod (default 10% of requests.cpu)'),
    cpuPerRequest: quantity.optional().describe('CPU per req/s served (default: 50% of requests.cpu at the per-pod req/s target)'),
    memoryBaseline: quantity.optional().describe('Memory of an idle pod (default 40% of requests.memory)'),
    memoryPerRequest: quantity.optional().describe('Memory per req/s served (default: 20% of requests.memory at the req/s target)'),
    saturation: z.number().positive().optional().describe('req/s one pod serves; the excess fails (default 2x the req/s target)'),
  }).optional(),
  worker: z.strictObject({
    jobDuration: duration.optional().describe('Mean job run time (default 60s)'),
    jobDurationSpread: z.number().min(0).max(10).optional().describe('Standard deviation / mean of the log-normal run time (default 0.5)'),
    cpuBaseline: quantity.optional().describe('CPU of an idle worker (default 5% of requests.cpu)'),
    cpuPerJob: quantity.optional().describe('CPU per running job (default: a full worker at 90% of requests.cpu)'),
    memoryBaseline: quantity.optional().describe('Memory of an idle worker (default 25% of requests.memory)'),
    memoryPerJob: quantity.optional().describe('Memory per running job (default: a full worker at 80% of requests.memory)'),
  }).optional(),
  signals: z.record(promName, z.enum(SIGNAL_NAMES)).optional()
    .describe('What drives each custom/external metric. Default: the concurrency policy\'s activeJobsMetric is activeJobs, an external metric is queueDepth, a counter on a backend is requestRate'),
}).describe('The scaling simulator\'s model of this workload (npm run simulate)');
export type Simulation = z.infer<typeof SimulationSchema>;
