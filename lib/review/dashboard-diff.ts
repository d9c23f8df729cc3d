import { isDeepStrictEqual } from 'util';
import { clip, valueChange } from './text-digest';
import { count } from '../config/counts';

/**
 * A Grafana dashboard's change by panel title, not by index: panels added or removed by title, a
 * changed panel by what changed in it (its queries by refId, its unit, thresholds, ...), moved
 * panels counted, not listed field by field. Pure.
 * Shapes: the dashboard JSON model (https://grafana.com/docs/grafana/latest/dashboards/build-dashboards/view-dashboard-json-model/):
 * `panels[]`, rows holding collapsed `panels[]`, each panel's `title`, `targets[]` (`refId`, `expr`), `gridPos`.
 */

/** A Grafana dashboard (parsed JSON): it has panels and a schema version. */
export function isDashboard(value: unknown): boolean {
  return typeof value === 'object' && value !== null && Array.isArray((value as any).panels) && 'schemaVersion' in (value as any);
}

/** The dashboard of a JSON string, or undefined when it is not one. */
export function parseDashboard(text: unknown): any {
  if (typeof text !== 'string' || !/^\s*\{/.test(text)) return undefined;
  try {
    const v = JSON.parse(text);
    return isDashboard(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

interface Panel {
  readonly key: string;
  readonly title: string;
  readonly panel: any;
}

/** Every panel, rows' collapsed panels included, keyed by title (`title #2` for a repeat). */
function panels(dashboard: any): Panel[] {
  const out: Panel[] = [];
  const add = (p: any) => {
    const title = String(p?.title ?? `(untitled ${p?.type ?? 'panel'})`);
    let key = `${p?.type === 'row' ? 'row' : 'panel'} ${title}`;
    for (let n = 2; out.some((x) => x.key === key); n++) key = `${p?.type === 'row' ? 'row' : 'panel'} ${title} #${n}`;
    out.push({ key, title, panel: p });
    for (const child of p?.panels ?? []) add(child);
  };
  for (const p of dashboard?.panels ?? []) add(p);
  return out;
}

const quote = (s: string) => `"${clip(s, 160)}"`;

/** What a panel is, apart from where it sits. */
function content(p: any): any {
  const { id: _id, gridPos: _g, panels: _p, ...rest } = p ?? {};
  return rest;
}

/** Change lines of two dashboards, each line starting with `prefix` (e.g. the ConfigMap key). */
export function dashboardChanges(before: any, after: any, prefix = 'dashboard'): string[] {
  const lines: string[] = [];
  const b = new Map(panels(before).map((p) => [p.key, p]));
  const a = new Map(panels(after).map((p) => [p.key, p]));
  let moved = 0;
  for (const [key, p] of a) {
    const old = b.get(key);
    const kind = p.panel?.type === 'row' ? 'row' : 'panel';
    if (!old) {
      lines.push(`${prefix}: ${kind} added: ${quote(p.title)}${kind === 'panel' && p.panel?.type ? ` (${p.panel.type})` : ''}`);
      continue;
    }
    if (!isDeepStrictEqual(old.panel?.gridPos, p.panel?.gridPos)) moved++;
    lines.push(...panelChanges(`${prefix}: ${kind} ${quote(p.title)}`, content(old.panel), content(p.panel)));
  }
  for (const [key, p] of b) if (!a.has(key)) lines.push(`${prefix}: ${p.panel?.type === 'row' ? 'row' : 'panel'} removed: ${quote(p.title)}`);
  if (moved > 0) lines.push(`${prefix}: ${count(moved, 'panel')} moved`);
  // The rest of the dashboard (title, variables, annotations, time, ...), field by field.
  const rest = (d: any) => {
    const { panels: _p, version: _v, ...others } = d ?? {};
    return others;
  };
  lines.push(...fieldChanges(`${prefix}:`, rest(before), rest(after)));
  return lines;
}

function panelChanges(label: string, b: any, a: any): string[] {
  if (isDeepStrictEqual(b, a)) return [];
  const lines: string[] = [];
  const targets = (p: any) => new Map<string, any>((p?.targets ?? []).map((t: any, i: number) => [String(t?.refId ?? i), t]));
  const bt = targets(b);
  const at = targets(a);
  for (const [ref, t] of at) {
    const old = bt.get(ref);
    if (!old) lines.push(`${label} query ${ref} added: ${clip(String(t?.expr ?? JSON.stringify(t)))}`);
    else if (!isDeepStrictEqual(old, t)) {
      if (old.expr !== t.expr) lines.push(...valueChange(`${label} query ${ref}`, old.expr, t.expr));
      const { expr: _e, ...oldRest } = old;
      const { expr: _e2, ...newRest } = t;
      lines.push(...fieldChanges(`${label} query ${ref}`, oldRest, newRest));
    }
  }
  for (const [ref, t] of bt) if (!at.has(ref)) lines.push(`${label} query ${ref} removed: ${clip(String(t?.expr ?? JSON.stringify(t)))}`);
  const { targets: _t, ...bRest } = b;
  const { targets: _t2, ...aRest } = a;
  lines.push(...fieldChanges(label, bRest, aRest));
  return lines;
}

/** Leaf changes of two plain values, dotted paths, long strings digested; at most `limit` lines. */
export function fieldChanges(label: string, before: unknown, after: unknown, limit = 8): string[] {
  const b = new Map(leafEntries(before));
  const a = new Map(leafEntries(after));
  const keys = [...new Set([...b.keys(), ...a.keys()])].sort().filter((k) => !isDeepStrictEqual(b.get(k), a.get(k)));
  const lines = keys.slice(0, limit).flatMap((k) => valueChange(`${label} ${k || '(value)'}`, b.get(k), a.get(k)));
  if (keys.length > limit) lines.push(`${label} ... ${count(keys.length - limit, 'more changed field', String, 'more changed fields')}`);
  return lines;
}

function leafEntries(value: unknown, prefix = ''): Array<[string, unknown]> {
  if (Array.isArray(value)) {
    if (value.length === 0) return [[prefix, []]];
    return value.flatMap((v, i) => leafEntries(v, `${prefix}[${i}]`));
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return [[prefix, {}]];
    return entries.flatMap(([k, v]) => leafEntries(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, value]];
}
