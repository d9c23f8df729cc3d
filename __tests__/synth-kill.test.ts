import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { WRITER_STEPS } from '../lib/output/dist-writer';
import { runSynth } from '../lib/output/synth-command';
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

function killedSynth(out: string, step: string) {
  return spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'synth.js'), '--config', CONFIG_DIR, '--out', out], {
    cwd: ROOT, encoding: 'utf-8', env: { ...process.env, CDK8S_OUTDIR: '', LUNEO_AUTOSCALING_KILL_AT: step },
  });
}

const sideEntries = (parent: string) => fs.readdirSync(parent).filter((e) => e !== 'dist');

describe('a synth killed at every step boundary', () => {
  const parent = tempDir('kill');
  const out = path.join(parent, 'dist');
  let fresh: Record<string, string>;
  let old: Record<string, string>;
  beforeAll(() => {
    expect(runSynth({ configDir: CONFIG_DIR, outDir: out, strict: false }).exitCode).toBe(0);
    fresh = readTree(out, { withMarker: true });
    expect(runSynth({ configDir: oldConfig, outDir: out, strict: false }).exitCode).toBe(0);
    old = readTree(out, { withMarker: true });
    expect(old).not.toEqual(fresh);
  });

  const swapped = WRITER_STEPS.indexOf('new-in-place');
  test.each(WRITER_STEPS.map((s, i) => [s, i >= swapped ? 'new' : 'old'] as const))('at %s: then old or new in full (%s), for a failing and a succeeding run', (step, expected) => {
    expect(runSynth({ configDir: oldConfig, outDir: out, strict: false }).exitCode).toBe(0);
    const killed = killedSynth(out, step);
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
    killedSynth(out, 'old-moved-aside');
    const r = runSynth({ configDir: path.join(parent, 'no-such-config'), outDir: out, strict: false });
    expect(r.stderr).toContain('[config/missing-dir]');
    expect(r.stderr).toContain('was left as it was');
    expect(fs.existsSync(path.join(out, 'production'))).toBe(true);
  });
});
