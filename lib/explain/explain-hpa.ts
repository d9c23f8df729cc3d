import { Finding } from '../config/findings';
import {
  CalculatorContext, Condition, ControllerSettings, DEFAULT_SETTINGS, HpaSpec, isWithin, MetricSpec, MetricTarget, MetricValueStatus, milliInt64, milliValue,
  MIN_INT32, Pod, proposeWithStatus, reconcile, ScaleEvent, Time, Tolerances, tolerancesForHpa,
} from '../hpa';
import { ConditionGuide, fillPlaceholders, refineByMessage } from './condition-guide';
import { engineSpec, HpaObject } from './hpa-object';
import { combinedSnapshot, currentOf, metricData, metricName, pairStatuses, SnapshotInput, standInPods } from './metric-status';
import { outlook, Outlook } from './outlook';

/**
 * `explain` as data: why a live HPA does what it does, from its kubectl output (spec and status)
 * and optionally its pods. Pure; the arithmetic is the engine's (lib/hpa).
 */

export interface MetricExplanation {
  readonly index: number;
  readonly type: string;
  readonly name: string;
  /** Object metrics: the object the metric describes, `Service/luneo-worker-queue`. */
  readonly describedObject: string | null;
  /** `Utilization`, `AverageValue` or `Value`. */
  readonly targetType: string;
  /** Target in words: `70% of requests`, `1000 per pod`, `50 in total`. */
  readonly target: string;
  /** Current value as the status reports it, or null when the controller could not read it. */
  readonly current: string | null;
  /**
   * The current value as the controller's int64 arithmetic reads it, when that differs from the
   * status's (a quantity whose milli-value is past int64 keeps its low 64 bits, as MilliValue()
   * does, or the sum over the pods wraps), with why; null when they agree. The usage ratio and the
   * proposal are from this value.
   */
  readonly currentAsRead: string | null;
  /** current / target (per pod for AverageValue), the number the controller compares to 1. */
  readonly usageRatio: number | null;
  readonly tolerance: Tolerances;
  /** Inside [1 - scaleDown tolerance, 1 + scaleUp tolerance]: the metric asks for no change. */
  readonly withinTolerance: boolean | null;
  /** The value above which this metric asks for more replicas, below which for fewer. */
  readonly scaleUpAbove: string;
  readonly scaleDownBelow: string;
  /**
   * The engine's proposal for this metric alone. `overflow`: the count upstream computes does not fit
   * an int32, so its int32(math.Ceil(...)) conversion gives MinInt32 (-2147483648, amd64).
   */
  readonly proposal: { readonly ok: true; readonly replicas: number; readonly overflow?: true } | FailedProposal;
  /** The metric whose proposal the controller uses (the highest valid one). */
  readonly wins: boolean;
}

/**
 * Where a failure message comes from, so nothing reads as a controller quote unless it is one:
 * `status`: quoted from the HPA's status condition; `engine`: what the HPA engine (lib/hpa) gets
 * redoing the controller's computation from the given pods; `explain`: explain's own words.
 */
export type MessageSource = 'status' | 'engine' | 'explain';

export interface FailedProposal {
  readonly ok: false;
  /** The condition reason the controller sets for this failure (`FailedGetPodsMetric`, ...). */
  readonly reason: string;
  readonly message: string;
  readonly messageSource: MessageSource;
}

export interface ConditionExplanation {
  readonly type: string;
  readonly status: string;
  readonly reason: string;
  readonly message: string;
  readonly since: Time | null;
  readonly guide: ConditionGuide;
}

export interface PodSummary {
  readonly total: number;
  readonly ready: number;
  readonly notReady: readonly string[];
  readonly pending: readonly string[];
  readonly terminating: readonly string[];
  readonly failed: readonly string[];
  /** `cpu`/`memory` -> pods with a container lacking that request (only resources the metrics read). */
  readonly missingRequests: Readonly<Record<string, readonly string[]>>;
  /** No pod named the target as owner, so every Pod of the file was used. */
  readonly unfiltered: boolean;
}

export interface Explanation {
  readonly name: string;
  readonly namespace: string | null;
  readonly target: string;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  readonly now: Time;
  /** False for a manifest without status (e.g. from dist/): only targets and behaviour are explained. */
  readonly hasStatus: boolean;
  readonly currentReplicas: number | null;
  readonly desiredReplicas: number | null;
  readonly lastScaleTime: Time | null;
  readonly pods: PodSummary | null;
  readonly metrics: readonly MetricExplanation[];
  /** The highest valid proposal (before min/max and behaviour), null when none is valid. */
  readonly metricsWant: number | null;
  /** A failing metric that stops the controller from acting (all failed, or a scale-down blocked). */
  readonly blockedBy: { readonly reason: string; readonly message: string; readonly messageSource: MessageSource; readonly scaleDownOnly: boolean } | null;
  /**
   * The engine's decision for the sync the status reports, with no recommendation history and no
   * earlier scale events; equal to status.desiredReplicas unless something hidden interfered.
   */
  readonly nextDesired: number | null;
  readonly nextConditions: readonly Condition[];
  readonly conditions: readonly ConditionExplanation[];
  readonly outlook: Outlook;
  /** What the status cannot tell, in plain words. */
  readonly unknowns: readonly string[];
  readonly findings: readonly Finding[];
}

export interface ExplainInput {
  readonly hpa: HpaObject;
  /** The target's pods from `kubectl get pods -o yaml`, in the engine's shape. */
  readonly pods?: { readonly pods: readonly Pod[]; readonly unfiltered: boolean };
  readonly now: Time;
  readonly settings?: Partial<ControllerSettings>;
}

const DEFAULT_METRICS: readonly MetricSpec[] = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];

function targetOf(m: MetricSpec): MetricTarget {
  return (m.resource ?? m.containerResource ?? m.pods ?? m.object ?? m.external)!.target;
}

/** Formats milli-units in the metric's unit: millicores for cpu, Mi for memory, a decimal otherwise. */
export function formatMilli(milli: number, resource: string): string {
  if (resource === 'cpu') return `${Math.round(milli)}m`;
  if (resource === 'memory') return `${trim(milli / 1000 / 2 ** 20)}Mi`;
  return trim(milli / 1000);
}

/**
 * Exact milli-units in the metric's unit, for values as given or as read (a float would print
 * 9223372036854775807 as 9223372036854776000): millicores for cpu, Mi for memory, a decimal otherwise.
 */
function formatExactMilli(milli: bigint, resource: string): string {
  if (resource === 'cpu') return `${milli}m`;
  if (resource === 'memory') return formatMilli(Number(milli), resource);
  const negative = milli < 0n;
  const abs = negative ? -milli : milli;
  const frac = (abs % 1000n).toString().padStart(3, '0').replace(/0+$/, '');
  return `${negative ? '-' : ''}${abs / 1000n}${frac ? `.${frac}` : ''}`;
}

function trim(x: number): string {
  if (Number.isInteger(x)) return String(x);
  // Below 1, three significant digits: a 1m target's band is 0.0009..0.0011, not 0.001..0.001.
  if (Math.abs(x) < 1) return String(Number(x.toPrecision(3)));
  return x.toFixed(Math.abs(x) >= 100 ? 1 : 3).replace(/\.?0+$/, '');
}

/**
 * A quantity as given, with its unit when the text has none (memory in bytes, cpu in cores) and
 * the plain reading when it differs: `268435456 bytes (256Mi)`, `1 core (1000m)`, `225m`.
 */
function quantityText(q: string | number, resource: string): string {
  const text = String(q);
  const plain = formatExactMilli(milliValue(q), resource);
  if (text === plain) return text;
  const bare = /^[-+]?(\d+\.?\d*|\.\d+)$/.test(text);
  const unit = !bare ? '' : resource === 'memory' ? ' bytes' : resource === 'cpu' ? (Number(text) === 1 ? ' core' : ' cores') : '';
  return `${text}${unit} (${plain})`;
}

/**
 * current / target as the controller forms it (float64 of the int64 milli-values), or null when it
 * has no meaning (no current value, a zero target).
 */
function usageRatio(current: number | null, target: number): number | null {
  if (current === null || target === 0) return null;
  const r = current / target;
  return Number.isFinite(r) ? r : null;
}

interface Described {
  target: string;
  current: string | null;
  currentAsRead: string | null;
  ratio: number | null;
  up: string;
  down: string;
}

/**
 * A metric in words. `read` is the current value as the engine computed it from the status
 * (status.currentMetrics as the controller would write it, milli-units): the ratio comes from it, so
 * the words agree with the proposal even where int64 arithmetic wraps.
 */
function describeMetric(spec: MetricSpec, current: ReturnType<typeof currentOf>, tol: Tolerances, read: MetricValueStatus | undefined): Described {
  const target = targetOf(spec);
  const resource = spec.resource?.name ?? spec.containerResource?.name ?? '';
  const isTotal = target.type === 'Value';
  if (target.type === 'Utilization' && target.averageUtilization != null) {
    const t = target.averageUtilization;
    const util = current?.averageUtilization;
    const readUtil = read?.averageUtilization ?? util;
    return {
      target: `${t}% of requests (average over pods)`,
      current: util == null ? null : `${util}%${current?.averageValue != null ? ` (${formatMilli(Number(milliInt64(milliValue(current.averageValue))), resource)} per pod)` : ''}`,
      currentAsRead: readUtil != null && util != null && readUtil !== util ? `${readUtil}%` : null,
      ratio: usageRatio(readUtil ?? null, t),
      up: `${trim(t * (1 + tol.scaleUp))}%`, down: `${trim(t * (1 - tol.scaleDown))}%`,
    };
  }
  // readHpa has checked that the field the target type names is present and positive, and that
  // every quantity is within what a cluster holds; past int64 milli-units the controller's reading
  // (MilliValue) wraps, and so does the engine's.
  const targetQ = (isTotal ? target.value : target.averageValue)!;
  const t = Number(milliInt64(milliValue(targetQ)));
  const cur = isTotal ? current?.value : current?.averageValue;
  const exact = cur == null ? null : milliValue(cur);
  const engine = isTotal ? read?.value : read?.averageValue;
  const c = engine ?? (exact === null ? null : milliInt64(exact));
  const unit = isTotal ? ' in total' : ' per pod';
  let asRead: string | null = null;
  if (c !== null && exact !== null && c !== exact) {
    const why = milliInt64(exact) !== exact ? 'its milli-value is past int64, and Quantity.MilliValue() keeps the low 64 bits'
      : 'the int64 sum over the pods, each taken at this average, wraps past int64';
    asRead = `${formatExactMilli(c, resource)}${unit} (${why})`;
  }
  return {
    target: `${quantityText(targetQ, resource)}${unit}`,
    current: cur == null ? null : `${quantityText(cur, resource)}${unit}`,
    currentAsRead: asRead,
    ratio: usageRatio(c === null ? null : Number(c), t),
    up: `${formatMilli(t * (1 + tol.scaleUp), resource)}${unit}`, down: `${formatMilli(t * (1 - tol.scaleDown), resource)}${unit}`,
  };
}

function summarizePods(pods: readonly Pod[], metrics: readonly MetricSpec[], unfiltered: boolean, podLevelResources: boolean): PodSummary {
  const resources = [...new Set(metrics.filter((m) => m.type === 'Resource' && m.resource?.target.type === 'Utilization').map((m) => m.resource!.name))];
  const missingRequests: Record<string, string[]> = {};
  for (const r of resources) {
    const lacking = pods.filter((p) => !(podLevelResources && p.podRequests?.[r] !== undefined)
      && [...p.containers, ...(p.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')].some((c) => c.requests?.[r] === undefined));
    if (lacking.length) missingRequests[r] = lacking.map((p) => p.name);
  }
  const live = pods.filter((p) => !p.deleted);
  return {
    total: pods.length,
    ready: live.filter((p) => p.phase === 'Running' && p.ready?.status === 'True').length,
    notReady: live.filter((p) => p.phase === 'Running' && p.ready?.status !== 'True').map((p) => p.name),
    pending: live.filter((p) => p.phase === 'Pending').map((p) => p.name),
    terminating: pods.filter((p) => p.deleted).map((p) => p.name),
    failed: live.filter((p) => p.phase === 'Failed').map((p) => p.name),
    missingRequests, unfiltered,
  };
}

export function explainHpa(input: ExplainInput): Explanation {
  const settings: ControllerSettings = { ...DEFAULT_SETTINGS, ...input.settings };
  const { hpa, now } = input;
  const spec: HpaSpec = engineSpec(hpa);
  const status = hpa.status;
  const hasStatus = status !== undefined && status.currentReplicas !== undefined;
  const minReplicas = spec.minReplicas ?? 1;
  const metricSpecs = spec.metrics?.length ? spec.metrics : DEFAULT_METRICS;
  const tolerances = tolerancesForHpa(spec.behavior, settings);
  const currentReplicas = hasStatus ? status!.currentReplicas! : null;
  const lastScaleTime = status?.lastScaleTime ? Date.parse(status.lastScaleTime) : null;
  const from = currentReplicas ?? minReplicas;

  const resourceNames = [...new Set(metricSpecs.flatMap((m) => (m.resource ? [m.resource.name] : m.containerResource ? [m.containerResource.name] : [])))];
  const containerNames = metricSpecs.flatMap((m) => (m.containerResource ? [m.containerResource.container] : []));
  // Stand-in pods only where a metric is computed: a status at 0 replicas or none reads no metric.
  const computes = hasStatus && !(from === 0 && minReplicas !== 0);
  const pods = input.pods?.pods ?? (computes ? standInPods(from, resourceNames, containerNames, now) : []);
  const statuses = pairStatuses(metricSpecs, status?.currentMetrics ?? []);
  const snapshotInputs: SnapshotInput[] = metricSpecs.map((spec, i) => ({
    spec, status: statuses[i], pods, currentReplicas: from, now, podLevelResources: settings.podLevelResources,
  }));
  const ctx: CalculatorContext = {
    pods, tolerances, now, cpuInitializationPeriodSeconds: settings.cpuInitializationPeriodSeconds,
    delayOfInitialReadinessStatusSeconds: settings.initialReadinessDelaySeconds, podLevelResources: settings.podLevelResources,
  };

  // A target at 0 replicas (and minReplicas > 0) disables the HPA: the controller reads no metric.
  const disabled = hasStatus && from === 0 && minReplicas !== 0;
  const readValues: (MetricValueStatus | undefined)[] = metricSpecs.map(() => undefined);
  const proposals: MetricExplanation['proposal'][] = metricSpecs.map((m, i) => {
    if (!hasStatus) return { ok: false, reason: 'NoStatus', message: 'the object has no status (not read from a cluster)', messageSource: 'explain' };
    if (disabled) return { ok: false, reason: 'ScalingDisabled', message: 'the target has 0 replicas, so the controller reads no metric', messageSource: 'explain' };
    let noValue = false;
    const { proposal: p, current } = proposeWithStatus(m, ctx, from, from, metricData(snapshotInputs[i], () => { noValue = true; }), { namespace: 'default' });
    readValues[i] = current;
    if (p.ok) return p.replicas === MIN_INT32 ? { ...p, overflow: true } : p;
    if (!noValue) return { ...p, messageSource: 'engine' };
    return failureFromStatus(m, p.reason, status?.conditions ?? []);
  });
  const valid = proposals.flatMap((p) => (p.ok ? [p.replicas] : []));
  const metricsWant = valid.length ? Math.max(...valid) : null;
  const winner = metricsWant === null ? -1 : proposals.findIndex((p) => p.ok && p.replicas === metricsWant);

  const metrics: MetricExplanation[] = metricSpecs.map((m, i) => {
    const d = describeMetric(m, currentOf(statuses[i]), tolerances, readValues[i]);
    return {
      index: i, type: m.type, name: metricName(m),
      describedObject: m.object ? `${m.object.describedObject.kind}/${m.object.describedObject.name}` : null, targetType: targetOf(m).type, target: d.target, current: d.current,
      currentAsRead: d.currentAsRead,
      usageRatio: d.ratio, tolerance: tolerances, withinTolerance: d.ratio === null ? null : isWithin(tolerances, d.ratio),
      scaleUpAbove: d.up, scaleDownBelow: d.down, proposal: proposals[i], wins: i === winner,
    };
  });

  // The sync the status reports, redone with an empty recommendation history and no earlier scale
  // events (neither is in the status): when it gives status.desiredReplicas, nothing hidden interfered.
  // At 0 replicas (minReplicas > 0) the controller writes desiredReplicas 0 and no scale: a status
  // that says otherwise was not written by a sync with this spec, and proves no scale event.
  const knownEvents = disabled ? { up: [], down: [] } : provenEvents(currentReplicas, status?.desiredReplicas ?? null, lastScaleTime);
  let nextDesired: number | null = null;
  let nextConditions: Condition[] = [];
  let blockedBy: Explanation['blockedBy'] = null;
  if (hasStatus) {
    const r = reconcile({
      spec: { ...spec, metrics: metricSpecs }, specReplicas: from, statusReplicas: from, previousDesiredReplicas: status!.desiredReplicas ?? from,
      pods, metrics: combinedSnapshot(snapshotInputs), now, settings,
      state: { recommendations: [], scaleUpEvents: [], scaleDownEvents: [] },
    });
    nextDesired = r.desiredReplicas;
    nextConditions = r.conditions;
    const failing = proposals.find((p) => !p.ok);
    // AbleToScale=False: the controller could not read or write the scale subresource, so it
    // stopped before any metric; whatever the metrics say, nothing happens until that is fixed.
    const unable = (status?.conditions ?? []).find((c) => c.type === 'AbleToScale' && c.status === 'False');
    if (disabled) {
      blockedBy = { reason: 'ScalingDisabled', message: 'the target has 0 replicas', messageSource: 'explain', scaleDownOnly: false };
    } else if (unable) {
      blockedBy = { reason: unable.reason ?? 'AbleToScale=False', message: unable.message ?? '', messageSource: 'status', scaleDownOnly: false };
    } else if (failing && !failing.ok && (valid.length === 0 || metricsWant! < from)) {
      blockedBy = { reason: failing.reason, message: failing.message, messageSource: failing.messageSource, scaleDownOnly: valid.length > 0 };
    }
  }

  const conditions: ConditionExplanation[] = (status?.conditions ?? []).map((c) => ({
    type: c.type, status: c.status, reason: c.reason ?? '', message: c.message ?? '',
    since: c.lastTransitionTime ? Date.parse(c.lastTransitionTime) : null,
    guide: fillPlaceholders(refineByMessage(c.reason ?? '', c.message ?? ''), placeholders(hpa, metricSpecs, proposals, c.reason ?? '')),
  }));

  const podSummary = input.pods ? summarizePods(input.pods.pods, metricSpecs, input.pods.unfiltered, settings.podLevelResources) : null;
  const wanted = blockedBy ? null : metricsWant;
  // From here: a sync that rescaled left the target at desiredReplicas, with that event on record.
  // Disabled at 0 replicas: once something gives the target a replica, the controller raises it to
  // minReplicas (outside min..max, without rate limits) and scales on from there.
  const here = disabled ? minReplicas : knownEvents.up.length + knownEvents.down.length > 0 ? status!.desiredReplicas! : from;
  const out = outlook({ spec, from: here, wanted, now, lastScaleTime, knownEvents, settings });

  return {
    name: hpa.metadata.name, namespace: hpa.metadata.namespace ?? null,
    target: `${hpa.spec.scaleTargetRef.kind}/${hpa.spec.scaleTargetRef.name}`,
    minReplicas, maxReplicas: spec.maxReplicas, now, hasStatus, currentReplicas, desiredReplicas: status?.desiredReplicas ?? null,
    lastScaleTime, pods: podSummary, metrics, metricsWant, blockedBy, nextDesired, nextConditions, conditions, outlook: out,
    unknowns: unknowns(hasStatus, !!input.pods, out, settings), findings: [],
  };
}

/** The API resource of a kind, as the custom metrics API paths name it (Service -> services). */
function resourceOfKind(kind: string): string {
  const k = kind.toLowerCase();
  return /(s|x|ch|sh)$/.test(k) ? `${k}es` : /[^aeiou]y$/.test(k) ? `${k.slice(0, -1)}ies` : `${k}s`;
}

/**
 * Values for a condition guide's placeholders. A metric placeholder is filled only when exactly one
 * failed metric has the type the reason is about, so a command never names the wrong metric.
 */
function placeholders(hpa: HpaObject, specs: readonly MetricSpec[], proposals: readonly MetricExplanation['proposal'][], reason: string): [string, string][] {
  const ref = hpa.spec.scaleTargetRef;
  const values: [string, string][] = [
    ['hpa <name>', `hpa ${hpa.metadata.name}`],
    ['<scaleTargetRef.kind> <scaleTargetRef.name>', `${ref.kind} ${ref.name}`],
    ['<kind>/<name>', `${ref.kind.toLowerCase()}/${ref.name}`],
    ['<kind> <name>', `${ref.kind.toLowerCase()} ${ref.name}`],
    ['<minReplicas>', String(hpa.spec.minReplicas ?? 1)],
  ];
  if (hpa.metadata.namespace) values.push(['<ns>', hpa.metadata.namespace]);
  const type = /^FailedGet(Pods|Object|External)Metric$/.exec(reason)?.[1];
  const failed = type ? specs.filter((m, i) => m.type === type && !proposals[i].ok) : [];
  if (failed.length === 1) {
    const m = failed[0];
    values.push(['<metric>', messageName(m)]);
    if (m.object) values.push(['<resource>/<name>', `${resourceOfKind(m.object.describedObject.kind)}/${m.object.describedObject.name}`]);
    const labels = (m.external?.metric.selector as { matchLabels?: Record<string, string> } | undefined)?.matchLabels;
    if (m.external && labels && Object.keys(labels).length) values.push(['<selector>', Object.entries(labels).map(([k, v]) => `${k}%3D${v}`).join('%2C')]);
  }
  return values;
}

/** What the name of a metric looks like in the controller's failure messages. */
function messageName(m: MetricSpec): string {
  return m.resource?.name ?? m.containerResource?.name ?? m.pods?.metric.name ?? m.object?.metric.name ?? m.external?.metric.name ?? '';
}

const USUAL_CAUSE: Readonly<Record<string, string>> = {
  Resource: 'metrics-server (metrics.k8s.io) returned no usable samples for the pods, or a container has no request for the resource',
  ContainerResource: 'metrics-server (metrics.k8s.io) returned no usable samples for the container, the container is not in the pods, or it has no request',
  Pods: 'the custom metrics API (custom.metrics.k8s.io, served by prometheus-adapter) returned no value for the pods',
  Object: 'the custom metrics API (custom.metrics.k8s.io, served by prometheus-adapter) returned no value for the described object',
  External: 'the external metrics API (external.metrics.k8s.io, served by prometheus-adapter) returned no value for the metric and its selector',
};

/**
 * A metric whose status has no current value: the controller's own message when a status
 * condition carries one for this metric (the condition names the metric), else explain's plain
 * words, never a made-up controller message.
 */
function failureFromStatus(m: MetricSpec, reason: string, conditions: readonly { type: string; status: string; reason?: string; message?: string }[]): FailedProposal {
  const name = messageName(m);
  const quoted = conditions.find((c) => c.status === 'False' && c.reason === reason && !!c.message && (name === '' || c.message.includes(name)));
  if (quoted) return { ok: false, reason, message: quoted.message!, messageSource: 'status' };
  return {
    ok: false, reason, messageSource: 'explain',
    message: `the HPA's status carries no current value for this metric and no condition message about it; that usually means the controller could not read it at its last sync: ${USUAL_CAUSE[m.type] ?? 'its metrics API returned no value'} (kubectl describe hpa shows the controller's own message in its events)`,
  };
}

/**
 * A status with desiredReplicas != currentReplicas was written by a sync that rescaled: that sync
 * moved the target from current to desired at lastScaleTime. Any other scale event is unknown.
 */
function provenEvents(current: number | null, desired: number | null, lastScaleTime: Time | null): { up: ScaleEvent[]; down: ScaleEvent[] } {
  if (current === null || desired === null || lastScaleTime === null || desired === current) return { up: [], down: [] };
  const event: ScaleEvent = { replicaChange: Math.abs(desired - current), timestamp: lastScaleTime, outdated: false };
  return desired > current ? { up: [event], down: [] } : { up: [], down: [event] };
}

function unknowns(hasStatus: boolean, hasPods: boolean, out: Outlook, settings: ControllerSettings): string[] {
  const list: string[] = [];
  if (!hasStatus) list.push('This object has no status, so there are no current metric values: only targets, thresholds and behaviour are explained.');
  list.push('The controller\'s recommendation history (one recommendation per sync, kept for the stabilization windows) lives in the controller\'s memory, not in the status: when a stabilized change happens can only be bounded, not pinned.');
  if (!out.legacy) list.push('The status records only the time of the last scale (lastScaleTime), not the size of every scale event inside the policy periods: before a period has passed since lastScaleTime, the next step may be smaller than the full one.');
  list.push('The status keeps only averages: the proposals assume every pod reports the average value.');
  if (!hasPods) list.push('Pod readiness and requests are not in the HPA: pass --pods <kubectl get pods -o yaml output> to account for unready, pending and missing pods.');
  list.push(`The cluster's controller flags are not in the HPA: explain uses upstream's defaults unless given on the command line: sync period ${settings.syncPeriodSeconds} s, tolerance ${settings.tolerance} (a ratio), downscale stabilization ${settings.downscaleStabilizationWindowSeconds} s${hasPods ? `, CPU initialization period ${settings.cpuInitializationPeriodSeconds} s, initial readiness delay ${settings.initialReadinessDelaySeconds} s` : ''}.`);
  return list;
}
