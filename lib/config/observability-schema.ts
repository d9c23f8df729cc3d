import { z } from 'zod';
import { duration, labels, promLabelName, promName } from './primitives';

/**
 * Config of what is alerted and charted (`alerting`, `dashboard`, `workloads.<name>.slo`). Every
 * threshold an alert or a panel uses is declared here, with the default an operator reviews in
 * README "Alerts and dashboard"; none is hard-coded in the rule builders.
 */

/**
 * Scrape interval assumed for kube-state-metrics and the kubelet's cAdvisor endpoint, whose monitors
 * this tool does not write: prometheus-operator's default `scrapeInterval` (30s, Prometheus CRD),
 * which the kube-state-metrics and kubelet ServiceMonitors of kube-prometheus-stack inherit. Alert
 * windows over their series (`resourceRateWindow`, `hpa.flapping.window`) are checked against it.
 */
export const PLATFORM_SCRAPE_INTERVAL_SECONDS = 30;

/**
 * Margin added to a behavior window that legitimately delays the HPA, in seconds: an alert on the
 * state the window holds (at minReplicas through a scale-up stabilization, at maxReplicas through a
 * scale-down one) waits at least window + this before firing. It covers a sync period (15s), the
 * scrape of kube-state-metrics and the metric pipeline's own lag (rate windows of minutes).
 */
export const BEHAVIOR_WINDOW_MARGIN_SECONDS = 300;

const ratio = z.number().gt(0, 'must be greater than 0').lt(1, 'must be less than 1 (a ratio, e.g. 0.01 for 1 %)');

/** The alert names we emit; `alerting.severity` overrides a default severity by name. */
export const ALERT_NAMES = [
  'HpaMaxedOut', 'HpaReplicasMismatch', 'HpaScalingInactive', 'HpaScalingLimited', 'HpaFlapping', 'HpaPinnedAtMinimum',
  'HpaMetricSeriesAbsent', 'ScrapeTargetDown', 'ScrapeTargetMissing',
  'QueueBacklogGrowingAtMaxReplicas', 'WorkerSaturated', 'ErrorRateHigh', 'LatencyHigh',
] as const;
export type AlertName = (typeof ALERT_NAMES)[number];
export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type AlertSeverity = (typeof SEVERITIES)[number];

export const AlertingSchema = z.strictObject({
  ruleSelector: labels.optional()
    .describe('Labels the Prometheus ruleSelector matches, put on the PrometheusRule; default: prometheus.monitorSelector'),
  runbookBaseUrl: z.url({ protocol: /^https?$/, message: 'must be an http(s) URL' }).optional()
    .describe('URL of the dist/runbooks/ directory in the repository browser; runbook_url is <base>/<environment>.md#<alert>, read at the environment\'s argocd.targetRevision when the URL is this repository\'s (GitHub/GitLab blob or tree URL). Default: the repository-relative path dist/runbooks'),
  severity: z.partialRecord(z.enum(ALERT_NAMES), z.enum(SEVERITIES)).optional()
    .describe('Severity overrides per alert name (critical pages, warning tickets, info only shows)'),
  hpa: z.strictObject({
    maxedOutFor: duration.default('15m').describe('How long current == max (with max != min) before HpaMaxedOut fires; at least the scale-down stabilization + 5m'),
    mismatchFor: duration.default('15m').describe('How long desired != current, with no replica change, before HpaReplicasMismatch fires'),
    scalingInactiveFor: duration.default('10m').describe('How long ScalingActive=false before HpaScalingInactive fires'),
    scalingLimitedFor: duration.default('1h').describe('How long ScalingLimited=true, while the HPA wants more replicas than it has, before HpaScalingLimited fires'),
    flapping: z.strictObject({
      window: duration.default('1h').describe('Window over which changes of scaling direction are counted; at least 4 kube-state-metrics scrapes'),
      reversals: z.number().int().min(2, 'must be at least 2').default(4)
        .describe('Changes of scaling direction (up then down, or down then up) within the window that count as flapping'),
    }).prefault({}),
    pinnedAtMinimum: z.strictObject({
      factor: z.number().gt(1, 'must be greater than 1').default(2)
        .describe('A metric this many times its target while at minReplicas fires HpaPinnedAtMinimum; above 1 + the HPA tolerance (0.1)'),
      for: duration.default('15m').describe('How long before HpaPinnedAtMinimum fires; at least the scale-up stabilization + 5m'),
    }).prefault({}),
  }).prefault({}),
  pipeline: z.strictObject({
    seriesAbsentFor: duration.default('10m').describe('How long a series an HPA needs may be absent before HpaMetricSeriesAbsent fires'),
    targetDownFor: duration.default('5m').describe('How long a scrape target may be down (up == 0) or undiscovered'),
  }).prefault({}),
  workers: z.strictObject({
    saturation: ratio.default(0.9).describe('Active jobs per worker as a fraction of maxConcurrentJobs that counts as saturated; above the HPA\'s active-jobs target (+ tolerance)'),
    saturationFor: duration.default('15m'),
    backlogWindow: duration.default('15m').describe('Window of deriv() over the queue gauge; at least 4 scrapes of the queue\'s workload'),
    backlogFor: duration.default('10m'),
  }).prefault({}),
  resourceRateWindow: duration.default('5m').describe('Window of rate() over cAdvisor CPU counters, in alerts and panels; at least 4 cAdvisor scrapes (30s assumed)'),
});
export type Alerting = z.infer<typeof AlertingSchema>;

export const DashboardSchema = z.strictObject({
  labels: labels.default({ grafana_dashboard: '1' })
    .describe('Labels the Grafana dashboard sidecar selects ConfigMaps by (kube-prometheus-stack: grafana_dashboard: "1")'),
  folder: z.string().min(1).optional().describe('Grafana folder (grafana_folder annotation the sidecar reads when folderAnnotation is set)'),
  namespace: z.string().regex(/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/, 'must be an RFC 1123 label').optional()
    .describe('Namespace of the dashboard ConfigMap; default: the environment namespace'),
});
export type Dashboard = z.infer<typeof DashboardSchema>;

/** Service-level thresholds of a workload: the series they read and the limit, all declared here. */
export const SloSchema = z.strictObject({
  errorRate: z.strictObject({
    series: promName.describe('Counter of all requests (e.g. http_requests_total)'),
    errors: z.strictObject({
      label: promLabelName.describe('Label that marks an error (e.g. code)'),
      matches: z.string().min(1).describe('RE2 regular expression over that label (e.g. "5..")'),
    }),
    max: ratio.describe('Highest acceptable error ratio (0.01 = 1 % of requests)'),
    window: duration.default('5m').describe('Window of rate(); at least 4 scrape intervals'),
    for: duration.default('10m'),
  }).optional(),
  latency: z.strictObject({
    histogram: promName.describe('Base name of the latency histogram, in seconds (the app exports <name>_bucket)'),
    quantile: ratio.describe('Quantile to watch (0.99 = p99)'),
    maxSeconds: z.number().positive('must be greater than 0').describe('Highest acceptable latency at that quantile, in seconds'),
    window: duration.default('5m').describe('Window of rate(); at least 4 scrape intervals'),
    for: duration.default('10m'),
  }).optional(),
});
export type Slo = z.infer<typeof SloSchema>;

/** The alerting settings with every default applied (an environment may omit `alerting`). */
export function alertingSettings(alerting: Alerting | undefined): Alerting {
  return alerting ?? AlertingSchema.parse({});
}

export function dashboardSettings(dashboard: Dashboard | undefined): Dashboard {
  return dashboard ?? DashboardSchema.parse({});
}
