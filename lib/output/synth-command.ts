import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseCommandLine, usageResult } from '../cli/command-line';
import { displayPath, resolveUserPath } from '../cli/paths';
import { internalErrorReport } from '../cli/internal-error';
import { ConfigError, Finding, formatReport } from '../config/findings';
import { OutputTree, ProtectedPath, WriterStep } from './dist-writer';
import { synthesizeConfigDir } from './synthesize';
import { CommandResult } from '../cli/command-result';

export interface SynthCommandOptions {
  readonly configDir: string;
  readonly outDir: string;
  readonly strict: boolean;
  /** Delete files in the output that the last synth did not write, and list them. @default false */
  readonly prune?: boolean;
  /**
   * Run by `cdk8s synth`, whose CLI deletes the output directory before it starts the app: a
   * failure then cannot have kept the old tree, and says how to restore it. @default false
   */
  readonly underCdk8s?: boolean;
  /** Fault-injection seam for tests, passed to the writer. @default none */
  readonly onStep?: (step: WriterStep) => void;
}

/** @deprecated the shared CommandResult. */
export type SynthCommandResult = CommandResult;

/**
 * `npm run synth` as a function. Order matters: take the output lock and recover an interrupted
 * swap first (so the old tree is in place whatever happens next), then synthesize, check the output
 * directory against the new files, report both in one go, and only then replace the tree. Exit 1 with every finding
 * on errors, exit 0 with warnings printed otherwise. main.ts only prints the result.
 */
export function runSynth(options: SynthCommandOptions): SynthCommandResult {
  const out = options.outDir;
  const shown = displayPath(out);
  const tree = new OutputTree(out, { protected: protectedPaths(options), prune: options.prune, onStep: options.onStep });
  try {
    tree.lock();
  } catch (e) {
    return { exitCode: 1, stdout: '', stderr: `${failureReport(e)}\nsynth failed; ${shown} was not touched\n` };
  }
  try {
    tree.recover();
    let synthesis: ReturnType<typeof synthesizeConfigDir> | undefined;
    let configFindings: readonly Finding[] = [];
    try {
      synthesis = synthesizeConfigDir(options.configDir, { strict: options.strict });
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      configFindings = e.findings;
    }
    const dirFindings = tree.preflight(synthesis?.files);
    if (dirFindings.length > 0 || !synthesis) throw new ConfigError([...dirFindings, ...configFindings]);
    const { pruned } = tree.replace(synthesis.files);
    const stderr = synthesis.warnings.length > 0 ? `${formatReport(synthesis.warnings)}\n` : '';
    const prunedReport = pruned.map((p) => `pruned ${path.join(shown, p)} (${tree.prunedReason(p)})\n`).join('');
    return { exitCode: 0, stdout: `${prunedReport}synthesized ${synthesis.files.length} files into ${shown}\n`, stderr };
  } catch (e) {
    return { exitCode: 1, stdout: '', stderr: `${failureReport(e)}\n${afterFailure(out, shown, options.underCdk8s ?? false)}\n` };
  } finally {
    tree.unlock();
  }
}

/** What a failed run left, said truthfully (checked, not assumed). */
function afterFailure(out: string, shown: string, underCdk8s: boolean): string {
  if (fs.existsSync(out)) return `synth failed; ${shown} was left as it was`;
  if (underCdk8s) {
    return `synth failed; \`cdk8s synth\` deleted ${shown} before it started this app, so ${shown} is missing now.\n`
      + `Restore it with \`git checkout -- ${shown}\`; \`npm run synth\` keeps the old tree until a synth succeeds.`;
  }
  return `synth failed; ${shown} did not exist and was not created`;
}

/**
 * Paths the output may never be or contain: the config directory, the project root, every git
 * working tree above the output or the working directory and its .git, and the home directory.
 * The output may not lie inside the config directory or a .git directory either.
 */
export function protectedPaths(options: { configDir: string; outDir: string }): ProtectedPath[] {
  const list: ProtectedPath[] = [
    { path: path.resolve(options.configDir), what: 'the config directory', noOutputInside: true },
    { path: projectRoot(), what: 'the project root' },
    { path: os.homedir(), what: 'the home directory' },
  ];
  for (const start of [process.cwd(), path.resolve(options.outDir)]) {
    for (let dir = start; ; dir = path.dirname(dir)) {
      if (fs.existsSync(path.join(dir, '.git'))) {
        list.push({ path: path.join(dir, '.git'), what: 'a .git directory', noOutputInside: true }, { path: dir, what: 'a git working tree' });
      }
      if (path.dirname(dir) === dir) break;
    }
  }
  return list;
}

/** The nearest directory at or above the working directory holding cdk8s.yaml (npm and cdk8s run there). */
function projectRoot(): string {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'cdk8s.yaml'))) return dir;
    if (path.dirname(dir) === dir) return process.cwd();
  }
}


/**
 * Bad input is a ConfigError and prints as findings; anything else is a bug in this tool, so its
 * stack trace is printed, labelled as such, for the bug report.
 */
export function failureReport(e: unknown): string {
  return e instanceof ConfigError ? e.message : internalErrorReport(e);
}

export const USAGE = 'usage: npm run synth -- [--config <dir>] [--out <dir>] [--strict] [--prune]';

/**
 * The command line of `npm run synth` / `cdk8s synth` (see main.ts). A bad command line is a usage
 * error with the usage line, not a stack trace. --config and --out are relative to the directory the
 * user typed the command in (INIT_CWD, lib/cli/paths.ts); the defaults are relative to the project
 * root, as cdk8s resolves `output:`; under `cdk8s synth` (CDK8S_OUTDIR set) the output defaults to it.
 */
export function parseSynthArgs(argv: readonly string[], env: NodeJS.ProcessEnv): { options: SynthCommandOptions } | { usage: SynthCommandResult } {
  try {
    const { values } = parseCommandLine({
      args: [...argv],
      options: {
        config: { type: 'string' },
        out: { type: 'string' },
        strict: { type: 'boolean', default: false },
        prune: { type: 'boolean', default: false },
      },
    });
    return {
      options: {
        // Given paths are the user's (INIT_CWD); defaults and CDK8S_OUTDIR (cdk8s.yaml `output:`) are the project's.
        configDir: values.config === undefined ? 'config' : resolveUserPath(values.config, env),
        outDir: values.out === undefined ? env.CDK8S_OUTDIR || 'dist' : resolveUserPath(values.out, env),
        strict: values.strict!, prune: values.prune!,
        underCdk8s: !!env.CDK8S_OUTDIR && values.out === undefined,
      },
    };
  } catch (e) {
    return { usage: usageResult(e, USAGE) };
  }
}
