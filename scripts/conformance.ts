// npm run conformance -- <vectors.json> [...]: runs HPA test vectors (format: README, HPA engine section, Conformance vectors format)
// through the engine; prints each failing vector and the line "N passed, M failed"; exit 0 iff M = 0.
// An unreadable or malformed vectors file is a finding (file, rule, fix), exit 1, no stack trace.
import { resolveUserPath } from '../lib/cli/paths';
import { formatReport } from '../lib/config/findings';
import { readVectorsFile, report, runVectors, VectorOutcome } from '../lib/simulation/conformance/run';

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error('usage: npm run conformance -- <vectors.json> [more.json ...]');
  process.exit(2);
}
const read = files.map((f) => readVectorsFile(resolveUserPath(f)));
const findings = read.flatMap((r) => r.findings);
if (findings.length > 0) {
  console.error(`${formatReport(findings)}\nno vector run`);
  process.exit(1);
}
const outcomes: VectorOutcome[] = read.flatMap((r) => runVectors(r.file!));
console.log(report(outcomes));
process.exit(outcomes.every((o) => o.ok) ? 0 : 1);
