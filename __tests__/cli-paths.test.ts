import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { displayPath, resolveUserPath, userDirectory } from '../lib/cli/paths';
import { ROOT, runScript, tempDir } from './support';
import { parseSynthArgs } from '../lib/output/synth-command';

// npm runs every script in the project root and records the directory it was typed in as INIT_CWD;
// paths the user gives mean what they mean in that directory (README, "Paths on the command line").
jest.setTimeout(60_000);

/**
 * `cd <from> && npm --prefix ROOT run <script> -- args`, as npm runs it: cwd ROOT, INIT_CWD=<from>.
 * synth runs as the real process (scripts/synth.js and its bundle); the other scripts run in this
 * process (support.runScript: same argv, env, cwd and captured output), which is what they check.
 */
function npmRun(from: string, script: string, ...args: string[]) {
  const env = { INIT_CWD: from, CDK8S_OUTDIR: '' };
  if (script === 'synth') return spawnSync(process.execPath, [path.join(ROOT, 'scripts/synth.js'), ...args], { cwd: ROOT, encoding: 'utf-8', env: { ...process.env, ...env } });
  return runScript(`scripts/${script}.ts`, args, { cwd: ROOT, env });
}

describe('lib/cli/paths', () => {
  const env = { INIT_CWD: '/home/u/sub' };
  test('user paths resolve against INIT_CWD, or the working directory without npm', () => {
    expect(userDirectory(env, '/p')).toBe('/home/u/sub');
    expect(userDirectory({}, '/p')).toBe('/p');
    expect(userDirectory({ INIT_CWD: 'relative' }, '/p')).toBe('/p');
    expect(resolveUserPath('ta/hpa1.yaml', env, '/p')).toBe('/home/u/sub/ta/hpa1.yaml');
    expect(resolveUserPath('/abs/x', env, '/p')).toBe('/abs/x');
    expect(resolveUserPath('dist', { INIT_CWD: '/p' }, '/p')).toBe('dist');
  });
  test('paths show relative to the user directory inside it, absolute outside (never ../../tmp)', () => {
    expect(displayPath('/home/u/sub/out', env, '/p')).toBe('out');
    expect(displayPath('/home/u/sub', env, '/p')).toBe('.');
    expect(displayPath('/tmp/x.json', env, '/p')).toBe('/tmp/x.json');
    expect(displayPath('dist', env, '/p')).toBe('/p/dist');
    expect(displayPath('dist', { INIT_CWD: '/p' }, '/p')).toBe('dist');
  });
});

describe('commands run from another directory', () => {
  const from = tempDir('user-dir');
  fs.mkdirSync(path.join(from, 'ta'));
  fs.copyFileSync(path.join(ROOT, '__tests__/data/explain/backend-scaling-up.yaml'), path.join(from, 'ta/hpa1.yaml'));

  test('explain reads ta/hpa1.yaml of the user directory; a missing file is shown absolute', () => {
    const ok = npmRun(from, 'explain', 'ta/hpa1.yaml', '--now', '2026-01-01T00:00:00Z');
    expect(ok.stderr).toBe('');
    expect(ok.status).toBe(0);
    const missing = npmRun(from, 'explain', path.join(ROOT, 'nope.yaml'));
    expect(missing.status).toBe(1);
    expect(missing.stderr).toContain(`${path.join(ROOT, 'nope.yaml')}: error`);
    expect(missing.stderr).not.toContain('../');
  });

  test('synth --out rel-out writes <user dir>/rel-out, not <project>/rel-out, and says so', () => {
    const r = npmRun(from, 'synth', '--out', 'rel-out');
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/files into rel-out\n$/);
    expect(fs.existsSync(path.join(from, 'rel-out', 'production'))).toBe(true);
    expect(fs.existsSync(path.join(ROOT, 'rel-out'))).toBe(false);
  });

  test('synth --config cfg: a config finding names cfg/production.yaml as the user typed it, like the output it did not write', () => {
    fs.mkdirSync(path.join(from, 'cfg'));
    fs.copyFileSync(path.join(ROOT, 'config/_base.yaml'), path.join(from, 'cfg/_base.yaml'));
    const text = fs.readFileSync(path.join(ROOT, 'config/production.yaml'), 'utf-8');
    const line = text.split('\n').findIndex((l) => l.includes('replicas: { min: 3, max: 50 }')) + 1;
    expect(line).toBeGreaterThan(0);
    fs.writeFileSync(path.join(from, 'cfg/production.yaml'), text.replace('replicas: { min: 3, max: 50 }', 'replicas: { min: 3, max: 2147483648 }'));
    const r = npmRun(from, 'synth', '--config', 'cfg', '--out', 'cfg-out');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`\n  cfg/production.yaml:${line}:`);
    expect(r.stderr).toContain('[schema/too-big]');
    expect(r.stderr).not.toContain(from);
    expect(r.stderr).toMatch(/synth failed; cfg-out did not exist and was not created\n$/);
  });

  test('conformance reads a vectors file of the user directory', () => {
    fs.copyFileSync(path.join(ROOT, '__tests__/data/hpa', fs.readdirSync(path.join(ROOT, '__tests__/data/hpa')).find((f) => f.endsWith('.json'))!), path.join(from, 'v.json'));
    const r = npmRun(from, 'conformance', 'v.json');
    expect(r.stdout).toMatch(/\d+ passed, 0 failed/);
    expect(r.status).toBe(0);
  });
});

describe('conformance: a bad vectors file is a finding, exit 1, no stack', () => {
  const from = tempDir('vectors');
  test.each([
    ['{}', 'v.json:1:1: error vectors: no "vectors" array [conformance/shape]'],
    ['[]', 'v.json:1:1: error (root): the file holds an array, not an object with a "vectors" array [conformance/shape]'],
    ['{"vectors": [{"id": "a", "kind": "replica-calculator"}]}', 'v.json:1:14: error vectors[0].inputs: vector "a": "inputs" is missing; every vector has one (an object) [conformance/shape]'],
    ['{"vectors": [\n  {"id": "a", \n', 'v.json:3:1: error (root): not valid JSON or YAML: Flow map in block collection must be sufficiently indented and end with a } [conformance/syntax]'],
    [null, 'v.json: error: v.json does not exist [conformance/unreadable]'],
  ])('%s', (content, expected) => {
    const file = path.join(from, 'v.json');
    fs.rmSync(file, { force: true });
    if (content !== null) fs.writeFileSync(file, content);
    const r = npmRun(from, 'conformance', 'v.json');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(expected);
    expect(r.stderr).toContain('fix: ');
    expect(r.stderr).not.toMatch(/TypeError|\n\s+at /);
  });
});

describe('config:effective names environments, refuses bases', () => {
  test('an unknown environment: no such environment, and the available ones', () => {
    const r = npmRun(ROOT, 'effective-config', 'nope');
    expect(r.status).toBe(1);
    expect(r.stderr).toContain('error: there is no environment "nope" (no nope.yaml in config) [config/unknown-environment]');
    expect(r.stderr).toContain('fix: the environments of config are: production, staging');
    expect(r.stderr).not.toContain('dangling');
    // typed from another directory, the project's config dir is shown absolute, never as a `config` that is not there
    const elsewhere = npmRun(tempDir('elsewhere'), 'effective-config', 'nope');
    expect(elsewhere.status).toBe(1);
    expect(elsewhere.stderr).toContain(`(no nope.yaml in ${path.join(ROOT, 'config')}) [config/unknown-environment]`);
    expect(elsewhere.stderr).toContain(`fix: the environments of ${path.join(ROOT, 'config')} are: production, staging`);
  });
  test('a base is refused: it is a layer, not an environment', () => {
    const r = npmRun(ROOT, 'effective-config', '_base');
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('config/_base.yaml: error: _base.yaml is a shared base');
    expect(r.stderr).toContain('[config/not-an-environment]');
  });
  test('an environment prints, from another directory with --config relative to it', () => {
    const r = npmRun(path.join(ROOT, 'lib'), 'effective-config', 'staging', '--config', '../config');
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^# yaml-language-server: \$schema=\.\/environment\.schema\.json\n# Effective configuration of staging\.yaml \+ _base\.yaml/);
  });
});

describe('an empty path option is a usage error (exit 2) in every command, not the directory it was typed in', () => {
  test.each([
    ['scripts/capacity.ts', ['--out', ''], "Option '--out <value>' is empty: give a path"],
    ['scripts/capacity.ts', ['--config', ''], "Option '--config <value>' is empty: give a path"],
    ['scripts/review.ts', ['--traces', ''], "Option '--traces <value>' is empty: give a path"],
    ['scripts/review.ts', ['--out', ''], "Option '--out <value>' is empty: give a path"],
    ['scripts/simulate.ts', ['--env', 'production', '--workload', 'backend', '--trace', 'step', '--out', ''], "Option '--out <value>' is empty: give a path"],
    ['scripts/simulate.ts', ['--hpa', '', '--trace', 'step'], "Option '--hpa <value>' is empty: give a path"],
  ])('%s %j', (script, args, message) => {
    const r = runScript(script, args, { cwd: ROOT, env: { INIT_CWD: ROOT } });
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(message);
    expect(r.stderr).toMatch(/\nusage: npm run \w+ -- /);
  });

  test('synth --out "" and --config ""', () => {
    for (const flag of ['--out', '--config']) {
      const parsed = parseSynthArgs([flag, ''], {});
      expect(parsed).toEqual({ usage: { exitCode: 2, stdout: '', stderr: expect.stringContaining(`error: Option '${flag} <value>' is empty: give a path [cli/usage]\n`) } });
    }
  });
});
