import * as fs from 'fs';
import * as path from 'path';
import { compileValidatorsSource } from '../lib/output/checks/compile-validators';
import { KUBERNETES_VERSIONS, ROOT_KINDS, SCHEMA_DIR } from '../lib/output/checks/schema-files';

describe('vendored schemas (lib/output/schemas)', () => {
  test('the precompiled validators match the vendored schemas (run `npm run vendor-schemas`)', () => {
    expect(fs.readFileSync(path.join(SCHEMA_DIR, 'validators.js'), 'utf-8')).toBe(compileValidatorsSource());
  });

  test.each(KUBERNETES_VERSIONS)('Kubernetes %s covers every kind we emit, with its closure of definitions', (version) => {
    const file = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, `kubernetes-${version}.json`), 'utf-8'));
    expect(Object.keys(file.kinds).sort()).toEqual([...ROOT_KINDS].sort());
    const refs = [...JSON.stringify(file.definitions).matchAll(/"#\/definitions\/([^"]+)"/g)].map((m) => m[1]);
    for (const ref of refs) expect(file.definitions).toHaveProperty([ref]);
  });

  test('the CRD schemas cover the monitoring, VPA and Argo CD kinds, desired state only', () => {
    const crds = JSON.parse(fs.readFileSync(path.join(SCHEMA_DIR, 'crds.json'), 'utf-8'));
    expect(Object.keys(crds)).toEqual(expect.arrayContaining([
      'monitoring.coreos.com/v1/PodMonitor', 'monitoring.coreos.com/v1/PrometheusRule', 'monitoring.coreos.com/v1/ServiceMonitor',
      'autoscaling.k8s.io/v1/VerticalPodAutoscaler', 'argoproj.io/v1alpha1/Application',
    ]));
    // status is the controller's and operation an imperative sync: never part of what we emit.
    for (const schema of Object.values<any>(crds)) {
      expect(schema.properties).not.toHaveProperty('status');
      expect(schema.properties).not.toHaveProperty('operation');
    }
  });
});
