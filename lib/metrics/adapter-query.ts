/**
 * The PromQL prometheus-adapter sends to Prometheus when the HPA controller asks it for a metric,
 * rendered from a discovery rule exactly as the adapter renders it, so tests can evaluate the very
 * query on a real Prometheus (`npm run test:prometheus`).
 *
 * Upstream: kubernetes-sigs/prometheus-adapter
 * - pkg/naming/metrics_query.go `Build` (custom metrics) and `BuildExternal` (external metrics):
 *   the request's metric-selector requirements first, then `namespace="<ns>"`, then (custom) the
 *   resource label: `pod="a"` for one name, `pod=~"a|b"` for several (names joined as is, not
 *   regex-escaped); `<<.GroupBy>>` is the resource label alone (`pod`), empty for external metrics.
 * - `namespaced: false` on an external rule's `resources` drops the HPA's namespace
 *   (docs/externalmetrics.md, "Cross-Namespace or No Namespace Queries").
 * - pkg/client/helpers.go: matchers are `label=%q`, `label!=%q`, `label=~%q`, `label!~%q` (Go quoting).
 * - The metric selector comes from k8s.io/apimachinery `labels.Selector`: requirements sorted by key,
 *   values sorted; matchLabels are `=` requirements.
 */

/** A `metav1.LabelSelector`, as an HPA metric's `selector` holds it. */
export interface LabelSelector {
  readonly matchLabels?: Readonly<Record<string, string>>;
  readonly matchExpressions?: readonly {
    readonly key: string;
    readonly operator: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
    readonly values?: readonly string[];
  }[];
}

/** The fields of a prometheus-adapter discovery rule that query rendering reads. */
export interface AdapterQueryRule {
  readonly metricsQuery: string;
  readonly resources: {
    readonly overrides?: Readonly<Record<string, { readonly group?: string; readonly resource: string }>>;
    readonly template?: string;
    /** External rules only; `false` ignores the HPA's namespace. @default true */
    readonly namespaced?: boolean;
  };
}

/** A custom metrics API request for a Pods metric: `namespaces/<ns>/pods/{all}/<metric>` with the target's labelSelector. */
export interface CustomMetricRequest {
  /** The series name discovery mapped the metric to (`<<.Series>>`). */
  readonly series: string;
  /** The HPA's namespace. */
  readonly namespace: string;
  /** Names of the pods the HPA's scale target selects (the adapter lists them from the API server). */
  readonly podNames: readonly string[];
  /** The HPA metric's `selector` (`metricLabelSelector`). @default none */
  readonly metricSelector?: LabelSelector;
}

/** An external metrics API request: `namespaces/<ns>/<metric>?labelSelector=...`. */
export interface ExternalMetricRequest {
  readonly series: string;
  /** The HPA's namespace (dropped when the rule is `namespaced: false`). */
  readonly namespace: string;
  /** The HPA metric's `selector`. @default none */
  readonly metricSelector?: LabelSelector;
}

type Operator = '=' | '!=' | 'in' | 'notin' | 'exists' | '!';
interface Requirement { key: string; operator: Operator; values: string[] }

/** The query the adapter sends for a Pods metric, grouped by pod. Throws on what the adapter rejects. */
export function renderCustomMetricsQuery(rule: AdapterQueryRule, request: CustomMetricRequest): string {
  if (request.podNames.length === 0) throw new Error('the adapter answers an empty pod list without querying Prometheus');
  const parts = requirements(request.metricSelector);
  parts.push({ key: labelForResource(rule, 'namespace'), operator: '=', values: [request.namespace] });
  const exprs = parts.map(matcherFor);
  const pod = labelForResource(rule, 'pod');
  const names = request.podNames.join('|');
  exprs.push(request.podNames.length > 1 ? `${pod}=~${goQuote(names)}` : `${pod}=${goQuote(names)}`);
  const valuesByName = Object.fromEntries(parts.map((p) => [p.key, p.values.join('|')]));
  valuesByName[pod] = names;
  return expandTemplate(rule.metricsQuery, {
    Series: request.series, LabelMatchers: exprs.join(','), LabelValuesByName: valuesByName, GroupBy: pod, GroupBySlice: [pod],
  });
}

/** The query the adapter sends for an external metric. Throws on what the adapter rejects. */
export function renderExternalMetricsQuery(rule: AdapterQueryRule, request: ExternalMetricRequest): string {
  const parts = requirements(request.metricSelector);
  if (rule.resources.namespaced !== false && request.namespace !== '') {
    parts.push({ key: labelForResource(rule, 'namespace'), operator: '=', values: [request.namespace] });
  }
  const exprs = parts.map(matcherFor);
  const valuesByName = Object.fromEntries(parts.map((p) => [p.key, p.values.join('|')]));
  return expandTemplate(rule.metricsQuery, {
    Series: request.series, LabelMatchers: exprs.join(','), LabelValuesByName: valuesByName, GroupBy: '', GroupBySlice: [],
  });
}

/** The Prometheus label a rule maps a Kubernetes resource to (overrides first, then the template). */
function labelForResource(rule: AdapterQueryRule, resource: 'namespace' | 'pod'): string {
  const singular = (r: string) => r.toLowerCase().replace(/s$/, '');
  for (const [label, target] of Object.entries(rule.resources.overrides ?? {})) {
    if ((target.group ?? '') === '' && singular(target.resource) === resource) return label;
  }
  if (rule.resources.template) return expandTemplate(rule.resources.template, { Group: '', Resource: resource });
  throw new Error(`the rule maps no Prometheus label to the ${resource} resource (resources.overrides or resources.template)`);
}

/** `labels.Selector.Requirements()` of a LabelSelector: sorted by key, values sorted. */
function requirements(selector: LabelSelector | undefined): Requirement[] {
  if (!selector) return [];
  const out: Requirement[] = Object.entries(selector.matchLabels ?? {}).map(([key, v]) => ({ key, operator: '=' as const, values: [v] }));
  const ops = { In: 'in', NotIn: 'notin', Exists: 'exists', DoesNotExist: '!' } as const;
  for (const e of selector.matchExpressions ?? []) out.push({ key: e.key, operator: ops[e.operator], values: [...(e.values ?? [])] });
  for (const r of out) r.values.sort();
  return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
}

/** metrics_query.go selectMatcher + selectTargetValue. */
function matcherFor(r: Requirement): string {
  const q = goQuote;
  const n = r.values.length;
  const malformed = () => new Error(`the adapter rejects the selector requirement on ${r.key} (${r.operator} with ${n} values)`);
  if (n === 0) {
    if (r.operator === 'exists') return `${r.key}!=${q('')}`;
    if (r.operator === '!') return `${r.key}=${q('')}`;
    throw malformed();
  }
  if (r.operator === 'exists' || r.operator === '!') throw malformed();
  const value = r.values.join('|');
  const positive = r.operator === '=' || r.operator === 'in';
  if (n === 1 && r.operator === '=') return `${r.key}=${q(value)}`;
  if (n === 1 && r.operator === '!=') return `${r.key}!=${q(value)}`;
  return positive ? `${r.key}=~${q(value)}` : `${r.key}!~${q(value)}`;
}

/** Go's `%q` (strconv.Quote): printable characters as is, the rest escaped. */
export function goQuote(s: string): string {
  const named: Record<string, string> = { '\x07': '\\a', '\b': '\\b', '\f': '\\f', '\n': '\\n', '\r': '\\r', '\t': '\\t', '\v': '\\v', '"': '\\"', '\\': '\\\\' };
  let out = '"';
  for (const ch of s) {
    const cp = ch.codePointAt(0)!;
    if (named[ch]) out += named[ch];
    else if (cp < 0x20 || cp === 0x7f) out += `\\x${cp.toString(16).padStart(2, '0')}`;
    else if (cp < 0x80 || /[\p{L}\p{M}\p{N}\p{P}\p{S}]/u.test(ch)) out += ch;
    else if (cp < 0x10000) out += `\\u${cp.toString(16).padStart(4, '0')}`;
    else out += `\\U${cp.toString(16).padStart(8, '0')}`;
  }
  return `${out}"`;
}

type TemplateValue = string | readonly string[] | Readonly<Record<string, string>>;

/**
 * Go text/template with `<<` `>>` delimiters, for the actions adapter templates use: a field
 * (`<<.Series>>`), a map key (`<<.LabelValuesByName.queue>>`, `<<index .LabelValuesByName "queue">>`),
 * a string constant, with optional `-` trim markers. A missing map key prints `<no value>` as Go does; any other action
 * is refused rather than guessed.
 */
export function expandTemplate(template: string, data: Readonly<Record<string, TemplateValue>>): string {
  let out = '';
  let rest = template;
  for (;;) {
    const open = rest.indexOf('<<');
    if (open < 0) return out + rest;
    let text = rest.slice(0, open);
    const close = rest.indexOf('>>', open + 2);
    if (close < 0) throw new Error(`unclosed action in template ${JSON.stringify(template)}`);
    let action = rest.slice(open + 2, close);
    rest = rest.slice(close + 2);
    if (/^-\s/.test(action)) { text = text.replace(/\s+$/, ''); action = action.slice(1); }
    if (/\s-$/.test(action)) { rest = rest.replace(/^\s+/, ''); action = action.slice(0, -1); }
    out += text + evalAction(action.trim(), data, template);
  }
}

function evalAction(action: string, data: Readonly<Record<string, TemplateValue>>, template: string): string {
  const show = (v: TemplateValue | undefined): string => {
    if (v === undefined) return '<no value>';
    if (typeof v === 'string') return v;
    if (Array.isArray(v)) return `[${v.join(' ')}]`;
    return `map[${Object.keys(v).sort().map((k) => `${k}:${(v as Record<string, string>)[k]}`).join(' ')}]`;
  };
  if (/^"([^"\\]|\\.)*"$/.test(action)) return JSON.parse(action);
  const index = /^index\s+\.(\w+)\s+"([^"\\]*)"$/.exec(action);
  if (index) return show((data[index[1]] as Record<string, string> | undefined)?.[index[2]]);
  const field = /^\.(\w+)(?:\.(\w+))?$/.exec(action);
  if (field) {
    if (!(field[1] in data)) throw new Error(`template ${JSON.stringify(template)}: can't evaluate field ${field[1]}`);
    const v = data[field[1]];
    return field[2] === undefined ? show(v) : show((v as Record<string, string>)[field[2]]);
  }
  throw new Error(`template ${JSON.stringify(template)}: unsupported action <<${action}>>`);
}
