import * as fs from 'fs';
import * as path from 'path';
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
