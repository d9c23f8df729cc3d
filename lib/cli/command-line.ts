import { parseArgs, ParseArgsConfig } from 'util';
import { Finding } from '../config/findings';

/**
 * util.parseArgs, refusing a single-valued flag given more than once. parseArgs keeps the last of
 * `--trace step --trace ramp` silently, so a command would run something the user did not ask for
 * half of; a flag declared `multiple: true` (simulate --signal) stays repeatable. Throws a TypeError
 * worded like parseArgs' own errors, which each command already turns into a usage error (exit 2).
 */
export function parseCommandLine<T extends ParseArgsConfig>(config: T): ReturnType<typeof parseArgs<T>> {
  const parsed = parseArgs({ ...config, tokens: true });
  const options = config.options ?? {};
  const seen = new Map<string, string>();
  for (const token of parsed.tokens ?? []) {
    if (token.kind !== 'option') continue;
    const declared = options[token.name];
    if (!declared || declared.multiple) continue;
    const given = token.value === undefined ? token.rawName : `${token.rawName} ${token.value}`;
    const first = seen.get(token.name);
    if (first !== undefined) {
      throw new TypeError(`Option '--${token.name}' is given twice (${first}, then ${given}): give it once, with the value you mean`);
    }
    seen.set(token.name, given);
  }
  return parsed as ReturnType<typeof parseArgs<T>>;
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
export function usageErrorText(e: unknown, usage: string): string {
  const message = (typeof (e as Error)?.message === 'string' ? (e as Error).message : String(e)).split('\n')[0].replace(/\. To specify a positional argument.*$/, '');
  return `error: ${message} [cli/usage]\n${usage}\n`;
}
