// The autoscaling alerts proved on a real Prometheus: the PrometheusRule groups exactly as dist/
// ships them, `promtool check rules` on each, and `promtool test rules` on series generated from
// the catalogue and config (lib/observability/scenario-series.ts): each alert fires when it should,
// after its `for`, and stays silent when it should not.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { environmentFiles, loadEnvironmentFile } from '../../lib/config/load';
import { alertingSettings } from '../../lib/config/observability-schema';
import { Environment } from '../../lib/config/schema';
import { healthyReplicas, kubeStateMetricsLabels, scenarioPods, scenarioSeries, WorkloadScenario } from '../../lib/observability/scenario-series';
import { synthesizeConfigDir } from '../../lib/output/synthesize';
import { CONFIG_DIR, PRODUCTION_FILE, ROOT } from '../support';
import { AlertRuleTest, assertPromtool, checkRules, cleanUp, PromtoolResult, removeScratch, RuleGroup, testRules } from './support';

const env: Environment = loadEnvironmentFile(PRODUCTION_FILE).env;
const NS = env.namespace;
const DIST = path.join(ROOT, 'dist');

interface ShippedRule { alert: string; expr: string; for?: string; labels: Record<string, string>; annotations: Record<string, string> }

/** Every PrometheusRule under dist/, as { file, groups }. */
function distRuleFiles(): Array<{ file: string; groups: RuleGroup[] }> {
  const out: Array<{ file: string; groups: RuleGroup[] }> = [];
  for (const dir of fs.readdirSync(DIST, { withFileTypes: true }).filter((d) => d.isDirectory())) {
    for (const f of fs.readdirSync(path.join(DIST, dir.name)).filter((n) => /^prometheusrule-.*\.k8s\.yaml$/.test(n))) {
      const obj = parse(fs.readFileSync(path.join(DIST, dir.name, f), 'utf-8'));
      out.push({ file: `${dir.name}/${f}`, groups: obj.spec.groups });
    }
  }
  return out;
}

const production = distRuleFiles().find((f) => f.file === 'production/prometheusrule-luneo-autoscaling.k8s.yaml')!;
const rules = production.groups.flatMap((g) => g.rules) as ShippedRule[];

/** The rule an expectation is about: by alert name and rule labels. */
function ruleOf(alert: string, labels: Record<string, string>): ShippedRule {
  const found = rules.filter((r) => r.alert === alert && Object.entries(labels).every(([k, v]) => r.labels[k] === v));
  if (found.length !== 1) throw new Error(`${found.length} rules ${alert} ${JSON.stringify(labels)}`);
  return found[0];
}

/** What promtool reports for a firing alert: the result's labels plus the rule's, annotations templated. */
function firing(alert: string, ruleLabels: Record<string, string>, resultLabels: Record<string, string>) {
  const r = ruleOf(alert, ruleLabels);
  const labels = { ...resultLabels, ...r.labels };
  const annotations = Object.fromEntries(Object.entries(r.annotations).map(([k, v]) => [k, v.replace(/\{\{ \$labels\.(\w+) \}\}/g, (_, l) => labels[l] ?? '')]));
  return { exp_labels: labels, exp_annotations: annotations };
}

const hpa = (key: string) => env.workloads[key].hpa;
const ksm = (key: string) => kubeStateMetricsLabels(NS, hpa(key));
/** What a one-to-one comparison `on (namespace, horizontalpodautoscaler)` leaves of the KSM labels. */
const hpaId = (key: string) => ({ namespace: NS, horizontalpodautoscaler: hpa(key) });
const onHpa = (key: string, extra: Record<string, string> = {}) => ({ horizontalpodautoscaler: hpa(key), ...extra });

interface Case {
  scenario: Record<string, WorkloadScenario>;
  minutes: number;
  checks: AlertRuleTest[];
}

/** Runs promtool on the production rules (or `groups`); returns whether every check held. */
function outcome(c: Case, groups: RuleGroup[] = production.groups, e: Environment = env): PromtoolResult {
  const input_series = scenarioSeries(e, alertingSettings(e.alerting), c.scenario, c.minutes);
  const result = testRules(groups, [{ interval: '1m', input_series, alert_rule_test: c.checks }], '1m');
  cleanUp(result);
  return result;
}

function run(c: Case, groups?: RuleGroup[], e?: Environment): void {
  const result = outcome(c, groups, e);
  if (!result.ok) throw new Error(`promtool test rules failed:\n${result.output}`);
}

/** The production groups with one rule's expression rewritten (negative controls). */
function withExpr(alert: string, labels: Record<string, string>, edit: (expr: string) => string): RuleGroup[] {
  const target = ruleOf(alert, labels);
  return production.groups.map((g) => ({ ...g, rules: g.rules.map((r) => (r === (target as unknown) ? { ...r, expr: edit(r.expr) } : r)) }));
}

const silent = (alertname: string, ...times: string[]): AlertRuleTest[] => times.map((eval_time) => ({ eval_time, alertname, exp_alerts: [] }));

beforeAll(() => {
  assertPromtool();
});

describe('promtool check rules', () => {
  test('every PrometheusRule in dist/ parses and loads, in every environment', () => {
    const files = distRuleFiles();
    expect(files.map((f) => f.file)).toEqual(expect.arrayContaining(['production/prometheusrule-luneo-autoscaling.k8s.yaml', 'staging/prometheusrule-luneo-autoscaling.k8s.yaml']));
    for (const f of files) {
      const result = checkRules(f.groups);
      const count = f.groups.reduce((n, g) => n + g.rules.length, 0);
      expect(result.output).toContain(`SUCCESS: ${count} rules found`);
      expect(result.ok).toBe(true);
      cleanUp(result);
    }
  });
});

describe('a healthy platform pages nobody', () => {
  test.each(environmentFiles(CONFIG_DIR).map((f) => [path.basename(f)]))('%s: no alert fires over two hours at half of every target', (file) => {
    const e = loadEnvironmentFile(path.join(CONFIG_DIR, file)).env;
    const shipped = distRuleFiles().find((f) => f.file === `${e.environment}/prometheusrule-luneo-autoscaling.k8s.yaml`);
    if (!shipped) throw new Error(`dist/ has no PrometheusRule for environment ${e.environment}: dist/ is stale, run \`npm run synth\` first`);
    const names = [...new Set(shipped.groups.flatMap((g) => g.rules.map((r) => (r as ShippedRule).alert)))];
    expect(names.length).toBeGreaterThanOrEqual(10);
    run({ scenario: {}, minutes: 120, checks: names.flatMap((n) => silent(n, '30m', '119m')) }, shipped.groups, e);
  });

  // A valid small environment (the fresh-user report: config/dev.yaml, worker 1-2 replicas): the
  // middle of its range would be max, so the healthy scenario holds each HPA inside (min, max),
  // or at min where no replica count is strictly inside.
  test.each([['{ min: 1, max: 2 }', 1], ['{ min: 2, max: 5 }', 4], ['{ min: 3, max: 3 }', 3]] as const)('a dev environment with worker replicas %s (healthy at %i): no alert fires', (range, expected) => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luneo-dev-'));
    try {
      fs.copyFileSync(path.join(CONFIG_DIR, '_base.yaml'), path.join(dir, '_base.yaml'));
      fs.writeFileSync(path.join(dir, 'dev.yaml'), fs.readFileSync(path.join(CONFIG_DIR, 'staging.yaml'), 'utf-8')
        .replace('environment: staging', 'environment: dev').replace('namespace: luneo-staging', 'namespace: luneo-dev')
        .replace('destination: { name: staging }', 'destination: { name: dev }')
        .replace('replicas: { min: 2, max: 6 }', `replicas: ${range}`).replace('peakConcurrentJobs: 150', 'peakConcurrentJobs: 25'));
      const e = loadEnvironmentFile(path.join(dir, 'dev.yaml')).env;
      const w = e.workloads.worker.replicas;
      expect(healthyReplicas(w.min, w.max)).toBe(expected);
      const file = synthesizeConfigDir(dir).files.find((f) => f.path === 'dev/prometheusrule-luneo-autoscaling.k8s.yaml')!;
      const groups = parse(file.content).spec.groups as RuleGroup[];
      const names = [...new Set(groups.flatMap((g) => g.rules.map((r) => (r as ShippedRule).alert)))];
      run({ scenario: {}, minutes: 120, checks: names.flatMap((n) => silent(n, '30m', '119m')) }, groups, e);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('negative controls: the proofs fail when a rule is wrong', () => {
  test('without its max != min guard, HpaMaxedOut would fire for a fixed-size HPA, and the proof says so', () => {
    const unguarded = withExpr('HpaMaxedOut', onHpa('backend'), (e) => e.replace(/ and on \(namespace, horizontalpodautoscaler\) \(.* != .*\)$/, ''));
    expect(unguarded).not.toEqual(production.groups);
    const c: Case = { scenario: { backend: { min: 10, max: 10, current: 10 } }, minutes: 30, checks: silent('HpaMaxedOut', '20m') };
    expect(outcome(c).ok).toBe(true);
    const r = outcome(c, unguarded);
    expect(r.ok).toBe(false);
    expect(r.output).toContain('alertname: HpaMaxedOut, time: 20m');
    removeScratch(r);
  });

  test('a pod matcher that also takes the canary pod makes HpaPinnedAtMinimum fire on a healthy backend, and the proof says so', () => {
    const loose = withExpr('HpaPinnedAtMinimum', onHpa('backend', { metric: 'http_requests_per_second' }), (e) => e.replace('luneo-backend-[a-z0-9]+-[a-z0-9]{5}', 'luneo-backend-.*'));
    const c: Case = { scenario: { backend: { current: 3 } }, minutes: 30, checks: silent('HpaPinnedAtMinimum', '20m') };
    expect(outcome(c).ok).toBe(true);
    const r = outcome(c, loose);
    expect(r.ok).toBe(false);
    removeScratch(r);
  });
});

describe('HPA health', () => {
  test('HpaMaxedOut fires once current == max has held for its `for` (15m), not before', () => {
    const r = ruleOf('HpaMaxedOut', onHpa('backend'));
    expect(r.for).toBe('15m');
    run({ scenario: { backend: { current: 50 } }, minutes: 30, checks: [
      ...silent('HpaMaxedOut', '14m'),
      { eval_time: '16m', alertname: 'HpaMaxedOut', exp_alerts: [firing('HpaMaxedOut', onHpa('backend'), hpaId('backend'))] },
    ] });
  });

  test('max == min is not "maxed out"', () => {
    run({ scenario: { backend: { min: 10, max: 10, current: 10 } }, minutes: 30, checks: silent('HpaMaxedOut', '20m', '30m') });
  });

  test('a brief spike to max does not page', () => {
    run({ scenario: { backend: { current: [[20, 5], [50, 10], [20, 30]] } }, minutes: 45, checks: silent('HpaMaxedOut', '14m', '20m', '40m') });
  });

  test('HpaReplicasMismatch: desired != current with no progress fires; a rate-limited scale-down that keeps stepping does not', () => {
    run({ scenario: { worker: { current: 5, desired: 10 } }, minutes: 40, checks: [
      ...silent('HpaReplicasMismatch', '10m'),
      { eval_time: '16m', alertname: 'HpaReplicasMismatch', exp_alerts: [firing('HpaReplicasMismatch', onHpa('worker'), hpaId('worker'))] },
    ] });
    // Backend scaling 40 -> 3 by -2 pods every 5 minutes (its policy): desired stays below current for over an hour.
    const steps: Array<[number, number]> = Array.from({ length: 16 }, (_, i) => [40 - 2 * i, 5]);
    run({ scenario: { backend: { current: steps, desired: 3 } }, minutes: 75, checks: silent('HpaReplicasMismatch', '20m', '45m', '70m') });
  });

  // FailedUpdateScale: the HPA cannot write the scale subresource, so its current (scale.spec.replicas)
  // stays at minReplicas 3 while it wants 10, and the Deployment's spec never changes either.
  test('HpaReplicasMismatch fires when the HPA cannot write its scale (current 3 = min, desired 10 for an hour)', () => {
    expect(env.workloads.backend.replicas).toEqual({ min: 3, max: 50 });
    run({ scenario: { backend: { current: 3, desired: 10 } }, minutes: 60, checks: [
      { eval_time: '60m', alertname: 'HpaReplicasMismatch', exp_alerts: [firing('HpaReplicasMismatch', onHpa('backend'), hpaId('backend'))] },
    ] });
  });

  // The SRE report (t4.yaml): a ResourceQuota refuses the scale-up's pods. The HPA writes spec.replicas
  // 3 -> 6 without error, so from its next sync status.currentReplicas (= scale.spec.replicas) equals
  // desired; only the Deployment's status.replicas stays at 3. The tester's series, as they wrote them.
  const quotaRefusal = {
    current: 'kube_horizontalpodautoscaler_status_current_replicas{namespace="luneo-production",horizontalpodautoscaler="luneo-backend-hpa"}',
    desired: 'kube_horizontalpodautoscaler_status_desired_replicas{namespace="luneo-production",horizontalpodautoscaler="luneo-backend-hpa"}',
    min: 'kube_horizontalpodautoscaler_spec_min_replicas{namespace="luneo-production",horizontalpodautoscaler="luneo-backend-hpa"}',
    status: 'kube_deployment_status_replicas{namespace="luneo-production",deployment="luneo-backend"}',
    spec: 'kube_deployment_spec_replicas{namespace="luneo-production",deployment="luneo-backend"}',
  };
  const t4 = (status: string, groups: RuleGroup[], checks: AlertRuleTest[]) => {
    const r = testRules(groups, [{ interval: '1m', input_series: [
      { series: quotaRefusal.current, values: '3x60 6x60' }, { series: quotaRefusal.desired, values: '3x59 6x61' },
      { series: quotaRefusal.min, values: '3x120' }, { series: quotaRefusal.status, values: status }, { series: quotaRefusal.spec, values: '3x59 6x61' },
    ], alert_rule_test: checks }], '1m');
    cleanUp(r);
    return r;
  };
  const mismatchLabels = { horizontalpodautoscaler: 'luneo-backend-hpa', namespace: 'luneo-production', severity: 'warning', workload: 'luneo-backend' };

  test('HpaReplicasMismatch fires when a ResourceQuota refuses a scale-up\'s pods (the tester\'s t4.yaml: spec 6, status.replicas 3), after its `for` (15m)', () => {
    expect(ruleOf('HpaReplicasMismatch', onHpa('backend')).for).toBe('15m');
    const fires = t4('3x120', production.groups, [
      ...silent('HpaReplicasMismatch', '60m', '73m'),
      { eval_time: '110m', alertname: 'HpaReplicasMismatch', exp_alerts: [{ exp_labels: mismatchLabels, exp_annotations: ruleOf('HpaReplicasMismatch', onHpa('backend')).annotations }] },
    ]);
    expect(fires.output).toContain('SUCCESS');
    // The pods come (status.replicas 6 a minute after spec): silent throughout.
    const follows = t4('3x60 6x60', production.groups, silent('HpaReplicasMismatch', '61m', '80m', '110m'));
    expect(follows.output).toContain('SUCCESS');
    // The same shape from the catalogue's generated series, with the whole annotation text.
    run({ scenario: { backend: { current: [[3, 60], [6, 60]], desired: [[3, 59], [6, 61]], deploymentStatus: 3 } }, minutes: 120, checks: [
      ...silent('HpaReplicasMismatch', '73m'),
      { eval_time: '110m', alertname: 'HpaReplicasMismatch', exp_alerts: [firing('HpaReplicasMismatch', onHpa('backend'), hpaId('backend'))] },
    ] });
  });

  test('negative control: the former rule (HPA desired vs HPA current only) misses the ResourceQuota case, and the proof says so', () => {
    const hpaOnly = withExpr('HpaReplicasMismatch', onHpa('backend'), (e) => e.slice(0, e.indexOf('\nor on (namespace, horizontalpodautoscaler)\n')).replace(/^\(\n/, '').replace(/\n\)$/, ''));
    expect(hpaOnly).not.toEqual(production.groups);
    const r = t4('3x120', hpaOnly, [{ eval_time: '110m', alertname: 'HpaReplicasMismatch', exp_alerts: [{ exp_labels: mismatchLabels, exp_annotations: ruleOf('HpaReplicasMismatch', onHpa('backend')).annotations }] }]);
    expect(r.ok).toBe(false);
    expect(r.output).toContain('alertname: HpaReplicasMismatch, time: 1h50m');
    removeScratch(r);
  });

  test('HpaReplicasMismatch stays silent through rollouts and ordinary scale-ups: surge pods above spec, pods a few minutes late', () => {
    // A rolling update with maxSurge 25 %: status.replicas above spec for as long as it takes.
    run({ scenario: { backend: { current: 12, deploymentStatus: [[12, 10], [15, 40], [12, 100]] } }, minutes: 60, checks: silent('HpaReplicasMismatch', '20m', '45m', '60m') });
    // A scale-up whose pods take 5 minutes to be created (a slow webhook), and maxSurge 0 rollouts one pod short for 10m.
    run({ scenario: { backend: { current: [[3, 10], [12, 100]], deploymentStatus: [[3, 15], [12, 20], [11, 10], [12, 100]] } }, minutes: 60, checks: silent('HpaReplicasMismatch', '14m', '30m', '44m', '60m') });
    // The worker's own Deployment one pod for a long time (its HPA set 11): fires for the worker's HPA, with its labels.
    run({ scenario: { worker: { deploymentStatus: 1 } }, minutes: 40, checks: [
      { eval_time: '30m', alertname: 'HpaReplicasMismatch', exp_alerts: [firing('HpaReplicasMismatch', onHpa('worker'), hpaId('worker'))] },
    ] });
  });

  test('HpaScalingInactive fires after ScalingActive=False held for 10m', () => {
    run({ scenario: { worker: { scalingActive: 0 } }, minutes: 20, checks: [
      ...silent('HpaScalingInactive', '9m'),
      { eval_time: '11m', alertname: 'HpaScalingInactive', exp_alerts: [firing('HpaScalingInactive', onHpa('worker'), { ...ksm('worker'), condition: 'ScalingActive', status: 'false' })] },
    ] });
  });

  const limitedFiring = (key: string) => [firing('HpaScalingLimited', onHpa(key), { ...ksm(key), condition: 'ScalingLimited', status: 'true' })];

  test('HpaScalingLimited fires after an hour limited while the HPA wants more: at maxReplicas with its metrics above target (TooManyReplicas)', () => {
    run({ scenario: { backend: { current: 50, load: 1.5, scalingLimited: 1 } }, minutes: 70, checks: [
      ...silent('HpaScalingLimited', '59m'),
      { eval_time: '61m', alertname: 'HpaScalingLimited', exp_alerts: limitedFiring('backend') },
    ] });
    // Within the tolerance (1.05 x target) the HPA holds: not wanting more.
    run({ scenario: { backend: { current: 50, load: 1.05, scalingLimited: 1 } }, minutes: 70, checks: silent('HpaScalingLimited', '61m', '70m') });
  });

  test('HpaScalingLimited fires for a scale-up the policy keeps capping (desired above current, ScaleUpLimit)', () => {
    const climb: Array<[number, number]> = Array.from({ length: 8 }, (_, i) => [4 + 2 * i, 10]);
    run({ scenario: { worker: { current: climb, desired: 20, scalingLimited: 1 } }, minutes: 70, checks: [
      { eval_time: '61m', alertname: 'HpaScalingLimited', exp_alerts: limitedFiring('worker') },
    ] });
  });

  // The SRE report: every evening the worker steps 20 -> 2 by 1 pod / 10 min (its scale-down policy),
  // ScalingLimited=True (reason ScaleDownLimit) throughout; the old rule fired at 1h30m.
  test('HpaScalingLimited stays silent through a policy-limited scale-down (20 -> 2 by 1 pod / 10 min) and at the minimum', () => {
    const evening: Array<[number, number]> = Array.from({ length: 19 }, (_, i) => [20 - i, 10]);
    expect(evening[0][0]).toBe(20);
    expect(evening[18][0]).toBe(2);
    run({ scenario: { worker: { current: evening, scalingLimited: [[0, 10], [1, 1000]] } }, minutes: 180, checks: silent('HpaScalingLimited', '61m', '90m', '150m', '180m') });
    run({ scenario: { backend: { current: 3, scalingLimited: 1 } }, minutes: 70, checks: silent('HpaScalingLimited', '61m', '70m') });
  });

  test('HpaFlapping fires on repeated changes of direction within the hour; a long ramp in one direction does not', () => {
    const oscillation: Array<[number, number]> = Array.from({ length: 12 }, (_, i) => [i % 2 === 0 ? 4 : 6, 5]);
    run({ scenario: { worker: { current: oscillation } }, minutes: 60, checks: [
      ...silent('HpaFlapping', '15m'),
      { eval_time: '58m', alertname: 'HpaFlapping', exp_alerts: [firing('HpaFlapping', onHpa('worker'), ksm('worker'))] },
    ] });
    const ramp: Array<[number, number]> = Array.from({ length: 47 }, (_, i) => [4 + i, 1]);
    run({ scenario: { backend: { current: ramp } }, minutes: 60, checks: silent('HpaFlapping', '30m', '59m') });
  });

  test('HpaFlapping counts reversals: 3 changes of direction are silent, the 4th (alerting.hpa.flapping.reversals) fires', () => {
    // up at 5m, down at 15m, up at 25m, down at 35m (3 reversals), up at 45m (the 4th).
    const swings: Array<[number, number]> = [[4, 5], [6, 10], [4, 10], [6, 10], [4, 10], [6, 100]];
    run({ scenario: { worker: { current: swings } }, minutes: 60, checks: [
      ...silent('HpaFlapping', '40m', '44m'),
      { eval_time: '48m', alertname: 'HpaFlapping', exp_alerts: [firing('HpaFlapping', onHpa('worker'), ksm('worker'))] },
    ] });
  });

  // The SRE report: one ordinary spike (3 -> 50 in 4 minutes, then the configured -2 pods / 5 min)
  // made 4 scale-ups and 4 scale-downs, and the old rule fired at 50m.
  const spike: Array<[number, number]> = [[3, 10], [8, 1], [16, 1], [32, 1], [50, 17], [48, 5], [46, 5], [44, 5], [42, 5], [40, 100]];
  test('HpaFlapping stays silent through one spike and its stepped scale-down (one reversal)', () => {
    run({ scenario: { backend: { current: spike } }, minutes: 70, checks: silent('HpaFlapping', '30m', '50m', '59m', '70m') });
  });

  test('negative control: the former rule (at least 4 scale-ups and 4 scale-downs) fires on that spike, and the proof says so', () => {
    const cur = `kube_horizontalpodautoscaler_status_current_replicas{namespace="${NS}",horizontalpodautoscaler="${hpa('backend')}"}`;
    const old = `(resets(${cur}[1h]) >= 4) and on (namespace, horizontalpodautoscaler) ((changes(${cur}[1h]) - on (namespace, horizontalpodautoscaler) resets(${cur}[1h])) >= 4)`;
    const c: Case = { scenario: { backend: { current: spike } }, minutes: 70, checks: silent('HpaFlapping', '50m') };
    const r = outcome(c, withExpr('HpaFlapping', onHpa('backend'), () => old));
    expect(r.ok).toBe(false);
    expect(r.output).toContain('alertname: HpaFlapping, time: 50m');
    removeScratch(r);
  });

  // kube-state-metrics is scraped every 30s in a default kube-prometheus-stack (the rule assumes it):
  // the same shapes sampled every 30s give the same verdicts.
  test('HpaFlapping on 30s samples: the spike is one reversal (silent), a 5-minute oscillation fires', () => {
    const rule = ruleOf('HpaFlapping', onHpa('backend'));
    const group: RuleGroup[] = [{ name: 'flapping', rules: [{ alert: rule.alert, expr: rule.expr, labels: rule.labels }] }];
    const series = (perMinute: number[]) => [{ series: `kube_horizontalpodautoscaler_status_current_replicas{namespace="${NS}",horizontalpodautoscaler="${hpa('backend')}",job="kube-state-metrics"}`,
      values: perMinute.flatMap((v) => [v, v]).join(' ') }];
    const minutes = (t: Array<[number, number]>) => t.flatMap(([v, n]) => Array<number>(n).fill(v));
    const spiky = testRules(group, [{ interval: '30s', input_series: series(minutes(spike).slice(0, 71)),
      alert_rule_test: ['30m', '50m', '70m'].map((eval_time) => ({ eval_time, alertname: 'HpaFlapping', exp_alerts: [] })) }], '30s');
    cleanUp(spiky);
    expect(spiky.output).toContain('SUCCESS');
    const swings = testRules(group, [{ interval: '30s', input_series: series(minutes(Array.from({ length: 12 }, (_, i) => [i % 2 === 0 ? 4 : 6, 5] as [number, number]))),
      alert_rule_test: [{ eval_time: '15m', alertname: 'HpaFlapping', exp_alerts: [] },
        { eval_time: '40m', alertname: 'HpaFlapping', exp_alerts: [{ exp_labels: { ...rule.labels, ...ksm('backend') } }] }] }], '30s');
    cleanUp(swings);
    expect(swings.output).toContain('SUCCESS');
  });

  // The SRE report (t3.yaml, 30s samples): the backend dips 10 -> 8 every 5.5 minutes, twelve times
  // (~23 changes of direction). As reported, each dip is a single 30s sample (`8 10x10`): the former
  // rule (delta over 2m every 1m) saw both ends of every window equal and stayed silent at 80m. The
  // file as saved writes each dip as two samples (`8 8 10x9`, a minute), which the former rule
  // already caught: both are proved, the negative control on the single-sample one.
  const t3Reported = `10x40${' 8 10x10'.repeat(12)} 10x40`;
  const t3Saved = '10x40 8 8 10x9 8 8 10x9 8 8 10x9 8 8 10x9 8 8 10x9 8 8 10x9 8 8 10x9 8 8 10x9 8 8 10x9 8 8 10x9 8 8 10x9 8 8 10x9 10x40';
  const flapping = (groups: RuleGroup[], interval: string, values: string, checks: AlertRuleTest[]) => {
    const r = testRules(groups, [{ interval, input_series: [{ series: `kube_horizontalpodautoscaler_status_current_replicas{namespace="${NS}",horizontalpodautoscaler="${hpa('backend')}"}`, values }],
      alert_rule_test: checks }], '1m');
    cleanUp(r);
    return r;
  };
  const flappingRule = () => {
    const rule = ruleOf('HpaFlapping', onHpa('backend'));
    return { rule, groups: [{ name: 'flapping', rules: [{ alert: rule.alert, expr: rule.expr, labels: rule.labels, annotations: rule.annotations }] }] as RuleGroup[] };
  };
  const flappingFires = () => [{ exp_labels: { ...flappingRule().rule.labels, ...hpaId('backend') }, exp_annotations: flappingRule().rule.annotations }];
  const formerFlapping = () => {
    const { rule } = flappingRule();
    const cur = `kube_horizontalpodautoscaler_status_current_replicas{namespace="${NS}",horizontalpodautoscaler="${hpa('backend')}"}`;
    return [{ name: 'flapping', rules: [{ alert: rule.alert, expr: `changes((sgn(delta(${cur}[2m])) != 0)[1h:1m]) >= 4`, labels: rule.labels, annotations: rule.annotations }] }] as RuleGroup[];
  };

  test.each([['reported (one 30s sample per dip)', t3Reported], ['saved (two samples per dip)', t3Saved]])('HpaFlapping fires on the tester\'s t3.yaml as %s: twelve dips at 80m, silent before them', (_, values) => {
    const r = flapping(flappingRule().groups, '30s', values, [
      ...silent('HpaFlapping', '15m', '19m'),
      { eval_time: '80m', alertname: 'HpaFlapping', exp_alerts: flappingFires() },
    ]);
    expect(r.output).toContain('SUCCESS');
  });

  test('negative control: the former rule (sgn(delta(current[2m])) every 1m) misses one-sample dips, and the proof says so', () => {
    expect(flappingRule().rule.expr).not.toBe(formerFlapping()[0].rules[0].expr);
    const r = flapping(formerFlapping(), '30s', t3Reported, [{ eval_time: '80m', alertname: 'HpaFlapping', exp_alerts: flappingFires() }]);
    expect(r.ok).toBe(false);
    expect(r.output).toContain('alertname: HpaFlapping, time: 1h20m');
    removeScratch(r);
    // It saw the two-sample dips of the saved file: that file alone does not show the fault.
    const saved = flapping(formerFlapping(), '30s', t3Saved, [{ eval_time: '80m', alertname: 'HpaFlapping', exp_alerts: flappingFires() }]);
    expect(saved.output).toContain('SUCCESS');
  });

  /**
   * `dips` dips of one sample (10 -> 8 -> 10) every 5.5 minutes after 40 minutes at 10, sampled every
   * `seconds`: 2 x dips changes, 2 x dips - 1 reversals.
   */
  const dipsEvery = (seconds: number, dips: number) => {
    const perMinute = 60 / seconds;
    const cycle = Math.round(5.5 * perMinute);
    const out: number[] = Array<number>(40 * perMinute).fill(10);
    for (let i = 0; i < dips; i++) out.push(8, ...Array<number>(cycle - 1).fill(10));
    out.push(...Array<number>(40 * perMinute).fill(10));
    return out.join(' ');
  };
  const perSample = (seconds: number, t: Array<[number, number]>) => t.flatMap(([v, n]) => Array<number>(n * (60 / seconds)).fill(v)).join(' ');

  test.each([[10], [15], [30], [60]])('HpaFlapping on samples every %is: one-sample dips count (2 dips = 3 reversals silent, 3 dips = 5 fire); one spike and its stepped scale-down stays silent', (seconds) => {
    const { groups } = flappingRule();
    // The third dip starts at 40m + 2 x 5.5m = 51m: 5 reversals by 52m, within the hour until 100m.
    const three = flapping(groups, `${seconds}s`, dipsEvery(seconds, 3), [
      ...silent('HpaFlapping', '39m', '50m'),
      ...['53m', '90m'].map((eval_time) => ({ eval_time, alertname: 'HpaFlapping', exp_alerts: flappingFires() })),
    ]);
    expect(three.output).toContain('SUCCESS');
    const two = flapping(groups, `${seconds}s`, dipsEvery(seconds, 2), silent('HpaFlapping', '45m', '53m', '60m', '90m'));
    expect(two.output).toContain('SUCCESS');
    const spiky = flapping(groups, `${seconds}s`, perSample(seconds, spike.slice(0, 9).concat([[40, 20]])), silent('HpaFlapping', '30m', '50m', '70m'));
    expect(spiky.output).toContain('SUCCESS');
  });

  // The verification tester (t3.yaml, 10s samples): value 5 with one-sample dips to 4 at 20, 110,
  // 200, 290 and 380s, each one HPA sync (about 15s) long: 9 changes of direction. A 15s step never
  // lands between a dip sample and the next one, so the former 15s sampling saw none of them.
  test('HpaFlapping on 10s samples counts one-sample dips between two 15s steps (5 dips by 6m40s fire at 8m); the 15s sampling missed them', () => {
    const values = Array.from({ length: 60 }, (_, i) => ([2, 11, 20, 29, 38].includes(i) ? 4 : 5)).join(' ');
    const { rule, groups } = flappingRule();
    const fires = flapping(groups, '10s', values, [{ eval_time: '8m', alertname: 'HpaFlapping', exp_alerts: flappingFires() }]);
    expect(fires.output).toContain('SUCCESS');
    const every15s = [{ name: 'flapping', rules: [{ alert: rule.alert, expr: rule.expr.replace(/offset 5s/g, 'offset 15s').replace(/:5s\]/g, ':15s]'), labels: rule.labels, annotations: rule.annotations }] }] as RuleGroup[];
    expect(every15s[0].rules[0].expr).not.toBe(rule.expr);
    const missed = flapping(every15s, '10s', values, [{ eval_time: '8m', alertname: 'HpaFlapping', exp_alerts: flappingFires() }]);
    expect(missed.ok).toBe(false);
    removeScratch(missed);
  });

  // The SRE report: backend scaleUp.stabilization 1800s holds the HPA at minReplicas for 30 minutes
  // of high load by design; a 15m HpaPinnedAtMinimum paged. Its `for` is now the window + 5m.
  test('HpaPinnedAtMinimum waits out a scale-up stabilization window of 1800s (for 35m) before paging; HpaMaxedOut a scale-down one', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luneo-stab-'));
    try {
      fs.copyFileSync(path.join(CONFIG_DIR, 'production.yaml'), path.join(dir, 'production.yaml'));
      const base = fs.readFileSync(path.join(CONFIG_DIR, '_base.yaml'), 'utf-8');
      const slow = base.replace('scaleUp: { percent: 100, pods: 5, every: 60s, select: Max, stabilization: 0s }', 'scaleUp: { percent: 100, pods: 5, every: 60s, select: Max, stabilization: 1800s }')
        .replace('scaleDown: { percent: 50, pods: 2, every: 300s, select: Min, stabilization: 300s }', 'scaleDown: { percent: 50, pods: 2, every: 300s, select: Min, stabilization: 1800s }');
      expect(slow).not.toBe(base);
      fs.writeFileSync(path.join(dir, '_base.yaml'), slow);
      const e = loadEnvironmentFile(path.join(dir, 'production.yaml')).env;
      const file = synthesizeConfigDir(dir).files.find((f) => f.path === 'production/prometheusrule-luneo-autoscaling.k8s.yaml')!;
      const groups = parse(file.content).spec.groups as RuleGroup[];
      const pinned = groups.flatMap((g) => g.rules as ShippedRule[]).find((r) => r.alert === 'HpaPinnedAtMinimum' && r.labels.horizontalpodautoscaler === hpa('backend') && r.labels.metric === 'http_requests_per_second')!;
      expect(pinned.for).toBe('35m');
      const labels = { ...pinned.labels, ...hpaId('backend') };
      run({ scenario: { backend: { current: 3, metricLoad: { http_requests_per_second: 2.5 } } }, minutes: 45, checks: [
        ...silent('HpaPinnedAtMinimum', '20m', '31m'),
        { eval_time: '40m', alertname: 'HpaPinnedAtMinimum', exp_alerts: [{ exp_labels: labels, exp_annotations: pinned.annotations }] },
      ] }, groups, e);
      // Same kind, other direction: a scale-down stabilization of 1800s holds the HPA at maxReplicas
      // for 30 minutes after a spike by design; HpaMaxedOut waits 35m.
      const maxed = groups.flatMap((g) => g.rules as ShippedRule[]).find((r) => r.alert === 'HpaMaxedOut' && r.labels.horizontalpodautoscaler === hpa('backend'))!;
      expect(maxed.for).toBe('35m');
      run({ scenario: { backend: { current: [[20, 5], [50, 31], [20, 100]] } }, minutes: 60, checks: silent('HpaMaxedOut', '20m', '35m', '40m') }, groups, e);
      run({ scenario: { backend: { current: [[20, 5], [50, 100]] } }, minutes: 50, checks: [
        ...silent('HpaMaxedOut', '35m'),
        { eval_time: '45m', alertname: 'HpaMaxedOut', exp_alerts: [{ exp_labels: { ...maxed.labels, ...hpaId('backend') }, exp_annotations: maxed.annotations }] },
      ] }, groups, e);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('HpaPinnedAtMinimum fires for the metric far above target while at min, silent at 1.5x, and the canary\'s load does not count', () => {
    const metric = { metric: 'http_requests_per_second' };
    run({ scenario: { backend: { current: 3, metricLoad: { http_requests_per_second: 2.5 } } }, minutes: 30, checks: [
      ...silent('HpaPinnedAtMinimum', '14m'),
      { eval_time: '20m', alertname: 'HpaPinnedAtMinimum', exp_alerts: [firing('HpaPinnedAtMinimum', onHpa('backend', metric), hpaId('backend'))] },
    ] });
    run({ scenario: { backend: { current: 3, load: 1.5 } }, minutes: 30, checks: silent('HpaPinnedAtMinimum', '20m', '30m') });
  });

  test('HpaPinnedAtMinimum on CPU (cAdvisor over requests) and on the external queue metric (total / replicas)', () => {
    run({ scenario: { worker: { current: 2, metricLoad: { cpu: 2.2, luneo_queue_depth: 2.5 } } }, minutes: 30, checks: [
      { eval_time: '20m', alertname: 'HpaPinnedAtMinimum', exp_alerts: [
        firing('HpaPinnedAtMinimum', onHpa('worker', { metric: 'cpu' }), hpaId('worker')),
        firing('HpaPinnedAtMinimum', onHpa('worker', { metric: 'luneo_queue_depth' }), hpaId('worker')),
      ] },
    ] });
  });
});

describe('metrics pipeline', () => {
  test('a missing series an HPA needs fires HpaMetricSeriesAbsent after its `for` (10m)', () => {
    run({ scenario: { worker: { omit: ['luneo_queue_jobs_waiting'] } }, minutes: 20, checks: [
      ...silent('HpaMetricSeriesAbsent', '9m'),
      { eval_time: '11m', alertname: 'HpaMetricSeriesAbsent', exp_alerts: [
        firing('HpaMetricSeriesAbsent', onHpa('worker', { metric: 'luneo_queue_depth' }), { namespace: NS, queue: 'render' })] },
    ] });
  });

  // The SRE report: luneo-frontend exports http_requests_total in the same namespace; the backend's
  // own pods export none, so the adapter (scoped to the backend's pods) serves nothing to its HPA.
  test('HpaMetricSeriesAbsent fires for the backend\'s missing series although another Deployment in the namespace exports the name', () => {
    const c: Case = { scenario: { backend: { omit: ['http_requests_total'], neighbourExports: ['http_requests_total'] } }, minutes: 30, checks: [
      ...silent('HpaMetricSeriesAbsent', '9m'),
      { eval_time: '30m', alertname: 'HpaMetricSeriesAbsent', exp_alerts: [
        firing('HpaMetricSeriesAbsent', onHpa('backend', { metric: 'http_requests_per_second' }), { namespace: NS })] },
    ] };
    run(c);
    // Negative control: scoped to the namespace only (the former rule), the frontend's series hides it.
    const loose = withExpr('HpaMetricSeriesAbsent', onHpa('backend', { metric: 'http_requests_per_second' }), (e) => e.replace(/,pod=~"[^"]*"/, ''));
    const r = outcome(c, loose);
    expect(r.ok).toBe(false);
    expect(r.output).toContain('alertname: HpaMetricSeriesAbsent, time: 30m');
    removeScratch(r);
  });

  test('a pod whose scrape fails fires ScrapeTargetDown for that instance', () => {
    const pod = scenarioPods(env.workloads.backend.deployment)[0];
    run({ scenario: { backend: { podDown: true } }, minutes: 10, checks: [
      ...silent('ScrapeTargetDown', '4m'),
      { eval_time: '6m', alertname: 'ScrapeTargetDown', exp_alerts: [firing('ScrapeTargetDown', { workload: 'luneo-backend' },
        { namespace: NS, pod, job: 'luneo-backend', instance: '10.0.0.10:8080', container: 'backend' })] },
    ] });
  });

  test('no scrape target at all fires ScrapeTargetMissing', () => {
    run({ scenario: { worker: { omit: ['up'] } }, minutes: 10, checks: [
      ...silent('ScrapeTargetMissing', '4m'),
      { eval_time: '6m', alertname: 'ScrapeTargetMissing', exp_alerts: [firing('ScrapeTargetMissing', { workload: 'luneo-worker' }, { namespace: NS, job: 'luneo-worker' })] },
    ] });
  });
});

describe('workload signals', () => {
  test('a queue growing while the workers are at max fires; the same growth below max does not', () => {
    run({ scenario: { worker: { current: 20, growthPerMinute: 30 } }, minutes: 40, checks: [
      { eval_time: '30m', alertname: 'QueueBacklogGrowingAtMaxReplicas', exp_alerts: [
        firing('QueueBacklogGrowingAtMaxReplicas', onHpa('worker', { metric: 'luneo_queue_depth' }), { queue: 'render' })] },
    ] });
    run({ scenario: { worker: { current: 12, growthPerMinute: 30 } }, minutes: 40, checks: silent('QueueBacklogGrowingAtMaxReplicas', '30m') });
  });

  test('workers near their concurrency limit (24 of 25 jobs) fire WorkerSaturated; 20 of 25 does not', () => {
    run({ scenario: { worker: { metricLoad: { luneo_worker_active_jobs: 2.4 } } }, minutes: 30, checks: [
      ...silent('WorkerSaturated', '14m'),
      { eval_time: '16m', alertname: 'WorkerSaturated', exp_alerts: [firing('WorkerSaturated', { workload: 'luneo-worker' }, {})] },
    ] });
    run({ scenario: { worker: { metricLoad: { luneo_worker_active_jobs: 2 } } }, minutes: 30, checks: silent('WorkerSaturated', '16m', '30m') });
  });

  test('error ratio above the configured 1 % fires ErrorRateHigh; 0.5 % does not', () => {
    run({ scenario: { backend: { errorRatio: 0.05 } }, minutes: 30, checks: [
      ...silent('ErrorRateHigh', '8m'),
      { eval_time: '20m', alertname: 'ErrorRateHigh', exp_alerts: [firing('ErrorRateHigh', { workload: 'luneo-backend' }, {})] },
    ] });
    run({ scenario: { backend: { errorRatio: 0.005 } }, minutes: 30, checks: silent('ErrorRateHigh', '20m') });
  });

  test('p99 latency above the configured 0.5 s fires LatencyHigh; all requests fast does not', () => {
    run({ scenario: { backend: { slowRatio: 0.05 } }, minutes: 30, checks: [
      { eval_time: '20m', alertname: 'LatencyHigh', exp_alerts: [firing('LatencyHigh', { workload: 'luneo-backend' }, {})] },
    ] });
    run({ scenario: { backend: { slowRatio: 0 } }, minutes: 30, checks: silent('LatencyHigh', '20m') });
  });
});
