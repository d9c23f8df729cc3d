import { parseArgs, ParseArgsConfig } from 'util';
import { Finding } from '../config/findings';
import type { CommandResult } from './command-result';

/**
 * util.parseArgs, refusing a single-valued flag given more than once. parseArgs keeps the last of
 * `--trace step --trace ramp` silently, so a command would run something the user did not ask for
 * half of; a flag declared `multiple: true` (simulate --signal) stays repeatable. Throws a TypeError
 * worded like parseArgs' own errors, which each command already turns into a usage error (exit 2).
 */
export function parseCommandLine<T extends ParseArgsConfig>(config: T, empty: EmptyWording = {}): ReturnType<typeof parseArgs<T>> {
  const options: NonNullable<ParseArgsConfig['options']> = { help: { type: 'boolean' }, ...(config.options ?? {}) };
  const parsed = parseArgs({ ...config, options, tokens: true });
  const seen = new Map<string, string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind === 'positional' && token.value.trim() === '') {
      throw new TypeError(`Argument ${JSON.stringify(token.value)} is empty: give ${empty[''] ?? 'a value'}`);
    }
    if (token.kind !== 'option') continue;
    const declared = options[token.name];
    // An empty value (`--seed ""`, `--now=`) is a missing value, as util.parseArgs calls `--seed` alone:
    // a path would resolve to the working directory, a number or a time would fail as a bad value.
    if (declared?.type === 'string' && token.value !== undefined && token.value.trim() === '') {
      throw new TypeError(`Option '--${token.name} <value>' is empty: give ${empty[token.name] ?? (PATH_OPTIONS.has(token.name) ? 'a path' : 'a value')}`);
    }
    if (!declared || declared.multiple) continue;
    const given = token.value === undefined ? token.rawName : `${token.rawName} ${token.value}`;
    const first = seen.get(token.name);
    if (first !== undefined) {
      throw new TypeError(`Option '--${token.name}' is given twice (${first}, then ${given}): give it once, with the value you mean`);
    }
    seen.set(token.name, given);
  }
  // --help (or -h is not declared: only the long form) prints the usage and exits 0 in every command.
  if ((parsed.values as Record<string, unknown>).help === true) throw new HelpRequested();
  return parsed as ReturnType<typeof parseArgs<T>>;
}

/** What an empty value of an option should have been (`'a git revision'`); key '' for a positional. */
export type EmptyWording = Readonly<Record<string, string>>;

/** Options that name a file or directory: an empty one says "give a path". */
const PATH_OPTIONS = new Set(['out', 'config', 'dist', 'hpa', 'trace', 'traces', 'pods']);

/** Thrown by parseCommandLine for `--help`: the command prints its usage on stdout and exits 0. */
export class HelpRequested extends Error {
  constructor() { super('--help'); }
}

/**
 * What a command prints for an error of its command line: the usage on stdout and exit 0 for
 * --help, else the usage error (usageErrorText) and exit 2. The one path every command's usage
 * errors take.
 */
export function usageResult(e: unknown, usage: string): CommandResult {
  if (e instanceof HelpRequested) return { exitCode: 0, stdout: `${usage}\n`, stderr: '' };
  return { exitCode: 2, stdout: '', stderr: usageErrorText(e, usage) };
}

/** Prints usageResult and exits: for scripts that parse their command line at top level. */
export function exitWithUsage(e: unknown, usage: string): never {
  const r = usageResult(e, usage);
  process.stdout.write(r.stdout);
  process.stderr.write(r.stderr);
  process.exit(r.exitCode);
}

/** `error --flag: message [rule]` then the fix, as formatFinding prints file findings. */
export function formatFlagFindings(findings: readonly Finding[]): string {
  return findings.map((f) => {
    const field = f.path.length ? ` ${f.path.join('.')}` : '';
    return `${f.severity}${field}: ${f.message} [${f.rule}]${f.hint ? `\n    fix: ${f.hint}` : ''}`;
  }).join('\n');
}

/**
 * A command-line error (thrown by parseCommandLine, util.parseArgs or a command's own check) as a
 * finding line with the cli/usage rule, then the usage line: what each command prints before exit 2.
 */
export function usageErrorText(e: unknown, usage: string, env: NodeJS.ProcessEnv = process.env): string {
  const message = (typeof (e as Error)?.message === 'string' ? (e as Error).message : String(e)).split('\n')[0].replace(/\. To specify a positional argument.*$/, '');
  // `npm run simulate --env qa` hands `--env` to npm, which leaves the command only `qa`.
  const script = env.npm_lifecycle_event;
  const npmHint = script && /^Unexpected argument/.test(message) ? ` (with npm run, the command's flags go after \`--\`: npm run ${script} -- --flag value; before it npm takes them as its own)` : '';
  return `error: ${message}${npmHint} [cli/usage]\n${usage}\n`;
}
