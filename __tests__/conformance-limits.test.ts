import * as fs from 'fs';
import * as path from 'path';
import { formatVectorsFindings, MAX_FINDINGS_SHOWN, MAX_VECTORS, MAX_VECTORS_BYTES, readVectorsFile } from '../lib/simulation/conformance/run';
import { runScript, tempDir } from './support';

/**
 * A fresh user's runaway vectors files: 100,000 malformed vectors took 61 s and 427 MB (each
 * finding's line was found by re-counting the text before it) and printed 20,003 lines per 10,000;
 * 3,000,000 never finished. Now: a size bound checked by stat, a vector-count bound checked before
 * the YAML parse, and at most 100 findings printed per file.
 */

const numbers = (n: number) => `{"schemaVersion":1,"vectors":[${Array(n).fill('1').join(',')}]}\n`;

function write(name: string, text: string): string {
  const file = path.join(tempDir('conformance-limits'), name);
  fs.writeFileSync(file, text);
  return file;
}

test('the documented bounds: 4 MiB, 10,000 vectors, 100 findings shown', () => {
  expect(MAX_VECTORS_BYTES).toBe(4 * 1024 * 1024);
  expect(MAX_VECTORS).toBe(10000);
  expect(MAX_FINDINGS_SHOWN).toBe(100);
  // The shipped files are well inside them.
  for (const f of ['upstream-vectors.json', 'derived-vectors.json']) {
    const file = path.join(__dirname, 'data', 'hpa', f);
    expect(fs.statSync(file).size).toBeLessThan(MAX_VECTORS_BYTES / 10);
    expect(readVectorsFile(file).findings).toEqual([]);
  }
});

test('a file past 4 MiB is one conformance/too-large finding, before it is read', () => {
  const file = write('big.json', 'a'.repeat(MAX_VECTORS_BYTES + 1));
  const r = runScript('scripts/conformance.ts', [file]);
  expect(r.status).toBe(1);
  expect(r.stdout).toBe('');
  expect(r.stderr).toBe(`${file}:\n  ${file}: error: ${file} is 4,194,305 bytes, more than the 4,194,304 (4 MiB) a vectors file may have [conformance/too-large]\n`
    + '      fix: split the vectors over several files (npm run conformance -- a.json b.json), or check it is the right file\n'
    + '1 error(s), 0 warning(s)\nno vector run\n');
});

test('the tester\'s 100,000 vectors (0.6 MB): one conformance/too-large finding naming the count', () => {
  const file = write('h.json', numbers(100000));
  const r = readVectorsFile(file);
  expect(r.file).toBeUndefined();
  expect(r.findings).toHaveLength(1);
  expect(r.findings[0]).toMatchObject({ rule: 'conformance/too-large', path: ['vectors'], message: 'holds 100,000 vectors, more than the 10,000 a vectors file may hold' });
  // 10,001 is refused, 10,000 is checked vector by vector.
  expect(readVectorsFile(write('h1.json', numbers(10001))).findings[0].message).toBe('holds 10,001 vectors, more than the 10,000 a vectors file may hold');
});

test('10,000 malformed vectors: the first 100 findings, "... and 9900 more [conformance/shape]", the true total', () => {
  const file = write('h.json', numbers(10000));
  const r = runScript('scripts/conformance.ts', [file]);
  expect(r.status).toBe(1);
  const lines = r.stderr.split('\n');
  // Header, 100 findings of two lines each, the rest line, the total, "no vector run", trailing ''.
  expect(lines).toHaveLength(1 + 200 + 1 + 1 + 1 + 1);
  expect(lines[0]).toBe(`${file}:`);
  expect(lines[1]).toBe(`  ${file}:1: error vectors[0]: a vector is an object [conformance/shape]`);
  expect(lines[199]).toBe(`  ${file}:1: error vectors[99]: a vector is an object [conformance/shape]`);
  expect(lines.slice(-5)).toEqual([
    expect.stringContaining('fix: a vectors file is a JSON object'),
    '  ... and 9900 more [conformance/shape]',
    '10000 error(s), 0 warning(s)',
    'no vector run',
    '',
  ]);
});

test('findings are located by line without re-counting: vector i of a one-per-line file is at line i + 2', () => {
  const text = `{"schemaVersion":1,"vectors":[\n${Array(3000).fill('1').join(',\n')}\n]}\n`;
  const r = readVectorsFile(write('lines.json', text));
  expect(r.findings).toHaveLength(3000);
  expect(r.findings.map((f) => f.location?.line)).toEqual(Array.from({ length: 3000 }, (_, i) => i + 2));
});

test('formatVectorsFindings caps each file on its own and counts every finding', () => {
  const f = (file: string, i: number) => ({ severity: 'error' as const, path: ['vectors', i], rule: 'conformance/shape', message: 'm', location: { file, line: i + 1 } });
  const a = Array.from({ length: 101 }, (_, i) => f('a.json', i));
  const b = [f('b.json', 0)];
  const out = formatVectorsFindings([a, b]).split('\n');
  expect(out.filter((l) => l.startsWith('  a.json:'))).toHaveLength(100);
  expect(out.slice(-4)).toEqual(['  ... and 1 more [conformance/shape]', 'b.json:', '  b.json:1: error vectors[0]: m [conformance/shape]', '102 error(s), 0 warning(s)']);
});

test('a vectors file of several YAML documents is conformance/syntax in our words, not the yaml library\'s advice', () => {
  const { readVectorsFile } = require('../lib/simulation/conformance/run') as typeof import('../lib/simulation/conformance/run');
  const file = require('path').join(require('./support').tempDir('multi-doc'), 'v.yaml');
  require('fs').writeFileSync(file, 'schemaVersion: 1\nvectors: []\n---\nx: 1\n');
  const { findings } = readVectorsFile(file);
  expect(findings.map((f) => [f.rule, f.location?.line, f.message])).toEqual([
    ['conformance/syntax', 3, 'holds more than one YAML document (a second starts here); a vectors file is one JSON object']]);
});

test('a vectors file nested 100,000 deep is conformance/too-deep, not "Maximum call stack size exceeded"', () => {
  const { readVectorsFile } = require('../lib/simulation/conformance/run') as typeof import('../lib/simulation/conformance/run');
  const file = require('path').join(require('./support').tempDir('deep'), 'deep.json');
  require('fs').writeFileSync(file, `{"schemaVersion":1,"vectors":${'['.repeat(100000)}${']'.repeat(100000)}}`);
  const { findings } = readVectorsFile(file);
  expect(findings).toHaveLength(1);
  expect(findings[0]).toMatchObject({ rule: 'conformance/too-deep', location: { line: 1 } });
  expect(findings[0].message).not.toMatch(/call stack/);
});

test('every problem of a vector at once: a missing section does not hide a bad kind, a reused id or a wrong-typed input', () => {
  const { readVectorsFile } = require('../lib/simulation/conformance/run') as typeof import('../lib/simulation/conformance/run');
  const dir = require('./support').tempDir('all-problems');
  const write = (name: string, text: string) => { const f = require('path').join(dir, name); require('fs').writeFileSync(f, text); return f; };
  const one = readVectorsFile(write('one.yaml', 'schemaVersion: 1\nvectors: [ {id: a, kind: bogus}, {id: a, kind: reconcile} ]\n')).findings;
  expect(one.map((f) => `${f.path.join('.')} ${f.rule}`)).toEqual([
    'vectors.0.inputs conformance/shape', 'vectors.0.expected conformance/shape', 'vectors.0.kind conformance/shape',
    'vectors.1.inputs conformance/shape', 'vectors.1.expected conformance/shape', 'vectors.1.id conformance/shape',
  ]);
  expect(one[2].message).toMatch(/^vector "a": must be one of "scaleUpLimit"/);
  expect(one[5].message).toBe('vector "a" is also vectors[0]: ids name the vectors in the report, so each must be unique');
  const two = readVectorsFile(write('two.json', JSON.stringify({ schemaVersion: 1, vectors: [{ id: '', kind: 'scaleUpLimit',
    inputs: { currentReplicas: 'x', scaleUpEvents: [], scaleDownEvents: [], scalingRules: { selectPolicy: 'Max', policies: [] } }, expected: { limit: 1 } }] }, null, 2))).findings;
  expect(two.map((f) => f.path.join('.'))).toEqual(['vectors.0.id', 'vectors.0.inputs.currentReplicas']);
  expect(two[0].location).toMatchObject({ line: 5, column: 7 }); // at the field, with its column
  expect(two[1].message).toBe('vectors[0] (scaleUpLimit): must be number, got string "x"');
});
