// npm run conformance -- <vectors.json> [...]: runs HPA test vectors (format: README, HPA engine section, Conformance vectors format)
// through the engine; prints each failing vector and the line "N passed, M failed"; exit 0 iff M = 0.
// An unreadable or malformed vectors file is a finding (file, rule, fix), exit 1, no stack trace.
import { parseCommandLine, usageErrorText, usageResult } from '../lib/cli/command-line';
import { printCommandResult } from '../lib/cli/internal-error';
import { resolveUserPath } from '../lib/cli/paths';
import { formatVectorsFindings, readVectorsFile, report, runVectors, VectorOutcome } from '../lib/simulation/conformance/run';

const USAGE = 'usage: npm run conformance -- <vectors.json> [more.json ...]';

printCommandResult(() => {
  let files: string[];
  try {
    files = parseCommandLine({ args: process.argv.slice(2), allowPositionals: true, options: {} }, { '': 'a path' }).positionals;
  } catch (e) {
    // An unknown flag is a usage error (exit 2), never a file name that "does not exist".
    return usageResult(e, USAGE);
  }
  if (files.length === 0) return { exitCode: 2, stdout: '', stderr: usageErrorText(new Error('no vectors file given'), USAGE) };
  const read = files.map((f) => readVectorsFile(resolveUserPath(f)));
  const findings = read.flatMap((r) => r.findings);
  if (findings.length > 0) return { exitCode: 1, stdout: '', stderr: `${formatVectorsFindings(read.map((r) => r.findings))}\nno vector run\n` };
  const outcomes: VectorOutcome[] = read.flatMap((r) => runVectors(r.file!));
  return { exitCode: outcomes.every((o) => o.ok) ? 0 : 1, stdout: `${report(outcomes)}\n`, stderr: '' };
});
