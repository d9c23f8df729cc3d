import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { ConfigError, Finding } from '../config/findings';
import { configDigest } from '../cli/config-digest';
import { displayPath } from '../cli/paths';
import { loadEnvironmentFile, scanConfigDir } from '../config/load';
import { HpaSpec } from '../hpa';
import { markerContent, MARKER, OutputTree, ProtectedPath } from '../output/dist-writer';
import { protectedPaths } from '../output/synth-command';
import { synthesizeConfigDir } from '../output/synthesize';
import { capacityReport, ReportFile } from './report';
import type { CommandResult } from '../cli/command-result';
import { KeptResults } from '../config/kept-results';

export interface CapacityCommandOptions {
  readonly configDir: string;
  /** @default reports/capacity */
  readonly reportsDir: string;
  /** Compare with the files on disk instead of writing; exit 1 when they differ. */
  readonly check: boolean;
  readonly cwd: string;
  /** Where the user typed the command (lib/cli/paths.ts), for showing paths back. @default cwd */
  readonly userDir?: string;
}

export type { CommandResult } from '../cli/command-result';

/** Reports by the text of the config files they came from: the simulations cost seconds, the key microseconds. The oldest go past 8. */
const cache = new KeptResults<ReportFile[]>(8);

/** Every environment's report, from the config and the HPAs a fresh in-memory synth emits. */
export function capacityReports(configDir: string): ReportFile[] {
  return cache.get(configDigest(configDir), () => buildReports(configDir));
}

function buildReports(configDir: string): ReportFile[] {
  const files = synthesizeConfigDir(configDir).files;
  return scanConfigDir(configDir).files.flatMap((file) => {
    const { env } = loadEnvironmentFile(file);
    const hpas = new Map<string, HpaSpec>();
    for (const [key, w] of Object.entries(env.workloads)) {
      const f = files.find((x) => x.environment === env.environment && x.path.endsWith(`/horizontalpodautoscaler-${w.hpa}.k8s.yaml`));
      if (f) hpas.set(key, parse(f.content).spec);
    }
    return capacityReport(env, hpas);
  }).sort((a, b) => (a.path < b.path ? -1 : 1));
}

/**
 * Every file under `dir` by its path relative to it ('/'-separated), with its text; an entry that
 * is not a regular file or directory (a link, a FIFO) maps to null, so it never equals a report.
 * Empty when `dir` is missing.
 */
function onDisk(dir: string): Map<string, string | null> {
  const found = new Map<string, string | null>();
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(dir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else found.set(p, e.isFile() ? fs.readFileSync(path.join(dir, p), 'utf-8') : null);
    }
  };
  if (fs.existsSync(dir)) walk('');
  return found;
}

/**
 * Where the reports may never be written: the synthesized output (`dist/` of the project), and
 * what synth protects (the config directory, the project root, the home directory, .git and a
 * git working tree's root; lib/output/synth-command.ts).
 */
function capacityProtectedPaths(out: string, configDir: string, cwd: string): ProtectedPath[] {
  return [
    { path: path.resolve(cwd, 'dist'), what: 'the synthesized output directory', noOutputInside: true },
    ...protectedPaths({ configDir, outDir: out }),
  ];
}

/** The writer's messages name synth; a capacity directory has its own wording and remedy. */
function forCapacity(e: ConfigError, shown: string): ConfigError {
  return new ConfigError(e.findings.map((f) => {
    if (f.rule === 'output-dir/unexpected-file') {
      return { ...f, message: f.message.replace(/the last synth did not write it; synth would delete it/, 'the last `npm run capacity` did not write it; it is left untouched'),
        hint: `move it out of ${shown}, or pass another --out (a missing or empty directory)` };
    }
    if ((f.rule === 'output-dir/not-a-file' || f.rule === 'output-dir/not-a-directory') && /where the last synth wrote a/.test(f.message)) {
      return { ...f, message: f.message.replace(/where the last synth wrote a (file|directory); synth would replace it.*/, 'where the last `npm run capacity` wrote a $1; it is left untouched'),
        hint: `delete it, then run \`npm run capacity\` again` };
    }
    return f;
  }));
}

/**
 * `npm run capacity`: replaces the reports directory (default reports/capacity/) with every
 * environment's report, through the synth's writer (lib/output/dist-writer.ts): a missing or empty
 * directory, or one whose `.luneo-autoscaling` marker says `npm run capacity` wrote it, all or
 * nothing under a lock. Report files of ours that no longer belong (an environment removed) go
 * with the old tree; a file the marker does not list, a directory it does not own, another
 * command's output, dist/, the config, the project root or a git working tree are refused
 * (output-dir/* findings), never deleted. With --check, compares every file of the directory
 * (the marker too) with what a run would write; exit 1 when they differ. Config errors are findings, exit 1.
 */
export function runCapacity(options: CapacityCommandOptions): CommandResult {
  const dir = path.resolve(options.cwd, options.reportsDir);
  const configDir = path.resolve(options.cwd, options.configDir);
  const shown = displayPath(dir, { INIT_CWD: options.userDir ?? options.cwd }, options.cwd);
  if (options.check) return checkCapacity(dir, configDir, shown, capacityProtectedPaths(dir, configDir, options.cwd), insideProject(dir, options.cwd));
  // Said of what is there after the refusal, not assumed.
  const refused = (e: ConfigError): CommandResult => ({ exitCode: 1, stdout: '',
    stderr: `${forCapacity(e, shown).message}\ncapacity reports not written; ${fs.existsSync(dir) ? `${shown} was left as it was` : `${shown} did not exist and was not created`}\n` });
  const tree = new OutputTree(dir, { protected: capacityProtectedPaths(dir, configDir, options.cwd), producer: 'capacity' });
  try {
    tree.lock();
  } catch (e) {
    if (e instanceof ConfigError) return refused(e);
    throw e;
  }
  try {
    tree.recover();
    // A refused directory is said at once, with any config findings (the synth's, quick), before
    // the seconds of simulation the reports take.
    const refusals = tree.refusals();
    let files: ReportFile[] | undefined;
    let configFindings: readonly Finding[] = [];
    try {
      if (refusals.length > 0) synthesizeConfigDir(configDir);
      else files = capacityReports(configDir);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      configFindings = e.findings;
    }
    const dirFindings = refusals.length > 0 ? refusals : tree.preflight(files);
    if (dirFindings.length > 0 || !files) throw new ConfigError([...dirFindings, ...configFindings]);
    const wanted = wantedFiles(files);
    const existing = onDisk(dir);
    const stale = [...new Set([...existing.keys(), ...wanted.keys()])].filter((p) => existing.get(p) !== wanted.get(p)).sort();
    if (stale.length > 0) tree.replace(files);
    // A report of ours that no longer belongs (a use case removed) went with the old tree: removed, not updated.
    const removed = stale.filter((p) => !wanted.has(p));
    const written = stale.filter((p) => wanted.has(p));
    const said = [...(written.length ? [`updated ${written.join(', ')}`] : []), ...(removed.length ? [`removed ${removed.join(', ')}`] : [])];
    return { exitCode: 0, stdout: `${said.length ? said.join('; ') : 'no change'} in ${shown}\n`, stderr: '' };
  } catch (e) {
    if (e instanceof ConfigError) return refused(e);
    throw e;
  } finally {
    tree.unlock();
  }
}

/** Whether `dir` lies inside the project (`cwd`, the project root), where reports are committed. */
function insideProject(dir: string, cwd: string): boolean {
  const rel = path.relative(path.resolve(cwd), dir);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
}

/** What a run writes: the reports and the marker naming them. */
function wantedFiles(files: readonly ReportFile[]): Map<string, string> {
  return new Map([...files.map((f): [string, string] => [f.path, f.content]), [MARKER, markerContent(files, 'capacity')]]);
}

/**
 * `--check`: the directory holds exactly what a run would write, marker included. First the
 * refusals a run would meet (the writer's preflight, without the lock or any write: protected
 * paths, a symbolic link, another command's output, files the marker does not list), with the
 * same findings, so --check never advises a run that would be refused; a missing directory is
 * said to be missing.
 */
function checkCapacity(dir: string, configDir: string, shown: string, protectedPaths: readonly ProtectedPath[], committed: boolean): CommandResult {
  // Reports inside the project are committed (CI checks them); a directory elsewhere is only regenerated.
  const remedy = `run \`npm run capacity\`${committed ? ` and commit ${shown}` : ''}`;
  try {
    synthesizeConfigDir(configDir);
  } catch (e) {
    if (e instanceof ConfigError) return { exitCode: 1, stdout: '', stderr: `${e.message}\ncapacity reports not checked\n` };
    throw e;
  }
  let stat: fs.Stats | undefined;
  try {
    stat = fs.statSync(dir);
  } catch {
    stat = undefined;
  }
  if (stat && !stat.isDirectory()) {
    const finding: Finding = { severity: 'error', path: [], rule: 'output-dir/not-a-directory', message: `${shown} is a file, not a reports directory`,
      hint: 'pass the reports directory as --out (reports/capacity by default)', location: { file: shown } };
    return { exitCode: 1, stdout: '', stderr: `${new ConfigError([finding]).message}\ncapacity reports not checked\n` };
  }
  // What refuses the directory whatever a run writes comes before the simulations; files the
  // marker does not list can only be told from the reports (one identical to a report is no loss).
  const tree = new OutputTree(dir, { protected: protectedPaths, producer: 'capacity' });
  const refused = (refusals: readonly Finding[]): CommandResult => ({ exitCode: 1, stdout: '',
    stderr: `${forCapacity(new ConfigError(refusals), shown).message}\ncapacity reports not checked: \`npm run capacity\` would refuse ${shown} the same way\n` });
  const refusals = tree.refusals();
  if (refusals.length > 0) return refused(refusals);
  if (!stat) return { exitCode: 1, stdout: '', stderr: `${shown} is missing: ${remedy}\n` };
  const files = capacityReports(configDir);
  const unexpected = tree.preflight(files);
  if (unexpected.length > 0) return refused(unexpected);
  const wanted = wantedFiles(files);
  const existing = onDisk(dir);
  const stale = [...new Set([...existing.keys(), ...wanted.keys()])].filter((p) => existing.get(p) !== wanted.get(p)).sort();
  if (stale.length === 0) return { exitCode: 0, stdout: `${shown} is up to date\n`, stderr: '' };
  return { exitCode: 1, stdout: '', stderr: `${shown} is stale (${stale.join(', ')}): ${remedy}\n` };
}
