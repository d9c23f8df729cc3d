// A construct validation failure is a finding even when the Argo CD chart reads the environments'
// manifests (which used to throw out of toJson() as an internal error).
import { parse } from 'yaml';
import { largeConfig } from '../bench/large-config';
import { ConfigError } from '../lib/config/findings';
import { validateEnvironment } from '../lib/config/validate';
import { synthesizeEnvironments } from '../lib/output/synthesize';
import { production } from './support';

test('a dashboard too large for its ConfigMap is a construct finding, with Argo CD configured', () => {
  const env = validateEnvironment(parse(largeConfig(production(), 60))).env!;
  expect(env.argocd).toBeDefined();
  let thrown: unknown;
  try {
    synthesizeEnvironments([env]);
  } catch (e) {
    thrown = e;
  }
  expect(thrown).toBeInstanceOf(ConfigError);
  expect((thrown as ConfigError).findings.map((f) => f.message).join('\n')).toContain('[dashboard/too-large]');
});
