/**
 * A finding is one broken rule: where (file:line:column and field path), which rule, what to do.
 * Config loading, consistency rules and construct validation all speak in findings, so a user sees
 * one format whichever layer caught the problem.
 */
export type Severity = 'error' | 'warning';
export type FieldPath = ReadonlyArray<string | number>;

export interface Location {
  readonly file: string;
  /** Present for config files; output files are located by the field path instead. */
  readonly line?: number;
  readonly column?: number;
}

export interface Finding {
  readonly severity: Severity;
  /** Path of the offending field from the root of the environment file. */
  readonly path: FieldPath;
  /** Stable rule id, e.g. `schema/unknown-key` or `concurrency/capacity`. */
  readonly rule: string;
  readonly message: string;
  /** What to do about it. */
  readonly hint?: string;
  readonly location?: Location;
  /**
   * Other config entries the problem involves (the first of two colliding names, say): each is
   * printed once with its own location, so a reviewer sees every place to look at.
   */
  readonly related?: ReadonlyArray<{ readonly path: FieldPath; readonly location?: Location }>;
}

export function error(path: FieldPath, rule: string, message: string, hint?: string): Finding {
  return { severity: 'error', path, rule, message, hint };
}

export function formatPath(path: FieldPath): string {
  if (path.length === 0) return '(root)';
  return path
    .map((p, i) => (typeof p === 'number' ? `[${p}]` : /^[A-Za-z_][\w-]*$/.test(p) ? (i === 0 ? p : `.${p}`) : `[${JSON.stringify(p)}]`))
    .join('');
}

export function formatLocation(loc: Location): string {
  return [loc.file, loc.line, loc.column].filter((x) => x !== undefined).join(':');
}

/**
 * `file:line:column: severity path: message [rule]`, then related entries and the fix. A finding
 * about a whole file or directory (no path, no line) prints no path.
 */
export function formatFinding(f: Finding): string {
  const loc = f.location;
  const where = loc ? `${formatLocation(loc)}: ` : '';
  const field = f.path.length === 0 && loc && loc.line === undefined ? '' : ` ${formatPath(f.path)}`;
  const related = (f.related ?? []).map((r) => `\n    see: ${formatPath(r.path)}${r.location ? ` (${formatLocation(r.location)})` : ''}`).join('');
  const hint = f.hint ? `\n    fix: ${f.hint}` : '';
  return `${where}${f.severity}${field}: ${f.message} [${f.rule}]${related}${hint}`;
}

/** All findings grouped by file, then a one-line summary. */
export function formatReport(findings: readonly Finding[]): string {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = f.location?.file ?? '(constructs)';
    // Appended in place: copying the group per finding made a long report quadratic.
    const group = byFile.get(key);
    if (group) group.push(f);
    else byFile.set(key, [f]);
  }
  const lines: string[] = [];
  for (const [file, group] of byFile) {
    lines.push(`${file}:`);
    for (const f of group) lines.push(`  ${formatFinding(f).replace(/\n/g, '\n  ')}`);
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  lines.push(`${errors} error(s), ${findings.length - errors} warning(s)`);
  return lines.join('\n');
}

/** Thrown when configuration has errors; carries every finding, not only the first. */
export class ConfigError extends Error {
  constructor(public readonly findings: readonly Finding[]) {
    super(formatReport(findings));
    this.name = 'ConfigError';
  }
}

/**
 * A construct validation message read back as a finding. cdk8s's `node.addValidation` carries
 * strings, so constructs validate with `formatFinding` (no location); the synth reads severity,
 * field, rule and fix back out of that text instead of wrapping it in a second severity and rule
 * (`error: error data[...] ... [dashboard/too-large] [construct/validation]`). The field path stays
 * as text at the head of the message. Undefined for a message of another shape.
 */
export function parseFormattedFinding(text: string): Omit<Finding, 'path' | 'location'> | undefined {
  const [head, ...rest] = text.split('\n    ');
  const m = /^(error|warning)(?: (\S[^\n]*?))?: ([\s\S]*) \[([a-z0-9][\w./-]*)\]$/.exec(head);
  if (!m) return undefined;
  const fix = rest.find((l) => l.startsWith('fix: '));
  const see = rest.filter((l) => l.startsWith('see: '));
  return {
    severity: m[1] as Severity, rule: m[4],
    message: `${m[2] !== undefined ? `${m[2]}: ` : ''}${m[3]}${see.map((s) => `; ${s}`).join('')}`,
    ...(fix ? { hint: fix.slice('fix: '.length) } : {}),
  };
}
