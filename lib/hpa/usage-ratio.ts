import { add64, div64, float64, int32OfInt64, mul64 } from './go-numeric';
import { NO_MATCHING_PODS } from './messages';
import { MetricError, Milli, PodMetricsInfo } from './types';

export interface UtilizationRatio {
  usageRatio: number;
  utilization: number;
  rawAverage: Milli;
}

/**
 * GetResourceUtilizationRatio (metrics/utilization.go): sums, in int64, the pods that have both a
 * metric and a request. Each step as upstream:
 * - `metricsTotal += metric`, `requestsTotal += request`: int64, wrapping on overflow;
 * - `currentUtilization = int32((metricsTotal * 100) / requestsTotal)`: the product wraps in
 *   int64, the division truncates, then int32() keeps the low 32 bits;
 * - `rawAverage = metricsTotal / int64(numEntries)`: truncating int64 division;
 * - ratio `float64(currentUtilization) / float64(targetUtilization)`: the utilization is a whole
 *   percent before the ratio is formed (3060/3000 is 102 %, not 102.0 %).
 */
export function resourceUtilizationRatio(metrics: PodMetricsInfo, requests: Map<string, Milli>, targetUtilization: number): UtilizationRatio {
  let metricsTotal = 0n;
  let requestsTotal = 0n;
  let n = 0n;
  for (const [pod, metric] of metrics) {
    const request = requests.get(pod);
    if (request === undefined) continue;
    metricsTotal += metric.value;
    requestsTotal += request;
    n++;
  }
  // Wrapping once at the end is wrapping at every `+=`: both are the sum modulo 2^64.
  metricsTotal = add64(metricsTotal, 0n);
  requestsTotal = add64(requestsTotal, 0n);
  if (requestsTotal === 0n) throw new MetricError(NO_MATCHING_PODS);
  const utilization = int32OfInt64(div64(mul64(metricsTotal, 100n), requestsTotal));
  return { usageRatio: utilization / targetUtilization, utilization, rawAverage: div64(metricsTotal, n) };
}

/**
 * GetMetricUsageRatio (metrics/utilization.go): `currentUsage = metricsTotal / int64(len(metrics))`
 * (int64 sum wrapping, truncating division), ratio `float64(currentUsage) / float64(targetUsage)`.
 */
export function metricUsageRatio(metrics: PodMetricsInfo, targetUsage: Milli): { usageRatio: number; usage: Milli } {
  let total = 0n;
  for (const m of metrics.values()) total += m.value;
  total = add64(total, 0n); // the sum modulo 2^64, as wrapping at every `+=` gives
  const usage = div64(total, BigInt(metrics.size));
  return { usageRatio: float64(usage) / float64(targetUsage), usage };
}
