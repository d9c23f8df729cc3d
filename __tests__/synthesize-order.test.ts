// A construct validation failure is a finding even when the Argo CD chart reads the environments'
// manifests (which used to throw out of toJson() as an internal error).
import { ConfigError } from '../lib/config/findings';
import { synthesizeEnvironments } from '../lib/output/synthesize';
import { productionCopy } from './support';

test('a construct finding is a ConfigError, with Argo CD configured', () => {
  // An environment that did not come through the loader is validated by the chart's own construct.
  const env = productionCopy();
  env.workloads.backend.replicas = { min: 10, max: 5 };
  expect(env.argocd).toBeDefined();
  let thrown: unknown;
  try {
    synthesizeEnvironments([env]);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  expect((thrown as ConfigError).findings.map((f) => f.message).join('\n')).toContain('workloads.backend.replicas.max: max must be greater than or equal to min');
});
