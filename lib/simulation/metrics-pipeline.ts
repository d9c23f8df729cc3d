import { MetricError, MetricsSnapshot, Milli, PodResourceSample } from '../hpa';
import { Signal, MetricsPipeline } from './model';
import { isRunning, SimPod } from './pods';

/**
 * What the metrics APIs answer at time t, built from the pods' step histories: metrics-server
 * reports usage averaged over its last resolution window; the adapter reads what Prometheus last
 * scraped, counters as rate() over the rate window. So the HPA acts on the past, as in a cluster.
 */
export interface PipelineView {
  readonly step: number;
  readonly stepSeconds: number;
  readonly history: number;
  readonly pods: readonly SimPod[];
  /** Queue depth at the end of each step (ring). */
  readonly queue: Float64Array;
  readonly pipeline: MetricsPipeline;
  readonly signals: Readonly<Record<string, Signal>>;
  readonly shares: ContainerShares;
}

/** Each container's share of its pod's CPU and memory use. */
export interface ContainerShares {
  readonly cpu: ReadonlyArray<{ readonly name: string; readonly share: number }>;
  readonly memory: ReadonlyArray<{ readonly name: string; readonly share: number }>;
}

const ring = (j: number, h: number) => ((j % h) + h) % h;

/** The step whose end is the last moment at or before s. */
const stepAt = (s: number, dt: number) => Math.floor(s / dt + 1e-9);

export function snapshotAt(v: PipelineView): MetricsSnapshot & { perPod(name: string): Map<string, number>; total(name: string): number | null } {
  const t = v.step * v.stepSeconds;
  const { history: h, stepSeconds: dt, pipeline } = v;
  const live = v.pods.filter((p) => p.deletedAt === null);
  const cache = new Map<string, unknown>();
  const memo = <T>(key: string, f: () => T): T => {
    if (!cache.has(key)) cache.set(key, f());
    return cache.get(key) as T;
  };

  const resource = (name: string) => memo(`r:${name}`, () => {
    const res = pipeline.metricsServerResolution;
    const s = Math.floor(t / res) * res;
    const end = stepAt(s, dt);
    const n = Math.max(1, Math.round(res / dt));
    const samples: PodResourceSample[] = [];
    for (const p of v.pods) {
      if (p.startAt > s - res) continue; // metrics-server needs a full window of the running pod
      const series = name === 'cpu' ? p.cpu : name === 'memory' ? p.memory : null;
      if (!series) continue;
      let sum = 0;
      for (let j = end - n + 1; j <= end; j++) sum += series[ring(j, h)];
      const avg = sum / n;
      const containers = v.shares[name as 'cpu' | 'memory'].map((c) => ({
        name: c.name, usage: (name === 'cpu' ? BigInt(Math.round(avg * c.share)) : BigInt(Math.round(avg * c.share)) * 1000n) as Milli,
      }));
      samples.push({ name: p.name, timestamp: s * 1000, windowSeconds: res, containers });
    }
    return samples;
  });

  /** Per-pod values as the adapter serves them, in units (req/s, jobs). */
  const perPod = (metric: string) => memo(`p:${metric}`, () => {
    const signal = v.signals[metric];
    if (!signal) throw new MetricError(`the simulator does not know what drives metric "${metric}"`);
    const si = pipeline.scrapeInterval;
    const last = Math.floor(t / si) * si;
    const out = new Map<string, number>();
    for (const p of live) {
      if (!isRunning(p, last)) continue;
      if (signal === 'requestRate') {
        // rate() over the window: first to last sample the pod had in it (at least two).
        let first = last;
        while (first - si > t - pipeline.rateWindow && isRunning(p, first - si)) first -= si;
        if (first === last) continue;
        const dc = p.counter[ring(stepAt(last, dt), h)] - p.counter[ring(stepAt(first, dt), h)];
        out.set(p.name, Math.max(0, dc) / (last - first));
      } else if (signal === 'activeJobs') {
        out.set(p.name, p.active[ring(stepAt(last, dt), h)]);
      } else {
        out.set(p.name, v.queue[ring(stepAt(last, dt), h)]);
      }
    }
    return out;
  });

  /** One value for the workload, as an External/Object metric query aggregates it. */
  const total = (metric: string): number | null => memo(`t:${metric}`, () => {
    const signal = v.signals[metric];
    if (!signal) throw new MetricError(`the simulator does not know what drives metric "${metric}"`);
    if (signal === 'queueDepth') {
      const last = Math.floor(t / pipeline.scrapeInterval) * pipeline.scrapeInterval;
      return v.queue[ring(stepAt(last, dt), h)];
    }
    const values = [...perPod(metric).values()];
    return values.length === 0 ? null : values.reduce((a, b) => a + b, 0);
  });

  const milli = (x: number): Milli => BigInt(Math.round(x * 1000));
  return {
    resource,
    pods: (name) => memo(`m:${name}`, () => {
      const out = new Map<string, Milli>();
      for (const [pod, x] of perPod(name)) out.set(pod, milli(x));
      return out;
    }),
    object: (name) => {
      const x = total(name);
      if (x === null) throw new MetricError(`unable to get metric ${name}: no series`);
      return milli(x);
    },
    external: (name) => {
      const x = total(name);
      if (x === null) throw new MetricError(`unable to get external metric ${name}: no series`);
      return [milli(x)];
    },
    perPod,
    total,
  };
}
