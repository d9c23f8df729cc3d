import { execFileSync } from 'child_process';
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

describe('a missing input file is a finding with a fix, exit 1, in simulate as in explain and conformance', () => {
  const backendHpa = (root: string) => path.join(root, 'dist', 'production', 'horizontalpodautoscaler-luneo-backend-hpa.k8s.yaml');

  test('simulate --hpa nosuch.yaml: simulate/unreadable naming the file and what to pass', () => {
    const file = path.join(tempDir('missing'), 'nosuch.yaml');
    const r = runSimulate(['--hpa', file, '--trace', 'flash'], ROOT);
    expect(r).toEqual({
      exitCode: 1, stdout: '',
      stderr: `${file}:\n  ${file}: error: the HPA ${file} does not exist [simulate/unreadable]\n`
        + '      fix: pass --hpa the path of an HPA manifest (dist/<env>/horizontalpodautoscaler-*.k8s.yaml) or saved `kubectl get hpa <name> -o yaml` output\n'
        + '1 error(s), 0 warning(s)\nsimulation not run\n',
    });
  });

  test('npm run simulate -- --hpa nosuch.yaml (the script) exits 1', () => {
    const file = path.join(tempDir('missing'), 'nosuch.yaml');
    const r = runScript('scripts/simulate.ts', ['--hpa', file, '--trace', 'flash']);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`error: the HPA ${file} does not exist [simulate/unreadable]`);
  });

  test('--env without a synthesized dist/: the fix says to run npm run synth first', () => {
    const root = tempDir('nodist');
    fs.cpSync(path.join(ROOT, 'config'), path.join(root, 'config'), { recursive: true });
    const r = runSimulate(['--env', 'production', '--workload', 'backend', '--trace', 'flash'], root);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${backendHpa(root)}: error: the HPA ${backendHpa(root)} does not exist [simulate/unreadable]\n      fix: run \`npm run synth\` first: it writes the HPA manifests to dist/\n`);
  });

  test('--dist nosuchdir: the fix names the --dist directory that does not exist', () => {
    const dir = path.join(tempDir('nodist'), 'nosuchdir');
    const r = runSimulate(['--env', 'production', '--workload', 'backend', '--dist', dir, '--trace', 'flash'], ROOT);
    expect(r.exitCode).toBe(1);
    const file = path.join(dir, 'production', 'horizontalpodautoscaler-luneo-backend-hpa.k8s.yaml');
    expect(r.stderr).toContain(`error: the HPA ${file} does not exist [simulate/unreadable]\n      fix: --dist ${dir} does not exist: pass the directory \`npm run synth\` writes (default dist), or leave --dist out\n`);
  });

  test('--dist a directory without the manifest: run npm run synth first, or pass --dist the directory it wrote', () => {
    const dir = tempDir('emptydist');
    const r = runSimulate(['--env', 'production', '--workload', 'backend', '--dist', dir, '--trace', 'flash'], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('[simulate/unreadable]\n      fix: run `npm run synth` first, or pass --dist the directory it wrote (default dist)\n');
  });

  test('a recording missing from a --trace list is trace/unreadable; a misspelt preset stays a usage error (exit 2)', () => {
    const dir = tempDir('traces');
    const a = path.join(dir, 'a.csv');
    fs.writeFileSync(a, 'timestamp,value\n0,1\n15,1\n');
    const b = path.join(dir, 'b.csv');
    const r = runSimulate(['--env', 'production', '--workload', 'backend', '--trace', `${a},${b}`], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${b}: error: the recording ${b} does not exist [trace/unreadable]\n      fix: pass --trace a preset (step, ramp, diurnal, flash, drain) or recorded CSV/JSON files\n`);
    const one = runSimulate(['--env', 'production', '--workload', 'backend', '--trace', b], ROOT);
    expect(one.exitCode).toBe(1);
    expect(one.stderr).toContain(`the recording ${b} does not exist [trace/unreadable]`);
    expect(runSimulate(['--env', 'production', '--workload', 'backend', '--trace', 'tsunami'], ROOT))
      .toEqual({ exitCode: 2, stdout: '', stderr: '--trace tsunami: neither a preset (step, ramp, diurnal, flash, drain, spike) nor a file\n' });
  });

  test('explain nosuch.yaml: explain/unreadable says it does not exist and how to save the file', () => {
    const file = path.join(tempDir('missing'), 'nosuch.yaml');
    const r = runExplain({ file, now: 0, format: 'text' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${file}: error: ${file} does not exist (ENOENT) [explain/unreadable]\n      fix: pass saved \`kubectl get hpa <name> -n <namespace> -o yaml\` output (or -o json)\n`);
  });

  test('conformance nosuch.json: conformance/unreadable, exit 1', () => {
    const file = path.join(tempDir('missing'), 'nosuch.json');
    const r = runScript('scripts/conformance.ts', [file]);
    expect(r.status).toBe(1);
    expect(r.stderr).toContain(`${file}: error: ${file} does not exist [conformance/unreadable]\n      fix: pass the path of a vectors JSON file\n`);
  });
});

describe('explain --pods: a wrong file\'s fix asks for pods output, not HPA output', () => {
  const live = path.join(EXPLAIN_DATA, 'backend-scaling-up.yaml');
  const PODS_FIX = 'fix: pass --pods saved `kubectl get pods -n <namespace> -l <the target\'s selector> -o yaml` output (or -o json), or leave --pods out';

  test('--pods <dir>', () => {
    const dir = tempDir('podsdir');
    const r = runExplain({ file: live, podsFile: dir, now: 0, format: 'text' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${dir}: error: ${dir} is a directory, not a file [explain/not-a-file]\n      ${PODS_FIX}\n`);
    expect(r.stderr).not.toContain('kubectl get hpa');
  });

  test('--pods <fifo>', () => {
    const fifo = path.join(tempDir('podsfifo'), 'ff');
    execFileSync('mkfifo', [fifo]);
    const r = runExplain({ file: live, podsFile: fifo, now: 0, format: 'text' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${fifo}: error: ${fifo} is a named pipe (FIFO), not a regular file [explain/not-a-file]\n      ${PODS_FIX}\n`);
    expect(r.stderr).not.toContain('kubectl get hpa');
  });

  test('--pods nosuch.yaml', () => {
    const file = path.join(tempDir('podsmissing'), 'nosuch.yaml');
    const r = runExplain({ file: live, podsFile: file, now: 0, format: 'text' });
    expect(r.stderr).toContain(`${file}: error: ${file} does not exist (ENOENT) [explain/unreadable]\n      ${PODS_FIX}\n`);
  });

  test('the HPA file itself a directory still asks for HPA output', () => {
    const dir = tempDir('hpadir');
    const r = runExplain({ file: dir, now: 0, format: 'text' });
    expect(r.stderr).toContain(`${dir} is a directory, not a file [explain/not-a-file]\n      fix: pass saved \`kubectl get hpa <name> -n <namespace> -o yaml\` output (or -o json)\n`);
  });
});

describe('simulate --trace with an empty entry is a flag finding naming it', () => {
  test('--trace a.csv, (trailing comma): cli/usage on --trace, not ". is a directory"', () => {
    const dir = tempDir('traces');
    const a = path.join(dir, 'a.csv');
    fs.writeFileSync(a, 'timestamp,value\n0,1\n15,1\n');
    const r = runSimulate(['--env', 'production', '--workload', 'backend', '--trace', `${a},`], ROOT);
    expect(r).toEqual({
      exitCode: 1, stdout: '',
      stderr: `error --trace: "${a}," has an empty entry (entry 2 of 2) [cli/usage]\n    fix: list the recordings separated by single commas with no trailing comma: --trace ${a}\nsimulation not run\n`,
    });
  });

  test('--trace a.csv,,b.csv: the middle entry', () => {
    const r = runSimulate(['--env', 'production', '--workload', 'backend', '--trace', 'a.csv,,b.csv'], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/^error --trace: "a\.csv,,b\.csv" has an empty entry \(entry 2 of 3\) \[cli\/usage\]\n    fix: .*: --trace a\.csv,b\.csv\n/);
  });
});
