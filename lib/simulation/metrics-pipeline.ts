import { MetricError, MetricsSnapshot, MilliInput, PodResourceSample } from '../hpa';
import { Signal, MetricsPipeline } from './model';
import { ResourceSample, SimPod } from './pods';

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

/** The pod's reusable sample of `resource` (cpu or memory), one entry per container. */
function newSample(p: SimPod, resource: 'cpu' | 'memory', shares: ContainerShares['cpu']): ResourceSample {
  const sample: ResourceSample = { name: p.name, timestamp: 0, windowSeconds: 0, containers: shares.map((c) => ({ name: c.name, usage: 0 })) };
  if (resource === 'cpu') p.cpuSample = sample;
  else p.memorySample = sample;
  return sample;
}

/** The step whose end is the last moment at or before s. */
const stepAt = (s: number, dt: number) => Math.floor(s / dt + 1e-9);

export type PipelineSnapshot = MetricsSnapshot & { perPod(name: string): PerPod<number>; total(name: string): number | null };

/**
 * Per-pod values in the pods' order, in two arrays: the custom metrics API's answer as the engine
 * reads it (PodValues), without a hash table per metric per sync. Pod names are unique.
 */
export class PerPod<V> {
  readonly names: string[] = [];
  readonly values: V[] = [];

  get size(): number {
    return this.names.length;
  }

  add(name: string, value: V): void {
    this.names.push(name);
    this.values.push(value);
  }

  forEach(visit: (value: V, pod: string) => void): void {
    for (let i = 0; i < this.names.length; i++) visit(this.values[i], this.names[i]);
  }
}

export function snapshotAt(v: PipelineView): PipelineSnapshot {
  return new Snapshot(v);
}

/**
 * One sync's answers, each computed on first ask and kept for the sync. A class rather than
 * closures: the simulator builds one per sync period, hundreds of thousands per run.
 */
class Snapshot implements PipelineSnapshot {
  private readonly t: number;
  // Made on first use: most syncs ask for two or three of them.
  private cpu: PodResourceSample[] | null = null;
  private memory: PodResourceSample[] | null = null;
  private perPods: Map<string, PerPod<number>> | null = null;
  private totals: Map<string, number | null> | null = null;
  private milliPods: Map<string, PerPod<MilliInput>> | null = null;

  constructor(private readonly v: PipelineView) {
    this.t = v.step * v.stepSeconds;
  }


  resource(name: string): readonly PodResourceSample[] {
    if (name === 'cpu') return (this.cpu ??= this.resourceSamples(name));
    if (name === 'memory') return (this.memory ??= this.resourceSamples(name));
    return [];
  }

  private resourceSamples(name: 'cpu' | 'memory'): PodResourceSample[] {
    const { v, t } = this;
    const { history: h, stepSeconds: dt, pipeline } = v;
    const res = pipeline.metricsServerResolution;
    const s = Math.floor(t / res) * res;
    const end = stepAt(s, dt);
    const n = Math.max(1, Math.round(res / dt));
    const samples: PodResourceSample[] = [];
    const shares = v.shares[name];
    for (const p of v.pods) {
      if (p.startAt > s - res) continue; // metrics-server needs a full window of the running pod
      const series = name === 'cpu' ? p.cpu : p.memory;
      let sum = 0;
      for (let j = end - n + 1; j <= end; j++) sum += series[ring(j, h)];
      const avg = sum / n;
      // The pod's sample object is rewritten in place at every sync (the engine reads a snapshot
      // only within the reconcile it is given to): no objects per pod per sync.
      const sample = (name === 'cpu' ? p.cpuSample : p.memorySample) ?? newSample(p, name, shares);
      sample.timestamp = s * 1000;
      sample.windowSeconds = res;
      for (let i = 0; i < shares.length; i++) {
        // Millicores, or bytes in milli-units: a number while exact (the engine takes both).
        const usage = Math.round(avg * shares[i].share);
        const value = name === 'cpu' ? usage : usage * 1000;
        sample.containers[i].usage = Number.isSafeInteger(value) ? value : name === 'cpu' ? BigInt(usage) : BigInt(usage) * 1000n;
      }
      samples.push(sample);
    }
    return samples;
  }

  /** Per-pod values as the adapter serves them, in units (req/s, jobs). */
  perPod(metric: string): PerPod<number> {
    const cache = (this.perPods ??= new Map());
    let out = cache.get(metric);
    if (out === undefined) cache.set(metric, (out = this.perPodValues(metric, false) as PerPod<number>));
    return out;
  }

  /** Per-pod values in units, or (`inMilli`) as the custom metrics API serves them. */
  private perPodValues(metric: string, inMilli: boolean): PerPod<MilliInput> {
    const { v, t } = this;
    const { history: h, stepSeconds: dt, pipeline } = v;
    const signal = v.signals[metric];
    if (!signal) throw new MetricError(`the simulator does not know what drives metric "${metric}"`);
    const si = pipeline.scrapeInterval;
    const last = Math.floor(t / si) * si;
    const out = new PerPod<MilliInput>();
    for (const p of v.pods) {
      if (p.deletedAt !== null || !(p.startAt <= last)) continue;
      if (signal === 'requestRate') {
        // rate() over the window: first to last sample the pod had in it (at least two).
        let first = last;
        while (first - si > t - pipeline.rateWindow && p.startAt <= first - si) first -= si; // isRunning, inlined
        if (first === last) continue;
        const dc = p.counter[ring(stepAt(last, dt), h)] - p.counter[ring(stepAt(first, dt), h)];
        const x = Math.max(0, dc) / (last - first);
        out.add(p.name, inMilli ? milli(x) : x);
      } else {
        const x = signal === 'activeJobs' ? p.active[ring(stepAt(last, dt), h)] : v.queue[ring(stepAt(last, dt), h)];
        out.add(p.name, inMilli ? milli(x) : x);
      }
    }
    return out;
  }

  /** One value for the workload, as an External/Object metric query aggregates it. */
  total(metric: string): number | null {
    const cache = (this.totals ??= new Map());
    if (cache.has(metric)) return cache.get(metric)!;
    const x = this.totalValue(metric);
    cache.set(metric, x);
    return x;
  }

  private totalValue(metric: string): number | null {
    const { v, t } = this;
    const signal = v.signals[metric];
    if (!signal) throw new MetricError(`the simulator does not know what drives metric "${metric}"`);
    if (signal === 'queueDepth') {
      const last = Math.floor(t / v.pipeline.scrapeInterval) * v.pipeline.scrapeInterval;
      return v.queue[ring(stepAt(last, v.stepSeconds), v.history)];
    }
    const values = this.perPod(metric);
    if (values.size === 0) return null;
    let sum = 0;
    for (const x of values.values) sum += x;
    return sum;
  }

  pods(name: string): PerPod<MilliInput> {
    const cache = (this.milliPods ??= new Map());
    let out = cache.get(name);
    if (out === undefined) {
      const units = this.perPods?.get(name);
      if (units === undefined) {
        out = this.perPodValues(name, true);
      } else {
        const converted = new PerPod<MilliInput>();
        units.forEach((x, pod) => converted.add(pod, milli(x)));
        out = converted;
      }
      cache.set(name, out);
    }
    return out;
  }

  object(name: string): MilliInput {
    const x = this.total(name);
    if (x === null) throw new MetricError(`unable to get metric ${name}: no series`);
    return milli(x);
  }

  external(name: string): readonly MilliInput[] {
    const x = this.total(name);
    if (x === null) throw new MetricError(`unable to get external metric ${name}: no series`);
    return [milli(x)];
  }
}

/** A value in milli-units, rounded: a number while exact, else the bigint. */
const milli = (x: number): MilliInput => {
  const m = Math.round(x * 1000);
  return Number.isSafeInteger(m) ? m : BigInt(m);
};
