import * as fs from 'fs';
import * as path from 'path';
import { runSynth } from '../lib/output/synth-command';
import { synthesizeEnvironments } from '../lib/output/synthesize';
import { CONFIG_DIR, manifests, productionCopy, readTree, tempDir } from './support';

// One config file per environment: each gets its own manifest and values directories.
test('a second environment synthesizes beside production, into its own directories', () => {
  const staging = productionCopy();
  staging.environment = 'qa';
  staging.namespace = 'luneo-qa';
  staging.argocd.destination = { name: 'qa' };
  staging.workloads.backend.replicas = { min: 2, max: 6 };
  const files = synthesizeEnvironments([productionCopy(), staging]);
  const dirs = [...new Set(files.map((f) => f.path.replace(/\/?[^/]+$/, '')))].sort();
  expect(dirs).toEqual(['', 'argocd', 'dashboards', 'helm-values/production', 'helm-values/qa', 'production', 'qa', 'runbooks']);
  const stagingObjects = manifests(files, 'qa');
  expect(stagingObjects.every((o) => o.metadata.namespace === 'luneo-qa')).toBe(true);
  const hpa = stagingObjects.find((o) => o.metadata.name === 'luneo-backend-hpa')!;
  expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([2, 6]);
  expect(manifests(files, 'production').find((o) => o.metadata.name === 'luneo-backend-hpa')!.spec.maxReplicas).toBe(50);
});

test('adding an environment is one new file: dist/<env>/, its values, its Applications and its summary column', () => {
  const dir = tempDir('envs');
  for (const f of fs.readdirSync(CONFIG_DIR).filter((n) => n.endsWith('.yaml'))) fs.copyFileSync(path.join(CONFIG_DIR, f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, 'canary.yaml'), [
    'extends: _base.yaml', 'environment: canary', 'namespace: luneo-canary',
    'argocd: { targetRevision: canary, destination: { name: canary } }',
    'workloads:', '  backend: { replicas: { min: 2, max: 4 } }', '  worker: { replicas: { min: 2, max: 20 }, useCase: { peakConcurrentJobs: 500 } }', '',
  ].join('\n'));
  const out = path.join(tempDir('envs-out'), 'dist');
  const r = runSynth({ configDir: dir, outDir: out, strict: true });
  expect(r).toMatchObject({ exitCode: 0, stderr: '' });
  const tree = Object.keys(readTree(out));
  expect(tree.filter((f) => f.startsWith('canary/')).length).toBe(tree.filter((f) => f.startsWith('production/')).length);
  expect(tree).toEqual(expect.arrayContaining([
    'helm-values/canary/prometheus-adapter.yaml', 'argocd/application-luneo-autoscaling-canary.k8s.yaml', 'argocd/application-prometheus-adapter-canary.k8s.yaml',
  ]));
  expect(readTree(out)['environments.md']).toContain('| | canary | production | staging |');
});
