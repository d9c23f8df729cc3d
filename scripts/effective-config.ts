// npm run config:effective -- <environment> [--config <dir>]: prints the effective configuration of
// one environment (its file merged over the bases it extends) as one YAML document, comments kept,
// the way a reviewer would read it without layering. Exit 1 with findings on unreadable input.
import * as path from 'path';
import { parseArgs } from 'util';
import { effectiveEnvironmentText } from '../lib/config/load';
import { ConfigError } from '../lib/config/findings';

const { values, positionals } = parseArgs({ options: { config: { type: 'string', default: 'config' } }, allowPositionals: true });
const [environment] = positionals;
if (!environment || positionals.length > 1) {
  process.stderr.write('usage: npm run config:effective -- <environment> [--config <dir>]\n');
  process.exit(2);
}
try {
  process.stdout.write(effectiveEnvironmentText(path.join(values.config!, `${environment}.yaml`)));
} catch (e) {
  if (!(e instanceof ConfigError)) throw e;
  process.stderr.write(`${e.message}\n`);
  process.exitCode = 1;
}
