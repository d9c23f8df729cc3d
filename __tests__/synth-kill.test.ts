import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { runSynth } from '../lib/output/synth-command';
import { CONFIG_DIR, PRODUCTION_FILE, readTree, ROOT, tempDir } from './support';

// A synth killed at any moment leaves dist/ either the old tree or the new one, in full.
jest.setTimeout(30_000);

const oldConfig = tempDir('old-config');
fs.writeFileSync(path.join(oldConfig, 'production.yaml'), fs.readFileSync(PRODUCTION_FILE, 'utf-8').replace('replicas: { min: 2, max: 20 }', 'replicas: { min: 2, max: 24 }'));

function killedSynth(out: string, delayMs: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'synth.js'), '--config', CONFIG_DIR, '--out', out], { cwd: ROOT, stdio: 'ignore' });
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

test('SIGKILL at any point leaves dist/ old or new, never partial', async () => {
  const parent = tempDir('kill');
  const out = path.join(parent, 'dist');
  const expectOk = (r: { exitCode: number }) => expect(r.exitCode).toBe(0);
  expectOk(runSynth({ configDir: CONFIG_DIR, outDir: out, strict: false }));
  const fresh = readTree(out);
  expectOk(runSynth({ configDir: oldConfig, outDir: out, strict: false }));
  const old = readTree(out);
  expect(old).not.toEqual(fresh);

  const seen = new Set<string>();
  for (const delay of [0, 60, 120, 180, 240, 300, 360, 450, 10_000]) {
    await killedSynth(out, delay);
    let tree = readTree(out);
    if (!fs.existsSync(out)) {
      // Killed between the two renames: the old tree waits complete beside it and the next run restores it.
      expect(readTree(path.join(parent, '.dist.previous'))).toEqual(old);
      expectOk(runSynth({ configDir: oldConfig, outDir: out, strict: false }));
      tree = readTree(out);
    }
    const state = JSON.stringify(tree) === JSON.stringify(old) ? 'old' : JSON.stringify(tree) === JSON.stringify(fresh) ? 'new' : 'partial';
    expect(state).not.toBe('partial');
    seen.add(state);
    expectOk(runSynth({ configDir: oldConfig, outDir: out, strict: false }));
  }
  expect(seen).toEqual(new Set(['old', 'new']));
});
