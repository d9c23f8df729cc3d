import { HpaScalingRulesV2 } from '../../imports/k8s';
import { seconds } from './primitives';
import { ScalingRule } from './schema';

/**
 * Intent-level scaling rule -> autoscaling/v2 HPAScalingRules. Both policies share one period, so
 * "100% or 5 pods per 60s, the larger" reads as it is meant; policies are emitted in a fixed order
 * (Percent, then Pods) so output is stable.
 */
export function scalingRules(rule: ScalingRule): HpaScalingRulesV2 {
  const periodSeconds = seconds(rule.every);
  const policies = [
    ...(rule.percent !== undefined ? [{ type: 'Percent', value: rule.percent, periodSeconds }] : []),
    ...(rule.pods !== undefined ? [{ type: 'Pods', value: rule.pods, periodSeconds }] : []),
  ];
  return {
    stabilizationWindowSeconds: seconds(rule.stabilization),
    selectPolicy: rule.select,
    ...(policies.length > 0 ? { policies } : {}),
  };
}
