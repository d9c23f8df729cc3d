import { parser } from '@prometheus-io/lezer-promql';

/**
 * PromQL as Prometheus' own web UI reads it: `@prometheus-io/lezer-promql`, the grammar maintained
 * in the prometheus/prometheus repository. Every alert and panel query is parsed at synth time, so a
 * broken expression is a finding and never output.
 */

/** A syntax error: 0-based character offset into the expression and the text around it. */
export interface PromqlError {
  readonly offset: number;
  readonly near: string;
}

// Generated queries differ mostly in their label values (namespace, HPA, workload) and, with many
// workloads, in their metric names, so each is read in its shape: every plain double-quoted string
// emptied, and every metric name written before `{` that the grammar reads as a plain identifier
// replaced by a numbered placeholder (the metrics are read back through the numbers). Neither can
// change whether the query parses or which selectors it has: the parser sees the same tokens (see
// isPlainIdentifier). One parse per shape serves the syntax check and coverage alike (500
// workloads: thousands of queries, a few dozen shapes). Bounded for long-lived callers (tests).
interface Reading { readonly parses: boolean; readonly metrics: readonly string[] }
const readings = new Map<string, Reading>();
const PLAIN_STRING = /"[^"\\\n]*"/g;
const NAME_BEFORE_BRACE = /(?<![A-Za-z0-9_:.])([A-Za-z_][A-Za-z0-9_]*)(?=\{)/g;
const PLACEHOLDER = /^__luneo_metric_(\d+)$/;

/**
 * An identifier the parser reads as a plain name in every position: none of its keyword,
 * contextual-keyword or function specializers claims it (asked as if every keyword could be
 * shifted), so replacing it by another plain identifier leaves the token stream unchanged.
 */
const plainIdentifiers = new Map<string, boolean>();
const anyShift = { canShift: () => true };
// The parser's identifier specializers (a negative result: not specialized). Not part of its typed
// API: should a version not have them, no name counts as plain and every query is parsed as is.
const specializers = (parser as unknown as { specializerSpecs?: Array<{ get: (value: string, stack: unknown) => number }> }).specializerSpecs;
function isPlainIdentifier(name: string): boolean {
  let plain = plainIdentifiers.get(name);
  if (plain === undefined) {
    plain = !!specializers && specializers.length > 0 && !PLACEHOLDER.test(name) && specializers.every((spec) => spec.get(name, anyShift) < 0);
    if (plainIdentifiers.size >= 20_000) plainIdentifiers.clear();
    plainIdentifiers.set(name, plain);
  }
  return plain;
}

// Each query is read by coverage, the syntax check and the panel check: its shape is made once.
const byExpr = new Map<string, Reading>();

function read(expr: string): Reading {
  let reading = byExpr.get(expr);
  if (!reading) {
    reading = readShape(expr);
    if (byExpr.size >= 20_000) byExpr.clear();
    byExpr.set(expr, reading);
  }
  return reading;
}

function readShape(expr: string): Reading {
  const names: string[] = [];
  const strings = expr.replace(PLAIN_STRING, '""');
  // A query that writes a placeholder's name itself is read as is.
  const shape = strings.includes('__luneo_metric_') ? strings : strings.replace(NAME_BEFORE_BRACE, (name: string) => {
    if (!isPlainIdentifier(name)) return name;
    names.push(name);
    return `__luneo_metric_${names.length - 1}`;
  });
  let reading = readings.get(shape);
  if (!reading) {
    let parses = true;
    const found = new Set<string>();
    parser.parse(shape).iterate({
      enter: (node) => {
        if (node.type.isError) parses = false;
        if (node.name === 'VectorSelector') {
          const id = node.node.getChild('Identifier');
          if (id) found.add(shape.slice(id.from, id.to));
        }
      },
    });
    if (readings.size >= 20_000) readings.clear();
    reading = { parses, metrics: [...found] };
    readings.set(shape, reading);
  }
  if (names.length === 0) return reading.metrics.length < 2 ? reading : { parses: reading.parses, metrics: [...reading.metrics].sort() };
  const metrics = new Set(reading.metrics.map((m) => {
    const placeholder = PLACEHOLDER.exec(m);
    return placeholder ? names[Number(placeholder[1])] : m;
  }));
  return { parses: reading.parses, metrics: [...metrics].sort() };
}

/** Syntax errors of an expression; empty when it parses. */
export function promqlErrors(expr: string): PromqlError[] {
  if (expr.trim() === '') return [{ offset: 0, near: '' }];
  if (read(expr).parses) return [];
  const errors: PromqlError[] = [];
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push({ offset: node.from, near: expr.slice(Math.max(0, node.from - 20), node.from + 20) });
    },
  });
  return errors;
}

/** Metric names an expression selects (`name{...}` selectors), sorted and without duplicates. */
export function selectedMetrics(expr: string): string[] {
  return [...read(expr).metrics];
}

/** One label matcher: equality, or `{ re }` for `=~`, or `{ not }` for `!=`. */
export type Matcher = string | { readonly re: string } | { readonly not: string };

/** A vector selector `name{l="v",...}` with labels in the given order; values quoted as PromQL strings. */
export function selector(name: string, matchers: Readonly<Record<string, Matcher>>): string {
  const parts = Object.entries(matchers).map(([label, m]) => {
    if (typeof m === 'string') return `${label}=${quote(m)}`;
    return 're' in m ? `${label}=~${quote(m.re)}` : `${label}!=${quote(m.not)}`;
  });
  return parts.length === 0 ? name : `${name}{${parts.join(',')}}`;
}

/**
 * A PromQL double-quoted string that reads back as `value`: JSON's escapes (`\"`, `\\`, `\n`,
 * `\u00XX`) are all Go escapes the PromQL lexer reads. The one JSON form it refuses, `\udXXX` for a
 * lone surrogate, never gets here: config rules refuse such text (slo/invalid-regex) and names
 * are ASCII by their schemas.
 */
export function quote(value: string): string {
  return JSON.stringify(value);
}
