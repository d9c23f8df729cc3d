/**
 * Types of the HPA controller model. Times are milliseconds on any fixed clock; metric quantities
 * are int64 milli-units as bigint (upstream uses Quantity.MilliValue() and int64 arithmetic, and
 * the overflow cases reach MaxInt64); replica counts are int32 as number.
 */
export type Time = number;
export type Milli = bigint;

/**
 * A metric value as a metrics API hands it to the engine (MetricsSnapshot, PodResourceSample), in
 * milli-units: a bigint, or a number holding an integer, taken as exactly `BigInt(n)` (a fraction,
 * NaN or an infinity is a RangeError, as `BigInt(n)` throws). A number spares the caller a bigint
 * per value; the engine computes in float64 only where every intermediate is a safe integer
 * (|x| <= 2^53 - 1), where float64 and int64 arithmetic give the same results, and in bigint
 * otherwise (safe-integer-paths.ts).
 */
export type MilliInput = Milli | number;

/** Go's zero time.Time (0001-01-01T00:00:00Z) in Unix milliseconds: finite, so `zero + window` works. */
export const GO_ZERO_TIME: Time = -62135596800000;

export const MAX_INT32 = 2147483647;
export const MIN_INT32 = -2147483648;
export const MAX_INT64 = 9223372036854775807n;

export type PodPhase = 'Pending' | 'Running' | 'Succeeded' | 'Failed' | 'Unknown';

export interface ContainerSpec {
  readonly name: string;
  /** Requests in milli-units per resource name (cpu, memory, ...). */
  readonly requests?: Readonly<Record<string, Milli>>;
  /** Init containers only: `Always` makes it a restartable (sidecar) init container. */
  readonly restartPolicy?: string;
}

/** What the pod lister returns for the scale target's selector. */
export interface Pod {
  readonly name: string;
  readonly phase: PodPhase;
  /** deletionTimestamp != nil. */
  readonly deleted: boolean;
  /** status.startTime; null = nil. */
  readonly startTime: Time | null;
  /** The Ready condition; null = absent. */
  readonly ready: { readonly status: 'True' | 'False' | 'Unknown'; readonly lastTransitionTime: Time } | null;
  readonly containers: readonly ContainerSpec[];
  readonly initContainers?: readonly ContainerSpec[];
  /** Pod-level requests (spec.resources), used when the PodLevelResources gate is on. */
  readonly podRequests?: Readonly<Record<string, Milli>>;
}

/** One pod's sample from the resource metrics API (metrics.k8s.io). */
export interface PodResourceSample {
  readonly name: string;
  readonly timestamp: Time;
  readonly windowSeconds: number;
  /** Per container usage in milli-units; null = the container reported no value for the resource. */
  readonly containers: ReadonlyArray<{ readonly name: string; readonly usage: MilliInput | null }>;
}

/** A pod's metric after the metrics client: PodMetricsInfo[pod]. */
export interface PodMetric {
  readonly value: Milli;
  readonly timestamp: Time;
  readonly windowSeconds: number;
}
export type PodMetricsInfo = Map<string, PodMetric>;

export interface Tolerances {
  readonly scaleDown: number;
  readonly scaleUp: number;
}

// ---- autoscaling/v2 spec (the shape our constructs emit; quantities as strings or numbers) ----

export type QuantityLike = string | number;

export interface MetricTarget {
  readonly type: string;
  readonly averageUtilization?: number;
  readonly averageValue?: QuantityLike;
  readonly value?: QuantityLike;
}

export interface MetricSpec {
  readonly type: string;
  readonly resource?: { readonly name: string; readonly target: MetricTarget };
  readonly containerResource?: { readonly name: string; readonly container: string; readonly target: MetricTarget };
  readonly pods?: { readonly metric: { readonly name: string; readonly selector?: unknown }; readonly target: MetricTarget };
  readonly object?: {
    readonly metric: { readonly name: string; readonly selector?: unknown };
    readonly describedObject: { readonly kind: string; readonly name: string; readonly apiVersion?: string };
    readonly target: MetricTarget;
  };
  readonly external?: { readonly metric: { readonly name: string; readonly selector?: unknown }; readonly target: MetricTarget };
}

export interface ScalingPolicy {
  readonly type: 'Pods' | 'Percent' | string;
  readonly value: number;
  readonly periodSeconds: number;
}

export interface ScalingRules {
  readonly stabilizationWindowSeconds?: number | null;
  readonly selectPolicy?: 'Max' | 'Min' | 'Disabled' | string | null;
  readonly policies?: readonly ScalingPolicy[] | null;
  readonly tolerance?: QuantityLike | null;
}

export interface Behavior {
  readonly scaleUp?: ScalingRules | null;
  readonly scaleDown?: ScalingRules | null;
}

export interface HpaSpec {
  /** Names the target in upstream's messages ("Deployment/<namespace>/<name>"). */
  readonly scaleTargetRef?: { readonly kind: string; readonly name: string; readonly apiVersion?: string } | null;
  readonly minReplicas?: number | null;
  readonly maxReplicas: number;
  readonly metrics?: readonly MetricSpec[] | null;
  readonly behavior?: Behavior | null;
}

// ---- controller state and settings ----

export interface TimestampedRecommendation {
  readonly recommendation: number;
  readonly timestamp: Time;
}

export interface ScaleEvent {
  readonly replicaChange: number;
  readonly timestamp: Time;
  readonly outdated: boolean;
}

/**
 * The controller's in-memory state for one HPA. `recommendations: null` is a fresh controller
 * (the next reconcile seeds it); an empty list is an existing, empty history.
 */
export interface ControllerState {
  readonly recommendations: readonly TimestampedRecommendation[] | null;
  readonly scaleUpEvents: readonly ScaleEvent[];
  readonly scaleDownEvents: readonly ScaleEvent[];
}

export const FRESH_STATE: ControllerState = { recommendations: null, scaleUpEvents: [], scaleDownEvents: [] };

/** kube-controller-manager settings that differ between clusters, with upstream defaults. */
export interface ControllerSettings {
  /** --horizontal-pod-autoscaler-sync-period. */
  readonly syncPeriodSeconds: number;
  /** --horizontal-pod-autoscaler-tolerance. */
  readonly tolerance: number;
  /** --horizontal-pod-autoscaler-downscale-stabilization. */
  readonly downscaleStabilizationWindowSeconds: number;
  /** --horizontal-pod-autoscaler-cpu-initialization-period. */
  readonly cpuInitializationPeriodSeconds: number;
  /** --horizontal-pod-autoscaler-initial-readiness-delay. */
  readonly initialReadinessDelaySeconds: number;
  /** Legacy path (no behavior) scale-up limit: max(factor x current, minimum). */
  readonly scaleUpLimitFactor: number;
  readonly scaleUpLimitMinimum: number;
  /** Feature gate HPAConfigurableTolerance (alpha 1.33, beta and on by default 1.35). */
  readonly configurableTolerance: boolean;
  /** Feature gate PodLevelResources. */
  readonly podLevelResources: boolean;
}

export const DEFAULT_SETTINGS: ControllerSettings = {
  syncPeriodSeconds: 15,
  tolerance: 0.1,
  downscaleStabilizationWindowSeconds: 300,
  cpuInitializationPeriodSeconds: 300,
  initialReadinessDelaySeconds: 30,
  scaleUpLimitFactor: 2,
  scaleUpLimitMinimum: 4,
  configurableTolerance: true,
  podLevelResources: true,
};

export interface Condition {
  readonly type: 'AbleToScale' | 'ScalingActive' | 'ScalingLimited';
  readonly status: 'True' | 'False';
  readonly reason: string;
  /** Upstream's exact message (see messages.ts); optional only for conditions built by hand. */
  readonly message?: string;
  /** When the status last changed (setConditionInList: only a status change moves it). */
  readonly lastTransitionTime?: Time;
}

/**
 * MetricValueStatus (status.currentMetrics[i].<source>.current) as computeStatusFor*Metric fills
 * it, in milli-units: the unadjusted values (utilization before missing/unready pods are filled in),
 * Object/External AverageValue the reported per-replica average.
 */
export interface MetricValueStatus {
  readonly value?: Milli;
  readonly averageValue?: Milli;
  readonly averageUtilization?: number;
}

/** status.currentMetrics[i]: the metric's identity and current value; `current` is absent when the metric failed. */
export interface MetricStatus {
  readonly type: string;
  /** Resource name for Resource/ContainerResource, else the metric name. */
  readonly name: string;
  readonly container?: string;
  readonly current?: MetricValueStatus;
}

/** An event the controller records on the HPA (kubectl describe hpa, "Events:"). */
export interface HpaEvent {
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly message: string;
}

/** A failed metric fetch or calculation; becomes a ScalingActive=False condition. */
export class MetricError extends Error {}
