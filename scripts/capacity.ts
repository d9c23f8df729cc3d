// `npm run capacity -- [--check] [--config <dir>] [--out <dir>]`: the capacity report of every environment
// (reports/capacity/<env>/capacity.md and its charts; see README, "Capacity reports").
import { exitWithUsage, parseCommandLine } from '../lib/cli/command-line';
import { resolveUserPath, userDirectory } from '../lib/cli/paths';
import { runCapacity } from '../lib/capacity/capacity-command';
import { printCommandResult } from '../lib/cli/internal-error';

let parsed;
try {
  parsed = parseCommandLine({
    options: {
      check: { type: 'boolean', default: false },
      config: { type: 'string' },
      out: { type: 'string' },
    },
  });
} catch (e) {
  exitWithUsage(e, 'usage: npm run capacity -- [--check] [--config <dir>] [--out <dir>]');
}
const { values } = parsed;
printCommandResult(() => runCapacity({
  configDir: values.config === undefined ? 'config' : resolveUserPath(values.config),
  reportsDir: values.out === undefined ? 'reports/capacity' : resolveUserPath(values.out),
  check: values.check!, cwd: process.cwd(), userDir: userDirectory(),
}));
