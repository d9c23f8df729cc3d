import { synthesizeEnvironments } from '../lib/output/synthesize';
import { manifests, productionCopy } from './support';

// One config file per environment: each gets its own manifest and values directories.
test('a second environment synthesizes beside production, into its own directories', () => {
  const staging = productionCopy();
  staging.environment = 'staging';
  staging.namespace = 'luneo-staging';
  staging.workloads.backend.replicas = { min: 2, max: 6 };
  const files = synthesizeEnvironments([productionCopy(), staging]);
  const dirs = [...new Set(files.map((f) => f.path.replace(/\/[^/]+$/, '')))].sort();
  expect(dirs).toEqual(['helm-values/production', 'helm-values/staging', 'production', 'runbooks', 'staging']);
  const stagingObjects = manifests(files, 'staging');
  expect(stagingObjects.every((o) => o.metadata.namespace === 'luneo-staging')).toBe(true);
  const hpa = stagingObjects.find((o) => o.metadata.name === 'luneo-backend-hpa')!;
  expect([hpa.spec.minReplicas, hpa.spec.maxReplicas]).toEqual([2, 6]);
  expect(manifests(files, 'production').find((o) => o.metadata.name === 'luneo-backend-hpa')!.spec.maxReplicas).toBe(50);
});
