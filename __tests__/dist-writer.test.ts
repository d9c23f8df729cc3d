import { execFileSync, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../lib/config/findings';
import { MARKER, markerContent, OutputFile, OutputTree, processStart, writeDist } from '../lib/output/dist-writer';
import { runSynth } from '../lib/output/synth-command';
import { synthesizeConfigDir } from '../lib/output/synthesize';
import { CONFIG_DIR, PRODUCTION_FILE, readTree, ROOT, tempDir } from './support';

const rulesOf = (fn: () => unknown): string[] => {
  try {
    fn();
  } catch (e) {
    if (e instanceof ConfigError) return e.findings.map((f) => f.rule);
    throw e;
  }
  return [];
};

describe('writeDist replaces an output tree it owns, all or nothing', () => {
  test('swaps in exactly the new files plus the marker listing them, and removes files it wrote before', () => {
    const out = path.join(tempDir('w'), 'dist');
    writeDist(out, [{ path: 'a/x.yaml', content: 'old' }, { path: 'a/stale.yaml', content: 'gone' }]);
    writeDist(out, [{ path: 'a/x.yaml', content: 'new' }]);
    expect(readTree(out, { withMarker: true })).toEqual({ 'a/x.yaml': 'new', [MARKER]: markerContent([{ path: 'a/x.yaml', content: '' }]) });
    expect(fs.readFileSync(path.join(out, MARKER), 'utf-8').split('\n')).toEqual([expect.stringMatching(/^# luneo-autoscaling output/), 'format 1', 'a/x.yaml', '']);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
  });

  test('each command replaces only its own kind of output: simulate cannot replace dist/, synth cannot replace a simulation', () => {
    const dist = path.join(tempDir('w'), 'dist');
    writeDist(dist, [{ path: 'production/hpa.k8s.yaml', content: 'kind: HorizontalPodAutoscaler' }]);
    const before = readTree(dist, { withMarker: true });
    expect(rulesOf(() => writeDist(dist, [{ path: 'summary.json', content: '{}' }], { producer: 'simulate' }))).toEqual(['output-dir/other-output']);
    expect(readTree(dist, { withMarker: true })).toEqual(before);

    const sim = path.join(tempDir('w'), 'sim');
    writeDist(sim, [{ path: 'summary.json', content: '{}' }], { producer: 'simulate' });
    expect(fs.readFileSync(path.join(sim, MARKER), 'utf-8').split('\n')[0]).toContain('`npm run simulate`');
    expect(rulesOf(() => writeDist(sim, [{ path: 'x.yaml', content: 'x' }]))).toEqual(['output-dir/other-output']);
    expect(rulesOf(() => writeDist(sim, [{ path: 'review.md', content: 'x' }], { producer: 'review' }))).toEqual(['output-dir/other-output']);
    // The same command replaces its own output as before.
    writeDist(sim, [{ path: 'summary.json', content: '{"v":2}' }], { producer: 'simulate' });
    expect(readTree(sim)).toEqual({ 'summary.json': '{"v":2}' });
  });

  test('an output inside another output tree of ours is refused (dist/sub, dist/production/sim), before anything is created', () => {
    const dist = path.join(tempDir('w'), 'dist');
    writeDist(dist, [{ path: 'production/hpa.k8s.yaml', content: 'kind: HorizontalPodAutoscaler' }]);
    const before = readTree(dist, { withMarker: true });
    for (const [out, producer] of [[path.join(dist, 'sub'), 'synth'], [path.join(dist, 'production', 'sim'), 'simulate'], [path.join(dist, 'production'), 'review']] as const) {
      let message = '';
      try {
        writeDist(out, [{ path: 'x.json', content: '{}' }], { producer });
      } catch (e) {
        message = (e as ConfigError).findings.map((f) => `${f.message} [${f.rule}] fix: ${f.hint}`).join('\n');
      }
      expect(message).toMatch(/lies inside .*dist, the output of `npm run synth`.*\[output-dir\/protected\]/);
      expect(message).not.toMatch(/e\.g\. dist\b/);
    }
    expect(readTree(dist, { withMarker: true })).toEqual(before);
  });

  test('the marker is not a file Argo CD applies (a directory source reads *.yaml, *.yml, *.json)', () => {
    expect(MARKER).not.toMatch(/\.(ya?ml|json|jsonnet)$/);
  });

  test('an empty directory is taken over; a missing one (and its parents) is created', () => {
    const empty = tempDir('empty');
    writeDist(empty, [{ path: 'x.yaml', content: 'a' }]);
    expect(readTree(empty)).toEqual({ 'x.yaml': 'a' });
    const deep = path.join(tempDir('deep'), 'a', 'b', 'dist');
    writeDist(deep, [{ path: 'x.yaml', content: 'a' }]);
    expect(readTree(deep)).toEqual({ 'x.yaml': 'a' });
  });

  test('refuses an empty tree, keeping the old one', () => {
    const out = path.join(tempDir('w'), 'dist');
    writeDist(out, [{ path: 'x.yaml', content: 'old' }]);
    expect(() => writeDist(out, [])).toThrow(/empty/);
    expect(readTree(out)).toEqual({ 'x.yaml': 'old' });
  });

  test('recovers the previous tree after a swap interrupted between its renames, even in a failing run', () => {
    const parent = tempDir('w');
    const out = path.join(parent, 'dist');
    writeDist(out, [{ path: 'x.yaml', content: 'old' }]);
    fs.renameSync(out, path.join(parent, '.dist.luneo-previous')); // killed right after the first rename
    fs.mkdirSync(path.join(parent, '.dist.luneo-tmp-99999'));       // and a temp dir left behind
    expect(() => writeDist(out, [])).toThrow(/empty/);
    expect(readTree(out)).toEqual({ 'x.yaml': 'old' });
    writeDist(out, [{ path: 'x.yaml', content: 'new' }]);
    expect(readTree(out)).toEqual({ 'x.yaml': 'new' });
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });

  test('a swap that fails (something appeared at the output path meanwhile) keeps the old tree and deletes nothing', () => {
    const parent = tempDir('w');
    const out = path.join(parent, 'dist');
    writeDist(out, [{ path: 'x.yaml', content: 'old' }]);
    const intruder = (step: string) => {
      if (step !== 'old-moved-aside') return;
      fs.mkdirSync(out);
      fs.writeFileSync(path.join(out, 'theirs.txt'), 'not ours');
    };
    expect(rulesOf(() => writeDist(out, [{ path: 'x.yaml', content: 'new' }], { onStep: intruder }))).toEqual(['output-dir/write-failed']);
    expect(readTree(out)).toEqual({ 'theirs.txt': 'not ours' });
    expect(readTree(path.join(parent, '.dist.luneo-previous'))).toEqual({ 'x.yaml': 'old' });
    // The next run recovers nothing over a foreign tree, refuses it, and still deletes nothing.
    expect(rulesOf(() => writeDist(out, [{ path: 'x.yaml', content: 'new' }]))).toEqual(['output-dir/not-owned']);
    expect(readTree(out)).toEqual({ 'theirs.txt': 'not ours' });
    expect(readTree(path.join(parent, '.dist.luneo-previous'))).toEqual({ 'x.yaml': 'old' });
  });

  test('unchanged files are carried over (the same file, linked), changed ones are new files; the old bytes are never written to', () => {
    const parent = tempDir('w');
    const out = path.join(parent, 'dist');
    const outside = path.join(parent, 'outside.yaml');
    fs.writeFileSync(outside, 'same');
    writeDist(out, [{ path: 'a/same.yaml', content: 'same ✓' }, { path: 'a/edit.yaml', content: 'v1' }, { path: 'b/link.yaml', content: 'x' }, { path: 'gone.yaml', content: 'g' }]);
    // A symbolic link in the old tree (an intruder) is not carried, even if it points at the right bytes.
    fs.rmSync(path.join(out, 'b/link.yaml'));
    fs.symlinkSync(outside, path.join(out, 'b/link.yaml'));
    const inode = (p: string) => fs.lstatSync(path.join(out, p)).ino;
    const before = { same: inode('a/same.yaml'), edit: inode('a/edit.yaml') };
    const keptOld = fs.openSync(path.join(out, 'a/edit.yaml'), 'r'); // the old bytes, as a reader holding the file sees them
    writeDist(out, [{ path: 'a/same.yaml', content: 'same ✓' }, { path: 'a/edit.yaml', content: 'v2' }, { path: 'b/link.yaml', content: 'same' }], { prune: true });
    expect(readTree(out)).toEqual({ 'a/same.yaml': 'same ✓', 'a/edit.yaml': 'v2', 'b/link.yaml': 'same' });
    expect(inode('a/same.yaml')).toBe(before.same);
    expect(fs.lstatSync(path.join(out, 'a/same.yaml')).nlink).toBe(1); // the old tree's name is gone
    expect(inode('a/edit.yaml')).not.toBe(before.edit);
    expect(fs.readFileSync(keptOld, 'utf-8')).toBe('v1');
    fs.closeSync(keptOld);
    expect(fs.lstatSync(path.join(out, 'b/link.yaml')).isFile()).toBe(true);
    expect(fs.readFileSync(outside, 'utf-8')).toBe('same');
    expect(fs.readdirSync(parent).sort()).toEqual(['dist', 'outside.yaml']);
  });

  test('a tree that already is exactly the new files is left as it is; any difference replaces it', () => {
    const out = path.join(tempDir('w'), 'dist');
    const files = [{ path: 'a/x.yaml', content: 'x' }, { path: 'y.yaml', content: 'y' }];
    writeDist(out, files);
    const ino = (p: string) => fs.lstatSync(path.join(out, p)).ino;
    const before = { dir: ino('.'), marker: ino(MARKER) };
    const steps: string[] = [];
    writeDist(out, files, { onStep: (s) => void steps.push(s) });
    expect(steps).toEqual(['locked', 'recovered', 'unlocked']);
    expect({ dir: ino('.'), marker: ino(MARKER) }).toEqual(before);
    expect(readTree(out)).toEqual({ 'a/x.yaml': 'x', 'y.yaml': 'y' });
    // One file fewer, one changed byte, or a marker edited by hand: replaced as usual.
    for (const next of [[files[0]], [files[0], { path: 'y.yaml', content: 'z' }]]) {
      steps.length = 0;
      writeDist(out, next, { onStep: (s) => void steps.push(s), prune: true });
      expect(steps).toContain('new-in-place');
      expect(readTree(out)).toEqual(Object.fromEntries(next.map((f) => [f.path, f.content])));
    }
    fs.appendFileSync(path.join(out, MARKER), '# edited\n');
    steps.length = 0;
    writeDist(out, [files[0], { path: 'y.yaml', content: 'z' }], { onStep: (s) => void steps.push(s) });
    expect(steps).toContain('new-in-place');
    expect(fs.readFileSync(path.join(out, MARKER), 'utf-8')).not.toContain('# edited');
  });

  test('same size, different bytes: written anew, not carried', () => {
    const out = path.join(tempDir('w'), 'dist');
    writeDist(out, [{ path: 'x.yaml', content: 'abc' }]);
    const old = fs.lstatSync(path.join(out, 'x.yaml')).ino;
    writeDist(out, [{ path: 'x.yaml', content: 'abd' }]);
    expect(readTree(out)).toEqual({ 'x.yaml': 'abd' });
    expect(fs.lstatSync(path.join(out, 'x.yaml')).ino).not.toBe(old);
    // The byte count comes from encoding the new text: a multi-byte character where the old file has
    // one byte, or text that is a prefix of the old bytes, or longer by one 4-byte character.
    for (const [before, after] of [['ab', 'é'], ['é', 'ab'], ['abc', 'ab'], ['ab', 'ab\u{1F600}'], ['a\u{1F600}', 'a\u{1F600}b'], ['\u{1F600}', '\uD83D']]) {
      writeDist(out, [{ path: 'x.yaml', content: before }]);
      const was = fs.lstatSync(path.join(out, 'x.yaml')).ino;
      writeDist(out, [{ path: 'x.yaml', content: after }]);
      expect(fs.readFileSync(path.join(out, 'x.yaml'))).toEqual(Buffer.from(after, 'utf-8'));
      expect(fs.lstatSync(path.join(out, 'x.yaml')).ino).not.toBe(was);
    }
  });

  test('every name the writer uses beside the output is git-ignored', () => {
    const out = path.join(ROOT, 'dist');
    const names = ['.dist.luneo-lock', '.dist.luneo-previous', `.dist.luneo-tmp-${process.pid}`, 'sub/.out.luneo-lock'];
    const r = spawnSync('git', ['check-ignore', '--no-index', ...names], { cwd: ROOT, encoding: 'utf-8' });
    expect(r.stdout.trim().split('\n')).toEqual(names);
    expect(path.basename(path.dirname(path.join(path.dirname(out), names[0])))).toBe(path.basename(ROOT));
  });
});

describe('ownership: nothing outside our own output is ever deleted', () => {
  const populated = () => {
    const dir = tempDir('user');
    fs.writeFileSync(path.join(dir, 'NOTES.md'), '# my notes\n');
    fs.mkdirSync(path.join(dir, 'config'));
    fs.writeFileSync(path.join(dir, 'config', 'production.yaml'), 'environment: production\n');
    return dir;
  };

  test('the example: --out <dir> holding NOTES.md and config/ is refused and left untouched', () => {
    const dir = populated();
    const before = readTree(dir, { withMarker: true });
    const r = runSynth({ configDir: CONFIG_DIR, outDir: dir, strict: false });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/error: \S+ holds files luneo-autoscaling did not write \(NOTES\.md, config\) and has no \.luneo-autoscaling marker; it is left untouched \[output-dir\/not-owned\]/);
    expect(r.stderr).toMatch(/was left as it was\n$/);
    expect(readTree(dir, { withMarker: true })).toEqual(before);
    expect(fs.readdirSync(path.dirname(dir)).filter((e) => e.startsWith(`.${path.basename(dir)}.`))).toEqual([]);
  });

  test('--prune never deletes a directory we do not own', () => {
    const dir = populated();
    const before = readTree(dir, { withMarker: true });
    expect(runSynth({ configDir: CONFIG_DIR, outDir: dir, strict: false, prune: true }).exitCode).toBe(1);
    expect(readTree(dir, { withMarker: true })).toEqual(before);
  });

  test('the example: a file a user added inside dist/ fails the synth, naming it; --prune deletes it and says so', () => {
    const out = path.join(tempDir('own'), 'dist');
    expect(runSynth({ configDir: CONFIG_DIR, outDir: out, strict: false }).exitCode).toBe(0);
    fs.writeFileSync(path.join(out, 'production', 'extra-pdb.yaml'), 'kind: PodDisruptionBudget\n');
    fs.mkdirSync(path.join(out, 'scratch'));
    const before = readTree(out, { withMarker: true });
    const r = runSynth({ configDir: CONFIG_DIR, outDir: out, strict: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/dist\/production\/extra-pdb\.yaml: error: production\/extra-pdb\.yaml is in the output but the last synth did not write it; synth would delete it \[output-dir\/unexpected-file\]\n\s+fix: .*--prune/);
    expect(r.stderr).toContain('[output-dir/unexpected-file]');
    expect(r.stderr).toMatch(/scratch\/ is in the output/);
    expect(r.stderr).toContain('2 error(s)');
    expect(readTree(out, { withMarker: true })).toEqual(before);
    expect(fs.existsSync(path.join(out, 'scratch'))).toBe(true);

    const pruned = runSynth({ configDir: CONFIG_DIR, outDir: out, strict: false, prune: true });
    expect(pruned.exitCode).toBe(0);
    expect(pruned.stdout).toMatch(/^pruned \S*dist\/production\/extra-pdb\.yaml \(not written by the last synth\)\npruned \S*dist\/scratch\/ .*\nsynthesized \d+ files/);
    expect(fs.existsSync(path.join(out, 'production', 'extra-pdb.yaml'))).toBe(false);
    expect(fs.existsSync(path.join(out, 'scratch'))).toBe(false);
  });

  test('unexpected files and config errors are reported in one run', () => {
    const out = path.join(tempDir('own'), 'dist');
    expect(runSynth({ configDir: CONFIG_DIR, outDir: out, strict: false }).exitCode).toBe(0);
    fs.writeFileSync(path.join(out, 'NOTES.md'), 'x');
    const r = runSynth({ configDir: path.join(tempDir('nocfg'), 'nowhere'), outDir: out, strict: false });
    expect(r.stderr).toContain('[output-dir/unexpected-file]');
    expect(r.stderr).toContain('[config/missing-dir]');
  });

  test('a marker from a newer format, or one this tool did not write, is not overwritten', () => {
    const out = path.join(tempDir('own'), 'dist');
    writeDist(out, [{ path: 'x.yaml', content: 'a' }]);
    fs.writeFileSync(path.join(out, MARKER), fs.readFileSync(path.join(out, MARKER), 'utf-8').replace('format 1', 'format 2'));
    expect(rulesOf(() => writeDist(out, [{ path: 'x.yaml', content: 'b' }]))).toEqual(['output-dir/newer-format']);
    fs.writeFileSync(path.join(out, MARKER), 'hello');
    expect(rulesOf(() => writeDist(out, [{ path: 'x.yaml', content: 'b' }]))).toEqual(['output-dir/bad-marker']);
    expect(fs.readFileSync(path.join(out, 'x.yaml'), 'utf-8')).toBe('a');
  });

  test('markers merged by git (union of both sides\' lines) stay valid: files of either branch are ours', () => {
    const out = path.join(tempDir('own'), 'dist');
    writeDist(out, [{ path: 'a.yaml', content: 'a' }, { path: 'b.yaml', content: 'b' }]);
    const theirs = markerContent([{ path: 'a.yaml', content: '' }, { path: 'c.yaml', content: '' }]);
    fs.appendFileSync(path.join(out, MARKER), theirs);
    fs.writeFileSync(path.join(out, 'c.yaml'), 'c from the other branch');
    expect(writeDist(out, [{ path: 'a.yaml', content: 'a2' }])).toEqual({ pruned: [] });
    expect(readTree(out)).toEqual({ 'a.yaml': 'a2' });
  });

  test('a file the marker does not list but this synth writes byte for byte is not reported (a merge brought it)', () => {
    const out = path.join(tempDir('own'), 'dist');
    writeDist(out, [{ path: 'a.yaml', content: 'a' }]);
    fs.writeFileSync(path.join(out, 'pdb.yaml'), 'same');
    expect(writeDist(out, [{ path: 'a.yaml', content: 'a' }, { path: 'pdb.yaml', content: 'same' }])).toEqual({ pruned: [] });
    fs.writeFileSync(path.join(out, 'vpa.yaml'), 'edited by hand');
    expect(rulesOf(() => writeDist(out, [{ path: 'a.yaml', content: 'a' }, { path: 'vpa.yaml', content: 'generated' }]))).toEqual(['output-dir/unexpected-file']);
  });

  test('a file, or a symbolic link, as --out is refused', () => {
    const parent = tempDir('f');
    fs.writeFileSync(path.join(parent, 'out'), 'precious');
    expect(rulesOf(() => writeDist(path.join(parent, 'out'), [{ path: 'x.yaml', content: 'a' }]))).toEqual(['output-dir/not-a-directory']);
    // beneath a file: the parent is named, not the lock's EEXIST
    expect(rulesOf(() => writeDist(path.join(parent, 'out', 'sub'), [{ path: 'x.yaml', content: 'a' }]))).toEqual(['output-dir/not-a-directory']);
    try {
      writeDist(path.join(parent, 'out', 'sub'), [{ path: 'x.yaml', content: 'a' }]);
    } catch (e) {
      expect((e as Error).message).toContain('out is a file, not a directory, so');
      expect((e as Error).message).not.toContain('EEXIST');
    }
    fs.symlinkSync(tempDir('target'), path.join(parent, 'link'));
    expect(rulesOf(() => writeDist(path.join(parent, 'link'), [{ path: 'x.yaml', content: 'a' }]))).toEqual(['output-dir/symlink']);
    expect(fs.readFileSync(path.join(parent, 'out'), 'utf-8')).toBe('precious');
  });

  describe('an --out that is, contains or lies above the config directory, the project root or .git is refused before anything is created', () => {
    const project = tempDir('project');
    const config = path.join(project, 'config');
    fs.mkdirSync(config);
    fs.copyFileSync(PRODUCTION_FILE, path.join(config, 'production.yaml')); // the effective environment, self-contained
    fs.mkdirSync(path.join(project, '.git'));
    fs.writeFileSync(path.join(project, '.git', 'HEAD'), 'ref: refs/heads/main\n');
    test.each([
      ['the config directory', config, /the output directory is the config directory/],
      ['above the config directory', project, /the output directory contains the config directory/],
      ['inside the config directory', path.join(config, 'out'), /the output directory lies inside the config directory/],
      ['the .git directory', path.join(project, '.git'), /the output directory is a \.git directory/],
      ['inside .git', path.join(project, '.git', 'dist'), /lies inside a \.git directory/],
      ['the git working tree', path.join(project, 'sub', '..'), /contains the config directory|is a git working tree/],
      ['the project root (the working directory)', ROOT, /is the project root|contains the config directory/],
      ['above the project root', path.dirname(ROOT), /contains the project root|contains the config directory/],
    ])('%s', (_name, out, message) => {
      const before = readTree(project, { withMarker: true });
      // Only entries named after the output dir: other test files create temp dirs beside it in parallel.
      const ours = () => fs.readdirSync(path.dirname(path.resolve(out))).filter((e) => e.includes(path.basename(path.resolve(out))));
      const siblings = ours();
      const r = runSynth({ configDir: config, outDir: out, strict: false });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain('[output-dir/protected]');
      expect(r.stderr).toMatch(message);
      expect(readTree(project, { withMarker: true })).toEqual(before);
      expect(ours()).toEqual(siblings); // not even a lock file
      // each protected directory named once; "delete" only where the output would replace it
      const named = r.stderr.split('\n')[1].match(/(?:is|contains|lies inside) [a-z .]+ \([^)]+\)/g) ?? [];
      expect(named.length).toBeGreaterThan(0);
      expect(new Set(named).size).toBe(named.length);
      expect(r.stderr).toContain(/the output directory (is|contains) /.test(r.stderr) ? 'replacing it would delete what is there' : 'output written there would be mixed into what is there');
    });
  });
});

test('an --out that is the root of a git working tree is refused', () => {
  const repo = tempDir('repo');
  fs.mkdirSync(path.join(repo, '.git'));
  fs.writeFileSync(path.join(repo, 'README.md'), 'x');
  const r = runSynth({ configDir: CONFIG_DIR, outDir: repo, strict: false });
  expect(r.stderr).toMatch(/the output directory .*is a git working tree .*\[output-dir\/protected\]/);
  expect(fs.readdirSync(repo).sort()).toEqual(['.git', 'README.md']);
});

describe('the lock: two synths never interleave, and a killed one does not leave it stuck', () => {
  const runChild = (out: string) => spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'synth.js'), '--out', out], {
    cwd: ROOT, encoding: 'utf-8', env: { ...process.env, CDK8S_OUTDIR: '' },
  });

  test('a synth started while another holds the lock fails without touching the output', () => {
    const out = path.join(tempDir('lock'), 'dist');
    expect(runSynth({ configDir: CONFIG_DIR, outDir: out, strict: false }).exitCode).toBe(0);
    const before = readTree(out, { withMarker: true });
    const holder = new OutputTree(out);
    holder.lock();
    try {
      const r = runChild(out);
      expect(r.status).toBe(1);
      expect(r.stderr).toContain(`another synth (pid ${process.pid}) is writing ${out} [output-dir/locked]`);
      expect(r.stderr).toMatch(/synth failed; \S+ was not touched/);
      expect(readTree(out, { withMarker: true })).toEqual(before);
    } finally {
      holder.unlock();
    }
    expect(runSynth({ configDir: CONFIG_DIR, outDir: out, strict: false }).exitCode).toBe(0); // released: the next synth proceeds
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
  });

  test('three synths started at once: each succeeds alone or fails as locked, and the tree ends complete', async () => {
    const out = path.join(tempDir('race'), 'dist');
    const results = await Promise.all([0, 1, 2].map(() => new Promise<{ code: number | null; stderr: string }>((resolve) => {
      const child = spawn(process.execPath, [path.join(ROOT, 'scripts', 'synth.js'), '--out', out], { cwd: ROOT, env: { ...process.env, CDK8S_OUTDIR: '' } });
      let stderr = '';
      child.stderr.on('data', (d) => { stderr += d; });
      child.on('exit', (code) => resolve({ code, stderr }));
    })));
    expect(results.some((r) => r.code === 0)).toBe(true);
    for (const r of results.filter((x) => x.code !== 0)) expect(r.stderr).toContain('[output-dir/locked]');
    expect(readTree(out)).toEqual(Object.fromEntries(synthesizeConfigDir(CONFIG_DIR).files.map((f) => [f.path, f.content])));
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
  });

  test('a lock left by a process that is gone is stale and taken over', () => {
    const out = path.join(tempDir('lock'), 'dist');
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf-8' });
    fs.writeFileSync(path.join(path.dirname(out), '.dist.luneo-lock'), `${dead.stdout}\n`);
    expect(runSynth({ configDir: CONFIG_DIR, outDir: out, strict: false }).exitCode).toBe(0);
    // An empty lock: a run between creating and filling it (locked), or one killed there long ago (stale).
    const lock = path.join(path.dirname(out), '.dist.luneo-lock');
    fs.writeFileSync(lock, '');
    const starting = runSynth({ configDir: CONFIG_DIR, outDir: out, strict: false });
    expect(starting).toMatchObject({ exitCode: 1, stderr: expect.stringContaining('another synth (starting up) is writing') });
    fs.utimesSync(lock, new Date(Date.now() - 60_000), new Date(Date.now() - 60_000));
    expect(runSynth({ configDir: CONFIG_DIR, outDir: out, strict: false }).exitCode).toBe(0);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
  });
});

describe('the lock names its process by pid and start time, so a reused pid does not keep it', () => {
  const lockOf = (out: string) => path.join(path.dirname(out), '.dist.luneo-lock');
  const running = process.ppid;
  const start = processStart(running);

  test('a synth writes its pid and its start time (proc(5) field 22) while it holds the lock', () => {
    const out = path.join(tempDir('lock-text'), 'dist');
    let text = '';
    writeDist(out, [{ path: 'a.yaml', content: 'a' }], { onStep: (step) => { if (step === 'locked') text = fs.readFileSync(lockOf(out), 'utf-8'); } });
    expect(start).toBeDefined();
    expect(text).toBe(`${process.pid} ${processStart(process.pid)}\n`);
  });

  test.each([
    ['its pid and start time: the run holding it', (pid: number) => `${pid} ${start}\n`, true],
    ['its pid alone (a lock written before start times, or off Linux)', (pid: number) => `${pid}\n`, true],
    ['its pid and another start time: a later process with a reused pid', (pid: number) => `${pid} ${start! + 1}\n`, false],
  ])('a running process named by %s -> locked: %s', (_, text, locked) => {
    const out = path.join(tempDir('lock-reuse'), 'dist');
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(lockOf(out), text(running));
    const r = runSynth({ configDir: CONFIG_DIR, outDir: out, strict: false });
    if (locked) {
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain(`another synth (pid ${running}) is writing`);
      expect(r.stderr).toContain('[output-dir/locked]');
      expect(fs.existsSync(out)).toBe(false);
    } else {
      expect(r.exitCode).toBe(0);
      expect(fs.existsSync(path.join(out, 'production'))).toBe(true);
    }
    expect(fs.existsSync(lockOf(out))).toBe(locked);
  });
});

describe('the carry-over and the "already identical" shortcut keep what a full rewrite normalises', () => {
  const umask = process.umask();
  const fileMode = 0o666 & ~umask;
  const dirMode = 0o777 & ~umask;
  const mode = (p: string) => fs.lstatSync(p).mode & 0o7777;
  const files = [{ path: 'a/x.yaml', content: 'x' }, { path: 'y.yaml', content: 'y' }];

  test('a file, the marker or a directory whose mode a user changed gets the mode a fresh write gives, whether nothing else changed or something did', () => {
    for (const changeAnother of [false, true]) {
      const out = path.join(tempDir('mode'), 'dist');
      writeDist(out, files);
      fs.chmodSync(path.join(out, 'a/x.yaml'), 0o755);
      fs.chmodSync(path.join(out, 'y.yaml'), 0o4644); // setuid
      fs.chmodSync(path.join(out, MARKER), 0o600);
      fs.chmodSync(path.join(out, 'a'), 0o700);
      const next = changeAnother ? [...files, { path: 'z.yaml', content: 'z' }] : files;
      writeDist(out, next);
      for (const f of next) expect([f.path, mode(path.join(out, f.path))]).toEqual([f.path, fileMode]);
      expect(mode(path.join(out, MARKER))).toBe(fileMode);
      expect(mode(path.join(out, 'a'))).toBe(dirMode);
      expect(readTree(out)).toEqual(Object.fromEntries(next.map((f) => [f.path, f.content])));
    }
  });

  test('the output directory itself gets a fresh mode too', () => {
    const out = path.join(tempDir('mode'), 'dist');
    writeDist(out, files);
    fs.chmodSync(out, 0o1777); // sticky, world-writable
    writeDist(out, files);
    expect(mode(out)).toBe(dirMode);
  });

  // Changing a file's owner takes root (CI runs as root); elsewhere there is nothing to check.
  (process.geteuid?.() === 0 ? test : test.skip)('a file or directory handed to another owner or group gets back the owner and group a fresh write gives', () => {
    for (const changeAnother of [false, true]) {
      const out = path.join(tempDir('owner'), 'dist');
      writeDist(out, files);
      const fresh = fs.lstatSync(path.join(out, 'y.yaml'));
      fs.chownSync(path.join(out, 'y.yaml'), 12345, fresh.gid);
      fs.chownSync(path.join(out, 'a/x.yaml'), fresh.uid, 12345);
      fs.chownSync(path.join(out, 'a'), 12345, 12345);
      writeDist(out, changeAnother ? [...files, { path: 'z.yaml', content: 'z' }] : files);
      for (const p of ['y.yaml', 'a/x.yaml', 'a', MARKER]) {
        const s = fs.lstatSync(path.join(out, p));
        expect([p, s.uid, s.gid]).toEqual([p, fresh.uid, fresh.gid]);
      }
    }
  });

  test('a file a user hard-linked elsewhere is not carried: the output never shares an inode with a file outside it', () => {
    const parent = tempDir('nlink');
    const out = path.join(parent, 'dist');
    writeDist(out, files);
    const mine = path.join(parent, 'my-copy.yaml');
    fs.linkSync(path.join(out, 'y.yaml'), mine);
    for (const next of [files, [...files, { path: 'z.yaml', content: 'z' }]]) {
      writeDist(out, next);
      const dist = fs.lstatSync(path.join(out, 'y.yaml'));
      expect(dist.ino).not.toBe(fs.lstatSync(mine).ino);
      expect(dist.nlink).toBe(1);
    }
    // A later synth that changes the file writes a new one; the user's file keeps its bytes.
    writeDist(out, [files[0], { path: 'y.yaml', content: 'changed' }]);
    expect(fs.readFileSync(mine, 'utf-8')).toBe('y');
    expect(fs.readFileSync(path.join(out, 'y.yaml'), 'utf-8')).toBe('changed');
  });
});

describe('a FIFO (or other non-regular file) in or beside the output never blocks the writer', () => {
  // In a child process with a timeout: a writer that blocks opening a FIFO would hang jest itself.
  // The production environment alone (PRODUCTION_FILE's dir), not config/'s two: a smaller synth
  // per process, and the HPA file the FIFO replaces is the same.
  const configDir = path.dirname(PRODUCTION_FILE);
  const synthChild = (out: string, ...args: string[]) => spawnSync(process.execPath, [path.join(ROOT, 'scripts', 'synth.js'), '--config', configDir, '--out', out, ...args], {
    cwd: ROOT, encoding: 'utf-8', env: { ...process.env, CDK8S_OUTDIR: '' }, timeout: 60_000, killSignal: 'SIGKILL',
  });
  const HPA = 'production/horizontalpodautoscaler-luneo-backend-hpa.k8s.yaml';
  let synthesized: OutputFile[] | undefined;
  const files = () => (synthesized ??= synthesizeConfigDir(configDir).files.map((f) => ({ path: f.path, content: f.content })));
  const expected = () => Object.fromEntries(files().map((f) => [f.path, f.content]));
  /** The output of a synth of config/, written by the writer in this process: no FIFO is there yet to block it. */
  const fresh = () => {
    const out = path.join(tempDir('fifo'), 'dist');
    writeDist(out, files());
    return out;
  };
  const mkfifo = (p: string) => {
    fs.rmSync(p, { force: true });
    execFileSync('mkfifo', [p]);
  };

  test('at a path synth writes: without --prune the finding, with --prune the file replaced; nothing left beside the output', () => {
    const out = fresh();
    mkfifo(path.join(out, HPA));
    const refused = synthChild(out);
    expect(refused.signal).toBeNull();
    expect(refused.status).toBe(1);
    expect(refused.stderr).toContain(`${HPA} is a named pipe where the last synth wrote a file; synth would replace it [output-dir/not-a-file]`);
    const pruned = synthChild(out, '--prune');
    expect(pruned.signal).toBeNull();
    expect(pruned.status).toBe(0);
    expect(pruned.stdout).toContain(`${HPA} (a named pipe where the last synth wrote a file)`);
    expect(readTree(out)).toEqual(expected());
    expect(fs.lstatSync(path.join(out, HPA)).isFile()).toBe(true);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
  });

  test('at a path synth writes that the marker does not list (the byte comparison that spares a merged-in file)', () => {
    const out = fresh();
    const marker = path.join(out, MARKER);
    fs.writeFileSync(marker, fs.readFileSync(marker, 'utf-8').replace(`${HPA}\n`, ''));
    mkfifo(path.join(out, HPA));
    const r = synthChild(out);
    expect(r.signal).toBeNull();
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${HPA} is in the output but the last synth did not write it`);
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
  });

  test('as the marker, or as the lock: refused as not ours or as locked, never read', () => {
    const out = fresh();
    mkfifo(path.join(out, MARKER));
    const notOurs = synthChild(out);
    expect(notOurs.signal).toBeNull();
    expect(notOurs.stderr).toContain('[output-dir/not-owned]');
    const other = path.join(tempDir('fifo'), 'dist');
    mkfifo(path.join(path.dirname(other), '.dist.luneo-lock'));
    const locked = synthChild(other);
    expect(locked.signal).toBeNull();
    expect(locked.stderr).toContain('[output-dir/locked]');
    expect(fs.existsSync(other)).toBe(false);
  });
});

describe('something else where the last synth wrote a directory, or a directory where it wrote a file', () => {
  const files: OutputFile[] = [{ path: 'staging/a.yaml', content: 'a: 1\n' }, { path: 'production/b.yaml', content: 'b: 1\n' }];
  const findingsOf = (fn: () => unknown) => {
    try {
      fn();
    } catch (e) {
      if (e instanceof ConfigError) return e.findings.map((f) => `${f.message} [${f.rule}]`);
      throw e;
    }
    return [];
  };
  /** An output of `files` whose staging/ is then replaced by a link to a directory outside holding the same a.yaml. */
  const linked = () => {
    const out = path.join(tempDir('misplaced'), 'dist');
    writeDist(out, files);
    const outside = tempDir('misplaced-outside');
    fs.writeFileSync(path.join(outside, 'a.yaml'), 'a: 1\n');
    fs.writeFileSync(path.join(outside, 'precious.txt'), 'keep me');
    fs.rmSync(path.join(out, 'staging'), { recursive: true });
    fs.symlinkSync(outside, path.join(out, 'staging'));
    return { out, outside };
  };

  test('a symbolic link where dist/staging was: not-a-directory, said as a link (was "staging is in the output but the last synth did not write it")', () => {
    const { out, outside } = linked();
    expect(findingsOf(() => writeDist(out, files))).toEqual([
      'staging is a symbolic link where the last synth wrote a directory; synth would replace it (the link itself, never what it points to) [output-dir/not-a-directory]']);
    expect(fs.lstatSync(path.join(out, 'staging')).isSymbolicLink()).toBe(true);
    expect(fs.readdirSync(outside).sort()).toEqual(['a.yaml', 'precious.txt']);
  });

  test('--prune replaces the link with our directory and never follows it: what it pointed to is untouched, not even hard-linked', () => {
    const { out, outside } = linked();
    expect(writeDist(out, files, { prune: true })).toEqual({ pruned: ['staging'] });
    expect(fs.lstatSync(path.join(out, 'staging')).isDirectory()).toBe(true);
    expect(readTree(out)).toEqual({ 'staging/a.yaml': 'a: 1\n', 'production/b.yaml': 'b: 1\n' });
    expect(fs.readdirSync(outside).sort()).toEqual(['a.yaml', 'precious.txt']);
    expect(fs.readFileSync(path.join(outside, 'precious.txt'), 'utf-8')).toBe('keep me');
    // The identical a.yaml behind the link was not carried over into the new tree as a hard link.
    expect(fs.statSync(path.join(outside, 'a.yaml')).nlink).toBe(1);
  });

  test('the synth command says why it pruned it', () => {
    const dir = tempDir('misplaced-synth');
    const out = path.join(dir, 'dist');
    expect(runSynth({ configDir: CONFIG_DIR, outDir: out, strict: false }).exitCode).toBe(0);
    const outside = tempDir('misplaced-synth-outside');
    fs.rmSync(path.join(out, 'staging'), { recursive: true });
    fs.symlinkSync(outside, path.join(out, 'staging'));
    const refused = runSynth({ configDir: CONFIG_DIR, outDir: out, strict: false });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toMatch(/staging: error: staging is a symbolic link where the last synth wrote a directory; synth would replace it \(the link itself, never what it points to\) \[output-dir\/not-a-directory\]/);
    expect(refused.stderr).not.toMatch(/did not write it/);
    const pruned = runSynth({ configDir: CONFIG_DIR, outDir: out, strict: false, prune: true });
    expect(pruned.exitCode).toBe(0);
    expect(pruned.stdout).toMatch(/pruned \S*dist\/staging \(a symbolic link where the last synth wrote a directory\)/);
    expect(fs.lstatSync(path.join(out, 'staging')).isDirectory()).toBe(true);
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  test.each([
    ['a regular file', (p: string) => fs.writeFileSync(p, 'x')],
    ['a named pipe', (p: string) => execFileSync('mkfifo', [p])],
  ])('%s where dist/staging was: not-a-directory', (kind, make) => {
    const out = path.join(tempDir('misplaced-kind'), 'dist');
    writeDist(out, files);
    fs.rmSync(path.join(out, 'staging'), { recursive: true });
    make(path.join(out, 'staging'));
    expect(findingsOf(() => writeDist(out, files))).toEqual([`staging is ${kind} where the last synth wrote a directory; synth would replace it [output-dir/not-a-directory]`]);
  });

  test('a directory where the last synth wrote a file: not-a-file', () => {
    const out = path.join(tempDir('misplaced-dir'), 'dist');
    writeDist(out, files);
    fs.rmSync(path.join(out, 'production/b.yaml'));
    fs.mkdirSync(path.join(out, 'production/b.yaml'));
    expect(findingsOf(() => writeDist(out, files))).toEqual(['production/b.yaml/ is a directory where the last synth wrote a file; synth would replace it [output-dir/not-a-file]']);
  });
});
