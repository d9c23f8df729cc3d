// Composition root: config/ -> dist/. `npm run synth` and `cdk8s synth` (which sets CDK8S_OUTDIR)
// both run this file, so they produce the same tree.
//   tsx main.ts [--config <dir>] [--out <dir>] [--strict] [--prune]   (paths relative to the working
//   directory, as cdk8s resolves `output:`; npm and cdk8s both run from the project root)
import { parseArgs } from 'util';
import { runSynth } from './lib/output/synth-command';

const { values: args } = parseArgs({
  options: {
    config: { type: 'string', default: 'config' },
    out: { type: 'string', default: process.env.CDK8S_OUTDIR || 'dist' },
    strict: { type: 'boolean', default: false },
    prune: { type: 'boolean', default: false },
  },
});

// Test-only fault injection: die (SIGKILL, no cleanup) at the named writer step, as a crash would.
const killAt = process.env.LUNEO_AUTOSCALING_KILL_AT;

const result = runSynth({
  configDir: args.config!, outDir: args.out!, strict: args.strict!, prune: args.prune!,
  underCdk8s: !!process.env.CDK8S_OUTDIR && args.out === process.env.CDK8S_OUTDIR,
  onStep: killAt ? (step) => { if (step === killAt) process.kill(process.pid, 'SIGKILL'); } : undefined,
});
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.exitCode;
