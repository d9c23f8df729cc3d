import { z } from 'zod';
import { AlertingSchema, DashboardSchema, SloSchema } from './observability-schema';
import { dnsLabel, duration, durationWithin, INT32_MAX, int32Max, labelValue, labels, promLabelName, promName, quantity, quantityInRange, quantityValue, QUANTITY } from './primitives';

/**
 * The shape of one environment file (`config/<env>.yaml`): the numbers platform engineers review.
 * Field-local rules live here; rules that relate several entries (a metric and its workload, the
 * concurrency arithmetic) live in `consistency.ts`, because they need the whole file.
 */

const positiveQuantity = quantity.refine((q) => (typeof q === 'string' && !QUANTITY.test(q)) || !quantityInRange(q) || quantityValue(q) > 0, { message: 'must be greater than 0' });
const percent = z.number().int('must be a whole number of percent').positive('must be greater than 0').max(INT32_MAX, int32Max('a percentage'));

/** One direction of scaling, in intent-level words; becomes an autoscaling/v2 HPAScalingRules. */
export const ScalingRuleSchema = z
  .strictObject({
    percent: percent.optional().describe('Change by at most this percentage of the current replicas per period'),
    pods: z.number().int().positive('must be greater than 0').max(INT32_MAX, int32Max('a scaling policy value')).optional().describe('Change by at most this many pods per period'),
    every: durationWithin(1, 1800, 'must be between 1s and 1800s (HPA policy periodSeconds)')
      .describe('The period both policies count over (periodSeconds)'),
    select: z.enum(['Max', 'Min', 'Disabled']).describe('Max: the policy allowing the larger change wins; Min: the smaller; Disabled: never scale in this direction'),
    stabilization: durationWithin(0, 3600, 'must be at most 3600s (HPA stabilizationWindowSeconds)')
      .describe('Stabilization window: the controller acts on the most conservative recommendation within it'),
  })
  .refine((r) => r.select === 'Disabled' || r.percent !== undefined || r.pods !== undefined, {
    message: 'needs `percent` or `pods` (or both) unless select is Disabled',
  });
export type ScalingRule = z.infer<typeof ScalingRuleSchema>;

export const ScrapeSchema = z.strictObject({
  kind: z.enum(['ServiceMonitor', 'PodMonitor']).describe('ServiceMonitor scrapes through the Service; PodMonitor scrapes pods directly'),
  port: dnsLabel.describe('Name of the Service (or container) port that serves metrics'),
  path: z.string().regex(/^\//, 'must start with "/"'),
  interval: duration,
  selector: labels.describe('Labels of the Service (ServiceMonitor) or pods (PodMonitor) to scrape'),
  namespace: dnsLabel.optional().describe('Namespace of the scraped Service/pods; defaults to the environment namespace'),
});
export type Scrape = z.infer<typeof ScrapeSchema>;

export const ConcurrencySchema = z.strictObject({
  configMap: dnsLabel.describe('Name of the ConfigMap the worker reads its concurrency policy from'),
  maxConcurrentJobs: z.number().int().positive('must be greater than 0').describe('Jobs one worker runs at once'),
  activeJobsMetric: promName.describe('Catalogue metric counting the jobs a worker is running'),
  queues: z.array(labelValue).min(1, 'must name at least one queue'),
  jobTimeout: duration,
  shutdownGracePeriod: duration.describe('How long a stopping worker may finish its running jobs'),
});
export type Concurrency = z.infer<typeof ConcurrencySchema>;

export const UseCaseSchema = z.strictObject({
  description: z.string().min(1),
  peakConcurrentJobs: z.number().int().positive().optional().describe('Jobs in flight at peak; maxReplicas x maxConcurrentJobs must cover it'),
});

/** A PDB bound: a whole number of pods, or a percentage of the selected pods ("25%"). */
const podCountOrPercent = z.union([
  z.number().int('must be a whole number of pods').min(0, 'must be at least 0'),
  z.string().regex(/^[0-9]+%$/, 'must be a whole number of pods or a percentage such as "25%"'),
]);

/**
 * The workload's PodDisruptionBudget (policy/v1): how many of its pods a voluntary disruption (a
 * node drain, a cluster-autoscaler scale-down) may take at once. Exactly one of the two bounds.
 */
export const DisruptionBudgetSchema = z
  .strictObject({
    maxUnavailable: podCountOrPercent.optional().describe('Pods (or % of pods, rounded up) that may be unavailable at once; the safer bound for an autoscaled workload, since it follows the replica count'),
    minAvailable: podCountOrPercent.optional().describe('Pods (or % of pods, rounded up) that must stay available; must stay strictly below replicas.min'),
  })
  .refine((b) => (b.maxUnavailable === undefined) !== (b.minAvailable === undefined), {
    message: 'set exactly one of maxUnavailable or minAvailable (policy/v1 PodDisruptionBudget)',
  });
export type DisruptionBudget = z.infer<typeof DisruptionBudgetSchema>;

/**
 * A VerticalPodAutoscaler (autoscaling.k8s.io/v1, VPA 1.7.1) for right-sizing recommendations.
 * `Off` only records recommendations in its status; every other mode changes pod requests.
 */
export const VerticalScalingSchema = z.strictObject({
  updateMode: z.enum(['Off', 'Initial', 'Recreate', 'InPlaceOrRecreate']).default('Off')
    .describe('Off: recommend only (default). Initial/Recreate/InPlaceOrRecreate let the VPA set requests, which must not be a resource the HPA scales on'),
  controlledResources: z.array(z.enum(['cpu', 'memory'])).min(1, 'must name at least one resource').default(['cpu', 'memory'])
    .describe('Resources the VPA recommends (and, unless Off, sets)'),
});
export type VerticalScaling = z.infer<typeof VerticalScalingSchema>;

/** Upper bounds on what an environment may request at full scale (sum of maxReplicas x requests). */
export const BudgetSchema = z.strictObject({
  cpu: positiveQuantity.optional().describe('CPU cores (Kubernetes quantity, e.g. "64" or 64000m)'),
  memory: positiveQuantity.optional().describe('Memory bytes (Kubernetes quantity, e.g. 128Gi)'),
});

const gitUrl = z.string().regex(/^(https:\/\/|ssh:\/\/|git@)\S+$/, 'must be a git repository URL (https://, ssh:// or git@)');

/**
 * How Argo CD deploys the environment: one Application for dist/<environment> and one for the
 * prometheus-adapter chart with our values. Written to dist/argocd/, outside every synced path.
 */
export const ArgoCdSchema = z.strictObject({
  namespace: dnsLabel.default('argocd').describe('Namespace of the Argo CD control plane, where Application objects live'),
  project: dnsLabel.describe('Argo CD AppProject the Applications belong to'),
  repoURL: gitUrl.describe('This repository, as Argo CD clones it'),
  targetRevision: z.string().min(1).describe('Branch, tag or commit Argo CD tracks'),
  path: z.string().regex(/^[^/].*[^/]$|^[^/]$/, 'must be a relative path without leading or trailing "/"').default('dist')
    .describe('Where the synthesized output lives in the repository'),
  destination: z.strictObject({
    server: z.url({ protocol: /^https$/, message: 'must be an https URL' }).optional().describe('Cluster API server URL, e.g. https://kubernetes.default.svc'),
    name: dnsLabel.optional().describe('Cluster name as registered in Argo CD'),
  }).refine((d) => (d.server === undefined) !== (d.name === undefined), { message: 'set exactly one of server or name (Argo CD destination)' }),
  adapter: z.strictObject({
    repoURL: z.url({ protocol: /^https?$|^oci$/, message: 'must be a Helm repository URL' }).describe('Helm repository of the chart'),
    chart: dnsLabel.default('prometheus-adapter'),
    version: z.string().regex(/^v?[0-9]+\.[0-9]+\.[0-9]+(-[0-9A-Za-z.-]+)?$/, 'must be an exact chart version (x.y.z); a range would deploy unreviewed releases').describe('Exact chart version'),
    namespace: dnsLabel.describe('Namespace the adapter runs in'),
    releaseName: dnsLabel.default('prometheus-adapter'),
  }).describe('The prometheus-adapter Helm chart; its values come from dist/helm-values/<environment>/'),
});
export type ArgoCd = z.infer<typeof ArgoCdSchema>;

export const minReplicas = z.number().int('must be a whole number').min(1, 'must be at least 1 (minReplicas)').max(INT32_MAX, int32Max('minReplicas'));
export const maxReplicas = z.number().int('must be a whole number').min(1, 'must be at least 1 (maxReplicas)').max(INT32_MAX, int32Max('maxReplicas'));
export const UtilizationSchema = z.strictObject({ cpu: percent.optional(), memory: percent.optional() })
  .describe('Average utilization targets, as a percentage of requests');

export const WorkloadSchema = z.strictObject({
  component: dnsLabel.describe('app.kubernetes.io/component of the workload (api, worker, ...)'),
  deployment: dnsLabel.describe('Name of the apps/v1 Deployment to scale'),
  hpa: dnsLabel.describe('Name of the HorizontalPodAutoscaler'),
  replicas: z.strictObject({ min: minReplicas, max: maxReplicas }).refine((r) => r.max >= r.min, { message: 'max must be greater than or equal to min', path: ['max'] }),
  requests: z.strictObject({ cpu: positiveQuantity.optional(), memory: positiveQuantity.optional() })
    .optional()
    .describe('Per-pod resource requests of the target; utilization targets are percentages of these'),
  utilization: UtilizationSchema,
  scaleUp: ScalingRuleSchema,
  scaleDown: ScalingRuleSchema,
  scrape: ScrapeSchema.optional().describe('How Prometheus scrapes the workload; required when a catalogue metric names it'),
  concurrency: ConcurrencySchema.optional(),
  useCase: UseCaseSchema.optional(),
  slo: SloSchema.optional().describe('Error-rate and latency thresholds alerted on and charted'),
  podSelector: labels.optional().describe("The Deployment's spec.selector.matchLabels; the PodDisruptionBudget selects the same pods"),
  disruptionBudget: DisruptionBudgetSchema.optional().describe('PodDisruptionBudget bound; needs podSelector. @default { maxUnavailable: 1 } when podSelector is set'),
  verticalScaling: VerticalScalingSchema.optional().describe('Emit a VerticalPodAutoscaler for right-sizing recommendations'),
});
export type Workload = z.infer<typeof WorkloadSchema>;

export const MetricSchema = z
  .strictObject({
    description: z.string().min(1),
    unit: z.string().min(1).describe('Human unit of one value, for alerts and dashboards (req/s, jobs)'),
    workload: dnsLabel.describe('Key under `workloads` of the workload that exposes the series and scales on it'),
    series: promName.describe('The series the application exposes'),
    seriesType: z.enum(['counter', 'gauge']),
    api: z.enum(['custom', 'external']).describe('custom: a Pods metric per pod; external: one value for the workload'),
    rateWindow: duration.optional().describe('Window of rate() for counters; at least 4x the scrape interval'),
    aggregation: z.enum(['sum', 'max', 'min', 'avg']).optional()
      .describe('External metrics: how samples of the series from several pods combine'),
    groupBy: z.array(promLabelName).optional().describe('External metrics: labels the value is kept per (e.g. queue)'),
    matchLabels: labels.optional().describe('Label matchers on the series; for external metrics also the HPA selector'),
    target: z.strictObject({ averageValue: positiveQuantity.describe('Target value per pod') }),
  })
  .superRefine((m, ctx) => {
    if (m.seriesType === 'counter' && m.rateWindow === undefined) {
      ctx.addIssue({ code: 'custom', path: ['rateWindow'], message: 'is required for a counter (the adapter exposes its rate)' });
    }
    if (m.seriesType === 'gauge' && m.rateWindow !== undefined) {
      ctx.addIssue({ code: 'custom', path: ['rateWindow'], message: 'only applies to counters; a gauge is read as is' });
    }
    if (m.api === 'external' && m.aggregation === undefined) {
      ctx.addIssue({
        code: 'custom', path: ['aggregation'],
        message: 'is required for an external metric: say how copies of the series from several pods combine (max for a shared queue gauge)',
      });
    }
    if (m.api === 'custom' && (m.aggregation !== undefined || m.groupBy !== undefined)) {
      ctx.addIssue({ code: 'custom', path: [m.aggregation !== undefined ? 'aggregation' : 'groupBy'], message: 'only applies to external metrics; a custom metric is per pod' });
    }
  });
export type Metric = z.infer<typeof MetricSchema>;

/** A deliberate, reviewed exception to one best-practice warning at one field. */
export const ExceptionSchema = z.strictObject({
  rule: z.string().regex(/^practice\//, 'must name a best-practice rule (practice/...); errors cannot be excepted'),
  at: z.string().min(1).describe('Field path the warning names, e.g. workloads.batch.replicas.min'),
  reason: z.string().min(10, 'must explain the decision (at least 10 characters)'),
});
export type Exception = z.infer<typeof ExceptionSchema>;

export const EnvironmentSchema = z.strictObject({
  environment: dnsLabel.describe('Environment name; output goes to dist/<environment>/'),
  namespace: dnsLabel,
  partOf: labelValue.describe('app.kubernetes.io/part-of on every object'),
  prometheus: z.strictObject({
    url: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).describe('Prometheus URL prometheus-adapter queries (without port)'),
    port: z.number().int().min(1).max(65535),
    monitorSelector: labels.describe('Labels the Prometheus serviceMonitorSelector/podMonitorSelector matches'),
  }),
  adapter: z.strictObject({
    metricsRelistInterval: duration.describe('How often prometheus-adapter re-discovers series; at least the scrape interval'),
  }),
  workloads: z.record(dnsLabel, WorkloadSchema),
  metrics: z.record(promName, MetricSchema).describe('The metric catalogue: each custom metric, defined once'),
  alerting: AlertingSchema.optional().describe('Alert thresholds, rule selector labels and runbook location (see README "Alerts and dashboard")'),
  dashboard: DashboardSchema.optional().describe('Grafana dashboard ConfigMap: sidecar labels, folder, namespace'),
  budget: BudgetSchema.optional().describe('Cost guard: synth fails when the full-scale footprint exceeds it'),
  argocd: ArgoCdSchema.optional().describe('Argo CD Applications for this environment (dist/argocd/)'),
  exceptions: z.array(ExceptionSchema).optional()
    .describe('Reviewed exceptions to best-practice warnings, each for one rule at one field'),
});
export type Environment = z.infer<typeof EnvironmentSchema>;

/** JSON Schema of an environment file, for editors (published as config/environment.schema.json). */
export function environmentJsonSchema(): unknown {
  return {
    ...z.toJSONSchema(EnvironmentSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://luneo.dev/schemas/autoscaling-environment.json',
    title: 'luneo-autoscaling environment',
  };
}
