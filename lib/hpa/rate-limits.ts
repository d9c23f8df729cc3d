import { EffectiveRules } from './behavior-defaults';
import { replicasChangePerPeriod as replicasChangePerPeriodImport } from './scale-events';
import { goInt32 as goInt32Import, wrap32 as wrap32Import } from './go-numeric';
import { limitMessage as limitMessageImport } from './messages';
import { MAX_INT32 as MAX_INT32Import, MIN_INT32 as MIN_INT32Import, ScaleEvent, Time } from './types';

// Bindings used at every sync, read once: under tsx (CommonJS) every read of an imported binding
// calls two getters, and a simulation reconciles hundreds of thousands of times.
const replicasChangePerPeriod = replicasChangePerPeriodImport;
const goInt32 = goInt32Import;
const wrap32 = wrap32Import;
const limitMessage = limitMessageImport;
const MAX_INT32 = MAX_INT32Import;
const MIN_INT32 = MIN_INT32Import;

/**
 * The replica count at the start of a policy's period: undo both directions' recent events
 * (`currentReplicas - replicasAddedInCurrentPeriod + replicasDeletedInCurrentPeriod`, int32).
 */
function periodStart(current: number, periodSeconds: number, upEvents: readonly ScaleEvent[], downEvents: readonly ScaleEvent[], now: Time): number {
  return wrap32(wrap32(current - replicasChangePerPeriod(periodSeconds, upEvents, now)) + replicasChangePerPeriod(periodSeconds, downEvents, now));
}

/**
 * calculateScaleUpLimitWithScalingRules / calculateScaleDownLimitWithBehaviors. Each policy proposes
 * a bound from the count at the start of its period; Max picks the policy allowing the largest
 * change, Min the smallest, Disabled allows none. Percent stays in float64 exactly as upstream:
 * up `int32(math.Ceil(float64(periodStartReplicas) * (1 + float64(policy.Value)/100)))`, so 100
 * pods +10% gives 111, not 110; down `int32(float64(periodStartReplicas) * (1 - float64(policy.Value)/100))`,
 * truncating; both through Go's int32() (goInt32). Pods adds/subtracts in int32. A policy of another
 * type (API validation rejects it) reuses the previous policy's proposal, as upstream's `proposed`
 * variable declared outside the loop does.
 */
function policyLimit(direction: 'up' | 'down', current: number, upEvents: readonly ScaleEvent[], downEvents: readonly ScaleEvent[], rules: EffectiveRules, now: Time): number {
  if (rules.selectPolicy === 'Disabled') return current;
  const highest = (direction === 'up') === (rules.selectPolicy !== 'Min');
  let result = highest ? MIN_INT32 : MAX_INT32;
  let proposed = 0;
  for (const policy of rules.policies) {
    const start = periodStart(current, policy.periodSeconds, upEvents, downEvents, now);
    if (policy.type === 'Pods') proposed = wrap32(direction === 'up' ? start + policy.value : start - policy.value);
    else if (policy.type === 'Percent') proposed = direction === 'up' ? goInt32(Math.ceil(start * (1 + policy.value / 100))) : goInt32(start * (1 - policy.value / 100));
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
  /** The ScalingLimited message, upstream's wording for the reason. */
  readonly message: string;
}

const converted = (replicas: number, reason: string): Converted => ({ replicas, reason, message: limitMessage(reason) });

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
    if (desired > maximum) return converted(maximum, reason);
  } else if (desired < current) {
    let limit = scaleDownLimit(current, args.upEvents, args.downEvents, args.scaleDown, args.now);
    if (limit > current) limit = current;
    const [minimum, reason] = args.minReplicas < limit ? [limit, 'ScaleDownLimit'] : [args.minReplicas, 'TooFewReplicas'];
    if (desired < minimum) return converted(minimum, reason);
  }
  return converted(desired, 'DesiredWithinRange');
}

/**
 * convertDesiredReplicasWithRules (legacy path): min/max always, and up to calculateScaleUpLimit
 * = `int32(math.Max(scaleUpLimitFactor*float64(currentReplicas), scaleUpLimitMinimum))`.
 */
export function convertWithRules(current: number, desired: number, minReplicas: number, maxReplicas: number, factor: number, minimumLimit: number): Converted {
  const upLimit = goInt32(Math.max(factor * current, minimumLimit));
  const [maximum, reason] = maxReplicas > upLimit ? [upLimit, 'ScaleUpLimit'] : [maxReplicas, 'TooManyReplicas'];
  if (desired < minReplicas) return converted(minReplicas, 'TooFewReplicas');
  if (desired > maximum) return converted(maximum, reason);
  return converted(desired, 'DesiredWithinRange');
}
