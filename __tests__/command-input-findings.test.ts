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

  test('simulate --hpa bomb.yaml: the same rule, message and position (line and column) through the same code', () => {
    const file = bombFile();
    const r = runSimulate(['--hpa', file, '--trace', 'flash'], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${file}:2:8: ${ALIAS_LIMIT}`);
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
      .toEqual({ exitCode: 2, stdout: '', stderr: expect.stringMatching(/^error: --trace "tsunami" is neither a preset \(step, ramp, diurnal, flash, drain, spike\) nor a file \[cli\/usage\]\nusage: npm run simulate -- /) });
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

  test('--pods holding no Kubernetes object (a scalar): the fix saves pods, not an HPA', () => {
    const file = path.join(tempDir('podsscalar'), 'pods.yaml');
    fs.writeFileSync(file, '42\n');
    const r = runExplain({ file: live, podsFile: file, now: 0, format: 'text' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${file}:1:1: error (root): is not a Kubernetes object (expected a mapping with apiVersion and kind) [explain/not-a-kubernetes-object]\n`
      + '      fix: kubectl get pods -n <namespace> -l <the target\'s selector> -o yaml > pods.yaml\n');
    const hpa = runExplain({ file, now: 0, format: 'text' });
    expect(hpa.stderr).toContain('[explain/not-a-kubernetes-object]\n      fix: kubectl get hpa <name> -n <namespace> -o yaml > hpa.yaml\n');
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

describe('conformance: a malformed vector is a conformance/shape finding at its field, and no vector runs', () => {
  const HPA_DATA = path.join(__dirname, 'data', 'hpa');
  const derived = () => JSON.parse(fs.readFileSync(path.join(HPA_DATA, 'derived-vectors.json'), 'utf-8'));
  /** derived-vectors.json's first vector (scaleUpLimit: 100 pods +10% -> 111), changed by `edit`. */
  const vector = (edit: (v: any) => void) => {
    const v = derived().vectors[0];
    edit(v);
    return v;
  };
  /** A file of `body` (2-space JSON: vectors[0] opens on line 4, its "id" on line 5, "kind" on 6, "inputs" on 7). */
  const conformance = (body: unknown) => {
    const file = path.join(tempDir('vectors'), 'v.json');
    fs.writeFileSync(file, JSON.stringify(body, null, 2));
    return { file, r: runScript('scripts/conformance.ts', [file]) };
  };
  const ID = 'vector "derived/percent-scale-up-float-quirk-100-plus-10" (scaleUpLimit)';
  const INPUTS_FIX = '      fix: write the inputs of a scaleUpLimit vector as lib/simulation/conformance/vectors-schema.ts describes them; README, HPA engine: Conformance vectors format';
  const errors = (stderr: string) => stderr.split('\n').filter((l) => /^\s+\S+: error /.test(l)).map((l) => l.trim());

  test('inputs all strings: each field named with what it must be, not "(list ?? []).map is not a function"', () => {
    const { file, r } = conformance({ schemaVersion: 1, vectors: [vector((v) => { for (const k of Object.keys(v.inputs)) v.inputs[k] = JSON.stringify(v.inputs[k]); })] });
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(errors(r.stderr)).toEqual([
      `${file}:8:9: error vectors[0].inputs.currentReplicas: ${ID}: must be number, got string "100" [conformance/shape]`,
      `${file}:9:9: error vectors[0].inputs.scaleUpEvents: ${ID}: must be array, got string "[]" [conformance/shape]`,
      `${file}:10:9: error vectors[0].inputs.scaleDownEvents: ${ID}: must be array, got string "[]" [conformance/shape]`,
      `${file}:11:9: error vectors[0].inputs.scalingRules: ${ID}: must be object, got string "{\\"selectPolicy\\":\\"Max\\",\\"policies\\":[{\\"type\\":\\"Percent\\",\\"value\\":10,\\"periodSeconds\\":60}]}" [conformance/shape]`,
    ]);
    expect(r.stderr).toContain(`[conformance/shape]\n${INPUTS_FIX}\n`);
    expect(r.stderr).toMatch(/\n4 error\(s\), 0 warning\(s\)\nno vector run\n$/);
    expect(r.stderr).not.toMatch(/is not a function|FAIL|passed/);
  });

  test('a rate-limit vector without its scaling rules: a finding, not a run that reports MinInt32', () => {
    const { file, r } = conformance({ schemaVersion: 1, vectors: [vector((v) => { delete v.inputs.scalingRules; })] });
    expect(r.status).toBe(1);
    expect(errors(r.stderr)).toEqual([`${file}:7:7: error vectors[0].inputs.scalingRules: ${ID}: is required (object) [conformance/shape]`]);
    expect(r.stderr).not.toMatch(/-2147483648|FAIL/);
  });

  test('"kind": "nosuchkind": the kinds the format defines, not a failed vector', () => {
    const { file, r } = conformance({ schemaVersion: 1, vectors: [vector((v) => { v.kind = 'nosuchkind'; })] });
    expect(r.status).toBe(1);
    expect(errors(r.stderr)).toEqual([
      `${file}:6:7: error vectors[0].kind: vector "derived/percent-scale-up-float-quirk-100-plus-10": must be one of "scaleUpLimit", "scaleDownLimit", "behaviorRate", "stabilizeWithBehavior", "stabilizeLegacy", "convertWithRules", "storeScaleEvents", "replicaCalc", "groupPods", "calculateRequests", "reconcile", got string "nosuchkind" [conformance/shape]`,
    ]);
    expect(r.stderr).toContain('fix: the kinds are scaleUpLimit, scaleDownLimit, behaviorRate, stabilizeWithBehavior, stabilizeLegacy, convertWithRules, storeScaleEvents, replicaCalc, groupPods, calculateRequests, reconcile (README, HPA engine: Conformance vectors format)');
    expect(r.stderr).not.toContain('unknown kind');
  });

  test('"expected": {"nonsense": 1}: an unknown expectation, and nothing asserted', () => {
    const { file, r } = conformance({ schemaVersion: 1, vectors: [vector((v) => { v.expected = { nonsense: 1 }; })] });
    expect(r.status).toBe(1);
    expect(errors(r.stderr)).toEqual([
      `${file}:23:9: error vectors[0].expected.nonsense: ${ID}: unknown key "nonsense" [conformance/shape]`,
      `${file}:22:7: error vectors[0].expected: ${ID}: asserts nothing: give at least one of limit [conformance/shape]`,
    ]);
    expect(r.stderr).toContain('fix: remove it: a scaleUpLimit vector asserts only limit (README, HPA engine: Conformance vectors format)');
    expect(r.stderr).not.toContain('no expectation asserted');
  });

  test('schemaVersion 99, or none: the version this reader understands', () => {
    const { file, r } = conformance({ schemaVersion: 99, vectors: [vector(() => undefined)] });
    expect(r.status).toBe(1);
    expect(errors(r.stderr)).toEqual([`${file}:2:3: error schemaVersion: is 99; this reader understands version 1 of the vectors format only [conformance/shape]`]);
    expect(r.stderr).toContain('fix: write "schemaVersion": 1 and the fields of that version (README, HPA engine: Conformance vectors format)');
    const none = conformance({ vectors: [vector(() => undefined)] });
    expect(none.r.status).toBe(1);
    expect(errors(none.r.stderr)).toEqual([`${none.file}:1:1: error schemaVersion: is required: the version of the vectors format, 1 [conformance/shape]`]);
  });

  test('a nested field of the wrong type, a duplicate id and a replicaCalc function without its inputs', () => {
    const calc = derived().vectors.find((v: any) => v.kind === 'replicaCalc' && v.inputs.function === 'GetObjectMetricReplicas');
    delete calc.inputs.objectMetric;
    const { file, r } = conformance({
      schemaVersion: 1,
      vectors: [vector((v) => { v.inputs.scaleUpEvents = [{ replicaChange: 1, ageSeconds: 'old' }]; }), vector(() => undefined), calc],
    });
    expect(r.status).toBe(1);
    const e = errors(r.stderr);
    expect(e).toHaveLength(3);
    expect(e[0]).toBe(`${file}:12:13: error vectors[0].inputs.scaleUpEvents[0].ageSeconds: ${ID}: must be number, got string "old" [conformance/shape]`);
    expect(e[1]).toMatch(new RegExp(`^${file.replace(/[.]/g, '\\.')}:\\d+:7: error vectors\\[1\\]\\.id: vector "derived/percent-scale-up-float-quirk-100-plus-10" is also vectors\\[0\\]: ids name the vectors in the report, so each must be unique \\[conformance/shape\\]$`));
    expect(e[2]).toMatch(new RegExp(`error vectors\\[2\\]\\.inputs\\.objectMetric: vector "${calc.id}" \\(replicaCalc\\): is required for function GetObjectMetricReplicas \\[conformance/shape\\]$`));
  });

  test('both shipped vector files pass the shape check and every vector passes: 139 + 25 = 164', () => {
    const { readVectorsFile, runVectors } = require('../lib/simulation/conformance/run') as typeof import('../lib/simulation/conformance/run');
    const counts = ['upstream-vectors.json', 'derived-vectors.json'].map((name) => {
      const read = readVectorsFile(path.join(HPA_DATA, name));
      expect(read.findings).toEqual([]);
      const outcomes = runVectors(read.file!);
      expect(outcomes.filter((o) => !o.ok)).toEqual([]);
      return outcomes.length;
    });
    expect(counts).toEqual([139, 25]);
    const r = runScript('scripts/conformance.ts', ['__tests__/data/hpa/upstream-vectors.json', '__tests__/data/hpa/derived-vectors.json']);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('164 passed, 0 failed\n');
  });

  test('the schema knows every kind the runner runs, and no other', () => {
    const { RUNNERS } = require('../lib/simulation/conformance/kinds') as typeof import('../lib/simulation/conformance/kinds');
    const { VECTOR_KINDS } = require('../lib/simulation/conformance/vectors-schema') as typeof import('../lib/simulation/conformance/vectors-schema');
    expect([...VECTOR_KINDS].sort()).toEqual(Object.keys(RUNNERS).sort());
  });
});

describe('a wrong-typed HPA field is the same finding in explain as in simulate --hpa', () => {
  const hpaFile = (spec: string, name = 'q.yaml') => {
    const file = path.join(tempDir('hpatype'), name);
    fs.writeFileSync(file, `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: m-cpu
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: m}
${spec}  metrics:
    - type: Resource
      resource:
        name: cpu
        target: {type: Utilization, averageUtilization: 70}
`);
    return file;
  };
  const errorLines = (stderr: string) => stderr.split('\n').filter((l) => /^\s+\S+: error |^\s+fix: /.test(l)).map((l) => l.trim());

  test('minReplicas: "2" is hpa/integer with "remove the quotes", not schema/type pointing at the config schema', () => {
    const file = hpaFile('  minReplicas: "2"\n  maxReplicas: 20\n');
    const explain = runExplain({ file, now: 0, format: 'text' });
    const simulate = runSimulate(['--hpa', file, '--trace', 'flash'], ROOT);
    expect(explain.exitCode).toBe(1);
    expect(simulate.exitCode).toBe(1);
    const expected = [`${file}:7:3: error spec.minReplicas: must be an integer (int32), got string "2" [hpa/integer]`, 'fix: remove the quotes: minReplicas: 2 (YAML), "minReplicas": 2 (JSON)'];
    expect(errorLines(explain.stderr)).toEqual(expected);
    expect(errorLines(simulate.stderr)).toEqual(expected);
    expect(explain.stderr).not.toContain('environment.schema.json');
  });

  test('the whole kind: any integer field of the HPA (averageUtilization: "70", a fractional maxReplicas)', () => {
    const file = hpaFile('  minReplicas: 1\n  maxReplicas: 20.5\n');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf-8').replace('averageUtilization: 70', 'averageUtilization: "70"'));
    const expected = [
      `${file}:8:3: error spec.maxReplicas: must be an integer (int32), got number 20.5 [hpa/integer]`, 'fix: write a whole number, such as maxReplicas: 20',
      `${file}:13:37: error spec.metrics[0].resource.target.averageUtilization: must be an integer (int32), got string "70" [hpa/integer]`, 'fix: remove the quotes: averageUtilization: 70 (YAML), "averageUtilization": 70 (JSON)',
    ];
    expect(errorLines(runExplain({ file, now: 0, format: 'text' }).stderr)).toEqual(expected);
    expect(errorLines(runSimulate(['--hpa', file, '--trace', 'flash'], ROOT).stderr)).toEqual(expected);
  });

  test('another wrong type: the fix is kubectl explain of that field, never the project\'s config schema', () => {
    const file = hpaFile('  minReplicas: 1\n  maxReplicas: 20\n  behavior: 3\n');
    const expected = [`${file}:9:3: error spec.behavior: must be object, got number 3 [schema/type]`, 'fix: kubectl explain hpa.spec.behavior --api-version=autoscaling/v2 describes the field'];
    expect(errorLines(runExplain({ file, now: 0, format: 'text' }).stderr)).toEqual(expected);
    expect(errorLines(runSimulate(['--hpa', file, '--trace', 'flash'], ROOT).stderr)).toEqual(expected);
  });
});

describe('simulate: flags that would be ignored are findings; --hpa with --env is said', () => {
  const ENV = ['--env', 'production', '--workload', 'backend'];
  const csv = () => {
    const file = path.join(tempDir('csvtrace'), 't.csv');
    fs.writeFileSync(file, 'timestamp,value\n0,100\n15,120\n30,130\n');
    return file;
  };

  test('--series a=b with a preset: cli/unused-flag on --series', () => {
    expect(runSimulate([...ENV, '--trace', 'flash', '--series', 'a=b'], ROOT)).toEqual({
      exitCode: 1, stdout: '',
      stderr: 'error --series: applies to recorded traces; the flash preset is generated (one series, no gaps), so --series would be ignored [cli/unused-flag]\n'
        + '    fix: drop --series, or pass --trace a recording (Prometheus query_range JSON, CSV or JSON samples)\nsimulation not run\n',
    });
  });

  test('--sum and --gaps with a preset name every ignored flag', () => {
    const r = runSimulate([...ENV, '--trace', 'ramp', '--sum', '--gaps', 'hold'], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('error --sum: applies to recorded traces; the ramp preset is generated (one series, no gaps), so --sum, --gaps would be ignored [cli/unused-flag]');
  });

  test('--series a=b with a CSV recording: it holds one series, so --series is a finding', () => {
    const file = csv();
    expect(runSimulate([...ENV, '--trace', file, '--series', 'a=b'], ROOT)).toEqual({
      exitCode: 1, stdout: '',
      stderr: `error --series: applies to Prometheus query_range JSON; ${file} holds one series of samples (CSV or plain JSON), so --series would be ignored [cli/unused-flag]\n`
        + '    fix: drop --series, or pass the recording as Prometheus saved it (/api/v1/query_range JSON)\nsimulation not run\n',
    });
  });

  test('--peak with a recording: the recorded load is what runs, so --peak is a finding', () => {
    const r = runSimulate([...ENV, '--trace', csv(), '--peak', '5'], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('error --peak: shapes a preset trace; a recording\'s load is what was recorded, so --peak would be ignored [cli/unused-flag]\n'
      + '    fix: drop --peak, or pass --trace a preset (step, ramp, diurnal, flash, drain)\nsimulation not run\n');
  });

  test('--series on a Prometheus recording is still used', () => {
    const file = path.join(tempDir('promtrace'), 'q.json');
    const values = (v: number) => Array.from({ length: 8 }, (_, k) => [1_700_000_000 + 15 * k, String(v)]);
    fs.writeFileSync(file, JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [
      { metric: { pod: 'a' }, values: values(100) }, { metric: { pod: 'b' }, values: values(300) }] } }));
    const r = runSimulate([...ENV, '--trace', file, '--series', 'pod=b'], ROOT);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^luneo-backend-hpa \(backend\), trace /);
    expect(r.stdout).toMatch(/peak 300 req\/s/);
  });

  test('--env --workload --hpa: the HPA file replaces dist/\'s, the model stays the config\'s, and the output says so first', () => {
    const file = path.join(tempDir('hpa1'), 'hpa1.yaml');
    fs.copyFileSync(path.join(ROOT, 'dist', 'production', 'horizontalpodautoscaler-luneo-backend-hpa.k8s.yaml'), file);
    const withFile = runSimulate([...ENV, '--hpa', file, '--trace', 'flash'], ROOT);
    const fromDist = runSimulate([...ENV, '--trace', 'flash'], ROOT);
    expect(withFile.exitCode).toBe(0);
    const note = `note: simulating the HPA of ${file} (--hpa) in place of luneo-backend-hpa from dist; the workload model is production's backend\n`;
    expect(withFile.stdout).toBe(note + fromDist.stdout);
  });

  test('--env without --workload (or the reverse) is a usage error, not an --hpa run that drops the environment', () => {
    const file = path.join(ROOT, 'dist', 'production', 'horizontalpodautoscaler-luneo-backend-hpa.k8s.yaml');
    const r = runSimulate(['--env', 'production', '--hpa', file, '--trace', 'flash'], ROOT);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/^error: --env needs --workload: the environment and its workload go together \[cli\/usage\]\nusage: npm run simulate/);
    const w = runSimulate(['--workload', 'backend', '--hpa', file, '--trace', 'flash'], ROOT);
    expect(w.exitCode).toBe(2);
    expect(w.stderr).toMatch(/^error: --workload needs --env: /);
  });

  test('--dist without --env: only an environment reads dist/, so --dist is a finding', () => {
    const file = path.join(ROOT, 'dist', 'production', 'horizontalpodautoscaler-luneo-backend-hpa.k8s.yaml');
    expect(runSimulate(['--hpa', file, '--dist', 'elsewhere', '--trace', 'flash'], ROOT)).toEqual({
      exitCode: 1, stdout: '',
      stderr: 'error --dist: names where --env finds its synthesized HPA; without --env the HPA is the --hpa file, so --dist would be ignored [cli/unused-flag]\n'
        + '    fix: drop --dist, or simulate an environment\'s workload with --env <env> --workload <name>\nsimulation not run\n',
    });
  });

  test('--model with --env: the config gives the model, so --model is a finding', () => {
    const r = runSimulate([...ENV, '--model', 'worker', '--trace', 'flash'], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toBe('error --model: applies to an --hpa run without --env; with --env production the model is the config\'s workload backend [cli/unused-flag]\n'
      + '    fix: drop --model (the environment gives the model), or drop --env and --workload to simulate the --hpa file with the generic model\nsimulation not run\n');
  });
});

describe('explain of a YAML stream of several documents', () => {
  test('is explain/several-documents at the second document, with how kubectl saves several (a List)', () => {
    const file = path.join(tempDir('several-docs'), 'two.yaml');
    const one = (name: string) => `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: ${name}}\n`;
    fs.writeFileSync(file, `${one('a')}---\n${one('b')}`);
    const r = runExplain({ file, now: 0, format: 'text' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('two.yaml:4:1: error (root): holds more than one YAML document (a second starts here); explain reads one: an object or a List of them [explain/several-documents]');
    expect(r.stderr).toContain('fix: save them as kubectl prints several: kubectl get hpa -n <namespace> -o yaml (a List), or one file per HPA');
    expect(r.stderr).not.toContain('parseAllDocuments'); // not the library's own advice
  });

  test('a trailing --- (an empty second document) is still one object', () => {
    const file = path.join(tempDir('trailing-doc'), 'one.yaml');
    fs.writeFileSync(file, `${fs.readFileSync(path.join(ROOT, 'dist/production/horizontalpodautoscaler-luneo-backend-hpa.k8s.yaml'), 'utf-8')}---\n`);
    const r = runExplain({ file, now: 0, format: 'text' });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^HPA luneo-production\/luneo-backend-hpa scales Deployment\/luneo-backend between 3 and 50 replicas/);
  });
});

describe('explain --pods: a field of a type the API never prints is a finding at it, not a pod read without it', () => {
  const DATA = path.join(ROOT, '__tests__/data/explain');
  const pods = fs.readFileSync(path.join(DATA, 'backend-missing-request-pods.yaml'), 'utf-8');
  const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
  const explainWith = (text: string) => {
    const file = path.join(tempDir('pod-fields'), 'pods.yaml');
    fs.writeFileSync(file, text);
    return runExplain({ file: path.join(DATA, 'backend-missing-request.yaml'), podsFile: file, now: Date.parse('2026-11-28T12:00:00Z'), format: 'text' });
  };
  test.each([
    ['a request that is no quantity', '          cpu: 500m', '          cpu: lots', 'cpu: lots', /error items\[0\]\.spec\.containers\[0\]\.resources\.requests\.cpu: must be a Kubernetes quantity, got "lots" \[hpa\/quantity\]/],
    ['a start time that is no time', '    startTime: "2026-11-28T10:00:00Z"', '    startTime: yesterday', 'startTime: yesterday', /error items\[0\]\.status\.startTime: must be an RFC 3339 time, got "yesterday" \[explain\/pod-field\]/],
    ['owner references that are no list', '    ownerReferences:', '    ownerReferences: 5\n    ownerReferencesWas:', 'ownerReferences: 5', /error items\[0\]\.metadata\.ownerReferences: must be a list \[explain\/pod-field\]/],
    ['a phase that is no phase', '    phase: Running', '    phase: 7', 'phase: 7', /error items\[0\]\.status\.phase: must be one of Pending, Running, Succeeded, Failed, Unknown, got 7 \[explain\/pod-field\]/],
    ['a Ready status that is no string', '      status: "True"\n      type: Ready', '      status: true\n      type: Ready', 'status: true', /error items\[0\]\.status\.conditions\[0\]\.status: must be one of True, False, Unknown, got true \[explain\/pod-field\]/],
    ['requests that are no mapping', '      resources: {}', '      resources: { requests: lots }', 'requests: lots', /error items\[0\]\.spec\.containers\[1\]\.resources\.requests: must be a mapping, got "lots" \[explain\/pod-field\]/],
  ])('%s', (_what, from, to, needle, message) => {
    const text = pods.replace(from, to);
    expect(text).not.toBe(pods);
    const r = explainWith(text);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain(`pods.yaml:${lineOf(text, needle)}:`);
  });
  test('a List whose items is no list is explain/not-a-list, not an empty list', () => {
    const r = explainWith('apiVersion: v1\nkind: List\nitems: 7\n');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/pods\.yaml:3:\d+: error items: must be a list of objects \[explain\/not-a-list\]/);
    expect(r.stderr).not.toContain('explain/empty-list');
  });
});
