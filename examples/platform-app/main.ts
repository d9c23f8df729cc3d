// npm run example [-- <outdir>]: synthesizes the example app (default examples/platform-app/dist,
// one file per chart). Construct validation fails the synth with the same findings the YAML config
// path reports. An unknown flag or a second argument is a usage error (exit 2). The charts are
// synthesized into a fresh temporary directory, then written as generated files: a target that is
// a symbolic link, a directory or another non-file, or an output directory that is a link or a
// file, is a finding (exit 1) and nothing is written.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { exitWithUsage, parseCommandLine } from '../../lib/cli/command-line';
import { buildPlatformApp } from './app';
import { printCommandResult } from '../../lib/cli/internal-error';
import { displayPath, resolveUserPath } from '../../lib/cli/paths';
import { writeGeneratedFiles } from '../../lib/cli/generated-file';
import { formatReport } from '../../lib/config/findings';

const USAGE = 'usage: npm run example [-- <outdir>]';
let outdir: string;
try {
  const { positionals } = parseCommandLine({ options: {}, allowPositionals: true }, { '': 'a path' });
  if (positionals.length > 1) throw new TypeError(`Unexpected argument '${positionals[1]}'`);
  outdir = positionals[0] === undefined ? path.join(__dirname, 'dist') : resolveUserPath(positionals[0]);
} catch (e) {
  exitWithUsage(e, USAGE);
}

printCommandResult(() => {
  const shown = displayPath(outdir);
  const stat = fs.lstatSync(outdir, { throwIfNoEntry: false });
  if (stat && !stat.isDirectory()) {
    const kind = stat.isSymbolicLink() ? 'a symbolic link' : stat.isFile() ? 'a file' : 'not a directory';
    return { exitCode: 1, stdout: '', stderr: `${formatReport([{ severity: 'error', path: [], rule: stat.isSymbolicLink() ? 'generated-file/symbolic-link' : 'generated-file/not-a-directory',
      message: `${shown} is ${kind}, not the output directory; nothing is written through it`, hint: 'remove it, or give another output directory', location: { file: shown } }])}\n` };
  }
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'luneo-example-'));
  try {
    try {
      buildPlatformApp({ outdir: scratch }).app.synth();
    } catch (e) {
      // cdk8s reports the constructs' validation findings as one error: the user's input, not a bug.
      if (e instanceof Error && /^Validation failed/.test(e.message)) return { exitCode: 1, stdout: '', stderr: `${e.message}\n` };
      throw e;
    }
    fs.mkdirSync(outdir, { recursive: true });
    const files = fs.readdirSync(scratch).sort().map((name) => ({ file: path.join(outdir, name), content: fs.readFileSync(path.join(scratch, name), 'utf-8') }));
    const refused = writeGeneratedFiles(outdir, files, (f) => displayPath(f));
    if (refused.length > 0) return { exitCode: 1, stdout: '', stderr: `${formatReport(refused)}\nnothing was written\n` };
    return { exitCode: 0, stdout: `synthesized the example app into ${shown}\n`, stderr: '' };
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
});
