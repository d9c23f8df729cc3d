import { count } from '../config/counts';
import { formatCpu, formatMemory } from '../config/footprint';
import { Environment } from '../config/schema';
import { HpaSpec } from '../hpa';
import { formatDuration } from '../report/durations';
import { renderChart } from '../simulation/chart';
import { modelFromEnvironment } from '../simulation/from-environment';
import { WorkloadModel } from '../simulation/model';
import { simulate, SimulationInputError, SimulationResult } from '../simulation/simulate';
import { PresetName, presetTrace, PRESETS, PRESET_DESCRIPTIONS } from '../simulation/trace';
import { BackendArithmetic, maxFootprint, useCaseArithmetic, UseCaseArithmetic, WorkerArithmetic } from './arithmetic';
import { deepFreeze } from '../config/deep-freeze';
import { KeptResults } from '../config/kept-results';

/**
 * The capacity report of one environment (reports/capacity/<env>/): per workload with a declared
 * use case, the arithmetic against maxReplicas, the simulated verdict on the standard presets
 * scaled to the declared peak, the maximum footprint, and what to change when a promise is not met.
 * Pure and deterministic (seeded simulations, stable SVG ids): same config, same bytes.
 */

export interface ReportFile {
  /** Relative to the reports directory: `<env>/capacity.md`, `<env>/<workload>-step.svg`. */
  readonly path: string;
  readonly content: string;
}

export const CAPACITY_SEED = 1;
/** The preset drawn in the report: the whole peak at once is the hardest test of a promise. */
export const CHART_PRESET = 'step';

export interface PresetVerdict {
  readonly preset: string;
  readonly met: boolean;
  /** By how much, and when, in words. */
  readonly detail: string;
}

export interface WorkloadCapacity {
  readonly key: string;
  readonly hpa: string;
  readonly description: string;
  readonly arithmetic: UseCaseArithmetic;
  readonly presets: readonly PresetVerdict[];
  /** maxReplicas x requests: millicores, bytes (exact). */
  readonly footprint: { cpu?: bigint; memory?: bigint };
  readonly changes: readonly string[];
  readonly chart: ReportFile | null;
  /** Why the presets were not simulated (an HPA the simulator refuses, e.g. over 10,000 pods). */
  readonly notSimulated?: string;
}

const int = (x: number) => Math.round(x).toLocaleString('en-US');
const num = (x: number, d = 1) => Number(x.toFixed(d)).toLocaleString('en-US');

/** The declared peak in trace units: req/s for a backend, job arrivals/s for a worker (Little's law). */
function declaredPeak(a: UseCaseArithmetic, model: WorkloadModel): number {
  if (a.kind === 'backend') return a.demand;
  const b = model.behaviour;
  return b.kind === 'worker' ? a.peakConcurrentJobs / b.jobDurationMean : model.peak;
}

function verdict(a: UseCaseArithmetic, model: WorkloadModel, r: SimulationResult, preset: string): PresetVerdict {
  const s = r.summary;
  // "Short" is what happened (failed requests, queued jobs); the targets' count is the HPA's goal.
  const targets = s.neededReplicas === null ? 'no count meets the HPA\'s targets'
    : `the HPA's targets ask for ${int(s.neededReplicas)}${s.timeToNeededCapacitySeconds === null ? ', never reached' : s.timeToNeededCapacitySeconds > 0 ? `, reached ${formatDuration(s.timeToNeededCapacitySeconds)} after the load needed them` : ', there in time'}`;
  const reached = `${s.shortOfCapacityFrom === null ? 'never short of capacity' : `short of capacity from ${s.shortOfCapacityFrom}`}; the peak needs ${int(s.servingReplicas)} to be served, ${targets}`;
  if (a.kind === 'backend' && s.backend) {
    const failed = s.backend.failedPercent;
    if (failed === 0) return { preset, met: true, detail: `no request failed; ${reached}; peak ${count(s.maxReplicasSeen, 'replica')}` };
    return {
      preset, met: false,
      detail: `${num(failed, 3)}% of requests failed (${int(s.backend.requestsOverSaturation)} of ${int(s.backend.requestsTotal)}) over ${formatDuration(s.backend.secondsOverSaturation)}`
        + `; ${reached}; peak ${count(s.maxReplicasSeen, 'replica')}`,
    };
  }
  const w = s.worker!;
  const jobSeconds = model.behaviour.kind === 'worker' ? model.behaviour.jobDurationMean : 60;
  const inFlight = Math.max(0, ...r.timeline.steps.map((x) => x.activeJobs ?? 0));
  const met = w.longestJobWaitSeconds <= jobSeconds;
  return {
    preset, met,
    detail: `at most ${int(inFlight)} jobs in flight; longest wait ${formatDuration(w.longestJobWaitSeconds)} (${met ? 'within' : 'beyond'} one mean job run of ${formatDuration(jobSeconds)}); `
      + `peak backlog ${count(w.peakBacklog, 'job', int)}${w.peakBacklogAt ? ` at ${w.peakBacklogAt}` : ''}; ${reached}; peak ${count(s.maxReplicasSeen, 'replica')}`,
  };
}

function backendChanges(a: BackendArithmetic, failing: readonly PresetVerdict[]): string[] {
  const out: string[] = [];
  if (a.verdict === 'not-met') out.push(`Raise replicas.max to at least ${int(a.podsAtTarget)} (the peak at the ${int(a.targetPerPod)} req/s target); ${int(Math.ceil(a.demand / a.saturationPerPod))} is the bare minimum before requests fail.`);
  else if (a.verdict === 'met-above-target') out.push(`Raise replicas.max to ${a.podsAtTarget}: at ${count(a.maxReplicas, 'pod')} each serves ${num(a.perPodAtMax)} req/s, above the ${int(a.targetPerPod)} req/s target.`);
  if (failing.length) {
    out.push(`Requests fail on ${failing.map((f) => f.preset).join(', ')} although the ceiling suffices: the HPA grows too slowly for that shape. Raise scaleUp.pods / scaleUp.percent or shorten scaleUp.every, shorten pod start-up, or raise replicas.min to absorb the first jump.`);
  }
  return out;
}

function workerChanges(a: WorkerArithmetic, failing: readonly PresetVerdict[]): string[] {
  const out: string[] = [];
  if (a.verdict === 'not-met') out.push(`Raise replicas.max to at least ${int(a.podsNeeded)} (${int(a.peakConcurrentJobs)} jobs / ${int(a.concurrencyPerPod)} per worker), or raise concurrency.maxConcurrentJobs to ${int(Math.ceil(a.peakConcurrentJobs / a.maxReplicas))}.`);
  else if (a.capacity === a.peakConcurrentJobs) out.push(`No headroom: ${int(a.maxReplicas)} x ${int(a.concurrencyPerPod)} = exactly ${int(a.peakConcurrentJobs)}; one worker lost (a node drain, a crash) leaves ${int(a.concurrencyPerPod)} jobs waiting. Consider replicas.max ${int(a.maxReplicas + 1)}.`);
  if (failing.length) out.push(`Jobs wait longer than a job runs on ${failing.map((f) => f.preset).join(', ')}: scale up faster (scaleUp.pods / scaleUp.percent, a shorter scaleUp.every) or raise replicas.min for the base load.`);
  return out;
}

/**
 * Results by their whole input (environment, workload, HPA spec, presets), deeply frozen: the
 * simulations and the chart cost a second a workload, the key a few kilobytes of JSON. A report
 * made twice in one process (from config/ by `capacityReports`, and from an environment in hand)
 * simulates once. The oldest entries go past 64.
 */
const byInput = new KeptResults<WorkloadCapacity | null>(64);

export function workloadCapacity(env: Environment, key: string, hpa: HpaSpec, presetNames: readonly PresetName[] = PRESETS): WorkloadCapacity | null {
  return byInput.get(JSON.stringify([env, key, hpa, presetNames]), () => deepFreeze(computeWorkloadCapacity(env, key, hpa, presetNames)));
}


function computeWorkloadCapacity(env: Environment, key: string, hpa: HpaSpec, presetNames: readonly PresetName[]): WorkloadCapacity | null {
  const w = env.workloads[key];
  const baseModel = modelFromEnvironment(env, key);
  const saturation = baseModel.behaviour.kind === 'backend' ? baseModel.behaviour.saturationPerPod : 0;
  const a = useCaseArithmetic(env, key, saturation);
  if (!a) return null;
  const model: WorkloadModel = { ...baseModel, peak: declaredPeak(a, baseModel) };
  let chart: ReportFile | null = null;
  let presets: PresetVerdict[];
  let notSimulated: string | undefined;
  try {
    presets = presetNames.map((preset) => {
      const r = simulate({ hpa, model, trace: presetTrace(preset, { peak: model.peak, seed: CAPACITY_SEED }), seed: CAPACITY_SEED });
      if (preset === CHART_PRESET) {
        chart = { path: `${env.environment}/${key}-${preset}.svg`, content: `${renderChart(r.timeline, `${env.environment} / ${w.hpa}: ${preset} to the declared peak (seed ${CAPACITY_SEED})`)}\n` };
      }
      return verdict(a, model, r, preset);
    });
  } catch (e) {
    // A valid config the simulator cannot run (replicas.max over 10,000) keeps its arithmetic verdict.
    if (!(e instanceof SimulationInputError)) throw e;
    presets = [];
    chart = null;
    notSimulated = `${e.message} [${e.rule}]`;
  }
  const failing = presets.filter((p) => !p.met);
  return {
    key, hpa: w.hpa, description: w.useCase?.description ?? '', arithmetic: a, presets, footprint: maxFootprint(w), chart,
    changes: a.kind === 'backend' ? backendChanges(a, failing) : workerChanges(a, failing),
    ...(notSimulated ? { notSimulated } : {}),
  };
}

/** The promise in the declared numbers: the heading and the summary table say what is checked. */
export function promiseText(a: UseCaseArithmetic): string {
  return a.kind === 'backend'
    ? `${int(a.concurrentUsers)} concurrent users x ${num(a.requestsPerUserPerSecond, 3)} req/s = ${int(a.demand)} req/s`
    : `${int(a.peakConcurrentJobs)} concurrent jobs`;
}

/**
 * The numbers a use-case description quotes ("10k users", "1,500 jobs", "2.5M"), as values.
 */
export function quotedNumbers(description: string): number[] {
  const scale: Record<string, number> = { k: 1e3, m: 1e6 };
  return [...description.matchAll(/(\d[\d,]*(?:\.\d+)?)\s*([kKmM])?\b/g)].map((m) => Number(m[1].replace(/,/g, '')) * (m[2] ? scale[m[2].toLowerCase()] : 1));
}

/**
 * A description that quotes a number the declared use case does not have (say "500 concurrent
 * render jobs" inherited from _base.yaml by an environment declaring 150): the prose contradicts
 * what is checked. Null when it quotes no number, or one of the declared ones.
 */
export function descriptionMismatch(description: string, a: UseCaseArithmetic): string | null {
  const quoted = quotedNumbers(description);
  if (quoted.length === 0) return null;
  const declared = a.kind === 'backend' ? [a.concurrentUsers, a.demand] : [a.peakConcurrentJobs];
  if (quoted.some((q) => declared.some((d) => Math.abs(q - d) <= 1e-9 * Math.max(1, d)))) return null;
  const what = a.kind === 'backend' ? `${int(a.concurrentUsers)} concurrent users` : `a peak of ${int(a.peakConcurrentJobs)} concurrent jobs`;
  return `the description quotes ${quoted.map((q) => int(q)).join(', ')}, but the environment declares ${what}: update useCase.description (an environment that overrides the numbers inherits the description of config/_base.yaml)`;
}

function arithmeticLines(a: UseCaseArithmetic): string[] {
  if (a.kind === 'backend') {
    const word = a.verdict === 'met' ? '**met**' : a.verdict === 'met-above-target' ? '**met only above target**' : '**not met**';
    return [
      `- Declared peak: ${int(a.concurrentUsers)} users x ${num(a.requestsPerUserPerSecond, 3)} req/s = **${int(a.demand)} req/s**.`,
      `- At target: maxReplicas ${int(a.maxReplicas)} x ${int(a.targetPerPod)} req/s = ${int(a.capacityAtTarget)} req/s; the peak needs ${count(a.podsAtTarget, 'pod', int)} (${num((a.demand / a.capacityAtTarget) * 100)}% of the ceiling).`,
      `- At saturation: ${int(a.maxReplicas)} x ${int(a.saturationPerPod)} req/s = ${int(a.capacityAtSaturation)} req/s (headroom ${num(a.capacityAtSaturation / a.demand, 2)}x the peak).`,
      `- Arithmetic verdict: ${word}${a.verdict === 'met' ? ` with ${count(a.maxReplicas - a.podsAtTarget, 'pod')} to spare` : `; at ${a.maxReplicas} pods each serves ${num(a.perPodAtMax)} req/s`}.`,
    ];
  }
  return [
    `- Declared peak: **${int(a.peakConcurrentJobs)} jobs in flight**.`,
    `- Capacity: maxReplicas ${int(a.maxReplicas)} x ${int(a.concurrencyPerPod)} jobs per worker = ${int(a.capacity)} jobs; the peak needs ${count(a.podsNeeded, 'worker', int)}.`,
    ...(a.podsAtActiveJobsTarget !== null ? [`- The active-jobs target (${num(a.activeJobsTarget!, 2)} per worker) asks for ${count(a.podsAtActiveJobsTarget, 'worker')} at the peak${a.podsAtActiveJobsTarget > a.maxReplicas ? `, more than maxReplicas: the HPA sits at ${a.maxReplicas} and each worker runs up to its ${a.concurrencyPerPod}` : ''}.`] : []),
    `- Arithmetic verdict: **${a.verdict === 'met' ? 'met' : 'not met'}**${a.verdict === 'met' ? ` with ${count(a.capacity - a.peakConcurrentJobs, 'job')} to spare` : `, short by ${count(a.peakConcurrentJobs - a.capacity, 'job')}`}.`,
  ];
}

/**
 * reports/capacity/<env>/capacity.md and its charts. `hpas`: workload key -> the HPA spec as dist/ holds it.
 * `presets`: the presets simulated (tests that are about one of them run only that). @default every preset
 */
export function capacityReport(env: Environment, hpas: ReadonlyMap<string, HpaSpec>, presets: readonly PresetName[] = PRESETS): ReportFile[] {
  const workloads = Object.keys(env.workloads).sort().flatMap((key) => {
    const hpa = hpas.get(key);
    const c = hpa ? workloadCapacity(env, key, hpa, presets) : null;
    return c ? [c] : [];
  });
  const lines = [
    `# Capacity: ${env.environment}`, '',
    // True whatever --config was: the environment's own file, and the HPAs synthesized from it in
    // memory (dist/ is not read; it holds the same HPAs when it is fresh).
    `Generated by \`npm run capacity\` from the environment file \`${env.environment}.yaml\` (with any base it extends) and the HPAs an in-memory`,
    `synth of that config emits (the ones \`npm run synth\` writes to dist/${env.environment}/); do not edit. Each declared use case is checked by`,
    'arithmetic against maxReplicas, then simulated on the standard presets scaled to the declared peak (seed '
      + `${CAPACITY_SEED}, workload model from \`simulation\` in the config; see README, "Capacity reports").`, '',
  ];
  if (workloads.length === 0) lines.push('No workload declares a use case with numbers (useCase.concurrentUsers and requestsPerUserPerSecond, or peakConcurrentJobs).', '');
  lines.push('| workload | promise | arithmetic | simulated presets met |', '| --- | --- | --- | --- |');
  for (const c of workloads) {
    const met = c.presets.filter((p) => p.met).length;
    lines.push(`| ${c.key} (\`${c.hpa}\`) | ${promiseText(c.arithmetic)} | ${c.arithmetic.verdict.replace(/-/g, ' ')} | ${c.notSimulated ? 'not simulated' : `${met} of ${c.presets.length}`} |`);
  }
  lines.push('');
  for (const c of workloads) {
    const mismatch = descriptionMismatch(c.description, c.arithmetic);
    lines.push(`## ${c.key}: ${promiseText(c.arithmetic)}`, '');
    if (c.description) lines.push(`Use case: ${c.description}${mismatch ? ` (**warning**: ${mismatch})` : ''}.`, '');
    lines.push(...arithmeticLines(c.arithmetic), '');
    if (c.notSimulated) {
      lines.push(`Not simulated: ${c.notSimulated}.`, '');
    } else {
      lines.push('Simulated, each preset peaking at the declared peak:', '', '| preset | shape | verdict | by how much, when |', '| --- | --- | --- | --- |');
      for (const p of c.presets) lines.push(`| ${p.preset} | ${PRESET_DESCRIPTIONS[p.preset as keyof typeof PRESET_DESCRIPTIONS]} | ${p.met ? 'met' : '**not met**'} | ${p.detail} |`);
      lines.push('');
    }
    const f = c.footprint;
    lines.push(`Maximum footprint (maxReplicas x requests): ${f.cpu !== undefined ? `${formatCpu(f.cpu)} CPU` : 'CPU requests not declared'}, ${f.memory !== undefined ? `${formatMemory(f.memory)} memory` : 'memory requests not declared'}.`, '');
    lines.push(c.changes.length ? 'What to change:'
      : c.notSimulated ? 'Nothing to change by the arithmetic; no preset was simulated (above), so whether the promise holds under load is not checked.'
        : 'Nothing to change: the promise holds in the arithmetic and on every preset.', '');
    for (const x of c.changes) lines.push(`- ${x}`);
    if (c.changes.length) lines.push('');
    if (c.chart) lines.push(`![${c.key}: ${CHART_PRESET} preset to the declared peak](${c.chart.path.split('/').pop()})`, '');
  }
  return [{ path: `${env.environment}/capacity.md`, content: `${lines.join('\n').trimEnd()}\n` }, ...workloads.flatMap((c) => (c.chart ? [c.chart] : []))];
}
