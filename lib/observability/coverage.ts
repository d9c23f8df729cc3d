import { error, Finding } from '../config/findings';
import { Environment } from '../config/schema';
import { AlertGroup } from './alerts';
import { promqlErrors, selectedMetrics } from './promql';
import { headingAnchors } from './runbooks';
import { templateLiteral } from './alert-template';

/**
 * Checks that the observability output is complete and sound: every query parses, every alert links
 * to a runbook section that exists, every catalogue metric is watched by some alert, and every panel
 * charts a metric that a scrape or a platform exporter actually produces.
 */

/** A query to check, and where it sits in the output (field path of the emitted object). */
export interface LocatedQuery {
  readonly path: ReadonlyArray<string | number>;
  readonly expr: string;
}

/** `<prefix>/promql-syntax`: a query that does not parse is a finding, never output. */
export function promqlFindings(queries: readonly LocatedQuery[], prefix: 'alerting' | 'dashboard'): Finding[] {
  return queries.flatMap((q) => promqlErrors(q.expr).slice(0, 1).map((e) => error(q.path, `${prefix}/promql-syntax`,
    `PromQL does not parse at character ${e.offset} (near ${JSON.stringify(e.near)}): ${q.expr}`,
    'fix the expression or the config value it is built from')));
}

/** Every rule of the groups, with its field path in a PrometheusRule. */
export function ruleQueries(groups: readonly AlertGroup[]): LocatedQuery[] {
  return groups.flatMap((g, gi) => g.rules.map((r, ri) => ({ path: ['spec', 'groups', gi, 'rules', ri, 'expr'], expr: r.expr })));
}

// An environment split into one PrometheusRule per workload checks all of them against one runbook:
// read its headings once, not once per workload (quadratic at hundreds of workloads).
let lastRunbook: { readonly markdown: string; readonly anchors: ReadonlySet<string> } | undefined;
function anchorsOf(markdown: string): ReadonlySet<string> {
  if (lastRunbook?.markdown !== markdown) lastRunbook = { markdown, anchors: headingAnchors(markdown) };
  return lastRunbook.anchors;
}

/** `alerting/runbook-missing`: a runbook_url whose document or section does not exist. */
export function runbookFindings(groups: readonly AlertGroup[], runbookUrl: string, markdown: string): Finding[] {
  const anchors = anchorsOf(markdown);
  // runbook_url is template text: the document as written there (alert-template.ts).
  const written = templateLiteral(runbookUrl);
  return groups.flatMap((g, gi) => g.rules.flatMap((r, ri) => {
    const [doc, anchor] = r.annotations.runbook_url.split('#');
    if (doc === written && anchor !== undefined && anchors.has(anchor)) return [];
    return [error(['spec', 'groups', gi, 'rules', ri, 'annotations', 'runbook_url'], 'alerting/runbook-missing',
      `alert ${r.alert} links to ${r.annotations.runbook_url}, which is not a section of the runbook ${runbookUrl}`,
      `add a "### ${r.alert}" section to the runbook (lib/observability/runbooks.ts)`)];
  }));
}

/**
 * `alerting/uncovered-metric`: a catalogue metric (or an SLO series) that no alert expression
 * selects: if it broke, nobody would be told.
 */
export function coverageFindings(env: Environment, groups: readonly AlertGroup[]): Finding[] {
  const watched = new Set(groups.flatMap((g) => g.rules.flatMap((r) => selectedMetrics(r.expr))));
  const out: Finding[] = [];
  for (const [name, m] of Object.entries(env.metrics)) {
    if (!watched.has(m.series)) {
      out.push(error(['metrics', name, 'series'], 'alerting/uncovered-metric', `no alert selects ${m.series}, the series of catalogue metric ${name}`,
        'derive an alert for it in lib/observability/alerts.ts'));
    }
  }
  for (const [key, w] of Object.entries(env.workloads)) {
    const slo = w.slo;
    if (slo?.errorRate && !watched.has(slo.errorRate.series)) {
      out.push(error(['workloads', key, 'slo', 'errorRate', 'series'], 'alerting/uncovered-metric', `no alert selects ${slo.errorRate.series}`));
    }
    if (slo?.latency && !watched.has(`${slo.latency.histogram}_bucket`)) {
      out.push(error(['workloads', key, 'slo', 'latency', 'histogram'], 'alerting/uncovered-metric', `no alert selects ${slo.latency.histogram}_bucket`));
    }
  }
  return out;
}

/** `dashboard/unproduced-metric`: a panel query selecting a metric nothing produces (an empty panel forever). */
export function producedFindings(queries: readonly LocatedQuery[], produced: ReadonlySet<string>): Finding[] {
  return queries.flatMap((q) => selectedMetrics(q.expr).filter((m) => !produced.has(m)).map((m) => error(q.path, 'dashboard/unproduced-metric',
    `the panel query selects ${m}, which no scrape of this environment, kube-state-metrics, cAdvisor or Prometheus produces`,
    'chart a catalogue or SLO series of a scraped workload')));
}
