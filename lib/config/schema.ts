import { z } from 'zod';
import { AlertingSchema, DashboardSchema, SloSchema } from './observability-schema';
import { closestName, PRACTICE_RULES } from './practice-rules';
import { SimulationSchema } from './simulation-schema';
import {
  DNS_LABEL, dnsLabel, duration, durationWithin, INT32_MAX, int32Max, intOrPercent, labelValue, labels, portNameProblem, PROMETHEUS_DURATION,
  prometheusDuration, promLabelName, promLabelNameProblem, promName, quantity, quantityInRange, quantityValue, QUANTITY, seconds,
} from './primitives';

/**
 * The shape of one environment file (`config/<env>.yaml`): the numbers platform engineers review.
 * Field-local rules live here; rules that relate several entries (a metric and its workload, the
 * concurrency arithmetic) live in `consistency.ts`, because they need the whole file.
 */

// A number is already held to > 0 by `quantity`'s own number branch: only a string is checked here, so 0 is one finding.
const positiveQuantity = quantity.refine((q) => typeof q === 'number' || !QUANTITY.test(q) || !quantityInRange(q) || quantityValue(q) > 0, { message: 'must be greater than 0' });
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

/**
 * A rule broken inside one field group, reported under its own rule id (not the generic
 * `schema/rule`) so a finding names what would go wrong in the cluster.
 */
function ruleIssue(ctx: z.RefinementCtx, path: Array<string | number>, rule: string, message: string, hint?: string): void {
  ctx.addIssue({ code: 'custom', path, message, params: { rule, ...(hint !== undefined ? { hint } : {}) } });
}

/** A label selector that selects something: an empty `matchLabels` selects every pod or Service. */
const selector = labels.refine((l) => Object.keys(l).length > 0, { message: 'must name at least one label (an empty selector selects everything)' });

export const ScrapeSchema = z.strictObject({
  kind: z.enum(['ServiceMonitor', 'PodMonitor']).describe('ServiceMonitor scrapes through the Service; PodMonitor scrapes pods directly'),
  port: z.string().min(1)
    .describe('ServiceMonitor: name of the Service port (RFC 1123 label); PodMonitor: name of the container port (IANA_SVC_NAME, at most 15 characters)'),
  path: z.string().regex(/^\//, 'must start with "/"'),
  interval: prometheusDuration.describe('Scrape interval (Prometheus duration); never 0, which Prometheus replaces with its global default'),
  scrapeTimeout: prometheusDuration.optional()
    .describe('Scrape timeout (Prometheus duration), at most the interval; @default the smaller of Prometheus\'s global scrape_timeout and the interval'),
  selector: selector.describe('Labels of the Service (ServiceMonitor) or pods (PodMonitor) to scrape'),
  namespace: dnsLabel.optional().describe('Namespace of the scraped Service/pods; defaults to the environment namespace'),
}).superRefine((s, ctx) => {
  // Upstream rules: Service port names are DNS-1123 labels (ValidateService), container port names
  // IANA_SVC_NAME (validation.IsValidPortName); a monitor naming a port no object can have scrapes nothing.
  if (s.kind === 'ServiceMonitor') {
    if (s.port.length > 63 || !DNS_LABEL.test(s.port)) {
      ruleIssue(ctx, ['port'], 'scrape/port-name', `"${s.port}" cannot be a Service port name: it must be an RFC 1123 label (lower-case letters, digits and "-", at most 63 characters)`);
    }
  } else {
    const problem = portNameProblem(s.port);
    if (problem) {
      ruleIssue(ctx, ['port'], 'scrape/port-name', `"${s.port}" cannot be a container port name (IANA_SVC_NAME): it ${problem}`);
    }
  }
  // Prometheus puts metrics_path into the URL's path, escaping "?" as %3F: a query string there
  // turns every scrape into a 404 (prometheus/prometheus#5488); parameters belong in `params`.
  const query = /[?#]/.exec(s.path);
  if (query) {
    ruleIssue(ctx, ['path'], 'scrape/path-query',
      `contains "${query[0]}": Prometheus escapes it into the path (${query[0] === '?' ? '%3F' : '%23'}), so every scrape of ${s.path} would get 404`,
      'scrape the plain path; an exporter that needs query parameters needs the monitor\'s `params`, which this tool does not emit');
  }
  // Prometheus (config.ScrapeConfig.Validate) replaces a zero interval or timeout with the global
  // default and refuses a timeout above the interval, which fails the whole configuration reload.
  // Refinements run even when a field's format failed; only well-formed durations are compared.
  const secondsOf = (d: string | undefined) => (d !== undefined && d !== '' && PROMETHEUS_DURATION.test(d) ? seconds(d) : undefined);
  const interval = secondsOf(s.interval);
  if (interval === 0) {
    ruleIssue(ctx, ['interval'], 'scrape/zero-duration', 'is zero: Prometheus would silently scrape at its global default interval instead');
  }
  const timeout = secondsOf(s.scrapeTimeout);
  if (timeout !== undefined) {
    if (timeout === 0) {
      ruleIssue(ctx, ['scrapeTimeout'], 'scrape/zero-duration', 'is zero: Prometheus would silently use its global default timeout instead; omit the field for that');
    } else if (interval !== undefined && interval > 0 && timeout > interval) {
      ruleIssue(ctx, ['scrapeTimeout'], 'scrape/timeout-exceeds-interval',
        `${s.scrapeTimeout} is longer than the ${s.interval} interval: Prometheus rejects the scrape configuration ("scrape timeout greater than scrape interval")`);
    }
  }
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
  concurrentUsers: z.number().int().positive().optional()
    .describe('Users active at once at peak (npm run capacity: x requestsPerUserPerSecond = the request rate to serve)'),
  requestsPerUserPerSecond: z.number().positive().optional()
    .describe('Requests per second one active user causes, in req/s (with concurrentUsers: the declared peak rate)'),
}).refine((u) => (u.concurrentUsers === undefined) === (u.requestsPerUserPerSecond === undefined), {
  message: 'concurrentUsers and requestsPerUserPerSecond go together: their product is the request rate the use case promises',
  path: ['requestsPerUserPerSecond'],
}).superRefine((u, ctx) => {
  // The promised rate feeds the capacity arithmetic and the simulator (which takes loads up to 1e9
  // req/s): past that, a report would read "Infinity pods" and exit 0.
  if (u.concurrentUsers === undefined || u.requestsPerUserPerSecond === undefined) return;
  const rate = u.concurrentUsers * u.requestsPerUserPerSecond;
  if (!(rate <= MAX_PROMISED_RATE)) {
    ruleIssue(ctx, ['requestsPerUserPerSecond'], 'usecase/rate-range',
      `concurrentUsers x requestsPerUserPerSecond is ${Number.isFinite(rate) ? rate.toExponential(3) : 'beyond any number'} req/s; a use case promises at most ${MAX_PROMISED_RATE.toExponential()} req/s`,
      'check the units: requestsPerUserPerSecond is requests per second of one active user (e.g. 2), concurrentUsers the users active at once');
  }
});

/** The largest request rate a use case may promise, in req/s: the simulator's load limit (lib/simulation MAX_LOAD). */
export const MAX_PROMISED_RATE = 1e9;

/** A PDB bound: a whole number of pods, or a percentage of the selected pods from "0%" to "100%". */
const podCountOrPercent = intOrPercent('a PodDisruptionBudget bound', 'pods', true);

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

/** A version of a semver constraint: `1`, `1.2.x`, `v1.2.3-rc.1`, `*` (Masterminds/semver, which Argo CD uses). */
const SEMVER_VERSION = String.raw`v?(?:\d+|[xX*])(?:\.(?:\d+|[xX*])){0,2}(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?`;
const SEMVER_COMPARATOR = String.raw`(?:!=|>=|=>|<=|=<|~>|[=<>~^])?\s*${SEMVER_VERSION}`;
const SEMVER_AND = String.raw`(?:${SEMVER_VERSION}\s+-\s+${SEMVER_VERSION}|${SEMVER_COMPARATOR}(?:(?:\s*,\s*|\s+)${SEMVER_COMPARATOR})*)`;
const SEMVER_CONSTRAINT = new RegExp(String.raw`^\s*${SEMVER_AND}(?:\s*\|\|\s*${SEMVER_AND})*\s*$`);

/**
 * Why `revision` is no revision Argo CD can track in a git repository, or undefined when it is one:
 * HEAD, a commit SHA, a ref name `git check-ref-format --allow-onelevel` accepts (no space, control
 * character, `~ ^ : ? * [ \`, `..`, `@{` or `//`; no component starting with `.` or ending in
 * `.lock`; no leading or trailing `/`, no trailing `.`, not `@`), or a semver constraint on tags
 * (Argo CD "Tracking and Deployment Strategies": `1.2.*`, `>=1.0.0 <2.0.0`, `^1.2`).
 */
export function revisionProblem(revision: string): string | undefined {
  if (revision === 'HEAD' || /^[0-9a-f]{7,40}$/i.test(revision)) return undefined;
  const ref = refNameProblem(revision);
  if (ref === undefined || SEMVER_CONSTRAINT.test(revision)) return undefined;
  return `${ref} (git check-ref-format), and it is no semver constraint`;
}

function refNameProblem(ref: string): string | undefined {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(ref)) return 'a control character is not allowed in a git ref';
  if (/\s/.test(ref)) return 'a space is not allowed in a git ref';
  const bad = /[~^:?*[\\]/.exec(ref);
  if (bad) return `"${bad[0]}" is not allowed in a git ref`;
  if (ref.includes('..')) return '".." is not allowed in a git ref';
  if (ref.includes('@{')) return '"@{" is not allowed in a git ref';
  if (ref === '@') return '"@" alone is not a git ref';
  // git check-ref-format --branch, and git itself on the command line: a leading "-" reads as an option.
  if (ref.startsWith('-')) return 'a git branch or tag name does not start with "-"';
  if (ref.startsWith('/') || ref.endsWith('/') || ref.includes('//')) return 'a git ref neither starts nor ends with "/" nor holds "//"';
  if (ref.endsWith('.')) return 'a git ref does not end with "."';
  if (ref.split('/').some((c) => c.startsWith('.') || c.endsWith('.lock'))) return 'no component of a git ref starts with "." or ends with ".lock"';
  return undefined;
}

const gitUrl = z.string().regex(/^(https:\/\/|ssh:\/\/|git@)\S+$/, 'must be a git repository URL (https://, ssh:// or git@)');

/**
 * How Argo CD deploys the environment: one Application for dist/<environment> and one for the
 * prometheus-adapter chart with our values. Written to dist/argocd/, outside every synced path.
 */
export const ArgoCdSchema = z.strictObject({
  namespace: dnsLabel.default('argocd').describe('Namespace of the Argo CD control plane, where Application objects live'),
  project: dnsLabel.describe('Argo CD AppProject the Applications belong to'),
  repoURL: gitUrl.describe('This repository, as Argo CD clones it'),
  targetRevision: z.string().min(1).superRefine((r, ctx) => {
    const problem = revisionProblem(r);
    if (problem) {
      ruleIssue(ctx, [], 'argocd/target-revision', `${JSON.stringify(r)} is no revision Argo CD can track: ${problem}`,
        'write a branch or tag name (git check-ref-format), a commit SHA, HEAD, or a semver constraint on tags (1.2.*, >=1.0.0 <2.0.0)');
    }
  }).describe('Branch, tag or commit Argo CD tracks: a git ref name (git check-ref-format), a commit SHA, HEAD, or a semver constraint on tags'),
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
/** A container's requests, for the resources an HPA can target. */
export const ContainerRequestsSchema = z.strictObject({
  cpu: positiveQuantity.optional().describe('CPU request of the container (Kubernetes quantity, cores: 500m, 1)'),
  memory: positiveQuantity.optional().describe('Memory request of the container (Kubernetes quantity, bytes: 512Mi, 2Gi)'),
});
export type ContainerRequests = z.infer<typeof ContainerRequestsSchema>;

/**
 * A utilization target: a whole percentage of the pods' summed requests (an autoscaling/v2
 * `Resource` metric), or `{ percent, container }` for one container's request (`ContainerResource`).
 */
export const UtilizationTargetSchema = z.union([
  percent.describe('Percent of the pod\'s request: the sum over its containers (Resource metric)'),
  z.strictObject({
    percent,
    container: dnsLabel.describe('Key under `containers`: the container whose request and usage count (ContainerResource metric)'),
  }),
]);
export type UtilizationTarget = z.infer<typeof UtilizationTargetSchema>;

export const UtilizationSchema = z.strictObject({ cpu: UtilizationTargetSchema.optional(), memory: UtilizationTargetSchema.optional() })
  .describe('Average utilization targets, as a percentage of requests');
export type Utilization = z.infer<typeof UtilizationSchema>;

export const WorkloadSchema = z.strictObject({
  component: dnsLabel.describe('app.kubernetes.io/component of the workload (api, worker, ...)'),
  deployment: dnsLabel.describe('Name of the apps/v1 Deployment to scale'),
  hpa: dnsLabel.describe('Name of the HorizontalPodAutoscaler'),
  replicas: z.strictObject({ min: minReplicas, max: maxReplicas }).refine((r) => r.max >= r.min, { message: 'max must be greater than or equal to min', path: ['max'] }),
  containers: z.record(dnsLabel, ContainerRequestsSchema)
    .refine((c) => Object.keys(c).length > 0, { message: 'must list at least one container' })
    .optional()
    .describe('Requests of every container of the pod (and every native sidecar: init container with restartPolicy Always), by container name; utilization targets are percentages of these'),
  utilization: UtilizationSchema,
  scaleUp: ScalingRuleSchema,
  scaleDown: ScalingRuleSchema,
  scrape: ScrapeSchema.optional().describe('How Prometheus scrapes the workload; required when a catalogue metric names it'),
  concurrency: ConcurrencySchema.optional(),
  useCase: UseCaseSchema.optional(),
  slo: SloSchema.optional().describe('Error-rate and latency thresholds alerted on and charted'),
  podSelector: selector.optional()
    .describe("The Deployment's spec.selector.matchLabels: the pods its HPA counts and the PodDisruptionBudget protects; checked against other workloads' and monitors' selectors"),
  disruptionBudget: DisruptionBudgetSchema.optional().describe('PodDisruptionBudget bound; needs podSelector. @default { maxUnavailable: 1 } when podSelector is set'),
  verticalScaling: VerticalScalingSchema.optional().describe('Emit a VerticalPodAutoscaler for right-sizing recommendations'),
  simulation: SimulationSchema.optional(),
});
export type Workload = z.infer<typeof WorkloadSchema>;
export type WorkloadInput = z.input<typeof WorkloadSchema>;

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
    matchLabels: labels.optional().describe('Label matchers on the series (Prometheus label names); also the HPA metric selector, which prometheus-adapter turns into matchers of the query'),
    namespace: dnsLabel.optional()
      .describe('External metrics: the namespace the series live in, when it is not the HPA\'s; the adapter rule then queries that namespace explicitly'),
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
    for (const key of Object.keys(m.matchLabels ?? {})) {
      // Each key is both a Kubernetes label key (the HPA metric selector) and a PromQL label name
      // (the adapter's <<.LabelMatchers>>, alerts, dashboards): it must be valid as both.
      const problem = promLabelNameProblem(key);
      if (problem) {
        ruleIssue(ctx, ['matchLabels', key], 'catalogue/prometheus-label-name',
          `${JSON.stringify(key)} ${problem}: the key becomes a label matcher in the adapter query, alerts and dashboards`,
          'use the label name the series carries in Prometheus (e.g. queue_name, with "_" for "-")');
      }
    }
    if (m.matchLabels && 'namespace' in m.matchLabels) {
      // The adapter adds its own namespace matcher (the HPA's), so a second one selects nothing unless equal.
      ruleIssue(ctx, ['matchLabels', 'namespace'], 'catalogue/namespace-mismatch',
        'the adapter adds its own namespace matcher (the HPA\'s namespace); a second one makes the query empty',
        m.api === 'external' ? 'remove it; for series in another namespace set `namespace` on the metric' : 'remove it: a Pods metric is read in the HPA\'s namespace');
    }
    if (m.api === 'custom' && m.matchLabels && 'pod' in m.matchLabels) {
      // prometheus-adapter adds pod=~"<the HPA's pods>" itself; a second pod matcher keeps at most one pod.
      ruleIssue(ctx, ['matchLabels', 'pod'], 'catalogue/resource-label',
        'the adapter adds its own pod matcher (the pods the HPA selects); a second one narrows a Pods metric to one pod or none',
        'remove it: the HPA reads the metric of every pod of its Deployment');
    }
    if (m.api === 'custom' && m.namespace !== undefined) {
      ruleIssue(ctx, ['namespace'], 'catalogue/namespace-mismatch',
        'only applies to external metrics: the adapter always reads a Pods metric in the HPA\'s namespace, from the pods the HPA selects');
    }
    if (m.api === 'custom' && (m.aggregation !== undefined || m.groupBy !== undefined)) {
      ctx.addIssue({ code: 'custom', path: [m.aggregation !== undefined ? 'aggregation' : 'groupBy'], message: 'only applies to external metrics; a custom metric is per pod' });
    }
  });
export type Metric = z.infer<typeof MetricSchema>;

/** A deliberate, reviewed exception to one best-practice warning at one field. */
export const ExceptionSchema = z.strictObject({
  rule: z.string().regex(/^practice\//, 'must name a best-practice rule (practice/...); errors cannot be excepted')
    .superRefine((rule, ctx) => {
      if (!rule.startsWith('practice/') || (PRACTICE_RULES as readonly string[]).includes(rule)) return;
      // Otherwise it is only ever "stale": it silences nothing, whatever the config says.
      const near = closestName(rule, PRACTICE_RULES);
      ruleIssue(ctx, [], 'practice/unknown-rule', `there is no best-practice rule ${rule}${near ? `; did you mean ${near}?` : ''}`,
        near ? `write rule: ${near}` : `name one of the best-practice rules: ${PRACTICE_RULES.join(', ')}`);
    })
    .describe(`The best-practice rule the warning names: ${PRACTICE_RULES.join(', ')}`),
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
/** An environment as written (defaults may be left out), e.g. by a TypeScript caller. */
export type EnvironmentInput = z.input<typeof EnvironmentSchema>;

/** JSON Schema of an environment file, for editors (published as config/environment.schema.json). */
export function environmentJsonSchema(): unknown {
  return {
    ...z.toJSONSchema(EnvironmentSchema, { io: 'input', unrepresentable: 'any' }),
    $id: 'https://luneo.dev/schemas/autoscaling-environment.json',
    title: 'luneo-autoscaling environment',
  };
}

/**
 * JSON Schema of a layered file (config/_base.yaml, or an environment that extends it), for
 * editors: the environment schema with every field optional, since each file states only part of
 * the environment, plus `extends`. The loader validates the merged result with the full schema.
 */
export function layerJsonSchema(): unknown {
  const optional = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(optional);
    if (node === null || typeof node !== 'object') return node;
    return Object.fromEntries(Object.entries(node).filter(([k]) => k !== 'required').map(([k, v]) => [k, optional(v)]));
  };
  const schema = optional(environmentJsonSchema()) as { properties: Record<string, unknown> };
  return {
    ...schema,
    $id: 'https://luneo.dev/schemas/autoscaling-layer.json',
    title: 'luneo-autoscaling environment layer',
    properties: { extends: { type: 'string', pattern: '^_[a-z0-9]([-a-z0-9]*[a-z0-9])?\\.yaml$', description: 'Base file of the same directory this file extends' }, ...schema.properties },
  };
}
