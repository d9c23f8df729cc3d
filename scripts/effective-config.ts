// npm run config:effective -- <environment> [--config <dir>]: prints the effective configuration of
// one environment (its file merged over the bases it extends) as one YAML document, comments kept,
// the way a reviewer would read it without layering. The effective environment is validated as
// synth validates it (loadEnvironmentFile: schema, consistency and safety rules, reserved names,
// best practices as warnings), with the same findings at the same file:line. The document is printed
// whenever it can be composed, valid or not (it is what was asked for; the findings say what is
// wrong with it), and the findings go to stderr: exit 1 when any is an error. Exit 1 with findings
// alone on unreadable input, an unknown environment or a base (`_<name>.yaml` is a layer, not an
// environment: it would not validate as one). Rules across environments (argocd/adapter-per-cluster)
// need them all: synth checks those.
import * as path from 'path';
import { exitWithUsage, parseCommandLine } from '../lib/cli/command-line';
import { printCommandResult } from '../lib/cli/internal-error';
import { displayPath, resolveUserPath } from '../lib/cli/paths';
import { environmentChoiceFinding } from '../lib/config/environments';
import { ConfigError, Finding, formatReport } from '../lib/config/findings';
import { effectiveEnvironmentText, loadEnvironmentFile } from '../lib/config/load';

const USAGE = 'usage: npm run config:effective -- <environment> [--config <dir>]';
let parsed;
try {
  parsed = parseCommandLine({ options: { config: { type: 'string' } }, allowPositionals: true }, { '': 'an environment name (the name of a config/<name>.yaml)' });
  const n = parsed.positionals.length;
  if (n !== 1) throw new TypeError(n === 0 ? 'no environment given' : `give exactly one environment, got ${n}: ${parsed.positionals.join(' ')}`);
} catch (e) {
  exitWithUsage(e, USAGE);
}
const { values, positionals } = parsed;
const [given] = positionals;
const configDir = values.config === undefined ? 'config' : resolveUserPath(values.config);
const name = given.replace(/\.yaml$/, '');
const refused = environmentChoiceFinding(configDir, given, displayPath(configDir));
if (refused) {
  process.stderr.write(`${formatReport([refused])}\n`);
  process.exit(1);
}
printCommandResult(() => {
  const file = path.join(configDir, `${name}.yaml`);
  let text: string;
  try {
    text = effectiveEnvironmentText(file);
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    return { exitCode: 1, stdout: '', stderr: `${e.message}\n` };
  }
  let findings: readonly Finding[];
  try {
    findings = loadEnvironmentFile(file).warnings;
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    findings = e.findings;
  }
  const failed = findings.some((f) => f.severity === 'error');
  const stderr = findings.length === 0 ? '' : `${formatReport(findings)}\n${failed ? `the effective configuration of ${name} (printed on stdout) is not valid: synth fails on these findings\n` : ''}`;
  return { exitCode: failed ? 1 : 0, stdout: text, stderr };
});
