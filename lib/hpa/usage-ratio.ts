import { MetricError, Milli, PodMetricsInfo } from './types';

export interface UtilizationRatio {
  usageRatio: number;
  utilization: number;
  rawAverage: Milli;
}

/**
 * GetResourceUtilizationRatio (metrics/utilization.go): sums pods that have both a metric and a
 * request; utilization is truncated to a whole percent before the ratio is formed.
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
  if (requestsTotal === 0n) throw new MetricError('no metrics returned matched known pods');
  const utilization = Number((metricsTotal * 100n) / requestsTotal);
  return { usageRatio: utilization / targetUtilization, utilization, rawAverage: metricsTotal / n };
}

/** GetMetricUsageRatio (metrics/utilization.go): integer mean over the metrics, as a ratio to target. */
export function metricUsageRatio(metrics: PodMetricsInfo, targetUsage: Milli): { usageRatio: number; usage: Milli } {
  let total = 0n;
  for (const m of metrics.values()) total += m.value;
  const usage = total / BigInt(metrics.size);
  return { usageRatio: Number(usage) / Number(targetUsage), usage };
}
