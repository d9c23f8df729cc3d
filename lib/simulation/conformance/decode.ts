import { GO_ZERO_TIME, Milli, Pod, PodResourceSample, ScaleEvent, Time, TimestampedRecommendation } from '../../hpa';

/**
 * Decoding of the vectors format (README, HPA engine: Conformance vectors format): ages in seconds before "now" become absolute
 * times, "zero" is Go's zero time, milli values (numbers, or decimal strings past 2^53) become bigint.
 */
export const NOW: Time = Date.UTC(2025, 0, 1);

export type Age = number | 'zero' | 'now' | null | undefined;

export function timeOf(age: Age): Time | null {
  if (age === null || age === undefined) return null;
  if (age === 'zero') return GO_ZERO_TIME;
  if (age === 'now') return NOW;
  return NOW - age * 1000;
}

/** A time that must be present (Go zero time when absent). */
export const at = (age: Age): Time => timeOf(age) ?? GO_ZERO_TIME;

export const milli = (v: number | string): Milli => BigInt(v);

export function events(list: ReadonlyArray<{ replicaChange: number; ageSeconds: number; outdated?: boolean }> | null | undefined): ScaleEvent[] {
  return (list ?? []).map((e) => ({ replicaChange: e.replicaChange, timestamp: at(e.ageSeconds), outdated: e.outdated ?? false }));
}

export function recommendations(list: ReadonlyArray<{ recommendation: number; ageSeconds: Age }>): TimestampedRecommendation[] {
  return list.map((r) => ({ recommendation: r.recommendation, timestamp: at(r.ageSeconds) }));
}

interface VectorContainer { name: string; requestMilli?: number | string; restartPolicy?: string }
export interface VectorPod {
  name: string;
  phase?: Pod['phase'];
  deleted?: boolean;
  startTimeAge?: Age;
  readyCondition?: { status: 'True' | 'False' | 'Unknown'; lastTransitionAge: Age } | null;
  containers?: VectorContainer[];
  initContainers?: VectorContainer[];
  podRequestMilli?: number | string;
}

const requests = (resource: string, m: number | string | undefined) => (m === undefined || m === null ? undefined : { [resource]: milli(m) });

/** A pod of the vectors; its container requests are for `resource`. */
export function pod(p: VectorPod, resource = 'cpu'): Pod {
  const container = (c: VectorContainer) => ({ name: c.name, requests: requests(resource, c.requestMilli), restartPolicy: c.restartPolicy });
  return {
    name: p.name,
    phase: p.phase ?? 'Running',
    deleted: p.deleted ?? false,
    startTime: timeOf(p.startTimeAge),
    ready: p.readyCondition ? { status: p.readyCondition.status, lastTransitionTime: at(p.readyCondition.lastTransitionAge) } : null,
    containers: (p.containers ?? []).map(container),
    initContainers: p.initContainers?.map(container),
    podRequests: requests(resource, p.podRequestMilli),
  };
}

export interface VectorResourceSample {
  name: string;
  timestampAge: Age;
  windowSeconds?: number;
  containers: Array<{ name: string; usageMilli: number | string | null }>;
}

export function resourceSample(s: VectorResourceSample): PodResourceSample {
  return {
    name: s.name, timestamp: at(s.timestampAge), windowSeconds: s.windowSeconds ?? 60,
    containers: s.containers.map((c) => ({ name: c.name, usage: c.usageMilli === null ? null : milli(c.usageMilli) })),
  };
}

/** JSON for messages: bigint as its decimal string. */
export const show = (v: unknown) => JSON.stringify(v, (_k, x) => (typeof x === 'bigint' ? x.toString() : x instanceof Set ? [...x].sort() : x));
