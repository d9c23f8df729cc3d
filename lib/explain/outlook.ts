import {
  convertWithBehaviorRate, convertWithRules, ControllerSettings, defaultBehavior, EffectiveBehavior, EffectiveRules, HpaSpec, ScaleEvent,
  scaleDownLimit, scaleUpLimit, ScalingPolicy, storeScaleEvent, Time,
} from '../hpa';

/**
 * What an HPA's behaviour allows from its current replica count: the next step in each direction
 * and when it can happen. Every bound comes from the engine (rate limits, scale-event bookkeeping);
 * what the status does not record (the recommendation history, the size of earlier scale events) is
 * given as a range, never guessed.
 */

export interface PolicyStep {
  /** `+100% per 60 s`, `-2 pods per 300 s`. */
  readonly text: string;
  /** Replicas this policy alone allows from `from`, with no scale event in its period. */
  readonly to: number;
  /** lastScaleTime + periodSeconds when that is still ahead: before it, the step may be smaller. */
  readonly fullFrom: Time | null;
}

export interface DirectionOutlook {
  readonly direction: 'up' | 'down';
  /** The rule in plain words. */
  readonly rule: string;
  readonly disabled: boolean;
  /** Stabilization window in seconds (scale-down: behavior or the controller flag). */
  readonly windowSeconds: number;
  /** Replicas one step reaches from `from` (all policies combined, clamped to min/max). */
  readonly stepTo: number;
  readonly policies: readonly PolicyStep[];
  /** When every policy period is clear of lastScaleTime (null: already clear, or unknown). */
  readonly clearAt: Time | null;
}

export interface Projection {
  /** Sync times and the replica count set then, while the load stays as it is now. */
  readonly steps: ReadonlyArray<{ readonly time: Time; readonly replicas: number }>;
  /** When the wanted count is reached (null: not within the horizon). */
  readonly reachedAt: Time | null;
}

export interface Outlook {
  readonly from: number;
  /** True when spec.behavior is absent: the controller's legacy rules apply. */
  readonly legacy: boolean;
  /** What the metrics ask for now (clamped to min/max), null when no metric could be read. */
  readonly wanted: number | null;
  readonly direction: 'up' | 'down' | 'none';
  readonly up: DirectionOutlook;
  readonly down: DirectionOutlook;
  /**
   * For a pending change: its first step happens by `earliest` (the next sync) when the
   * recommendation history lets it through, and by `latest` (window + one sync) at the latest if
   * the load stays as it is. Which one the history allows is not in the status.
   */
  readonly window: { readonly earliest: Time; readonly latest: Time } | null;
  /** The latest time the next sync happens (now + sync period). */
  readonly nextSync: Time;
  /** For a pending change: the steps to `wanted` from the earliest start, if the load holds. */
  readonly projection: Projection | null;
}

export interface OutlookInput {
  readonly spec: HpaSpec;
  readonly from: number;
  readonly wanted: number | null;
  readonly now: Time;
  readonly lastScaleTime: Time | null;
  /** Scale events the status proves (desiredReplicas != currentReplicas at lastScaleTime). */
  readonly knownEvents: { readonly up: readonly ScaleEvent[]; readonly down: readonly ScaleEvent[] };
  readonly settings: ControllerSettings;
}

const seconds = (s: number) => `${s} s`;

function policyText(direction: 'up' | 'down', p: ScalingPolicy): string {
  const sign = direction === 'up' ? '+' : '-';
  const amount = p.type === 'Percent' ? `${p.value}%` : `${p.value} pod${p.value === 1 ? '' : 's'}`;
  return `${sign}${amount} per ${seconds(p.periodSeconds)}`;
}

function ruleText(direction: 'up' | 'down', rules: EffectiveRules, windowSeconds: number): string {
  if (rules.selectPolicy === 'Disabled') return `scale-${direction} is disabled (selectPolicy: Disabled)`;
  const policies = rules.policies.map((p) => policyText(direction, p));
  // Max selects the policy allowing the largest change, in either direction.
  const pick = policies.length === 1 ? policies[0]
    : `the ${rules.selectPolicy === 'Min' ? 'smaller' : 'larger'} of ${policies.join(' and ')} (selectPolicy: ${rules.selectPolicy})`;
  const window = windowSeconds > 0 ? `, after a ${seconds(windowSeconds)} stabilization window` : ', no stabilization window';
  return `${pick}${window}`;
}

function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}

function behaviorDirection(
  direction: 'up' | 'down', behavior: EffectiveBehavior, input: OutlookInput, min: number, max: number,
): DirectionOutlook {
  const rules = direction === 'up' ? behavior.scaleUp : behavior.scaleDown;
  const windowSeconds = direction === 'up' ? rules.stabilizationWindowSeconds ?? 0 : rules.stabilizationWindowSeconds ?? input.settings.downscaleStabilizationWindowSeconds;
  const limit = direction === 'up' ? scaleUpLimit : scaleDownLimit;
  const { up, down } = input.knownEvents;
  const policies = rules.policies.map((p) => {
    const to = clamp(limit(input.from, [], [], { ...rules, selectPolicy: 'Max', policies: [p] }, input.now), min, max);
    const end = input.lastScaleTime === null ? null : input.lastScaleTime + p.periodSeconds * 1000;
    return { text: policyText(direction, p), to, fullFrom: end !== null && end > input.now ? end : null };
  });
  // A bound behind the current count means "no step" (convertDesiredReplicasWithBehaviorRate).
  const bound = direction === 'up' ? Math.max(input.from, limit(input.from, up, down, rules, input.now)) : Math.min(input.from, limit(input.from, up, down, rules, input.now));
  const stepTo = rules.selectPolicy === 'Disabled' ? input.from : clamp(bound, Math.min(min, input.from), Math.max(max, input.from));
  const clear = policies.map((p) => p.fullFrom).filter((t): t is number => t !== null);
  return {
    direction, rule: ruleText(direction, rules, windowSeconds), disabled: rules.selectPolicy === 'Disabled',
    windowSeconds, stepTo, policies, clearAt: clear.length ? Math.max(...clear) : null,
  };
}

function legacyDirection(direction: 'up' | 'down', input: OutlookInput, min: number, max: number): DirectionOutlook {
  const s = input.settings;
  if (direction === 'up') {
    const to = convertWithRules(input.from, max, min, max, s.scaleUpLimitFactor, s.scaleUpLimitMinimum).replicas;
    return {
      direction, disabled: false, windowSeconds: 0, stepTo: Math.max(to, input.from), policies: [], clearAt: null,
      rule: `no spec.behavior: the legacy rule allows up to max(${s.scaleUpLimitFactor} x current, ${s.scaleUpLimitMinimum}) per sync, no stabilization window`,
    };
  }
  return {
    direction, disabled: false, windowSeconds: s.downscaleStabilizationWindowSeconds, stepTo: min, policies: [], clearAt: null,
    rule: `no spec.behavior: any size per sync, after the controller's ${seconds(s.downscaleStabilizationWindowSeconds)} downscale stabilization window (--horizontal-pod-autoscaler-downscale-stabilization)`,
  };
}

/**
 * Steps to `wanted` if the load holds (so the metrics keep asking for `wanted`), from `start`,
 * one reconcile per sync period: the engine's rate limits and scale-event bookkeeping, no
 * stabilization (the projection starts where the window has let the change through).
 */
export function project(input: OutlookInput, wanted: number, start: Time, horizonSeconds = 6 * 3600): Projection {
  const min = input.spec.minReplicas ?? 1;
  const max = input.spec.maxReplicas;
  const behavior = defaultBehavior(input.spec.behavior);
  const s = input.settings;
  let events = { scaleUpEvents: input.knownEvents.up, scaleDownEvents: input.knownEvents.down };
  let current = input.from;
  const steps: { time: Time; replicas: number }[] = [];
  for (let t = start; t <= start + horizonSeconds * 1000; t += s.syncPeriodSeconds * 1000) {
    if (current === wanted) return { steps, reachedAt: steps.length ? steps[steps.length - 1].time : start };
    const next = behavior
      ? convertWithBehaviorRate({
        current, desired: wanted, minReplicas: min, maxReplicas: max, scaleUp: behavior.scaleUp, scaleDown: behavior.scaleDown,
        upEvents: events.scaleUpEvents, downEvents: events.scaleDownEvents, now: t,
      }).replicas
      : convertWithRules(current, wanted, min, max, s.scaleUpLimitFactor, s.scaleUpLimitMinimum).replicas;
    if (next !== current) {
      events = storeScaleEvent(behavior, events, current, next, t) as typeof events;
      steps.push({ time: t, replicas: next });
      current = next;
    }
  }
  return { steps, reachedAt: current === wanted ? steps[steps.length - 1]?.time ?? start : null };
}

export function outlook(input: OutlookInput): Outlook {
  const min = input.spec.minReplicas ?? 1;
  const max = input.spec.maxReplicas;
  const behavior = defaultBehavior(input.spec.behavior);
  const up = behavior ? behaviorDirection('up', behavior, input, min, max) : legacyDirection('up', input, min, max);
  const down = behavior ? behaviorDirection('down', behavior, input, min, max) : legacyDirection('down', input, min, max);
  const wanted = input.wanted === null ? null : clamp(input.wanted, min, max);
  const nextSync = input.now + input.settings.syncPeriodSeconds * 1000;
  const direction = wanted === null || wanted === input.from ? 'none' : wanted > input.from ? 'up' : 'down';
  if (direction === 'none' || wanted === null) {
    return { from: input.from, legacy: !behavior, wanted, direction, up, down, window: null, projection: null, nextSync };
  }
  const d = direction === 'up' ? up : down;
  if (d.disabled) return { from: input.from, legacy: !behavior, wanted, direction, up, down, window: null, projection: null, nextSync };
  const sync = input.settings.syncPeriodSeconds * 1000;
  // The next sync comes within one sync period; a recommendation made at or before `now` leaves the
  // window by now + window, and the sync after that acts on it.
  const projection = project(input, wanted, input.now + sync);
  // The rate limits may hold the first step back beyond the next sync (a recent scale event).
  const first = projection.steps[0]?.time ?? input.now + sync;
  const window = { earliest: first, latest: Math.max(first, input.now + d.windowSeconds * 1000 + sync) };
  return { from: input.from, legacy: !behavior, wanted, direction, up, down, window, projection, nextSync };
}
