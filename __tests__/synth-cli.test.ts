import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { MARKER } from '../lib/output/dist-writer';
import { failureReport, parseSynthArgs, runSynth, USAGE } from '../lib/output/synth-command';
import { synthesizeConfigDir } from '../lib/output/synthesize';
import { CONFIG_DIR, PRODUCTION_FILE, readTree, ROOT, tempDir } from './support';

/** Runs `npm run synth`'s entry point (scripts/synth.js, a process), against a config dir and an output dir. */
function synth(configDir: string, outDir: string) {
  const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'synth.js'), '--config', configDir, '--out', outDir], {
    cwd: ROOT, encoding: 'utf-8', env: { ...process.env, CDK8S_OUTDIR: '' },
  });
  return { status: r.status, stderr: r.stderr, stdout: r.stdout };
}

/**
 * The command synth.js runs (main.ts prints runSynth's result), in this process: the real process
 * is run by the tests of what only a process shows (its exit code, the bundle, cdk8s around it).
 */
const synthInProcess = (configDir: string, outDir: string) => {
  const r = runSynth({ configDir, outDir, strict: false });
  return { status: r.exitCode, stdout: r.stdout, stderr: r.stderr };
};

function configWith(edit: (text: string) => string): string {
  const dir = tempDir('config');
  fs.writeFileSync(path.join(dir, 'production.yaml'), edit(fs.readFileSync(PRODUCTION_FILE, 'utf-8')));
  return dir;
}

describe('npm run synth', () => {
  const out = path.join(tempDir('out'), 'dist');

  test('writes dist/production (manifests) and dist/helm-values/production (adapter values)', () => {
    const r = synth(CONFIG_DIR, out);
    expect(r.status).toBe(0);
    const tree = readTree(out);
    expect(Object.keys(tree).filter((f) => f.startsWith('production/')).length).toBe(11); // + PrometheusRule, dashboard ConfigMap
    expect(Object.keys(tree)).toContain('helm-values/production/prometheus-adapter.yaml');
    expect(fs.readdirSync(path.dirname(out)).filter((e) => e !== 'dist')).toEqual([]); // no temp dirs left
  });

  test.each([
    ['bad YAML', (t: string) => t.replace('namespace: luneo-production', 'namespace: [luneo-production'), /production\.yaml:\d+:\d+: error .*\[yaml\/syntax\]/],
    ['a bad value', (t: string) => t.replace('replicas: { min: 2, max: 20 }', 'replicas: { min: 2, max: 19 }'),
      /production\.yaml:\d+:\d+: error workloads\.worker\.replicas\.max: 19 replicas x 25 jobs = 475 .* \[concurrency\/capacity\]/],
  ])('fails on %s with a located message and leaves dist byte-identical', (_name, edit, message) => {
    const before = readTree(out);
    expect(Object.keys(before).length).toBeGreaterThan(0);
    const r = synthInProcess(configWith(edit), out);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toMatch(/1 error\(s\), 0 warning\(s\)/);
    expect(readTree(out)).toEqual(before);
  });
});

describe('cdk8s synth', () => {
  // --no-check-upgrade: the CLI's upgrade check is a network query (another process) on every run.
  test('runs the same app and writes the same files as npm run synth', () => {
    const out = path.join(tempDir('cdk8s'), 'dist');
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--no-check-upgrade', '--output', out], { cwd: ROOT, encoding: 'utf-8' });
    expect(r.status).toBe(0);
    const expected = Object.fromEntries(synthesizeConfigDir(CONFIG_DIR).files.map((f) => [f.path, f.content]));
    expect(readTree(out)).toEqual(expected);
    expect(fs.existsSync(path.join(out, MARKER))).toBe(true);
  });

  test('a failed synth under cdk8s says that cdk8s deleted the output and how to restore it', () => {
    const out = path.join(tempDir('cdk8s'), 'dist');
    expect(synthInProcess(CONFIG_DIR, out).status).toBe(0);
    const bad = configWith((t) => t.replace('replicas: { min: 2, max: 20 }', 'replicas: { min: 2, max: 2147483648 }'));
    const r = spawnSync(process.execPath, [path.join(ROOT, 'node_modules', 'cdk8s-cli', 'bin', 'cdk8s'), 'synth', '--no-check-upgrade', '--output', out, '--app', `node scripts/synth.js --config ${bad}`], { cwd: ROOT, encoding: 'utf-8' });
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain('[schema/too-big]');
    expect(r.stderr).not.toContain('left as it was');
    expect(r.stderr).toMatch(/`cdk8s synth` deleted \S+ before it started this app, so \S+ is missing now\.\nRestore it with `git checkout -- \S+`/);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe('internal errors', () => {
  test('every script prints an exception that escaped its command as an internal error, exit 1 (printCommandResult)', () => {
    const { printCommandResult } = require('../lib/cli/internal-error') as typeof import('../lib/cli/internal-error');
    const err = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
    const out = jest.spyOn(process.stdout, 'write').mockImplementation(() => true);
    const before = process.exitCode;
    try {
      printCommandResult(() => { throw new TypeError('cannot read x of undefined'); });
      expect(process.exitCode).toBe(1);
      const printed = err.mock.calls.map((c) => String(c[0])).join('');
      expect(printed).toMatch(/^internal error \(a bug in luneo-autoscaling; please report it with this trace\):\nTypeError: cannot read x of undefined\n\s+at /);
      printCommandResult(() => ({ exitCode: 0, stdout: 'done\n', stderr: '' }));
      expect(process.exitCode).toBe(0);
      expect(out.mock.calls.map((c) => String(c[0])).join('')).toBe('done\n');
    } finally {
      err.mockRestore();
      out.mockRestore();
      process.exitCode = before;
    }
    // and every script under scripts/ goes through it (synth.js runs main.ts, which reports its own)
    for (const script of fs.readdirSync(path.join(ROOT, 'scripts')).filter((f) => f.endsWith('.ts'))) {
      expect([script, fs.readFileSync(path.join(ROOT, 'scripts', script), 'utf-8').includes('printCommandResult(')]).toEqual([script, true]);
    }
  });

  test('a thrown error that is not a finding is labelled as a bug, with its stack', () => {
    const report = failureReport(new TypeError('cannot read x of undefined'));
    expect(report).toMatch(/^internal error \(a bug in luneo-autoscaling/);
    expect(report).toContain('TypeError: cannot read x of undefined');
    expect(report).toMatch(/\n\s+at /);
  });
});

describe('the command line', () => {
  test.each([
    [['--outt', 'x'], /^error: Unknown option '--outt' \[cli\/usage\]\n/],
    [['production'], /^error: Unexpected argument 'production'.* \[cli\/usage\]\n/],
    [['--out'], /^error: Option '--out <value>' argument missing \[cli\/usage\]\n/],
  ])('%j is a usage error, not a stack trace', (argv, message) => {
    const parsed = parseSynthArgs(argv, {});
    expect(parsed).toEqual({ usage: { exitCode: 2, stdout: '', stderr: expect.stringMatching(message) } });
    expect('usage' in parsed && parsed.usage.stderr).toContain(USAGE);
  });

  test('the output defaults to dist, or to CDK8S_OUTDIR under cdk8s synth, which is then known', () => {
    expect(parseSynthArgs([], {})).toEqual({ options: { configDir: 'config', outDir: 'dist', strict: false, prune: false, underCdk8s: false } });
    expect(parseSynthArgs(['--prune', '--strict'], { CDK8S_OUTDIR: 'out' })).toEqual({ options: { configDir: 'config', outDir: 'out', strict: true, prune: true, underCdk8s: true } });
    expect(parseSynthArgs(['--out', 'elsewhere'], { CDK8S_OUTDIR: 'out' })).toMatchObject({ options: { outDir: 'elsewhere', underCdk8s: false } });
  });

  test('through the real entry point: exit 2 (a usage error, as in every command) and the usage line', () => {
    const r = spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'synth.js'), '--outt', 'x'], { cwd: ROOT, encoding: 'utf-8', env: { ...process.env, CDK8S_OUTDIR: '' } });
    expect(r.status).toBe(2);
    expect(r.stderr).toBe(`error: Unknown option '--outt' [cli/usage]\n${USAGE}\n`);
  });
});
