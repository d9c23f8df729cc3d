/**
 * Freezes a value and everything it holds, so one object can be shared by every caller (a validated
 * environment, a kept parse or simulation) without one of them changing it under the others. The
 * parent is frozen before its children, so a cycle ends at the first frozen object.
 */
export function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
