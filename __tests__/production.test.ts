import { parse } from 'yaml';
import { quantityValue } from '../lib/config/primitives';
import { synthesizeEnvironments } from '../lib/output/synthesize';
import { find, manifests, productionCopy, synthesizeProduction } from './support';

const files = synthesizeProduction();
const objects = manifests(files);
const adapterValues = parse(files.find((f) => f.path === 'helm-values/production/prometheus-adapter.yaml')!.content);
const hpa = (name: string) => find(objects, 'HorizontalPodAutoscaler', name).spec;
const metric = (spec: any, type: string, name: string) =>
  spec.metrics.find((m: any) => m.type === type && (m.resource?.name ?? m.pods?.metric.name ?? m.external?.metric.name) === name);

describe('production manifests', () => {
  test('match the snapshot (review the YAML diff when this changes)', () => {
    expect(Object.fromEntries(files.map((f) => [f.path, f.content]))).toMatchSnapshot();
  });

  test('contain only Kubernetes objects, all in luneo-production', () => {
    expect(objects.map((o) => `${o.kind}/${o.metadata.name}`).sort()).toEqual([
      'ConfigMap/luneo-autoscaling-dashboard',
      'ConfigMap/luneo-worker-concurrency',
      'HorizontalPodAutoscaler/luneo-backend-hpa',
      'HorizontalPodAutoscaler/luneo-worker-hpa',
      'PodDisruptionBudget/luneo-backend',
      'PodDisruptionBudget/luneo-worker',
      'PrometheusRule/luneo-autoscaling',
      'ServiceMonitor/luneo-backend',
      'ServiceMonitor/luneo-worker',
      'VerticalPodAutoscaler/luneo-backend',
      'VerticalPodAutoscaler/luneo-worker',
    ]);
    for (const o of objects) expect(o.metadata.namespace).toBe('luneo-production');
    expect(files.filter((f) => f.path.startsWith('production/')).every((f) => f.path.endsWith('.k8s.yaml'))).toBe(true);
  });

  test('carry the recommended labels', () => {
    for (const o of objects) {
      expect(o.metadata.labels).toMatchObject({
        'app.kubernetes.io/name': expect.stringMatching(/^luneo-(backend|worker|autoscaling)$/),
        'app.kubernetes.io/part-of': 'luneo-platform',
        'app.kubernetes.io/managed-by': 'luneo-autoscaling',
        'app.kubernetes.io/component': expect.stringMatching(/^(api|worker|monitoring)$/),
      });
    }
  });
});

describe('backend HPA', () => {
  const spec = hpa('luneo-backend-hpa');
  test('targets the luneo-backend Deployment with min 3, max 50', () => {
    expect(find(objects, 'HorizontalPodAutoscaler', 'luneo-backend-hpa').apiVersion).toBe('autoscaling/v2');
    expect(spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'luneo-backend' });
    expect([spec.minReplicas, spec.maxReplicas]).toEqual([3, 50]);
  });
  test('scales on CPU 70%, memory 80% and 1000 req/s per pod', () => {
    expect(metric(spec, 'Resource', 'cpu').resource.target).toEqual({ type: 'Utilization', averageUtilization: 70 });
    expect(metric(spec, 'Resource', 'memory').resource.target).toEqual({ type: 'Utilization', averageUtilization: 80 });
    expect(metric(spec, 'Pods', 'http_requests_per_second').pods.target).toEqual({ type: 'AverageValue', averageValue: '1000' });
    expect(spec.metrics).toHaveLength(3);
  });
  test('scales up by 100% or 5 pods per minute (the larger), without stabilization', () => {
    expect(spec.behavior.scaleUp).toEqual({
      selectPolicy: 'Max', stabilizationWindowSeconds: 0,
      policies: [{ type: 'Percent', value: 100, periodSeconds: 60 }, { type: 'Pods', value: 5, periodSeconds: 60 }],
    });
  });
  test('scales down by 50% or 2 pods per 5 minutes (the smaller), after a 300 s window', () => {
    expect(spec.behavior.scaleDown).toEqual({
      selectPolicy: 'Min', stabilizationWindowSeconds: 300,
      policies: [{ type: 'Percent', value: 50, periodSeconds: 300 }, { type: 'Pods', value: 2, periodSeconds: 300 }],
    });
  });
});

describe('worker HPA', () => {
  const spec = hpa('luneo-worker-hpa');
  test('targets luneo-worker with min 2, max 20', () => {
    expect(spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'luneo-worker' });
    expect([spec.minReplicas, spec.maxReplicas]).toEqual([2, 20]);
  });
  test('scales on CPU 75%, memory 85%, queue depth 50 per worker and 10 active jobs per worker', () => {
    expect(metric(spec, 'Resource', 'cpu').resource.target.averageUtilization).toBe(75);
    expect(metric(spec, 'Resource', 'memory').resource.target.averageUtilization).toBe(85);
    // External + AverageValue: the HPA divides the total backlog by the replica count.
    expect(metric(spec, 'External', 'luneo_queue_depth').external).toEqual({
      metric: { name: 'luneo_queue_depth', selector: { matchLabels: { queue: 'render' } } },
      target: { type: 'AverageValue', averageValue: '50' },
    });
    expect(metric(spec, 'Pods', 'luneo_worker_active_jobs').pods.target).toEqual({ type: 'AverageValue', averageValue: '10' });
  });
  test('scales up 50% or 2 pods per 2 minutes (Max), down 25% or 1 pod per 10 minutes (Min) after >= 600 s', () => {
    expect(spec.behavior.scaleUp).toMatchObject({ selectPolicy: 'Max', policies: [{ type: 'Percent', value: 50, periodSeconds: 120 }, { type: 'Pods', value: 2, periodSeconds: 120 }] });
    expect(spec.behavior.scaleDown).toMatchObject({ selectPolicy: 'Min', policies: [{ type: 'Percent', value: 25, periodSeconds: 600 }, { type: 'Pods', value: 1, periodSeconds: 600 }] });
    expect(spec.behavior.scaleDown.stabilizationWindowSeconds).toBeGreaterThanOrEqual(600);
  });
});

describe('scrape monitors', () => {
  test.each(['luneo-backend', 'luneo-worker'])('%s is scraped on port metrics, /metrics, every 30s, by the selected Prometheus', (name) => {
    const sm = find(objects, 'ServiceMonitor', name);
    expect(sm.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(sm.metadata.labels!.release).toBe('kube-prometheus-stack');
    expect(sm.spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
    expect(sm.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': name } });
    expect(sm.spec.namespaceSelector).toEqual({ matchNames: ['luneo-production'] });
  });
});

describe('prometheus-adapter values', () => {
  const custom: any[] = adapterValues.rules.custom;
  const external: any[] = adapterValues.rules.external;

  test('replace the chart defaults and point at Prometheus', () => {
    expect(adapterValues.rules.default).toBe(false);
    expect(adapterValues.prometheus).toMatchObject({ url: expect.stringMatching(/^http/), port: 9090 });
    expect(external.length).toBeGreaterThan(0); // or the chart never registers external.metrics.k8s.io
  });

  test('every HPA metric is exposed by an adapter rule of the same name, in the matching API', () => {
    const hpaMetrics = objects.filter((o) => o.kind === 'HorizontalPodAutoscaler').flatMap((o) => o.spec.metrics);
    const podsNames = hpaMetrics.filter((m: any) => m.type === 'Pods').map((m: any) => m.pods.metric.name).sort();
    const externalNames = hpaMetrics.filter((m: any) => m.type === 'External').map((m: any) => m.external.metric.name).sort();
    expect(custom.map((r) => r.name.as).sort()).toEqual(podsNames);
    expect(external.map((r) => r.name.as).sort()).toEqual(externalNames);
  });

  test('rate windows are at least 4x the 30 s scrape interval', () => {
    for (const r of [...custom, ...external]) {
      const m = /\[(\d+)([sm])\]/.exec(r.metricsQuery);
      if (m) expect(Number(m[1]) * (m[2] === 'm' ? 60 : 1)).toBeGreaterThanOrEqual(4 * 30);
    }
    expect(custom.find((r) => r.name.as === 'http_requests_per_second').metricsQuery).toBe('sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)');
  });

  test('the shared-queue gauge is aggregated per queue with max, never summed over pods', () => {
    const queue = external.find((r) => r.name.as === 'luneo_queue_depth');
    expect(queue.metricsQuery).toBe('max(<<.Series>>{<<.LabelMatchers>>}) by (queue)');
    expect(queue.metricsQuery).not.toMatch(/^sum/);
    expect(queue.resources.overrides).toEqual({ namespace: { resource: 'namespace' } });
    expect(queue.seriesQuery).toContain('queue="render"');
  });

  test('relist interval is no shorter than the scrape interval', () => {
    expect(adapterValues.metricsRelistInterval).toBe('1m');
  });
});

describe('worker concurrency policy', () => {
  const cm = find(objects, 'ConfigMap', 'luneo-worker-concurrency');
  const workerHpa = hpa('luneo-worker-hpa');
  const perWorker = Number(cm.data.MAX_CONCURRENT_JOBS);
  const activeJobsTarget = quantityValue(metric(workerHpa, 'Pods', 'luneo_worker_active_jobs').pods.target.averageValue);

  test('runs 25 jobs per worker, above the active-jobs target, so that metric can trigger', () => {
    expect(perWorker).toBe(25);
    expect(perWorker).toBeGreaterThan(activeJobsTarget);
    expect(Number(cm.data.HPA_ACTIVE_JOBS_TARGET)).toBe(activeJobsTarget);
  });
  test('maxReplicas x concurrency covers the 500 concurrent render jobs', () => {
    expect(workerHpa.maxReplicas * perWorker).toBeGreaterThanOrEqual(500);
  });
});

describe('scrape kind is a per-workload choice', () => {
  test('a PodMonitor scrapes the pods directly, with the same endpoint and selector label', () => {
    const env = productionCopy();
    env.workloads.worker.scrape.kind = 'PodMonitor';
    const pm = find(manifests(synthesizeEnvironments([env])), 'PodMonitor', 'luneo-worker');
    expect(pm.apiVersion).toBe('monitoring.coreos.com/v1');
    expect(pm.metadata.labels!.release).toBe('kube-prometheus-stack');
    expect(pm.spec.podMetricsEndpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '30s' }]);
    expect(pm.spec.selector).toEqual({ matchLabels: { 'app.kubernetes.io/name': 'luneo-worker' } });
  });
});
