import * as fs from 'fs';
import * as path from 'path';
import { HelpRequested, parseCommandLine, usageErrorText, usageResult } from '../cli/command-line';
import { LineCounter, parseAllDocuments } from 'yaml';
import { configDigest } from '../cli/config-digest';
import { displayPath } from '../cli/paths';
import { internalErrorReport } from '../cli/internal-error';
import { notARegularFile } from '../cli/user-file';
import { environmentChoiceFinding } from '../config/environments';
import { ConfigError, FieldPath, Finding } from '../config/findings';
import { formatFlagFindings, parseDurationSeconds } from '../explain/explain-flags';
import { documentValue, loadEnvironmentFile, locateFinding, offsetOf } from '../config/load';
import { PROMETHEUS_DURATION, seconds } from '../config/primitives';
import { formatDuration } from '../report/durations';
import { approximateFloat, ControllerSettings, DEFAULT_SETTINGS, HpaSpec } from '../hpa';
import { isTooDeep, runawayNestingFinding, tooDeepFinding } from '../config/yaml-depth';
import { decodeUtf8Text } from '../config/text-encoding';
import { ENCODING_HINT } from '../explain/explain-command';
import { readHpa as readHpaObject } from '../explain/hpa-object';
import { KubeObject, scalarSource } from '../explain/kubectl-input';
import { writeDist } from '../output/dist-writer';
import { synthesizeConfigDir } from '../output/synthesize';
import { protectedPaths } from '../output/synth-command';
import { modelFromEnvironment } from './from-environment';
import { BackendModel, DEFAULT_PIPELINE, DEFAULT_STARTUP, Signal, SIGNALS, WorkerModel, WorkloadModel } from './model';
import { simulationFiles, summaryText, SimulationFile } from './outputs';
import { MAX_LOAD, MAX_SIMULATED_PODS, MAX_STEPS, simulate, SimulationInputError } from './simulate';
import { presetName, presetTrace, PRESETS, Trace } from './trace';
import { decodeTraceFile, isPrometheusRecording, MAX_TRACE_BYTES, parseTraceFiles, traceTooLarge } from './trace-files';
import type { CommandResult } from '../cli/command-result';
import { KeptResults } from '../config/kept-results';

export type { CommandResult } from '../cli/command-result';

/** A user mistake: printed as is, exit 2 (exit 1 is reserved for findings in input files and flag values). */
class UsageError extends Error {}

/** A usage error worded as every command words one (lib/cli/command-line.ts): `error: <what> [cli/usage]`, then the usage. */
function usageError(what: string): UsageError {
  return new UsageError(usageErrorText(new Error(what), USAGE).trimEnd());
}

/** Flag values out of their rule: findings naming the flag, the rule and the fix; exit 1. */
class FlagError extends Error {
  constructor(readonly findings: readonly Finding[]) {
    super(formatFlagFindings(findings));
  }
}

/** The most replicas --initial-replicas may ask for (the API's int32 is far beyond any cluster). */
export const MAX_INITIAL_REPLICAS = 100_000;

/** The largest --hpa file read (bytes): a List of every HPA of a large cluster is a few megabytes; more is the wrong file. */
export const MAX_HPA_BYTES = 16 * 1024 * 1024;

const NUMERIC_FLAGS = ['--seed', '--peak', '--base', '--initial-replicas', '--sync-period', '--tolerance', '--duration'];

/** util.parseArgs takes `--base -1` for a flag and an unknown option: join the value so its range is checked. */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (NUMERIC_FLAGS.includes(argv[i]) && /^-(\d|\.\d)/.test(argv[i + 1] ?? '')) out.push(`${argv[i]}=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

function flagError(flag: string, rule: string, message: string, hint: string): FlagError {
  return new FlagError([{ severity: 'error', path: [flag], rule, message, hint }]);
}

export const USAGE = `usage: npm run simulate -- --trace <preset|file> (--env <env> --workload <name> [--hpa <file>] | --hpa <file> [--model backend|worker]) [--hpa-name <name>]
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
    if (e instanceof FlagError) return { exitCode: 1, stdout: '', stderr: `${e.message}\nsimulation not run\n` };
    if (e instanceof ConfigError) return { exitCode: 1, stdout: '', stderr: `${e.message}\nsimulation not run\n` };
    if (e instanceof UsageError) return { exitCode: 2, stdout: '', stderr: `${e.message}\n` };
    if (e instanceof SimulationInputError) return { exitCode: 1, stdout: '', stderr: `error: ${e.message} [${e.rule}]\nsimulation not run\n` };
    return { exitCode: 1, stdout: '', stderr: `${internalErrorReport(e)}\n` };
  }
}

/**
 * `cwd` is the project root (the defaults `config` and `dist` live there); `userDir` is where the
 * user typed the command (lib/cli/paths.ts): paths given on the command line resolve against it.
 */
function run(argv: readonly string[], cwd: string, userDir: string): CommandResult {
  let values;
  try {
    ({ values } = parseCommandLine({
      args: joinNegativeValues(argv),
      options: {
        env: { type: 'string' }, workload: { type: 'string' }, hpa: { type: 'string' }, 'hpa-name': { type: 'string' }, model: { type: 'string' },
        trace: { type: 'string' }, seed: { type: 'string', default: '1' }, out: { type: 'string' }, duration: { type: 'string' },
        peak: { type: 'string' }, base: { type: 'string' }, 'initial-replicas': { type: 'string' },
        series: { type: 'string' }, sum: { type: 'boolean', default: false }, counter: { type: 'boolean' }, gaps: { type: 'string' },
        signal: { type: 'string', multiple: true }, 'sync-period': { type: 'string' }, tolerance: { type: 'string' },
        config: { type: 'string' }, dist: { type: 'string' },
      },
    }));
  } catch (e) {
    if (e instanceof HelpRequested) return usageResult(e, USAGE);
    throw new UsageError(usageErrorText(e, USAGE).trimEnd());
  }
  if (!values.trace) throw usageError('--trace is required');
  const resolve = (p: string) => path.resolve(userDir, p);
  const configDir = values.config === undefined ? path.resolve(cwd, 'config') : resolve(values.config);
  const distDir = values.dist === undefined ? path.resolve(cwd, 'dist') : resolve(values.dist);
  const shown = (p: string) => displayPath(p, { INIT_CWD: userDir }, cwd);
  const seed = integer(values.seed!, '--seed', 0, 2 ** 32 - 1, 'the seed of the 32-bit generator: a whole number from 0 to 4294967295');

  // The HPA and the model: from the config and dist/, or from --hpa.
  let hpa: HpaSpec;
  let hpaName: string;
  let model: WorkloadModel;
  let note = '';
  // One without the other would be dropped silently (an --hpa run with the generic model).
  if ((values.env === undefined) !== (values.workload === undefined)) {
    throw usageError(`${values.env === undefined ? '--workload needs --env' : '--env needs --workload'}: the environment and its workload go together`);
  }
  if (!values.env && values.dist !== undefined) {
    throw flagError('--dist', 'cli/unused-flag', 'names where --env finds its synthesized HPA; without --env the HPA is the --hpa file, so --dist would be ignored',
      'drop --dist, or simulate an environment\'s workload with --env <env> --workload <name>');
  }
  if (values.env && values.model !== undefined) {
    throw flagError('--model', 'cli/unused-flag', `applies to an --hpa run without --env; with --env ${values.env} the model is the config's workload ${values.workload ?? ''}`.trimEnd(),
      'drop --model (the environment gives the model), or drop --env and --workload to simulate the --hpa file with the generic model');
  }
  if (values.env && values.workload) {
    const unknown = environmentChoiceFinding(configDir, values.env, shown(configDir));
    if (unknown) throw new ConfigError([unknown]);
    const envFile = path.join(configDir, `${values.env}.yaml`);
    const { env, locate } = loadEnvironment(envFile, configDir);
    if (!Object.prototype.hasOwnProperty.call(env.workloads, values.workload)) {
      throw flagError('--workload', 'simulate/unknown-workload', `${shown(envFile)} has no workload "${values.workload}"`,
        `pick one of the workloads of ${values.env}: ${Object.keys(env.workloads).join(', ')}`);
    }
    const w = env.workloads[values.workload];
    // The config's own line, not the dist/ manifest it became: that is where the number is changed.
    if (!values.hpa && w.replicas.max > MAX_SIMULATED_PODS) {
      throw new ConfigError([locateFinding({ ...tooManyPods(w.replicas.max, 'simulate a copy of the environment with replicas.max'), path: ['workloads', values.workload, 'replicas', 'max'] }, locate)]);
    }
    model = modelFromEnvironment(env, values.workload);
    const file = values.hpa ?? path.join(distDir, env.environment, `horizontalpodautoscaler-${w.hpa}.k8s.yaml`);
    // --hpa with --env replaces the synthesized HPA and keeps the config's model (requests, load,
    // signals, peak): a candidate HPA tried against the real workload. Said first, so it is never a surprise.
    if (values.hpa) note = `note: simulating the HPA of ${shown(resolve(values.hpa))} (--hpa) in place of ${w.hpa} from ${shown(distDir)}; the workload model is ${values.env}'s ${values.workload}\n`;
    ({ hpa, name: hpaName } = readHpa(resolve(file), values.hpa ? undefined : missingManifestHint(distDir, values.dist !== undefined, shown), values['hpa-name']));
    if (!values.hpa) note = staleManifestNote(configDir, env.environment, file, shown) ?? note;
  } else if (values.hpa) {
    ({ hpa, name: hpaName } = readHpa(resolve(values.hpa), undefined, values['hpa-name']));
    model = genericModel(hpa, values.model ?? 'backend');
  } else {
    throw usageError('say what to simulate: --env <env> --workload <name>, or --hpa <file>');
  }
  const signals = { ...model.signals };
  for (const s of values.signal ?? []) {
    const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)=(\w+)$/.exec(s);
    if (!m || !(SIGNALS as readonly string[]).includes(m[2])) {
      throw flagError('--signal', 'cli/choice', `is ${JSON.stringify(s)}; it must be <metric>=${SIGNALS.join('|')}`, `e.g. --signal ${m?.[1] ?? 'requests_per_second'}=requestRate`);
    }
    signals[m[1]] = m[2] as Signal;
    // A misspelt metric would otherwise be ignored and the run use the default signal.
    const names = (hpa.metrics ?? []).flatMap((x) => { const c = x.pods ?? x.external ?? x.object; return c ? [c.metric.name] : []; });
    if (!names.includes(m[1])) {
      throw flagError('--signal', 'simulate/unknown-metric', `HPA ${hpaName} has no custom metric "${m[1]}"${names.length > 0 ? `; its metrics are ${names.join(', ')}` : ' (it has no Pods, Object or External metric)'}`,
        names.length > 0 ? `pass --signal ${names[0]}=${m[2]}, naming one of the HPA's metrics` : 'drop --signal: CPU and memory metrics need no signal');
    }
  }
  // Every custom metric needs a driving signal (simulate() would refuse the HPA with a bare error).
  for (const m of hpa.metrics ?? []) {
    const metric = m.pods?.metric.name ?? m.external?.metric.name ?? m.object?.metric.name;
    if (metric !== undefined && !signals[metric]) {
      throw flagError('--signal', 'simulate/unknown-signal', `HPA ${hpaName} metric "${metric}" has no signal: the simulator does not know what load drives it`,
        `pass --signal ${metric}=${SIGNALS.join('|')}${values.env ? ', or set simulation.signals in the config' : ''}`);
    }
  }
  const peak = values.peak !== undefined ? load(values.peak, '--peak', false) : model.peak;
  model = { ...model, signals, peak };

  const syncPeriod = values['sync-period'] !== undefined ? syncPeriodArg(values['sync-period']) : undefined;
  const durationSeconds = values.duration !== undefined ? durationArg(values.duration, syncPeriod ?? DEFAULT_SETTINGS.syncPeriodSeconds) : undefined;
  const trace = readTrace(values.trace, resolve, shown, {
    peak, seed, durationSeconds, step: syncPeriod ?? DEFAULT_SETTINGS.syncPeriodSeconds, base: values.base !== undefined ? load(values.base, '--base', true) : undefined,
    series: values.series, sum: values.sum!, counter: values.counter, gaps: values.gaps, peakGiven: values.peak !== undefined,
  });
  const settings: Partial<ControllerSettings> = {
    ...(syncPeriod !== undefined ? { syncPeriodSeconds: syncPeriod } : {}),
    ...(values.tolerance !== undefined ? { tolerance: toleranceArg(values.tolerance) } : {}),
  };
  const result = simulate({
    hpa, model, trace, seed, settings, ...(durationSeconds !== undefined ? { durationSeconds } : {}),
    ...(values['initial-replicas'] !== undefined ? { initialReplicas: integer(values['initial-replicas'], '--initial-replicas', 0, MAX_INITIAL_REPLICAS, 'a pod count; the run clamps it to minReplicas..maxReplicas') } : {}),
  });
  let stdout = summaryText(result.summary, hpaName);
  if (values.out) {
    const files = simulationFiles(result, `${hpaName}: trace ${trace.name}, seed ${seed}`);
    writeSimulation(resolve(values.out), files, configDir);
    stdout += `wrote ${files.map((f) => f.path).join(', ')} to ${shown(resolve(values.out))}\n`;
  }
  return { exitCode: 0, stdout: note + stdout, stderr: '' };
}

/**
 * Loaded environments by file, working directory (findings show paths relative to it) and the
 * config directory's digest: a config simulated again in one process (the tests) is not read and
 * validated again. A validated environment is deeply frozen; a failed load is never kept. The
 * oldest go past 8.
 */
const loadedEnvironments = new KeptResults<ReturnType<typeof loadEnvironmentFile>>(8);

function loadEnvironment(envFile: string, configDir: string): ReturnType<typeof loadEnvironmentFile> {
  const digest = configDigest(configDir);
  const key = digest === null ? null : JSON.stringify([path.resolve(envFile), process.cwd(), digest]);
  return loadedEnvironments.get(key, () => loadEnvironmentFile(envFile));
}

/**
 * A note when the HPA manifest read from dist/ is not what the config synthesizes now (the config
 * was edited without `npm run synth`): the model comes from the config, the HPA from dist/, so the
 * run would mix two versions without a word. Undefined when they agree, or when the config as a
 * whole does not synthesize (another environment's findings are synth's to report).
 */
function staleManifestNote(configDir: string, environment: string, file: string, shown: (p: string) => string): string | undefined {
  let synthesized: string | undefined;
  try {
    synthesized = synthesizeConfigDir(configDir).files.find((f) => f.environment === environment && f.path.endsWith(`/${path.basename(file)}`))?.content;
  } catch (e) {
    if (e instanceof ConfigError) return undefined;
    throw e;
  }
  if (synthesized === undefined || fs.readFileSync(file, 'utf-8') === synthesized) return undefined;
  return `note: ${shown(file)} is not what ${shown(configDir)} synthesizes now (the config changed since the last \`npm run synth\`); `
    + `simulating the HPA in ${shown(file)}, with the workload model from the config: run \`npm run synth\` to simulate the config's HPA\n`;
}

/**
 * The fix for an HPA manifest missing from the synth's output: `npm run synth` writes it (to dist/,
 * or to the directory --dist names, which may itself be the mistake).
 */
function missingManifestHint(distDir: string, distGiven: boolean, shown: (p: string) => string): string {
  const dir = notARegularFile(distDir);
  // A regular file (no finding from notARegularFile) is as wrong a --dist as a missing directory.
  if (distGiven && dir?.code !== 'directory') {
    return `--dist ${shown(distDir)} ${dir === undefined ? 'is a file, not a directory' : dir.why}: pass the directory \`npm run synth\` writes (default dist), or leave --dist out`;
  }
  return distGiven
    ? `run \`npm run synth\` first, or pass --dist the directory it wrote (default dist)`
    : 'run `npm run synth` first: it writes the HPA manifests to dist/';
}

const HPA_FILE_HINT = 'pass --hpa the path of an HPA manifest (dist/<env>/horizontalpodautoscaler-*.k8s.yaml) or saved `kubectl get hpa <name> -o yaml` output';

/**
 * Reads the HPA to simulate; `missingHint` is the fix when the file does not exist (the default:
 * pass --hpa an HPA file). Every problem is a finding (simulate/unreadable, simulate/not-a-file, YAML
 * and API rules): exit 1, as for the config and trace files.
 */
function readHpa(file: string, missingHint?: string, name?: string): { hpa: HpaSpec; name: string } {
  // Stat before reading: a named pipe would block the read forever, a device never end.
  const bad = notARegularFile(file);
  const unreadable = (why: string) => new ConfigError([{ severity: 'error', path: [], rule: 'simulate/unreadable', message: `the HPA ${displayPath(file)} ${why}`,
    // The synthesized manifest (no --hpa given): its fix is about --dist and the synth, never --hpa.
    hint: missingHint ?? HPA_FILE_HINT, location: { file: displayPath(file) } }]);
  if (bad?.code === 'missing' || bad?.code === 'unreadable') throw unreadable(bad.why);
  if (bad?.code === 'not-regular' || bad?.code === 'directory') {
    throw new ConfigError([{ severity: 'error', path: [], rule: 'simulate/not-a-file', message: `the HPA ${displayPath(file)} ${bad.why}`,
      hint: HPA_FILE_HINT, location: { file: displayPath(file) } }]);
  }
  const size = bad ? 0 : fs.statSync(file).size;
  if (size > MAX_HPA_BYTES) {
    throw new ConfigError([{ severity: 'error', path: [], rule: 'simulate/too-large', location: { file: displayPath(file) },
      message: `the HPA ${displayPath(file)} is ${size.toLocaleString('en-US')} bytes, more than the ${MAX_HPA_BYTES.toLocaleString('en-US')} an HPA file may have`,
      hint: 'pass one HPA (`kubectl get hpa <name> -n <namespace> -o yaml`), or check it is the right file' }]);
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw unreadable(code === 'ENOENT' ? 'does not exist' : `cannot be read (${code ?? (e as Error).message})`);
  }
  // Decoded as explain and the config reader decode: UTF-16/32, NUL or invalid UTF-8 is a finding.
  const decoded = decodeUtf8Text(bytes);
  if (decoded.problem) {
    const p = decoded.problem;
    throw new ConfigError([{ severity: 'error', path: [], rule: 'simulate/encoding', message: p.message, hint: `${p.hint}: ${ENCODING_HINT}`,
      location: { file: displayPath(file), line: p.line, column: p.column } }]);
  }
  const text = decoded.text;
  type Doc = { kind?: string; apiVersion?: string; metadata?: { name?: string }; spec?: HpaSpec; items?: Doc[] };
  // Problems in the file are findings (file:line, rule, fix; exit 1), as for config and trace files.
  const shown = displayPath(file);
  const lineCounter = new LineCounter();
  // Line and column, as explain and conformance locate the same file's problems.
  const position = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: shown, line, column: col };
  };
  const hpaFinding = (rule: string, message: string, hint: string, offset = 0): ConfigError =>
    new ConfigError([{ severity: 'error', path: [], rule, message, hint, location: position(offset) }]);
  const runaway = runawayNestingFinding(text, 'yaml/too-deep', shown, 'an HPA is a few levels deep');
  if (runaway) throw new ConfigError([runaway]);
  const parsed = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const documents = Array.isArray(parsed) ? parsed : [];
  const broken = documents.flatMap((d) => d.errors);
  const deep = broken.find(isTooDeep);
  if (deep) throw new ConfigError([tooDeepFinding('yaml/too-deep', [], position(deep.pos[0]), 'an HPA is a few levels deep')]);
  if (broken.length > 0) {
    throw hpaFinding('yaml/syntax', `is not YAML: ${broken[0].message.split('\n')[0]}`, 'pass an HPA manifest or `kubectl get hpa <name> -o yaml` output', broken[0].pos[0]);
  }
  // Aliases expand within the config loader's limit: a "billion laughs" file is a finding, not an exhausted heap.
  const docs = documents.map((d) => {
    const expanded = documentValue(d, position);
    if (expanded.findings.length > 0) throw new ConfigError(expanded.findings);
    return { js: expanded.value as Doc, offset: d.contents?.range?.[0] ?? 0, doc: d, path: [] as FieldPath };
  });
  // One object, several documents, or a List (`kubectl get hpa -o yaml`): exactly one HPA, or --hpa-name.
  const objects = docs.flatMap((d) => (d.js?.kind === 'List' ? (d.js.items ?? []).map((js, i) => ({ js, offset: d.offset, doc: d.doc, path: ['items', i] as FieldPath })) : [d])).filter((d) => d.js != null && typeof d.js === 'object');
  const hpas = objects.filter((d) => d.js.kind === 'HorizontalPodAutoscaler');
  const picked = name === undefined ? hpas : hpas.filter((d) => d.js.metadata?.name === name);
  if (picked.length !== 1) {
    // Name what the file holds, so "found: Deployment luneo-worker" shows the wrong file was given.
    const found = hpas.length > 0 ? hpas : objects;
    const names = found.map(({ js: d }) => `${hpas.length > 0 ? '' : `${d.kind ? d.kind : 'no kind'} `}${d.metadata?.name || '(unnamed)'}`).join(', ')
      || 'no objects';
    throw hpaFinding(picked.length > 1 ? 'simulate/several-hpas' : 'simulate/no-hpa',
      `${picked.length === 0 ? 'no' : picked.length} HorizontalPodAutoscaler${name ? ` named ${name}` : ''} (found: ${names})${picked.length > 1 ? '; pick one with --hpa-name' : ''}`,
      picked.length > 1 ? 'pick one with --hpa-name <name>' : 'pass an HPA manifest (dist/<env>/horizontalpodautoscaler-*.k8s.yaml) or `kubectl get hpa <name> -o yaml` output',
      (found[0] ?? { offset: 0 }).offset);
  }
  const doc = picked[0].js;
  // Wrong-typed fields (maxReplicas: "20") are the API's findings at their line below, not a version mismatch.
  if (doc.apiVersion !== 'autoscaling/v2') {
    throw hpaFinding('simulate/hpa-version', `expected an autoscaling/v2 HorizontalPodAutoscaler, got ${doc.apiVersion ?? 'no apiVersion'}`,
      'kubectl get hpa.v2.autoscaling <name> -n <namespace> -o yaml', picked[0].offset);
  }
  // The checks explain makes (quantities parsed as Kubernetes does, the API server's rules), so a
  // target such as "1k" reads as 1000 and a broken one is a finding at its field, never a NaN.
  const located = picked[0];
  const locate = (p: FieldPath) => {
    const at = lineCounter.linePos(offsetOf(located.doc.contents, p));
    return { file: shown, line: at.line, column: at.col };
  };
  const { findings } = readHpaObject({ object: doc as KubeObject, path: located.path }, locate, (p) => scalarSource(located.doc, text, p));
  if (findings.length > 0) throw new ConfigError(findings);
  // Validated above (spec and spec.maxReplicas are required there).
  const spec = doc.spec as HpaSpec;
  // Checked before simulating: the run models each pod, so a cap near the API's int32 limit with a
  // large peak would grow to gigabytes instead of finishing.
  if (spec.maxReplicas > MAX_SIMULATED_PODS) {
    const at = [...located.path, 'spec', 'maxReplicas'];
    throw new ConfigError([{ ...tooManyPods(spec.maxReplicas, 'simulate a copy of the HPA with maxReplicas:'), path: at, location: locate(at) }]);
  }
  return { hpa: spec, name: doc.metadata?.name ?? path.basename(file) };
}

/** simulate/too-many-pods for a cap of `max` replicas; `copy` starts the fix ("... 10000 or less"). */
function tooManyPods(max: number, copy: string): Finding {
  const n = (x: number) => x.toLocaleString('en-US');
  return { severity: 'error', path: [], rule: 'simulate/too-many-pods',
    message: `is ${n(max)}: the simulator models every pod, and a run that scaled to it would need ${n(max)} pods, more than the ${n(MAX_SIMULATED_PODS)} one run may hold (MAX_SIMULATED_PODS)`,
    hint: `${copy} ${MAX_SIMULATED_PODS} or less (the scaling rules are the same below the cap), and a --peak those pods can serve` };
}

/** A model for an HPA outside the config: reference requests (1 CPU, 1Gi) and defaults; metrics mapped by type. */
function genericModel(hpa: HpaSpec, kind: string): WorkloadModel {
  if (kind !== 'backend' && kind !== 'worker') throw usageError(`--model must be backend or worker, got ${JSON.stringify(kind)}`);
  const signals: Record<string, Signal> = {};
  let rateTarget = 1000;
  for (const m of hpa.metrics ?? []) {
    if (m.pods) {
      signals[m.pods.metric.name] = kind === 'backend' ? 'requestRate' : 'activeJobs';
      if (kind === 'backend' && m.pods.target.averageValue != null) rateTarget = approximateFloat(m.pods.target.averageValue);
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
  o: { peak: number; base?: number; seed: number; durationSeconds?: number; step: number; series?: string; sum: boolean; counter?: boolean; gaps?: string; peakGiven?: boolean }): Trace {
  const preset = presetName(spec);
  // Flags that shape one kind of trace would be ignored by the other: a finding, not a silent no-op.
  const given = (flags: ReadonlyArray<readonly [string, boolean]>) => flags.filter(([, on]) => on).map(([flag]) => flag);
  // A bad value is said first: "would be ignored" of a value that is not even valid misleads.
  if (o.gaps !== undefined && !['error', 'hold', 'zero'].includes(o.gaps)) {
    throw flagError('--gaps', 'cli/choice', `is ${JSON.stringify(o.gaps)}; it must be error, hold or zero`, '--gaps hold keeps the last value over a long gap, --gaps zero reads it as no load');
  }
  if (o.series !== undefined && o.sum) {
    throw flagError('--sum', 'cli/conflict', 'adds every series, while --series picks some: the two exclude each other', 'pass --series label=value,... to pick series, or --sum to add them all');
  }
  if (o.series !== undefined && o.series.split(',').some((p) => p.trim() === '')) {
    throw flagError('--series', 'cli/usage', `${JSON.stringify(o.series)} has an empty matcher`, 'write --series label=value[,label=value...] without a leading, trailing or double comma');
  }
  if (o.base !== undefined && o.base > o.peak) {
    throw flagError('--base', 'cli/range', `is ${o.base}, above the peak ${o.peak}: a preset rises from its base to its peak`, `pass --base ${o.peak} or less, or a higher --peak`);
  }
  const recordingFlags = given([['--series', o.series !== undefined], ['--sum', o.sum], ['--counter', o.counter !== undefined], ['--gaps', o.gaps !== undefined]]);
  if (preset && recordingFlags.length > 0) {
    throw flagError(recordingFlags[0], 'cli/unused-flag', `applies to recorded traces; the ${preset} preset is generated (one series, no gaps), so ${recordingFlags.join(', ')} would be ignored`,
      `drop ${recordingFlags.join(', ')}, or pass --trace a recording (Prometheus query_range JSON, CSV or JSON samples)`);
  }
  const presetFlags = given([['--peak', o.peakGiven === true], ['--base', o.base !== undefined]]);
  if (!preset && presetFlags.length > 0) {
    throw flagError(presetFlags[0], 'cli/unused-flag', `shapes a preset trace; a recording's load is what was recorded, so ${presetFlags.join(', ')} would be ignored`,
      `drop ${presetFlags.join(', ')}, or pass --trace a preset (${PRESETS.join(', ')})`);
  }
  if (preset) {
    const trace = presetTrace(preset, { peak: o.peak, base: o.base, seed: o.seed, durationSeconds: o.durationSeconds });
    // --duration was checked against the step already; a preset's own length is checked here, as
    // a flag finding, not the simulator's plain sentence.
    if (o.durationSeconds === undefined && trace.durationSeconds / o.step > MAX_STEPS) {
      const fewest = Math.ceil((trace.durationSeconds / MAX_STEPS) * 1000) / 1000;
      throw flagError('--sync-period', 'cli/range',
        `is ${o.step} s: the ${preset} preset's ${formatDuration(trace.durationSeconds)} (${trace.durationSeconds.toLocaleString('en-US')} s) takes ${Math.ceil(trace.durationSeconds / o.step).toLocaleString('en-US')} steps, more than the ${MAX_STEPS.toLocaleString('en-US')} one run may take`,
        `pass --sync-period ${fewest} or more (the controller default is 15), or --duration ${formatDuration(Math.floor(MAX_STEPS * o.step))} or less`);
    }
    return trace;
  }
  const entries = spec.split(',');
  // `a.csv,` or `a.csv,,b.csv`: an empty entry would resolve to the user's directory and read as
  // "is a directory"; the slip is in the flag.
  const empty = entries.findIndex((e) => e.trim() === '');
  if (empty >= 0) {
    throw flagError('--trace', 'cli/usage', `${JSON.stringify(spec)} has an empty entry (entry ${empty + 1} of ${entries.length})`,
      `list the recordings separated by single commas with no trailing comma${entries.some((e) => e.trim() !== '') ? `: --trace ${entries.filter((e) => e.trim() !== '').join(',')}` : ''}`);
  }
  const files = entries.map(resolve);
  const traceHint = `pass --trace a preset (${PRESETS.join(', ')}) or recorded CSV/JSON files`;
  for (const [i, file] of files.entries()) {
    // Stat before reading: a named pipe would block the read forever, a device never end.
    const bad = notARegularFile(file);
    if (bad?.code === 'not-regular' || bad?.code === 'directory') {
      throw new ConfigError([{ severity: 'error', path: [], rule: 'trace/not-a-file', message: `${shown(file)} ${bad.why}`, hint: traceHint, location: { file: shown(file) } }]);
    }
    // A bare word alone is most likely a misspelt preset: a usage error listing them. A path, or one
    // entry of a list, is a recording that is not there: a finding naming the file.
    if (bad?.code === 'missing' && files.length === 1 && !/[/\\.]/.test(entries[i])) {
      throw usageError(`--trace ${JSON.stringify(spec)} is neither a preset (${PRESETS.join(', ')}, spike) nor a file`);
    }
    if (bad?.code === 'missing' || bad?.code === 'unreadable') {
      throw new ConfigError([{ severity: 'error', path: [], rule: 'trace/unreadable', message: `the recording ${shown(file)} ${bad.why}`, hint: traceHint, location: { file: shown(file) } }]);
    }
  }
  const tooLarge = files.filter((file) => fs.statSync(file).size > MAX_TRACE_BYTES).map((file) => traceTooLarge(shown(file), fs.statSync(file).size));
  if (tooLarge.length > 0) throw new ConfigError(tooLarge);
  const decoded = files.map((file) => ({ file: shown(file), ...decodeTraceFile(fs.readFileSync(file), shown(file)) }));
  const unreadable = decoded.flatMap((d) => d.findings);
  if (unreadable.length > 0) throw new ConfigError(unreadable);
  const inputs = decoded.map((d) => ({ file: d.file, text: d.text! }));
  // --series, --sum and --counter pick and convert the series of a Prometheus query_range result;
  // CSV and plain JSON samples hold one series of rates.
  const seriesFlags = given([['--series', o.series !== undefined], ['--sum', o.sum], ['--counter', o.counter !== undefined]]);
  if (seriesFlags.length > 0 && !inputs.some((input) => isPrometheusRecording(input.text, input.file))) {
    throw flagError(seriesFlags[0], 'cli/unused-flag',
      `applies to Prometheus query_range JSON; ${inputs.map((i) => i.file).join(', ')} ${inputs.length > 1 ? 'hold' : 'holds'} one series of samples (CSV or plain JSON), so ${seriesFlags.join(', ')} would be ignored`,
      `drop ${seriesFlags.join(', ')}, or pass the recording as Prometheus saved it (/api/v1/query_range JSON)`);
  }
  const { trace, findings } = parseTraceFiles(inputs, {
    series: o.series, sum: o.sum, ...(o.counter !== undefined ? { counter: o.counter } : {}), ...(o.gaps ? { gaps: o.gaps as 'error' | 'hold' | 'zero' } : {}),
  });
  if (!trace) throw new ConfigError(findings);
  const where = { file: shown(files[0]), line: 1 };
  if (o.durationSeconds === undefined && trace.durationSeconds / o.step > MAX_STEPS) throw new ConfigError([traceTooLong(trace, o.step, where)]);
  const tooHigh = trace.values.findIndex((v) => !(v <= MAX_LOAD));
  if (tooHigh >= 0) {
    throw new ConfigError([{ severity: 'error', path: [], rule: 'trace/value', location: where,
      message: `the load at ${trace.times[tooHigh]} s is ${trace.values[tooHigh]}, more than the ${MAX_LOAD.toExponential()} the simulator takes`,
      hint: 'check the unit of the recording: a load is req/s (backend) or job arrivals/s (worker)' }]);
  }
  return trace;
}

/**
 * A trace longer than one run may be (MAX_STEPS sync periods), as a finding. Only when the times
 * look like milliseconds is the fix to divide them: samples a whole number of seconds times 1000
 * apart that, as seconds, would be a step a recording is taken at (1 s to 5 min: a scrape interval
 * up to Prometheus' lookback), at least two such steps, and a thousandth of the span fits one run.
 * Epoch milliseconds (~1.7e12) are trace/time-unit, found by the reader first. Anything else (80
 * days in seconds) is a long recording, and the fix is --duration.
 */
function traceTooLong(trace: Trace, step: number, location: { file: string; line: number }): Finding {
  const steps = Math.ceil(trace.durationSeconds / step);
  const gaps = trace.times.slice(1, 1001).map((t, k) => t - trace.times[k]).sort((a, b) => a - b);
  const spacing = gaps.length > 0 ? gaps[Math.floor(gaps.length / 2)] : 0;
  const milliseconds = gaps.length >= 2 && spacing >= 1000 && spacing <= 300_000 && spacing % 1000 === 0 && trace.durationSeconds / 1000 / step <= MAX_STEPS;
  return {
    severity: 'error', path: [], rule: 'trace/too-long', location,
    message: `lasts ${trace.durationSeconds.toLocaleString('en-US')} s (${formatDuration(trace.durationSeconds)}): ${steps.toLocaleString('en-US')} steps of ${step} s, more than the ${MAX_STEPS.toLocaleString('en-US')} one run may take (${formatDuration(Math.floor(MAX_STEPS * step))})`,
    hint: milliseconds
      ? `its samples are ${spacing.toLocaleString('en-US')} s apart: the timestamps are most likely milliseconds, not seconds; divide them by 1000`
      : `shorten the recording or pass --duration ${formatDuration(Math.floor(MAX_STEPS * step))} or less; a longer --sync-period takes fewer steps`,
  };
}

/**
 * Replaces `dir` with the run's files through the synth's writer (lib/output/dist-writer.ts), so
 * the same ownership rule holds: a missing or empty directory, or one with the luneo-autoscaling
 * marker listing what was written there; never a directory with other files, the config, the
 * project root, the home directory or a git repository's root. All or nothing, under a lock.
 */
export function writeSimulation(dir: string, files: readonly SimulationFile[], configDir: string): void {
  writeDist(dir, files, { protected: protectedPaths({ configDir, outDir: dir }), producer: 'simulate' });
}

const NUMBER = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i;

function integer(s: string, flag: string, min: number, max: number, hint: string): number {
  if (!/^-?[0-9]+$/.test(s)) throw flagError(flag, 'cli/integer', `must be a whole number, got ${JSON.stringify(s)}`, hint);
  const n = Number(s);
  if (n < min || n > max) throw flagError(flag, 'cli/range', `is ${s}; it must be in [${min}, ${max}]`, hint);
  return n;
}

/** A load (req/s or jobs/s): finite, in (0, MAX_LOAD] (or [0, MAX_LOAD] when zero is allowed). */
function load(s: string, flag: string, zero: boolean): number {
  const n = NUMBER.test(s.trim()) ? Number(s) : NaN;
  const hint = `a load in the trace's unit (req/s for a backend, job arrivals/s for a worker), such as 1000`;
  if (!Number.isFinite(n)) throw flagError(flag, 'cli/number', `is ${JSON.stringify(s)}, not a finite number`, hint);
  if (zero ? n < 0 : n <= 0) throw flagError(flag, 'cli/range', `is ${s}; it must be ${zero ? '0 or more' : 'greater than 0'}`, hint);
  if (n > MAX_LOAD) throw flagError(flag, 'cli/range', `is ${s}; it must be at most ${MAX_LOAD.toExponential()} (no platform sees more; check the unit)`, hint);
  return n;
}

/** --sync-period: seconds in (0, 3600], as kube-controller-manager's --horizontal-pod-autoscaler-sync-period means anything. */
function syncPeriodArg(s: string): number {
  const n = parseDurationSeconds(s);
  const hint = 'the controller default is 15 (--horizontal-pod-autoscaler-sync-period 15s)';
  if (n === undefined || !Number.isFinite(n)) throw flagError('--sync-period', 'cli/duration', `is ${JSON.stringify(s)}, not a number of seconds or a duration`, hint);
  if (n <= 0 || n > 3600) throw flagError('--sync-period', 'cli/range', `is ${s}; it must be in (0s, 1h]`, hint);
  return n;
}

/** --tolerance: a ratio in [0, 1), as --horizontal-pod-autoscaler-tolerance. */
function toleranceArg(s: string): number {
  const n = NUMBER.test(s.trim()) ? Number(s) : NaN;
  const hint = 'a ratio such as 0.1 (10%), the controller default (--horizontal-pod-autoscaler-tolerance)';
  if (!Number.isFinite(n)) throw flagError('--tolerance', 'cli/number', `is ${JSON.stringify(s)}, not a number`, hint);
  if (n < 0 || n >= 1) throw flagError('--tolerance', 'cli/range', `is ${s}; it must be a ratio in [0, 1)`, hint);
  return n;
}

/**
 * --duration (90s, 30m, 6h, 7d, 1d12h: a Prometheus duration, as the limit below is printed):
 * positive, and at most MAX_STEPS sync periods.
 */
function durationArg(s: string, step: number): number {
  const hint = 'a run length such as 6h, 7d or 1d12h';
  if (s === '' || !PROMETHEUS_DURATION.test(s)) throw flagError('--duration', 'cli/duration', `is ${JSON.stringify(s)}; it must be like 3600s, 90m, 6h, 7d or 1d12h`, hint);
  const n = seconds(s);
  if (!(n > 0)) throw flagError('--duration', 'cli/range', `is ${s}; it must be longer than 0`, hint);
  // Whole seconds, rounded down: the suggested value, passed back, is accepted.
  const limit = Math.floor(MAX_STEPS * step);
  if (n / step > MAX_STEPS) {
    throw flagError('--duration', 'cli/range', `is ${s}: ${Math.ceil(n / step).toLocaleString('en-US')} steps of ${step} s, more than the ${MAX_STEPS.toLocaleString('en-US')} steps one run may take (${formatDuration(limit)} at this sync period)`,
      `simulate at most --duration ${formatDuration(limit)}, or split a long recording into runs; a longer --sync-period takes fewer steps`);
  }
  return n;
}
