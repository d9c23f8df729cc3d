import { Metric } from '../config/schema';

/**
 * The metric catalogue: a custom metric is defined once and every artefact that mentions it is
 * derived here (adapter rule, HPA metric; alerts and dashboards later), so the names cannot drift.
 */

/** Which metrics API of prometheus-adapter serves a metric, and so which HPA metric source reads it. */
export type MetricsApi = 'custom' | 'external';

/** A prometheus-adapter discovery rule, in the adapter's own config format. */
export interface AdapterRule {
  readonly seriesQuery: string;
  /**
   * `namespaced: false` (external rules only) stops the adapter from adding the HPA's namespace to
   * the query; our rule then carries an explicit `namespace="..."` matcher (docs/externalmetrics.md).
   */
  readonly resources: { readonly overrides: Record<string, { readonly resource: string }>; readonly namespaced?: false };
  readonly name: { readonly matches: string; readonly as: string };
  readonly metricsQuery: string;
}

/** An autoscaling/v2 MetricSpec for a catalogue metric (the shape our HPAs emit). */
export interface CustomHpaMetric {
  readonly type: 'Pods' | 'External';
  readonly pods?: {
    metric: { name: string; selector?: { matchLabels: Record<string, string> } };
    target: { type: 'AverageValue'; averageValue: string };
  };
  readonly external?: {
    metric: { name: string; selector?: { matchLabels: Record<string, string> } };
    target: { type: 'AverageValue'; averageValue: string };
  };
}

export class CatalogueMetric {
  constructor(
    /** The name the metrics API exposes and the HPA asks for: the catalogue key. */
    public readonly name: string,
    public readonly definition: Metric,
  ) {}

  get api(): MetricsApi {
    return this.definition.api;
  }

  /**
   * The namespace an external metric's series are read from when it is not the HPA's: the rule is
   * then not namespaced and matches this namespace itself.
   */
  get seriesNamespace(): string | undefined {
    return this.api === 'external' ? this.definition.namespace : undefined;
  }

  /** Label matchers on the series, in PromQL selector syntax (without braces). */
  private seriesMatchers(): string {
    const ns = this.seriesNamespace;
    const scope = this.api === 'custom' ? ['namespace!=""', 'pod!=""'] : [ns !== undefined ? `namespace=${JSON.stringify(ns)}` : 'namespace!=""'];
    const matched = this.definition.matchLabels ?? {};
    const labels = Object.entries(matched)
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([k, v]) => `${k}=${JSON.stringify(v)}`);
    const grouped = (this.definition.groupBy ?? []).filter((l) => !(l in matched)).map((l) => `${l}!=""`);
    return [...scope, ...grouped, ...labels].join(',');
  }

  /**
   * The value query. A counter becomes its per-second rate; a custom metric is summed per pod
   * (`<<.GroupBy>>` is namespace,pod for the HPA's pods). An external metric combines samples with the
   * catalogue's aggregation per `groupBy` labels: `max by (queue)` for a shared-queue gauge that every
   * worker exports, because summing copies of one backlog multiplies it by the replica count.
   */
  private metricsQuery(): string {
    const d = this.definition;
    // A trailing comma is valid PromQL, so the explicit namespace matcher goes first: the adapter's
    // matchers may be empty (an HPA without a metric selector).
    const ns = this.seriesNamespace;
    const selected = ns !== undefined ? `<<.Series>>{namespace=${JSON.stringify(ns)},<<.LabelMatchers>>}` : '<<.Series>>{<<.LabelMatchers>>}';
    const value = d.seriesType === 'counter' ? `rate(${selected}[${d.rateWindow}])` : selected;
    if (this.api === 'custom') return `sum(${value}) by (<<.GroupBy>>)`;
    const by = d.groupBy && d.groupBy.length > 0 ? ` by (${d.groupBy.join(', ')})` : '';
    return `${d.aggregation}(${value})${by}`;
  }

  adapterRule(): AdapterRule {
    const overrides: Record<string, { resource: string }> = { namespace: { resource: 'namespace' } };
    if (this.api === 'custom') overrides.pod = { resource: 'pod' };
    return {
      seriesQuery: `${this.definition.series}{${this.seriesMatchers()}}`,
      resources: this.seriesNamespace !== undefined ? { overrides, namespaced: false } : { overrides },
      name: { matches: `^${this.definition.series}$`, as: this.name },
      metricsQuery: this.metricsQuery(),
    };
  }

  /**
   * The HPA's MetricSpec. `matchLabels` become the metric's `selector` for Pods and External metrics
   * alike: the HPA controller sends it as the request's `metricLabelSelector`, and prometheus-adapter
   * turns it into label matchers inside `<<.LabelMatchers>>` of the metricsQuery
   * (prometheus-adapter docs/config.md, "Querying"). The rule's seriesQuery only decides which series
   * are discovered; without the selector the query would sum every value of the label (all queues).
   */
  hpaMetric(): CustomHpaMetric {
    const target = { type: 'AverageValue' as const, averageValue: String(this.definition.target.averageValue) };
    const matchLabels = this.definition.matchLabels;
    const selector = matchLabels && Object.keys(matchLabels).length > 0 ? { selector: { matchLabels: { ...matchLabels } } } : {};
    const metric = { name: this.name, ...selector };
    if (this.api === 'custom') return { type: 'Pods', pods: { metric, target } };
    return { type: 'External', external: { metric, target } };
  }
}

export class MetricCatalogue {
  readonly metrics: readonly CatalogueMetric[];

  private readonly byWorkload = new Map<string, CatalogueMetric[]>();

  constructor(definitions: Readonly<Record<string, Metric>>) {
    this.metrics = Object.keys(definitions).sort().map((name) => new CatalogueMetric(name, definitions[name]));
    for (const m of this.metrics) {
      const list = this.byWorkload.get(m.definition.workload) ?? [];
      list.push(m);
      this.byWorkload.set(m.definition.workload, list);
    }
  }

  /** Metrics the given workload (key under `workloads`) exposes and scales on, sorted by name. */
  forWorkload(workload: string): CatalogueMetric[] {
    return [...(this.byWorkload.get(workload) ?? [])];
  }

  adapterRules(api: MetricsApi): AdapterRule[] {
    return this.metrics.filter((m) => m.api === api).map((m) => m.adapterRule());
  }
}
