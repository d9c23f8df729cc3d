import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { alertingSettings } from '../lib/config/observability-schema';
import { AlertRules } from '../lib/observability/alert-rules';
import { templateLiteral } from '../lib/observability/alert-template';
import { alertGroups, durationText, flappingSampling, heldFor, mismatchWindow, runbookDocument } from '../lib/observability/alerts';
import { coverageFindings } from '../lib/observability/coverage';
import { promqlErrors, selectedMetrics } from '../lib/observability/promql';
import { headingAnchors, renderRunbook } from '../lib/observability/runbooks';
import { synthesizeEnvironments } from '../lib/output/synthesize';
import { find, manifests, production, productionCopy, ROOT, synthesizeProduction } from './support';

const objects = manifests(synthesizeProduction());
const rule = find(objects, 'PrometheusRule', 'luneo-autoscaling');
const rules: any[] = rule.spec.groups.flatMap((g: any) => g.rules);
const alerts = (name: string, hpa?: string) => rules.filter((r) => r.alert === name && (hpa === undefined || r.labels.horizontalpodautoscaler === hpa));

describe('PrometheusRule luneo-autoscaling', () => {
  test('is a monitoring.coreos.com/v1 object in the environment namespace, selected by the Prometheus ruleSelector label', () => {
    expect(rule.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(rule.metadata.namespace).toBe('luneo-production');
    expect(rule.metadata.labels!.release).toBe('kube-prometheus-stack'); // prometheus.monitorSelector
  });

  test('alerting.ruleSelector overrides the label the rule carries', () => {
    const env = productionCopy();
    env.alerting.ruleSelector = { prometheus: 'platform' };
    const pr = find(manifests(synthesizeEnvironments([env])), 'PrometheusRule', 'luneo-autoscaling');
    expect(pr.metadata.labels!.prometheus).toBe('platform');
    expect(pr.metadata.labels!.release).toBeUndefined();
  });

  test('groups HPA health, the metrics pipeline and workload signals', () => {
    expect(rule.spec.groups.map((g: any) => g.name)).toEqual(['luneo-autoscaling.hpa', 'luneo-autoscaling.metrics-pipeline', 'luneo-autoscaling.workload-signals']);
  });

  test('every alert has a severity, a summary, a description naming namespace and object, and a runbook_url', () => {
    expect(rules.length).toBeGreaterThan(20);
    for (const r of rules) {
      expect(['critical', 'warning', 'info']).toContain(r.labels.severity);
      expect(r.labels.namespace).toBe('luneo-production');
      expect(r.annotations.summary.length).toBeGreaterThan(10);
      expect(r.annotations.description).toContain('luneo-production/');
      expect(r.annotations.description).toMatch(/luneo-production\/luneo-(backend|worker)/);
      expect(r.annotations.runbook_url).toMatch(/^https:\/\/github\.com\/luneo\/luneo-autoscaling\/blob\/main\/dist\/runbooks\/production\.md#[a-z]+$/);
    }
  });

  test('every runbook_url resolves to a heading of dist/runbooks/production.md (the committed file)', () => {
    const anchors = headingAnchors(fs.readFileSync(path.join(ROOT, 'dist/runbooks/production.md'), 'utf-8'));
    for (const r of rules) expect(anchors).toContain(r.annotations.runbook_url.split('#')[1]);
  });

  test('the runbook gives diagnose commands with this environment\'s objects for each alert', () => {
    const md = fs.readFileSync(path.join(ROOT, 'dist/runbooks/production.md'), 'utf-8');
    const section = md.split('### HpaScalingInactive')[1].split('\n### ')[0];
    expect(section).toContain('kubectl -n luneo-production describe hpa luneo-backend-hpa');
    expect(section).toContain('kubectl -n luneo-production describe hpa luneo-worker-hpa');
    expect(section).toContain('condition="ScalingActive",status="false"');
  });

  test('HPA health alerts per HPA, with for durations from alerting.hpa', () => {
    for (const hpa of ['luneo-backend-hpa', 'luneo-worker-hpa']) {
      expect(alerts('HpaMaxedOut', hpa)[0].for).toBe('15m');
      expect(alerts('HpaReplicasMismatch', hpa)[0].for).toBe('15m');
      expect(alerts('HpaScalingInactive', hpa)[0]).toMatchObject({ for: '10m', labels: { severity: 'critical' } });
      expect(alerts('HpaScalingInactive', hpa)[0].expr).toContain('condition="ScalingActive",status="false"');
      expect(alerts('HpaScalingLimited', hpa)[0]).toMatchObject({ for: '1h' });
      expect(alerts('HpaScalingLimited', hpa)[0].expr).toContain('condition="ScalingLimited",status="true"');
      expect(alerts('HpaScalingLimited', hpa)[0].expr).toContain('status_desired_replicas');
      expect(alerts('HpaScalingLimited', hpa)[0].expr).toMatch(/spec_target_metric\{.*\}\) > 1\.1\)\)$/);
      // Changes of direction, not a count of steps: one climb and one stepped scale-down is one.
      // Every sync period (15s): no step holds two changes, so a one-sample dip counts twice.
      expect(alerts('HpaFlapping', hpa)[0].expr).toMatch(/^changes\(\(sgn\(kube_horizontalpodautoscaler_status_current_replicas\{.*\} - kube_horizontalpodautoscaler_status_current_replicas\{.*\} offset 5s\) != 0\)\[1h:5s\]\) >= 4$/);
    }
  });

  test('an alert on a state a behavior window holds waits out the window plus 5m: HpaPinnedAtMinimum (scale-up), HpaMaxedOut (scale-down)', () => {
    expect(heldFor('15m', '0s')).toEqual({ for: '15m', derived: false });
    expect(heldFor('15m', '600s')).toEqual({ for: '15m', derived: false });
    expect(heldFor('15m', '1800s')).toEqual({ for: '35m', derived: true });
    expect(heldFor('15m', '3600s')).toEqual({ for: '65m', derived: true });
    expect(durationText(3900)).toBe('65m');
    expect(durationText(90)).toBe('90s');
    expect(flappingSampling()).toEqual({ step: '5s' }); // a third of the 15s sync period: each recorded change at one step of its own
    const env = productionCopy();
    env.workloads.backend.scaleUp.stabilization = '1800s';
    env.workloads.backend.scaleDown.stabilization = '1800s';
    const rs = find(manifests(synthesizeEnvironments([env])), 'PrometheusRule', 'luneo-autoscaling').spec.groups.flatMap((g: any) => g.rules);
    const of = (name: string, hpa: string) => rs.filter((r: any) => r.alert === name && r.labels.horizontalpodautoscaler === hpa);
    for (const r of of('HpaPinnedAtMinimum', 'luneo-backend-hpa')) {
      expect(r.for).toBe('35m');
      expect(r.annotations.description).toContain('for 35m (its scale-up stabilization of 1800s holds it there by design, plus 5m)');
    }
    expect(of('HpaMaxedOut', 'luneo-backend-hpa')[0].for).toBe('35m');
    expect(of('HpaMaxedOut', 'luneo-backend-hpa')[0].annotations.description).toContain('its scale-down stabilization of 1800s holds it there by design');
    // The worker keeps the configured durations.
    expect(of('HpaPinnedAtMinimum', 'luneo-worker-hpa').map((r: any) => r.for)).toEqual(['15m', '15m', '15m', '15m']);
    expect(of('HpaMaxedOut', 'luneo-worker-hpa')[0].for).toBe('15m');
  });

  test('maxed out compares current with max and excludes max == min', () => {
    const e = alerts('HpaMaxedOut', 'luneo-backend-hpa')[0].expr;
    expect(e).toContain('kube_horizontalpodautoscaler_status_current_replicas{namespace="luneo-production",horizontalpodautoscaler="luneo-backend-hpa"} == on (namespace, horizontalpodautoscaler) kube_horizontalpodautoscaler_spec_max_replicas');
    expect(e).toContain('kube_horizontalpodautoscaler_spec_max_replicas{namespace="luneo-production",horizontalpodautoscaler="luneo-backend-hpa"} != on (namespace, horizontalpodautoscaler) kube_horizontalpodautoscaler_spec_min_replicas');
  });

  test('the mismatch progress window is at least two policy periods (worker scales down every 600s: 20m)', () => {
    expect(alerts('HpaReplicasMismatch', 'luneo-backend-hpa')[0].expr).toContain('[15m]) == 0');
    expect(alerts('HpaReplicasMismatch', 'luneo-worker-hpa')[0].expr).toContain('[20m]) == 0');
    expect(mismatchWindow(alertingSettings(undefined), '60s', '90s')).toBe('15m');
    expect(mismatchWindow(alertingSettings(undefined), '60s', '1800s')).toBe('1h');
  });

  test('pinned at minimum: one alert per HPA metric, threshold = factor x target', () => {
    const backend = alerts('HpaPinnedAtMinimum', 'luneo-backend-hpa');
    expect(backend.map((r) => r.labels.metric)).toEqual(['cpu', 'memory', 'http_requests_per_second']);
    expect(backend[0].expr).toMatch(/\/ 0\.5 > 140\)$/); // 2 x 70 % of a 500m request
    expect(backend[1].expr).toMatch(/\/ 536870912 > 160\)$/); // 2 x 80 % of 512Mi
    expect(backend[2].expr).toMatch(/\[2m\]\)\)\) > 2000\)$/); // 2 x 1000 req/s
    const worker = alerts('HpaPinnedAtMinimum', 'luneo-worker-hpa');
    expect(worker.map((r) => r.labels.metric)).toEqual(['cpu', 'memory', 'luneo_queue_depth', 'luneo_worker_active_jobs']);
    expect(worker[2].expr).toContain('sum(max by (queue) (luneo_queue_jobs_waiting{namespace="luneo-production",queue="render"})) / scalar(kube_horizontalpodautoscaler_status_current_replicas');
    expect(worker[2].expr).toMatch(/> 100\)$/);
  });

  test('pipeline: absent() of the series each adapter rule serves the HPA from (custom: the Deployment\'s pods; external: namespace and matchLabels); up of the scrape job', () => {
    const absent = alerts('HpaMetricSeriesAbsent');
    expect(absent.map((r) => [r.labels.metric, r.expr, r.for])).toEqual([
      ['http_requests_per_second', 'absent(http_requests_total{namespace="luneo-production",pod=~"luneo-backend-[a-z0-9]+-[a-z0-9]{5}"})', '10m'],
      ['luneo_queue_depth', 'absent(luneo_queue_jobs_waiting{namespace="luneo-production",queue="render"})', '10m'],
      ['luneo_worker_active_jobs', 'absent(luneo_worker_active_jobs{namespace="luneo-production",pod=~"luneo-worker-[a-z0-9]+-[a-z0-9]{5}"})', '10m'],
    ]);
    // The ServiceMonitor sets jobLabel, so the job is the selector's app.kubernetes.io/name value.
    const sm = find(objects, 'ServiceMonitor', 'luneo-backend');
    expect(sm.spec.jobLabel).toBe('app.kubernetes.io/name');
    expect(alerts('ScrapeTargetDown').map((r) => r.expr)).toEqual([
      'up{namespace="luneo-production",job="luneo-backend"} == 0',
      'up{namespace="luneo-production",job="luneo-worker"} == 0',
    ]);
    expect(alerts('ScrapeTargetMissing').map((r) => r.expr)).toEqual([
      'absent(up{namespace="luneo-production",job="luneo-backend"})',
      'absent(up{namespace="luneo-production",job="luneo-worker"})',
    ]);
  });

  test('workload signals: backlog growth at max, saturation from the concurrency policy, SLO thresholds from config', () => {
    expect(alerts('QueueBacklogGrowingAtMaxReplicas')[0].expr).toContain('max by (queue) (deriv(luneo_queue_jobs_waiting{namespace="luneo-production",queue="render"}[15m])) > 0');
    expect(alerts('WorkerSaturated')[0].expr).toBe('avg(sum by (pod) (luneo_worker_active_jobs{namespace="luneo-production",pod=~"luneo-worker-[a-z0-9]+-[a-z0-9]{5}"})) / 25 > 0.9');
    expect(alerts('ErrorRateHigh')[0]).toMatchObject({ for: '10m', labels: { workload: 'luneo-backend' } });
    expect(alerts('ErrorRateHigh')[0].expr).toMatch(/code=~"5\.\."\}\[5m\]\)\) \/ sum\(rate\(http_requests_total\{.*\}\[5m\]\)\) > 0\.01$/);
    expect(alerts('LatencyHigh')[0].expr).toBe('histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket{namespace="luneo-production",pod=~"luneo-backend-[a-z0-9]+-[a-z0-9]{5}"}[5m]))) > 0.5');
  });

  test('thresholds and severities follow the config', () => {
    const env = productionCopy();
    env.workloads.backend.slo.latency.maxSeconds = 0.25;
    env.workloads.worker.concurrency.maxConcurrentJobs = 30;
    env.alerting.severity = { HpaFlapping: 'info' };
    env.alerting.hpa.maxedOutFor = '30m';
    const rs = find(manifests(synthesizeEnvironments([env])), 'PrometheusRule', 'luneo-autoscaling').spec.groups.flatMap((g: any) => g.rules);
    expect(rs.find((r: any) => r.alert === 'LatencyHigh').expr).toMatch(/ > 0\.25$/);
    expect(rs.find((r: any) => r.alert === 'WorkerSaturated').expr).toContain(' / 30 > 0.9');
    expect(rs.filter((r: any) => r.alert === 'HpaFlapping').every((r: any) => r.labels.severity === 'info')).toBe(true);
    expect(rs.find((r: any) => r.alert === 'HpaMaxedOut').for).toBe('30m');
  });

  test('without an alerting section, defaults apply and runbook_url is the repository path', () => {
    const env = productionCopy();
    delete env.alerting;
    delete env.workloads.backend.slo;
    const rs = find(manifests(synthesizeEnvironments([env])), 'PrometheusRule', 'luneo-autoscaling').spec.groups.flatMap((g: any) => g.rules);
    expect(rs[0].annotations.runbook_url).toBe('dist/runbooks/production.md#hpamaxedout');
    expect(rs.some((r: any) => r.alert === 'ErrorRateHigh' || r.alert === 'LatencyHigh')).toBe(false);
  });

  test('every expression parses with the Prometheus grammar', () => {
    for (const r of rules) expect(promqlErrors(r.expr)).toEqual([]);
  });
});

describe('observability findings', () => {
  const env = production();
  const settings = alertingSettings(env.alerting);
  const groups = alertGroups(env, settings);

  test('a PromQL parse error is a finding and fails synth (alerting/promql-syntax)', () => {
    expect(promqlErrors('sum(rate(x[5m])')).not.toEqual([]);
    const app = new App();
    const chart = new Chart(app, 'c');
    const broken = [{ name: 'g', rules: [{ ...groups[0].rules[0], expr: 'sum by (pod (up)' }] }];
    new AlertRules(chart, 'A', { namespace: 'ns', groups: broken, labels: {}, runbookUrl: runbookDocument(env, settings), runbook: renderRunbook(env, broken) });
    const messages = chart.node.findAll().flatMap((c) => c.node.validate());
    expect(messages.join('\n')).toMatch(/spec\.groups\[0\]\.rules\[0\]\.expr: PromQL does not parse .*\[alerting\/promql-syntax\]/);
  });

  test('an alert whose runbook has no section for it is a finding (alerting/runbook-missing)', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    const runbook = renderRunbook(env, groups).replace('### HpaFlapping', '### Flapping');
    new AlertRules(chart, 'A', { namespace: 'ns', groups, labels: {}, runbookUrl: runbookDocument(env, settings), runbook });
    const messages = chart.node.findAll().flatMap((c) => c.node.validate());
    expect(messages.length).toBe(2); // one HpaFlapping per HPA
    expect(messages[0]).toMatch(/alert HpaFlapping links to .*production\.md#hpaflapping, which is not a section of the runbook .*\[alerting\/runbook-missing\]/);
  });

  test('a catalogue metric no alert selects is a finding (alerting/uncovered-metric)', () => {
    expect(coverageFindings(env, groups)).toEqual([]);
    const withoutQueue = groups.map((g) => ({ ...g, rules: g.rules.filter((r) => !selectedMetrics(r.expr).includes('luneo_queue_jobs_waiting')) }));
    expect(coverageFindings(env, withoutQueue).map((f) => [f.rule, f.path.join('.')])).toEqual([['alerting/uncovered-metric', 'metrics.luneo_queue_depth.series']]);
  });

  test('selectedMetrics reads the selectors of an expression, not function or label names', () => {
    expect(selectedMetrics('sum by (pod) (rate(a_total{x="y"}[5m])) / on () group_left scalar(b offset 1h) and absent(up{job="j"})')).toEqual(['a_total', 'b', 'up']);
  });

  test('the runbook document and its headings are deterministic and unique per alert name', () => {
    const md = renderRunbook(env, groups);
    expect(renderRunbook(env, groups)).toBe(md);
    const headings = md.split('\n').filter((l) => l.startsWith('### '));
    expect(new Set(headings).size).toBe(headings.length);
    expect(headings).toHaveLength(13);
  });
});

describe('config text in alert templates and runbook commands', () => {
  test.each([
    ['{{ .Broken', '{{ "{{" }} .Broken'],
    ['req/s', 'req/s'],
    ['jobs{queue}', 'jobs{{ "{" }}queue}'],
    ['ends with {', 'ends with {{ "{" }}'],
    ['{{{ x }}}', '{{ "{{{" }} x }}}'],
  ])('templateLiteral(%j) is %j', (text, written) => {
    expect(templateLiteral(text)).toBe(written);
  });

  test('every {{ in a rendered annotation or label is ours: a literal-text action or a $labels reference', () => {
    const env = productionCopy();
    env.metrics.http_requests_per_second.unit = '{{ .Broken';
    env.workloads.backend.slo.errorRate.errors.matches = '5..|[{]{2}';
    env.alerting.runbookBaseUrl = 'https://git.example.com/{{x}}/runbooks';
    const pr = find(manifests(synthesizeEnvironments([env])), 'PrometheusRule', 'luneo-autoscaling');
    const texts: string[] = pr.spec.groups.flatMap((g: any) => g.rules.flatMap((r: any) => [...Object.values(r.annotations), ...Object.values(r.labels)]));
    const actions = texts.flatMap((t) => t.match(/\{\{.*?\}\}/g) ?? []);
    expect(actions.length).toBeGreaterThan(0);
    for (const a of actions) expect(a).toMatch(/^\{\{ ("\{+"|\$labels\.[a-zA-Z_][a-zA-Z0-9_]*) \}\}$/);
    const pinned = pr.spec.groups.flatMap((g: any) => g.rules).find((r: any) => r.alert === 'HpaPinnedAtMinimum' && r.labels.metric === 'http_requests_per_second');
    expect(pinned.annotations.description).toContain('http_requests_per_second per pod ({{ "{{" }} .Broken)');
    expect(pinned.annotations.runbook_url).toBe('https://git.example.com/{{ "{{" }}x}}/runbooks/production.md#hpapinnedatminimum');
  });

  test("a regex holding ' keeps the runbook's promtool command one shell word that reads back as the expression", () => {
    const env = productionCopy();
    env.workloads.backend.slo.errorRate.errors.matches = "5..|it's";
    const settings = alertingSettings(env.alerting);
    const groups = alertGroups(env, settings);
    const expr = groups.flatMap((g) => g.rules).find((r) => r.alert === 'ErrorRateHigh' && r.workload === 'backend')!.expr;
    const line = renderRunbook(env, groups).split('\n').find((l) => l.startsWith('promtool query instant') && l.includes("it'"))!;
    const word = line.slice('promtool query instant http://localhost:9090 '.length, line.lastIndexOf('   # '));
    const echoed = spawnSync('sh', ['-c', `printf '%s' ${word}`], { encoding: 'utf-8' });
    expect(echoed.stdout).toBe(expr);
  });
});
