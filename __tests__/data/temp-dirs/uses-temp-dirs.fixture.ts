// Run by temp-dirs.test.ts as a test file of its own (a child jest): makes temp dirs the ways the
// suite does, reads one in its last afterAll, and records them in $LUNEO_TEMP_DIRS_RECORD.
import * as fs from 'fs';
import * as path from 'path';
import { PRODUCTION_FILE, tempDir } from '../../support';

const made = [path.dirname(PRODUCTION_FILE)];

test('makes temp dirs', () => {
  const dir = tempDir('fixture');
  fs.mkdirSync(path.join(dir, 'nested'));
  fs.writeFileSync(path.join(dir, 'nested', 'file.yaml'), 'x');
  made.push(dir);
});

afterAll(() => {
  // Still there for the file's own hooks.
  for (const dir of made) expect(fs.existsSync(dir)).toBe(true);
  fs.writeFileSync(process.env.LUNEO_TEMP_DIRS_RECORD!, JSON.stringify(made));
});
