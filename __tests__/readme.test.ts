import * as fs from 'fs';
import * as path from 'path';
import { ROOT, runScript, tempDir } from './support';

// README "The constructs as a library" shows examples/library-snippet.ts, which `npm run check`
// type-checks: the block must be that file, and the file must synthesize.
jest.setTimeout(60_000);

const SNIPPET = path.join(ROOT, 'examples', 'library-snippet.ts');

test('the README block is examples/library-snippet.ts, importing the package by name', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  const section = readme.slice(readme.indexOf('## The constructs as a library'));
  const block = /```ts\n([\s\S]*?)```/.exec(section)![1];
  const file = fs.readFileSync(SNIPPET, 'utf-8').split('\n').filter((l, i) => !(i < 2 && l.startsWith('//'))).join('\n');
  expect(block).toBe(file.replace("from '../index'", "from 'luneo-autoscaling'"));
});

test('the snippet runs: the production HPAs, and the worker reads the concurrency ConfigMap', () => {
  const out = tempDir('snippet');
  // In this process (support.runScript), as `tsx examples/library-snippet.ts <out>` runs it.
  const r = runScript(path.relative(ROOT, SNIPPET), [out]);
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  const production = fs.readFileSync(path.join(out, 'production.k8s.yaml'), 'utf-8');
  expect(production).toContain('name: luneo-backend-hpa');
  expect(production).toContain('name: luneo-worker-hpa');
  const platform = fs.readFileSync(path.join(out, 'platform.k8s.yaml'), 'utf-8');
  expect(platform).toMatch(/envFrom:\n\s+- configMapRef:\n\s+name: luneo-worker-concurrency/);
});

test('the Layout table is one table listing each path once', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  const lines = readme.slice(readme.indexOf('\n## Layout\n')).split('\n');
  const first = lines.findIndex((l) => l.startsWith('| '));
  const end = lines.findIndex((l, i) => i > first && !l.startsWith('|'));
  const rows = lines.slice(first + 2, end);
  // Nothing after the table's end looks like a row of it (a blank line would split the table).
  expect(lines.slice(end, end + 3).filter((l) => l.startsWith('| `'))).toEqual([]);
  const paths = rows.map((r) => /^\| `([^`]+)`/.exec(r)?.[1]);
  expect(paths.every(Boolean)).toBe(true);
  expect(paths.filter((p, i) => paths.indexOf(p) !== i)).toEqual([]);
  for (const p of paths) expect([p, fs.existsSync(path.join(ROOT, p!))]).toEqual([p, true]);
});

test('troubleshooting names the config key requests are declared in', () => {
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
  const section = readme.slice(readme.indexOf('### Missing requests'), readme.indexOf('### Unready pods'));
  expect(section).not.toContain('workloads.<name>.requests');
  expect(section).toContain('workloads.<name>.containers');
  expect(fs.readFileSync(path.join(ROOT, 'config', '_base.yaml'), 'utf-8')).toMatch(/^ {4}containers:\n {6}\w+: \{ cpu: /m);
});
