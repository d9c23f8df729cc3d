import { Construct } from 'constructs';
import { alertingSettings, dashboardSettings } from '../config/observability-schema';
import { Environment } from '../config/schema';
import { recommendedLabels } from '../labels';
import { AlertRules, PROMETHEUS_RULE_MAX_BYTES, ruleGroupsFit } from './alert-rules';
import { AlertGroup, alertGroups, AlertRule, runbookDocument } from './alerts';
import { coverageFindings } from './coverage';
import { buildDashboard } from './dashboard';
import { CONFIGMAP_MAX_BYTES, dashboardJson, GrafanaDashboard } from './grafana-dashboard';
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
  /**
   * The Grafana dashboards (JSON, also in their ConfigMaps), for `dist/dashboards/`: one for the
   * environment, or one per workload (`workload` set) when the environment's would not fit a ConfigMap.
   */
  public readonly dashboards: readonly { readonly workload?: string; readonly json: string }[];

  constructor(scope: Construct, id: string, props: EnvironmentObservabilityProps) {
    super(scope, id);
    const { env } = props;
    const settings = alertingSettings(env.alerting);
    this.groups = alertGroups(env, settings);
    this.runbook = renderRunbook(env, this.groups);
    const labels = recommendedLabels({ name: 'luneo-autoscaling', component: 'monitoring', partOf: env.partOf });
    const alertProps = {
      namespace: env.namespace, labels: { ...labels, ...(settings.ruleSelector ?? env.prometheus.monitorSelector) },
      runbookUrl: runbookDocument(env, settings), runbook: this.runbook,
    };
    // One PrometheusRule per environment while it fits one object; past that (hundreds of workloads),
    // one per workload, each with the same groups holding that workload's rules.
    if (Object.keys(env.workloads).length <= 1 || ruleGroupsFit(this.groups, PROMETHEUS_RULE_MAX_BYTES)) {
      new AlertRules(this, 'Alerts', { ...alertProps, groups: this.groups, findings: coverageFindings(env, this.groups) });
    } else {
      const byWorkload = groupsByWorkload(this.groups);
      Object.keys(env.workloads).sort().forEach((workload, i) => {
        const groups = byWorkload.get(workload) ?? [];
        new AlertRules(this, `Alerts-${workload}`, {
          ...alertProps, name: `luneo-autoscaling-${workload}`, groups, ...(i === 0 ? { findings: coverageFindings(env, this.groups) } : {}),
        });
      });
    }
    const dash = dashboardSettings(env.dashboard);
    const produced = new Set([...PLATFORM_METRICS, ...Object.keys(env.workloads).flatMap((k) => new WorkloadQueries(env, k, settings).scrapedMetrics())]);
    const common = { namespace: dash.namespace ?? env.namespace, labels: { ...labels, ...dash.labels }, folder: dash.folder, producedMetrics: produced };
    // One dashboard per environment while it fits a ConfigMap (1 MiB). Past that, one per workload,
    // each in its own ConfigMap: a dashboard's size then grows with one workload's metrics, never with
    // the number of workloads, a workload keeps its uid (bookmarks) as others come and go, and the
    // environment tag links them. The test is on the per-workload dashboards' total, so the choice
    // does not hinge on a few bytes of shared header.
    const perWorkload = Object.keys(env.workloads).sort().map((workload) => {
      const dashboard = buildDashboard(env, settings, { workload });
      // Only its JSON text is used from here on: the builder's object is dropped at once, so the
      // objects of hundreds of dashboards are never all held (and promoted by the collector) together.
      return { workload, dashboard: { ...dashboard, json: undefined }, json: dashboardJson(dashboard) };
    });
    const total = perWorkload.reduce((sum, d) => sum + Buffer.byteLength(d.json), 0);
    if (perWorkload.length <= 1 || total <= CONFIGMAP_MAX_BYTES) {
      this.dashboards = [{ json: new GrafanaDashboard(this, 'Dashboard', { ...common, dashboard: buildDashboard(env, settings) }).json }];
    } else {
      this.dashboards = perWorkload.map((d) => ({
        workload: d.workload,
        json: new GrafanaDashboard(this, `Dashboard-${d.workload}`, {
          ...common, name: `luneo-autoscaling-dashboard-${d.workload}`, dashboard: d.dashboard, json: d.json,
        }).json,
      }));
    }
  }
}

/**
 * Each workload's share of `groups`: the groups holding its rules, in their order, each with its
 * rules in their order (groups without any of its rules left out). One pass over the rules, not
 * one per workload (quadratic at hundreds of workloads).
 */
function groupsByWorkload(groups: readonly AlertGroup[]): Map<string, AlertGroup[]> {
  const byWorkload = new Map<string, AlertGroup[]>();
  for (const g of groups) {
    const rulesOf = new Map<string, AlertRule[]>();
    for (const r of g.rules) {
      const rules = rulesOf.get(r.workload);
      if (rules) rules.push(r);
      else rulesOf.set(r.workload, [r]);
    }
    for (const [workload, rules] of rulesOf) {
      const share = byWorkload.get(workload);
      if (share) share.push({ name: g.name, rules });
      else byWorkload.set(workload, [{ name: g.name, rules }]);
    }
  }
  return byWorkload;
}
