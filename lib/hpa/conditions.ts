import { Condition, Time } from './types';

/**
 * setConditionInList (horizontal.go): replace the condition of that type in place, or append it
 * (order of first insertion). The transition time moves only when the status changes (a new
 * condition starts from an empty status, so it always gets one).
 */
export function setCondition(
  conditions: readonly Condition[], type: Condition['type'], status: boolean, reason: string, message: string, now?: Time,
): Condition[] {
  // Plain loops: a reconcile sets four or five conditions, and the simulator reconciles every sync.
  const statusText = status ? 'True' : 'False';
  let i = -1;
  for (let j = 0; j < conditions.length; j++) {
    if (conditions[j].type === type) {
      i = j;
      break;
    }
  }
  const previous = i >= 0 ? conditions[i] : undefined;
  const lastTransitionTime = previous && previous.status === statusText ? previous.lastTransitionTime : now;
  const next: Condition = lastTransitionTime !== undefined
    ? { type, status: statusText, reason, message, lastTransitionTime }
    : { type, status: statusText, reason, message };
  const out = conditions.slice();
  if (i >= 0) out[i] = next;
  else out.push(next);
  return out;
}
