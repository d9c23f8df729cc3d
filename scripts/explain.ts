// `npm run explain -- <hpa.yaml|json> [--pods <pods.yaml>] [--now <RFC 3339>] [--format text|json]
//   [--sync-period <duration>] [--tolerance <ratio>] [--downscale-stabilization <duration>]
//   [--cpu-initialization-period <duration>] [--initial-readiness-delay <duration>]`
// Why a live HPA does what it does, from `kubectl get hpa <name> -o yaml` (see README, "Explain a live HPA").
import { resolveUserPath } from '../lib/cli/paths';
import { printCommandResult } from '../lib/cli/internal-error';
import { usageErrorText } from '../lib/cli/command-line';
import { runExplain } from '../lib/explain/explain-command';
import { EXPLAIN_USAGE, formatFlagFindings, parseExplainArgs } from '../lib/explain/explain-flags';

const parsed = parseExplainArgs(process.argv.slice(2), Date.now());
if (parsed.help) {
  process.stdout.write(`${EXPLAIN_USAGE}\n`);
} else if (!parsed.args) {
  // A usage error (unknown flag, missing value, no file) reads and exits as in every command
  // (lib/cli/command-line.ts); bad values are findings naming the flag, exit 1.
  const usage = parsed.findings.find((f) => f.rule === 'cli/usage');
  process.stderr.write(usage ? usageErrorText(new Error(usage.message), EXPLAIN_USAGE) : `${formatFlagFindings(parsed.findings)}\nexplain failed\n`);
  process.exitCode = usage ? 2 : 1;
} else {
  // Paths are the user's (lib/cli/paths.ts): npm runs this in the project root.
  const { file, podsFile } = parsed.args;
  printCommandResult(() => runExplain({ ...parsed.args!, file: resolveUserPath(file), ...(podsFile === undefined ? {} : { podsFile: resolveUserPath(podsFile) }) }));
}
