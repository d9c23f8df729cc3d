import * as path from 'path';
import { parseCommandLine } from '../lib/cli/command-line';
import { parseExplainArgs } from '../lib/explain/explain-flags';
import { parseSynthArgs } from '../lib/output/synth-command';
import { runSimulate } from '../lib/simulation/command';
import { runReview } from '../lib/review/review-command';
import { ROOT, runScript } from './support';

describe('a single-valued flag given twice is a usage error, not "the last one wins"', () => {
  test('parseCommandLine names the flag and both values; a flag declared multiple stays repeatable', () => {
    const options = { trace: { type: 'string' as const }, signal: { type: 'string' as const, multiple: true }, sum: { type: 'boolean' as const } };
    expect(() => parseCommandLine({ args: ['--trace', 'step', '--trace=ramp'], options }))
      .toThrow("Option '--trace' is given twice (--trace step, then --trace ramp): give it once, with the value you mean");
    expect(() => parseCommandLine({ args: ['--sum', '--sum'], options })).toThrow("Option '--sum' is given twice");
    expect(parseCommandLine({ args: ['--signal', 'a=requestRate', '--signal', 'b=queueDepth'], options }).values.signal).toEqual(['a=requestRate', 'b=queueDepth']);
  });

  test('simulate --trace step --trace ramp, --env production --env staging: exit 2, nothing run', () => {
    for (const argv of [['--hpa', 'hpa.yaml', '--trace', 'step', '--trace', 'ramp'], ['--env', 'production', '--env', 'staging', '--workload', 'backend', '--trace', 'step']]) {
      const r = runSimulate(argv, ROOT);
      expect(r.exitCode).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/^error: Option '--(trace|env)' is given twice \(--\w+ \w+, then --\w+ \w+\): give it once, with the value you mean \[cli\/usage\]\nusage: npm run simulate/);
    }
  });

  test('explain --now twice and synth --out twice', () => {
    const e = parseExplainArgs(['hpa.yaml', '--now', '2026-11-29T12:00:00Z', '--now', '2026-11-29T13:00:00Z'], 0);
    expect(e.args).toBeUndefined();
    expect(e.findings).toEqual([expect.objectContaining({ rule: 'cli/usage', message: expect.stringContaining("Option '--now' is given twice") })]);
    const s = parseSynthArgs(['--out', 'a', '--out', 'b'], {});
    expect(s).toEqual({ usage: { exitCode: 2, stdout: '', stderr: expect.stringMatching(/^error: Option '--out' is given twice \(--out a, then --out b\).*\[cli\/usage\]\nusage: npm run synth/) } });
  });

  test.each([
    ['scripts/review.ts', ['--base', 'HEAD~1', '--base', 'HEAD'], '--base'],
    ['scripts/capacity.ts', ['--check', '--check'], '--check'],
    ['scripts/effective-config.ts', ['staging', '--config', 'config', '--config', 'config'], '--config'],
    ['scripts/conformance.ts', ['__tests__/data/conformance/none.json', '--bogus'], ''],
  ])('%s %j: exit 2 with the usage line', (script, args, flag) => {
    const r = runScript(script, args, { cwd: ROOT, env: { INIT_CWD: ROOT } });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(flag ? new RegExp(`^error: Option '${flag}' is given twice .*\\[cli/usage\\]\\nusage: npm run `)
      : /^error: Unknown option '--bogus' \[cli\/usage\]\nusage: npm run conformance -- <vectors.json>/);
    expect(r.stderr).not.toMatch(/does not exist|\n\s+at /);
  });
});

describe('review --base', () => {
  test('an empty --base asks for a revision, not a path', () => {
    const r = runScript('scripts/review.ts', ['--base', ''], { cwd: ROOT, env: { INIT_CWD: ROOT } });
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/^error: Option '--base <value>' is empty: give a git revision \(a branch, tag or commit\), e\.g\. --base HEAD or --base origin\/main \[cli\/usage\]\nusage: npm run review/);
    expect(r.stderr).not.toContain('give a path');
  });

  test('a revision that names no commit is a finding with its rule, in the findings format', () => {
    const r = runReview({ base: 'nosuchrev', configDir: path.join(ROOT, 'config'), distDir: 'dist', cwd: ROOT, noSimulation: true });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('error --base: "nosuchrev" is not a commit of this repository [review/base-not-a-commit]\n'
      + '    fix: pass a branch, tag or commit that exists here, e.g. --base HEAD or --base origin/main\nreview failed\n');
  });
});

test('simulate --dist <a file>: the fix is about --dist, never the --hpa that was not given', () => {
  const r = runSimulate(['--env', 'production', '--workload', 'backend', '--trace', 'step', '--dist', 'README.md'], ROOT);
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toContain('[simulate/unreadable]');
  expect(r.stderr).toContain('fix: --dist README.md is a file, not a directory: pass the directory `npm run synth` writes (default dist), or leave --dist out');
  expect(r.stderr).not.toContain('--hpa');
});

test('counts of one are singular', () => {
  const { count } = jest.requireActual('../lib/config/counts') as typeof import('../lib/config/counts');
  expect([count(1, 'replica'), count(-1, 'pod'), count(0, 'replica'), count(2000, 'job', (n) => n.toLocaleString('en-US'))])
    .toEqual(['1 replica', '-1 pod', '0 replicas', '2,000 jobs']);
});
