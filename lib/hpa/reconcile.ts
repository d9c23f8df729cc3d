import { defaultBehavior, EffectiveBehavior } from './behavior-defaults';
import { setCondition } from './conditions';
import { MetricProposal, MetricsSnapshot, proposeForMetric } from './metric-proposals';
import { convertWithBehaviorRate, convertWithRules } from './rate-limits';
import { CalculatorContext } from './replica-calculator';
import { storeScaleEvent } from './scale-events';
import { stabilizeLegacy, stabilizeWithBehavior } from './stabilization';
import { tolerancesForHpa } from './tolerance';
import { Condition, ControllerSettings, ControllerState, DEFAULT_SETTINGS, HpaSpec, MetricSpec, Pod, Time } from './types';

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
}

export interface ReconcileResult {
  /** status.desiredReplicas after the reconcile. */
  readonly desiredReplicas: number;
  /** True when the scale subresource was updated (desired != current). */
  readonly scaleUpdated: boolean;
  readonly conditions: Condition[];
  readonly state: ControllerState;
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
  const current = input.specReplicas;
  let conditions = setCondition(input.conditions ?? [], 'AbleToScale', true, 'SucceededGetScale');
  let state: ControllerState = input.state.recommendations === null
    ? { ...input.state, recommendations: [{ recommendation: current, timestamp: now }] }
    : input.state;
  const minReplicas = spec.minReplicas ?? 1;
  const behavior = defaultBehavior(spec.behavior);
  let desired: number;
  let rescale = true;
  let detail: ReconcileDetail | undefined;

  if (current === 0 && minReplicas !== 0) {
    desired = 0;
    rescale = false;
    conditions = setCondition(conditions, 'ScalingActive', false, 'ScalingDisabled');
  } else if (current > spec.maxReplicas) {
    desired = spec.maxReplicas;
  } else if (current < minReplicas) {
    desired = minReplicas;
  } else {
    const ctx: CalculatorContext = {
      pods: input.pods, tolerances: tolerancesForHpa(spec.behavior, settings), now,
      cpuInitializationPeriodSeconds: settings.cpuInitializationPeriodSeconds,
      delayOfInitialReadinessStatusSeconds: settings.initialReadinessDelaySeconds,
      podLevelResources: settings.podLevelResources,
    };
    const combined = combineMetrics(spec.metrics?.length ? spec.metrics : DEFAULT_METRICS, ctx, current, input.statusReplicas, input.metrics, conditions);
    conditions = combined.conditions;
    detail = { proposals: combined.proposals, recommendation: combined.replicas };
    if (combined.replicas === null) {
      return { desiredReplicas: input.previousDesiredReplicas ?? current, scaleUpdated: false, conditions, state, detail };
    }
    desired = Math.max(0, combined.replicas);
    const normalized = behavior
      ? normalizeWithBehavior(behavior, settings, state, current, desired, minReplicas, spec.maxReplicas, now, conditions)
      : normalizeLegacy(settings, state, current, desired, minReplicas, spec.maxReplicas, now, conditions);
    ({ desired, conditions } = normalized);
    detail = { ...detail, stabilized: normalized.stabilized };
    state = { ...state, recommendations: normalized.recommendations };
    rescale = desired !== current;
  }

  if (rescale) {
    conditions = setCondition(conditions, 'AbleToScale', true, 'SucceededRescale');
    state = { ...state, ...storeScaleEvent(behavior, state, current, desired, now) };
  } else {
    desired = current;
  }
  return { desiredReplicas: desired, scaleUpdated: rescale, conditions, state, ...(detail ? { detail } : {}) };
}

/**
 * computeReplicasForMetrics: the max of the valid proposals. Any invalid metric blocks a
 * scale-down (and all invalid aborts): `replicas: null` means "do nothing this sync".
 */
function combineMetrics(
  metrics: readonly MetricSpec[], ctx: CalculatorContext, specReplicas: number, statusReplicas: number, snapshot: MetricsSnapshot, conditions: Condition[],
): { replicas: number | null; conditions: Condition[]; proposals: MetricProposal[] } {
  const proposals: MetricProposal[] = [];
  let replicas = 0;
  let invalid = 0;
  let firstInvalid: { reason: string; message: string } | null = null;
  for (const spec of metrics) {
    const p = proposeForMetric(spec, ctx, specReplicas, statusReplicas, snapshot);
    proposals.push(p);
    if (!p.ok) {
      invalid++;
      firstInvalid ??= p;
      continue;
    }
    if (replicas === 0 || p.replicas > replicas) replicas = p.replicas;
  }
  if (invalid >= metrics.length || (invalid > 0 && replicas < specReplicas)) {
    return { replicas: null, proposals, conditions: setCondition(conditions, 'ScalingActive', false, firstInvalid!.reason, firstInvalid!.message) };
  }
  return { replicas, proposals, conditions: setCondition(conditions, 'ScalingActive', true, 'ValidMetricFound') };
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
  let conds = setCondition(conditions, 'AbleToScale', true, stabilized.replicas !== prenormalized ? 'ScaleDownStabilized' : 'ReadyForNewScale');
  const converted = convertWithRules(current, stabilized.replicas, min, max, settings.scaleUpLimitFactor, settings.scaleUpLimitMinimum);
  conds = setCondition(conds, 'ScalingLimited', converted.replicas !== stabilized.replicas, converted.reason);
  return { desired: converted.replicas, stabilized: stabilized.replicas, conditions: conds, recommendations: stabilized.recommendations };
}

/** normalizeDesiredReplicasWithBehaviors: stabilization bracket, then per-policy rate limits. */
function normalizeWithBehavior(
  behavior: EffectiveBehavior, settings: ControllerSettings, state: ControllerState, current: number, prenormalized: number,
  min: number, max: number, now: Time, conditions: Condition[],
): Normalized {
  const downWindow = behavior.scaleDown.stabilizationWindowSeconds ?? settings.downscaleStabilizationWindowSeconds;
  const stabilized = stabilizeWithBehavior(state.recommendations ?? [], current, prenormalized, behavior.scaleUp.stabilizationWindowSeconds ?? 0, downWindow, now);
  let conds = setCondition(conditions, 'AbleToScale', true, stabilized.replicas !== prenormalized ? stabilized.reason : 'ReadyForNewScale');
  const converted = convertWithBehaviorRate({
    current, desired: stabilized.replicas, minReplicas: min, maxReplicas: max, scaleUp: behavior.scaleUp, scaleDown: behavior.scaleDown,
    upEvents: state.scaleUpEvents, downEvents: state.scaleDownEvents, now,
  });
  conds = setCondition(conds, 'ScalingLimited', converted.replicas !== stabilized.replicas, converted.reason);
  return { desired: converted.replicas, stabilized: stabilized.replicas, conditions: conds, recommendations: stabilized.recommendations };
}
