import { Chart, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { buildPlatformApp, productionAutoscaling } from '../examples/platform-app/app';
import * as library from '../index';
import { formatFinding } from '../lib/config/findings';
import { validateEnvironment } from '../lib/config/validate';
import { find, manifests, productionCopy, synthesizeProduction, tempDir } from './support';

const errorsOf = (built: ReturnType<typeof buildPlatformApp>) => built.app.node.findAll().flatMap((c) => c.node.validate());
const yamlErrors = (mutate: (e: any) => void) => {
  const env = productionCopy();
  mutate(env);
  return validateEnvironment(env).findings.filter((f) => f.severity === 'error').map(formatFinding);
};

describe('the package entry point', () => {
  test('exports the chart, the constructs and the catalogue', () => {
    for (const name of ['LuneoAutoscaling', 'WorkloadAutoscaler', 'ScrapeMonitor', 'ConcurrencyPolicy', 'MetricCatalogue', 'WorkloadDisruptionBudget', 'VerticalRecommender', 'ArgoCdApplications', 'validateEnvironment']) {
      expect(typeof (library as Record<string, unknown>)[name]).toBe('function');
    }
    const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf-8'));
    expect([pkg.main, pkg.types]).toEqual(['build/index.js', 'build/index.d.ts']);
    expect(JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'tsconfig.build.json'), 'utf-8')).compilerOptions.declaration).toBe(true);
  });
});

describe('example app (examples/platform-app): the library from TypeScript, no YAML', () => {
  const out = tempDir('example');
  const built = buildPlatformApp({ outdir: out });
  built.app.synth();
  const objects = fs.readdirSync(out).flatMap((f) => parseAllDocuments(fs.readFileSync(path.join(out, f), 'utf-8')).map((d) => d.toJS()));

  test('synthesizes the same HPAs, PDB bounds, VPAs and concurrency policy as the YAML path', () => {
    const yaml = manifests(synthesizeProduction());
    for (const name of ['luneo-backend-hpa', 'luneo-worker-hpa']) {
      expect(find(objects, 'HorizontalPodAutoscaler', name).spec).toEqual(find(yaml, 'HorizontalPodAutoscaler', name).spec);
    }
    for (const name of ['luneo-backend', 'luneo-worker']) {
      expect(find(objects, 'VerticalPodAutoscaler', name).spec).toEqual(find(yaml, 'VerticalPodAutoscaler', name).spec);
      expect(find(objects, 'PodDisruptionBudget', name).spec).toEqual(find(yaml, 'PodDisruptionBudget', name).spec);
    }
    expect(find(objects, 'ConfigMap', 'luneo-worker-concurrency').data).toEqual(find(yaml, 'ConfigMap', 'luneo-worker-concurrency').data);
  });

  test('each HPA targets its cdk8s-plus Deployment; requests and selectors come from the Deployment', () => {
    expect(find(objects, 'HorizontalPodAutoscaler', 'luneo-worker-hpa').spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: built.worker.name });
    expect(built.autoscaling.env.workloads.worker.containers).toEqual({ worker: { cpu: '1', memory: '2048Mi' } });
    expect(built.autoscaling.env.workloads.backend.containers).toEqual({ backend: { cpu: '500m', memory: '512Mi' } });
    const deployment = find(objects, 'Deployment', 'luneo-worker');
    expect(find(objects, 'PodDisruptionBudget', 'luneo-worker').spec.selector).toEqual(deployment.spec.selector);
  });

  test('the worker container reads the concurrency ConfigMap through envFrom', () => {
    const container = find(objects, 'Deployment', 'luneo-worker').spec.template.spec.containers[0];
    expect(container.envFrom).toEqual([{ configMapRef: { name: 'luneo-worker-concurrency' } }]);
  });

  test('Argo CD: the Deployments beside their HPAs get spec.replicas ignored', () => {
    expect(library.scaleTargetIgnoreDifferences(objects).map((d) => d.name)).toEqual(['luneo-backend', 'luneo-worker']);
  });

  test.each([
    ['capacity below the peak', (e: any) => { e.workloads.worker.replicas.max = 19; }],
    ['a PDB that blocks drains', (e: any) => { e.workloads.backend.disruptionBudget = { minAvailable: 3 }; }],
    ['a VPA acting on the HPA\'s resources', (e: any) => { e.workloads.backend.verticalScaling = { updateMode: 'Recreate' }; }],
    ['a budget below the footprint', (e: any) => { e.budget.cpu = '40'; }],
    ['a metric of an unknown workload', (e: any) => { e.metrics.luneo_queue_depth.workload = 'workers'; }],
  ])('%s: the same findings as the YAML path', (_name, mutate) => {
    const env = productionAutoscaling() as any;
    mutate(env);
    const expected = yamlErrors(mutate);
    expect(expected.length).toBeGreaterThan(0);
    expect(errorsOf(buildPlatformApp({ outdir: tempDir('example-bad'), env }))).toEqual(expected);
  });

  test('requests are checked against the Deployment\'s containers', () => {
    const app = buildPlatformApp({ outdir: tempDir('example-x') });
    const chart = new Chart(app.app, 'more');
    const sidecar = new kplus.Deployment(chart, 'cache', {
      containers: [
        { name: 'app', image: 'x', resources: { cpu: { request: kplus.Cpu.millis(250) }, memory: { request: Size.mebibytes(256) } } },
        { name: 'proxy', image: 'y', resources: { cpu: { request: kplus.Cpu.millis(50) } } },
      ],
    });
    const hpa = (utilization: any) => new library.WorkloadAutoscaler(chart, `hpa-${JSON.stringify(utilization).replace(/\W/g, '')}`, {
      name: 'cache', namespace: 'n', deployment: sidecar, minReplicas: 2, maxReplicas: 4, utilization, labels: {},
      scaleUp: { percent: 100, every: '60s', select: 'Max', stabilization: '0s' }, scaleDown: { pods: 1, every: '60s', select: 'Min', stabilization: '300s' },
    }).node.validate();
    expect(hpa({ cpu: 70 })).toEqual([]);
    expect(hpa({ memory: 80 }).join()).toMatch(/proxy has none .*\[hpa\/requests-from-deployment\]/);
    expect(hpa({ memory: { percent: 80, container: 'app' } })).toEqual([]);
    expect(hpa({ memory: { percent: 80, container: 'proxy' } }).join()).toMatch(/"proxy" .* requests no memory, so its memory utilization is undefined \[hpa\/requests-from-deployment\]/);
    expect(hpa({ cpu: { percent: 80, container: 'sidecar' } }).join()).toMatch(/no container "sidecar" \(it has app, proxy\).*\[hpa\/unknown-container\]/);
  });

  test('numbers stated twice must agree with the Deployment', () => {
    const env = productionAutoscaling() as any;
    env.workloads.worker.containers = { worker: { cpu: '2', memory: '2048Mi' } };
    expect(errorsOf(buildPlatformApp({ outdir: tempDir('example-twice'), env })).join('\n')).toMatch(/workloads\.worker\.containers: .* disagrees with Deployment luneo-worker .*\[workload\/deployment-mismatch\]/);
  });

  test('requests stated twice agree when their values do, whatever the units (1000m = 1, 2048Mi = 2Gi)', () => {
    const env = productionAutoscaling() as any;
    env.workloads.worker.containers = { worker: { cpu: '1000m', memory: '2048Mi' } };
    expect(errorsOf(buildPlatformApp({ outdir: tempDir('example-units'), env })).join('\n')).not.toMatch(/deployment-mismatch/);
  });
});
