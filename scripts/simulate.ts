// `npm run simulate -- ...`: runs the scaling simulator (lib/simulation/command.ts) and prints its result.
import { runSimulate } from '../lib/simulation/command';

const result = runSimulate(process.argv.slice(2));
process.stdout.write(result.stdout);
process.stderr.write(result.stderr);
process.exitCode = result.exitCode;
