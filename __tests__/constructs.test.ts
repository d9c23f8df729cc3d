import { App, Chart, Testing } from 'cdk8s';
import { recommendedLabels } from '../lib/labels';
import { LuneoAutoscaling } from '../lib/environment-chart';
import { ScrapeMonitor } from '../lib/metrics/scrape-monitor';
import { WorkloadAutoscaler } from '../lib/scaling/workload-autoscaler';
import { productionCopy, tempDir } from './support';

// TypeScript users who build constructs directly get the same rules at synth time.
describe('constructs validate their props', () => {
  const labels = recommendedLabels({ name: 'api', component: 'api', partOf: 'luneo-platform' });
  const rule = { percent: 100, every: '60s', select: 'Max' as const, stabilization: '0s' };

  test('a WorkloadAutoscaler with bad props fails synth, naming the field and the rule', () => {
    const app = Testing.app({ outdir: tempDir('cdk8s-app') });
    const chart = new Chart(app, 'test');
    new WorkloadAutoscaler(chart, 'hpa', {
      name: 'Bad_Name', namespace: 'ns', deployment: 'api', minReplicas: 5, maxReplicas: 2,
      scaleUp: { ...rule, every: '3600s' }, scaleDown: { ...rule, select: 'Min', percent: undefined }, labels,
    });
    expect(() => app.synthYaml()).toThrow(/name: must be an RFC 1123 label/);
    expect(() => app.synthYaml()).toThrow(/scaleUp\.every: must be between 1s and 1800s/);
    expect(() => app.synthYaml()).toThrow(/scaleDown: needs `percent` or `pods`/);
    expect(() => app.synthYaml()).toThrow(/maxReplicas \(2\) must be greater than or equal to minReplicas \(5\)/);
  });

  test('a LuneoAutoscaling chart built from an unchecked object runs the config rules', () => {
    const env = productionCopy();
    env.workloads.worker.concurrency.maxConcurrentJobs = 5;
    const app = new App({ outdir: 'unused' });
    new LuneoAutoscaling(app, 'production', { env });
    expect(() => app.synthYaml()).toThrow(/workloads\.worker\.concurrency\.maxConcurrentJobs: .*\[concurrency\/active-jobs-unreachable\]/);
  });

  test('a valid WorkloadAutoscaler synthesizes', () => {
    const app = Testing.app({ outdir: tempDir('cdk8s-app') });
    const chart = new Chart(app, 'test');
    new WorkloadAutoscaler(chart, 'hpa', {
      name: 'api-hpa', namespace: 'ns', deployment: 'api', minReplicas: 2, maxReplicas: 4, utilization: { cpu: 60 },
      scaleUp: rule, scaleDown: { ...rule, select: 'Min', stabilization: '300s' }, labels,
    });
    const [hpa] = Testing.synth(chart);
    expect(hpa.spec.metrics).toEqual([{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } }]);
    expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(300);
  });
});

describe('scrape and container rules reach TypeScript users of the constructs', () => {
  const endpoint = { path: '/metrics', selector: { app: 'api' } };
  const monitor = (scrape: any) => {
    const app = Testing.app({ outdir: tempDir('cdk8s-app') });
    const chart = new Chart(app, 'test');
    new ScrapeMonitor(chart, 'scrape', { name: 'api', namespace: 'ns', scrape: { ...endpoint, ...scrape }, monitorSelector: { release: 'x' }, labels: {} });
    return { app, chart };
  };

  test('a PodMonitor on a port name longer than 15 characters fails synth with scrape/port-name', () => {
    const { app } = monitor({ kind: 'PodMonitor', port: 'prometheus-metrics', interval: '30s' });
    expect(() => app.synthYaml()).toThrow(/scrape\.port: "prometheus-metrics" cannot be a container port name \(IANA_SVC_NAME\).*\[scrape\/port-name\]/);
  });

  test('a timeout above the interval fails synth with scrape/timeout-exceeds-interval', () => {
    const { app } = monitor({ kind: 'ServiceMonitor', port: 'metrics', interval: '15s', scrapeTimeout: '20s' });
    expect(() => app.synthYaml()).toThrow(/\[scrape\/timeout-exceeds-interval\]/);
  });

  test('a valid PodMonitor keeps its interval and timeout', () => {
    const { chart } = monitor({ kind: 'PodMonitor', port: 'metrics', interval: '1m30s', scrapeTimeout: '10s' });
    const [pm] = Testing.synth(chart);
    expect(pm.spec.podMetricsEndpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '1m30s', scrapeTimeout: '10s' }]);
  });

  test('a container target becomes a ContainerResource metric', () => {
    const app = Testing.app({ outdir: tempDir('cdk8s-app') });
    const chart = new Chart(app, 'test');
    const rule = { percent: 100, every: '60s', select: 'Max' as const, stabilization: '0s' };
    new WorkloadAutoscaler(chart, 'hpa', {
      name: 'api-hpa', namespace: 'ns', deployment: 'api', minReplicas: 2, maxReplicas: 4,
      utilization: { cpu: { percent: 60, container: 'app' } },
      scaleUp: rule, scaleDown: { ...rule, select: 'Min', stabilization: '300s' }, labels: {},
    });
    const [hpa] = Testing.synth(chart);
    expect(hpa.spec.metrics).toEqual([{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'app', target: { type: 'Utilization', averageUtilization: 60 } } }]);
  });
});

test('a LuneoAutoscaling chart given a malformed object reports findings instead of crashing', () => {
  const app = new App({ outdir: 'unused' });
  new LuneoAutoscaling(app, 'broken', { env: { environment: 'x' } as any });
  expect(() => app.synthYaml()).toThrow(/namespace: is required \(string\) \[schema\/required\]/);
});
