// `npm run simulate -- ...`: runs the scaling simulator (lib/simulation/command.ts) and prints its result.
import { userDirectory } from '../lib/cli/paths';
import { runSimulate } from '../lib/simulation/command';

const result = runSimulate(process.argv.slice(2), process.cwd(), userDirectory());
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.exitCode;
