import { count } from '../config/counts';
import { Alerting, AlertName, AlertSeverity, BEHAVIOR_WINDOW_MARGIN_SECONDS } from '../config/observability-schema';
import { seconds } from '../config/primitives';
import { DEFAULT_SETTINGS } from '../hpa';
import { Environment } from '../config/schema';
import { alertText, labelValue, TemplateText, templateLiteral } from './alert-template';
import { WorkloadQueries } from './queries';
import { runbookDocument } from './runbook-location';

/**
 * The alert rules of one environment, derived from its workloads, metric catalogue and `alerting`
 * settings. Pure data: the PrometheusRule construct serializes it, the runbook generator documents
 * it, the coverage checks and the promtool tests read it.
 */

/** A Prometheus alerting rule (rule-group `rules[]` entry) and what it is about. */
export interface AlertRule {
  readonly alert: AlertName;
  readonly expr: string;
  /** Prometheus duration; the condition must hold this long before the alert fires. */
  readonly for: string;
  /**
   * Labels and annotations are Go text/template text, as Prometheus expands them: config text in
   * them is written with `alertText` / `templateLiteral` (alert-template.ts), so it renders as written.
   */
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: { readonly summary: string; readonly description: string; readonly runbook_url: string };
  /** Key under `workloads` of the workload concerned. */
  readonly workload: string;
}

export interface AlertGroup {
  readonly name: string;
  readonly rules: readonly AlertRule[];
}

/** Default severity per alert: critical pages someone, warning makes a ticket, info only shows. */
export const DEFAULT_SEVERITY: Readonly<Record<AlertName, AlertSeverity>> = {
  HpaMaxedOut: 'warning',
  HpaReplicasMismatch: 'warning',
  HpaScalingInactive: 'critical',
  HpaScalingLimited: 'warning',
  HpaFlapping: 'warning',
  HpaPinnedAtMinimum: 'critical',
  HpaMetricSeriesAbsent: 'critical',
  ScrapeTargetDown: 'warning',
  ScrapeTargetMissing: 'critical',
  QueueBacklogGrowingAtMaxReplicas: 'critical',
  WorkerSaturated: 'warning',
  ErrorRateHigh: 'critical',
  LatencyHigh: 'warning',
};

/** GitHub-style heading anchor of a runbook section (the alert name, lower-cased). */
export const runbookAnchor = (alert: AlertName): string => alert.toLowerCase();

export { runbookDocument } from './runbook-location';

/** `ServiceMonitor <namespace>/<name>` (or PodMonitor) of a workload: where the object is created. */
export function monitorObject(env: Environment, key: string): string {
  const w = env.workloads[key];
  return `${w.scrape?.kind ?? 'ServiceMonitor'} ${env.namespace}/${w.deployment}`;
}

/** Rule group names, in output order. */
export const GROUPS = { hpa: 'luneo-autoscaling.hpa', pipeline: 'luneo-autoscaling.metrics-pipeline', workload: 'luneo-autoscaling.workload-signals' } as const;

export function alertGroups(env: Environment, settings: Alerting): AlertGroup[] {
  const hpa: AlertRule[] = [];
  const pipeline: AlertRule[] = [];
  const workload: AlertRule[] = [];
  const doc = runbookDocument(env, settings);
  for (const key of Object.keys(env.workloads).sort()) {
    const q = new WorkloadQueries(env, key, settings);
    const w = q.workload;
    const ns = env.namespace;
    const hpaName = `HorizontalPodAutoscaler ${ns}/${w.hpa}`;
    const rule = (alert: AlertName, expr: string, forDuration: string, summary: string, description: string, extra: Record<string, string> = {}): AlertRule => ({
      alert, expr, for: forDuration, workload: key,
      // Label values are expanded as templates too: config text in them is written as literal text.
      labels: Object.fromEntries(Object.entries({ severity: settings.severity?.[alert] ?? DEFAULT_SEVERITY[alert], namespace: ns, workload: w.deployment, ...extra })
        .map(([k, v]) => [k, templateLiteral(v)])),
      annotations: { summary, description, runbook_url: alertText`${doc}#${runbookAnchor(alert)}` },
    });
    const s = settings.hpa;
    const hpaLabels = { horizontalpodautoscaler: w.hpa };

    const maxed = heldFor(s.maxedOutFor, w.scaleDown.stabilization);
    hpa.push(rule('HpaMaxedOut', q.maxedOut, maxed.for,
      alertText`${w.hpa} has run at maxReplicas for ${maxed.for}`,
      alertText`${hpaName} has been at its maximum of ${count(w.replicas.max, 'replica')} for ${maxed.for}${new TemplateText(maxed.derived ? alertText` (its scale-down stabilization of ${w.scaleDown.stabilization} holds it there by design, plus ${durationText(BEHAVIOR_WINDOW_MARGIN_SECONDS)})` : '')}; it cannot add capacity for Deployment ${ns}/${w.deployment} if load grows.`, hpaLabels));
    const progress = mismatchWindow(settings, w.scaleUp.every, w.scaleDown.every);
    hpa.push(rule('HpaReplicasMismatch', q.mismatch(progress), s.mismatchFor,
      alertText`Deployment ${w.deployment} does not get the replicas ${w.hpa} sets`,
      alertText`Deployment ${ns}/${w.deployment} is not following ${hpaName} for ${s.mismatchFor}: either the HPA wrote spec.replicas and fewer pods exist (kube_deployment_status_replicas below kube_deployment_spec_replicas: pods refused by a ResourceQuota, a LimitRange or an admission webhook), or the HPA cannot write its desired replica count (desired different from current with no replica change for ${progress}: FailedUpdateScale).`, hpaLabels));
    hpa.push(rule('HpaScalingInactive', `${q.condition('ScalingActive', 'false')} == 1`, s.scalingInactiveFor,
      alertText`${w.hpa} is not scaling: ScalingActive is false`,
      alertText`${hpaName} reports ScalingActive=False for ${s.scalingInactiveFor}: it cannot compute a replica count (metrics unavailable or target missing), so Deployment ${ns}/${w.deployment} is not autoscaled.`, hpaLabels));
    hpa.push(rule('HpaScalingLimited', q.scalingLimited(HPA_TOLERANCE), s.scalingLimitedFor,
      alertText`${w.hpa} has been limited for ${s.scalingLimitedFor} while it wants more replicas`,
      alertText`${hpaName} reports ScalingLimited=True for ${s.scalingLimitedFor} while it wants more replicas than it has (desired above current, or a metric above its target by more than the tolerance ${HPA_TOLERANCE}): maxReplicas or its scale-up policy caps it, so Deployment ${ns}/${w.deployment} runs short of what its metrics ask for. A policy-limited scale-down does not count.`, hpaLabels));
    const f = s.flapping;
    const flap = flappingSampling();
    hpa.push(rule('HpaFlapping', q.flapping(f.window, f.reversals, flap.step), '0s',
      alertText`${w.hpa} is flapping`,
      alertText`${hpaName} changed the scaling direction of Deployment ${ns}/${w.deployment} (up then down, or down then up) at least ${f.reversals} times within ${f.window}: scaling too aggressively (scale-down stabilization ${w.scaleDown.stabilization}).`, hpaLabels));
    for (const m of q.hpaMetrics()) {
      const p = s.pinnedAtMinimum;
      const limit = round(p.factor * m.target);
      const pinned = heldFor(p.for, w.scaleUp.stabilization);
      hpa.push(rule('HpaPinnedAtMinimum', `(${q.atMin})\nand on () (${m.value} > ${limit})`, pinned.for,
        alertText`${w.hpa} stays at minReplicas while ${m.name} is ${p.factor}x its target`,
        alertText`${hpaName} is at its minimum of ${count(w.replicas.min, 'replica')} while ${m.title} is above ${limit} (${p.factor}x the target of ${m.target}) for ${pinned.for}${new TemplateText(pinned.derived ? alertText` (its scale-up stabilization of ${w.scaleUp.stabilization} holds it there by design, plus ${durationText(BEHAVIOR_WINDOW_MARGIN_SECONDS)})` : '')}; the HPA does not act on this metric, so Deployment ${ns}/${w.deployment} is overloaded.`,
        { ...hpaLabels, metric: m.name }));
    }

    const pl = settings.pipeline;
    for (const [name, m] of q.metrics) {
      const scope = new TemplateText(m.api === 'custom' ? alertText` from the pods of Deployment ${w.deployment}` : '');
      pipeline.push(rule('HpaMetricSeriesAbsent', `absent(${q.servedSeries(m)})`, pl.seriesAbsentFor,
        alertText`No series ${m.series} for ${m.api} metric ${name} of ${w.hpa}`,
        alertText`Prometheus has no series ${m.series}${scope} in namespace ${q.seriesNamespace} for ${pl.seriesAbsentFor}: prometheus-adapter cannot serve ${m.api} metric ${name}, so ${hpaName} cannot scale Deployment ${ns}/${w.deployment} on it.`,
        { ...hpaLabels, metric: name }));
    }
    const up = q.up;
    if (up) {
      // The monitor is created in the environment's namespace; its namespaceSelector may point elsewhere.
      const monitor = `${monitorObject(env, key)}${q.seriesNamespace !== ns ? `, selecting in namespace ${q.seriesNamespace}` : ''}`;
      pipeline.push(rule('ScrapeTargetDown', `${up} == 0`, pl.targetDownFor,
        alertText`Scrape target of ${w.deployment} is down`,
        alertText`Prometheus fails to scrape ${labelValue('instance')} of job ${q.job!} (Deployment ${ns}/${w.deployment}, ${monitor}) for ${pl.targetDownFor}; its metrics are stale for ${hpaName}.`,
        { job: q.job! }));
      pipeline.push(rule('ScrapeTargetMissing', `absent(${up})`, pl.targetDownFor,
        alertText`Prometheus scrapes no target of ${w.deployment}`,
        alertText`Prometheus has no scrape target of job ${q.job!} in namespace ${q.seriesNamespace} for ${pl.targetDownFor}: ${monitor} selects nothing or is not selected; ${hpaName} gets no custom metrics from Deployment ${ns}/${w.deployment}.`,
        { job: q.job! }));
    }

    const wk = settings.workers;
    for (const [name, m] of q.metrics.filter(([, x]) => x.api === 'external' && x.seriesType === 'gauge')) {
      const by = m.groupBy && m.groupBy.length > 0 ? ` by (${m.groupBy.join(', ')})` : '';
      const growth = `max${by} (deriv(${q.adapterSeries(m)}[${wk.backlogWindow}])) > 0`;
      const which = new TemplateText((m.groupBy ?? []).map((l) => alertText`${l} ${labelValue(l)}`).join(', '));
      workload.push(rule('QueueBacklogGrowingAtMaxReplicas', `(${growth})\nand on () (${q.atMax})`, wk.backlogFor,
        alertText`${name} keeps growing while ${w.deployment} runs at maxReplicas`,
        alertText`${m.series}${new TemplateText(which.text ? ` (${which.text})` : '')} in namespace ${q.seriesNamespace} has grown over ${wk.backlogWindow} while ${hpaName} is at its maximum of ${w.replicas.max} replicas: Deployment ${ns}/${w.deployment} cannot keep up and the backlog will not drain.`,
        { ...hpaLabels, metric: name }));
    }
    const c = w.concurrency;
    const active = c ? env.metrics[c.activeJobsMetric] : undefined;
    if (c && active) {
      workload.push(rule('WorkerSaturated', `avg(${q.perPod(active)}) / ${c.maxConcurrentJobs} > ${wk.saturation}`, wk.saturationFor,
        alertText`${w.deployment} workers run near their concurrency limit`,
        alertText`Workers of Deployment ${ns}/${w.deployment} run on average more than ${round(wk.saturation * 100)} % of their ${c.maxConcurrentJobs} concurrent jobs (ConfigMap ${ns}/${c.configMap}) for ${wk.saturationFor}; new jobs wait in the queue.`,
        { metric: c.activeJobsMetric }));
    }
    const errors = q.errorRatio();
    if (errors && w.slo?.errorRate) {
      const e = w.slo.errorRate;
      workload.push(rule('ErrorRateHigh', `${errors} > ${e.max}`, e.for,
        alertText`${w.deployment} error rate above ${round(e.max * 100)} %`,
        alertText`More than ${round(e.max * 100)} % of ${e.series} of Deployment ${ns}/${w.deployment} have ${e.errors.label} matching "${e.errors.matches}" over ${e.window}, for ${e.for}.`));
    }
    const latency = q.latency();
    if (latency && w.slo?.latency) {
      const l = w.slo.latency;
      workload.push(rule('LatencyHigh', `${latency} > ${l.maxSeconds}`, l.for,
        alertText`${w.deployment} p${round(l.quantile * 100)} latency above ${l.maxSeconds}s`,
        alertText`The ${l.quantile} quantile of ${l.histogram} of Deployment ${ns}/${w.deployment} has been above ${l.maxSeconds}s over ${l.window} windows for ${l.for}.`));
    }
  }
  return [
    { name: GROUPS.hpa, rules: hpa },
    { name: GROUPS.pipeline, rules: pipeline },
    { name: GROUPS.workload, rules: workload },
  ].filter((g) => g.rules.length > 0);
}

/**
 * How long current replicas must stay unchanged before a desired/current mismatch counts: the
 * configured duration, but never less than two policy periods of either direction, since a
 * rate-limited controller legitimately waits a whole period between steps.
 */
export function mismatchWindow(settings: Alerting, upEvery: string, downEvery: string): string {
  return durationText(Math.max(seconds(settings.hpa.mismatchFor), 2 * seconds(upEvery), 2 * seconds(downEvery)));
}

/** The HPA controller's tolerance (--horizontal-pod-autoscaler-tolerance default): it acts only outside [0.9, 1.1] x target. */
export const HPA_TOLERANCE = DEFAULT_SETTINGS.tolerance;

/**
 * The `for` of an alert on a state a behavior window holds by design (at minReplicas through a
 * scale-up stabilization window, at maxReplicas through a scale-down one): the configured duration,
 * but at least the window plus BEHAVIOR_WINDOW_MARGIN_SECONDS, so the alert never fires while the
 * HPA is doing what it was told. `derived` when the window decided.
 */
export function heldFor(configured: string, stabilization: string): { for: string; derived: boolean } {
  const window = seconds(stabilization);
  const floor = window > 0 ? window + BEHAVIOR_WINDOW_MARGIN_SECONDS : 0;
  return floor > seconds(configured) ? { for: durationText(floor), derived: true } : { for: configured, derived: false };
}

/**
 * How HpaFlapping samples the direction of replica changes: every 5s, a third of the HPA sync period
 * (--horizontal-pod-autoscaler-sync-period, 15s, DEFAULT_SETTINGS.syncPeriodSeconds), the shortest
 * time between two replica changes the controller makes. Each step compares the latest sample with
 * the latest one 5s before, so a recorded change is seen at exactly one step, and no step holds two
 * changes, at any scrape interval: a 15s step missed a dip recorded by one sample of a 10s scrape
 * that fell between two steps. A dip that lasts a single sample counts as a change down and a change up.
 */
export function flappingSampling(): { step: string } {
  return { step: durationText(DEFAULT_SETTINGS.syncPeriodSeconds / 3) };
}

/** A Prometheus duration of whole seconds, in the largest unit that divides it (1h, 35m, 90s). */
export function durationText(s: number): string {
  return s % 3600 === 0 && s > 0 ? `${s / 3600}h` : s % 60 === 0 && s > 0 ? `${s / 60}m` : `${s}s`;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
