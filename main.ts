// Composition root: config/ -> dist/. `npm run synth` and `cdk8s synth` (which sets CDK8S_OUTDIR)
// both run this file, so they produce the same tree.
//   tsx main.ts [--config <dir>] [--out <dir>] [--strict] [--prune]   (paths relative to the working
//   directory, as cdk8s resolves `output:`; npm and cdk8s both run from the project root)
import { parseSynthArgs, runSynth } from './lib/output/synth-command';

const parsed = parseSynthArgs(process.argv.slice(2), process.env);

// Test-only fault injection: die (SIGKILL, no cleanup) at the named writer step, as a crash would.
const killAt = process.env.LUNEO_AUTOSCALING_KILL_AT;

const result = 'usage' in parsed ? parsed.usage : runSynth({
  ...parsed.options,
  onStep: killAt ? (step) => { if (step === killAt) process.kill(process.pid, 'SIGKILL'); } : undefined,
});
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.exitCode;
