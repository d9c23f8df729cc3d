import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { ROOT, tempDir } from './support';

test('every temp dir a test file makes through support.ts is removed when the file ends, after its own afterAll', () => {
  const tmp = tempDir('jest-tmpdir');
  const record = path.join(tempDir('record'), 'made.json');
  // A child jest with its own TMPDIR, so only its own temp dirs are counted.
  const r = spawnSync(process.execPath, [require.resolve('jest/bin/jest'), '--config', path.join(ROOT, 'jest.config.js'), '--runInBand', '--ci',
    '--testMatch', '**/__tests__/data/temp-dirs/*.fixture.ts'], {
    cwd: ROOT, encoding: 'utf-8', env: { ...process.env, TMPDIR: tmp, LUNEO_TEMP_DIRS_RECORD: record },
  });
  expect(r.stderr).toMatch(/Tests:\s+1 passed, 1 total/);
  expect(r.status).toBe(0);
  const made = JSON.parse(fs.readFileSync(record, 'utf-8')) as string[];
  expect(made).toHaveLength(2);
  for (const dir of made) {
    expect(path.dirname(dir)).toBe(tmp);
    expect(fs.existsSync(dir)).toBe(false);
  }
  expect(fs.readdirSync(tmp).filter((e) => e.startsWith('luneo-'))).toEqual([]);
});
