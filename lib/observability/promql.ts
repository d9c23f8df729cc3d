import { Tree } from '@lezer/common';
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

// Syntax checks and coverage both read every alert expression; one parse serves both. Bounded,
// since a long-lived caller (tests) would otherwise keep every tree.
const trees = new Map<string, Tree>();
function parse(expr: string): Tree {
  let tree = trees.get(expr);
  if (!tree) {
    if (trees.size >= 20_000) trees.clear();
    tree = parser.parse(expr);
    trees.set(expr, tree);
  }
  return tree;
}

/** Syntax errors of an expression; empty when it parses. */
export function promqlErrors(expr: string): PromqlError[] {
  const errors: PromqlError[] = [];
  if (expr.trim() === '') return [{ offset: 0, near: '' }];
  parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) errors.push({ offset: node.from, near: expr.slice(Math.max(0, node.from - 20), node.from + 20) });
    },
  });
  return errors;
}

/** Metric names an expression selects (`name{...}` selectors), sorted and without duplicates. */
export function selectedMetrics(expr: string): string[] {
  const names = new Set<string>();
  parse(expr).iterate({
    enter: (node) => {
      if (node.name === 'VectorSelector') {
        const id = node.node.getChild('Identifier');
        if (id) names.add(expr.slice(id.from, id.to));
      }
    },
  });
  return [...names].sort();
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
