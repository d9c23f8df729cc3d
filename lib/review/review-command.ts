import * as fs from 'fs';
import * as path from 'path';
import { ConfigError, Finding, formatReport } from '../config/findings';
import { formatFlagFindings } from '../cli/command-line';
import { configDigest } from '../cli/config-digest';
import { displayPath } from '../cli/paths';
import { notARegularFile } from '../cli/user-file';
import { loadEnvironmentFile, scanConfigDir } from '../config/load';
import { Environment } from '../config/schema';
import { HpaSpec } from '../hpa';
import { MARKER, OutputTree, ProtectedPath, writeDist } from '../output/dist-writer';
import { protectedPaths } from '../output/synth-command';
import { synthesizeConfigDir } from '../output/synthesize';
import { modelFromEnvironment } from '../simulation/from-environment';
import { PresetName, Trace } from '../simulation/trace';
import { decodeTraceFile, MAX_TRACE_BYTES, parseTraceFile, TraceFileResult, traceTooLarge } from '../simulation/trace-files';
import { renderComparisonSvg } from './comparison-chart';
import { committedRevision, ReviewInputError } from './git-output';
import { renderReviewHtml } from './render-html';
import { chartPath, MAX_MARKDOWN, renderComparisonsMarkdown, renderHpaMarkdown, renderOtherMarkdown } from './render-markdown';
import { diffOutputs, EnvironmentDiff, OutputFile, OutputObject, outputObjects, SHARED_OUTPUT } from './semantic-diff';
import { compareHpa, HpaComparison } from './simulation-comparison';
import type { CommandResult } from '../cli/command-result';
import { KeptResults } from '../config/kept-results';

export interface ReviewCommandOptions {
  /** Git revision whose committed output is the base. @default HEAD */
  readonly base: string;
  /** Where to write review.md, its charts/ and review.html; Markdown on stdout only when absent. */
  readonly outDir?: string;
  readonly configDir: string;
  /** The committed output directory, relative to the repository root. @default dist */
  readonly distDir: string;
  /**
   * Recorded traces, `<dir>/<workload key>/*.csv|json`, run for that workload's HPA. Given, it must
   * be a directory (review/traces-missing, review/traces-not-a-directory); the default `traces`
   * may be absent. @default traces
   */
  readonly tracesDir?: string;
  /** Skip the simulations (semantic diff only). */
  readonly noSimulation?: boolean;
  /** The presets each changed HPA runs (tests that are not about them run one). @default every preset (`PRESETS`) */
  readonly presets?: readonly PresetName[];
  readonly cwd: string;
  /** Where the user typed the command (lib/cli/paths.ts), for showing paths back. @default cwd */
  readonly userDir?: string;
}

export type { CommandResult } from '../cli/command-result';

export interface Review {
  readonly baseLabel: string;
  readonly diff: readonly EnvironmentDiff[];
  readonly comparisons: readonly HpaComparison[];
  /** '' when nothing changed. */
  readonly markdown: string;
}

/** Runs a changed HPA's two versions; null when the HPA is not one of the config's workloads. */
export type Simulator = (environment: string, hpa: string, base: HpaSpec, head: HpaSpec) => HpaComparison | null;

/** The HPA specs of both versions for every HPA the diff shows as changed or renamed. */
function changedHpas(diff: readonly EnvironmentDiff[], base: readonly OutputFile[], head: readonly OutputFile[]) {
  const changed = diff.flatMap((e) => e.objects
    .filter((o) => o.kind === 'HorizontalPodAutoscaler' && (o.status === 'changed' || o.status === 'renamed'))
    .map((o) => ({ environment: e.environment, o })));
  if (changed.length === 0) return [];
  // Each tree's objects once (the diff's parse of each file is reused), not once per HPA.
  const baseObjects = outputObjects(base);
  const headObjects = outputObjects(head);
  const spec = (objects: readonly OutputObject[], env: string, name: string) => objects
    .find((o) => o.environment === env && o.kind === 'HorizontalPodAutoscaler' && o.name === name)?.object?.spec as HpaSpec | undefined;
  return changed.flatMap(({ environment, o }) => {
    const b = spec(baseObjects, environment, o.from ?? o.name);
    const h = spec(headObjects, environment, o.name);
    return b && h ? [{ environment, hpa: o.name, base: b, head: h }] : [];
  });
}

/**
 * Working-tree syntheses by the names and text of the config directory's files (the output does not
 * depend on where the directory is): a config reviewed again in the same process (the tests) is not
 * synthesized again. A directory holding anything but regular files is synthesized every time, and
 * a failed synth is never kept. The oldest go past 8.
 */
const syntheses = new KeptResults<readonly OutputFile[]>(8);

function synthesizeHead(configDir: string): OutputFile[] {
  return [...syntheses.get(configDigest(configDir), () => Object.freeze(synthesizeConfigDir(configDir).files.map((f) => Object.freeze({ path: f.path, content: f.content }))))];
}

/** Pure: the review of two output trees. */
export function review(base: readonly OutputFile[], head: readonly OutputFile[], baseLabel: string, simulator?: Simulator, withCharts = false): Review {
  const diff = diffOutputs(base, head);
  if (diff.length === 0) return { baseLabel, diff, comparisons: [], markdown: '' };
  const comparisons = simulator
    ? changedHpas(diff, base, head).flatMap((c) => simulator(c.environment, c.hpa, c.base, c.head) ?? [])
    : [];
  // What scales and how it behaves first (it always fits); the rest within what is left of the bound.
  const essentials = [
    `## Autoscaling review: ${baseLabel} -> working tree`, '',
    changeSummary(diff), '',
    ...renderHpaMarkdown(diff),
    ...renderComparisonsMarkdown(comparisons, withCharts),
  ].join('\n');
  const markdown = [essentials, ...renderOtherMarkdown(diff, Math.max(0, MAX_MARKDOWN - essentials.length))].join('\n');
  return { baseLabel, diff, comparisons, markdown: `${markdown.trimEnd()}\n` };
}

/** The dist/ directory of the Argo CD Applications: a reserved name, never an environment. */
const ARGOCD_OUTPUT = 'argocd';

/**
 * The review's first line: how many objects changed, and where, each part counted on its own: an
 * environment added or removed says so, the Argo CD Applications and the output every environment
 * shares (dist/environments.md) are not counted as environments. E.g. "17 objects changed (...):
 * environment staging removed (14), Argo CD Applications (2), the environment summary every
 * environment shares (1)."
 */
export function changeSummary(diff: readonly EnvironmentDiff[]): string {
  const count = diff.reduce((n, e) => n + e.objects.length, 0);
  const rank = (e: EnvironmentDiff) => (e.environment === SHARED_OUTPUT ? 2 : e.environment === ARGOCD_OUTPUT ? 1 : 0);
  const parts = [...diff].sort((a, b) => rank(a) - rank(b)).map((e) => {
    const n = e.objects.length;
    if (e.environment === SHARED_OUTPUT) return `the environment summary every environment shares (${n})`;
    if (e.environment === ARGOCD_OUTPUT) return `Argo CD Applications (${n})`;
    if (e.status === 'added') return `new environment ${e.environment} (${n})`;
    if (e.status === 'removed') return `environment ${e.environment} removed (${n})`;
    return `environment ${e.environment} (${n})`;
  });
  return `${count} object${count === 1 ? '' : 's'} changed (semantic diff of the synthesized output): ${parts.join(', ')}.`;
}

function loadEnvironments(configDir: string): Map<string, Environment> {
  const envs = new Map<string, Environment>();
  for (const file of scanConfigDir(configDir).files) {
    const { env } = loadEnvironmentFile(file);
    envs.set(env.environment, env);
  }
  return envs;
}

/** `<dir>/<workload>/*.csv|json` as traces; unreadable or invalid files are findings. */
function recordedTraces(dir: string, environment: string, workload: string, findings: Finding[], show: (file: string) => string = displayPath): Trace[] {
  const folder = path.join(dir, workload);
  if (!fs.existsSync(folder)) return [];
  return fs.readdirSync(folder).filter((f) => /\.(csv|json)$/i.test(f)).sort().flatMap((f) => {
    const file = path.join(folder, f);
    const bad = notARegularFile(file);
    if (bad) {
      findings.push({ severity: 'error', path: [], rule: 'review/not-a-file', message: `${show(file)} ${bad.why}`, hint: 'keep only recorded CSV/JSON traces in the recordings folder', location: { file: show(file) } });
      return [];
    }
    // Same bound as `simulate --trace`: a mistaken export fails fast instead of filling memory.
    const size = fs.statSync(file).size;
    if (size > MAX_TRACE_BYTES) {
      findings.push(traceTooLarge(show(file), size));
      return [];
    }
    const decoded = decodeTraceFile(fs.readFileSync(file), show(file));
    const r: TraceFileResult = decoded.text === undefined ? { findings: decoded.findings } : parseTraceFile(decoded.text, show(file));
    findings.push(...r.findings.map((x) => withReviewHint(x, `--env ${shellWord(environment)} --workload ${shellWord(workload)} --trace ${shellWord(show(file))}`)));
    return r.trace ? [r.trace] : [];
  });
}

/**
 * A trace finding's fix as review can act on it. Review replays each recording as it is and takes
 * none of simulate's recording flags (--gaps, --series, --sum): the fix is in the recording (record
 * the range again, sum the series in the PromQL query), and `npm run simulate` with those flags is
 * how to look at it as it is. Simulate's own hints (TRACE_RULE_HINTS) stay as they are.
 */
function withReviewHint(f: Finding, replay: string): Finding {
  const simulate = (flags: string) => `\`npm run simulate -- ${replay} ${flags}\``;
  switch (f.rule) {
    case 'prometheus/gap':
      return { ...f, hint: `record that range again without the gap (review replays a recording as it is); to look at it now, ${simulate('--gaps hold')} (keep the last value) or ${simulate('--gaps zero')} (no load)` };
    case 'prometheus/several-series':
    case 'prometheus/series-selector':
      return { ...f, hint: `record one series: sum them in the PromQL query (sum(...)) or select one with label matchers, and record it again (review replays a recording as it is); to look at it now, ${simulate('--sum')} or ${simulate('--series label=value')}` };
    default:
      return f;
  }
}

/** A path as one shell word, quoted only when it needs to be. */
function shellWord(s: string): string {
  return /^[A-Za-z0-9_./:@%+=,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/**
 * Why the recordings folder cannot be used as given, checked before any simulation (and whether
 * or not an HPA changed, so a mistake shows on the first run): an explicitly given `--traces` that
 * is missing (review/traces-missing) or not a directory (review/traces-not-a-directory; the default
 * `traces` may be absent, not a file); a subfolder, or a trace file directly in it, that names no
 * workload of any environment, whose traces would never run (review/unknown-workload, listing the
 * workload keys); an entry named after a workload that is no directory (a file, a FIFO, a dangling
 * symbolic link: review/not-a-directory) or cannot be listed (review/unreadable). Hidden entries
 * (.gitkeep) and other files (a README) are left alone.
 */
function tracesDirFindings(dir: string, explicit: boolean, configDir: string, shown: string): Finding[] {
  const finding = (rule: string, message: string, hint: string, file = shown): Finding => ({ severity: 'error', path: [], rule, message, hint, location: { file } });
  let stat: fs.Stats;
  try {
    stat = fs.statSync(dir);
  } catch {
    return explicit ? [finding('review/traces-missing', `--traces ${shown} does not exist`,
      'pass the folder that holds <workload key>/*.csv|json recordings, or leave --traces out to use traces/')] : [];
  }
  if (!stat.isDirectory()) {
    return [finding('review/traces-not-a-directory', `${explicit ? '--traces ' : ''}${shown} is not a directory`,
      'pass the folder that holds <workload key>/*.csv|json recordings (traces/<workload key>/monday.csv)')];
  }
  const keys = [...new Set([...loadEnvironments(configDir).values()].flatMap((env) => Object.keys(env.workloads)))].sort();
  const known = `the workloads are ${keys.join(', ')}`;
  return fs.readdirSync(dir, { withFileTypes: true }).filter((e) => !e.name.startsWith('.')).sort((a, b) => (a.name < b.name ? -1 : 1)).flatMap((e) => {
    const entry = path.join(shown, e.name);
    const full = path.join(dir, e.name);
    // Followed through symbolic links: a link to a folder is that folder; a dangling one is nothing.
    const kind = entryKind(full);
    if (keys.includes(e.name)) {
      if (kind !== 'a directory') {
        return [finding('review/not-a-directory', `${entry} is ${kind}, not a directory, so the recordings of workload ${e.name} cannot be read`,
          `make ${entry} a folder holding ${e.name}'s recorded CSV/JSON traces (${path.join(entry, 'monday.csv')}), or move it out of ${shown}`, entry)];
      }
      try {
        fs.readdirSync(full);
      } catch (err) {
        return [finding('review/unreadable', `${entry} cannot be read (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`,
          `give the user running the review read access to ${entry}`, entry)];
      }
      return [];
    }
    if (kind === 'a directory') {
      return [finding('review/unknown-workload', `${entry} names no workload of any environment, so its traces would never run; ${known}`,
        `rename it to the key of the workload it recorded (${keys.map((k) => path.join(shown, k)).join(', ')})`, entry)];
    }
    if (/\.(csv|json)$/i.test(e.name)) {
      return [finding('review/unknown-workload', `${entry} is not in a workload's folder, so it would never run; ${known}`,
        `move it into the folder of the workload it recorded (${path.join(shown, keys[0] ?? '<workload key>', e.name)})`, entry)];
    }
    return [];
  });
}

/** What a path is, as `is <kind>` words, following symbolic links (a dangling one says so). */
function entryKind(file: string): string {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    let link = false;
    try {
      link = fs.lstatSync(file).isSymbolicLink();
    } catch {
      // gone in between: said below as unreadable
    }
    if (link && (code === 'ENOENT' || code === 'ELOOP')) return `a symbolic link to ${code === 'ELOOP' ? 'itself (a loop)' : 'a path that does not exist (dangling)'}`;
    return `unreadable (${code ?? (e as Error).message})`;
  }
  if (stat.isDirectory()) return 'a directory';
  if (stat.isFile()) return 'a regular file';
  if (stat.isFIFO()) return 'a named pipe (FIFO)';
  if (stat.isSocket()) return 'a socket';
  if (stat.isCharacterDevice()) return 'a character device';
  if (stat.isBlockDevice()) return 'a block device';
  return 'not a directory';
}

/**
 * `npm run review`: the committed output at `base` against a fresh, in-memory synth of the working
 * tree (dist/ is not written), and each changed HPA simulated in both versions. Prints nothing and
 * exits 0 when nothing changed.
 */
export function runReview(options: ReviewCommandOptions): CommandResult {
  const configDir = path.resolve(options.cwd, options.configDir);
  let head: OutputFile[];
  try {
    head = synthesizeHead(configDir);
  } catch (e) {
    if (e instanceof ConfigError) return { exitCode: 1, stdout: '', stderr: `${e.message}\nreview failed: the working tree does not synthesize\n` };
    throw e;
  }
  let base: OutputFile[];
  let label: string;
  try {
    ({ files: base, label } = committedRevision(options.base, options.distDir, options.cwd));
  } catch (e) {
    if (e instanceof ReviewInputError) {
      const finding: Finding = { severity: 'error', path: e.flag ? [e.flag] : [], rule: e.rule, message: e.message, hint: e.hint };
      return { exitCode: 1, stdout: '', stderr: `${formatFlagFindings([finding])}\nreview failed\n` };
    }
    throw e;
  }

  const tracesDir = path.resolve(options.cwd, options.tracesDir ?? 'traces');
  const traceFindings = tracesDirFindings(tracesDir, options.tracesDir !== undefined, configDir,
    displayPath(tracesDir, { INIT_CWD: options.userDir ?? options.cwd }, options.cwd));
  if (traceFindings.length) return { exitCode: 1, stdout: '', stderr: `${formatReport(traceFindings)}\nreview failed: the recorded traces cannot be used as given\n` };

  const findings: Finding[] = [];
  let simulator: Simulator | undefined;
  if (!options.noSimulation) {
    // Loaded when an HPA changed (the first simulation), not for every review.
    let envs: Map<string, Environment> | undefined;
    simulator = (environment, hpa, b, h) => {
      envs ??= loadEnvironments(configDir);
      const env = envs.get(environment);
      const workload = env && Object.keys(env.workloads).find((k) => env.workloads[k].hpa === hpa);
      if (!env || !workload) return null;
      const model = modelFromEnvironment(env, workload);
      return compareHpa({ environment, hpa, workload, base: b, head: h, model, recorded: recordedTraces(tracesDir, environment, workload, findings, (f) => displayPath(f, { INIT_CWD: options.userDir ?? options.cwd }, options.cwd)), presets: options.presets });
    };
  }
  const r = review(base, head, label, simulator, options.outDir !== undefined);
  if (findings.length) return { exitCode: 1, stdout: '', stderr: `${formatReport(findings)}\nreview failed: a recorded trace is invalid\n` };
  if (!r.markdown && !options.outDir) return { exitCode: 0, stdout: '', stderr: '' };
  if (!options.outDir) return { exitCode: 0, stdout: r.markdown, stderr: '' };

  const out = path.resolve(options.cwd, options.outDir);
  const shown = displayPath(out, { INIT_CWD: options.userDir ?? options.cwd }, options.cwd);
  const dirs = { configDir, distDir: path.resolve(options.cwd, options.distDir), cwd: options.cwd };
  if (!r.markdown) {
    // The same checks as when there is something to write: `--out .`, `config`, `dist` or a file
    // is refused even when nothing changed, so the mistake shows on the first run.
    const refused = new OutputTree(out, { protected: reviewProtectedPaths(out, dirs), producer: 'review' }).preflight();
    if (refused.length > 0) {
      return { exitCode: 1, stdout: '', stderr: `${forReview(new ConfigError(refused)).message}\nreview failed: ${shown} cannot hold a review; it was left as it was\n` };
    }
    // Nothing changed: a previous review there would describe a change that is no longer there.
    try {
      return { exitCode: 0, stdout: removePreviousReview(out, dirs) ? `no change in the synthesized output; removed the previous review in ${shown}\n` : '', stderr: '' };
    } catch (e) {
      if (e instanceof ConfigError) return { exitCode: 1, stdout: '', stderr: `${e.message}\nreview: no change in the synthesized output, but the previous review in ${shown} could not be removed\n` };
      throw e;
    }
  }

  const files: OutputFile[] = [{ path: 'review.md', content: r.markdown }];
  for (const c of r.comparisons) {
    for (const run of c.runs.filter((x) => x.deltas.length > 0)) {
      files.push({ path: chartPath(c.environment, c.hpa, run.trace), content: `${renderComparisonSvg(run, `${c.environment} / ${c.hpa}: ${run.trace} (seed ${run.seed})`)}\n` });
    }
  }
  // Every file at its own path (chartPath keeps distinct traces apart): two under one path would overwrite each other.
  const paths = files.map((f) => f.path);
  if (new Set(paths).size !== paths.length) throw new Error(`review files share a path: ${paths.filter((p, i) => paths.indexOf(p) !== i).join(', ')}`);
  const echartsSource = fs.readFileSync(require.resolve('echarts/dist/echarts.min.js'), 'utf-8');
  files.push({ path: 'review.html', content: renderReviewHtml({ title: `Autoscaling review: ${label} -> working tree`, diff: r.diff, comparisons: r.comparisons, echartsSource }) });
  try {
    writeReview(out, files, dirs);
  } catch (e) {
    if (e instanceof ConfigError) return { exitCode: 1, stdout: '', stderr: `${e.message}\nreview failed: ${shown} was left as it was\n` };
    throw e;
  }
  return { exitCode: 0, stdout: `wrote ${files.map((f) => f.path).join(', ')} to ${shown}\n`, stderr: '' };
}

/**
 * Replaces `out` with the review's files through the synth's writer (lib/output/dist-writer.ts):
 * the same ownership rules as `synth --out` (a missing or empty directory, or one holding the
 * luneo-autoscaling marker; never the config, the synthesized output, the project root, the home
 * directory or a git working tree's root; under a lock, all or nothing), so a previous review's
 * charts go with it and a user's files are never overwritten. A directory another command of ours
 * owns (a synth or simulate output) is refused too: its marker names that command.
 * @throws ConfigError with output-dir findings; `out` is then untouched.
 */
export function writeReview(out: string, files: readonly OutputFile[], dirs: ReviewDirs): void {
  // Where the output may never be comes first: `--out dist` is the synthesized output, whatever its marker says.
  const placement = new OutputTree(out, { protected: reviewProtectedPaths(out, dirs), producer: 'review' }).preflight(files);
  if (placement.length > 0) throw forReview(new ConfigError(placement));
  try {
    writeDist(out, files, { protected: reviewProtectedPaths(out, dirs), producer: 'review' });
  } catch (e) {
    throw e instanceof ConfigError ? forReview(e) : e;
  }
}

/** The writer's hints name synth's flags; a review's directory has its own remedy. */
function forReview(e: ConfigError): ConfigError {
  return new ConfigError(e.findings.map((f) => (f.rule === 'output-dir/unexpected-file'
    ? { ...f, message: f.message.replace(/the last synth did not write it; synth would delete it/, 'the previous review did not write it; it would be deleted'), hint: 'move it out of the review directory, or delete that directory' }
    : /where the last synth wrote a/.test(f.message)
      ? { ...f, message: f.message.replace(/the last synth wrote a (file|directory); synth would replace it/, 'the previous review wrote a $1; it would be replaced'), hint: 'delete it, or delete the review directory' }
      : f)));
}

interface ReviewDirs {
  readonly configDir: string;
  readonly distDir: string;
  readonly cwd: string;
}

function reviewProtectedPaths(out: string, dirs: ReviewDirs): ProtectedPath[] {
  return [
    { path: dirs.distDir, what: 'the synthesized output directory', noOutputInside: true },
    { path: dirs.cwd, what: 'the working directory' },
    ...protectedPaths({ configDir: dirs.configDir, outDir: out }),
  ];
}

/** Whose output `dir` is, by its marker: a review's (it lists review.md), another command's, or none. */
function ownedBy(dir: string): 'review' | 'other' | 'none' {
  let text: string;
  try {
    text = fs.readFileSync(path.join(dir, MARKER), 'utf-8');
  } catch {
    return 'none';
  }
  const lines = text.split('\n').map((l) => l.trim());
  if (!lines[0]?.startsWith('# luneo-autoscaling output')) return 'none';
  return lines.includes('review.md') ? 'review' : 'other';
}

/**
 * Removes a previous review's directory (and only that: its marker lists review.md and it holds
 * nothing the marker does not list), under the writer's lock. False when there was none.
 * @throws ConfigError with the writer's findings when the directory holds other files.
 */
function removePreviousReview(out: string, dirs: ReviewDirs): boolean {
  if (ownedBy(out) !== 'review') return false;
  const tree = new OutputTree(out, { protected: reviewProtectedPaths(out, dirs), producer: 'review' });
  tree.lock();
  try {
    tree.recover();
    const findings = tree.preflight();
    if (findings.length > 0) throw forReview(new ConfigError(findings));
    // Its contents are ours (preflight found nothing else); the directory may be the user's own
    // (made empty for a first review), so it stays, empty.
    for (const entry of fs.readdirSync(out)) fs.rmSync(path.join(out, entry), { recursive: true, force: true });
    return true;
  } finally {
    tree.unlock();
  }
}
