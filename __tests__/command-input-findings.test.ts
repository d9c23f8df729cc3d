import * as fs from 'fs';
import * as path from 'path';
import { runExplain } from '../lib/explain/explain-command';
import { runSimulate } from '../lib/simulation/command';
import { ROOT, runScript, tempDir } from './support';

/**
 * Faults a fresh user found in explain, conformance and simulate: each input problem is a finding
 * (file, line, field, rule, fix) and exit 1, never an internal error with a stack trace.
 */

const EXPLAIN_DATA = path.join(__dirname, 'data', 'explain');

/** The tester's alias bomb: 10 x 10 x 10 x 10 x 10 nodes from five lines; the first alias is line 2, column 8 (`b: &b [*a`). */
const BOMB = [
  'a: &a [1,1,1,1,1,1,1,1,1,1]',
  `b: &b [${Array(10).fill('*a').join(',')}]`,
  `c: &c [${Array(10).fill('*b').join(',')}]`,
  `d: &d [${Array(10).fill('*c').join(',')}]`,
  `e: [${Array(10).fill('*d').join(',')}]`,
  '',
].join('\n');

function bombFile(name = 'bomb.yaml'): string {
  const file = path.join(tempDir('bomb'), name);
  fs.writeFileSync(file, BOMB);
  return file;
}

const ALIAS_LIMIT = 'error b[0]: aliases expand to more than 100 nodes (the yaml library stops there: a "billion laughs" document would exhaust memory) [yaml/alias-limit]\n      fix: write the values out, or use fewer nested aliases';

describe('a YAML alias bomb is yaml/alias-limit at its first alias in every command', () => {
  test('explain bomb.yaml: the finding at bomb.yaml:2:8, exit 1, no internal error', () => {
    const file = bombFile();
    const r = runExplain({ file, now: 0, format: 'text' });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}:2:8: ${ALIAS_LIMIT}`);
    expect(r.stderr).toMatch(/1 error\(s\), 0 warning\(s\)\nexplain failed\n$/);
    expect(r.stderr).not.toMatch(/internal error|Excessive alias count|\n\s+at /);
  });

  test('explain live.yaml --pods bomb.yaml: the same finding, in the pods file', () => {
    const file = bombFile();
    const r = runExplain({ file: path.join(EXPLAIN_DATA, 'backend-scaling-up.yaml'), podsFile: file, now: 0, format: 'text' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${file}:2:8: ${ALIAS_LIMIT}`);
    expect(r.stderr).not.toMatch(/internal error|Excessive alias count/);
  });

  test('npm run explain -- bomb.yaml (the script): exit 1 with the finding', () => {
    const file = bombFile();
    const r = runScript('scripts/explain.ts', [file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file}:2:8: ${ALIAS_LIMIT}`);
    expect(r.stderr).not.toContain('internal error');
  });

  test('npm run conformance -- bomb.yaml: the finding, exit 1, no vector run', () => {
    const file = bombFile();
    const r = runScript('scripts/conformance.ts', [file]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`${file}:2:8: ${ALIAS_LIMIT}; a vectors file is a JSON object`);
    expect(r.stderr).toMatch(/\nno vector run\n$/);
    expect(r.stderr).not.toMatch(/internal error|Excessive alias count/);
  });

  test('simulate --hpa bomb.yaml: the same rule and message through the same code (line only, as simulate locates --hpa)', () => {
    const file = bombFile();
    const r = runSimulate(['--hpa', file, '--trace', 'flash'], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${file}:2: ${ALIAS_LIMIT}`);
  });
});
