// npm run config:effective -- <environment> [--config <dir>]: prints the effective configuration of
// one environment (its file merged over the bases it extends) as one YAML document, comments kept,
// the way a reviewer would read it without layering. Exit 1 with findings on unreadable input, an
// unknown environment or a base (`_<name>.yaml` is a layer, not an environment: it would not
// validate as one).
import * as path from 'path';
import { parseArgs } from 'util';
import { resolveUserPath } from '../lib/cli/paths';
import { ConfigError, Finding, formatReport } from '../lib/config/findings';
import { effectiveEnvironmentText, scanConfigDir } from '../lib/config/load';

const USAGE = 'usage: npm run config:effective -- <environment> [--config <dir>]';
let parsed;
try {
  parsed = parseArgs({ options: { config: { type: 'string' } }, allowPositionals: true });
} catch (e) {
  process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
  process.exit(2);
}
const { values, positionals } = parsed;
const [given] = positionals;
if (!given || positionals.length > 1) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
const configDir = values.config === undefined ? 'config' : resolveUserPath(values.config);
const scan = scanConfigDir(configDir);
const environments = scan.files.map((f) => path.basename(f, '.yaml'));
const bases = (scan.layers ?? []).map((f) => path.basename(f, '.yaml'));
const name = given.replace(/\.yaml$/, '');
const available = environments.length > 0 ? `the environments of ${configDir} are: ${environments.join(', ')}` : `${configDir} holds no environment`;

function refuse(finding: Finding): never {
  process.stderr.write(`${formatReport([finding])}\n`);
  process.exit(1);
}

if (scan.files.length === 0 && scan.findings.length > 0) refuse(scan.findings[0]);
if (bases.includes(name)) {
  refuse({
    severity: 'error', path: [], rule: 'config/not-an-environment', location: { file: path.join(configDir, `${name}.yaml`) },
    message: `${name}.yaml is a shared base (a layer that environments extend), not an environment: its effective configuration is that of each environment extending it`,
    hint: `ask for an environment instead; ${available}`,
  });
}
if (!environments.includes(name)) {
  refuse({
    severity: 'error', path: [], rule: 'config/unknown-environment', location: { file: configDir },
    message: `there is no environment "${given}" (no ${name}.yaml in ${configDir})`,
    hint: available,
  });
}
try {
  process.stdout.write(effectiveEnvironmentText(path.join(configDir, `${name}.yaml`)));
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exitCode = 1;
}
