import * as fs from 'fs';
import * as path from 'path';
import { revisionProblem } from '../lib/config/schema';
import { runSynth } from '../lib/output/synth-command';
import { CONFIG_DIR, tempDir } from './support';

// argocd.targetRevision: what Argo CD can track in a git repository (a git ref name, a commit SHA,
// HEAD, a semver constraint on tags), checked at synth time rather than by a failing sync or a
// runbook link that silently keeps the base URL's ref.
describe('revisionProblem', () => {
  test.each(['main', 'HEAD', 'release/1.2', 'v1.2.3', 'qa', 'feature/x-y_z', '0123abc', '0123456789abcdef0123456789abcdef01234567', '1.2.*', '>=1.0.0 <2.0.0', '^1.2', '~1.2.3', '1.2 - 1.4.5', '>=1.0 || 2.x'])('%s is a revision', (r) => {
    expect(revisionProblem(r)).toBeUndefined();
  });
  test.each([
    ['a b', 'a space'], ['feature..x', '".."'], ['x.lock', '.lock'], ['.hidden', 'starts with "."'], ['dir/.x', 'starts with "."'],
    ['a/', '"/"'], ['/a', '"/"'], ['a//b', '"//"'], ['x.', 'end with "."'], ['@', '"@"'], ['a@{1}', '"@{"'],
    ['a~1', '"~"'], ['a^', '"^"'], ['a:b', '":"'], ['a\\b', '"\\"'], ['a?', '"?"'], ['a[1]', '"["'], ['tab\there', 'control character'], ['-x', 'start with "-"'],
  ])('%s is no revision (%s)', (r, why) => {
    expect(revisionProblem(r)).toContain(why);
  });
});

test('targetRevision "a b" in staging: a finding at its line, and dist/ untouched', () => {
  const dir = tempDir('revision');
  for (const f of fs.readdirSync(CONFIG_DIR).filter((n) => n.endsWith('.yaml'))) fs.copyFileSync(path.join(CONFIG_DIR, f), path.join(dir, f));
  const staging = fs.readFileSync(path.join(dir, 'staging.yaml'), 'utf-8').replace('targetRevision: main', 'targetRevision: "a b"');
  fs.writeFileSync(path.join(dir, 'staging.yaml'), staging);
  const line = staging.split('\n').findIndex((l) => l.includes('targetRevision: "a b"')) + 1;
  const out = path.join(tempDir('revision-out'), 'dist');
  const r = runSynth({ configDir: dir, outDir: out, strict: false });
  expect(r.exitCode).toBe(1);
  expect(r.stderr).toContain(`staging.yaml:${line}:`);
  expect(r.stderr).toContain('argocd.targetRevision');
  expect(r.stderr).toContain('argocd/target-revision');
  expect(r.stderr).toContain('a space is not allowed in a git ref');
  expect(fs.existsSync(out)).toBe(false);
});
