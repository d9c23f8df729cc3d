// Alerts on pods of Deployments with long names, proved on a real Prometheus: the pods are named as
// the API server names them (generateName base cut to 58 characters), and the alert expressions
// of the synthesized PrometheusRule must find them.
import { parse } from 'yaml';
import { alertingSettings } from '../../lib/config/observability-schema';
import { Environment } from '../../lib/config/schema';
import { scenarioPods, scenarioSeries, WorkloadScenario } from '../../lib/observability/scenario-series';
import { synthesizeEnvironments } from '../../lib/output/synthesize';
import { productionCopy } from '../support';
import { assertPromtool, cleanUp, PromqlExprTest, testRules } from './support';

const BACKEND = 'luneo-backend-embed-widget-read-api-europe-west1-primary';
const WORKER = 'luneo-worker-render-queue-consumer-europe-west1-primary-pool';

function longNames(): Environment {
  const env = productionCopy();
  env.workloads.backend.deployment = BACKEND;
  env.workloads.worker.deployment = WORKER;
  return env;
}

function shippedRules(env: Environment): Array<{ alert: string; expr: string; labels: Record<string, string> }> {
  const file = synthesizeEnvironments([env]).find((f) => f.path === 'production/prometheusrule-luneo-autoscaling.k8s.yaml')!;
  return parse(file.content).spec.groups.flatMap((g: any) => g.rules);
}

function evaluate(env: Environment, tests: PromqlExprTest[], scenario: Record<string, WorkloadScenario>): { ok: boolean; output: string } {
  const input_series = scenarioSeries(env, alertingSettings(env.alerting), scenario, 30);
  const result = testRules([], [{ interval: '1m', input_series, promql_expr_test: tests }], '1m');
  cleanUp(result);
  return result;
}

beforeAll(() => {
  assertPromtool();
});

test('the issue\'s 56-character Deployment: pods named <deployment>-<1 hash character><5>, 63 characters', () => {
  for (const pod of scenarioPods(BACKEND)) expect(pod).toMatch(new RegExp(`^${BACKEND}-[a-z0-9]{6}$`));
  for (const pod of scenarioPods(WORKER)) expect(pod).toMatch(new RegExp(`^${WORKER.slice(0, 58)}[a-z0-9]{5}$`));
});

test('HpaPinnedAtMinimum (cAdvisor CPU, a Pods metric), WorkerSaturated and LatencyHigh find the pods of long Deployment names; the old pattern found none', () => {
  const env = longNames();
  const rules = shippedRules(env);
  const pick = (alert: string, labels: Record<string, string> = {}) => rules.find((r) => r.alert === alert && Object.entries(labels).every(([k, v]) => r.labels[k] === v))!;
  const exprs = [
    pick('HpaPinnedAtMinimum', { horizontalpodautoscaler: 'luneo-backend-hpa', metric: 'cpu' }).expr,
    pick('HpaPinnedAtMinimum', { horizontalpodautoscaler: 'luneo-worker-hpa', metric: 'luneo_worker_active_jobs' }).expr,
    pick('WorkerSaturated').expr,
    pick('LatencyHigh').expr,
  ];
  const scenario: Record<string, WorkloadScenario> = {
    backend: { current: 3, metricLoad: { cpu: 2.5 }, slowRatio: 0.5 },
    worker: { current: 2, metricLoad: { luneo_worker_active_jobs: 2.5 } },
  };
  const fires = (expr: string): PromqlExprTest => ({ expr: `count(${expr.replace(/\n/g, ' ')})`, eval_time: '20m', exp_samples: [{ labels: '{}', value: 1 }] });
  const result = evaluate(env, exprs.map(fires), scenario);
  if (!result.ok) throw new Error(result.output);
  // Negative control: the pattern used before (`<deployment>-[a-z0-9]+-[a-z0-9]{5}`) selects nothing.
  const old = (expr: string) => expr.replace(/pod=~"[^"]*"/g, (m) => (m.includes(BACKEND) ? `pod=~"${BACKEND}-[a-z0-9]+-[a-z0-9]{5}"` : `pod=~"${WORKER}-[a-z0-9]+-[a-z0-9]{5}"`));
  const before = evaluate(env, exprs.map((e) => fires(old(e))), scenario);
  expect(before.ok).toBe(false);
  expect(before.output).toContain('got: ');
});
