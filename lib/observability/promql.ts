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

// Generated queries differ mostly in their label values (namespace, HPA, workload), so each is read
// in its shape: every plain double-quoted string emptied, which cannot change whether it parses or
// which metrics it selects. One parse per shape serves the syntax check and coverage alike (500
// workloads: thousands of queries, a few dozen shapes). Bounded for long-lived callers (tests).
interface Reading { readonly parses: boolean; readonly metrics: readonly string[] }
const readings = new Map<string, Reading>();
const PLAIN_STRING = /"[^"\\\n]*"/g;

function read(expr: string): Reading {
  const shape = expr.replace(PLAIN_STRING, '""');
  let reading = readings.get(shape);
  if (!reading) {
    let parses = true;
    const names = new Set<string>();
    parser.parse(shape).iterate({
      enter: (node) => {
        if (node.type.isError) parses = false;
        if (node.name === 'VectorSelector') {
          const id = node.node.getChild('Identifier');
          if (id) names.add(shape.slice(id.from, id.to));
        }
      },
    });
    if (readings.size >= 20_000) readings.clear();
    reading = { parses, metrics: [...names].sort() };
    readings.set(shape, reading);
  }
  return reading;
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

/** A PromQL double-quoted string (Go escapes, which JSON's are a subset of for our values). */
export function quote(value: string): string {
  return JSON.stringify(value);
}
