import { Time, TimestampedRecommendation } from './types';

export interface Stabilized {
  readonly replicas: number;
  /** The history after storing {prenormalized, now} (in the last old slot, else appended). */
  readonly recommendations: TimestampedRecommendation[];
}

function store(recs: readonly TimestampedRecommendation[], oldSlot: number, entry: TimestampedRecommendation): TimestampedRecommendation[] {
  const next = [...recs];
  if (oldSlot >= 0) next[oldSlot] = entry;
  else next.push(entry);
  return next;
}

/**
 * stabilizeRecommendation (legacy path, no behavior): rolling maximum over recommendations not
 * older than the downscale window, including the current one.
 */
export function stabilizeLegacy(
  recommendations: readonly TimestampedRecommendation[], prenormalized: number, windowSeconds: number, now: Time,
): Stabilized {
  const cutoff = now - windowSeconds * 1000;
  let max = prenormalized;
  let oldSlot = -1;
  recommendations.forEach((rec, i) => {
    if (rec.timestamp < cutoff) oldSlot = i;
    else if (rec.recommendation > max) max = rec.recommendation;
  });
  return { replicas: max, recommendations: store(recommendations, oldSlot, { recommendation: prenormalized, timestamp: now }) };
}

export interface BehaviorStabilized extends Stabilized {
  readonly reason: 'ScaleUpStabilized' | 'ScaleDownStabilized';
}

/**
 * stabilizeRecommendationWithBehaviors: clamp(current, lowest recommendation in the up window,
 * highest in the down window). Records strictly inside a window count; a slot is reusable only when
 * strictly older than both windows.
 */
export function stabilizeWithBehavior(
  recommendations: readonly TimestampedRecommendation[], currentReplicas: number, prenormalized: number,
  scaleUpWindowSeconds: number, scaleDownWindowSeconds: number, now: Time,
): BehaviorStabilized {
  const upCutoff = now - scaleUpWindowSeconds * 1000;
  const downCutoff = now - scaleDownWindowSeconds * 1000;
  let up = prenormalized;
  let down = prenormalized;
  let oldSlot = -1;
  for (let i = 0; i < recommendations.length; i++) {
    const rec = recommendations[i];
    if (rec.timestamp > upCutoff) up = Math.min(rec.recommendation, up);
    if (rec.timestamp > downCutoff) down = Math.max(rec.recommendation, down);
    if (rec.timestamp < upCutoff && rec.timestamp < downCutoff) oldSlot = i;
  }
  let replicas = currentReplicas;
  if (replicas < up) replicas = up;
  if (replicas > down) replicas = down;
  return {
    replicas,
    reason: prenormalized >= currentReplicas ? 'ScaleUpStabilized' : 'ScaleDownStabilized',
    recommendations: store(recommendations, oldSlot, { recommendation: prenormalized, timestamp: now }),
  };
}
