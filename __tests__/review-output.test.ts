import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { MARKER, writeDist } from '../lib/output/dist-writer';
import { synthesizeConfigDir } from '../lib/output/synthesize';
import { runReview } from '../lib/review/review-command';
import { CONFIG_DIR, readTree, tempDir } from './support';

/** A throwaway project: config/ and a committed dist/ of the production config, optionally in git. */
function project(withGit = true): string {
  const dir = tempDir('review-out');
  // Every test starts from the same project: it is built once (synth, git init, commit) and copied.
  fs.cpSync(template(), dir, { recursive: true, filter: (src) => withGit || path.basename(src) !== '.git' });
  return dir;
}
let built: string | undefined;
function template(): string {
  if (built) return built;
  const dir = tempDir('review-template');
  fs.cpSync(CONFIG_DIR, path.join(dir, 'config'), { recursive: true });
  // dist/ as synth writes it, marker included
  writeDist(path.join(dir, 'dist'), synthesizeConfigDir(CONFIG_DIR).files.map((f) => ({ path: f.path, content: f.content })));
  fs.writeFileSync(path.join(dir, 'cdk8s.yaml'), 'language: typescript\napp: npx ts-node main.ts\n');
  // No sample hooks, and the objects in one pack: each test's copy (and its removal) is ~50 files, not ~110.
  git(dir, 'init', '-q', '--template=', '-b', 'main');
  git(dir, 'config', 'user.email', 't@example.com');
  git(dir, 'config', 'user.name', 't');
  commitAll(dir, 'base');
  git(dir, 'repack', '-adq');
  git(dir, 'prune-packed', '-q');
  built = dir;
  return dir;
}
const git = (cwd: string, ...args: string[]) => execFileSync('git', args, { cwd, stdio: 'pipe' }).toString();
function commitAll(dir: string, message: string): void {
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', message);
}
function edit(dir: string, from: string, to: string): void {
  const file = path.join(dir, 'config', 'production.yaml');
  const text = fs.readFileSync(file, 'utf-8');
  expect(text).toContain(from);
  fs.writeFileSync(file, text.replace(from, to));
}
const MAX_50 = 'replicas: { min: 3, max: 50 }';
const reviewOut = (dir: string, out: string, extra: Partial<Parameters<typeof runReview>[0]> = {}) =>
  runReview({ base: 'HEAD', outDir: out, configDir: 'config', distDir: 'dist', cwd: dir, noSimulation: true, ...extra });

describe('review --out follows the synth writer\'s ownership rules', () => {
  test('--out config, dist, . and / are refused (output-dir/protected) and nothing is written there', () => {
    const dir = project();
    edit(dir, MAX_50, 'replicas: { min: 3, max: 60 }');
    const before = readTree(dir);
    for (const out of ['config', 'dist', '.', '/', 'dist/production', 'config/sub']) {
      const r = reviewOut(dir, out);
      expect([out, r.exitCode]).toEqual([out, 1]);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(/\[output-dir\/protected\]/);
      expect(r.stderr).toContain('review failed');
    }
    expect(readTree(dir)).toEqual(before);
    expect(fs.existsSync('/review.md')).toBe(false);
    expect(fs.existsSync(path.join(dir, 'review.md'))).toBe(false);
  });

  test('with nothing changed, --out config, dist, . or a regular file is refused all the same (exit 1), nothing touched', () => {
    const dir = project();
    fs.writeFileSync(path.join(dir, 'afile'), 'mine\n');
    const before = readTree(dir);
    for (const out of ['config', 'dist', '.']) {
      const r = reviewOut(dir, out);
      expect([out, r.exitCode]).toEqual([out, 1]);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain(`: error: the output directory ${out === '.' ? 'contains' : 'is'} the `);
      expect(r.stderr).toContain('[output-dir/protected]');
      expect(r.stderr).toContain(`review failed: ${out} cannot hold a review; it was left as it was\n`);
    }
    const file = reviewOut(dir, 'afile');
    expect(file.stderr).toBe([
      `${path.join(dir, 'afile')}:`,
      `  ${path.join(dir, 'afile')}: error: ${path.join(dir, 'afile')} is a file, not an output directory [output-dir/not-a-directory]`,
      '      fix: pass a directory that is missing, empty or written by luneo-autoscaling',
      '1 error(s), 0 warning(s)',
      'review failed: afile cannot hold a review; it was left as it was',
      '',
    ].join('\n'));
    expect(file.exitCode).toBe(1);
    expect(readTree(dir)).toEqual(before);
    // a missing directory is fine, and stays missing: there is nothing to write
    const fresh = reviewOut(dir, 'review');
    expect([fresh.exitCode, fresh.stdout, fresh.stderr]).toEqual([0, '', '']);
    expect(fs.existsSync(path.join(dir, 'review'))).toBe(false);
  });

  test('a directory of the user\'s own files is left untouched (output-dir/not-owned): review.md MINE stays', () => {
    const dir = project();
    edit(dir, MAX_50, 'replicas: { min: 3, max: 60 }');
    const x = tempDir('review-user');
    fs.writeFileSync(path.join(x, 'review.md'), 'MINE\n');
    const r = reviewOut(dir, x);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/\[output-dir\/not-owned\]/);
    expect(fs.readFileSync(path.join(x, 'review.md'), 'utf-8')).toBe('MINE\n');
    expect(fs.readdirSync(x)).toEqual(['review.md']);
  });

  test('a synth or simulate output (owned, but not a review) is refused: output-dir/other-output', () => {
    const dir = project();
    edit(dir, MAX_50, 'replicas: { min: 3, max: 60 }');
    const synthOut = path.join(tempDir('review-synth'), 'out');
    writeDist(synthOut, synthesizeConfigDir(CONFIG_DIR).files.map((f) => ({ path: f.path, content: f.content })));
    const before = readTree(synthOut);
    const r = reviewOut(dir, synthOut);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/\[output-dir\/other-output\]/);
    expect(readTree(synthOut)).toEqual(before);
  });

  test('a review replaces its previous review whole: stale charts go, the marker lists what was written', () => {
    const dir = project();
    edit(dir, MAX_50, 'replicas: { min: 3, max: 10 }');
    const first = reviewOut(dir, 'review', { noSimulation: false, presets: ['step'] }); // charts from one preset
    expect(first.exitCode).toBe(0);
    const charts = fs.readdirSync(path.join(dir, 'review', 'charts'));
    expect(charts.length).toBeGreaterThan(0);
    expect(fs.readFileSync(path.join(dir, 'review', MARKER), 'utf-8')).toContain(`charts/${charts[0]}`);

    const second = reviewOut(dir, 'review', { noSimulation: true });
    expect(second).toEqual({ exitCode: 0, stdout: 'wrote review.md, review.html to review\n', stderr: '' });
    expect(fs.readdirSync(path.join(dir, 'review')).sort()).toEqual([MARKER, 'review.html', 'review.md'].sort());
    // no lock, temp or previous tree left beside it
    expect(fs.readdirSync(dir).filter((f) => f.includes('luneo-'))).toEqual([]);
  });
});

test('nothing changed any more: the previous review in --out is removed (it would describe a change that is gone), a foreign file keeps it', () => {
  const dir = project();
  const file = path.join(dir, 'config', 'production.yaml');
  const original = fs.readFileSync(file, 'utf-8');
  edit(dir, MAX_50, 'replicas: { min: 3, max: 60 }');
  expect(reviewOut(dir, 'review').exitCode).toBe(0);
  fs.writeFileSync(file, original);
  // a file the user put there: the directory is no longer only ours, so it stays
  fs.writeFileSync(path.join(dir, 'review', 'notes.txt'), 'mine\n');
  const kept = reviewOut(dir, 'review');
  expect(kept.exitCode).toBe(1);
  expect(kept.stderr).toMatch(/\[output-dir\/unexpected-file\]/);
  expect(kept.stderr).toContain('notes.txt is in the output but the previous review did not write it');
  expect(kept.stderr).not.toContain('--prune');
  expect(fs.readFileSync(path.join(dir, 'review', 'notes.txt'), 'utf-8')).toBe('mine\n');
  fs.rmSync(path.join(dir, 'review', 'notes.txt'));
  expect(reviewOut(dir, 'review')).toEqual({ exitCode: 0, stdout: 'no change in the synthesized output; removed the previous review in review\n', stderr: '' });
  // the review's files go; the directory, which may be the user's own, stays (empty)
  expect(fs.readdirSync(path.join(dir, 'review'))).toEqual([]);
  // and with no previous review, nothing at all
  expect(reviewOut(dir, 'review')).toEqual({ exitCode: 0, stdout: '', stderr: '' });
  expect(fs.readdirSync(path.join(dir, 'review'))).toEqual([]);
});

test('a directory the user made for the review is never removed with the review', () => {
  const dir = project();
  const file = path.join(dir, 'config', 'production.yaml');
  const original = fs.readFileSync(file, 'utf-8');
  fs.mkdirSync(path.join(dir, 'mine'));
  edit(dir, MAX_50, 'replicas: { min: 3, max: 60 }');
  expect(reviewOut(dir, 'mine').exitCode).toBe(0);
  expect(fs.readdirSync(path.join(dir, 'mine'))).toContain('review.md');
  fs.writeFileSync(file, original);
  expect(reviewOut(dir, 'mine').stdout).toBe('no change in the synthesized output; removed the previous review in mine\n');
  expect(fs.statSync(path.join(dir, 'mine')).isDirectory()).toBe(true);
  expect(fs.readdirSync(path.join(dir, 'mine'))).toEqual([]);
});

describe('review\'s git messages', () => {
  test('without .git: "not a git repository", not "--base HEAD is not a commit"', () => {
    const dir = project(false);
    const r = runReview({ base: 'HEAD', configDir: 'config', distDir: 'dist', cwd: dir, noSimulation: true });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^error: .* is not a git repository .*\[review\/not-a-repository\]/);
    expect(r.stderr).not.toMatch(/is not a commit/);
    expect(r.stderr).toMatch(/fix: run review in a git clone/);
  });

  test('a shallow clone: the missing base comes with the hint to fetch the history', () => {
    const dir = project();
    for (const max of [51, 52]) {
      edit(dir, `max: ${max - 1} }`, `max: ${max} }`);
      commitAll(dir, `max ${max}`);
    }
    const clone = path.join(tempDir('review-shallow'), 'clone');
    execFileSync('git', ['clone', '-q', '--depth', '1', `file://${dir}`, clone], { stdio: 'pipe' });
    const r = runReview({ base: 'HEAD~2', configDir: 'config', distDir: 'dist', cwd: clone, noSimulation: true });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^error --base: "HEAD~2" is not a commit of this repository \[review\/base-not-a-commit\]\n/);
    expect(r.stderr).toContain('git fetch --unshallow');
    expect(r.stderr).toContain('fetch-depth: 0');
    // a full clone has no such hint, and the same base works there
    const full = runReview({ base: 'HEAD~2', configDir: 'config', distDir: 'dist', cwd: dir, noSimulation: true });
    expect(full.exitCode).toBe(0);
    expect(full.stdout).toContain('maxReplicas 50 -> 52');
    const bad = runReview({ base: 'no-such-rev', configDir: 'config', distDir: 'dist', cwd: dir, noSimulation: true });
    expect(bad.stderr).not.toContain('unshallow');
  });

  test('a missing remote branch: the hint names the fetch', () => {
    const dir = project();
    const r = runReview({ base: 'origin/main', configDir: 'config', distDir: 'dist', cwd: dir, noSimulation: true });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('git fetch origin main');
  });
});
