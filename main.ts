// Composition root: config/ -> dist/. `npm run synth` and `cdk8s synth` (which sets CDK8S_OUTDIR)
// both run this file, so they produce the same tree.
//   tsx main.ts [--config <dir>] [--out <dir>] [--strict]     (paths relative to the working directory,
//   as cdk8s resolves `output:`; npm and cdk8s both run from the project root)
import * as path from 'path';
import { parseArgs } from 'util';
import { ConfigError, formatReport } from './lib/config/findings';
import { writeDist } from './lib/output/dist-writer';
import { synthesizeConfigDir } from './lib/output/synthesize';

const { values: args } = parseArgs({
  options: {
    config: { type: 'string', default: 'config' },
    out: { type: 'string', default: process.env.CDK8S_OUTDIR || 'dist' },
    strict: { type: 'boolean', default: false },
  },
});

try {
  const { files, warnings } = synthesizeConfigDir(args.config!);
  if (warnings.length > 0) {
    if (args.strict) throw new ConfigError(warnings.map((w) => ({ ...w, severity: 'error' })));
    console.error(formatReport(warnings));
  }
  writeDist(args.out!, files);
  console.log(`synthesized ${files.length} files into ${path.relative(process.cwd(), args.out!) || args.out}`);
} catch (e) {
  console.error(e instanceof ConfigError ? e.message : (e as Error).stack ?? String(e));
  console.error(`synth failed; ${args.out} was left as it was`);
  process.exit(1);
}
