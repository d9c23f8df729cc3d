// npm run conformance -- <vectors.json> [...]: runs HPA test vectors (format: README, HPA engine section, Conformance vectors format)
// through the engine; prints each failing vector and the line "N passed, M failed"; exit 0 iff M = 0.
// An unreadable or malformed vectors file is a finding (file, rule, fix), exit 1, no stack trace.
import { parseCommandLine, usageErrorText, usageResult } from '../lib/cli/command-line';
import { printCommandResult } from '../lib/cli/internal-error';
import * as fs from 'fs';
import { displayPath, resolveUserPath } from '../lib/cli/paths';
import { crossFileIdFindings, formatVectorsFindings, readVectorsFile, report, runVectors, VectorOutcome } from '../lib/simulation/conformance/run';

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
  // The same file twice would run (and count) every vector twice.
  const real = files.map((f) => { try { return fs.realpathSync(resolveUserPath(f)); } catch { return resolveUserPath(f); } });
  const twice = real.findIndex((r, i) => real.indexOf(r) !== i);
  if (twice >= 0) return usageResult(new Error(`${files[twice]} is given twice${files[real.indexOf(real[twice])] === files[twice] ? '' : ` (as ${files[real.indexOf(real[twice])]} too)`}: pass each vectors file once`), USAGE);
  const read = files.map((f) => readVectorsFile(resolveUserPath(f)));
  const across = crossFileIdFindings(read.map((r, i) => ({ shown: displayPath(resolveUserPath(files[i])), ids: r.ids })));
  const perFile = read.map((r, i) => [...r.findings, ...across[i]]);
  if (perFile.some((f) => f.length > 0)) return { exitCode: 1, stdout: '', stderr: `${formatVectorsFindings(perFile)}\nno vector run\n` };
  const outcomes: VectorOutcome[] = read.flatMap((r) => runVectors(r.file!));
  return { exitCode: outcomes.every((o) => o.ok) ? 0 : 1, stdout: `${report(outcomes)}\n`, stderr: '' };
});
