import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { RESERVED_ENVIRONMENT_NAMES } from '../lib/config/load';
import { MARKER, markerContent } from '../lib/output/dist-writer';
import { synthesizeConfigDir } from '../lib/output/synthesize';
import { CONFIG_DIR, readTree, ROOT } from './support';

// dist/ is committed and applied by Argo CD: it must be exactly what the code synthesizes now.
test('committed dist/ equals what config/ synthesizes (run `npm run synth` and commit)', () => {
  const expected = Object.fromEntries(synthesizeConfigDir(CONFIG_DIR).files.map((f) => [f.path, f.content]));
  const actual = readTree(path.join(ROOT, 'dist'));
  expect(Object.keys(actual).sort()).toEqual(Object.keys(expected).sort());
  for (const file of Object.keys(expected)) expect({ file, content: actual[file] }).toEqual({ file, content: expected[file] });
});

test('synthesis is deterministic: same input, same bytes', () => {
  const a = synthesizeConfigDir(CONFIG_DIR).files;
  const b = synthesizeConfigDir(CONFIG_DIR).files;
  expect(b).toEqual(a);
});

test('committed dist/ carries the ownership marker listing exactly its files', () => {
  const files = synthesizeConfigDir(CONFIG_DIR).files;
  expect(fs.readFileSync(path.join(ROOT, 'dist', MARKER), 'utf-8')).toBe(markerContent(files));
});

test('Argo CD never applies the dist root, so the marker is never applied (a directory source reads *.yaml, *.yml, *.json)', () => {
  const dir = path.join(ROOT, 'dist', 'argocd');
  const apps = fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => parse(fs.readFileSync(path.join(dir, f), 'utf-8'))) : [];
  const applying = apps.filter((a) => a.spec?.source?.path !== undefined);
  expect(applying.length).toBeGreaterThan(0);
  for (const app of applying) {
    expect(app.spec.source.path).toMatch(/^dist\/[a-z0-9-]+$/);
    expect(app.spec.source.directory?.recurse ?? false).toBe(false);
  }
  expect(MARKER).not.toMatch(/\.(ya?ml|json|jsonnet)$/);
});

test('every top-level directory of dist/ that is not an environment is a reserved environment name', () => {
  const files = synthesizeConfigDir(CONFIG_DIR).files;
  const environments = new Set(files.map((f) => f.environment));
  const dirs = new Set(files.map((f) => f.path.split('/')).filter((parts) => parts.length > 1).map((parts) => parts[0]));
  const others = [...dirs].filter((d) => !environments.has(d)).sort();
  expect(others.length).toBeGreaterThan(0);
  expect(RESERVED_ENVIRONMENT_NAMES.filter((n) => others.includes(n)).sort()).toEqual(others);
});
