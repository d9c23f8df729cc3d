import * as path from 'path';
import { Finding } from './findings';
import { scanConfigDir } from './load';

/**
 * The finding for an environment name a command was given that the config directory does not
 * hold (`config/unknown-environment`), names a shared base (`config/not-an-environment`), or a
 * directory that cannot be scanned; undefined when `<configDir>/<name>.yaml` is an environment.
 * Every such finding lists the environments there, so the fix is one copy away. `shown` is the
 * directory as the user should read it (the config floor does not know the command's cwd).
 */
export function environmentChoiceFinding(configDir: string, given: string, shown: string): Finding | undefined {
  const scan = scanConfigDir(configDir);
  const environments = scan.files.map((f) => path.basename(f, '.yaml'));
  const bases = (scan.layers ?? []).map((f) => path.basename(f, '.yaml'));
  const name = given.replace(/\.yaml$/, '');
  const available = environments.length > 0 ? `the environments of ${shown} are: ${environments.join(', ')}` : `${shown} holds no environment`;
  if (scan.files.length === 0 && scan.findings.length > 0) return scan.findings[0];
  if (bases.includes(name)) {
    return {
      severity: 'error', path: [], rule: 'config/not-an-environment', location: { file: path.join(shown, `${name}.yaml`) },
      message: `${name}.yaml is a shared base (a layer that environments extend), not an environment: its effective configuration is that of each environment extending it`,
      hint: `ask for an environment instead; ${available}`,
    };
  }
  if (!environments.includes(name)) {
    return {
      severity: 'error', path: [], rule: 'config/unknown-environment', location: { file: shown },
      message: `there is no environment "${given}" (no ${name}.yaml in ${shown})`,
      hint: available,
    };
  }
  return undefined;
}
