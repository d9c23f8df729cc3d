import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { formatFinding } from '../lib/config/findings';
import { loadEnvironmentFile } from '../lib/config/load';
import { checkOutput } from '../lib/output/checks';
import { sourceOf } from '../lib/output/render';
import { runSynth } from '../lib/output/synth-command';
import { synthesizeEnvironments } from '../lib/output/synthesize';
import { PRODUCTION_FILE, productionCopy, tempDir } from './support';

// Output findings caused by a config value point back at the config file, line and path that
// produced it: the source map from emitted fields to config paths (lib/provenance.ts).
const text = fs.readFileSync(PRODUCTION_FILE, 'utf-8');
const lines = text.split('\n');
/** 1-based line of the first line holding `needle` after the line holding `after`. */
const lineOf = (needle: string, after = '') => {
  const start = after ? lines.findIndex((l) => l.includes(after)) : 0;
  return lines.findIndex((l, i) => i >= start && l.includes(needle)) + 1;
};

const loaded = loadEnvironmentFile(PRODUCTION_FILE);
const render = () => synthesizeEnvironments([loaded.env]);
const fileOf = (files: ReturnType<typeof render>, p: string) => files.find((f) => f.path === p)!;
const HPA = 'production/horizontalpodautoscaler-luneo-worker-hpa.k8s.yaml';

describe('the source map of emitted fields', () => {
  const files = render();
  const source = sourceOf(fileOf(files, HPA))!;
  test.each([
    [['spec', 'maxReplicas'], 'workloads.worker.replicas.max'],
    [['spec', 'minReplicas'], 'workloads.worker.replicas.min'],
    [['metadata', 'name'], 'workloads.worker.hpa'],
    [['spec', 'scaleTargetRef', 'name'], 'workloads.worker.deployment'],
    [['spec', 'behavior', 'scaleUp', 'policies', 0, 'value'], 'workloads.worker.scaleUp.percent'],
    [['spec', 'behavior', 'scaleUp', 'policies', 1, 'value'], 'workloads.worker.scaleUp.pods'],
    [['spec', 'behavior', 'scaleDown', 'policies', 1, 'periodSeconds'], 'workloads.worker.scaleDown.every'],
    [['spec', 'behavior', 'scaleDown', 'stabilizationWindowSeconds'], 'workloads.worker.scaleDown.stabilization'],
    [['spec', 'metrics', 0, 'resource', 'target', 'averageUtilization'], 'workloads.worker.utilization.cpu'],
  ])('HPA %j comes from %s', (emitted, config) => {
    expect(source(emitted).join('.')).toBe(config);
  });

  test('an HPA metric from the catalogue comes from its catalogue entry; an adapter rule too', () => {
    const hpa = fileOf(files, HPA).object as any;
    const i = hpa.spec.metrics.findIndex((m: any) => m.type === 'External');
    expect(source(['spec', 'metrics', i, 'external', 'target', 'averageValue'])).toEqual(['metrics', 'luneo_queue_depth']);
    const values = fileOf(files, 'helm-values/production/prometheus-adapter.yaml');
    const j = (values.object as any).rules.external.findIndex((r: any) => r.name.as === 'luneo_queue_depth');
    expect(sourceOf(values)!(['rules', 'external', j, 'metricsQuery'])).toEqual(['metrics', 'luneo_queue_depth']);
  });

  test('ServiceMonitor and ConfigMap fields come from the scrape and the concurrency policy', () => {
    expect(sourceOf(fileOf(files, 'production/servicemonitor-luneo-worker.k8s.yaml'))!(['spec', 'endpoints', 0, 'interval'])).toEqual(['workloads', 'worker', 'scrape', 'interval']);
    expect(sourceOf(fileOf(files, 'production/configmap-luneo-worker-concurrency.k8s.yaml'))!(['data', 'MAX_CONCURRENT_JOBS'])).toEqual(['workloads', 'worker', 'concurrency', 'maxConcurrentJobs']);
  });
});

describe('an output finding caused by a config value is reported at that value', () => {
  test('an HPA whose maxReplicas leaves int32: config file:line, config path, and the emitted field', () => {
    const files = render();
    (fileOf(files, HPA).object as any).spec.maxReplicas = 2147483648;
    const findings = checkOutput(files, 'dist', (_env, p) => loaded.locate(p));
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.path).toEqual(['workloads', 'worker', 'replicas', 'max']);
      expect(f.location).toEqual({ file: PRODUCTION_FILE.startsWith(process.cwd()) ? path.relative(process.cwd(), PRODUCTION_FILE) : PRODUCTION_FILE, line: lineOf('replicas:', '  worker:'), column: expect.any(Number) });
      expect(formatFinding(f)).toContain(`(in dist/${HPA} at spec.maxReplicas)`);
    }
  });

  test('without config sources (constructs used from TypeScript) it names the dist file and emitted field', () => {
    const files = render();
    (fileOf(files, HPA).object as any).spec.maxReplicas = 2147483648;
    const findings = checkOutput(files);
    expect(findings[0]).toMatchObject({ path: ['spec', 'maxReplicas'], location: { file: `dist/${HPA}` } });
  });
});

describe('name collisions name every colliding config entry once, with its line', () => {
  const synth = (mutate: (e: any) => void) => {
    const e = productionCopy();
    mutate(e);
    const dir = tempDir('collide');
    const body = stringify(e);
    fs.writeFileSync(path.join(dir, 'production.yaml'), body);
    const r = runSynth({ configDir: dir, outDir: path.join(tempDir('out'), 'dist'), strict: false });
    const at = (needle: string, after: string) => {
      const ls = body.split('\n');
      const start = ls.findIndex((l) => l === after);
      return ls.findIndex((l, i) => i > start && l.includes(needle)) + 1;
    };
    return { ...r, at };
  };

  test('two workloads naming one ConfigMap: both entries, each once, each at its line', () => {
    const r = synth((e) => {
      const w2 = JSON.parse(JSON.stringify(e.workloads.worker));
      Object.assign(w2, { deployment: 'luneo-worker2', hpa: 'luneo-worker2-hpa' });
      w2.scrape.selector = { 'app.kubernetes.io/name': 'luneo-worker2' };
      if (w2.podSelector) w2.podSelector = { 'app.kubernetes.io/name': 'luneo-worker2' };
      w2.concurrency.activeJobsMetric = 'luneo_worker2_active_jobs';
      e.workloads.worker2 = w2;
      e.metrics.luneo_worker2_active_jobs = { ...e.metrics.luneo_worker_active_jobs, workload: 'worker2', series: 'luneo_worker2_active_jobs' };
      if (e.budget) e.budget = { cpu: '1000', memory: '1000Gi' };
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('1 error(s)');
    expect(r.stderr).toMatch(new RegExp(`production\\.yaml:${r.at('configMap:', '  worker:')}:\\d+: error workloads\\.worker\\.concurrency\\.configMap: ConfigMap "luneo-worker-concurrency" is also produced by the config entry below; they would overwrite each other in dist/production/configmap-luneo-worker-concurrency\\.k8s\\.yaml \\[output/name-collision\\]`));
    expect(r.stderr).toMatch(new RegExp(`\\n\\s+see: workloads\\.worker2\\.concurrency\\.configMap \\(\\S+production\\.yaml:${r.at('configMap:', '  worker2:')}:\\d+\\)`));
    expect(r.stderr.split('workloads.worker.concurrency.configMap').length - 1).toBe(1);
    expect(r.stderr.split('workloads.worker2.concurrency.configMap').length - 1).toBe(1);
  });

  test('two workloads on one Deployment, or with one HPA name: the first entry is named with its line', () => {
    const r = synth((e) => { e.workloads.worker.hpa = 'luneo-backend-hpa'; });
    expect(r.stderr).toMatch(new RegExp(`error workloads\\.worker\\.hpa: HPA name "luneo-backend-hpa" is already used by workload "backend" \\[workload/duplicate-hpa\\]\\n\\s+see: workloads\\.backend\\.hpa \\(\\S+production\\.yaml:${r.at('hpa:', '  backend:')}:\\d+\\)`));
    const d = synth((e) => { e.workloads.worker.deployment = 'luneo-backend'; });
    expect(d.stderr).toMatch(new RegExp(`\\[workload/duplicate-target\\]\\n\\s+see: workloads\\.backend\\.deployment \\(\\S+production\\.yaml:${d.at('deployment:', '  backend:')}:\\d+\\)`));
  });
});
