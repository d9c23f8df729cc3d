import { Construct } from 'constructs';
import { KubeConfigMap } from '../../imports/k8s';
import { formatFinding } from '../config/findings';
import { DashboardModel } from './dashboard';
import { LocatedQuery, producedFindings, promqlFindings } from './coverage';

/** Kubernetes refuses a ConfigMap whose data exceeds 1 MiB. */
export const CONFIGMAP_MAX_BYTES = 1024 * 1024;

/** The dashboard JSON as the ConfigMap and dist/dashboards/ carry it. */
export const dashboardJson = (dashboard: DashboardModel): string => `${JSON.stringify(dashboard.json, null, 2)}\n`;

export interface GrafanaDashboardProps {
  /** Name of the ConfigMap. @default 'luneo-autoscaling-dashboard' */
  readonly name?: string;
  /** Namespace the Grafana sidecar watches (kube-prometheus-stack: all namespaces by default). */
  readonly namespace: string;
  /** The dashboard (see `buildDashboard`). */
  readonly dashboard: DashboardModel;
  /** Object labels: the recommended labels plus the sidecar's label (grafana_dashboard: "1"). */
  readonly labels: Readonly<Record<string, string>>;
  /** Grafana folder, as the `grafana_folder` annotation. @default none (the sidecar's default folder) */
  readonly folder?: string;
  /** The dashboard's JSON text, when the caller already serialized it. @default `dashboardJson(dashboard)` */
  readonly json?: string;
  /** Metric names some scrape, exporter or Prometheus itself produces; a panel charting anything else is a finding. */
  readonly producedMetrics: ReadonlySet<string>;
}

/**
 * A Grafana dashboard shipped as a ConfigMap the kube-prometheus-stack dashboard sidecar loads.
 * Synth fails when a panel query does not parse (`dashboard/promql-syntax`), charts a metric nothing
 * produces (`dashboard/unproduced-metric`), or the JSON exceeds a ConfigMap (`dashboard/too-large`).
 *
 * @example
 * new GrafanaDashboard(chart, 'Dashboard', {
 *   namespace: 'luneo-production', dashboard: buildDashboard(env, settings),
 *   labels: { grafana_dashboard: '1' }, producedMetrics: new Set(['up']),
 * });
 */
export class GrafanaDashboard extends Construct {
  /** The dashboard JSON as stored in the ConfigMap (and in dist/dashboards/). */
  public readonly json: string;

  constructor(scope: Construct, id: string, props: GrafanaDashboardProps) {
    super(scope, id);
    this.json = props.json ?? dashboardJson(props.dashboard);
    const key = `${props.dashboard.uid}.json`;
    // The validation keeps only the panel and annotation models and the metric set, not the props:
    // the builder's dashboard object (props.dashboard.json) is garbage once serialized, instead of
    // being held (and promoted by the collector) for every dashboard until validation runs.
    const { panels, annotations } = props.dashboard;
    const produced = props.producedMetrics;
    const size = Buffer.byteLength(this.json);
    this.node.addValidation({
      validate: () => {
        const queries: LocatedQuery[] = [
          ...panels.flatMap((p, pi) => p.queries.map((q, qi) => ({ path: ['data', key, 'panels', pi, 'targets', qi, 'expr'], expr: q.expr }))),
          ...annotations.map((a, ai) => ({ path: ['data', key, 'annotations', 'list', ai, 'expr'], expr: a.expr })),
        ];
        return dashboardFindings(queries, produced, key, size);
      },
    });
    new KubeConfigMap(this, 'Resource', {
      metadata: {
        name: props.name ?? 'luneo-autoscaling-dashboard', namespace: props.namespace, labels: { ...props.labels },
        ...(props.folder ? { annotations: { grafana_folder: props.folder } } : {}),
      },
      data: { [key]: this.json },
    });
  }
}

/** The findings of one dashboard: its queries parse and chart produced metrics, and it fits a ConfigMap. */
function dashboardFindings(queries: readonly LocatedQuery[], produced: ReadonlySet<string>, key: string, size: number): string[] {
  return [
    ...promqlFindings(queries, 'dashboard'),
    ...producedFindings(queries, produced),
    ...(size > CONFIGMAP_MAX_BYTES ? [{ severity: 'error' as const, path: ['data', key], rule: 'dashboard/too-large',
      message: `the dashboard is ${size} bytes; a ConfigMap holds at most ${CONFIGMAP_MAX_BYTES}`,
      hint: 'shorten the texts its panels show (each metric\'s description and unit, the SLO names) or declare fewer metrics for this workload' }] : []),
  ].map(formatFinding);
}
