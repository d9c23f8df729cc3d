// Config text that ends up inside Prometheus rules, proved on the real promtool: a label-matcher
// regex is accepted by synth exactly when Prometheus accepts it (slo/invalid-regex), it reaches
// the expression as a correct PromQL string, and config text in annotations (units, regexes,
// runbook URLs) renders as written instead of being read as Go template actions.
import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { loadEnvironmentFile } from '../../lib/config/load';
import { alertingSettings } from '../../lib/config/observability-schema';
import { prometheusRegexProblem } from '../../lib/config/prometheus-regex';
import { quote, selector } from '../../lib/observability/promql';
import { scenarioSeries } from '../../lib/observability/scenario-series';
import { synthesizeConfigDir } from '../../lib/output/synthesize';
import { productionCopy, tempDir } from '../support';
import { assertPromtool, checkRules, cleanUp, RuleGroup, testRules } from './support';

beforeAll(() => {
  assertPromtool();
});

/** A one-rule group whose expression matches `code` against `regex`, quoted as synth quotes it. */
const matcherRule = (regexes: readonly string[]): RuleGroup[] => [{
  name: 'regex',
  rules: regexes.map((re, i) => ({ alert: `R${i}`, expr: `${selector('http_requests_total', { code: { re } })} > 0` })),
}];

const ACCEPTED = [
  '5..', '5\\d\\d', '[[:digit:]]{3}', '\\pN+', '5(?P<rest>..)', '(?i)error|fail', 'a{,3}', '\\Q5..\\E', 'x{1000}',
  '5..|"quoted"', "it's", 'back\\\\slash', '[{]{2}x[}]{2}', '(?:'.repeat(999) + 'a' + ')'.repeat(999), '\\x{41}',
];
const REJECTED = [
  ')(', '5..")(', 'x{1001}', '5..)', '(', '(?=5)..', '(?<!4)..', '(5)\\1', '\\Z', '\\cA', '\\u0041', 'a**', '(x{100}){100}{100}',
  '(?<n>5..)', `${'('.repeat(1001)}a${')'.repeat(1001)}`,
];

describe('slo/invalid-regex agrees with Prometheus', () => {
  test('every value synth accepts, Prometheus accepts (one rule file, promtool check rules)', () => {
    expect(ACCEPTED.map((re) => [re, prometheusRegexProblem(re)])).toEqual(ACCEPTED.map((re) => [re, undefined]));
    const r = checkRules(matcherRule(ACCEPTED));
    cleanUp(r);
    expect(r.output).toContain(`SUCCESS: ${ACCEPTED.length} rules found`);
  });

  test.each(REJECTED.map((re) => [re.length > 40 ? `${re.slice(0, 20)}... (${re.length} chars)` : re, re]))('%s: refused by synth and by Prometheus, with the same reason', (_name, re) => {
    const problem = prometheusRegexProblem(re);
    expect(problem).toBeDefined();
    const r = checkRules(matcherRule([re]));
    cleanUp(r);
    expect(r.ok).toBe(false);
    expect(r.output).toContain('error parsing regexp');
    // Go's message, which re2js repeats (the (?< case adds what to write instead).
    expect(r.output).toContain(problem!.split(' (no lookbehind')[0].slice(0, 60));
  });

  test('the PromQL string of a regex holding ", \', \\ and newlines reads back as the value', () => {
    const value = 'a"b\'c\\\\d\n';
    expect(JSON.parse(quote(value))).toBe(value);
    const r = checkRules(matcherRule([value]));
    cleanUp(r);
    expect(r.output).toContain('SUCCESS: 1 rules found');
  });
});

describe('config text in alert annotations renders as written', () => {
  const UNIT = '{{ .Broken';
  const MATCHES = '5\\d\\d|"{{x}}\'';
  const BASE_URL = 'https://git.example.com/{{x}}/runbooks';

  /** Synthesizes production with the fault report's unit, a regex and a runbook URL full of template syntax. */
  function synthesized() {
    const dir = tempDir('config-text');
    const env = productionCopy();
    env.metrics.http_requests_per_second.unit = UNIT;
    env.workloads.backend.slo.errorRate.errors.matches = MATCHES;
    env.alerting.runbookBaseUrl = BASE_URL;
    fs.writeFileSync(path.join(dir, 'production.yaml'), stringify(env));
    const file = synthesizeConfigDir(dir).files.find((f) => f.path === 'production/prometheusrule-luneo-autoscaling.k8s.yaml')!;
    return { groups: parse(file.content).spec.groups as RuleGroup[], env: loadEnvironmentFile(path.join(dir, 'production.yaml')).env };
  }

  test('promtool check rules passes (it expands every annotation template)', () => {
    const r = checkRules(synthesized().groups);
    cleanUp(r);
    expect(r.output).toMatch(/SUCCESS: \d+ rules found/);
  });

  test('negative control: the same rules with the config text unescaped fail promtool check rules (template error)', () => {
    const raw = JSON.parse(JSON.stringify(synthesized().groups).replace(/\{\{ \\"(\{+)\\" \}\}/g, '$1')) as RuleGroup[];
    expect(JSON.stringify(raw)).toContain('({{ .Broken)');
    const r = checkRules(raw);
    cleanUp(r);
    expect(r.ok).toBe(false);
    expect(r.output).toMatch(/template/i);
  });

  test('the firing alerts carry the config text literally: the unit, the regex and the runbook URL', () => {
    const { groups, env } = synthesized();
    const rules = groups.flatMap((g) => g.rules) as Array<{ alert: string; labels: Record<string, string> }>;
    const labelsOf = (alert: string, extra: Record<string, string>) => {
      const r = rules.find((x) => x.alert === alert && x.labels.workload === 'luneo-backend' && Object.entries(extra).every(([k, v]) => x.labels[k] === v))!;
      return { ...r.labels };
    };
    const doc = `${BASE_URL}/production.md`;
    const pinned = labelsOf('HpaPinnedAtMinimum', { metric: 'http_requests_per_second' });
    const errors = labelsOf('ErrorRateHigh', {});
    const checks = [
      { eval_time: '20m', alertname: 'HpaPinnedAtMinimum', exp_alerts: [{
        exp_labels: { ...pinned, namespace: 'luneo-production', horizontalpodautoscaler: 'luneo-backend-hpa' },
        exp_annotations: {
          summary: 'luneo-backend-hpa stays at minReplicas while http_requests_per_second is 2x its target',
          description: `HorizontalPodAutoscaler luneo-production/luneo-backend-hpa is at its minimum of 3 replicas while http_requests_per_second per pod (${UNIT}) is above 2000 (2x the target of 1000) for 15m; the HPA does not act on this metric, so Deployment luneo-production/luneo-backend is overloaded.`,
          runbook_url: `${doc}#hpapinnedatminimum`,
        },
      }] },
      { eval_time: '20m', alertname: 'ErrorRateHigh', exp_alerts: [{
        exp_labels: errors,
        exp_annotations: {
          summary: 'luneo-backend error rate above 1 %',
          description: `More than 1 % of http_requests_total of Deployment luneo-production/luneo-backend have code matching "${MATCHES}" over 5m, for 10m.`,
          runbook_url: `${doc}#errorratehigh`,
        },
      }] },
    ];
    const input_series = scenarioSeries(env, alertingSettings(env.alerting), { backend: { current: 3, metricLoad: { http_requests_per_second: 2.5 }, errorRatio: 0.05 } }, 30);
    const r = testRules(groups, [{ interval: '1m', input_series, alert_rule_test: checks }], '1m');
    cleanUp(r);
    if (!r.ok) throw new Error(`promtool test rules failed:\n${r.output}`);
  });
});
