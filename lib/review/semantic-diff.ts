import { isDeepStrictEqual } from 'util';
import { parseAllDocuments } from 'yaml';
import { dashboardChanges, isDashboard, parseDashboard } from './dashboard-diff';
import { ruleChanges } from './rule-diff';
import { showValue, valueChange } from './text-digest';
import { deepFreeze } from '../config/deep-freeze';
import { count } from '../config/counts';

/**
 * A semantic diff of two synthesized output trees (the `dist/` of a base revision and of the
 * working tree), environment by environment and object by object, in the words a reviewer uses:
 * `luneo-backend-hpa: maxReplicas 50 -> 60`, `scaleDown policy Pods 2/300s -> 4/300s`. Pure.
 */

/** One output file: its path relative to the output root and its text. */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
}

/** One object of the output, with the file it came from. */
export interface OutputObject {
  readonly environment: string;
  /** `HorizontalPodAutoscaler/luneo-production/luneo-backend-hpa`, or the file path for non-objects. */
  readonly id: string;
  readonly kind: string;
  readonly name: string;
  readonly path: string;
  readonly object: any;
}

export interface ObjectChange {
  readonly kind: string;
  readonly name: string;
  readonly status: 'added' | 'removed' | 'renamed' | 'changed';
  /** For a rename: the old name. */
  readonly from?: string;
  /** For a rename or move of a namespaced object to another namespace: the old and new namespace. */
  readonly fromNamespace?: string;
  readonly namespace?: string;
  /** What changed, in words; for added/removed objects, what the object is. */
  readonly changes: readonly string[];
}

/** The pseudo-environment of output files every environment shares (dist/environments.md). */
export const SHARED_OUTPUT = '(all environments)';

export interface EnvironmentDiff {
  readonly environment: string;
  readonly status: 'added' | 'removed' | 'changed';
  readonly objects: readonly ObjectChange[];
}

/**
 * The environment a file belongs to: `<env>/<object>.k8s.yaml`, `<category>/<env>/<file>` (chart
 * values), or `<category>/<env>.<ext>` (one file per environment, e.g. runbooks).
 */
function environmentOf(path: string, environments: ReadonlySet<string>): string {
  const parts = path.split('/');
  if (parts.length >= 3) return parts[1];
  if (parts.length === 2) {
    const stem = parts[1].replace(/\..*$/, '');
    return environments.has(parts[0]) || !environments.has(stem) ? parts[0] : stem;
  }
  return SHARED_OUTPUT;
}

/** Environments are the directories holding manifests, and the second level of category folders. */
function environmentsOf(files: readonly OutputFile[]): Set<string> {
  const envs = new Set<string>();
  for (const f of files) {
    const parts = f.path.split('/');
    if (parts.length === 2 && /\.k8s\.ya?ml$/.test(parts[1])) envs.add(parts[0]);
    if (parts.length >= 3) envs.add(parts[1]);
  }
  return envs;
}

/**
 * Parses an output tree into objects. Kubernetes objects are identified by kind, namespace and name
 * (so a moved file is not a change); anything else (chart values, dashboards) by its path. A file
 * that does not parse is one object holding its text, so it still diffs.
 */
export function outputObjects(files: readonly OutputFile[], environments = environmentsOf(files)): OutputObject[] {
  const out: OutputObject[] = [];
  const environmentOf_ = (p: string) => environmentOf(p, environments);
  for (const file of files) {
    if (file.path.split('/').some((part) => part.startsWith('.'))) continue; // markers, not output
    if (!/\.(ya?ml|json)$/.test(file.path)) {
      out.push({ environment: environmentOf_(file.path), id: file.path, kind: kindOfFile(file.path), name: file.path, path: file.path, object: file.content });
      continue;
    }
    const objects = parsedObjects(file);
    objects.forEach((o: any, i, all) => {
      const isK8s = typeof o === 'object' && typeof o.kind === 'string' && typeof o.metadata?.name === 'string';
      const id = isK8s ? `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}` : all.length > 1 ? `${file.path}#${i}` : file.path;
      const kind = isK8s ? o.kind : kindOfFile(file.path);
      const name = isK8s ? o.metadata.name : file.path.split('/').pop()!;
      out.push({ environment: environmentOf_(file.path), id, kind, name, path: file.path, object: o });
    });
  }
  return out;
}

/**
 * File text -> its objects, deeply frozen so every caller can share them: a file unchanged between
 * base and head is parsed once, and so is each file of a base tree reviewed again in the same
 * process (tests diff many heads against one base). The oldest entries go past PARSED_TEXT_LIMIT.
 */
const parsedByText = new Map<string, readonly unknown[]>();
let parsedTextLength = 0;
/** Characters of file text whose parse is kept: 32 Mi, a few hundred dist trees of this project. */
const PARSED_TEXT_LIMIT = 32 * 1024 * 1024;

function parsedObjects(file: OutputFile): readonly unknown[] {
  const known = parsedByText.get(file.content);
  if (known) return known;
  const objects = deepFreeze((file.path.endsWith('.json') ? canonicalJson(file.content) : null) ?? parseYamlObjects(file.content));
  parsedByText.set(file.content, objects);
  parsedTextLength += file.content.length;
  for (const [text] of parsedByText) {
    if (parsedTextLength <= PARSED_TEXT_LIMIT || parsedByText.size === 1) break;
    parsedByText.delete(text);
    parsedTextLength -= text.length;
  }
  return objects;
}


/** Every document of a YAML stream as plain values; the text itself when any document has an error. */
function parseYamlObjects(content: string): unknown[] {
  const docs = parseAllDocuments(content);
  const list = Array.isArray(docs) ? docs : [];
  return list.length && list.every((d) => d.errors.length === 0) ? list.map((d) => d.toJS()).filter((o) => o != null) : [content];
}

/**
 * A JSON file exactly as `JSON.stringify(value, null, 2)` writes it (the synth's dashboards), read
 * with JSON.parse: the same values the YAML parser reads from it (JSON is YAML 1.2), a hundred
 * times faster on a dashboard. Null for any other text, which goes to the YAML parser: only the
 * canonical form is taken, so a duplicate key (an error for the YAML parser, the last one wins for
 * JSON.parse) can never be read differently.
 */
function canonicalJson(content: string): unknown[] | null {
  let value: unknown;
  try {
    value = JSON.parse(content);
  } catch {
    return null;
  }
  const text = JSON.stringify(value, null, 2);
  return content === text || content === `${text}\n` ? [value].filter((o) => o != null) : null;
}

function kindOfFile(path: string): string {
  if (/(^|\/)helm-values\//.test(path) && /prometheus-adapter/.test(path)) return 'prometheus-adapter values';
  if (/\.md$/.test(path)) return 'Document';
  if (/(^|\/)dashboards\/[^/]+\.json$/.test(path)) return 'Grafana dashboard';
  return 'File';
}

/** A text file's change as a line count (`+3 -1 lines`), then its changed lines (`text: - old`, `text: + new`). */
function textChange(before: string, after: string): string[] {
  if (before === after) return [];
  const b = before.split('\n');
  const a = after.split('\n');
  const count = (xs: string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>());
  const cb = count(b);
  const ca = count(a);
  let added = 0;
  let removed = 0;
  for (const [line, n] of ca) added += Math.max(0, n - (cb.get(line) ?? 0));
  for (const [line, n] of cb) removed += Math.max(0, n - (ca.get(line) ?? 0));
  // The changed lines themselves (at most CHANGED_LINES_SHOWN), as for any multi-line value.
  const lines = before.includes('\n') || after.includes('\n') ? valueChange('text', before, after).slice(1) : [];
  return [`text changed: +${added} -${removed} lines`, ...lines];
}

/** Every environment that differs, sorted by name; an empty list when nothing changed. */
export function diffOutputs(base: readonly OutputFile[], head: readonly OutputFile[]): EnvironmentDiff[] {
  const environments = new Set([...environmentsOf(base), ...environmentsOf(head)]);
  const before = outputObjects(base, environments);
  const after = outputObjects(head, environments);
  const envs = [...new Set([...before, ...after].map((o) => o.environment))].sort();
  const result: EnvironmentDiff[] = [];
  for (const env of envs) {
    const b = before.filter((o) => o.environment === env);
    const a = after.filter((o) => o.environment === env);
    const objects = diffEnvironment(b, a);
    if (objects.length === 0) continue;
    result.push({ environment: env, status: b.length === 0 ? 'added' : a.length === 0 ? 'removed' : 'changed', objects });
  }
  return result;
}

function diffEnvironment(before: readonly OutputObject[], after: readonly OutputObject[]): ObjectChange[] {
  const byId = (list: readonly OutputObject[]) => new Map(list.map((o) => [o.id, o]));
  const b = byId(before);
  const a = byId(after);
  const changes: ObjectChange[] = [];
  const removed = before.filter((o) => !a.has(o.id));
  const added = after.filter((o) => !b.has(o.id));
  for (const o of after) {
    const old = b.get(o.id);
    if (!old) continue;
    const lines = describeChange(old, o);
    if (lines.length) changes.push({ kind: o.kind, name: o.name, status: 'changed', changes: lines });
  }
  // A removed and an added object of one kind that are the same thing under another name: a rename.
  // The same kind and name written to the same file is one object moved to another namespace, matched
  // first: its content may change too much for the similarity test (a PrometheusRule's expressions
  // and a dashboard's queries embed the namespace).
  const renamedTo = new Set<OutputObject>();
  const matchOf = new Map<OutputObject, OutputObject>();
  for (const old of removed) {
    const moved = added.find((n) => !renamedTo.has(n) && n.kind === old.kind && n.name === old.name && n.path === old.path);
    if (moved) matchOf.set(old, moved), renamedTo.add(moved);
  }
  for (const old of removed) {
    if (matchOf.has(old)) continue;
    const similar = added.find((n) => !renamedTo.has(n) && n.kind === old.kind && sameThing(old, n));
    if (similar) matchOf.set(old, similar), renamedTo.add(similar);
  }
  for (const old of removed) {
    const match = matchOf.get(old);
    if (!match) {
      changes.push({ kind: old.kind, name: old.name, status: 'removed', changes: summarize(old) });
      continue;
    }
    const [oldNs, newNs] = [old.object?.metadata?.namespace, match.object?.metadata?.namespace];
    const moved = typeof oldNs === 'string' && typeof newNs === 'string' && oldNs !== newNs ? { fromNamespace: oldNs, namespace: newNs } : {};
    changes.push({ kind: match.kind, name: match.name, status: 'renamed', from: old.name, ...moved, changes: describeChange(old, match) });
  }
  for (const n of added) if (!renamedTo.has(n)) changes.push({ kind: n.kind, name: n.name, status: 'added', changes: summarize(n) });
  const order = { changed: 0, renamed: 1, added: 2, removed: 3 };
  // What scales first, then what feeds it, then the rest.
  const rank = (kind: string) => (kind === 'HorizontalPodAutoscaler' ? 0 : kind === 'prometheus-adapter values' ? 1 : 2);
  return changes.sort((x, y) => order[x.status] - order[y.status] || rank(x.kind) - rank(y.kind) || x.kind.localeCompare(y.kind) || x.name.localeCompare(y.name));
}

/** Same target (HPA, VPA, PDB selector) or at least 80% of the same leaf values. */
function sameThing(a: OutputObject, b: OutputObject): boolean {
  const ta = a.object?.spec?.scaleTargetRef ?? a.object?.spec?.targetRef;
  const tb = b.object?.spec?.scaleTargetRef ?? b.object?.spec?.targetRef;
  if (ta && tb) return isDeepStrictEqual(ta, tb);
  const la = new Set(leaves(withoutName(a.object)).map(([p, v]) => `${p}=${JSON.stringify(v)}`));
  const lb = new Set(leaves(withoutName(b.object)).map(([p, v]) => `${p}=${JSON.stringify(v)}`));
  const common = [...la].filter((x) => lb.has(x)).length;
  return common / Math.max(1, Math.max(la.size, lb.size)) >= 0.8;
}

function withoutName(o: any): any {
  if (typeof o !== 'object' || o === null || !o.metadata) return o;
  const { name: _name, ...metadata } = o.metadata;
  return { ...o, metadata };
}

// ---- words ----

/**
 * The heading of a renamed or moved object, with `code` formatting its names: "moved from namespace
 * a to b" when only the namespace changed, both names and namespaces when both did.
 */
export function renameTitle(o: ObjectChange, code: (text: string) => string): string {
  const moved = o.fromNamespace !== undefined && o.namespace !== undefined;
  if (!moved) return `${o.kind} ${code(o.from!)} renamed to ${code(o.name)}`;
  if (o.from === o.name) return `${o.kind} ${code(o.name)} moved from namespace ${code(o.fromNamespace!)} to ${code(o.namespace!)}`;
  return `${o.kind} ${code(o.from!)} in namespace ${code(o.fromNamespace!)} renamed to ${code(o.name)} in namespace ${code(o.namespace!)}`;
}

/** A value in words; long text (a dashboard's JSON, a long PromQL) as a short digest, never in full. */
const show = showValue;

/** `path: a -> b` for every leaf that differs (arrays by index), paths in dotted form. */
export function leafChanges(before: unknown, after: unknown, prefix = ''): string[] {
  const b = new Map(leaves(before, prefix));
  const a = new Map(leaves(after, prefix));
  const keys = [...new Set([...b.keys(), ...a.keys()])].sort();
  return keys.filter((k) => !isDeepStrictEqual(b.get(k), a.get(k))).flatMap((k) => valueChange(k || '(value)', b.get(k), a.get(k)));
}

/** The field that names the items of a list (alerts, rules, containers), so a reorder is not a change. */
const ITEM_KEYS = ['alert', 'record', 'name', 'port', 'type'];

function itemKey(list: readonly unknown[]): string | null {
  for (const key of ITEM_KEYS) {
    const names = list.map((x) => (typeof x === 'object' && x !== null ? (x as any)[key] : undefined));
    if (names.every((n) => typeof n === 'string') && new Set(names).size === names.length) return key;
  }
  return null;
}

function leaves(value: unknown, prefix = ''): Array<[string, unknown]> {
  if (Array.isArray(value)) {
    if (value.length === 0) return [[prefix, []]];
    const key = itemKey(value);
    return value.flatMap((v, i) => leaves(v, key ? `${prefix}[${key}=${(v as any)[key]}]` : `${prefix}[${i}]`));
  }
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 0) return [[prefix, {}]];
    return entries.flatMap(([k, v]) => leaves(v, prefix ? `${prefix}.${k}` : k));
  }
  return [[prefix, value]];
}

function describeChange(before: OutputObject, after: OutputObject): string[] {
  if (after.kind === 'HorizontalPodAutoscaler') return hpaChanges(before.object, after.object);
  if (after.kind === 'prometheus-adapter values') return adapterChanges(before.object, after.object);
  if (after.kind === 'PrometheusRule') {
    const { spec: _b, ...bRest } = before.object ?? {};
    const { spec: _a, ...aRest } = after.object ?? {};
    const { groups: _bg, ...bSpec } = before.object?.spec ?? {};
    const { groups: _ag, ...aSpec } = after.object?.spec ?? {};
    return [...metadataChanges(before.object, after.object), ...ruleChanges(before.object, after.object), ...leafChanges(strip({ ...bRest, spec: bSpec }), strip({ ...aRest, spec: aSpec }))];
  }
  if (after.kind === 'ConfigMap' && typeof before.object?.data === 'object' && typeof after.object?.data === 'object') return configMapChanges(before.object, after.object);
  if (isDashboard(before.object) && isDashboard(after.object)) return dashboardChanges(before.object, after.object);
  if (typeof after.object === 'string' && typeof before.object === 'string') return textChange(before.object, after.object);
  if (typeof after.object !== 'object' || typeof before.object !== 'object') return isDeepStrictEqual(before.object, after.object) ? [] : ['content changed'];
  return [...metadataChanges(before.object, after.object), ...leafChanges(strip(before.object), strip(after.object))];
}

/** Per data key; a key holding a Grafana dashboard's JSON diffs as a dashboard, never as one long string. */
function configMapChanges(b: any, a: any): string[] {
  const lines = metadataChanges(b, a);
  const keys = [...new Set([...Object.keys(b.data), ...Object.keys(a.data)])].sort();
  for (const key of keys) {
    const before = b.data[key];
    const after = a.data[key];
    if (before === after) continue;
    const db = parseDashboard(before);
    const da = parseDashboard(after);
    if (db && da) lines.push(...dashboardChanges(db, da, `data.${key}`));
    else if (before === undefined || after === undefined) lines.push(`data.${key} ${before === undefined ? 'added' : 'removed'}${da || db ? ` (dashboard ${JSON.stringify((da ?? db).title ?? '')})` : ''}`);
    else lines.push(...valueChange(`data.${key}`, before, after));
  }
  const { data: _b, ...bRest } = b;
  const { data: _a, ...aRest } = a;
  lines.push(...leafChanges(strip(bRest), strip(aRest)));
  return lines;
}

function strip(o: any): any {
  if (!o?.metadata) return o;
  const { metadata: _m, apiVersion, kind: _k, ...rest } = o;
  return { apiVersion, ...rest };
}

function metadataChanges(b: any, a: any): string[] {
  if (!b?.metadata && !a?.metadata) return [];
  return [
    ...leafChanges(b.metadata?.labels ?? {}, a.metadata?.labels ?? {}, 'label'),
    ...leafChanges(b.metadata?.annotations ?? {}, a.metadata?.annotations ?? {}, 'annotation'),
    ...(b.metadata?.namespace !== a.metadata?.namespace ? [`namespace ${show(b.metadata?.namespace)} -> ${show(a.metadata?.namespace)}`] : []),
  ];
}

/** What an added or removed object is, in one line. */
function summarize(o: OutputObject): string[] {
  if (o.kind === 'HorizontalPodAutoscaler') {
    const s = o.object.spec ?? {};
    const metrics = (s.metrics ?? []).map((m: any) => metricWords(m)).join(', ');
    return [`${s.scaleTargetRef?.kind}/${s.scaleTargetRef?.name}, ${s.minReplicas ?? 1}-${s.maxReplicas} replicas${metrics ? `, ${metrics}` : ''}`];
  }
  if (o.kind === 'prometheus-adapter values') {
    const rules = adapterRules(o.object);
    return [`${count(rules.size, 'adapter rule')}: ${[...rules.keys()].join(', ')}`];
  }
  if (o.kind === 'PrometheusRule') {
    const rules = (o.object?.spec?.groups ?? []).flatMap((g: any) => g?.rules ?? []);
    const alerts = rules.filter((r: any) => r?.alert !== undefined).length;
    return [`${o.path}: ${count(alerts, 'alert')}, ${count(rules.length - alerts, 'recording rule')}`];
  }
  const dashboards = isDashboard(o.object) ? [o.object] : Object.values(o.object?.data ?? {}).map(parseDashboard).filter(Boolean);
  if (dashboards.length) return dashboards.map((d: any) => `${o.path}: dashboard ${JSON.stringify(d.title ?? '')}, ${(d.panels ?? []).length} top-level panels`);
  return [o.path];
}

// ---- HorizontalPodAutoscaler ----

function metricId(m: any): string {
  const s = m?.resource ?? m?.containerResource;
  if (s) return `${m.type} ${s.name}${m.containerResource ? ` (container ${m.containerResource.container})` : ''}`;
  const name = (m?.pods ?? m?.object ?? m?.external)?.metric?.name;
  return `${m?.type} ${name}`;
}

function targetWords(t: any): string {
  if (!t) return '(no target)';
  if (t.type === 'Utilization') return `${t.averageUtilization}%`;
  if (t.type === 'AverageValue') return `${t.averageValue} per pod`;
  return `${t.value} total`;
}

function metricWords(m: any): string {
  const block = m?.resource ?? m?.containerResource ?? m?.pods ?? m?.object ?? m?.external;
  return `${metricId(m)} ${targetWords(block?.target)}`;
}

const policyWords = (p: any) => `${p.type} ${p.value}/${p.periodSeconds}s`;

function hpaChanges(b: any, a: any): string[] {
  const bs = b.spec ?? {};
  const as = a.spec ?? {};
  const lines: string[] = [...metadataChanges(b, a)];
  const scalar = (field: string, before: unknown, after: unknown) => {
    if (!isDeepStrictEqual(before, after)) lines.push(`${field} ${show(before)} -> ${show(after)}`);
  };
  scalar('minReplicas', bs.minReplicas ?? 1, as.minReplicas ?? 1);
  scalar('maxReplicas', bs.maxReplicas, as.maxReplicas);
  const ref = (r: any) => (r ? `${r.kind}/${r.name}` : undefined);
  scalar('scaleTargetRef', ref(bs.scaleTargetRef), ref(as.scaleTargetRef));
  if (bs.scaleTargetRef?.apiVersion !== as.scaleTargetRef?.apiVersion) scalar('scaleTargetRef.apiVersion', bs.scaleTargetRef?.apiVersion, as.scaleTargetRef?.apiVersion);

  const bm = new Map<string, any>((bs.metrics ?? []).map((m: any) => [metricId(m), m]));
  const am = new Map<string, any>((as.metrics ?? []).map((m: any) => [metricId(m), m]));
  for (const [id, m] of am) {
    const old = bm.get(id);
    if (!old) {
      lines.push(`metric added: ${metricWords(m)}`);
      continue;
    }
    const ob = old.resource ?? old.containerResource ?? old.pods ?? old.object ?? old.external;
    const nb = m.resource ?? m.containerResource ?? m.pods ?? m.object ?? m.external;
    if (!isDeepStrictEqual(ob?.target, nb?.target)) lines.push(`metric ${id} target ${targetWords(ob?.target)} -> ${targetWords(nb?.target)}`);
    for (const c of leafChanges({ metric: ob?.metric, describedObject: ob?.describedObject }, { metric: nb?.metric, describedObject: nb?.describedObject })) lines.push(`metric ${id} ${c}`);
  }
  for (const [id, m] of bm) if (!am.has(id)) lines.push(`metric removed: ${metricWords(m)}`);

  for (const dir of ['scaleUp', 'scaleDown'] as const) {
    const br = bs.behavior?.[dir] ?? {};
    const ar = as.behavior?.[dir] ?? {};
    for (const field of ['stabilizationWindowSeconds', 'selectPolicy', 'tolerance']) {
      if (!isDeepStrictEqual(br[field], ar[field])) lines.push(`${dir} ${field} ${show(br[field])} -> ${show(ar[field])}`);
    }
    const bp = new Map<string, any>((br.policies ?? []).map((p: any) => [p.type, p]));
    const ap = new Map<string, any>((ar.policies ?? []).map((p: any) => [p.type, p]));
    for (const [type, p] of ap) {
      const old = bp.get(type);
      if (!old) lines.push(`${dir} policy added: ${policyWords(p)}`);
      else if (!isDeepStrictEqual(old, p)) lines.push(`${dir} policy ${policyWords(old)} -> ${policyWords(p).slice(type.length + 1)}`);
    }
    for (const [type, p] of bp) if (!ap.has(type)) lines.push(`${dir} policy removed: ${policyWords(p)}`);
  }
  // Anything else in spec (fields this function does not know yet) still shows.
  const known = (s: any) => {
    const { minReplicas: _a, maxReplicas: _b, scaleTargetRef: _c, metrics: _d, behavior: _e, ...rest } = s;
    return rest;
  };
  lines.push(...leafChanges(known(bs), known(as), 'spec'));
  return lines;
}

// ---- prometheus-adapter values ----

/** `<as> (custom|external|resource)` -> rule. */
function adapterRules(values: any): Map<string, any> {
  const rules = new Map<string, any>();
  for (const kind of ['custom', 'external']) {
    for (const r of values?.rules?.[kind] ?? []) rules.set(`${r?.name?.as ?? r?.seriesQuery} (${kind})`, r);
  }
  return rules;
}

function adapterChanges(b: any, a: any): string[] {
  const lines: string[] = [];
  const br = adapterRules(b);
  const ar = adapterRules(a);
  for (const [name, rule] of ar) {
    const old = br.get(name);
    if (!old) {
      lines.push(`adapter rule added: ${name}: ${rule.metricsQuery}`);
      continue;
    }
    for (const field of ['seriesQuery', 'metricsQuery']) {
      if (old[field] !== rule[field]) lines.push(`adapter rule ${name} ${field === 'metricsQuery' ? 'query' : field}: ${show(old[field])} -> ${show(rule[field])}`);
    }
    const { seriesQuery: _s, metricsQuery: _m, ...oldRest } = old;
    const { seriesQuery: _s2, metricsQuery: _m2, ...newRest } = rule;
    for (const c of leafChanges(oldRest, newRest)) lines.push(`adapter rule ${name} ${c}`);
  }
  for (const [name, rule] of br) if (!ar.has(name)) lines.push(`adapter rule removed: ${name}: ${rule.metricsQuery}`);
  const rest = (v: any) => {
    const { rules, ...others } = v ?? {};
    const { custom: _c, external: _e, ...ruleRest } = rules ?? {};
    return { ...others, rules: ruleRest };
  };
  lines.push(...leafChanges(rest(b), rest(a)));
  return lines;
}
