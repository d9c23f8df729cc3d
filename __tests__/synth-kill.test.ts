import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { isAlive, OutputFile, procStatState, sideName, writeDist, WRITER_STEPS } from '../lib/output/dist-writer';
import { runSynth } from '../lib/output/synth-command';
import { synthesizeConfigDir } from '../lib/output/synthesize';
import { CONFIG_DIR, PRODUCTION_FILE, readTree, ROOT, tempDir } from './support';

// A synth killed at any step boundary (SIGKILL from the writer's fault-injection seam, so no
// cleanup runs) leaves, after the next run's recovery, the old tree or the new one in full, and
// that next run tells the truth whether it fails or succeeds.
jest.setTimeout(60_000);

const text = fs.readFileSync(PRODUCTION_FILE, 'utf-8');
const configDir = (edit: (t: string) => string) => {
  const dir = tempDir('cfg');
  fs.writeFileSync(path.join(dir, 'production.yaml'), edit(text));
  return dir;
};
const oldConfig = configDir((t) => t.replace('replicas: { min: 2, max: 20 }', 'replicas: { min: 2, max: 24 }'));
const badConfig = configDir((t) => t.replace('replicas: { min: 2, max: 20 }', 'replicas: { min: 2, max: 2147483648 }'));

/** `npm run synth`'s real entry point (scripts/synth.js, main.ts), killed at `step` by its fault-injection seam. */
function killedSynth(out: string, step: string) {
  return spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'synth.js'), '--config', CONFIG_DIR, '--out', out], {
    cwd: ROOT, encoding: 'utf-8', env: { ...process.env, CDK8S_OUTDIR: '', LUNEO_AUTOSCALING_KILL_AT: step },
  });
}

/**
 * A writer process (killed-writer.ts, bundled once) writing the synthesized config/ into `out`,
 * killed at `step`: the same writer run as killedSynth's without a config load and synth per
 * process, for the tests that only need the state a killed synth leaves (the example itself
 * kills a real synth).
 */
let writer: { bundle: string; files: string } | undefined;
function killedWriter(out: string, step: string) {
  if (!writer) {
    const dir = tempDir('killed-writer');
    writer = { bundle: path.join(dir, 'killed-writer.js'), files: path.join(dir, 'files.json') };
    require('esbuild').buildSync({ entryPoints: [path.join(__dirname, 'killed-writer.ts')], outfile: writer.bundle, bundle: true, platform: 'node', target: 'node20', logLevel: 'warning' });
    fs.writeFileSync(writer.files, JSON.stringify(synthesizeConfigDir(CONFIG_DIR).files.map((f) => ({ path: f.path, content: f.content }))));
  }
  return spawnSync(process.execPath, [writer.bundle, out, writer.files, step], { cwd: ROOT, encoding: 'utf-8' });
}

const sideEntries = (parent: string) => fs.readdirSync(parent).filter((e) => e !== 'dist');

describe('a synth killed at every step boundary', () => {
  const parent = tempDir('kill');
  const out = path.join(parent, 'dist');
  let fresh: Record<string, string>;
  let old: Record<string, string>;
  let oldFiles: OutputFile[];
  beforeAll(() => {
    expect(runSynth({ configDir: CONFIG_DIR, outDir: out, strict: false }).exitCode).toBe(0);
    fresh = readTree(out, { withMarker: true });
    expect(runSynth({ configDir: oldConfig, outDir: out, strict: false }).exitCode).toBe(0);
    old = readTree(out, { withMarker: true });
    expect(old).not.toEqual(fresh);
    oldFiles = synthesizeConfigDir(oldConfig).files.map((f) => ({ path: f.path, content: f.content }));
  });

  const swapped = WRITER_STEPS.indexOf('new-in-place');
  test.each(WRITER_STEPS.map((s, i) => [s, i >= swapped ? 'new' : 'old'] as const))('at %s: then old or new in full (%s), for a failing and a succeeding run', (step, expected) => {
    writeDist(out, oldFiles); // the old tree, as a synth of oldConfig writes it
    expect(readTree(out, { withMarker: true })).toEqual(old);
    const killed = killedWriter(out, step);
    expect(killed.signal).toBe('SIGKILL');

    const failing = runSynth({ configDir: badConfig, outDir: out, strict: false });
    expect(failing.exitCode).toBe(1);
    expect(failing.stderr).toContain('[schema/too-big]');
    expect(failing.stderr).toMatch(/synth failed; \S*dist was left as it was\n$/);
    expect(readTree(out, { withMarker: true })).toEqual(expected === 'new' ? fresh : old);
    expect(sideEntries(parent)).toEqual([]); // lock, temp and previous trees all gone

    expect(runSynth({ configDir: CONFIG_DIR, outDir: out, strict: false }).exitCode).toBe(0);
    expect(readTree(out, { withMarker: true })).toEqual(fresh);
    expect(sideEntries(parent)).toEqual([]);
  });

  test('the example: killed right after dist was renamed away, a failing run restores it before saying so', () => {
    expect(runSynth({ configDir: oldConfig, outDir: out, strict: false }).exitCode).toBe(0);
    killedSynth(out, 'old-moved-aside');
    expect(fs.existsSync(out)).toBe(false);
    expect(readTree(path.join(parent, '.dist.luneo-previous'), { withMarker: true })).toEqual(old);
    const r = runSynth({ configDir: badConfig, outDir: out, strict: false });
    expect(r.stderr).toContain('dist was left as it was');
    expect(readTree(out, { withMarker: true })).toEqual(old);
  });

  test('a missing config directory is reported after recovery too', () => {
    expect(killedWriter(out, 'old-moved-aside').signal).toBe('SIGKILL');
    expect(fs.existsSync(out)).toBe(false);
    const r = runSynth({ configDir: path.join(parent, 'no-such-config'), outDir: out, strict: false });
    expect(r.stderr).toContain('[config/missing-dir]');
    expect(r.stderr).toContain('was left as it was');
    expect(fs.existsSync(path.join(out, 'production'))).toBe(true);
  });
});

describe('a lock left by a killed synth whose process is a zombie', () => {
  // `timeout -s KILL 0.3 node scripts/synth.js` leaves the killed node unreaped (state Z) for a
  // moment; signal 0 still answers for it. Here a shell child exits and its parent execs into a
  // sleep that never waits for it, so it stays a zombie for the whole test. The child outlives the
  // exec by 0.2 s: a `sleep 0` child could exit first and be reaped by the shell (about 1 run in 100).
  test('is stale: the next synth takes it and succeeds', () => {
    const { spawn } = require('child_process') as typeof import('child_process');
    const parent = tempDir('zombie');
    const out = path.join(parent, 'dist');
    const pidFile = path.join(parent, 'zombie.pid');
    const holder = spawn('sh', ['-c', `sleep 0.2 & echo $! > ${pidFile}; exec sleep 20`], { stdio: 'ignore' });
    try {
      const state = () => { try { return procStatState(fs.readFileSync(`/proc/${fs.readFileSync(pidFile, 'utf-8').trim()}/stat`, 'utf-8')); } catch { return undefined; } };
      for (let i = 0; i < 50 && state() !== 'Z'; i++) spawnSync('sleep', ['0.1']);
      const pid = Number(fs.readFileSync(pidFile, 'utf-8').trim());
      expect(fs.readFileSync(`/proc/${pid}/stat`, 'utf-8').split(') ')[1][0]).toBe('Z');
      expect(isAlive(pid)).toBe(false);
      fs.writeFileSync(sideName(out, 'lock'), `${pid}\n`);
      const r = runSynth({ configDir: CONFIG_DIR, outDir: out, strict: false });
      expect(r.stderr).not.toContain('output-dir/locked');
      expect(r.exitCode).toBe(0);
      expect(fs.existsSync(sideName(out, 'lock'))).toBe(false);
    } finally {
      holder.kill('SIGKILL');
    }
  });

  test('a live pid still holds it; the state letter is read past a name holding ") "', () => {
    expect(isAlive(process.pid)).toBe(true);
    expect(procStatState('42 (a) b) Z 1 42 42 0')).toBe('Z');
    expect(procStatState('42 (node) S 1 42')).toBe('S');
  });
});

