// npm run conformance -- <vectors.json> [...]: runs HPA test vectors (format: README, HPA engine section, Conformance vectors format)
// through the engine; prints each failing vector and the line "N passed, M failed"; exit 0 iff M = 0.
// An unreadable or malformed vectors file is a finding (file, rule, fix), exit 1, no stack trace.
import { printCommandResult } from '../lib/cli/internal-error';
import { resolveUserPath } from '../lib/cli/paths';
import { formatVectorsFindings, readVectorsFile, report, runVectors, VectorOutcome } from '../lib/simulation/conformance/run';

printCommandResult(() => {
  const files = process.argv.slice(2);
  if (files.length === 0) return { exitCode: 2, stdout: '', stderr: 'usage: npm run conformance -- <vectors.json> [more.json ...]\n' };
  const read = files.map((f) => readVectorsFile(resolveUserPath(f)));
  const findings = read.flatMap((r) => r.findings);
  if (findings.length > 0) return { exitCode: 1, stdout: '', stderr: `${formatVectorsFindings(read.map((r) => r.findings))}\nno vector run\n` };
  const outcomes: VectorOutcome[] = read.flatMap((r) => runVectors(r.file!));
  return { exitCode: outcomes.every((o) => o.ok) ? 0 : 1, stdout: `${report(outcomes)}\n`, stderr: '' };
});
