import { checkOutput } from '../lib/output/checks';
import { hpaApiFindings } from '../lib/output/checks/hpa-api-rules';
import { RenderedFile } from '../lib/output/render';
import { synthesizeProduction } from './support';

// What no config can produce but a hand-built construct could: the last line before dist/.
const files = synthesizeProduction();
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));
const fileOf = (kind: string, name: string) => files.find((f) => (f.object as any).kind === kind && (f.object as any).metadata.name === name)!;
const hpa = () => clone(fileOf('HorizontalPodAutoscaler', 'luneo-backend-hpa').object as any);
const withObject = (f: RenderedFile, object: unknown): RenderedFile => ({ ...f, object });
const rulesOf = (fs: RenderedFile[]) => checkOutput(fs).map((f) => `${f.rule} ${f.path.join('.')}`);

describe('output checks', () => {
  test('the production output passes every check', () => {
    expect(checkOutput(files)).toEqual([]);
  });

  test('a Secret is refused', () => {
    const secret = { apiVersion: 'v1', kind: 'Secret', metadata: { name: 's', namespace: 'luneo-production' }, data: {} };
    expect(rulesOf([withObject(fileOf('ConfigMap', 'luneo-worker-concurrency'), secret)])).toContain('output/secret kind');
  });

  test('a namespaced object without a namespace is refused', () => {
    const cm = clone(fileOf('ConfigMap', 'luneo-worker-concurrency').object as any);
    delete cm.metadata.namespace;
    expect(rulesOf([withObject(fileOf('ConfigMap', 'luneo-worker-concurrency'), cm)])).toEqual(['output/namespace-missing metadata.namespace']);
  });

  test('an empty ServiceMonitor selector is refused', () => {
    const f = fileOf('ServiceMonitor', 'luneo-worker');
    const sm = clone(f.object as any);
    sm.spec.selector = { matchLabels: {} };
    expect(rulesOf([withObject(f, sm)])).toEqual(['output/empty-selector spec.selector']);
  });

  test('an HPA metric that no adapter rule serves is refused, located in the HPA file', () => {
    const f = fileOf('HorizontalPodAutoscaler', 'luneo-backend-hpa');
    const h = hpa();
    h.spec.metrics[2].pods.metric.name = 'http_requests_per_minute';
    const found = checkOutput([...files.filter((x) => x !== f), withObject(f, h)]);
    expect(found).toEqual([expect.objectContaining({ rule: 'output/unserved-metric', path: ['spec', 'metrics', 2], location: { file: 'dist/production/horizontalpodautoscaler-luneo-backend-hpa.k8s.yaml' } })]);
  });

  test('a field Kubernetes 1.28 does not know fails its schema but not 1.36 (behavior tolerance, v1.33+)', () => {
    const h = hpa();
    h.spec.behavior.scaleUp.tolerance = '0.05';
    const found = checkOutput([withObject(fileOf('HorizontalPodAutoscaler', 'luneo-backend-hpa'), h)]);
    expect(found.map((f) => [f.rule, f.path.join('.'), f.message])).toEqual([
      ['output/openapi-schema', 'spec.behavior.scaleUp.tolerance', 'is not a field of this kind (Kubernetes 1.28.0)'],
    ]);
  });

  test('custom resources validate against the pinned CRD schema', () => {
    const f = fileOf('ServiceMonitor', 'luneo-backend');
    const sm = clone(f.object as any);
    sm.spec.endpoints[0].interval = '30 seconds';
    sm.spec.endpoints[0].honorLabel = true;
    expect(rulesOf([withObject(f, sm)]).sort()).toEqual([
      'output/openapi-schema spec.endpoints.0.honorLabel',
      'output/openapi-schema spec.endpoints.0.interval',
    ]);
  });

  test('a kind without a vendored schema is refused', () => {
    const pdb = { apiVersion: 'policy/v1beta1', kind: 'PodDisruptionBudget', metadata: { name: 'x', namespace: 'n' }, spec: { selector: { matchLabels: { a: 'b' } } } };
    expect(rulesOf([withObject(fileOf('ConfigMap', 'luneo-worker-concurrency'), pdb)])).toContain('output/unknown-schema kind');
  });
});

describe('autoscaling/v2 API rules (validation.go) on emitted HPAs', () => {
  const rules = (mutate: (h: any) => void) => {
    const h = hpa();
    mutate(h);
    return hpaApiFindings(h).map((f) => `${f.rule} ${f.path.join('.')}`);
  };
  test.each<[string, (h: any) => void, string]>([
    ['minReplicas 0', (h) => { h.spec.minReplicas = 0; }, 'hpa-api/min-replicas spec.minReplicas'],
    ['maxReplicas below minReplicas', (h) => { h.spec.maxReplicas = 2; }, 'hpa-api/max-below-min spec.maxReplicas'],
    ['Pods metric with a Utilization target', (h) => { h.spec.metrics[2].pods.target = { type: 'Utilization', averageUtilization: 50 }; }, 'hpa-api/target-kind spec.metrics.2.pods.target.averageValue'],
    ['Resource metric with both targets', (h) => { h.spec.metrics[0].resource.target.averageValue = '100m'; }, 'hpa-api/target-kind spec.metrics.0.resource.target'],
    ['zero averageValue', (h) => { h.spec.metrics[2].pods.target.averageValue = '0'; }, 'hpa-api/positive-target spec.metrics.2.pods.target.averageValue'],
    ['missing metric name', (h) => { delete h.spec.metrics[2].pods.metric.name; }, 'hpa-api/required spec.metrics.2.pods.metric.name'],
    ['unknown metric type', (h) => { h.spec.metrics[0].type = 'CheddarCheese'; }, 'hpa-api/metric-type spec.metrics.0.type'],
    ['policy period over 1800', (h) => { h.spec.behavior.scaleUp.policies[0].periodSeconds = 1801; }, 'hpa-api/policy-period spec.behavior.scaleUp.policies.0.periodSeconds'],
    ['policy value 0', (h) => { h.spec.behavior.scaleUp.policies[1].value = 0; }, 'hpa-api/policy-value spec.behavior.scaleUp.policies.1.value'],
    ['policy type', (h) => { h.spec.behavior.scaleDown.policies[0].type = 'Fraction'; }, 'hpa-api/policy-type spec.behavior.scaleDown.policies.0.type'],
    ['window over 3600', (h) => { h.spec.behavior.scaleDown.stabilizationWindowSeconds = 3601; }, 'hpa-api/stabilization-window spec.behavior.scaleDown.stabilizationWindowSeconds'],
    ['select policy', (h) => { h.spec.behavior.scaleDown.selectPolicy = 'Least'; }, 'hpa-api/select-policy spec.behavior.scaleDown.selectPolicy'],
    ['empty policies', (h) => { h.spec.behavior.scaleDown.policies = []; }, 'hpa-api/policies spec.behavior.scaleDown.policies'],
    ['name', (h) => { h.metadata.name = 'Backend_HPA'; }, 'hpa-api/name metadata.name'],
  ])('%s', (_name, mutate, expected) => {
    expect(rules(mutate)).toContain(expected);
  });

  test('the production HPAs break none of them', () => {
    expect(hpaApiFindings(hpa())).toEqual([]);
  });
});

test('two objects rendering to one file are refused, not silently overwritten', () => {
  const cm = fileOf('ConfigMap', 'luneo-worker-concurrency');
  expect(checkOutput([...files, cm]).map((f) => [f.rule, f.location?.file])).toEqual([
    ['output/name-collision', 'dist/production/configmap-luneo-worker-concurrency.k8s.yaml'],
  ]);
});
