// An example cdk8s app of the platform team that owns the Deployments and uses luneo-autoscaling as
// a library, from TypeScript only (no YAML config). The HPAs target the cdk8s-plus Deployments
// directly, so their container requests and pod selectors are stated once, on the Deployments;
// the worker container reads the concurrency policy through envFrom.
import { App, Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { LuneoAutoscaling, LuneoEnvironment } from '../../index';

/** The autoscaling of the platform: the numbers of config/production.yaml, as a TypeScript value. */
export function productionAutoscaling(): LuneoEnvironment {
  const scrape = (name: string) => ({ kind: 'ServiceMonitor' as const, port: 'metrics', path: '/metrics', interval: '30s', selector: { 'app.kubernetes.io/name': name } });
  return {
    environment: 'production',
    namespace: 'luneo-production',
    partOf: 'luneo-platform',
    prometheus: { url: 'http://kube-prometheus-stack-prometheus.monitoring.svc', port: 9090, monitorSelector: { release: 'kube-prometheus-stack' } },
    adapter: { metricsRelistInterval: '1m' },
    budget: { cpu: '56', memory: '80Gi' },
    workloads: {
      // deployment, containers (requests) and podSelector come from the Deployments below.
      backend: {
        component: 'api', hpa: 'luneo-backend-hpa',
        replicas: { min: 3, max: 50 },
        utilization: { cpu: 70, memory: 80 },
        scaleUp: { percent: 100, pods: 5, every: '60s', select: 'Max', stabilization: '0s' },
        scaleDown: { percent: 50, pods: 2, every: '300s', select: 'Min', stabilization: '300s' },
        scrape: scrape('luneo-backend'),
        useCase: { description: '10k concurrent users of read-only embed widget flows' },
        disruptionBudget: { maxUnavailable: 1 },
        verticalScaling: { updateMode: 'Off' },
      },
      worker: {
        component: 'worker', hpa: 'luneo-worker-hpa',
        replicas: { min: 2, max: 20 },
        utilization: { cpu: 75, memory: 85 },
        scaleUp: { percent: 50, pods: 2, every: '120s', select: 'Max', stabilization: '0s' },
        scaleDown: { percent: 25, pods: 1, every: '600s', select: 'Min', stabilization: '600s' },
        scrape: scrape('luneo-worker'),
        concurrency: {
          configMap: 'luneo-worker-concurrency', maxConcurrentJobs: 25, activeJobsMetric: 'luneo_worker_active_jobs',
          queues: ['render'], jobTimeout: '15m', shutdownGracePeriod: '120s',
        },
        useCase: { description: '500 concurrent render jobs', peakConcurrentJobs: 500 },
        disruptionBudget: { maxUnavailable: 1 },
        verticalScaling: { updateMode: 'Off' },
      },
    },
    metrics: {
      http_requests_per_second: {
        description: 'HTTP requests served per second, per backend pod', unit: 'req/s', workload: 'backend',
        series: 'http_requests_total', seriesType: 'counter', api: 'custom', rateWindow: '2m', target: { averageValue: '1000' },
      },
      luneo_queue_depth: {
        description: 'Jobs waiting in the render queue (the whole backlog, not per pod)', unit: 'jobs', workload: 'worker',
        series: 'luneo_queue_jobs_waiting', seriesType: 'gauge', api: 'external', aggregation: 'max', groupBy: ['queue'],
        matchLabels: { queue: 'render' }, target: { averageValue: '50' },
      },
      luneo_worker_active_jobs: {
        description: 'Jobs a worker pod is running right now', unit: 'jobs', workload: 'worker',
        series: 'luneo_worker_active_jobs', seriesType: 'gauge', api: 'custom', target: { averageValue: '10' },
      },
    },
  };
}

/** One of the platform's Deployments, selecting its pods by app.kubernetes.io/name. */
function workload(chart: Chart, name: string, container: kplus.ContainerProps): kplus.Deployment {
  const deployment = new kplus.Deployment(chart, name, {
    metadata: { name },
    select: false,
    podMetadata: { labels: { 'app.kubernetes.io/name': name } },
    containers: [container],
    securityContext: { ensureNonRoot: true },
  });
  deployment.select(kplus.LabelSelector.of({ labels: { 'app.kubernetes.io/name': name } }));
  return deployment;
}

export interface PlatformApp {
  readonly app: App;
  readonly platform: Chart;
  readonly autoscaling: LuneoAutoscaling;
  readonly backend: kplus.Deployment;
  readonly worker: kplus.Deployment;
}

/** Builds the app; `env` defaults to productionAutoscaling() (tests pass broken copies). */
export function buildPlatformApp(options: { outdir?: string; env?: LuneoEnvironment } = {}): PlatformApp {
  const app = new App({ outdir: options.outdir ?? 'dist', outputFileExtension: '.k8s.yaml' });
  const platform = new Chart(app, 'platform', { namespace: 'luneo-production', disableResourceNameHashes: true });
  const backend = workload(platform, 'luneo-backend', {
    name: 'backend', image: 'ghcr.io/luneo/backend:1.42.0', portNumber: 8080,
    resources: { cpu: { request: kplus.Cpu.millis(500), limit: kplus.Cpu.millis(1000) }, memory: { request: Size.mebibytes(512), limit: Size.mebibytes(512) } },
  });
  const worker = workload(platform, 'luneo-worker', {
    name: 'worker', image: 'ghcr.io/luneo/worker:1.42.0', portNumber: 9090,
    resources: { cpu: { request: kplus.Cpu.units(1), limit: kplus.Cpu.units(2) }, memory: { request: Size.gibibytes(2), limit: Size.gibibytes(2) } },
  });
  const autoscaling = new LuneoAutoscaling(app, 'production', {
    env: options.env ?? productionAutoscaling(),
    deployments: { backend, worker },
  });
  // The worker reads MAX_CONCURRENT_JOBS, QUEUES, ... from the concurrency ConfigMap.
  autoscaling.concurrencyPolicy('worker')?.wireInto(worker.containers[0]);
  return { app, platform, autoscaling, backend, worker };
}
