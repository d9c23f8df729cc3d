// npm run schema: writes config/environment.schema.json and config/layer.schema.json from the zod
// schema (lib/config/schema-files.ts). It takes no arguments (exit 2 with the usage line on any). A
// target that is a symbolic link, a directory or another non-file, or lies outside the project, is
// a finding (exit 1) and nothing is written (lib/cli/generated-file.ts).
import * as path from 'path';
import { exitWithUsage, parseCommandLine } from '../lib/cli/command-line';
import { printCommandResult } from '../lib/cli/internal-error';
import { displayPath } from '../lib/cli/paths';
import { writeGeneratedFiles } from '../lib/cli/generated-file';
import { formatReport } from '../lib/config/findings';
import { LAYER_SCHEMA_FILE, renderLayerSchema, renderSchema, SCHEMA_FILE } from '../lib/config/schema-files';

const USAGE = 'usage: npm run schema (no arguments: writes config/environment.schema.json and config/layer.schema.json)';
try {
  parseCommandLine({ options: {}, allowPositionals: false });
} catch (e) {
  exitWithUsage(e, USAGE);
}
printCommandResult(() => {
  const findings = writeGeneratedFiles(path.join(__dirname, '..'), [{ file: SCHEMA_FILE, content: renderSchema() }, { file: LAYER_SCHEMA_FILE, content: renderLayerSchema() }], (f) => displayPath(f));
  if (findings.length > 0) return { exitCode: 1, stdout: '', stderr: `${formatReport(findings)}\nnothing was written\n` };
  return { exitCode: 0, stdout: `wrote ${displayPath(SCHEMA_FILE)} and ${displayPath(LAYER_SCHEMA_FILE)}\n`, stderr: '' };
});
