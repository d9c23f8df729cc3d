import { Construct } from 'constructs';
import { alertingSettings, dashboardSettings } from '../config/observability-schema';
import { Environment } from '../config/schema';
import { recommendedLabels } from '../labels';
import { AlertRules } from './alert-rules';
import { AlertGroup, alertGroups, runbookDocument } from './alerts';
import { coverageFindings } from './coverage';
import { buildDashboard } from './dashboard';
import { GrafanaDashboard } from './grafana-dashboard';
import { PLATFORM_METRICS, WorkloadQueries } from './queries';
import { renderRunbook } from './runbooks';

export interface EnvironmentObservabilityProps {
  /** A validated environment. */
  readonly env: Environment;
}

/**
 * What operators watch for one environment, derived from its workloads and metric catalogue: the
 * PrometheusRule of autoscaling alerts, the runbook they link to and the Grafana dashboard ConfigMap.
 *
 * @example
 * const obs = new EnvironmentObservability(chart, 'Observability', { env });
 * fs.writeFileSync(`dist/runbooks/${env.environment}.md`, obs.runbook);
 */
export class EnvironmentObservability extends Construct {
  public readonly groups: readonly AlertGroup[];
  /** Markdown of `dist/runbooks/<environment>.md`. */
  public readonly runbook: string;
  /** The Grafana dashboard JSON (also in the ConfigMap), for `dist/dashboards/<environment>.json`. */
  public readonly dashboardJson: string;

  constructor(scope: Construct, id: string, props: EnvironmentObservabilityProps) {
    super(scope, id);
    const { env } = props;
    const settings = alertingSettings(env.alerting);
    this.groups = alertGroups(env, settings);
    this.runbook = renderRunbook(env, this.groups);
    const labels = recommendedLabels({ name: 'luneo-autoscaling', component: 'monitoring', partOf: env.partOf });
    new AlertRules(this, 'Alerts', {
      namespace: env.namespace, groups: this.groups,
      labels: { ...labels, ...(settings.ruleSelector ?? env.prometheus.monitorSelector) },
      runbookUrl: runbookDocument(env, settings), runbook: this.runbook,
      findings: coverageFindings(env, this.groups),
    });
    const dash = dashboardSettings(env.dashboard);
    const produced = new Set([...PLATFORM_METRICS, ...Object.keys(env.workloads).flatMap((k) => new WorkloadQueries(env, k, settings).scrapedMetrics())]);
    this.dashboardJson = new GrafanaDashboard(this, 'Dashboard', {
      namespace: dash.namespace ?? env.namespace, dashboard: buildDashboard(env, settings),
      labels: { ...labels, ...dash.labels }, folder: dash.folder, producedMetrics: produced,
    }).json;
  }
}
