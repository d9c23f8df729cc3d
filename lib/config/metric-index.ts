import { Metric } from './schema';

/**
 * The catalogue metrics of each workload, sorted by metric name, computed once per catalogue.
 * Checks, constructs and alert builders all ask "which metrics does workload X own"; answering by
 * scanning the catalogue per workload made a 500-workload environment quadratic.
 */
export type WorkloadMetrics = ReadonlyArray<readonly [name: string, metric: Metric]>;

const indexes = new WeakMap<object, ReadonlyMap<string, WorkloadMetrics>>();
const NONE: WorkloadMetrics = [];

/**
 * Metrics of `workload` (a key under `workloads`) in `metrics` (an environment's catalogue).
 * The catalogue must not change after the first call (a validated environment is frozen).
 */
export function metricsOfWorkload(metrics: Readonly<Record<string, Metric>>, workload: string): WorkloadMetrics {
  let index = indexes.get(metrics);
  if (!index) {
    const byWorkload = new Map<string, Array<readonly [string, Metric]>>();
    for (const name of Object.keys(metrics).sort()) {
      const m = metrics[name];
      const list = byWorkload.get(m.workload) ?? [];
      list.push([name, m]);
      byWorkload.set(m.workload, list);
    }
    index = byWorkload;
    indexes.set(metrics, index);
  }
  return index.get(workload) ?? NONE;
}
