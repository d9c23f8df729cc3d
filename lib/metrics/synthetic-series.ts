import { seconds } from '../config/primitives';
import { Environment } from '../config/schema';
import { CatalogueMetric, MetricCatalogue } from './catalogue';
import { generatedPodName, syntheticTemplateHash } from '../config/pod-names';

/**
 * Synthetic Prometheus series generated from the metric catalogue, shaped as the Prometheus
 * Operator's scrape produces them, with decoys, and the values a correct query must return.
 * Tests feed them to `promtool test rules` (input_series) to prove adapter queries and alert rules
 * on a real Prometheus; a new catalogue entry gets its series without a new hand-written test.
 *
 * Per workload with a scrape: three pods the HPA selects (`<deployment>-<hash>-<suffix>`, cut to
 * what the API server generates for long Deployment names, see pod-names.ts) and the
 * decoys a wrong query would pick up:
 * - `unselected`: a pod the same Service/pod selector scrapes but the HPA's Deployment does not own
 *   (a canary), in the same namespace, with the same job and service labels;
 * - `other-namespace`: a pod with the same name as the first selected pod, in another namespace;
 * - per `matchLabels` entry of a metric, a series with another value of that label ("another queue").
 * Values are whole numbers (per-second rates for counters) so Prometheus computes them exactly.
 */

/** One promtool `input_series` entry: a series in PromQL selector syntax and its expanding-notation values. */
export interface InputSeries {
  readonly series: string;
  readonly values: string;
}

/** A sample a query must return: its labels (without `__name__`) and value (per second for counters). */
export interface ExpectedSample {
  readonly labels: Readonly<Record<string, string>>;
  readonly value: number;
}

export type PodRole = 'selected' | 'unselected' | 'other-namespace';

/** A pod Prometheus scrapes, with the target labels the Prometheus Operator attaches to its series. */
export interface ScrapedPod {
  readonly name: string;
  readonly namespace: string;
  readonly role: PodRole;
  /** job, namespace, pod, service (ServiceMonitor only), instance, endpoint, container. */
  readonly targetLabels: Readonly<Record<string, string>>;
}

export interface WorkloadPods {
  /** Key under `workloads`. */
  readonly workload: string;
  readonly deployment: string;
  /** Namespace of the Deployment (and so of the HPA's request). */
  readonly namespace: string;
  /** Scrape interval, seconds. */
  readonly intervalSeconds: number;
  readonly pods: readonly ScrapedPod[];
  /** Names of the pods the HPA's scale target selects, sorted. */
  readonly selected: readonly string[];
}

export interface MetricSeries {
  readonly metric: CatalogueMetric;
  /** Namespace the metric's series live in. */
  readonly namespace: string;
  /** Every series of the metric, decoys included. */
  readonly input: readonly InputSeries[];
  /**
   * What the HPA must see: a custom metric, one sample `{pod}` per selected pod with its own value;
   * an external metric, one sample per combination of `groupBy` labels with the whole value, e.g.
   * the queue backlog once, however many pods export the same gauge.
   */
  readonly expected: readonly ExpectedSample[];
}

export interface SyntheticScrape {
  /** promtool `interval`, seconds: the greatest common divisor of the scrape intervals. */
  readonly intervalSeconds: number;
  /** When the steady state is established (every rate window full), seconds after the start. */
  readonly evalTimeSeconds: number;
  readonly workloads: readonly WorkloadPods[];
  readonly metrics: readonly MetricSeries[];
  /** All input series, deduplicated and sorted. */
  readonly input: readonly InputSeries[];
}

const POD_SUFFIXES = ['4xk2p', 'b7m9q', 'h2t8z'];
const CANARY_SUFFIX = 'c0n4r';

/** Generates the scrape of every workload that a catalogue metric names. Pure and deterministic. */
export function syntheticScrape(env: Environment, catalogue = new MetricCatalogue(env.metrics)): SyntheticScrape {
  const keys = [...new Set(catalogue.metrics.map((m) => m.definition.workload))].filter((k) => env.workloads[k]?.scrape).sort();
  const intervals = keys.map((k) => seconds(env.workloads[k].scrape!.interval));
  const tick = intervals.reduce(gcd, intervals[0] ?? 30);
  const lcmAll = intervals.reduce((a, b) => (a * b) / gcd(a, b), tick);
  const windows = catalogue.metrics.map((m) => (m.definition.rateWindow ? seconds(m.definition.rateWindow) : 0));
  const longest = Math.max(0, ...windows, ...intervals);
  const evalTime = Math.ceil((longest + 2 * Math.max(tick, ...intervals)) / lcmAll) * lcmAll;
  const ticks = evalTime / tick;

  const workloads = keys.map((key, w) => workloadPods(env, key, w));
  const byKey = new Map(workloads.map((w) => [w.workload, w]));
  const metrics = catalogue.metrics
    .filter((m) => byKey.has(m.definition.workload))
    .map((m, i) => metricSeries(env, m, i, byKey.get(m.definition.workload)!, tick, ticks));
  const seen = new Map<string, InputSeries>();
  for (const s of metrics.flatMap((m) => m.input)) seen.set(s.series, s);
  const input = [...seen.values()].sort((a, b) => (a.series < b.series ? -1 : 1));
  return { intervalSeconds: tick, evalTimeSeconds: evalTime, workloads, metrics, input };
}

/** The namespace a metric's series live in: the catalogue's (external metrics), else the scrape's. */
export function seriesNamespace(env: Environment, metric: CatalogueMetric): string {
  return metric.seriesNamespace ?? env.workloads[metric.definition.workload]?.scrape?.namespace ?? env.namespace;
}

function workloadPods(env: Environment, key: string, index: number): WorkloadPods {
  const w = env.workloads[key];
  const scrape = w.scrape!;
  const hash = syntheticTemplateHash(w.deployment);
  const scrapeNs = scrape.namespace ?? env.namespace;
  const pod = (name: string, namespace: string, role: PodRole, n: number): ScrapedPod => ({
    name, namespace, role,
    targetLabels: {
      job: scrape.kind === 'ServiceMonitor' ? w.deployment : `${namespace}/${w.deployment}`,
      namespace, pod: name,
      ...(scrape.kind === 'ServiceMonitor' ? { service: w.deployment } : {}),
      instance: `10.${(index % 250) + 1}.${n}.${role === 'other-namespace' ? 200 : 10}:8080`,
      endpoint: scrape.port, container: w.deployment,
    },
  });
  const selected = POD_SUFFIXES.map((s) => generatedPodName(w.deployment, hash, s));
  const pods = [
    ...selected.map((name, n) => pod(name, scrapeNs, 'selected', n)),
    pod(generatedPodName(`${w.deployment}-canary`, hash, CANARY_SUFFIX), scrapeNs, 'unselected', 9),
    pod(selected[0], otherNamespace(scrapeNs, env.namespace), 'other-namespace', 0),
  ];
  return { workload: key, deployment: w.deployment, namespace: env.namespace, intervalSeconds: seconds(scrape.interval), pods, selected: [...selected].sort() };
}

function otherNamespace(seriesNs: string, hpaNs: string): string {
  return seriesNs !== hpaNs ? hpaNs : `decoy-${seriesNs}`.slice(0, 63).replace(/-+$/, '');
}

function metricSeries(env: Environment, metric: CatalogueMetric, index: number, pods: WorkloadPods, tick: number, ticks: number): MetricSeries {
  const d = metric.definition;
  const ns = seriesNamespace(env, metric);
  const base = 5 + (syntheticTemplateHash(metric.name).charCodeAt(0) % 20) + index;
  const counter = d.seriesType === 'counter';
  const matched = d.matchLabels ?? {};
  const input: InputSeries[] = [];
  const every = pods.intervalSeconds;
  const add = (labels: Record<string, string>, value: number, start: number) =>
    input.push({ series: selector(d.series, labels), values: sampleValues(counter, value, start, every, tick, ticks) });
  const expected: ExpectedSample[] = [];
  // A metric whose catalogue namespace differs from its workload's is exported by pods of that
  // namespace (e.g. a queue exporter); the workload's pod names stand in for them.
  const inNs = (p: ScrapedPod): ScrapedPod => (p.role === 'other-namespace'
    ? { ...p, namespace: otherNamespace(ns, env.namespace), targetLabels: { ...p.targetLabels, namespace: otherNamespace(ns, env.namespace) } }
    : { ...p, namespace: ns, targetLabels: { ...p.targetLabels, namespace: ns } });
  const scraped = pods.pods.map(inNs);
  const decoyValue = (n: number) => 1000 * n + base;

  if (metric.api === 'custom') {
    scraped.forEach((p, j) => {
      const own = p.role === 'selected' ? base * (j + 1) + j : decoyValue(p.role === 'unselected' ? 10 : 20);
      add({ ...p.targetLabels, ...matched }, own, 100 * (j + 1));
      if (p.role === 'selected') expected.push({ labels: { pod: p.name }, value: own });
    });
    otherValueDecoys(matched).forEach((labels, n) => add({ ...scraped[0].targetLabels, ...labels }, decoyValue(30 + n), 7));
    expected.sort((a, b) => (a.labels.pod < b.labels.pod ? -1 : 1));
    return { metric, namespace: ns, input, expected };
  }

  // External: one whole value per group, either reported in full by every exporting pod (a shared
  // gauge; max/min/avg combine the copies) or split into parts that `sum` adds up.
  const exporters = scraped.filter((p) => p.role !== 'other-namespace');
  groups(d.groupBy ?? [], matched).forEach((group, g) => {
    const whole = base * 10 + 7 * g;
    const parts = d.aggregation === 'sum' ? split(whole, exporters.length) : exporters.map(() => whole);
    exporters.forEach((p, j) => add({ ...p.targetLabels, ...group }, parts[j], 50 * (j + 1)));
    const decoy = scraped.find((p) => p.role === 'other-namespace')!;
    add({ ...decoy.targetLabels, ...group }, decoyValue(20), 11);
    expected.push({ labels: Object.fromEntries((d.groupBy ?? []).map((l) => [l, group[l]])), value: whole });
  });
  otherValueDecoys(matched).forEach((labels, n) => {
    const fill = Object.fromEntries((d.groupBy ?? []).filter((l) => !(l in labels)).map((l) => [l, `${l}-a`]));
    add({ ...exporters[0].targetLabels, ...fill, ...labels }, decoyValue(30 + n), 13);
  });
  return { metric, namespace: ns, input, expected };
}

/** Label sets of the external metric's groups: matchLabels fixed, two values for each other groupBy label. */
function groups(groupBy: readonly string[], matched: Readonly<Record<string, string>>): Record<string, string>[] {
  let out: Record<string, string>[] = [{ ...matched }];
  for (const l of groupBy.filter((l) => !(l in matched))) out = out.flatMap((g) => [{ ...g, [l]: `${l}-a` }, { ...g, [l]: `${l}-b` }]);
  return out;
}

/** For each matched label, the matched set with that label changed ("another queue"). */
function otherValueDecoys(matched: Readonly<Record<string, string>>): Record<string, string>[] {
  return Object.keys(matched).sort().map((k) => ({ ...matched, [k]: `other-${matched[k]}`.slice(0, 63).replace(/[-_.]+$/, '') }));
}

/** Splits a whole number into n positive whole parts (the first ones one larger). */
function split(whole: number, n: number): number[] {
  return Array.from({ length: n }, (_, i) => Math.floor(whole / n) + (i < whole % n ? 1 : 0));
}

/**
 * promtool values, one per tick, `_` between scrapes: a gauge repeats its value; a counter starts at
 * `start` and grows by `perSecond x interval` per scrape, so rate() over a full window is `perSecond`.
 */
function sampleValues(counter: boolean, value: number, start: number, every: number, tick: number, ticks: number): string {
  const out: string[] = [];
  for (let t = 0; t <= ticks; t++) {
    const at = t * tick;
    out.push(at % every !== 0 ? '_' : String(counter ? start + value * at : value));
  }
  return out.join(' ');
}

/** A series in PromQL selector syntax, labels sorted (promtool's input_series format). */
export function selector(name: string, labels: Readonly<Record<string, string>>): string {
  const body = Object.keys(labels).sort().map((k) => `${k}=${JSON.stringify(labels[k])}`).join(',');
  return `${name}{${body}}`;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
