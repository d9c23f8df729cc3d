/** A pure model of the Kubernetes autoscaling/v2 HPA controller (see README, "HPA engine"). */
export * from './types';
export { milliValue, approximateFloat, quantityInRange, MAX_QUANTITY } from './quantity';
export { isWithin, tolerancesForHpa } from './tolerance';
export { groupPods } from './pod-grouping';
export { calculateRequests } from './requests';
export * from './replica-calculator';
export { getResourceMetric, getRawMetric, getObjectMetric, getExternalMetric } from './metrics-client';
export * as messages from './messages';
export { goInt32, goInt64 } from './go-numeric';
export { defaultBehavior, type EffectiveBehavior, type EffectiveRules } from './behavior-defaults';
export { stabilizeLegacy, stabilizeWithBehavior } from './stabilization';
export { scaleUpLimit, scaleDownLimit, convertWithBehaviorRate, convertWithRules } from './rate-limits';
export { storeScaleEvent, replicasChangePerPeriod } from './scale-events';
export { type MetricsSnapshot, type MetricProposal, proposeForMetric, proposeWithStatus } from './metric-proposals';
export type { PodValues } from './metrics-client';
export { reconcile, type ReconcileDetail, type ReconcileInput, type ReconcileResult } from './reconcile';
