import * as fs from 'fs';
import * as path from 'path';
import { App, Chart } from 'cdk8s';
import { alertingSettings } from '../lib/config/observability-schema';
import { parse } from 'yaml';
import { largeConfig } from '../bench/large-config';
import { ConfigError, formatFinding } from '../lib/config/findings';
import { validateEnvironment } from '../lib/config/validate';
import { AlertRules, PROMETHEUS_RULE_MAX_BYTES, ruleGroupsBytes } from '../lib/observability/alert-rules';
import { alertGroups } from '../lib/observability/alerts';
import { buildDashboard, dashboardUid } from '../lib/observability/dashboard';
import { CONFIGMAP_MAX_BYTES, GrafanaDashboard } from '../lib/observability/grafana-dashboard';
import { PLATFORM_METRICS } from '../lib/observability/queries';
import { synthesizeEnvironments } from '../lib/output/synthesize';
import { find, manifests, production, productionCopy, ROOT, synthesizeProduction } from './support';

const objects = manifests(synthesizeProduction());
const cm = find(objects, 'ConfigMap', 'luneo-autoscaling-dashboard');
const json = JSON.parse(cm.data['luneo-autoscaling-production.json']);
const panels: any[] = json.panels.filter((p: any) => p.type === 'timeseries');
const panel = (title: string) => {
  const p = panels.find((x) => x.title === title);
  if (!p) throw new Error(`no panel "${title}" among ${panels.map((x) => x.title).join(', ')}`);
  return p;
};
const exprs = (p: any) => p.targets.map((t: any) => t.expr);
const rules: any[] = find(objects, 'PrometheusRule', 'luneo-autoscaling').spec.groups.flatMap((g: any) => g.rules);
const alert = (name: string, metric?: string) => rules.find((r) => r.alert === name && (metric === undefined || r.labels.metric === metric)).expr as string;

describe('Grafana dashboard ConfigMap', () => {
  test('carries the sidecar label and the recommended labels, in the environment namespace', () => {
    expect(cm.metadata.namespace).toBe('luneo-production');
    expect(cm.metadata.labels).toMatchObject({ grafana_dashboard: '1', 'app.kubernetes.io/managed-by': 'luneo-autoscaling' });
  });

  test('the sidecar label, folder and namespace come from the config', () => {
    const env = productionCopy();
    env.dashboard = { labels: { 'grafana.com/dashboard': 'luneo' }, folder: 'Autoscaling', namespace: 'monitoring' };
    const other = find(manifests(synthesizeEnvironments([env])), 'ConfigMap', 'luneo-autoscaling-dashboard');
    expect(other.metadata).toMatchObject({ namespace: 'monitoring', labels: { 'grafana.com/dashboard': 'luneo' }, annotations: { grafana_folder: 'Autoscaling' } });
    expect(other.metadata.labels!.grafana_dashboard).toBeUndefined();
  });

  test('is the same JSON as dist/dashboards/production.json (for import by hand)', () => {
    expect(fs.readFileSync(path.join(ROOT, 'dist/dashboards/production.json'), 'utf-8')).toBe(cm.data['luneo-autoscaling-production.json']);
  });

  test('a Grafana dashboard with a stable uid, a Prometheus datasource variable, read-only', () => {
    expect(json).toMatchObject({ uid: 'luneo-autoscaling-production', title: 'Luneo autoscaling (production)', editable: false });
    expect(json.templating.list[0]).toMatchObject({ type: 'datasource', name: 'datasource', query: 'prometheus' });
    for (const p of panels) for (const t of p.targets) expect(t.datasource).toEqual({ type: 'prometheus', uid: '${datasource}' });
  });

  test('links to the environment\'s other dashboards by its tag', () => {
    expect(json.links).toEqual([expect.objectContaining({ type: 'dashboards', tags: ['luneo', 'autoscaling', 'production'], asDropdown: true, keepTime: true })]);
  });

  test('one row per workload', () => {
    expect(json.panels.filter((p: any) => p.type === 'row').map((p: any) => p.title)).toEqual(['luneo-backend', 'luneo-worker']);
  });

  test('replicas: current, desired, min and max of each HPA from kube-state-metrics', () => {
    const p = panel('luneo-worker: replicas (luneo-worker-hpa)');
    expect(p.targets.map((t: any) => t.legendFormat)).toEqual(['current', 'desired', 'min', 'max']);
    expect(exprs(p)).toEqual(['status_current_replicas', 'status_desired_replicas', 'spec_min_replicas', 'spec_max_replicas']
      .map((s) => `kube_horizontalpodautoscaler_${s}{namespace="luneo-production",horizontalpodautoscaler="luneo-worker-hpa"}`));
  });

  test('the HPA\'s own view: status.currentMetrics and spec targets from kube-state-metrics, per metric_name', () => {
    const p = panel('luneo-backend: metrics and targets as the HPA reports them');
    expect(exprs(p)).toEqual([
      'kube_horizontalpodautoscaler_status_target_metric{namespace="luneo-production",horizontalpodautoscaler="luneo-backend-hpa"}',
      'kube_horizontalpodautoscaler_spec_target_metric{namespace="luneo-production",horizontalpodautoscaler="luneo-backend-hpa"}',
    ]);
    expect(p.targets[0].legendFormat).toBe('{{metric_name}} ({{metric_target_type}})');
  });

  test('each HPA metric against its target, with the same query the pinned-at-minimum alert uses', () => {
    const cpu = panel('luneo-backend: CPU utilization (% of requests) vs target');
    expect(exprs(cpu)[1]).toBe('vector(70)');
    expect(alert('HpaPinnedAtMinimum', 'cpu')).toContain(`(${exprs(cpu)[0]} > 140)`);
    const queue = panel('luneo-worker: luneo_queue_depth per pod (jobs) vs target');
    expect(exprs(queue)[1]).toBe('vector(50)');
    expect(rules.filter((r) => r.labels.metric === 'luneo_queue_depth' && r.alert === 'HpaPinnedAtMinimum')[0].expr).toContain(exprs(queue)[0]);
    expect(panels.filter((p) => / vs target$/.test(p.title))).toHaveLength(7); // backend cpu, memory, rps; worker cpu, memory, queue, active jobs
  });

  test('CPU and memory per pod against the per-pod requests', () => {
    expect(exprs(panel('luneo-backend: CPU per pod vs request'))).toEqual([
      'sum by (pod) (rate(container_cpu_usage_seconds_total{namespace="luneo-production",pod=~"luneo-backend-[a-z0-9]+-[a-z0-9]{5}",container!=""}[5m]))', 'vector(0.5)']);
    expect(exprs(panel('luneo-worker: memory per pod vs request'))[1]).toBe('vector(2147483648)');
  });

  test('request rate per pod, queue depth, active jobs: the catalogue metrics as the adapter computes them', () => {
    expect(exprs(panel('luneo-backend: HTTP requests served per second, per backend pod (http_requests_per_second, req/s)')))
      .toEqual(['sum by (pod) (rate(http_requests_total{namespace="luneo-production",pod=~"luneo-backend-[a-z0-9]+-[a-z0-9]{5}"}[2m]))']);
    const depth = panel('luneo-worker: Jobs waiting in the render queue (the whole backlog, not per pod) (luneo_queue_depth, jobs)');
    expect(exprs(depth)).toEqual(['max by (queue) (luneo_queue_jobs_waiting{namespace="luneo-production",queue="render"})']);
    expect(depth.targets[0].legendFormat).toBe('{{queue}}');
    const active = exprs(panel('luneo-worker: Jobs a worker pod is running right now (luneo_worker_active_jobs, jobs)'))[0];
    expect(alert('WorkerSaturated')).toBe(`avg(${active}) / 25 > 0.9`);
  });

  test('error ratio and latency against the SLO thresholds, as the alerts compute them', () => {
    const errors = panel('luneo-backend: error ratio vs SLO');
    expect(alert('ErrorRateHigh')).toBe(`${exprs(errors)[0]} > 0.01`);
    expect(exprs(errors)[1]).toBe('vector(0.01)');
    const latency = panel('luneo-backend: p99 latency vs SLO');
    expect(alert('LatencyHigh')).toBe(`${exprs(latency)[0]} > 0.5`);
    expect(exprs(panel('luneo-backend: scrape targets up'))[0]).toBe(alert('ScrapeTargetDown').replace(' == 0', ''));
  });

  test('scaling events are annotations, one per HPA', () => {
    expect(json.annotations.list.map((a: any) => [a.name, a.expr])).toEqual([
      ['luneo-backend-hpa scaling events', 'changes(kube_horizontalpodautoscaler_status_current_replicas{namespace="luneo-production",horizontalpodautoscaler="luneo-backend-hpa"}[1m]) > 0'],
      ['luneo-worker-hpa scaling events', 'changes(kube_horizontalpodautoscaler_status_current_replicas{namespace="luneo-production",horizontalpodautoscaler="luneo-worker-hpa"}[1m]) > 0'],
    ]);
  });

  test('deterministic: the same config gives the same bytes', () => {
    const env = production();
    const a = JSON.stringify(buildDashboard(env, alertingSettings(env.alerting)).json);
    expect(JSON.stringify(buildDashboard(env, alertingSettings(env.alerting)).json)).toBe(a);
  });
});

describe('dashboard findings', () => {
  const env = production();
  const model = buildDashboard(env, alertingSettings(env.alerting));
  const validate = (dashboard: typeof model, produced: ReadonlySet<string>) => {
    const chart = new Chart(new App(), 'c');
    new GrafanaDashboard(chart, 'D', { namespace: 'ns', dashboard, labels: {}, producedMetrics: produced });
    return chart.node.findAll().flatMap((c) => c.node.validate());
  };

  test('a panel charting a metric that no scrape, exporter or Prometheus produces is a finding', () => {
    const produced = new Set([...PLATFORM_METRICS, 'http_requests_total', 'http_request_duration_seconds_bucket', 'luneo_queue_jobs_waiting']);
    const messages = validate(model, produced);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages.every((m) => /selects luneo_worker_active_jobs, which no scrape .*\[dashboard\/unproduced-metric\]/.test(m))).toBe(true);
    expect(validate(model, new Set([...produced, 'luneo_worker_active_jobs']))).toEqual([]);
  });

  test('a panel query that does not parse is a finding', () => {
    const broken = { ...model, panels: [{ ...model.panels[0], queries: [{ expr: 'rate(up[5m]', legend: 'x', splitBy: [] }] }] };
    expect(validate(broken, PLATFORM_METRICS).join('\n')).toMatch(/data\["luneo-autoscaling-production\.json"\]\.panels\[0\]\.targets\[0\]\.expr: PromQL does not parse .*\[dashboard\/promql-syntax\]/);
  });
});

describe('an environment too large for one dashboard ConfigMap and one PrometheusRule', () => {
  // 70 workloads: their dashboards together exceed the 1 MiB a ConfigMap holds, their alert rules what one object should hold.
  const env = validateEnvironment(parse(largeConfig(production(), 70))).env!;
  const files = synthesizeEnvironments([env]).filter((f) => f.environment === env.environment);
  const maps = files.filter((f) => f.kind === 'manifest').map((f) => f.object as any).filter((o) => o.kind === 'ConfigMap' && o.metadata.labels?.grafana_dashboard === '1');
  const workloads = Object.keys(env.workloads).sort();

  test('gets one dashboard per workload, each its own ConfigMap within the limit, instead of failing', () => {
    expect(maps.map((m) => m.metadata.name).sort()).toEqual(workloads.map((w) => `luneo-autoscaling-dashboard-${w}`).sort());
    for (const m of maps) expect(Buffer.byteLength(Object.values(m.data as Record<string, string>)[0])).toBeLessThanOrEqual(CONFIGMAP_MAX_BYTES);
    expect(files.filter((f) => f.kind === 'dashboard').map((f) => f.path)).toEqual(workloads.map((w) => `dashboards/${env.environment}/${w}.json`));
    // A dashboard file's object (read on first use) is its JSON, the same object on every read.
    for (const f of files.filter((x) => x.kind === 'dashboard')) {
      expect(f.object).toEqual(JSON.parse(f.content));
      expect(f.object).toBe(f.object);
    }
  });

  test('each shows its workload alone, with a stable unique uid, and links to the others by the environment tag', () => {
    const uids = new Set<string>();
    for (const w of workloads) {
      const cmap = maps.find((m) => m.metadata.name === `luneo-autoscaling-dashboard-${w}`)!;
      const [key, text] = Object.entries(cmap.data as Record<string, string>)[0];
      const d = JSON.parse(text);
      expect(key).toBe(`${d.uid}.json`);
      expect(d.uid.length).toBeLessThanOrEqual(40);
      uids.add(d.uid);
      expect(d.panels.filter((p: any) => p.type === 'row').map((p: any) => p.title)).toEqual([env.workloads[w].deployment]);
      expect(d.annotations.list.map((a: any) => a.name)).toEqual([`${env.workloads[w].hpa} scaling events`]);
      expect(d.tags).toContain(env.environment);
      expect(d.links).toEqual([expect.objectContaining({ type: 'dashboards', tags: ['luneo', 'autoscaling', env.environment], asDropdown: true })]);
    }
    expect(uids.size).toBe(workloads.length);
  });

  test('gets one PrometheusRule per workload, each within the limit, holding that workload\'s rules and nothing else', () => {
    const all = alertGroups(env, alertingSettings(env.alerting));
    expect(ruleGroupsBytes(all)).toBeGreaterThan(PROMETHEUS_RULE_MAX_BYTES);
    const objects = files.filter((f) => f.kind === 'manifest').map((f) => f.object as any);
    const ruleObjects = objects.filter((o) => o.kind === 'PrometheusRule');
    expect(ruleObjects.map((o) => o.metadata.name).sort()).toEqual(workloads.map((w) => `luneo-autoscaling-${w}`).sort());
    let count = 0;
    for (const w of workloads) {
      const o = ruleObjects.find((r) => r.metadata.name === `luneo-autoscaling-${w}`);
      expect(Buffer.byteLength(JSON.stringify(o.spec.groups))).toBeLessThanOrEqual(PROMETHEUS_RULE_MAX_BYTES);
      const rules = o.spec.groups.flatMap((g: any) => g.rules);
      expect(new Set(rules.map((r: any) => r.labels.workload))).toEqual(new Set([env.workloads[w].deployment]));
      count += rules.length;
    }
    // every rule of the environment is in exactly one of them
    expect(count).toBe(all.flatMap((g) => g.rules).length);
  });

  test('rules one workload alone could not fit in one object are a finding (alerting/too-large)', () => {
    const groups = alertGroups(env, alertingSettings(env.alerting));
    const chart = new Chart(new App(), 'c');
    new AlertRules(chart, 'R', { namespace: 'ns', groups, labels: {}, runbookUrl: 'x', runbook: '' });
    const messages = chart.node.findAll().flatMap((c) => c.node.validate());
    expect(messages.filter((m) => m.includes('[alerting/too-large]'))).toEqual([expect.stringMatching(/^error spec\.groups: the alert rules are \d+ bytes; one PrometheusRule should hold at most 1048576/)]);
  });

  test('a dashboard over a ConfigMap\'s size fails the synth once per dashboard, with its rule, field and fix (not wrapped in a second severity and rule)', () => {
    const raw = productionCopy();
    const metric = Object.keys(raw.metrics)[0];
    raw.metrics[metric].description = 'x'.repeat(CONFIGMAP_MAX_BYTES);
    const env = validateEnvironment(raw).env!;
    let error: unknown;
    try {
      synthesizeEnvironments([env]);
    } catch (e) {
      error = e;
    }
    const findings = (error as ConfigError).findings.filter((f) => f.rule === 'dashboard/too-large');
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f).toMatchObject({ severity: 'error', rule: 'dashboard/too-large', location: { file: expect.stringMatching(/^production\//) } });
      expect(f.message).toMatch(/^data\["[^"]+\.json"\]: the dashboard is \d+ bytes; a ConfigMap holds at most 1048576$/);
      expect(f.hint).toMatch(/description/);
      expect(formatFinding(f)).not.toMatch(/error: error|\[construct\/validation\]/);
    }
  });

  test('a long environment and workload name still gives a uid of at most 40 characters, distinct per name', () => {
    const a = dashboardUid(`luneo-autoscaling-${'e'.repeat(30)}-${'w'.repeat(40)}-1`);
    const b = dashboardUid(`luneo-autoscaling-${'e'.repeat(30)}-${'w'.repeat(40)}-2`);
    expect(a).toHaveLength(40);
    expect(a).not.toBe(b);
    expect(dashboardUid('luneo-autoscaling-production')).toBe('luneo-autoscaling-production');
  });
});
