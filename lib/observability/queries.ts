import { Alerting } from '../config/observability-schema';
import { quantityValue } from '../config/primitives';
import { podRequests, utilizationTargets } from '../config/requests';
import { Environment, Metric, Workload } from '../config/schema';
import { podNamePattern } from '../config/pod-names';
import { scrapeJob } from '../metrics/scrape-monitor';
import { Matcher, quote, selector } from './promql';
import { metricsOfWorkload } from '../config/metric-index';

/**
 * Every PromQL query of the alerts and the dashboard, defined once per workload. An alert and a panel
 * that watch the same thing use the same string (the dashboard test checks this), so what pages is
 * what the operator sees charted.
 *
 * Series sources: kube-state-metrics v2 (`kube_horizontalpodautoscaler_*`, labels `namespace`,
 * `horizontalpodautoscaler`), cAdvisor through the kubelet (`container_*`, labels `namespace`, `pod`,
 * `container`), Prometheus itself (`up`), and the workload's own scrape (the catalogue's series).
 */

/** kube-state-metrics series of an HPA (kube-state-metrics docs, horizontalpodautoscaler-metrics.md). */
export const KSM_HPA = {
  current: 'kube_horizontalpodautoscaler_status_current_replicas',
  desired: 'kube_horizontalpodautoscaler_status_desired_replicas',
  min: 'kube_horizontalpodautoscaler_spec_min_replicas',
  max: 'kube_horizontalpodautoscaler_spec_max_replicas',
  condition: 'kube_horizontalpodautoscaler_status_condition',
  /** Per metric of the HPA (labels metric_name, metric_target_type): the value in status.currentMetrics. */
  metricValue: 'kube_horizontalpodautoscaler_status_target_metric',
  /** Per metric of the HPA: the target in spec.metrics. */
  metricTarget: 'kube_horizontalpodautoscaler_spec_target_metric',
} as const;

/**
 * kube-state-metrics series of a Deployment (kube-state-metrics docs, deployment-metrics.md; labels
 * `namespace`, `deployment`). `spec` is what the HPA wrote through the scale subresource, `status`
 * the pods the Deployment's ReplicaSets have created (Pending and unready ones too).
 */
export const KSM_DEPLOYMENT = {
  spec: 'kube_deployment_spec_replicas',
  status: 'kube_deployment_status_replicas',
  available: 'kube_deployment_status_replicas_available',
} as const;

/** kube-state-metrics' metric_target_type of a target: utilization (percent) or average (value per pod). */
export const ksmTargetType = (view: { name: string }) => (view.name === 'cpu' || view.name === 'memory' ? 'utilization' : 'average');

/** cAdvisor series (kubelet /metrics/cadvisor) the resource panels and utilization alerts read. */
export const CADVISOR = {
  cpu: 'container_cpu_usage_seconds_total',
  memory: 'container_memory_working_set_bytes',
} as const;

/** Metric names kube-state-metrics, cAdvisor and Prometheus produce without any scrape of ours. */
export const PLATFORM_METRICS: ReadonlySet<string> = new Set([...Object.values(KSM_HPA), ...Object.values(KSM_DEPLOYMENT), ...Object.values(CADVISOR), 'up']);

/** Vector matching on the identity of an HPA: KSM series of one HPA differ in nothing else we rely on. */
const ON_HPA = 'on (namespace, horizontalpodautoscaler)';

/** One value the HPA scales on, as the HPA sees it (average per pod), with its target. */
export interface HpaMetricView {
  /** `cpu`, `memory` or the catalogue metric name. */
  readonly name: string;
  /** Human label, with unit. */
  readonly title: string;
  /** The value the HPA compares to its target: utilization % or average value per pod. */
  readonly value: string;
  /** The target in the same unit as `value`. */
  readonly target: number;
  readonly unit: string;
  /** The catalogue metric, for Pods/External metrics. */
  readonly metric?: Metric;
}

export class WorkloadQueries {
  readonly namespace: string;
  /** Namespace of the scraped series (the scrape's `namespace`, else the environment's). */
  readonly seriesNamespace: string;
  /** The scrape job (`up{job=...}`), when the workload is scraped. */
  readonly job?: string;

  constructor(
    readonly env: Environment,
    /** Key under `workloads`. */
    readonly key: string,
    readonly settings: Alerting,
  ) {
    this.namespace = env.namespace;
    this.seriesNamespace = this.workload.scrape?.namespace ?? env.namespace;
    this.job = this.workload.scrape ? scrapeJob(this.workload.scrape).job : undefined;
  }

  get workload(): Workload {
    return this.env.workloads[this.key];
  }

  /** Catalogue metrics of this workload, sorted by name. */
  get metrics(): Array<[string, Metric]> {
    return metricsOfWorkload(this.env.metrics, this.key).map(([name, m]) => [name, m]);
  }

  // --- HPA state (kube-state-metrics) ---

  hpaSeries(name: string, extra: Record<string, Matcher> = {}): string {
    return selector(name, { namespace: this.namespace, horizontalpodautoscaler: this.workload.hpa, ...extra });
  }
  get current(): string { return this.hpaSeries(KSM_HPA.current); }
  get desired(): string { return this.hpaSeries(KSM_HPA.desired); }
  get minReplicas(): string { return this.hpaSeries(KSM_HPA.min); }
  get maxReplicas(): string { return this.hpaSeries(KSM_HPA.max); }
  condition(type: string, status: 'true' | 'false'): string {
    return this.hpaSeries(KSM_HPA.condition, { condition: type, status });
  }

  /** The HPA's own view of its metrics (status.currentMetrics), one series per metric_name. */
  get hpaReportedMetrics(): string { return this.hpaSeries(KSM_HPA.metricValue); }
  get hpaMetricTargets(): string { return this.hpaSeries(KSM_HPA.metricTarget); }

  /** Current replicas, where they equal maxReplicas. */
  get atMax(): string { return `${this.current} == ${ON_HPA} ${this.maxReplicas}`; }
  /** Current replicas, where they equal minReplicas. */
  get atMin(): string { return `${this.current} == ${ON_HPA} ${this.minReplicas}`; }

  /** At max, unless max == min (a fixed-size HPA is always "at max" and that is not news). */
  get maxedOut(): string {
    return `(${this.atMax}) and ${ON_HPA} (${this.maxReplicas} != ${ON_HPA} ${this.minReplicas})`;
  }

  /** A kube-state-metrics series of the HPA's target Deployment (`scaleTargetRef`). */
  deploymentSeries(name: string): string {
    return selector(name, { namespace: this.namespace, deployment: this.workload.deployment });
  }

  /**
   * The HPA could not write the replica count it computed (FailedUpdateScale: RBAC, a conflicting
   * writer): desired differs from current and current has not changed for `window`. The HPA's
   * current is the scale subresource's spec.replicas (horizontal.go: currentReplicas :=
   * scale.Spec.Replicas, written to status.currentReplicas), so a successful write makes current
   * equal desired at the next sync, whether or not pods follow. A slow, rate-limited scale-down
   * still changes current every policy period, so it does not match.
   */
  scaleWriteFailing(window: string): string {
    return [
      `(${this.desired} != ${ON_HPA} ${this.current})`,
      `and ${ON_HPA} (changes(${this.current}[${window}]) == 0)`,
    ].join('\n');
  }

  /**
   * Pods missing from the HPA's target Deployment: the replicas the HPA set (kube_deployment_spec_replicas)
   * above the pods the Deployment's ReplicaSets have created (kube_deployment_status_replicas), the
   * difference, labelled with the HPA. Pods refused by a ResourceQuota or an admission webhook never
   * exist, so the gap holds however long it lasts; a scale-up closes it within seconds. A rolling
   * update only adds pods above spec (maxSurge), so it never counts here; with maxSurge 0 it runs
   * maxUnavailable short for as long as one pod takes to start, which the alert's `for` outlasts.
   */
  get podsMissing(): string {
    const gap = `${this.deploymentSeries(KSM_DEPLOYMENT.spec)}\n  - on (namespace, deployment) ${this.deploymentSeries(KSM_DEPLOYMENT.status)} > 0`;
    return `label_replace(max by (namespace) (\n  ${gap}\n), "horizontalpodautoscaler", ${quote(this.workload.hpa)}, "", "")`;
  }

  /**
   * The Deployment does not follow its HPA, either half: the HPA cannot write its replica count
   * (scaleWriteFailing), or it wrote it and the pods do not come (podsMissing: the headline case,
   * a ResourceQuota or an admission webhook refusing a scale-up). One series per HPA
   * (namespace, horizontalpodautoscaler) whichever half holds.
   */
  mismatch(window: string): string {
    return `(\n${this.scaleWriteFailing(window)}\n)\nor ${ON_HPA}\n${this.podsMissing}`;
  }

  /**
   * The HPA wants more replicas than it has: its desired count is above current, or one of its
   * metrics, as the HPA reports it (kube-state-metrics status vs spec target), is above the target
   * by more than the controller's tolerance. kube-state-metrics' condition series carry no reason
   * label, so this direction is what tells a capped scale-up (TooManyReplicas, ScaleUpLimit) from a
   * policy-limited scale-down (ScaleDownLimit) or the floor (TooFewReplicas).
   */
  wantsMore(tolerance: number): string {
    const ratio = `${this.hpaReportedMetrics} / on (namespace, horizontalpodautoscaler, metric_name, metric_target_type) ${this.hpaMetricTargets}`;
    return `(${this.desired} > ${ON_HPA} ${this.current})\nor ${ON_HPA} (max by (namespace, horizontalpodautoscaler) (${ratio}) > ${1 + tolerance})`;
  }

  /** ScalingLimited=true while the HPA wants more replicas than it has (never a limited scale-down). */
  scalingLimited(tolerance: number): string {
    return `(${this.condition('ScalingLimited', 'true')} == 1)\nand ${ON_HPA} (${this.wantsMore(tolerance)})`;
  }

  /**
   * Direction of the replica change within the `step` before each instant, +1 up or -1 down (no
   * change dropped): current minus current `step` ago, as the instant selectors see it (the latest
   * sample at or before each). The HPA changes its replica count at most once per sync period, so a
   * step no longer than it never holds two changes, whatever the scrape interval: a dip recorded in
   * a single sample is one change down and one change up, at two different steps.
   */
  scalingDirection(step: string): string {
    return `sgn(${this.current} - ${this.current} offset ${step}) != 0`;
  }

  /**
   * At least `reversals` changes of scaling direction (up then down, or down then up) within the
   * window: `changes()` over the subquery of directions, every `step`, counts the sign flips between
   * consecutive changes. A climb to max and a stepped scale-down is one reversal, however many steps
   * each takes.
   */
  flapping(window: string, reversals: number, step: string): string {
    return `changes((${this.scalingDirection(step)})[${window}:${step}]) >= ${reversals}`;
  }

  /** Scaling events, for dashboard annotations: current replicas changed in the last minute. */
  get scalingEvents(): string {
    return `changes(${this.current}[1m]) > 0`;
  }

  // --- Pods (cAdvisor) ---

  /**
   * Pods of the Deployment: `<deployment>-<pod-template-hash>-<5 chars>`, cut as the API server cuts
   * generated names of long Deployments (see podNamePattern); not another Deployment's.
   */
  get podPattern(): string {
    return podNamePattern(this.workload.deployment);
  }

  private podMatchers(namespace: string): Record<string, Matcher> {
    return { namespace, pod: { re: this.podPattern } };
  }

  /** CPU cores used per pod (all containers, or one named container). */
  cpuPerPod(container?: string): string {
    const s = selector(CADVISOR.cpu, { ...this.podMatchers(this.namespace), container: container ?? { not: '' } });
    return `sum by (pod) (rate(${s}[${this.settings.resourceRateWindow}]))`;
  }

  /** Working-set bytes per pod (all containers, or one named container). */
  memoryPerPod(container?: string): string {
    return `sum by (pod) (${selector(CADVISOR.memory, { ...this.podMatchers(this.namespace), container: container ?? { not: '' } })})`;
  }

  // --- The workload's own series (its scrape) ---

  private seriesSelector(name: string, m?: Metric, extra: Record<string, Matcher> = {}): string {
    return selector(name, { ...this.podMatchers(this.seriesNamespace), ...sortedLabels(m?.matchLabels), ...extra });
  }

  /** A catalogue metric per pod (counter: its rate over the catalogue window), as the adapter serves it. */
  perPod(m: Metric): string {
    const s = this.seriesSelector(m.series, m);
    return `sum by (pod) (${m.seriesType === 'counter' ? `rate(${s}[${m.rateWindow}])` : s})`;
  }

  /**
   * An external metric's total, as the adapter computes it: the catalogue aggregation per `groupBy`
   * (max by queue for a shared queue gauge that every worker exports).
   */
  externalTotal(m: Metric): string {
    const s = selector(m.series, { namespace: this.seriesNamespace, ...sortedLabels(m.matchLabels) });
    const value = m.seriesType === 'counter' ? `rate(${s}[${m.rateWindow}])` : s;
    const by = m.groupBy && m.groupBy.length > 0 ? ` by (${m.groupBy.join(', ')})` : '';
    return `${m.aggregation}${by} (${value})`;
  }

  /** The series the adapter rule reads, scoped to the namespace: absent() of it means no metric. */
  adapterSeries(m: Metric): string {
    return selector(m.series, { namespace: this.seriesNamespace, ...sortedLabels(m.matchLabels) });
  }

  /**
   * The series the adapter serves this HPA from, scoped as its query is: a custom (Pods) metric to
   * the Deployment's own pods (the adapter's `<<.LabelMatchers>>` name the HPA's pods), an external
   * metric to the namespace and its matchLabels. absent() of it means no value for this HPA, even
   * when another Deployment in the namespace exports the same metric name.
   */
  servedSeries(m: Metric): string {
    return m.api === 'custom' ? this.seriesSelector(m.series, m) : this.adapterSeries(m);
  }

  /** Each metric of the HPA as the HPA compares it to its target. */
  hpaMetrics(): HpaMetricView[] {
    const out: HpaMetricView[] = [];
    // Usage over requests, as the HPA computes a Resource (pod sum) or ContainerResource target.
    for (const t of utilizationTargets(this.workload)) {
      if (t.request === undefined) continue;
      const perPod = t.resource === 'cpu' ? this.cpuPerPod(t.container) : this.memoryPerPod(t.container);
      const request = t.resource === 'cpu' ? t.request / 1000 : t.request;
      const of = t.container === undefined ? 'requests' : `container ${t.container}'s request`;
      out.push({ name: t.resource, title: `${t.resource === 'cpu' ? 'CPU' : 'Memory'} utilization (% of ${of})`, unit: 'percent',
        target: t.averageUtilization, value: `100 * avg(${perPod}) / ${request}` });
    }
    for (const [name, m] of this.metrics) {
      const value = m.api === 'custom' ? `avg(${this.perPod(m)})` : `sum(${this.externalTotal(m)}) / scalar(${this.current})`;
      out.push({ name, title: `${name} per pod (${m.unit})`, unit: m.unit, target: quantityValue(m.target.averageValue), value, metric: m });
    }
    return out;
  }

  /** Requests of one pod: CPU in cores, memory in bytes (sum over the declared containers). */
  get requests(): { cpu?: number; memory?: number } {
    const r = podRequests(this.workload);
    return { cpu: r.cpu !== undefined ? r.cpu / 1000 : undefined, memory: r.memory };
  }

  // --- Scrape health ---

  get up(): string | undefined {
    return this.job === undefined ? undefined : selector('up', { namespace: this.seriesNamespace, job: this.job });
  }

  // --- Service levels (workloads.<name>.slo) ---

  /** Error ratio over the window, across the workload's pods. */
  errorRatio(): string | undefined {
    const e = this.workload.slo?.errorRate;
    if (!e) return undefined;
    const all = this.seriesSelector(e.series);
    const errors = this.seriesSelector(e.series, undefined, { [e.errors.label]: { re: e.errors.matches } });
    return `sum(rate(${errors}[${e.window}])) / sum(rate(${all}[${e.window}]))`;
  }

  /** Request latency at the configured quantile, in seconds, across the workload's pods. */
  latency(): string | undefined {
    const l = this.workload.slo?.latency;
    if (!l) return undefined;
    return `histogram_quantile(${l.quantile}, sum by (le) (rate(${this.seriesSelector(`${l.histogram}_bucket`)}[${l.window}])))`;
  }

  /** Request rate per pod, from the error-rate series (all requests). */
  requestRatePerPod(): string | undefined {
    const e = this.workload.slo?.errorRate;
    return e ? `sum by (pod) (rate(${this.seriesSelector(e.series)}[${e.window}]))` : undefined;
  }

  /** Metric names this workload's scrape produces (catalogue series and SLO series). */
  scrapedMetrics(): string[] {
    if (!this.workload.scrape) return [];
    const slo = this.workload.slo;
    return [
      ...this.metrics.map(([, m]) => m.series),
      ...(slo?.errorRate ? [slo.errorRate.series] : []),
      ...(slo?.latency ? [`${slo.latency.histogram}_bucket`] : []),
    ];
  }
}

function sortedLabels(labels: Readonly<Record<string, string>> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(labels ?? {}).sort(([a], [b]) => (a < b ? -1 : 1)));
}
