// Shared by the suites of `npm run test:prometheus`: runs the real promtool (Debian package
// `prometheus`, /usr/bin/promtool) on rule files and unit tests written to a temp dir.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { InputSeries } from '../../lib/metrics/synthetic-series';

export const PROMTOOL = process.env.PROMTOOL ?? 'promtool';

/** A Prometheus rule file's group (recording and/or alerting rules). */
export interface RuleGroup {
  name: string;
  interval?: string;
  rules: ({ record: string; expr: string; labels?: Record<string, string> }
    | { alert: string; expr: string; for?: string; labels?: Record<string, string>; annotations?: Record<string, string> })[];
}

/** One `promql_expr_test` of a promtool unit test. */
export interface PromqlExprTest {
  expr: string;
  eval_time: string;
  exp_samples: { labels: string; value: number }[];
}

/** One `alert_rule_test` of a promtool unit test. */
export interface AlertRuleTest {
  eval_time: string;
  alertname: string;
  exp_alerts: { exp_labels?: Record<string, string>; exp_annotations?: Record<string, string> }[];
}

export interface RuleUnitTest {
  /** promtool `interval` between input samples, e.g. `30s`. */
  interval: string;
  input_series: readonly InputSeries[];
  promql_expr_test?: PromqlExprTest[];
  alert_rule_test?: AlertRuleTest[];
}

export interface PromtoolResult {
  ok: boolean;
  /** stdout and stderr together, as promtool prints its findings on both. */
  output: string;
  dir: string;
}

/** Fails loudly (not skipped) when promtool is missing: CI must install the `prometheus` package. */
export function assertPromtool(): string {
  const r = spawnSync(PROMTOOL, ['--version'], { encoding: 'utf-8' });
  if (r.error || r.status !== 0) {
    throw new Error(`promtool not found (${PROMTOOL}): install Debian's prometheus package (apt-get install prometheus) or set PROMTOOL`);
  }
  return `${r.stdout}${r.stderr}`.split('\n')[0];
}

function run(args: string[], dir: string): PromtoolResult {
  const r = spawnSync(PROMTOOL, args, { cwd: dir, encoding: 'utf-8', timeout: 60_000 });
  if (r.error) throw r.error;
  return { ok: r.status === 0, output: `${r.stdout}${r.stderr}`, dir };
}

function scratch(files: Record<string, unknown>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luneo-promtool-'));
  for (const [name, doc] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), typeof doc === 'string' ? doc : stringify(doc, { lineWidth: 0 }));
  return dir;
}

/** `promtool check rules`: every expression parses, names are valid. */
export function checkRules(groups: RuleGroup[]): PromtoolResult {
  const dir = scratch({ 'rules.yaml': { groups } });
  return run(['check', 'rules', 'rules.yaml'], dir);
}

/** `promtool test rules` with the given rule groups and unit tests (evaluation interval = `interval`). */
export function testRules(groups: RuleGroup[], tests: RuleUnitTest[], evaluationInterval: string): PromtoolResult {
  const dir = scratch({ 'rules.yaml': { groups }, 'test.yaml': { rule_files: ['rules.yaml'], evaluation_interval: evaluationInterval, tests } });
  return run(['test', 'rules', 'test.yaml'], dir);
}

/** Removes a scratch dir of a passing run (a failing one is kept and named in the failure). */
export function cleanUp(result: PromtoolResult): void {
  if (result.ok) removeScratch(result);
}

/** Removes a run's scratch dir whatever its outcome: for a failure the test expected (a negative control). */
export function removeScratch(result: PromtoolResult): void {
  fs.rmSync(result.dir, { recursive: true, force: true });
}

/** `name{a="x",b="y"}` as promtool's exp_samples write labels (sorted, Go-quoted values). */
export function sampleLabels(name: string, labels: Readonly<Record<string, string>>): string {
  const body = Object.keys(labels).sort().map((k) => `${k}=${JSON.stringify(labels[k])}`).join(', ');
  return `${name}{${body}}`;
}
