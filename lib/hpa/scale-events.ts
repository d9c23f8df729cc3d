import { EffectiveBehavior } from './behavior-defaults';
import { wrap32 } from './go-numeric';
import { ScaleEvent, Time } from './types';

/** getReplicasChangePerPeriod: int32 total change of events strictly younger than the period. */
export function replicasChangePerPeriod(periodSeconds: number, events: readonly ScaleEvent[], now: Time): number {
  const cutoff = now - periodSeconds * 1000;
  let sum = 0;
  for (const e of events) if (e.timestamp > cutoff) sum = wrap32(sum + e.replicaChange);
  return sum;
}

export interface ScaleEvents {
  readonly scaleUpEvents: readonly ScaleEvent[];
  readonly scaleDownEvents: readonly ScaleEvent[];
}

/**
 * storeScaleEvent: after a successful rescale, record |change| in that direction's list. Events
 * older than the direction's longest policy period are marked outdated (for good) and the last
 * outdated slot is reused. The legacy path (no behavior) records nothing.
 */
export function storeScaleEvent(behavior: EffectiveBehavior | null, events: ScaleEvents, prev: number, next: number, now: Time): ScaleEvents {
  if (!behavior) return events;
  const up = next > prev;
  const rules = up ? behavior.scaleUp : behavior.scaleDown;
  const longest = Math.max(0, ...rules.policies.map((p) => p.periodSeconds));
  const cutoff = now - longest * 1000;
  const list = (up ? events.scaleUpEvents : events.scaleDownEvents).map((e) => (e.timestamp < cutoff ? { ...e, outdated: true } : e));
  const entry: ScaleEvent = { replicaChange: up ? next - prev : prev - next, timestamp: now, outdated: false };
  const lastOutdated = list.map((e) => e.outdated).lastIndexOf(true);
  if (lastOutdated >= 0) list[lastOutdated] = entry;
  else list.push(entry);
  return up ? { ...events, scaleUpEvents: list } : { ...events, scaleDownEvents: list };
}
