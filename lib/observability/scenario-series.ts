import { RE2JS } from 're2js';
import { Alerting } from '../config/observability-schema';
import { podRequests, utilizationTargets } from '../config/requests';
import { quantityValue } from '../config/primitives';
import { Environment, Metric } from '../config/schema';
import { generatedPodName } from '../config/pod-names';
import { CADVISOR, KSM_DEPLOYMENT, KSM_HPA, ksmTargetType, WorkloadQueries } from './queries';

/**
 * Series over time for `promtool test rules`, generated from the catalogue and config: for each
 * workload the kube-state-metrics series of its HPA and of its target Deployment, cAdvisor usage of its pods, its catalogue
 * series, its scrape's `up` and its SLO series, shaped by a scenario (replicas over time, load as a
 * multiple of each target, queue growth, errors, slow requests, a pod down, a series missing).
 * A decoy canary pod (same name prefix, another ReplicaSet pattern) carries 100x the load, so a query
 * that does not scope to the Deployment's pods would fire where it must stay silent.
 *
 * One sample per minute (promtool `interval: 1m`); values are listed, not in expanding notation.
 */

/** A value over time: constant, or `[value, minutes]` steps (the last step holds to the end). */
export type Timeline = number | ReadonlyArray<readonly [number, number]>;

export interface WorkloadScenario {
  /** Current replicas. @default healthyReplicas(min, max): strictly inside (min, max) where the range allows */
  readonly current?: Timeline;
  /** Desired replicas. @default equal to current */
  readonly desired?: Timeline;
  /**
   * The target Deployment's spec.replicas (kube_deployment_spec_replicas): what the HPA wrote through
   * the scale subresource, which is the HPA's current. @default equal to current
   */
  readonly deploymentSpec?: Timeline;
  /**
   * Pods the Deployment's ReplicaSets have created (kube_deployment_status_replicas; Pending ones
   * too), and as many available (kube_deployment_status_replicas_available). @default equal to deploymentSpec
   */
  readonly deploymentStatus?: Timeline;
  /** spec.minReplicas as kube-state-metrics reports it. @default the config's */
  readonly min?: number;
  /** spec.maxReplicas. @default the config's */
  readonly max?: number;
  /** ScalingActive condition: 1 True, 0 False. @default 1 */
  readonly scalingActive?: Timeline;
  /** ScalingLimited condition: 1 True, 0 False. @default 0 */
  readonly scalingLimited?: Timeline;
  /** Every HPA metric at this multiple of its target. @default 0.5 */
  readonly load?: number;
  /** Per HPA metric (`cpu`, `memory` or a catalogue name), overriding `load`. */
  readonly metricLoad?: Readonly<Record<string, number>>;
  /** External gauges grow by this many units per minute on top of their load. @default 0 */
  readonly growthPerMinute?: number;
  /** Share of requests whose error label matches the SLO's errors. @default a tenth of slo.errorRate.max */
  readonly errorRatio?: number;
  /** Share of requests slower than 0.5 s (in the 1 s bucket). @default 0 */
  readonly slowRatio?: number;
  /** The first pod's scrape fails (up == 0). @default false */
  readonly podDown?: boolean;
  /** Metric names whose series are not generated (a broken exporter or scrape). */
  readonly omit?: readonly string[];
  /**
   * Metric names that a pod of another Deployment in the same namespace (NEIGHBOUR_DEPLOYMENT)
   * exports, whatever `omit` drops: a common name such as http_requests_total, which must not hide
   * this workload's own missing series.
   */
  readonly neighbourExports?: readonly string[];
}

/** The other Deployment of `neighbourExports`: its pods are not the workload's, nor its canary's. */
export const NEIGHBOUR_DEPLOYMENT = 'luneo-frontend';

export interface ScenarioSeries {
  readonly series: string;
  readonly values: string;
}

/** Per-pod request rate when no catalogue metric defines it, req/s. */
const DEFAULT_REQUEST_RATE = 10;
/** Latency histogram buckets, seconds. */
export const LATENCY_BUCKETS = ['0.05', '0.1', '0.25', '0.5', '1', '2.5', '+Inf'] as const;
const POD_SUFFIXES = ['4xk2p', 'b7m9q', 'h2t8z'];
const REPLICASET = '7d9f8b6c5';

/** Names of the pods the generator creates for a Deployment (the selected ones, sorted), as the API server names them. */
export function scenarioPods(deployment: string): string[] {
  return POD_SUFFIXES.map((s) => generatedPodName(deployment, REPLICASET, s)).sort();
}

/** The pod of another Deployment (`<deployment>-canary`) that the same scrape selector also scrapes. */
export function scenarioCanaryPod(deployment: string): string {
  return generatedPodName(`${deployment}-canary`, REPLICASET, 'c0n4r');
}

export function kubeStateMetricsLabels(namespace: string, hpa: string): Record<string, string> {
  return { horizontalpodautoscaler: hpa, job: 'kube-state-metrics', namespace };
}

/**
 * Where a healthy HPA runs by default: the middle of the range, kept strictly inside (min, max)
 * so that no bound alert (HpaMaxedOut) can fire. A range of one pod (min 1, max 2) has no
 * replica count strictly inside: then min, which is where an HPA at half of every target settles
 * (HpaPinnedAtMinimum needs a metric above its target, not half of it). min = max gives min.
 */
export function healthyReplicas(min: number, max: number): number {
  if (max - min < 2) return min;
  return Math.min(max - 1, Math.max(min + 1, Math.round((min + max) / 2)));
}

function at(t: Timeline, minute: number): number {
  if (typeof t === 'number') return t;
  let elapsed = 0;
  for (const [value, minutes] of t) {
    elapsed += minutes;
    if (minute < elapsed) return value;
  }
  return t[t.length - 1][0];
}

function series(name: string, labels: Record<string, string>): string {
  return `${name}{${Object.keys(labels).sort().map((k) => `${k}=${JSON.stringify(labels[k])}`).join(',')}}`;
}

const fmt = (v: number) => String(Math.round(v * 1e9) / 1e9);

/** Series of every workload over `minutes` minutes (minutes + 1 samples), sorted by series. */
export function scenarioSeries(env: Environment, settings: Alerting, scenarios: Readonly<Record<string, WorkloadScenario>>, minutes: number): ScenarioSeries[] {
  const out = new Map<string, number[]>();
  const ticks = Array.from({ length: minutes + 1 }, (_, i) => i);
  const emit = (name: string, labels: Record<string, string>, f: (minute: number) => number) => out.set(series(name, labels), ticks.map(f));
  /** A counter whose rate is `perSecond(minute)`: the running sum of per-minute increments. */
  const counter = (name: string, labels: Record<string, string>, perSecond: (minute: number) => number, start = 100) => {
    let total = start;
    out.set(series(name, labels), ticks.map((m) => (m === 0 ? total : (total += 60 * perSecond(m)))));
  };

  for (const key of Object.keys(env.workloads).sort()) {
    const s = scenarios[key] ?? {};
    const q = new WorkloadQueries(env, key, settings);
    const w = q.workload;
    const omitted = new Set(s.omit ?? []);
    const min = s.min ?? w.replicas.min;
    const max = s.max ?? w.replicas.max;
    const current = s.current ?? healthyReplicas(min, max);
    const desired = s.desired ?? current;
    const load = (metric: string) => s.metricLoad?.[metric] ?? s.load ?? 0.5;

    const ksm = kubeStateMetricsLabels(env.namespace, w.hpa);
    emit(KSM_HPA.current, ksm, (m) => at(current, m));
    emit(KSM_HPA.desired, ksm, (m) => at(desired, m));
    emit(KSM_HPA.min, ksm, () => min);
    emit(KSM_HPA.max, ksm, () => max);
    // The HPA's target Deployment, as kube-state-metrics exports it (labels namespace, deployment).
    const spec = s.deploymentSpec ?? current;
    const status = s.deploymentStatus ?? spec;
    const deployment = { deployment: w.deployment, job: 'kube-state-metrics', namespace: env.namespace };
    emit(KSM_DEPLOYMENT.spec, deployment, (m) => at(spec, m));
    emit(KSM_DEPLOYMENT.status, deployment, (m) => at(status, m));
    emit(KSM_DEPLOYMENT.available, deployment, (m) => at(status, m));
    for (const [condition, timeline] of [['AbleToScale', 1], ['ScalingActive', s.scalingActive ?? 1], ['ScalingLimited', s.scalingLimited ?? 0]] as const) {
      emit(KSM_HPA.condition, { ...ksm, condition, status: 'true' }, (m) => at(timeline, m));
      emit(KSM_HPA.condition, { ...ksm, condition, status: 'false' }, (m) => 1 - at(timeline, m));
    }

    for (const view of q.hpaMetrics()) {
      const labels = { ...ksm, metric_name: view.name, metric_target_type: ksmTargetType(view) };
      emit(KSM_HPA.metricValue, labels, () => load(view.name) * view.target);
      emit(KSM_HPA.metricTarget, labels, () => view.target);
    }

    const pods = scenarioPods(w.deployment);
    const canary = scenarioCanaryPod(w.deployment);
    const podsAndCanary: Array<[string, number]> = [...pods.map((p): [string, number] => [p, 1]), [canary, 100]];
    const container = Object.keys(w.containers ?? {}).sort()[0] ?? w.deployment;
    const requests = podRequests(w);
    for (const t of utilizationTargets(w)) {
      if (t.request === undefined) continue;
      const perPod = load(t.resource) * (t.averageUtilization / 100) * (t.resource === 'cpu' ? t.request / 1000 : t.request);
      for (const [pod, k] of podsAndCanary) {
        const labels = { container: t.container ?? container, job: 'kubelet', metrics_path: '/metrics/cadvisor', namespace: env.namespace, pod };
        if (t.resource === 'cpu') counter(CADVISOR.cpu, labels, () => k * perPod);
        else emit(CADVISOR.memory, labels, () => k * perPod);
      }
    }
    // The pod-level cgroup series (container="") that cAdvisor also exports: counted twice if a query forgets container!="".
    for (const pod of pods) {
      const base = { container: '', job: 'kubelet', metrics_path: '/metrics/cadvisor', namespace: env.namespace, pod };
      if (requests.cpu !== undefined && !out.has(series(CADVISOR.cpu, base))) counter(CADVISOR.cpu, base, () => 50 * (requests.cpu! / 1000));
      if (requests.memory !== undefined) emit(CADVISOR.memory, base, () => 50 * requests.memory!);
    }

    if (!w.scrape) continue;
    const target = (pod: string, n: number) => ({ namespace: q.seriesNamespace, pod, job: q.job!, instance: `10.0.${n}.10:8080`, container: container });
    const targets = podsAndCanary.map(([pod, k], n) => ({ labels: target(pod, n), k, canary: pod === canary }));
    if (!omitted.has('up')) {
      targets.forEach((tg, n) => emit('up', tg.labels, () => (s.podDown && n === 0 ? 0 : 1)));
    }
    for (const name of s.neighbourExports ?? []) {
      const labels = { namespace: q.seriesNamespace, pod: `${NEIGHBOUR_DEPLOYMENT}-7c9d8f6b5-xyz12`, job: NEIGHBOUR_DEPLOYMENT, instance: '10.0.9.10:8080', container: 'frontend' };
      const gauge = q.metrics.some(([, m]) => m.series === name && m.seriesType === 'gauge');
      if (gauge) emit(name, labels, () => 5);
      else counter(name, labels, () => 100);
    }
    const errorRate = w.slo?.errorRate;
    for (const [name, m] of q.metrics) {
      if (omitted.has(m.series)) continue;
      const value = load(name) * quantityValue(m.target.averageValue);
      if (m.api === 'custom') {
        for (const tg of targets) {
          const labels = { ...tg.labels, ...(m.matchLabels ?? {}) };
          if (m.seriesType === 'gauge') emit(m.series, labels, () => tg.k * value);
          else if (errorRate && errorRate.series === m.series) requestSeries(counter, m.series, labels, errorRate, () => tg.k * value, s);
          else counter(m.series, labels, () => tg.k * value);
        }
      } else {
        emitExternal(emit, counter, m, targets.filter((t) => !t.canary).map((t) => t.labels), (minute) => value * at(current, minute) + (s.growthPerMinute ?? 0) * minute);
      }
    }
    if (errorRate && !q.metrics.some(([, m]) => m.series === errorRate.series) && !omitted.has(errorRate.series)) {
      for (const tg of targets) requestSeries(counter, errorRate.series, tg.labels, errorRate, () => tg.k * DEFAULT_REQUEST_RATE, s);
    }
    const latency = w.slo?.latency;
    if (latency && !omitted.has(`${latency.histogram}_bucket`)) {
      const slow = s.slowRatio ?? 0;
      for (const tg of targets) {
        const rate = tg.k * DEFAULT_REQUEST_RATE;
        for (const le of LATENCY_BUCKETS) {
          const share = Number(le) <= 0.05 ? 0.5 * (1 - slow) : Number(le) < 1 ? 1 - slow : 1;
          counter(`${latency.histogram}_bucket`, { ...tg.labels, le }, () => rate * share, 0);
        }
      }
    }
  }
  return [...out.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([s, v]) => ({ series: s, values: v.map(fmt).join(' ') }));
}

type Emit = (name: string, labels: Record<string, string>, f: (minute: number) => number) => void;
type Counter = (name: string, labels: Record<string, string>, perSecond: (minute: number) => number, start?: number) => void;

/** Requests split by the error label: errors at the scenario's ratio, the rest with a success value. */
function requestSeries(counter: Counter, name: string, labels: Record<string, string>, slo: NonNullable<NonNullable<Environment['workloads'][string]['slo']>['errorRate']>,
  perSecond: () => number, s: WorkloadScenario) {
  const ratio = s.errorRatio ?? slo.max / 10;
  const [ok, failed] = labelValues(slo.errors.matches);
  counter(name, { ...labels, [slo.errors.label]: ok }, () => perSecond() * (1 - ratio));
  counter(name, { ...labels, [slo.errors.label]: failed }, () => perSecond() * ratio);
}

/** A label value the error regex does not match and one it matches (for codes: 200 and 500). */
export function labelValues(regex: string): [string, string] {
  // Matched as Prometheus matches it (RE2, anchored): the regex is RE2 syntax, which JavaScript's RegExp reads differently or not at all.
  const re = RE2JS.compile(`^(?:${regex})$`);
  const candidates = ['200', '201', '404', '500', '503', 'ok', 'error', 'true', 'false'];
  const ok = candidates.find((c) => !re.matches(c));
  const failed = candidates.find((c) => re.matches(c));
  if (!ok || !failed) throw new Error(`cannot find label values for ${regex}`);
  return [ok, failed];
}

/** An external metric as every exporting pod reports it: the whole value (max/min/avg) or a share (sum). */
function emitExternal(emit: Emit, counter: Counter, m: Metric, exporters: Record<string, string>[], total: (minute: number) => number) {
  const share = m.aggregation === 'sum' ? 1 / exporters.length : 1;
  const groups = { ...(m.matchLabels ?? {}) };
  for (const l of m.groupBy ?? []) if (!(l in groups)) groups[l] = `${l}-a`;
  for (const labels of exporters) {
    if (m.seriesType === 'gauge') emit(m.series, { ...labels, ...groups }, (minute) => share * total(minute));
    else counter(m.series, { ...labels, ...groups }, (minute) => share * total(minute));
  }
}
