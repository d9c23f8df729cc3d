import { App, Chart, Testing } from 'cdk8s';
import { environmentFootprint, formatCpu, formatMemory } from '../lib/config/footprint';
import { disruptionsAllowed } from '../lib/config/safety';
import { renderEnvironmentSummary } from '../lib/output/environment-summary';
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
    expect(f.cpu).toBe(45_000n);
    expect(f.memory).toBe(65n * 2n ** 30n);
    expect([formatCpu(f.cpu), formatMemory(f.memory)]).toEqual(['45', '65Gi']);
    expect(f.undeclared).toEqual({ cpu: [], memory: [] });
  });

  test('formats millicores and fractional binary units', () => {
    expect(formatCpu(2500n)).toBe('2500m');
    expect(formatMemory(3n * 2n ** 29n)).toBe('1.5Gi');
  });

  test.each([
    [45_000n, '45'], [1n, '1m'], [9223372036854775000n, '9223372036854775'], [92233720368547750001n, '92233720368547750001m'],
  ])('formatCpu(%p millicores) is exact: %s', (m, text) => {
    expect(formatCpu(m)).toBe(text);
  });

  test.each([
    [65n * 2n ** 30n, '65Gi'], [2n ** 30n + 2n ** 20n, '1025Mi'], [1536001n * 1024n, '1536001Ki'], [1000n, '1000'], [1023n, '1023'],
    [7n * 2n ** 60n, '7Ei'], [9223372036854775807n, '9223372036854775807'], [2n ** 30n * 3n / 4n, '768Mi'], [2n ** 30n / 4n * 5n, '1.25Gi'],
  ])('formatMemory(%p bytes) is exact: %s', (b, text) => {
    expect(formatMemory(b)).toBe(text);
  });

  test('the fault report: a CPU request of "9223372036854775" (within int64 milli-units) is shown and summed exactly, not rounded through a float', () => {
    const env = productionCopy();
    env.workloads.backend.containers.backend.cpu = '9223372036854775';
    env.workloads.backend.replicas.max = 10;
    const f = environmentFootprint(validateEnvironment({ ...env, budget: undefined }).env!);
    expect(f.cpu).toBe(92233720368547750000n + 20n * 1000n);
    const r = validateEnvironment(env);
    const finding = r.findings.find((x) => x.rule === 'cost/budget-exceeded' && x.path.join('.') === 'budget.cpu');
    expect(finding?.message).toBe(`the full-scale cpu footprint is 92233720368547770 (backend 10 x 9223372036854775 + worker 20 x 1), above the budget of ${env.budget.cpu}`);
  });

  test('dist/environments.md shows a footprint beyond 2^53 millicores exactly, and its share of the budget', () => {
    const env = productionCopy();
    env.workloads.backend.containers.backend.cpu = '184467440737095.001'; // 184467440737095001m
    env.budget = { ...env.budget, cpu: '9223372036854775' }; // the largest budget (int64 milli-units)
    const valid = validateEnvironment(env);
    expect(valid.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const md = renderEnvironmentSummary([valid.env!]);
    // 50 x 184467440737095001m + 20 x 1 cores = 9223372036854770050m: a float reads 9223372036854770000m
    expect(md).toContain('| CPU requests | 9223372036854770050m of 9223372036854775 (100%) |');
    expect(md).toContain('| requests per pod | 184467440737095001m CPU, 512Mi |');
  });

  test('the budget comparison is exact beyond 2^53 milli-units: one millicore over fails, exactly at the budget passes', () => {
    const env = productionCopy();
    env.workloads.backend.containers.backend.cpu = '9007199254740993m'; // 2^53 + 1: a float reads 2^53
    env.workloads.backend.replicas = { min: 1, max: 1 };
    env.exceptions = [...(env.exceptions ?? []), { rule: 'practice/min-replicas-below-2', at: 'workloads.backend.replicas.min', reason: 'a test of the budget arithmetic' }];
    const total = 9007199254740993n + 20n * 1000n; // + worker 20 x 1
    const at = (budget: bigint) => validateEnvironment({ ...env, budget: { ...env.budget, cpu: `${budget}m` } }).findings.filter((x) => x.rule === 'cost/budget-exceeded');
    expect(at(total)).toEqual([]);
    expect(at(total - 1n)).toEqual([expect.objectContaining({ path: ['budget', 'cpu'] })]);
    expect(at(total - 1n)[0].message).toContain(`footprint is ${total}m (backend 1 x 9007199254740993m + worker 20 x 1)`);
  });
});
