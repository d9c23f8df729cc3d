// `npm run simulate -- ...`: runs the scaling simulator (lib/simulation/command.ts) and prints its result.
import { userDirectory } from '../lib/cli/paths';
import { printCommandResult } from '../lib/cli/internal-error';
import { runSimulate } from '../lib/simulation/command';

printCommandResult(() => runSimulate(process.argv.slice(2), process.cwd(), userDirectory()));
