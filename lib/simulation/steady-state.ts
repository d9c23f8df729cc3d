import { MetricSpec } from '../hpa';
import { MetricColumn } from './explain';
import { WorkloadModel } from './model';

/**
 * The capacity a constant load needs: the fewest Ready pods at which, once everything settled,
 * every HPA metric is at or below its target (ratios fall as pods are added, so a binary search
 * finds it). Infinity when no count will do (a baseline above the target, say); NEED_BOUND + 1 when
 * the count is finite but above NEED_BOUND. Used for the
 * summary's "time to reach the capacity the peak needs" and the default initial replicas.
 */
/** At the target counts as meeting it, whatever the last bit of float rounding says. */
const ONE = 1 + 1e-6;
/** ONE, tightened for large counts: at 5,000,000 pods one pod is 2e-7 of the ratio, under 1e-6. */
const meets = (ratio: number, n: number): boolean => ratio <= Math.min(ONE, 1 + 0.1 / n);

/**
 * Largest need searched, pods: 1,000,000,000. A load that needs more (but a finite count) gets
 * NEED_BOUND + 1, which the summary says as "more than NEED_BOUND"; Infinity means no count will do.
 */
export const NEED_BOUND = 1_000_000_000;

export function steadyStateNeed(model: WorkloadModel, columns: readonly MetricColumn[], metrics: readonly MetricSpec[]): (load: number) => number {
  const ratios = (load: number, n: number): number => {
    let worst = 0;
    metrics.forEach((m, i) => {
      const v = steadyValue(model, m, load, n);
      const target = columns[i].target;
      const r = v === Infinity ? Infinity : target > 0 ? v / target : 0;
      if (r > worst) worst = r;
    });
    return worst;
  };
  // The summary asks for many loads, most of them more than once (windowed minima of a trace).
  const known = new Map<number, number>();
  return (load: number) => {
    let need = known.get(load);
    if (need === undefined) {
      need = search(load);
      if (known.size < 65_536) known.set(load, need); // bounded: a month holds 172,800 loads
    }
    return need;
  };

  function search(load: number): number {
    // Doubling, then bisecting: a small need costs a few probes, and a huge one (a 1m target at
    // 5,000 req/s needs 5,000,000 pods) is still found, up to NEED_BOUND.
    let lo = 1;
    let hi = 1;
    while (!meets(ratios(load, hi), hi)) {
      if (hi >= NEED_BOUND) return ratios(load, Number.MAX_SAFE_INTEGER) > ONE ? Infinity : NEED_BOUND + 1;
      lo = hi + 1;
      hi = Math.min(hi * 2, NEED_BOUND);
    }
    while (lo < hi) {
      const mid = Math.floor((lo + hi) / 2);
      if (meets(ratios(load, mid), mid)) hi = mid;
      else lo = mid + 1;
    }
    return lo;
  }
}

/** A metric's settled value with n Ready pods, in the units of its MetricColumn. */
function steadyValue(model: WorkloadModel, m: MetricSpec, load: number, n: number): number {
  const b = model.behaviour;
  let perPodRate = 0;
  let active = 0;
  let queue = 0;
  let cpu: number;
  let memory: number;
  if (b.kind === 'backend') {
    perPodRate = load / n;
    const served = Math.min(perPodRate, b.saturationPerPod);
    cpu = b.cpuBaseline + b.cpuPerRequest * served;
    memory = b.memoryBaseline + b.memoryPerRequest * served;
  } else {
    active = (load * b.jobDurationMean) / n;
    if (active > b.concurrencyPerPod) return Infinity; // the queue grows without bound
    cpu = b.cpuBaseline + b.cpuPerJob * active;
    memory = b.memoryBaseline + b.memoryPerJob * active;
  }
  const source = m.resource ?? m.containerResource;
  if (source) {
    const usage = source.name === 'cpu' ? cpu : source.name === 'memory' ? memory : 0;
    if (source.target.averageUtilization != null) {
      const request = source.name === 'cpu' ? model.requests.cpu : model.requests.memory;
      return request ? (usage * 100) / request : Infinity;
    }
    return usage;
  }
  const custom = m.pods ?? m.external ?? m.object!;
  const signal = model.signals[custom.metric.name];
  const perPod = signal === 'requestRate' ? perPodRate : signal === 'activeJobs' ? active : queue;
  if (m.type === 'Pods') return perPod;
  const total = signal === 'queueDepth' ? queue : perPod * n;
  return custom.target.averageValue != null ? total / n : 0;
}
