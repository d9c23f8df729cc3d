import * as fs from 'fs';
import * as path from 'path';
import { formatVectorsFindings, readVectorsFile } from '../lib/simulation/conformance/run';
import { runScript, tempDir } from './support';

const UPSTREAM = JSON.parse(fs.readFileSync(path.join(__dirname, 'data', 'hpa', 'upstream-vectors.json'), 'utf-8'));
const vectorOf = (fn: string) => UPSTREAM.vectors.find((v: any) => v.kind === 'replicaCalc' && v.inputs.function === fn && v.inputs.podMetrics?.length);

/** A one-vector file, pretty-printed as people write them (one field a line). */
function file(vector: unknown, name = 'mine.json'): string {
  const f = path.join(tempDir('conformance-shape'), name);
  fs.writeFileSync(f, `${JSON.stringify({ schemaVersion: 1, vectors: [vector] }, null, 2)}\n`);
  return f;
}

/** Line and column (1-based) of the first `"key": value` match in the file. */
function position(f: string, pattern: RegExp): [number, number] {
  const lines = fs.readFileSync(f, 'utf-8').split('\n');
  const line = lines.findIndex((l) => pattern.test(l));
  return [line + 1, lines[line].search(pattern) + 1];
}

describe('every field converted to BigInt is checked as an int64 before any vector runs', () => {
  test.each([
    ['GetMetricReplicas', '"12abc"', 'must be an integer or its exact decimal string, got "12abc"'],
    ['GetMetricReplicas', 1.5, 'must be an integer, got 1.5'],
    ['GetMetricReplicas', '"9223372036854775808"', 'is 9223372036854775808; it must be within int64 (-9223372036854775808 to 9223372036854775807)'],
  ])('%s podMetrics[0].valueMilli = %s: conformance/shape at its line and column', (fn, value, says) => {
    const v = structuredClone(vectorOf(fn));
    v.inputs.podMetrics[0].valueMilli = typeof value === 'string' ? JSON.parse(value) : value;
    const f = file(v);
    const { findings } = readVectorsFile(f);
    expect(findings).toHaveLength(1);
    const [line, column] = position(f, /"valueMilli"/);
    expect(findings[0]).toMatchObject({ rule: 'conformance/shape', path: ['vectors', 0, 'inputs', 'podMetrics', 0, 'valueMilli'], location: { line, column: expect.any(Number) } });
    expect(findings[0].location!.column).toBeGreaterThanOrEqual(column);
    expect(findings[0].message).toContain(says);
    const r = runScript('scripts/conformance.ts', [f]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('no vector run');
    expect(r.stderr).not.toMatch(/BigInt|FAIL|\n\s+at /);
  });

  test('a resource sample\'s usageMilli for GetResourceReplicas', () => {
    const v = structuredClone(vectorOf('GetResourceReplicas'));
    v.inputs.podMetrics[0].containers[0].usageMilli = '66x';
    const { findings } = readVectorsFile(file(v));
    expect(findings.map((x) => [x.rule, x.path.join('.')])).toEqual([['conformance/shape', 'vectors.0.inputs.podMetrics.0.containers.0.usageMilli']]);
  });
});

test('a vector without "expected" says it is missing, located at the vector with line and column', () => {
  const v = structuredClone(vectorOf('GetMetricReplicas'));
  delete v.expected;
  const f = file(v, 'shape.json');
  const { findings } = readVectorsFile(f);
  expect(findings).toHaveLength(1);
  // the vector's opening brace: line 4 (after {, "schemaVersion", "vectors": [), column 5
  expect(findings[0]).toMatchObject({ rule: 'conformance/shape', path: ['vectors', 0, 'expected'], location: { line: 4, column: 5 } });
  expect(findings[0].message).toBe(`vector ${JSON.stringify(v.id)}: "expected" is missing; every vector has one (an object)`);
  expect(formatVectorsFindings([findings])).toMatch(/shape\.json:4:5: error vectors\[0\]\.expected: /);
  expect(formatVectorsFindings([findings])).not.toMatch(/shape\.json:\d+: /);
});

test('a UTF-16 vectors file is conformance/encoding, not "holds a string"', () => {
  const f = path.join(tempDir('conformance-shape'), 'v16.json');
  const text = JSON.stringify({ schemaVersion: 1, vectors: [vectorOf('GetMetricReplicas')] }, null, 2);
  fs.writeFileSync(f, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]));
  const r = runScript('scripts/conformance.ts', [f]);
  expect(r.status).toBe(1);
  expect(r.stderr).toContain('v16.json:1:1: error (root): the file is UTF-16 encoded [conformance/encoding]');
  expect(r.stderr).not.toMatch(/holds a string|not an object/);
  expect(r.stderr).toContain('no vector run');
});
