import { approximateFloat } from './quantity';
import { Behavior, ControllerSettings, Tolerances } from './types';

/** Tolerances.isWithin (replica_calculator.go): inclusive at both ends, in float64. */
export function isWithin(t: Tolerances, ratio: number): boolean {
  return 1 - t.scaleDown <= ratio && ratio <= 1 + t.scaleUp;
}

/** tolerancesForHpa (horizontal.go): the cluster flag, overridden per direction by behavior (gate). */
export function tolerancesForHpa(behavior: Behavior | null | undefined, settings: ControllerSettings): Tolerances {
  let scaleDown = settings.tolerance;
  let scaleUp = settings.tolerance;
  if (behavior && settings.configurableTolerance) {
    if (behavior.scaleDown?.tolerance != null) scaleDown = approximateFloat(behavior.scaleDown.tolerance);
    if (behavior.scaleUp?.tolerance != null) scaleUp = approximateFloat(behavior.scaleUp.tolerance);
  }
  return { scaleDown, scaleUp };
}
