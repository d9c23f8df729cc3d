import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { loadEnvironmentFile } from '../lib/config/load';
import { scaleTargetIgnoreDifferences } from '../lib/delivery/argocd-applications';
import { checkOutput } from '../lib/output/checks';
import { renderEnvironmentSummary } from '../lib/output/environment-summary';
import { synthesizeConfigDir, synthesizeEnvironments } from '../lib/output/synthesize';
import { CONFIG_DIR, ROOT } from './support';

const envs = ['production', 'staging'].map((n) => loadEnvironmentFile(path.join(CONFIG_DIR, `${n}.yaml`)).env);
const files = synthesizeConfigDir(CONFIG_DIR).files;
const argocd = files.filter((f) => f.path.startsWith('argocd/')).map((f) => parse(f.content));
const app = (name: string) => argocd.find((o) => o.metadata.name === name)!;

describe('Argo CD Applications (dist/argocd/)', () => {
  test('two per environment, from the pinned Application CRD, in the Argo CD namespace, valid against its schema', () => {
    expect(argocd.map((o) => o.metadata.name).sort()).toEqual([
      'luneo-autoscaling-production', 'luneo-autoscaling-staging', 'prometheus-adapter-production', 'prometheus-adapter-staging',
    ]);
    for (const o of argocd) expect([o.apiVersion, o.kind, o.metadata.namespace]).toEqual(['argoproj.io/v1alpha1', 'Application', 'argocd']);
    expect(checkOutput(files.filter((f) => f.path.startsWith('argocd/')))).toEqual([]);
  });

  test('the manifests Application syncs exactly dist/<env>, from config: repo, revision, project, destination', () => {
    for (const env of envs) {
      const a = app(`luneo-autoscaling-${env.environment}`);
      expect(a.spec.project).toBe(env.argocd!.project);
      expect(a.spec.source).toEqual({ repoURL: env.argocd!.repoURL, targetRevision: env.argocd!.targetRevision, path: `dist/${env.environment}`, directory: { recurse: false } });
      expect(a.spec.destination).toEqual({ ...env.argocd!.destination, namespace: env.namespace });
      // Every manifest of the environment is in the synced directory; no Application is.
      const synced = files.filter((f) => f.path.startsWith(`${env.environment}/`));
      expect(synced.length).toBeGreaterThan(0);
      expect(synced.every((f) => (f.object as any).kind !== 'Application')).toBe(true);
    }
  });

  test('no Application syncs the directory it lives in (Argo CD never manages its own Application)', () => {
    const syncedPaths = argocd.flatMap((o) => [o.spec.source?.path, ...(o.spec.sources ?? []).map((s: any) => s.path)]).filter(Boolean);
    expect(syncedPaths.some((p: string) => p === 'dist' || p.startsWith('dist/argocd'))).toBe(false);
  });

  test('the adapter Application is multi-source: the chart from its Helm repository, our values via $values', () => {
    const a = app('prometheus-adapter-staging');
    expect(a.spec.source).toBeUndefined();
    const [chart, values] = a.spec.sources;
    expect(chart).toMatchObject({ repoURL: 'https://prometheus-community.github.io/helm-charts', chart: 'prometheus-adapter', targetRevision: '5.2.0' });
    expect(chart.helm.valueFiles).toEqual(['$values/dist/helm-values/staging/prometheus-adapter.yaml']);
    expect(values).toEqual({ repoURL: 'https://github.com/luneo/luneo-autoscaling.git', targetRevision: 'main', ref: 'values' });
    // The values file it points at is one we write.
    expect(files.map((f) => f.path)).toContain('helm-values/staging/prometheus-adapter.yaml');
    expect(a.spec.destination).toEqual({ name: 'staging', namespace: 'monitoring' });
  });

  test('sync: automated with prune but never to an empty app, server-side apply, prune last', () => {
    for (const o of argocd) {
      expect(o.spec.syncPolicy.automated).toEqual({ prune: true, selfHeal: true, allowEmpty: false });
      expect(o.spec.syncPolicy.syncOptions).toEqual(expect.arrayContaining(['ServerSideApply=true', 'PruneLast=true']));
      expect(o.spec).not.toHaveProperty('ignoreDifferences'); // we emit no scale targets
    }
  });

  test('a scale target applied by the same Application gets spec.replicas ignored', () => {
    const hpa = { apiVersion: 'autoscaling/v2', kind: 'HorizontalPodAutoscaler', metadata: { name: 'h', namespace: 'n' }, spec: { scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' } } };
    const deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'web', namespace: 'n' } };
    expect(scaleTargetIgnoreDifferences([hpa])).toEqual([]);
    expect(scaleTargetIgnoreDifferences([hpa, deployment])).toEqual([{ group: 'apps', kind: 'Deployment', name: 'web', namespace: 'n', jsonPointers: ['/spec/replicas'] }]);
  });

  test('two environments deploying the adapter to one cluster is an error', () => {
    const [production, staging] = envs.map((e) => JSON.parse(JSON.stringify(e)));
    staging.argocd.destination = { server: 'https://kubernetes.default.svc' };
    expect(() => synthesizeEnvironments([production, staging])).toThrow(/argocd\/adapter-per-cluster/);
  });
});

describe('environment summary (dist/environments.md)', () => {
  const summary = fs.readFileSync(path.join(ROOT, 'dist', 'environments.md'), 'utf-8');
  const row = (label: string) => summary.split('\n').filter((l) => l.includes(`| ${label} |`) || l.includes(`**≠ ${label}**`));

  test('is committed and fresh', () => {
    expect(summary).toBe(files.find((f) => f.path === 'environments.md')!.content);
    // Without sources (e.g. environments built in TypeScript) it shows the same values, unmarked.
    const unsourced = renderEnvironmentSummary(envs);
    expect(unsourced.match(/✎/g)).toHaveLength(1); // the legend only
    expect(unsourced.replace(/ ✎/g, '')).toBe(summary.replace(/ ✎/g, ''));
  });

  test('marks the values an environment file states itself (✎), not those it inherits from the base', () => {
    expect(row('replicas')[0]).toBe('| **≠ replicas** | 3-50 ✎ | 2-10 ✎ |');
    expect(row('utilization targets')[0]).toBe('| utilization targets | cpu 70%, memory 80% | cpu 70%, memory 80% |');
    expect(row('concurrency')[1]).toBe('| **≠ concurrency** | 25 jobs/pod, peak 500 ✎ | 25 jobs/pod, peak 150 ✎ |');
  });

  test('shows both environments side by side and marks what differs', () => {
    expect(summary).toContain('| | production | staging |');
    expect(row('namespace')).toEqual(['| **≠ namespace** | luneo-production ✎ | luneo-staging ✎ |']);
    expect(row('replicas')).toEqual(['| **≠ replicas** | 3-50 ✎ | 2-10 ✎ |', '| **≠ replicas** | 2-20 ✎ | 2-6 ✎ |']);
    expect(row('scale up')[0]).toBe('| scale up | +100% or +5 pods per 60s (Max), window 0s | +100% or +5 pods per 60s (Max), window 0s |');
  });

  test('the full-scale footprint: maxReplicas x per-pod requests, against the budget', () => {
    // production: 50 x 500m + 20 x 1 = 45 cores; 50 x 512Mi + 20 x 2Gi = 65Gi. staging: 10 x 500m + 6 x 1 = 11; 5Gi + 12Gi.
    expect(row('CPU requests')).toEqual(['| **≠ CPU requests** | 45 of 56 ✎ (80%) | 11 of 12 ✎ (92%) |']);
    expect(row('memory requests')).toEqual(['| **≠ memory requests** | 65Gi of 80Gi ✎ (81%) | 17Gi of 20Gi ✎ (85%) |']);
  });
});
