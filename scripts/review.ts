// `npm run review -- [--base <git-rev>] [--out <dir>] [--config <dir>] [--traces <dir>] [--no-simulation]`: what a change to config/ does to the
// synthesized output (and, per changed HPA, to simulated scaling), as Markdown (see README, "Review a change").
import { exitWithUsage, parseCommandLine } from '../lib/cli/command-line';
import { resolveUserPath, userDirectory } from '../lib/cli/paths';
import { printCommandResult } from '../lib/cli/internal-error';
import { runReview } from '../lib/review/review-command';

let parsed;
try {
  parsed = parseCommandLine({
    options: {
      base: { type: 'string', default: 'HEAD' },
      out: { type: 'string' },
      config: { type: 'string' },
      traces: { type: 'string' },
      'no-simulation': { type: 'boolean', default: false },
    },
  }, { base: 'a git revision (a branch, tag or commit), e.g. --base HEAD or --base origin/main' });
} catch (e) {
  exitWithUsage(e, 'usage: npm run review -- [--base <git-rev>] [--out <dir>] [--config <dir>] [--traces <dir>] [--no-simulation]');
}
const { values } = parsed;
printCommandResult(() => runReview({
  base: values.base!, outDir: values.out === undefined ? undefined : resolveUserPath(values.out),
  configDir: values.config === undefined ? 'config' : resolveUserPath(values.config), distDir: 'dist',
  tracesDir: values.traces === undefined ? undefined : resolveUserPath(values.traces), noSimulation: values['no-simulation'], cwd: process.cwd(), userDir: userDirectory(),
}));
