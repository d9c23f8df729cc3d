import { isDeepStrictEqual } from 'util';
import { clip, valueChange } from './text-digest';

/**
 * A PrometheusRule's change by rule, not by index: alerts added, removed or changed by alert name
 * (with the labels that tell same-named alerts apart, e.g. one HpaMaxedOut per HPA), and per
 * changed alert its expr, `for`, severity, other labels and annotations. Recording rules by the
 * series they record. Group moves are not changes. Pure.
 * Shapes: `spec.groups[].rules[]` of the Prometheus Operator's PrometheusRule
 * (https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.Rule).
 */

interface RuleEntry {
  readonly id: string;
  readonly label: string;
  readonly group: string;
  readonly rule: any;
}

/** Labels that tell same-named alerts apart; severity is a property of the alert, so it is not one. */
function identityLabels(rule: any): Array<[string, string]> {
  const labels = rule?.labels ?? {};
  return Object.keys(labels).filter((k) => k !== 'severity' && k !== 'namespace').sort().map((k) => [k, String(labels[k])]);
}

function entries(object: any): RuleEntry[] {
  const out: RuleEntry[] = [];
  for (const group of object?.spec?.groups ?? []) {
    for (const rule of group?.rules ?? []) {
      const kind = rule?.alert !== undefined ? 'alert' : 'recording rule';
      const name = String(rule?.alert ?? rule?.record ?? '(unnamed)');
      const ids = identityLabels(rule);
      // The label values alone read best (`HpaMaxedOut (luneo-backend-hpa, luneo-backend)`).
      const values = [...new Set(ids.map(([, v]) => v))];
      const label = `${kind} ${name}${values.length ? ` (${values.join(', ')})` : ''}`;
      const id = `${kind}|${name}|${ids.map(([k, v]) => `${k}=${v}`).join(',')}`;
      let unique = id;
      for (let n = 2; out.some((e) => e.id === unique); n++) unique = `${id}#${n}`;
      out.push({ id: unique, label, group: String(group?.name ?? ''), rule });
    }
  }
  return out;
}

/** Same kind and name, the same identifying label keys, exactly one of their values different. */
function relabelled(x: RuleEntry, y: RuleEntry): boolean {
  if ((x.rule?.alert ?? x.rule?.record) !== (y.rule?.alert ?? y.rule?.record) || (x.rule?.alert === undefined) !== (y.rule?.alert === undefined)) return false;
  const lx = identityLabels(x.rule);
  const ly = identityLabels(y.rule);
  if (lx.length !== ly.length || lx.some(([k], i) => ly[i][0] !== k)) return false;
  return lx.filter(([, v], i) => ly[i][1] !== v).length === 1;
}

function ruleWords(e: RuleEntry): string {
  const r = e.rule;
  if (r?.alert === undefined) return `${e.label}: ${clip(String(r?.expr ?? '').replace(/\s+/g, ' '))}`;
  const parts = [r?.labels?.severity ? `severity ${r.labels.severity}` : undefined, r?.for ? `for ${r.for}` : undefined].filter(Boolean);
  return `${e.label}${parts.length ? `, ${parts.join(', ')}` : ''}`;
}

/** Change lines of two PrometheusRules (their whole objects); empty when the rules are the same. */
export function ruleChanges(before: any, after: any): string[] {
  const b = new Map(entries(before).map((e) => [e.id, e]));
  const a = new Map(entries(after).map((e) => [e.id, e]));
  const lines: string[] = [];
  // A rule whose identifying labels differ in one value only (its HPA renamed, say) is that rule changed.
  for (const [id, e] of [...b]) {
    if (a.has(id)) continue;
    const match = [...a].find(([aid, n]) => !b.has(aid) && relabelled(e, n));
    if (!match) continue;
    b.delete(id);
    a.delete(match[0]);
    const n = match[1];
    const [key, from] = identityLabels(e.rule).find(([k, v]) => n.rule?.labels?.[k] !== v)!;
    const to = String(n.rule.labels[key]);
    // Renamed throughout (expr, labels, annotations say the new name where they said the old): one line.
    if (JSON.stringify(e.rule).split(from).join(to) === JSON.stringify(n.rule)) lines.push(`${n.label}: ${key} ${from} -> ${to} (expr, labels and annotations follow)`);
    else lines.push(...changedRule(e, n));
  }
  for (const [id, e] of a) {
    const old = b.get(id);
    if (!old) {
      lines.push(`${ruleWords(e).replace(/^(alert|recording rule)/, '$1 added:')}`);
      continue;
    }
    lines.push(...changedRule(old, e));
  }
  for (const [id, e] of b) if (!a.has(id)) lines.push(`${ruleWords(e).replace(/^(alert|recording rule)/, '$1 removed:')}`);
  return lines;
}

function changedRule(old: RuleEntry, e: RuleEntry): string[] {
  if (isDeepStrictEqual(old.rule, e.rule)) return [];
  const lines: string[] = [];
  const o = old.rule;
  const n = e.rule;
  const norm = (s: unknown) => (typeof s === 'string' ? s.trim() : s);
  if (!isDeepStrictEqual(norm(o.expr), norm(n.expr))) lines.push(...valueChange(`${e.label} expr`, norm(o.expr), norm(n.expr)));
  if (o.for !== n.for) lines.push(`${e.label} for ${o.for ?? '(unset)'} -> ${n.for ?? '(unset)'}`);
  if (o.keep_firing_for !== n.keep_firing_for) lines.push(`${e.label} keep_firing_for ${o.keep_firing_for ?? '(unset)'} -> ${n.keep_firing_for ?? '(unset)'}`);
  if (o.labels?.severity !== n.labels?.severity) lines.push(`${e.label} severity ${o.labels?.severity ?? '(unset)'} -> ${n.labels?.severity ?? '(unset)'}`);
  const keys = (x: any) => Object.keys(x ?? {});
  for (const k of [...new Set([...keys(o.labels), ...keys(n.labels)])].sort()) {
    if (k === 'severity' || o.labels?.[k] === n.labels?.[k]) continue;
    lines.push(...valueChange(`${e.label} label ${k}`, o.labels?.[k], n.labels?.[k]));
  }
  for (const k of [...new Set([...keys(o.annotations), ...keys(n.annotations)])].sort()) {
    if (o.annotations?.[k] === n.annotations?.[k]) continue;
    lines.push(...valueChange(`${e.label} annotation ${k}`, o.annotations?.[k], n.annotations?.[k]));
  }
  if (old.group !== e.group) lines.push(`${e.label} moved from group ${old.group} to ${e.group}`);
  return lines;
}
