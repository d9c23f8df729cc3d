// Every query of the generated Grafana dashboard evaluated by a real Prometheus (`promtool test
// rules`, promql_expr_test) on the same synthetic series as the alert tests: it must evaluate
// without error, return the series the panel expects (one per pod, one per queue, or one), and each
// "vs target" panel must read exactly the load the scenario put on that metric.
import { loadEnvironmentFile } from '../../lib/config/load';
import { alertingSettings } from '../../lib/config/observability-schema';
import { Environment } from '../../lib/config/schema';
import { buildDashboard, PanelQuery } from '../../lib/observability/dashboard';
import { scenarioPods, scenarioCanaryPod, scenarioSeries } from '../../lib/observability/scenario-series';
import { PRODUCTION_FILE } from '../support';
import { assertPromtool, cleanUp, PromqlExprTest, testRules } from './support';

const env: Environment = loadEnvironmentFile(PRODUCTION_FILE).env;
const settings = alertingSettings(env.alerting);
const dashboard = buildDashboard(env, settings);
const LOAD = 0.5;

/** The label sets a panel query must return on the healthy scenario, as promtool prints them. */
function expectedSeries(workload: string, q: PanelQuery): string[] {
  if (q.splitBy.length === 0) return ['{}'];
  const w = env.workloads[workload];
  const [label] = q.splitBy;
  if (label === 'pod') {
    // `up` is per scrape target: the job's canary pod is a target too; every other per-pod query
    // keeps to the Deployment's own pods.
    const pods = q.expr.startsWith('up{') ? [...scenarioPods(w.deployment), scenarioCanaryPod(w.deployment)] : scenarioPods(w.deployment);
    return pods.sort().map((p) => `{pod="${p}"}`);
  }
  if (label === 'metric_name') {
    // kube-state-metrics names resource metrics by resource, the others by metric name.
    const names = [...(['cpu', 'memory'] as const).filter((r) => w.utilization[r] !== undefined), ...Object.keys(env.metrics).filter((n) => env.metrics[n].workload === workload)];
    return names.sort().map((n) => `{metric_name="${n}"}`);
  }
  const metric = Object.values(env.metrics).find((m) => m.workload === workload && (m.groupBy ?? []).includes(label))!;
  return [`{${label}="${metric.matchLabels?.[label] ?? `${label}-a`}"}`];
}

function run(tests: PromqlExprTest[], scenario = {}, e: Environment = env): void {
  const input_series = scenarioSeries(e, alertingSettings(e.alerting), scenario, 30);
  const result = testRules([], [{ interval: '1m', input_series, promql_expr_test: tests }], '1m');
  if (!result.ok) throw new Error(`promtool test rules failed (files in ${result.dir}):\n${result.output}`);
  cleanUp(result);
}

beforeAll(() => {
  assertPromtool();
});

test('the dashboard has panels for every workload', () => {
  expect(new Set(dashboard.panels.map((p) => p.workload))).toEqual(new Set(Object.keys(env.workloads)));
  expect(dashboard.panels.flatMap((p) => p.queries).length).toBeGreaterThan(30);
});

test.each(dashboard.panels.map((p) => [p.title, p] as const))('%s: every query evaluates and returns the series the panel expects', (_title, panel) => {
  run(panel.queries.map((q) => {
    const by = q.splitBy.length > 0 ? ` by (${q.splitBy.join(', ')})` : '';
    return { expr: `count${by} (${q.expr})`, eval_time: '20m', exp_samples: expectedSeries(panel.workload, q).map((labels) => ({ labels, value: 1 })) };
  }));
});

test('each "vs target" panel reads the load the scenario put on its metric: half of the target', () => {
  const tests: PromqlExprTest[] = [];
  for (const p of dashboard.panels.filter((x) => x.title.endsWith(' vs target'))) {
    const [value, target] = p.queries;
    const t = Number(/^vector\((.*)\)$/.exec(target.expr)![1]);
    // x1000 and rounded: promtool compares floats exactly and rate() leaves ~1e-13 of noise.
    tests.push({ expr: `round(1000 * (${value.expr}))`, eval_time: '20m', exp_samples: [{ labels: '{}', value: Math.round(1000 * LOAD * t) }] });
  }
  expect(tests).toHaveLength(7);
  run(tests);
});

test('the scaling-event annotation marks a replica change and nothing else', () => {
  const backend = dashboard.annotations.find((a) => a.workload === 'backend')!;
  run([
    { expr: `count(${backend.expr})`, eval_time: '10m', exp_samples: [{ labels: '{}', value: 1 }] },
    { expr: `count(${backend.expr})`, eval_time: '20m', exp_samples: [] },
  ], { backend: { current: [[10, 10], [14, 30]] } });
});

test('Deployments with long names: every per-pod query finds the pods the API server names (generateName cut to 58 characters)', () => {
  const long = JSON.parse(JSON.stringify(env)) as Environment;
  // 56 characters: pods `<deployment>-<first hash character><5 random>`; 60: `<first 58 characters><5 random>`.
  (long.workloads.backend as { deployment: string }).deployment = 'luneo-backend-embed-widget-read-api-europe-west1-primary';
  (long.workloads.worker as { deployment: string }).deployment = 'luneo-worker-render-queue-consumer-europe-west1-primary-pool';
  expect(scenarioPods(long.workloads.backend.deployment)[0]).toMatch(/^luneo-backend-embed-widget-read-api-europe-west1-primary-[a-z0-9]{6}$/);
  const tests: PromqlExprTest[] = [];
  for (const panel of buildDashboard(long, alertingSettings(long.alerting)).panels) {
    const w = long.workloads[panel.workload];
    for (const q of panel.queries.filter((x) => x.splitBy.length === 1 && x.splitBy[0] === 'pod')) {
      // Cut at 58 characters, the pods of `<deployment>-canary` are named like this Deployment's own
      // (`<deployment>-c<5 random>`): no name pattern can tell them apart (README: pod names).
      const pods = [...scenarioPods(w.deployment), scenarioCanaryPod(w.deployment)];
      tests.push({ expr: `count by (pod) (${q.expr})`, eval_time: '20m', exp_samples: pods.sort().map((p) => ({ labels: `{pod="${p}"}`, value: 1 })) });
    }
  }
  expect(tests.length).toBeGreaterThan(5);
  run(tests, {}, long);
});
