import * as fs from 'fs';
import * as path from 'path';
import { parseArgs } from 'util';
import { parseAllDocuments } from 'yaml';
import { displayPath } from '../cli/paths';
import { ConfigError } from '../config/findings';
import { loadEnvironmentFile } from '../config/load';
import { DURATION, seconds } from '../config/primitives';
import { ControllerSettings, HpaSpec } from '../hpa';
import { writeDist } from '../output/dist-writer';
import { protectedPaths } from '../output/synth-command';
import { modelFromEnvironment } from './from-environment';
import { BackendModel, DEFAULT_PIPELINE, DEFAULT_STARTUP, Signal, SIGNALS, WorkerModel, WorkloadModel } from './model';
import { simulationFiles, summaryText, SimulationFile } from './outputs';
import { simulate } from './simulate';
import { presetName, presetTrace, PRESETS, Trace } from './trace';
import { parseTraceFiles } from './trace-files';

export interface CommandResult {
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}

/** A user mistake: printed as is, exit 2 (exit 1 is reserved for findings in input files). */
class UsageError extends Error {}

export const USAGE = `usage: npm run simulate -- --trace <preset|file> (--env <env> --workload <name> | --hpa <file> [--hpa-name <name>] [--model backend|worker])
  [--seed 1] [--out <dir>] [--duration 7d] [--peak <n>] [--base <n>] [--initial-replicas <n>]
  [--series label=value,... | --sum] [--counter] [--gaps error|hold|zero] [--signal metric=requestRate|activeJobs|queueDepth]
  [--sync-period 15] [--tolerance 0.1] [--config config] [--dist dist]
presets: ${PRESETS.join(', ')} (spike = flash)`;

/**
 * `npm run simulate` as a function of its arguments and the working directory: reads the config,
 * the HPA from dist/ (or --hpa) and the trace; runs the pure simulation; writes the output files.
 * The only part of the simulator that touches the file system.
 */
export function runSimulate(argv: readonly string[], cwd = process.cwd(), userDir = cwd): CommandResult {
  try {
    return run(argv, cwd, userDir);
  } catch (e) {
    if (e instanceof ConfigError) return { exitCode: 1, stdout: '', stderr: `${e.message}\nsimulation not run\n` };
    if (e instanceof UsageError) return { exitCode: 2, stdout: '', stderr: `${e.message}\n` };
    return { exitCode: 1, stdout: '', stderr: `${(e as Error).message}\n` };
  }
}

/**
 * `cwd` is the project root (the defaults `config` and `dist` live there); `userDir` is where the
 * user typed the command (lib/cli/paths.ts): paths given on the command line resolve against it.
 */
function run(argv: readonly string[], cwd: string, userDir: string): CommandResult {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...argv],
      options: {
        env: { type: 'string' }, workload: { type: 'string' }, hpa: { type: 'string' }, 'hpa-name': { type: 'string' }, model: { type: 'string' },
        trace: { type: 'string' }, seed: { type: 'string', default: '1' }, out: { type: 'string' }, duration: { type: 'string' },
        peak: { type: 'string' }, base: { type: 'string' }, 'initial-replicas': { type: 'string' },
        series: { type: 'string' }, sum: { type: 'boolean', default: false }, counter: { type: 'boolean' }, gaps: { type: 'string' },
        signal: { type: 'string', multiple: true }, 'sync-period': { type: 'string' }, tolerance: { type: 'string' },
        config: { type: 'string' }, dist: { type: 'string' }, help: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    throw new UsageError(`${(e as Error).message}\n${USAGE}`);
  }
  if (values.help) return { exitCode: 0, stdout: `${USAGE}\n`, stderr: '' };
  if (!values.trace) throw new UsageError(`--trace is required\n${USAGE}`);
  const resolve = (p: string) => path.resolve(userDir, p);
  const configDir = values.config === undefined ? path.resolve(cwd, 'config') : resolve(values.config);
  const distDir = values.dist === undefined ? path.resolve(cwd, 'dist') : resolve(values.dist);
  const shown = (p: string) => displayPath(p, { INIT_CWD: userDir }, cwd);
  const seed = integer(values.seed!, '--seed');

  // The HPA and the model: from the config and dist/, or from --hpa.
  let hpa: HpaSpec;
  let hpaName: string;
  let model: WorkloadModel;
  if (values.env && values.workload) {
    const { env } = loadEnvironmentFile(path.join(configDir, `${values.env}.yaml`));
    model = modelFromEnvironment(env, values.workload);
    const w = env.workloads[values.workload];
    const file = values.hpa ?? path.join(distDir, env.environment, `horizontalpodautoscaler-${w.hpa}.k8s.yaml`);
    ({ hpa, name: hpaName } = readHpa(resolve(file), values.hpa ? undefined : 'run `npm run synth` first', values['hpa-name']));
  } else if (values.hpa) {
    ({ hpa, name: hpaName } = readHpa(resolve(values.hpa), undefined, values['hpa-name']));
    model = genericModel(hpa, values.model ?? 'backend');
  } else {
    throw new UsageError(`say what to simulate: --env <env> --workload <name>, or --hpa <file>\n${USAGE}`);
  }
  const signals = { ...model.signals };
  for (const s of values.signal ?? []) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)=(\w+)$/.exec(s);
    if (!m || !(SIGNALS as readonly string[]).includes(m[2])) throw new UsageError(`--signal ${s}: expected <metric>=${SIGNALS.join('|')}`);
    signals[m[1]] = m[2] as Signal;
  }
  const peak = values.peak !== undefined ? positive(values.peak, '--peak') : model.peak;
  model = { ...model, signals, peak };

  const durationSeconds = values.duration !== undefined ? durationArg(values.duration) : undefined;
  const trace = readTrace(values.trace, resolve, shown, {
    peak, seed, durationSeconds, base: values.base !== undefined ? nonNegative(values.base, '--base') : undefined,
    series: values.series, sum: values.sum!, counter: values.counter, gaps: values.gaps,
  });
  const settings: Partial<ControllerSettings> = {
    ...(values['sync-period'] !== undefined ? { syncPeriodSeconds: positive(values['sync-period'], '--sync-period') } : {}),
    ...(values.tolerance !== undefined ? { tolerance: nonNegative(values.tolerance, '--tolerance') } : {}),
  };
  const result = simulate({
    hpa, model, trace, seed, settings, ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    ...(values['initial-replicas'] !== undefined ? { initialReplicas: integer(values['initial-replicas'], '--initial-replicas') } : {}),
  });
  let stdout = summaryText(result.summary, hpaName);
  if (values.out) {
    const files = simulationFiles(result, `${hpaName}: trace ${trace.name}, seed ${seed}`);
    writeSimulation(resolve(values.out), files, configDir);
    stdout += `wrote ${files.map((f) => f.path).join(', ')} to ${shown(resolve(values.out))}\n`;
  }
  return { exitCode: 0, stdout, stderr: '' };
}

function readHpa(file: string, hint?: string, name?: string): { hpa: HpaSpec; name: string } {
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch {
    throw new UsageError(`cannot read the HPA ${displayPath(file)}${hint ? `: ${hint}` : ''}`);
  }
  type Doc = { kind?: string; apiVersion?: string; metadata?: { name?: string }; spec?: HpaSpec; items?: Doc[] };
  let docs: Doc[];
  try {
    docs = parseAllDocuments(text).map((d) => {
      if (d.errors.length > 0) throw d.errors[0];
      return d.toJS() as Doc;
    });
  } catch (e) {
    throw new UsageError(`${file}: not YAML: ${(e as Error).message.split('\n')[0]}`);
  }
  // One object, several documents, or a List (`kubectl get hpa -o yaml`): exactly one HPA, or --hpa-name.
  const hpas = docs.flatMap((d) => (d?.kind === 'List' ? d.items ?? [] : [d])).filter((d) => d?.kind === 'HorizontalPodAutoscaler');
  const picked = name === undefined ? hpas : hpas.filter((d) => d.metadata?.name === name);
  if (picked.length !== 1) {
    const names = hpas.map((d) => d.metadata?.name ?? '(unnamed)').join(', ') || 'none';
    throw new UsageError(`${file}: ${picked.length === 0 ? 'no' : picked.length} HorizontalPodAutoscaler${name ? ` named ${name}` : ''} (found: ${names})${picked.length > 1 ? '; pick one with --hpa-name' : ''}`);
  }
  const doc = picked[0];
  if (doc.apiVersion !== 'autoscaling/v2' || typeof doc.spec?.maxReplicas !== 'number') {
    throw new UsageError(`${file}: expected an autoscaling/v2 HorizontalPodAutoscaler with spec.maxReplicas, got ${doc.apiVersion ?? 'no apiVersion'}`);
  }
  return { hpa: doc.spec, name: doc.metadata?.name ?? path.basename(file) };
}

/** A model for an HPA outside the config: reference requests (1 CPU, 1Gi) and defaults; metrics mapped by type. */
function genericModel(hpa: HpaSpec, kind: string): WorkloadModel {
  if (kind !== 'backend' && kind !== 'worker') throw new UsageError(`--model must be backend or worker, got ${kind}`);
  const signals: Record<string, Signal> = {};
  let rateTarget = 1000;
  for (const m of hpa.metrics ?? []) {
    if (m.pods) {
      signals[m.pods.metric.name] = kind === 'backend' ? 'requestRate' : 'activeJobs';
      if (kind === 'backend' && m.pods.target.averageValue != null) rateTarget = Number(m.pods.target.averageValue);
    }
    for (const source of [m.external, m.object]) if (source) signals[source.metric.name] = kind === 'worker' ? 'queueDepth' : 'requestRate';
  }
  const cpu = 1000;
  const memory = 1024 ** 3;
  const behaviour: BackendModel | WorkerModel = kind === 'backend'
    ? { kind, cpuBaseline: 0.1 * cpu, cpuPerRequest: (0.5 * cpu) / rateTarget, memoryBaseline: 0.4 * memory, memoryPerRequest: (0.2 * memory) / rateTarget, saturationPerPod: 2 * rateTarget }
    : { kind, jobDurationMean: 60, jobDurationSpread: 0.5, concurrencyPerPod: 10, jobTimeout: 900, shutdownGracePeriod: 30, cpuBaseline: 0.05 * cpu, cpuPerJob: 0.085 * cpu, memoryBaseline: 0.25 * memory, memoryPerJob: 0.055 * memory };
  const peak = kind === 'backend' ? 0.8 * hpa.maxReplicas * rateTarget : (hpa.maxReplicas * 10) / 2 / 60;
  return { behaviour, requests: { cpu, memory }, startup: DEFAULT_STARTUP, pipeline: DEFAULT_PIPELINE, signals, peak };
}

function readTrace(spec: string, resolve: (p: string) => string, shown: (p: string) => string,
  o: { peak: number; base?: number; seed: number; durationSeconds?: number; series?: string; sum: boolean; counter?: boolean; gaps?: string }): Trace {
  const preset = presetName(spec);
  if (preset) return presetTrace(preset, { peak: o.peak, base: o.base, seed: o.seed, durationSeconds: o.durationSeconds });
  const files = spec.split(',').map(resolve);
  for (const file of files) {
    if (!fs.existsSync(file)) throw new UsageError(`--trace ${spec}: ${files.length > 1 ? `${file} is not a file` : `neither a preset (${PRESETS.join(', ')}, spike) nor a file`}`);
  }
  if (o.gaps !== undefined && !['error', 'hold', 'zero'].includes(o.gaps)) throw new UsageError(`--gaps must be error, hold or zero, got ${o.gaps}`);
  const inputs = files.map((file) => ({ file: shown(file), text: fs.readFileSync(file, 'utf-8') }));
  const { trace, findings } = parseTraceFiles(inputs, {
    series: o.series, sum: o.sum, ...(o.counter !== undefined ? { counter: o.counter } : {}), ...(o.gaps ? { gaps: o.gaps as 'error' | 'hold' | 'zero' } : {}),
  });
  if (!trace) throw new ConfigError(findings);
  return trace;
}

/**
 * Replaces `dir` with the run's files through the synth's writer (lib/output/dist-writer.ts), so
 * the same ownership rule holds: a missing or empty directory, or one with the luneo-autoscaling
 * marker listing what was written there; never a directory with other files, the config, the
 * project root, the home directory or a git repository's root. All or nothing, under a lock.
 */
export function writeSimulation(dir: string, files: readonly SimulationFile[], configDir: string): void {
  writeDist(dir, files, { protected: protectedPaths({ configDir, outDir: dir }) });
}

function integer(s: string, flag: string): number {
  if (!/^-?[0-9]+$/.test(s)) throw new UsageError(`${flag} must be a whole number, got ${s}`);
  return Number(s);
}
function positive(s: string, flag: string): number {
  const n = Number(s);
  if (!(n > 0) || !Number.isFinite(n)) throw new UsageError(`${flag} must be a number greater than 0, got ${s}`);
  return n;
}
function nonNegative(s: string, flag: string): number {
  const n = Number(s);
  if (!(n >= 0) || !Number.isFinite(n)) throw new UsageError(`${flag} must be a number of 0 or more, got ${s}`);
  return n;
}
/** 90s, 30m, 6h, 7d. */
function durationArg(s: string): number {
  const d = /^([0-9]+)d$/.exec(s);
  if (d) return Number(d[1]) * 86400;
  if (!DURATION.test(s)) throw new UsageError(`--duration must be like 3600s, 90m, 6h or 7d, got ${s}`);
  return seconds(s);
}
