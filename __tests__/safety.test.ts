import { App, Chart, Testing } from 'cdk8s';
import { environmentFootprint, formatCpu, formatMemory } from '../lib/config/footprint';
import { disruptionsAllowed } from '../lib/config/safety';
import { validateEnvironment } from '../lib/config/validate';
import { checkOutput } from '../lib/output/checks';
import { WorkloadDisruptionBudget } from '../lib/scaling/disruption-budget';
import { VerticalRecommender } from '../lib/scaling/vertical-recommender';
import { find, manifests, production, productionCopy, synthesizeProduction, tempDir } from './support';

describe('PodDisruptionBudget arithmetic (disruption controller: percentages round up)', () => {
  test.each([
    [{ maxUnavailable: 1 }, 3, 1],
    [{ maxUnavailable: 0 }, 3, 0],
    [{ maxUnavailable: '25%' }, 3, 1], // ceil(0.75) = 1
    [{ maxUnavailable: '0%' }, 3, 0],
    [{ minAvailable: 2 }, 3, 1],
    [{ minAvailable: 3 }, 3, 0],
    [{ minAvailable: 5 }, 3, 0],
    [{ minAvailable: '50%' }, 3, 1], // ceil(1.5) = 2 must stay
    [{ minAvailable: '67%' }, 3, 0], // ceil(2.01) = 3 must stay
    [{ minAvailable: '100%' }, 2, 0],
  ])('%j at %i replicas allows %i evictions', (budget, replicas, allowed) => {
    expect(disruptionsAllowed(budget as any, replicas)).toBe(allowed);
  });
});

describe('production disruption budgets and VPAs', () => {
  const objects = manifests(synthesizeProduction());

  test('one PDB per autoscaled workload, selecting the pods named in config, allowing evictions at the floor', () => {
    const env = production();
    const pdbs = objects.filter((o) => o.kind === 'PodDisruptionBudget');
    expect(pdbs.map((p) => p.metadata.name).sort()).toEqual(['luneo-backend', 'luneo-worker']);
    for (const w of Object.values(env.workloads)) {
      const pdb = find(objects, 'PodDisruptionBudget', w.deployment);
      expect(pdb.spec.selector.matchLabels).toEqual(w.podSelector);
      expect(pdb.spec.maxUnavailable).toBe(1);
      expect(pdb.spec).not.toHaveProperty('minAvailable');
      expect(disruptionsAllowed(pdb.spec, w.replicas.min)).toBeGreaterThan(0);
    }
  });

  test('VPAs only recommend (updateMode Off) and target the HPA\'s Deployment', () => {
    for (const name of ['luneo-backend', 'luneo-worker']) {
      const vpa = find(objects, 'VerticalPodAutoscaler', name);
      expect(vpa.apiVersion).toBe('autoscaling.k8s.io/v1');
      expect(vpa.spec.updatePolicy.updateMode).toBe('Off');
      const hpa = objects.find((o) => o.kind === 'HorizontalPodAutoscaler' && o.spec.scaleTargetRef.name === name)!;
      expect(vpa.spec.targetRef).toEqual(hpa.spec.scaleTargetRef);
    }
  });

  test('a VPA in Off mode may observe the HPA\'s resources; any acting mode may only control the others', () => {
    const env = productionCopy();
    env.workloads.backend.utilization = { cpu: 70 };
    env.workloads.backend.verticalScaling = { updateMode: 'InPlaceOrRecreate', controlledResources: ['memory'] };
    expect(validateEnvironment(env).findings.filter((f) => f.severity === 'error')).toEqual([]);
    env.workloads.backend.verticalScaling.controlledResources = ['cpu', 'memory'];
    expect(validateEnvironment(env).findings.map((f) => f.rule)).toContain('vertical/hpa-conflict');
  });

  test('the output checks validate a PDB and a VPA against the pinned schemas', () => {
    const app = Testing.app({ outdir: tempDir('cdk8s-app') });
    const chart = new Chart(app, 'c');
    new WorkloadDisruptionBudget(chart, 'pdb', { name: 'a', namespace: 'n', podSelector: { app: 'a' }, budget: { maxUnavailable: '25%' }, minReplicas: 2, labels: {} });
    new VerticalRecommender(chart, 'vpa', { name: 'a', namespace: 'n', deployment: 'a', verticalScaling: { updateMode: 'Off', controlledResources: ['memory'] }, labels: {} });
    const files = chart.toJson().map((object) => ({ path: `x/${object.kind}.yaml`, content: '', environment: 'x', kind: 'manifest' as const, object }));
    expect(checkOutput(files)).toEqual([]);
    const broken = { ...files[1], object: { ...files[1].object, spec: { ...files[1].object.spec, updatePolicy: { updateMode: 'Sometimes' } } } };
    expect(checkOutput([broken]).map((f) => f.rule)).toContain('output/openapi-schema');
  });

  test('the PDB construct refuses a budget that blocks drains at its floor', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    new WorkloadDisruptionBudget(chart, 'pdb', { name: 'a', namespace: 'n', podSelector: { app: 'a' }, budget: { minAvailable: 2 }, minReplicas: 2, labels: {} });
    expect(app.node.findAll().flatMap((c) => c.node.validate()).join('\n')).toMatch(/disruption\/blocks-drain/);
  });
});

describe('footprint', () => {
  test('production at full scale: 50 x 500m + 20 x 1 cores, 50 x 512Mi + 20 x 2Gi', () => {
    const f = environmentFootprint(production());
    expect(f.cpu).toBe(45);
    expect(f.memory).toBe(65 * 2 ** 30);
    expect([formatCpu(f.cpu), formatMemory(f.memory)]).toEqual(['45', '65Gi']);
    expect(f.undeclared).toEqual({ cpu: [], memory: [] });
  });

  test('formats millicores and fractional binary units', () => {
    expect(formatCpu(2.5)).toBe('2500m');
    expect(formatMemory(1.5 * 2 ** 30)).toBe('1.5Gi');
  });
});
