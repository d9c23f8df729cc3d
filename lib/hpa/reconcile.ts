import { defaultBehavior as defaultBehaviorImport, EffectiveBehavior } from './behavior-defaults';
import { setCondition as setConditionImport } from './conditions';
import { CONDITION as CONDITIONImport, computeFailed, invalidMetrics, RESCALE_REASON as RESCALE_REASONImport, successfulRescale } from './messages';
import { MetricProposal, MetricsSnapshot, proposeWithStatus as proposeWithStatusImport } from './metric-proposals';
import { convertWithBehaviorRate as convertWithBehaviorRateImport, convertWithRules } from './rate-limits';
import { CalculatorContext } from './replica-calculator';
import { storeScaleEvent } from './scale-events';
import { stabilizeLegacy, stabilizeWithBehavior as stabilizeWithBehaviorImport } from './stabilization';
import { tolerancesForHpa as tolerancesForHpaImport } from './tolerance';
import { Condition, ControllerSettings, ControllerState, DEFAULT_SETTINGS as DEFAULT_SETTINGSImport, HpaEvent, HpaSpec, MetricSpec, MetricStatus, Pod, Time } from './types';

// Bindings used at every sync, read once: under tsx (CommonJS) every read of an imported binding
// calls two getters, and a simulation reconciles hundreds of thousands of times.
const setCondition = setConditionImport;
const CONDITION = CONDITIONImport;
const RESCALE_REASON = RESCALE_REASONImport;
const proposeWithStatus = proposeWithStatusImport;
const convertWithBehaviorRate = convertWithBehaviorRateImport;
const stabilizeWithBehavior = stabilizeWithBehaviorImport;
const tolerancesForHpa = tolerancesForHpaImport;
const defaultBehavior = defaultBehaviorImport;
const DEFAULT_SETTINGS = DEFAULT_SETTINGSImport;

export interface ReconcileInput {
  readonly spec: HpaSpec;
  /** scale.spec.replicas: the controller's "current replicas". */
  readonly specReplicas: number;
  /** scale.status.replicas: used by Object/External AverageValue targets. */
  readonly statusReplicas: number;
  /** status.desiredReplicas before this reconcile (kept when the reconcile aborts). */
  readonly previousDesiredReplicas?: number;
  /** What the pod lister returns for the target's selector. */
  readonly pods: readonly Pod[];
  readonly metrics: MetricsSnapshot;
  readonly state: ControllerState;
  /** status.conditions before this reconcile. */
  readonly conditions?: readonly Condition[];
  readonly now: Time;
  readonly settings?: Partial<ControllerSettings>;
  /** The HPA's namespace; it appears in Object/External error messages. @default 'default' */
  readonly namespace?: string;
}

export interface ReconcileResult {
  /** status.desiredReplicas after the reconcile. */
  readonly desiredReplicas: number;
  /** True when the scale subresource was updated (desired != current). */
  readonly scaleUpdated: boolean;
  readonly conditions: Condition[];
  readonly state: ControllerState;
  /**
   * The error reconcileAutoscaler returns (logged by the controller), upstream's wording: on an
   * abort "failed to compute desired number of replicas based on listed metrics for
   * <Kind>/<namespace>/<name>: invalid metrics (...)", else "invalid metrics (N invalid out of M),
   * first error is: ..." when some metric failed but the others scaled up. Absent when all went well.
   */
  readonly error?: string;
  /** Events recorded on the HPA during this reconcile, in order (kubectl describe hpa). */
  readonly events: HpaEvent[];
  /**
   * status.currentMetrics: one entry per metric spec when metrics were computed (also on an
   * abort), empty when the replica count was clamped to min/max or scaling is disabled.
   */
  readonly currentMetrics: MetricStatus[];
  /** How the count was reached, for explanations; absent when no metric was computed. */
  readonly detail?: ReconcileDetail;
}

/** The intermediate counts of one reconcile, in the order the controller forms them. */
export interface ReconcileDetail {
  /** One proposal per spec.metrics entry (or the defaulted cpu metric), in spec order. */
  readonly proposals: readonly MetricProposal[];
  /** The max of the valid proposals (prenormalized desired replicas); null when the sync aborted. */
  readonly recommendation: number | null;
  /** After the stabilization window(s), before the rate limits and min/max. */
  readonly stabilized?: number;
}

/** API defaulting: no metrics means cpu at 80% utilization. */
const DEFAULT_METRICS: readonly MetricSpec[] = [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 80 } } }];

/**
 * reconcileAutoscaler (horizontal.go), one sync of one HPA. Pure: the controller's memory
 * (recommendations, scale events) comes in as `state` and goes out updated.
 */
export function reconcile(input: ReconcileInput): ReconcileResult {
  const settings = { ...DEFAULT_SETTINGS, ...input.settings };
  const { spec, now } = input;
  const namespace = input.namespace ?? 'default';
  const current = input.specReplicas;
  const events: HpaEvent[] = [];
  let conditions = setCondition(input.conditions ?? [], 'AbleToScale', true, 'SucceededGetScale', CONDITION.SucceededGetScale, now);
  let state: ControllerState = input.state.recommendations === null
    ? { ...input.state, recommendations: [{ recommendation: current, timestamp: now }] }
    : input.state;
  const minReplicas = spec.minReplicas ?? 1;
  const behavior = defaultBehavior(spec.behavior);
  let desired: number;
  let rescale = true;
  let rescaleReason = '';
  let error: string | undefined;
  let currentMetrics: MetricStatus[] = [];
  let detail: ReconcileDetail | undefined;

  if (current === 0 && minReplicas !== 0) {
    desired = 0;
    rescale = false;
    conditions = setCondition(conditions, 'ScalingActive', false, 'ScalingDisabled', CONDITION.ScalingDisabled, now);
  } else if (current > spec.maxReplicas) {
    rescaleReason = RESCALE_REASON.aboveMax;
    desired = spec.maxReplicas;
  } else if (current < minReplicas) {
    rescaleReason = RESCALE_REASON.belowMin;
    desired = minReplicas;
  } else {
    const ctx: CalculatorContext = {
      pods: input.pods, tolerances: tolerancesForHpa(spec.behavior, settings), now,
      cpuInitializationPeriodSeconds: settings.cpuInitializationPeriodSeconds,
      delayOfInitialReadinessStatusSeconds: settings.initialReadinessDelaySeconds,
      podLevelResources: settings.podLevelResources,
    };
    const combined = combineMetrics(spec.metrics?.length ? spec.metrics : DEFAULT_METRICS, ctx, current, input.statusReplicas, input.metrics, conditions, namespace, now);
    conditions = combined.conditions;
    events.push(...combined.events);
    currentMetrics = combined.statuses;
    detail = { proposals: combined.proposals, recommendation: combined.replicas };
    if (combined.replicas === null) {
      events.push({ type: 'Warning', reason: 'FailedComputeMetricsReplicas', message: combined.error! });
      const reference = `${spec.scaleTargetRef?.kind ?? ''}/${namespace}/${spec.scaleTargetRef?.name ?? ''}`;
      return {
        desiredReplicas: input.previousDesiredReplicas ?? current, scaleUpdated: false, conditions, state,
        error: computeFailed(reference, combined.error!), events, currentMetrics, detail,
      };
    }
    error = combined.error;
    // `if metricDesiredReplicas > desiredReplicas` with desiredReplicas 0: a negative proposal
    // (int32 overflow, see go-numeric.ts) counts as none.
    desired = 0;
    let rescaleMetric = '';
    if (combined.replicas > desired) {
      desired = combined.replicas;
      rescaleMetric = combined.metricName;
    }
    if (desired > current) rescaleReason = RESCALE_REASON.aboveTarget(rescaleMetric);
    if (desired < current) rescaleReason = RESCALE_REASON.allBelow;
    const normalized = behavior
      ? normalizeWithBehavior(behavior, settings, state, current, desired, minReplicas, spec.maxReplicas, now, conditions)
      : normalizeLegacy(settings, state, current, desired, minReplicas, spec.maxReplicas, now, conditions);
    ({ desired, conditions } = normalized);
    // Literals, not spreads: a simulation reconciles hundreds of thousands of times.
    detail = { proposals: combined.proposals, recommendation: combined.replicas, stabilized: normalized.stabilized };
    state = { recommendations: normalized.recommendations, scaleUpEvents: state.scaleUpEvents, scaleDownEvents: state.scaleDownEvents };
    rescale = desired !== current;
  }

  if (rescale) {
    conditions = setCondition(conditions, 'AbleToScale', true, 'SucceededRescale', CONDITION.succeededRescale(desired), now);
    events.push({ type: 'Normal', reason: 'SuccessfulRescale', message: successfulRescale(desired, rescaleReason) });
    state = { ...state, ...storeScaleEvent(behavior, state, current, desired, now) };
  } else {
    desired = current;
  }
  const result: { -readonly [K in keyof ReconcileResult]: ReconcileResult[K] } = { desiredReplicas: desired, scaleUpdated: rescale, conditions, state, events, currentMetrics };
  if (error !== undefined) result.error = error;
  if (detail) result.detail = detail;
  return result;
}

/**
 * computeReplicasForMetrics: the max of the valid proposals (the first valid one, then any larger).
 * Any invalid metric blocks a scale-down (and all invalid aborts): `replicas: null` means "do
 * nothing this sync", with the first invalid metric's condition.
 */
function combineMetrics(
  metrics: readonly MetricSpec[], ctx: CalculatorContext, specReplicas: number, statusReplicas: number, snapshot: MetricsSnapshot,
  conditions: Condition[], namespace: string, now: Time,
): { replicas: number | null; metricName: string; conditions: Condition[]; error?: string; events: HpaEvent[]; statuses: MetricStatus[]; proposals: MetricProposal[] } {
  const proposals: MetricProposal[] = [];
  let replicas = 0;
  const statuses: MetricStatus[] = [];
  let metricName = '';
  let invalid = 0;
  let firstInvalid: { reason: string; message: string; error: string } | null = null;
  const events: HpaEvent[] = [];
  for (const spec of metrics) {
    const { proposal: p, current } = proposeWithStatus(spec, ctx, specReplicas, statusReplicas, snapshot, { namespace });
    const status: { -readonly [K in keyof MetricStatus]: MetricStatus[K] } = identify(spec);
    if (current) status.current = current;
    statuses.push(status);
    proposals.push(p);
    if (!p.ok) {
      events.push({ type: 'Warning', reason: p.reason, message: p.cause });
      invalid++;
      firstInvalid ??= p;
      continue;
    }
    if (replicas === 0 || p.replicas > replicas) {
      replicas = p.replicas;
      metricName = p.metricName;
    }
  }
  const error = firstInvalid ? invalidMetrics(invalid, metrics.length, firstInvalid.error) : undefined;
  if (invalid >= metrics.length || (invalid > 0 && replicas < specReplicas)) {
    return { replicas: null, metricName: '', error, events, statuses, proposals, conditions: setCondition(conditions, 'ScalingActive', false, firstInvalid!.reason, firstInvalid!.message, now) };
  }
  const active = setCondition(conditions, 'ScalingActive', true, 'ValidMetricFound', CONDITION.validMetricFound(metricName), now);
  return { replicas, metricName, conditions: active, events, statuses, proposals, ...(error !== undefined ? { error } : {}) };
}

/** The metric a status entry is about (MetricStatus's source identity). */
function identify(spec: MetricSpec): { type: string; name: string; container?: string } {
  switch (spec.type) {
    case 'Resource': return { type: spec.type, name: spec.resource?.name ?? '' };
    case 'ContainerResource': return { type: spec.type, name: spec.containerResource?.name ?? '', container: spec.containerResource?.container ?? '' };
    case 'Pods': return { type: spec.type, name: spec.pods?.metric.name ?? '' };
    case 'Object': return { type: spec.type, name: spec.object?.metric.name ?? '' };
    case 'External': return { type: spec.type, name: spec.external?.metric.name ?? '' };
    default: return { type: spec.type, name: '' };
  }
}

interface Normalized {
  desired: number;
  stabilized: number;
  conditions: Condition[];
  recommendations: ControllerState['recommendations'] & object;
}

/** normalizeDesiredReplicas: the legacy path, taken when spec.behavior is nil. */
function normalizeLegacy(
  settings: ControllerSettings, state: ControllerState, current: number, prenormalized: number, min: number, max: number, now: Time, conditions: Condition[],
): Normalized {
  const stabilized = stabilizeLegacy(state.recommendations ?? [], prenormalized, settings.downscaleStabilizationWindowSeconds, now);
  const reason = stabilized.replicas !== prenormalized ? 'ScaleDownStabilized' : 'ReadyForNewScale';
  let conds = setCondition(conditions, 'AbleToScale', true, reason, CONDITION[reason], now);
  const converted = convertWithRules(current, stabilized.replicas, min, max, settings.scaleUpLimitFactor, settings.scaleUpLimitMinimum);
  conds = setCondition(conds, 'ScalingLimited', converted.replicas !== stabilized.replicas, converted.reason, converted.message, now);
  return { desired: converted.replicas, stabilized: stabilized.replicas, conditions: conds, recommendations: stabilized.recommendations };
}

/** normalizeDesiredReplicasWithBehaviors: stabilization bracket, then per-policy rate limits. */
function normalizeWithBehavior(
  behavior: EffectiveBehavior, settings: ControllerSettings, state: ControllerState, current: number, prenormalized: number,
  min: number, max: number, now: Time, conditions: Condition[],
): Normalized {
  const downWindow = behavior.scaleDown.stabilizationWindowSeconds ?? settings.downscaleStabilizationWindowSeconds;
  const stabilized = stabilizeWithBehavior(state.recommendations ?? [], current, prenormalized, behavior.scaleUp.stabilizationWindowSeconds ?? 0, downWindow, now);
  const reason = stabilized.replicas !== prenormalized ? stabilized.reason : 'ReadyForNewScale';
  let conds = setCondition(conditions, 'AbleToScale', true, reason, CONDITION[reason], now);
  const converted = convertWithBehaviorRate({
    current, desired: stabilized.replicas, minReplicas: min, maxReplicas: max, scaleUp: behavior.scaleUp, scaleDown: behavior.scaleDown,
    upEvents: state.scaleUpEvents, downEvents: state.scaleDownEvents, now,
  });
  conds = setCondition(conds, 'ScalingLimited', converted.replicas !== stabilized.replicas, converted.reason, converted.message, now);
  return { desired: converted.replicas, stabilized: stabilized.replicas, conditions: conds, recommendations: stabilized.recommendations };
}
