import { isDeepStrictEqual } from 'util';
import { HpaSpec } from '../hpa';
import { formatDuration } from '../report/durations';
import { WorkloadModel } from '../simulation/model';
import { simulate, SimulationInputError, SimulationResult } from '../simulation/simulate';
import { Summary } from '../simulation/summary';
import { PresetName, presetTrace, PRESETS, Trace } from '../simulation/trace';

/**
 * A changed HPA run through the simulator in both versions: the standard presets and any recorded
 * traces, same workload model, same seed, so every difference comes from the HPA. Pure.
 */

/** One version's run, or why it could not run (e.g. a metric the workload model has no signal for). */
export type VersionRun = { readonly summary: Summary; readonly result: SimulationResult } | { readonly error: string };

export const ran = (v: VersionRun): v is { summary: Summary; result: SimulationResult } => 'result' in v;
export const failure = (v: VersionRun): string | null => ('error' in v ? v.error : null);

export interface TraceComparison {
  /** Preset name or recorded trace file name. */
  readonly trace: string;
  readonly recorded: boolean;
  readonly seed: number;
  readonly base: VersionRun;
  readonly head: VersionRun;
  /** The differences a reviewer reads, in words; empty when both versions behave the same. */
  readonly deltas: readonly string[];
}

export interface HpaComparison {
  readonly environment: string;
  readonly hpa: string;
  readonly workload: string;
  readonly runs: readonly TraceComparison[];
}

/** The seed every review run uses: the same in both versions and from run to run. */
export const REVIEW_SEED = 1;

/** The standard presets, scaled to the model's declared peak. */
export function standardTraces(model: WorkloadModel, seed = REVIEW_SEED, presets: readonly PresetName[] = PRESETS): Trace[] {
  return presets.map((name) => presetTrace(name, { peak: model.peak, seed }));
}

function duration(s: number | null): string {
  return s === null ? 'never' : formatDuration(s);
}

function percentChange(before: number, after: number): string {
  if (before === 0) return after === 0 ? '0%' : 'from 0';
  const p = ((after - before) / before) * 100;
  const rounded = Math.round(p);
  return `${rounded > 0 ? '+' : ''}${rounded === 0 && p !== 0 ? (p > 0 ? '+<1' : '-<1') : rounded}%`;
}

const round = (x: number, digits = 1) => Number(x.toFixed(digits));

/** `time to peak capacity 4m30s -> 3m15s`, `replica-minutes +12%`, `flapping 0 -> 3`. */
export function summaryDeltas(b: Summary, h: Summary): string[] {
  const out: string[] = [];
  if (b.timeToNeededCapacitySeconds !== h.timeToNeededCapacitySeconds) {
    out.push(`time to peak capacity ${duration(b.timeToNeededCapacitySeconds)} -> ${duration(h.timeToNeededCapacitySeconds)}`);
  }
  if (round(b.replicaMinutes) !== round(h.replicaMinutes)) {
    out.push(`replica-minutes ${percentChange(b.replicaMinutes, h.replicaMinutes)} (${round(b.replicaMinutes)} -> ${round(h.replicaMinutes)})`);
  }
  if (b.directionChanges !== h.directionChanges) out.push(`flapping ${b.directionChanges} -> ${h.directionChanges} direction changes`);
  if (b.maxReplicasSeen !== h.maxReplicasSeen) out.push(`most replicas ${b.maxReplicasSeen} -> ${h.maxReplicasSeen}`);
  if (b.minReplicasSeen !== h.minReplicasSeen) out.push(`fewest replicas ${b.minReplicasSeen} -> ${h.minReplicasSeen}`);
  if (b.scaleUps !== h.scaleUps || b.scaleDowns !== h.scaleDowns) out.push(`scale events ${b.scaleUps} up/${b.scaleDowns} down -> ${h.scaleUps} up/${h.scaleDowns} down`);
  if (b.secondsAtMaxReplicas !== h.secondsAtMaxReplicas) out.push(`time at maxReplicas ${formatDuration(b.secondsAtMaxReplicas)} -> ${formatDuration(h.secondsAtMaxReplicas)}`);
  if (b.backend && h.backend && round(b.backend.failedPercent, 3) !== round(h.backend.failedPercent, 3)) {
    out.push(`failed requests ${round(b.backend.failedPercent, 3)}% -> ${round(h.backend.failedPercent, 3)}% (over saturation ${formatDuration(b.backend.secondsOverSaturation)} -> ${formatDuration(h.backend.secondsOverSaturation)})`);
  }
  if (b.worker && h.worker) {
    if (b.worker.longestJobWaitSeconds !== h.worker.longestJobWaitSeconds) out.push(`longest job wait ${formatDuration(b.worker.longestJobWaitSeconds)} -> ${formatDuration(h.worker.longestJobWaitSeconds)}`);
    if (round(b.worker.peakBacklog, 0) !== round(h.worker.peakBacklog, 0)) out.push(`peak backlog ${round(b.worker.peakBacklog, 0)} -> ${round(h.worker.peakBacklog, 0)} jobs`);
    if (b.worker.jobsRequeued !== h.worker.jobsRequeued) out.push(`jobs requeued by stopping workers ${b.worker.jobsRequeued} -> ${h.worker.jobsRequeued}`);
  }
  return out;
}

export interface CompareInput {
  readonly environment: string;
  readonly hpa: string;
  readonly workload: string;
  readonly base: HpaSpec;
  readonly head: HpaSpec;
  /** The head version's model of the workload (the HPA is what changed; the workload is the same). */
  readonly model: WorkloadModel;
  /** Recorded traces for this workload, run after the presets. */
  readonly recorded?: readonly Trace[];
  readonly seed?: number;
  /** The presets to run. @default every preset (`PRESETS`) */
  readonly presets?: readonly PresetName[];
}

export function compareHpa(input: CompareInput): HpaComparison {
  const seed = input.seed ?? REVIEW_SEED;
  const traces = [...standardTraces(input.model, seed, input.presets).map((t) => ({ t, recorded: false })), ...(input.recorded ?? []).map((t) => ({ t, recorded: true }))];
  const same = isDeepStrictEqual(input.base, input.head);
  const runs = traces.map(({ t, recorded }): TraceComparison => {
    const run = (hpa: HpaSpec): VersionRun => {
      try {
        const result = simulate({ hpa, model: input.model, trace: t, seed });
        return { summary: result.summary, result };
      } catch (e) {
        // An HPA the simulator cannot run is part of the review; any other exception is a bug.
        if (!(e instanceof SimulationInputError)) throw e;
        return { error: e.message };
      }
    };
    const base = run(input.base);
    // Same spec, model, trace and seed: the same run (simulate is deterministic), so it runs once.
    const head = same ? base : run(input.head);
    const deltas = ran(base) && ran(head) ? summaryDeltas(base.summary, head.summary)
      : [...(ran(base) ? [] : [`base could not be simulated: ${failure(base)}`]), ...(ran(head) ? [] : [`this change could not be simulated: ${failure(head)}`])];
    return { trace: t.name, recorded, seed, base, head, deltas };
  });
  return { environment: input.environment, hpa: input.hpa, workload: input.workload, runs };
}
