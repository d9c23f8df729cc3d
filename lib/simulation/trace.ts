import { Random } from './random';

/** Loads above this (req/s or jobs/s) are typos, and beyond float arithmetic the metrics' quantities can hold. */
export const MAX_LOAD = 1e9;

/**
 * A load trace: samples (seconds from the start, value in the workload's load unit), each holding
 * until the next, as a Prometheus range query's samples do at its step. Times ascend strictly.
 */
export interface Trace {
  /** Preset name or file name, for titles. */
  readonly name: string;
  readonly times: readonly number[];
  readonly values: readonly number[];
  /** Seconds covered; the last sample holds until then. */
  readonly durationSeconds: number;
  /** Unix seconds of t = 0 when the trace was recorded (clock times in decisions), else absent. */
  readonly startEpochSeconds?: number;
  /** What reading the trace did that a user should know (gaps bridged, counters converted...). */
  readonly notes?: readonly string[];
}

/**
 * A sampler for increasing times: the value of the last sample at or before t (the first sample
 * before it starts). Walking forward makes a whole run O(samples + steps).
 */
export function traceSampler(trace: Trace): (t: number) => number {
  let i = 0;
  const { times, values } = trace;
  return (t: number) => {
    if (i > 0 && t < times[i]) {
      // An earlier time: binary search back rather than rescan from 0, so out-of-order reads stay O(log n).
      let lo = 0;
      let hi = i;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (times[mid] <= t) lo = mid;
        else hi = mid - 1;
      }
      i = lo;
    }
    while (i + 1 < times.length && times[i + 1] <= t) i++;
    return values[i];
  };
}

export const PRESETS = ['step', 'ramp', 'diurnal', 'flash', 'drain'] as const;
export type PresetName = (typeof PRESETS)[number];
/** Other names users reach for. */
const ALIASES: Record<string, PresetName> = { spike: 'flash', 'flash-crowd': 'flash', day: 'diurnal', 'slow-drain': 'drain' };

export function presetName(name: string): PresetName | undefined {
  return (PRESETS as readonly string[]).includes(name) ? (name as PresetName) : ALIASES[name];
}

export interface PresetOptions {
  /** The declared peak, in load units. */
  readonly peak: number;
  /** Quiet load, in load units; @default 10 % of the peak. */
  readonly base?: number;
  /** Overrides the preset's length (diurnal repeats its day), seconds. */
  readonly durationSeconds?: number;
  /** Sample spacing, seconds; @default 15. */
  readonly stepSeconds?: number;
  /** Multiplicative noise as a fraction of the value (seeded); @default 0.03 (diurnal only). */
  readonly noise?: number;
  readonly seed: number;
}

/** Documented shapes of each preset (README, "Simulator"). */
export const PRESET_DESCRIPTIONS: Record<PresetName, string> = {
  step: 'base for 10 min, then the peak at once for 50 min, then base for 30 min (90 min)',
  ramp: 'base for 10 min, a linear climb to the peak over 30 min, the peak for 20 min, back to base over 30 min (90 min)',
  diurnal: 'one day: night at base, a morning climb, the afternoon peak at 15:00, an evening fall, with 3 % seeded noise (24 h, repeats)',
  flash: 'base, then at 10 min the peak within 30 s for 3 min (shorter than a 5 min scale-down window), then base (60 min); alias spike',
  drain: 'the peak for 10 min, then a slow linear fall to base over 2 h, then base for 20 min (150 min)',
};

/** A synthetic trace shaped by `name`, scaled to the peak and base. */
export function presetTrace(name: PresetName, o: PresetOptions): Trace {
  const step = o.stepSeconds ?? 15;
  const peak = o.peak;
  const base = o.base ?? peak * 0.1;
  const shapes: Record<PresetName, { duration: number; at: (t: number) => number }> = {
    step: { duration: 5400, at: (t) => (t >= 600 && t < 3600 ? peak : base) },
    ramp: { duration: 5400, at: (t) => base + (peak - base) * clamp01(Math.min((t - 600) / 1800, (5400 - 600 - t) / 1800, 1)) },
    diurnal: { duration: 86400, at: (t) => base + (peak - base) * dayShape((t % 86400) / 3600) },
    flash: { duration: 3600, at: (t) => (t < 600 || t >= 810 ? base : base + (peak - base) * clamp01((t - 600) / 30)) },
    drain: { duration: 9000, at: (t) => base + (peak - base) * clamp01(1 - (t - 600) / 7200) },
  };
  const shape = shapes[name];
  const duration = o.durationSeconds ?? shape.duration;
  const noise = name === 'diurnal' ? (o.noise ?? 0.03) : (o.noise ?? 0);
  const random = new Random(o.seed, `preset:${name}`);
  const times: number[] = [];
  const values: number[] = [];
  for (let t = 0; t < duration; t += step) {
    times.push(t);
    const v = shape.at(t) * (noise > 0 ? 1 + noise * random.normal() : 1);
    values.push(Math.max(0, round6(v)));
  }
  return { name, times, values, durationSeconds: duration };
}

const clamp01 = (x: number) => Math.min(1, Math.max(0, x));
const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * 0 at night, 1 at 15:00: a raised cosine from 06:00 to 15:00 and back down until 23:00, so the
 * slopes are gentle, as a working day's traffic is.
 */
function dayShape(hour: number): number {
  if (hour < 6 || hour >= 23) return 0;
  if (hour < 15) return (1 - Math.cos(((hour - 6) / 9) * Math.PI)) / 2;
  return (1 + Math.cos(((hour - 15) / 8) * Math.PI)) / 2;
}
