// Every command's command line goes through lib/cli/command-line.ts: a usage error is
// `error: <what> [cli/usage]` then the usage line, exit 2; --help prints the usage, exit 0; an empty
// value or an empty positional is a missing value (exit 2), never "." nor a bad number.
import { runScript } from './support';
import { runSimulate } from '../lib/simulation/command';

const SCRIPTS: Record<string, string> = {
  explain: 'scripts/explain.ts', conformance: 'scripts/conformance.ts', simulate: 'scripts/simulate.ts', schema: 'scripts/write-schema.ts',
  'config:effective': 'scripts/effective-config.ts', review: 'scripts/review.ts', capacity: 'scripts/capacity.ts',
  'vendor-schemas': 'scripts/vendor-schemas.ts', example: 'examples/platform-app/main.ts',
};

describe('--help prints the usage on stdout and exits 0 in every command', () => {
  test.each(Object.entries(SCRIPTS))('%s --help', (name, script) => {
    const r = runScript(script, ['--help']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(new RegExp(`^usage: npm run ${name.replace(':', '\\:')}`));
  });
  test('synth --help (main.ts\'s parser)', () => {
    const { parseSynthArgs } = require('../lib/output/synth-command') as typeof import('../lib/output/synth-command');
    expect(parseSynthArgs(['--help'], {})).toEqual({ usage: { exitCode: 0, stdout: expect.stringMatching(/^usage: npm run synth/), stderr: '' } });
  });
});

describe('usage errors read `error: <what> [cli/usage]` and exit 2', () => {
  const HPA = '/dev/null';
  test.each([
    ['explain', [''], 'Argument "" is empty: give a path'],
    ['conformance', [''], 'Argument "" is empty: give a path'],
    ['config:effective', ['production', '--config', ''], "Option '--config <value>' is empty: give a path"],
    ['config:effective', [], 'no environment given'],
    ['config:effective', [''], 'Argument "" is empty: give an environment name'],
    ['config:effective', ['production', 'staging'], 'give exactly one environment, got 2: production staging'],
    ['schema', ['x'], "Unexpected argument 'x'"],
    ['schema', ['--bogus'], "Unknown option '--bogus'"],
    ['explain', [HPA, '--now='], "Option '--now <value>' is empty: give a value"],
    ['explain', [HPA, '--pods', ''], "Option '--pods <value>' is empty: give a path"],
    ['review', ['--base', ''], "Option '--base <value>' is empty: give a git revision"],
    ['vendor-schemas', [''], 'Argument "" is empty: give a path'],
    ['vendor-schemas', ['a', 'b'], "Unexpected argument 'b'"],
    ['example', [''], 'Argument "" is empty: give a path'],
  ])('%s %j', (name, args, what) => {
    const r = runScript(SCRIPTS[name], args as string[]);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr.startsWith(`error: ${what}`)).toBe(true);
    expect(r.stderr).toMatch(new RegExp(` \\[cli/usage\\]\nusage: npm run ${name.replace(':', '\\:')} [^\n]*\n$`));
  });

  test.each([
    [['--env', '', '--workload', 'backend', '--trace', 'step'], "Option '--env <value>' is empty: give a value"],
    [['--env', 'production', '--trace', 'step'], '--env needs --workload: the environment and its workload go together'],
    [['--env', 'production', '--workload', 'backend', '--trace', 'tsunami'], '--trace "tsunami" is neither a preset'],
    [['--env', 'production', '--workload', 'backend', '--trace', 'step', '--seed', ''], "Option '--seed <value>' is empty: give a value"],
    [['--env', 'production', '--workload', 'backend', '--trace', 'step', '--seed='], "Option '--seed <value>' is empty: give a value"],
    [['--env', 'production', '--workload', 'backend', '--trace', 'step', '--duration', ''], "Option '--duration <value>' is empty: give a value"],
    [['--env', 'production', '--workload', 'backend', '--trace', ''], "Option '--trace <value>' is empty: give a path"],
    [['--trace', 'step'], 'say what to simulate'],
  ])('simulate %j', (args, what) => {
    const r = runSimulate(args, process.cwd());
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(new RegExp(`^error: ${what.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}.* \\[cli/usage\\]\\nusage: npm run simulate -- `));
  });
});

describe('a positional left by npm taking the flags (npm run simulate --env qa, without --)', () => {
  const { usageErrorText } = require('../lib/cli/command-line');
  test('says the flags go after --, naming the script npm ran', () => {
    const text = usageErrorText(new TypeError("Unexpected argument 'qa'. This command does not take positional arguments"), 'usage: npm run simulate -- ...', { npm_lifecycle_event: 'simulate' });
    expect(text).toBe("error: Unexpected argument 'qa'. This command does not take positional arguments (with npm run, the command's flags go after `--`: npm run simulate -- --flag value; before it npm takes them as its own) [cli/usage]\nusage: npm run simulate -- ...\n");
    // Run without npm, or another error: no such hint.
    expect(usageErrorText(new TypeError("Unexpected argument 'qa'"), 'usage: x', {})).toBe("error: Unexpected argument 'qa' [cli/usage]\nusage: x\n");
    expect(usageErrorText(new TypeError("Unknown option '--bogus'"), 'usage: x', { npm_lifecycle_event: 'simulate' })).toBe("error: Unknown option '--bogus' [cli/usage]\nusage: x\n");
  });
});
