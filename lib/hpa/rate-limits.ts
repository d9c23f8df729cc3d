import { EffectiveRules } from './behavior-defaults';
import { replicasChangePerPeriod } from './scale-events';
import { MAX_INT32, MIN_INT32, ScaleEvent, Time } from './types';

/** int32(float64) truncates toward zero. */
const int32 = (x: number) => Math.trunc(x);

/** The replica count at the start of a policy's period: undo both directions' recent events. */
function periodStart(current: number, periodSeconds: number, upEvents: readonly ScaleEvent[], downEvents: readonly ScaleEvent[], now: Time): number {
  return current - replicasChangePerPeriod(periodSeconds, upEvents, now) + replicasChangePerPeriod(periodSeconds, downEvents, now);
}

/**
 * calculateScaleUpLimitWithScalingRules / calculateScaleDownLimitWithBehaviors. Each policy proposes
 * a bound from the count at the start of its period; Max picks the policy allowing the largest
 * change, Min the smallest, Disabled allows none. Percent stays in float64 exactly as upstream:
 * up ceil(start * (1 + value/100)), so 100 pods +10% gives 111, not 110; down
 * int32(start * (1 - value/100)), truncating.
 */
function policyLimit(direction: 'up' | 'down', current: number, upEvents: readonly ScaleEvent[], downEvents: readonly ScaleEvent[], rules: EffectiveRules, now: Time): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const highest = (direction === 'up') === (rules.selectPolicy !== 'Min');
  let result = highest ? MIN_INT32 : MAX_INT32;
  for (const policy of rules.policies) {
    const start = periodStart(current, policy.periodSeconds, upEvents, downEvents, now);
    let proposed: number;
    if (policy.type === 'Pods') proposed = direction === 'up' ? start + policy.value : start - policy.value;
    else if (policy.type === 'Percent') proposed = direction === 'up' ? int32(Math.ceil(start * (1 + policy.value / 100))) : int32(start * (1 - policy.value / 100));
    else continue;
    result = highest ? Math.max(result, proposed) : Math.min(result, proposed);
  }
  return result;
}

export function scaleUpLimit(current: number, upEvents: readonly ScaleEvent[], downEvents: readonly ScaleEvent[], rules: EffectiveRules, now: Time): number {
  return policyLimit('up', current, upEvents, downEvents, rules, now);
}

export function scaleDownLimit(current: number, upEvents: readonly ScaleEvent[], downEvents: readonly ScaleEvent[], rules: EffectiveRules, now: Time): number {
  return policyLimit('down', current, upEvents, downEvents, rules, now);
}

export interface Converted {
  readonly replicas: number;
  /** The ScalingLimited reason. */
  readonly reason: string;
}

/** convertDesiredReplicasWithBehaviorRate: only the bound in the direction of travel applies. */
export function convertWithBehaviorRate(
  args: { current: number; desired: number; minReplicas: number; maxReplicas: number; scaleUp: EffectiveRules; scaleDown: EffectiveRules;
    upEvents: readonly ScaleEvent[]; downEvents: readonly ScaleEvent[]; now: Time },
): Converted {
  const { current, desired } = args;
  if (desired > current) {
    let limit = scaleUpLimit(current, args.upEvents, args.downEvents, args.scaleUp, args.now);
    if (limit < current) limit = current;
    const [maximum, reason] = args.maxReplicas > limit ? [limit, 'ScaleUpLimit'] : [args.maxReplicas, 'TooManyReplicas'];
    if (desired > maximum) return { replicas: maximum, reason };
  } else if (desired < current) {
    let limit = scaleDownLimit(current, args.upEvents, args.downEvents, args.scaleDown, args.now);
    if (limit > current) limit = current;
    const [minimum, reason] = args.minReplicas < limit ? [limit, 'ScaleDownLimit'] : [args.minReplicas, 'TooFewReplicas'];
    if (desired < minimum) return { replicas: minimum, reason };
  }
  return { replicas: desired, reason: 'DesiredWithinRange' };
}

/** convertDesiredReplicasWithRules (legacy path): min/max always, and max(factor x current, minimum) up. */
export function convertWithRules(current: number, desired: number, minReplicas: number, maxReplicas: number, factor: number, minimumLimit: number): Converted {
  const upLimit = int32(Math.max(factor * current, minimumLimit));
  const [maximum, reason] = maxReplicas > upLimit ? [upLimit, 'ScaleUpLimit'] : [maxReplicas, 'TooManyReplicas'];
  if (desired < minReplicas) return { replicas: minReplicas, reason: 'TooFewReplicas' };
  if (desired > maximum) return { replicas: maximum, reason };
  return { replicas: desired, reason: 'DesiredWithinRange' };
}
