import { int64 } from './go-numeric';
import {
  customApiFailed, externalApiFailed, NO_CUSTOM_METRICS, NO_EXTERNAL_METRICS, NO_RESOURCE_METRICS, resourceApiFailed,
} from './messages';
import { MetricError, Milli, MilliInput, PodMetricsInfo, PodResourceSample, Time } from './types';

/**
 * The metrics APIs as data: what metrics-server, custom.metrics.k8s.io and external.metrics.k8s.io
 * return at this reconcile. Where an API call fails, throw a MetricError whose message is the API
 * error; the engine wraps it exactly as the controller's metrics client and calculator do.
 */
export interface MetricsSnapshot {
  resource(resource: string): readonly PodResourceSample[];
  pods(metricName: string): PodValues;
  object(metricName: string, describedObject: { kind: string; name: string }): MilliInput;
  external(metricName: string, selector: unknown): readonly MilliInput[];
}

/**
 * A Pods metric's value per pod name, in the API's order: all the engine reads of a map (a Map is
 * one), so a caller may hand lighter structures. Names are unique.
 */
export interface PodValues {
  readonly size: number;
  forEach(visit: (value: MilliInput, pod: string) => void): void;
}

/** A value as given (bigint, or a number holding an integer) as the exact bigint; RangeError for a fraction, NaN or an infinity. */
export const exactMilli = (x: MilliInput): Milli => (typeof x === 'bigint' ? x : BigInt(x));

/** metricServerDefaultMetricWindow (client.go): the window of a custom metric without one. */
const DEFAULT_WINDOW_SECONDS = 60;

/** A failed API call's MetricError, worded by `wrap`. */
function apiFailure(e: unknown, wrap: (err: string) => string): never {
  if (e instanceof MetricError) throw new MetricError(wrap(e.message));
  throw e;
}

/**
 * getPodMetrics / getContainerMetrics (metrics/client.go) after a successful List: a pod's value
 * is the int64 sum over its containers (wrapping as Go's `podSum +=` does), or the named
 * container's value. A pod with no containers, or lacking the resource in any container, is left
 * out (it becomes "missing"); so is a pod whose metrics lack the named container (recent
 * upstream; releases before 2025 failed with "container X not present in metrics").
 */
export function podResourceMetrics(samples: readonly PodResourceSample[], container: string): PodMetricsInfo {
  if (samples.length === 0) throw new MetricError(NO_RESOURCE_METRICS);
  const info: PodMetricsInfo = new Map();
  for (const s of samples) {
    let value: Milli | null = 0n;
    if (container === '') {
      if (s.containers.length === 0) continue;
      let sum = 0n;
      for (const c of s.containers) {
        if (c.usage === null) {
          value = null;
          break;
        }
        sum += exactMilli(c.usage);
      }
      // Wrapping the sum once is wrapping each usage and each `+=`: all are the sum modulo 2^64.
      if (value !== null) value = int64(sum);
    } else {
      const usage = s.containers.find((c) => c.name === container && c.usage !== null)?.usage;
      value = usage === undefined || usage === null ? null : int64(exactMilli(usage));
    }
    if (value === null) continue;
    info.set(s.name, { value, timestamp: s.timestamp, windowSeconds: s.windowSeconds });
  }
  return info;
}

/** resourceMetricsClient.GetResourceMetric. */
export function getResourceMetric(snapshot: MetricsSnapshot, resource: string, container: string): PodMetricsInfo {
  return podResourceMetrics(fetchResourceSamples(snapshot, resource), container);
}

/** GetResourceMetric's List call, its failure worded. */
export function fetchResourceSamples(snapshot: MetricsSnapshot, resource: string): readonly PodResourceSample[] {
  try {
    return snapshot.resource(resource);
  } catch (e) {
    return apiFailure(e, resourceApiFailed);
  }
}

/** customMetricsClient.GetRawMetric: per-pod values of a Pods metric. */
export function getRawMetric(snapshot: MetricsSnapshot, metricName: string, now: Time): PodMetricsInfo {
  return rawMetricInfo(fetchPodsValues(snapshot, metricName), now);
}

/** GetRawMetric's call, its failure worded. */
export function fetchPodsValues(snapshot: MetricsSnapshot, metricName: string): PodValues {
  try {
    return snapshot.pods(metricName);
  } catch (e) {
    return apiFailure(e, customApiFailed);
  }
}

/** GetRawMetric after its call: "no metrics" when empty, else each value with the default window. */
export function rawMetricInfo(values: PodValues, now: Time): PodMetricsInfo {
  if (values.size === 0) throw new MetricError(NO_CUSTOM_METRICS);
  const info: PodMetricsInfo = new Map();
  values.forEach((value, pod) => {
    info.set(pod, { value: int64(exactMilli(value)), timestamp: now, windowSeconds: DEFAULT_WINDOW_SECONDS });
  });
  return info;
}

/** customMetricsClient.GetObjectMetric: one value (a failed call is the only error). */
export function getObjectMetric(snapshot: MetricsSnapshot, metricName: string, describedObject: { kind: string; name: string }): Milli {
  try {
    return int64(exactMilli(snapshot.object(metricName, describedObject)));
  } catch (e) {
    return apiFailure(e, customApiFailed);
  }
}

/** externalMetricsClient.GetExternalMetric: every sample's value. */
export function getExternalMetric(snapshot: MetricsSnapshot, metricName: string, selector: unknown): Milli[] {
  let samples: readonly MilliInput[];
  try {
    samples = snapshot.external(metricName, selector);
  } catch (e) {
    return apiFailure(e, externalApiFailed);
  }
  if (samples.length === 0) throw new MetricError(NO_EXTERNAL_METRICS);
  return samples.map((x) => int64(exactMilli(x)));
}
