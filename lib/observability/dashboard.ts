import { LegendDisplayMode, LegendPlacement, VizLegendOptionsBuilder } from '@grafana/grafana-foundation-sdk/common';
import { createHash } from 'crypto';
import { AnnotationQueryBuilder, DashboardBuilder, DashboardCursorSync, DashboardLinkBuilder, DashboardLinkType, DatasourceVariableBuilder, RowBuilder } from '@grafana/grafana-foundation-sdk/dashboard';
import { DataqueryBuilder } from '@grafana/grafana-foundation-sdk/prometheus';
import { PanelBuilder } from '@grafana/grafana-foundation-sdk/timeseries';
import { Alerting } from '../config/observability-schema';
import { Environment } from '../config/schema';
import { WorkloadQueries } from './queries';

/**
 * The Grafana dashboard of one environment, built with `@grafana/grafana-foundation-sdk` from the
 * same `WorkloadQueries` the alerts use: per workload a row with replicas (current, desired, min,
 * max), each HPA metric against its target, CPU and memory per pod against requests, the catalogue
 * metrics per pod (request rate, active jobs) and external totals (queue depth), error rate and
 * latency against their SLO thresholds; scaling events are annotations.
 */

/** One query of a panel and the series it must return on a healthy workload (by label names). */
export interface PanelQuery {
  readonly expr: string;
  readonly legend: string;
  /** Labels that tell the returned series apart: `[]` one series, `['pod']` one per pod, `['queue']` one per queue. */
  readonly splitBy: readonly string[];
}

export interface PanelModel {
  readonly title: string;
  /** Key under `workloads`. */
  readonly workload: string;
  readonly unit: string;
  readonly queries: readonly PanelQuery[];
}

export interface DashboardModel {
  readonly uid: string;
  readonly title: string;
  readonly panels: readonly PanelModel[];
  /** Annotation queries (scaling events), one per HPA. */
  readonly annotations: readonly { readonly name: string; readonly workload: string; readonly expr: string }[];
  /** The dashboard JSON as Grafana imports it. */
  readonly json: unknown;
}

const DATASOURCE = { type: 'prometheus', uid: '${datasource}' };

/** Grafana refuses a dashboard uid longer than 40 characters. */
const UID_MAX = 40;

/** A uid of at most 40 characters; a longer name keeps its start and a hash of the whole, so two never collide. */
export function dashboardUid(name: string): string {
  if (name.length <= UID_MAX) return name;
  return `${name.slice(0, UID_MAX - 9)}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

/** Which workloads a dashboard shows: all of the environment's, or one (a per-workload dashboard). */
export interface DashboardScope {
  /** Workload key under `workloads`. @default every workload of the environment */
  readonly workload?: string;
}

/**
 * The dashboard of an environment (or of one of its workloads, see `DashboardScope`); pure and
 * deterministic. Every dashboard of an environment carries the environment's tag and a link to the
 * others by that tag, so a split environment still navigates as one.
 */
export function buildDashboard(env: Environment, settings: Alerting, scope: DashboardScope = {}): DashboardModel {
  const one = scope.workload;
  const uid = dashboardUid(one === undefined ? `luneo-autoscaling-${env.environment}` : `luneo-autoscaling-${env.environment}-${one}`);
  const title = one === undefined ? `Luneo autoscaling (${env.environment})` : `Luneo autoscaling (${env.environment}): ${env.workloads[one].deployment}`;
  const panels: PanelModel[] = [];
  const annotations: Array<{ name: string; workload: string; expr: string }> = [];
  for (const key of one === undefined ? Object.keys(env.workloads).sort() : [one]) {
    const q = new WorkloadQueries(env, key, settings);
    const w = q.workload;
    const panel = (title: string, unit: string, ...queries: PanelQuery[]) => panels.push({ title: `${w.deployment}: ${title}`, workload: key, unit, queries });
    panel(`replicas (${w.hpa})`, 'short',
      { expr: q.current, legend: 'current', splitBy: [] },
      { expr: q.desired, legend: 'desired', splitBy: [] },
      { expr: q.minReplicas, legend: 'min', splitBy: [] },
      { expr: q.maxReplicas, legend: 'max', splitBy: [] });
    panel('metrics and targets as the HPA reports them', 'short',
      { expr: q.hpaReportedMetrics, legend: '{{metric_name}} ({{metric_target_type}})', splitBy: ['metric_name'] },
      { expr: q.hpaMetricTargets, legend: '{{metric_name}} target', splitBy: ['metric_name'] });
    for (const m of q.hpaMetrics()) {
      panel(`${m.title} vs target`, m.unit === 'percent' ? 'percent' : 'short',
        { expr: m.value, legend: m.name, splitBy: [] },
        { expr: `vector(${m.target})`, legend: 'target', splitBy: [] });
    }
    const req = q.requests;
    panel('CPU per pod vs request', 'cores',
      { expr: q.cpuPerPod(), legend: '{{pod}}', splitBy: ['pod'] },
      ...(req.cpu !== undefined ? [{ expr: `vector(${req.cpu})`, legend: 'request', splitBy: [] }] : []));
    panel('memory per pod vs request', 'bytes',
      { expr: q.memoryPerPod(), legend: '{{pod}}', splitBy: ['pod'] },
      ...(req.memory !== undefined ? [{ expr: `vector(${req.memory})`, legend: 'request', splitBy: [] }] : []));
    for (const [name, m] of q.metrics) {
      if (m.api === 'custom') {
        panel(`${m.description} (${name}, ${m.unit})`, 'short', { expr: q.perPod(m), legend: '{{pod}}', splitBy: ['pod'] });
      } else {
        const by = m.groupBy ?? [];
        panel(`${m.description} (${name}, ${m.unit})`, 'short',
          { expr: q.externalTotal(m), legend: by.length > 0 ? by.map((l) => `{{${l}}}`).join(' ') : name, splitBy: by });
      }
    }
    const rps = q.requestRatePerPod();
    if (rps && !q.metrics.some(([, m]) => m.api === 'custom' && m.series === w.slo?.errorRate?.series)) {
      panel('requests per second per pod', 'reqps', { expr: rps, legend: '{{pod}}', splitBy: ['pod'] });
    }
    const errors = q.errorRatio();
    if (errors && w.slo?.errorRate) {
      panel('error ratio vs SLO', 'percentunit', { expr: errors, legend: 'errors', splitBy: [] }, { expr: `vector(${w.slo.errorRate.max})`, legend: 'threshold', splitBy: [] });
    }
    const latency = q.latency();
    if (latency && w.slo?.latency) {
      panel(`p${Math.round(w.slo.latency.quantile * 1000) / 10} latency vs SLO`, 's', { expr: latency, legend: 'latency', splitBy: [] },
        { expr: `vector(${w.slo.latency.maxSeconds})`, legend: 'threshold', splitBy: [] });
    }
    if (q.up) panel('scrape targets up', 'short', { expr: q.up, legend: '{{pod}}', splitBy: ['pod'] });
    annotations.push({ name: `${w.hpa} scaling events`, workload: key, expr: q.scalingEvents });
  }

  const builder = new DashboardBuilder(title)
    .uid(uid)
    .tags(['luneo', 'autoscaling', env.environment])
    .description(`HPAs of namespace ${env.namespace}, generated by luneo-autoscaling from config/; edit the config, not this dashboard.`)
    .readonly()
    .refresh('1m')
    .time({ from: 'now-6h', to: 'now' })
    .timezone('utc')
    .tooltip(DashboardCursorSync.Crosshair)
    .withVariable(new DatasourceVariableBuilder('datasource').label('Prometheus').type('prometheus'))
    .link(new DashboardLinkBuilder(`${env.environment} autoscaling dashboards`).type(DashboardLinkType.Dashboards)
      .tags(['luneo', 'autoscaling', env.environment]).asDropdown(true).includeVars(true).keepTime(true));
  for (const a of annotations) {
    builder.annotation(new AnnotationQueryBuilder().name(a.name).datasource(DATASOURCE).enable(true).iconColor('orange')
      .expr(a.expr).titleFormat(`${env.workloads[a.workload].hpa} scaled`).textFormat('current replicas changed').step('1m'));
  }
  let row: string | undefined;
  for (const p of panels) {
    if (p.workload !== row) {
      builder.withRow(new RowBuilder(env.workloads[p.workload].deployment));
      row = p.workload;
    }
    const panel = new PanelBuilder().title(p.title).datasource(DATASOURCE).unit(p.unit).min(0).height(8).span(12)
      .legend(new VizLegendOptionsBuilder().showLegend(true).displayMode(LegendDisplayMode.List).placement(LegendPlacement.Bottom));
    p.queries.forEach((query, i) => {
      panel.withTarget(new DataqueryBuilder().expr(query.expr).legendFormat(query.legend).refId(String.fromCharCode(65 + i)).datasource(DATASOURCE));
    });
    // Targets and thresholds are their own dashed series, so the panel shows the line it is judged by.
    p.queries.filter((query) => /^(target|threshold|request)$/.test(query.legend)).forEach((query) => {
      panel.overrideByName(query.legend, [{ id: 'custom.lineStyle', value: { fill: 'dash', dash: [10, 10] } }, { id: 'color', value: { mode: 'fixed', fixedColor: 'red' } }]);
    });
    builder.withPanel(panel);
  }
  return { uid, title, panels, annotations, json: builder.build() };
}
