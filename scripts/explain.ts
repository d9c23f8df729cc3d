// `npm run explain -- <hpa.yaml|json> [--pods <pods.yaml>] [--now <RFC 3339>] [--format text|json]
//   [--sync-period <duration>] [--tolerance <ratio>] [--downscale-stabilization <duration>]
//   [--cpu-initialization-period <duration>] [--initial-readiness-delay <duration>]`
// Why a live HPA does what it does, from `kubectl get hpa <name> -o yaml` (see README, "Explain a live HPA").
import { resolveUserPath } from '../lib/cli/paths';
import { printCommandResult } from '../lib/cli/internal-error';
import { runExplain } from '../lib/explain/explain-command';
import { EXPLAIN_USAGE, formatFlagFindings, parseExplainArgs } from '../lib/explain/explain-flags';

const parsed = parseExplainArgs(process.argv.slice(2), Date.now());
if (parsed.help) {
  process.stdout.write(`${EXPLAIN_USAGE}\n`);
} else if (!parsed.args) {
  process.stderr.write(`${formatFlagFindings(parsed.findings)}\nexplain failed\n`);
  // A usage error (unknown flag, missing value, no file) exits 2 as in every command; a bad value 1.
  process.exitCode = parsed.findings.some((f) => f.rule === 'cli/usage') ? 2 : 1;
} else {
  // Paths are the user's (lib/cli/paths.ts): npm runs this in the project root.
  const { file, podsFile } = parsed.args;
  printCommandResult(() => runExplain({ ...parsed.args!, file: resolveUserPath(file), ...(podsFile === undefined ? {} : { podsFile: resolveUserPath(podsFile) }) }));
}
