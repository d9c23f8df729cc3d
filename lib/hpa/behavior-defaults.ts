import { Behavior, ScalingPolicy, ScalingRules } from './types';

/** Rules with every field the controller reads filled in (scaleDown's window may stay null). */
export interface EffectiveRules {
  readonly stabilizationWindowSeconds: number | null;
  readonly selectPolicy: string;
  readonly policies: readonly ScalingPolicy[];
  readonly tolerance?: ScalingRules['tolerance'];
}

export interface EffectiveBehavior {
  readonly scaleUp: EffectiveRules;
  readonly scaleDown: EffectiveRules;
}

/** defaults.go GenerateHPAScaleUpRules defaults (policy order as upstream: Pods, then Percent). */
const DEFAULT_SCALE_UP: EffectiveRules = {
  stabilizationWindowSeconds: 0,
  selectPolicy: 'Max',
  policies: [{ type: 'Pods', value: 4, periodSeconds: 15 }, { type: 'Percent', value: 100, periodSeconds: 15 }],
};

/** GenerateHPAScaleDownRules defaults; the nil window is filled by the controller (flag, 300 s). */
const DEFAULT_SCALE_DOWN: EffectiveRules = {
  stabilizationWindowSeconds: null,
  selectPolicy: 'Max',
  policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }],
};

/** copyHPAScalingRules: each non-nil user field replaces the default. */
function merge(defaults: EffectiveRules, user: ScalingRules | null | undefined): EffectiveRules {
  if (!user) return defaults;
  return {
    stabilizationWindowSeconds: user.stabilizationWindowSeconds ?? defaults.stabilizationWindowSeconds,
    selectPolicy: user.selectPolicy ?? defaults.selectPolicy,
    policies: user.policies ?? defaults.policies,
    ...(user.tolerance != null ? { tolerance: user.tolerance } : {}),
  };
}

/**
 * SetDefaults_HorizontalPodAutoscalerBehavior: only a non-nil behavior is defaulted (both
 * directions); a nil behavior stays nil and selects the legacy path.
 */
export function defaultBehavior(behavior: Behavior | null | undefined): EffectiveBehavior | null {
  if (!behavior) return null;
  // Reconciled every sync with the same spec: the defaulted rules are kept per behavior object
  // (the engine treats its input as read-only).
  const known = defaulted.get(behavior);
  if (known && known.scaleUp === behavior.scaleUp && known.scaleDown === behavior.scaleDown) return known.effective;
  const effective = { scaleUp: merge(DEFAULT_SCALE_UP, behavior.scaleUp), scaleDown: merge(DEFAULT_SCALE_DOWN, behavior.scaleDown) };
  defaulted.set(behavior, { scaleUp: behavior.scaleUp, scaleDown: behavior.scaleDown, effective });
  return effective;
}

const defaulted = new WeakMap<Behavior, { scaleUp: Behavior['scaleUp']; scaleDown: Behavior['scaleDown']; effective: EffectiveBehavior }>();
