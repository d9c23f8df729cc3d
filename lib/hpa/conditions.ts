import { Condition } from './types';

/** setCondition: replace the condition of that type in place, or append it (order of first insertion). */
export function setCondition(conditions: readonly Condition[], type: Condition['type'], status: boolean, reason: string, message?: string): Condition[] {
  const next: Condition = { type, status: status ? 'True' : 'False', reason, ...(message ? { message } : {}) };
  const i = conditions.findIndex((c) => c.type === type);
  return i >= 0 ? conditions.map((c, j) => (j === i ? next : c)) : [...conditions, next];
}
