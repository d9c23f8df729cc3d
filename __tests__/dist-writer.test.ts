import * as fs from 'fs';
import * as path from 'path';
import { writeDist } from '../lib/output/dist-writer';
import { readTree, tempDir } from './support';

describe('writeDist replaces the output tree all or nothing', () => {
  test('swaps in exactly the new files and removes stale ones', () => {
    const out = path.join(tempDir('w'), 'dist');
    writeDist(out, [{ path: 'a/x.yaml', content: 'old' }, { path: 'a/stale.yaml', content: 'gone' }]);
    writeDist(out, [{ path: 'a/x.yaml', content: 'new' }]);
    expect(readTree(out)).toEqual({ 'a/x.yaml': 'new' });
    expect(fs.readdirSync(path.dirname(out))).toEqual(['dist']);
  });

  test('refuses an empty tree, keeping the old one', () => {
    const out = path.join(tempDir('w'), 'dist');
    writeDist(out, [{ path: 'x.yaml', content: 'old' }]);
    expect(() => writeDist(out, [])).toThrow(/empty/);
    expect(readTree(out)).toEqual({ 'x.yaml': 'old' });
  });

  test('recovers the previous tree after a swap interrupted between its renames', () => {
    const parent = tempDir('w');
    const out = path.join(parent, 'dist');
    writeDist(out, [{ path: 'x.yaml', content: 'old' }]);
    fs.renameSync(out, path.join(parent, '.dist.previous')); // killed right after the first rename
    fs.mkdirSync(path.join(parent, '.dist.tmp-99999'));       // and a temp dir left behind
    expect(() => writeDist(out, [])).toThrow(/empty/);          // even a failing run leaves it intact
    writeDist(out, [{ path: 'x.yaml', content: 'new' }]);
    expect(readTree(out)).toEqual({ 'x.yaml': 'new' });
    expect(fs.readdirSync(parent)).toEqual(['dist']);
  });
});
