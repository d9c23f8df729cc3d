// npm run config:effective -- <environment> [--config <dir>]: prints the effective configuration of
// one environment (its file merged over the bases it extends) as one YAML document, comments kept,
// the way a reviewer would read it without layering. Exit 1 with findings on unreadable input, an
// unknown environment or a base (`_<name>.yaml` is a layer, not an environment: it would not
// validate as one).
import * as path from 'path';
import { parseCommandLine, usageErrorText } from '../lib/cli/command-line';
import { printCommandResult } from '../lib/cli/internal-error';
import { displayPath, resolveUserPath } from '../lib/cli/paths';
import { environmentChoiceFinding } from '../lib/config/environments';
import { ConfigError, formatReport } from '../lib/config/findings';
import { effectiveEnvironmentText } from '../lib/config/load';

const USAGE = 'usage: npm run config:effective -- <environment> [--config <dir>]';
let parsed;
try {
  parsed = parseCommandLine({ options: { config: { type: 'string' } }, allowPositionals: true });
} catch (e) {
  process.stderr.write(usageErrorText(e, USAGE));
  process.exit(2);
}
const { values, positionals } = parsed;
const [given] = positionals;
if (!given || positionals.length > 1) {
  process.stderr.write(`${USAGE}\n`);
  process.exit(2);
}
const configDir = values.config === undefined ? 'config' : resolveUserPath(values.config);
const name = given.replace(/\.yaml$/, '');
const refused = environmentChoiceFinding(configDir, given, displayPath(configDir));
if (refused) {
  process.stderr.write(`${formatReport([refused])}\n`);
  process.exit(1);
}
printCommandResult(() => {
  try {
    return { exitCode: 0, stdout: effectiveEnvironmentText(path.join(configDir, `${name}.yaml`)), stderr: '' };
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return { exitCode: 1, stdout: '', stderr: `${e.message}\n` };
  }
});
