import { Condition, Time } from './types';

/**
 * setConditionInList (horizontal.go): replace the condition of that type in place, or append it
 * (order of first insertion). The transition time moves only when the status changes (a new
 * condition starts from an empty status, so it always gets one).
 */
export function setCondition(
  conditions: readonly Condition[], type: Condition['type'], status: boolean, reason: string, message: string, now?: Time,
): Condition[] {
  const statusText = status ? 'True' : 'False';
  const i = conditions.findIndex((c) => c.type === type);
  const previous = i >= 0 ? conditions[i] : undefined;
  const lastTransitionTime = previous && previous.status === statusText ? previous.lastTransitionTime : now;
  const next: Condition = { type, status: statusText, reason, message, ...(lastTransitionTime !== undefined ? { lastTransitionTime } : {}) };
  return i >= 0 ? conditions.map((c, j) => (j === i ? next : c)) : [...conditions, next];
}
