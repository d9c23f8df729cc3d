import { AdapterQueryRule, LabelSelector, renderCustomMetricsQuery, renderExternalMetricsQuery } from './adapter-query';

/**
 * The requests the HPA controller makes of prometheus-adapter for a set of synthesized HPAs, and
 * the PromQL the adapter sends for each: HPA metric -> discovered adapter rule -> rendered query.
 */

/** A discovery rule as the chart values hold it (`rules.custom[]` / `rules.external[]`). */
export interface DiscoveryRule extends AdapterQueryRule {
  readonly seriesQuery: string;
  readonly name?: { readonly matches?: string; readonly as?: string };
}

/** The autoscaling/v2 HorizontalPodAutoscaler fields the requests depend on. */
export interface HpaObject {
  readonly metadata: { readonly name: string; readonly namespace?: string };
  readonly spec: {
    readonly scaleTargetRef: { readonly kind: string; readonly name: string };
    readonly metrics?: readonly {
      readonly type: string;
      readonly pods?: { readonly metric: { readonly name: string; readonly selector?: LabelSelector } };
      readonly external?: { readonly metric: { readonly name: string; readonly selector?: LabelSelector } };
    }[];
  };
}

export interface AdapterRequest {
  readonly hpa: string;
  /** The HPA's namespace. */
  readonly namespace: string;
  readonly api: 'custom' | 'external';
  /** The metric name the HPA asks for. */
  readonly metric: string;
  /** The series discovery mapped that name to. */
  readonly series: string;
  readonly rule: DiscoveryRule;
  /** The PromQL the adapter sends. */
  readonly query: string;
}

/**
 * Every Pods and External metric of the HPAs, resolved the way the adapter resolves it: the rule
 * whose `name.matches` matches a discovered series and whose `name.as` expands to the metric name.
 * Throws when no rule (or more than one) serves a metric: the HPA would see "no metrics returned".
 *
 * @param podsOf names of the pods a scale target selects (the adapter lists them from the API server)
 * @param seriesNames series names Prometheus holds (what the adapter's relist discovers)
 */
export function adapterRequests(
  hpas: readonly HpaObject[],
  rules: { readonly custom: readonly DiscoveryRule[]; readonly external: readonly DiscoveryRule[] },
  podsOf: (target: { kind: string; name: string }, namespace: string) => readonly string[],
  seriesNames: readonly string[],
): AdapterRequest[] {
  const custom = discover(rules.custom, seriesNames);
  const external = discover(rules.external, seriesNames);
  const out: AdapterRequest[] = [];
  for (const hpa of hpas) {
    const namespace = hpa.metadata.namespace ?? 'default';
    for (const m of hpa.spec.metrics ?? []) {
      if (m.type === 'Pods' && m.pods) {
        const { rule, series } = resolve(custom, m.pods.metric.name, 'custom', hpa.metadata.name);
        const query = renderCustomMetricsQuery(rule, {
          series, namespace, podNames: [...podsOf(hpa.spec.scaleTargetRef, namespace)], metricSelector: m.pods.metric.selector,
        });
        out.push({ hpa: hpa.metadata.name, namespace, api: 'custom', metric: m.pods.metric.name, series, rule, query });
      } else if (m.type === 'External' && m.external) {
        const { rule, series } = resolve(external, m.external.metric.name, 'external', hpa.metadata.name);
        const query = renderExternalMetricsQuery(rule, { series, namespace, metricSelector: m.external.metric.selector });
        out.push({ hpa: hpa.metadata.name, namespace, api: 'external', metric: m.external.metric.name, series, rule, query });
      }
    }
  }
  return out;
}

type Discovered = Map<string, { rule: DiscoveryRule; series: string }[]>;

/** Metric name -> the rules (and series) that expose it, as the adapter's relist names them. */
function discover(rules: readonly DiscoveryRule[], seriesNames: readonly string[]): Discovered {
  const out: Discovered = new Map();
  for (const rule of rules) {
    const matches = new RegExp(rule.name?.matches || '.*');
    for (const series of seriesNames) {
      const m = matches.exec(series);
      if (!m) continue;
      const as = rule.name?.as || (m.length === 1 ? '$0' : '$1');
      const name = as.replace(/\$\{(\w+)\}|\$(\w+)/g, (_, a, b) => {
        const g = a ?? b;
        return (/^\d+$/.test(g) ? m[Number(g)] : m.groups?.[g]) ?? '';
      });
      const list = out.get(name) ?? [];
      if (!list.some((e) => e.rule === rule && e.series === series)) list.push({ rule, series });
      out.set(name, list);
    }
  }
  return out;
}

function resolve(discovered: Discovered, metric: string, api: string, hpa: string): { rule: DiscoveryRule; series: string } {
  const found = discovered.get(metric) ?? [];
  if (found.length === 1) return found[0];
  throw new Error(found.length === 0
    ? `HPA ${hpa}: no ${api} adapter rule exposes metric ${metric}`
    : `HPA ${hpa}: ${found.length} ${api} adapter rules expose metric ${metric}; the adapter would pick one arbitrarily`);
}
