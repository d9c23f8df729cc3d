// Runaway nesting by indentation or by brackets is yaml/too-deep (conformance/too-deep) in every
// reader, located at the line where it passes MAX_YAML_DEPTH and naming the field that holds it:
// never the yaml parser's "Maximum call stack size exceeded" (lib/config/yaml-depth.ts).
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../lib/config/findings';
import { loadEnvironmentFile } from '../lib/config/load';
import { MAX_YAML_DEPTH, runawayNesting } from '../lib/config/yaml-depth';
import { runExplain } from '../lib/explain/explain-command';
import { runSimulate } from '../lib/simulation/command';
import { readVectorsFile } from '../lib/simulation/conformance/run';
import { ROOT } from './support';
import { tempDir } from './temp-dirs';

const dir = tempDir('runaway-nesting');
const write = (name: string, text: string) => { const f = path.join(dir, name); fs.writeFileSync(f, text); return f; };

const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  namespace: shop
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 3
  maxReplicas: 50
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
status:
  currentReplicas: 5
  desiredReplicas: 5
  currentMetrics:
  - type: Resource
    resource: {name: cpu, current: {averageUtilization: 90}}
`;
/** The tester's indentation: `x:` then 1999 keys each one space deeper, then `b: 1`. */
const indentation = (levels: number) => `x:\n${Array.from({ length: levels - 1 }, (_, i) => `${' '.repeat(i + 1)}a:\n`).join('')}${' '.repeat(levels)}b: 1\n`;
const deepHpa = (levels: number) => HPA.replace('status:', `${indentation(levels)}status:`);
const xLine = HPA.split('\n').indexOf('status:') + 1;
/** Where level MAX_YAML_DEPTH + 1 starts: the x line, then one line per level. */
const tooDeepAt = `${xLine + MAX_YAML_DEPTH}:${MAX_YAML_DEPTH + 1}`;

describe('runawayNesting counts block and flow levels without parsing', () => {
  test('the tester\'s 2000 levels of indentation: at the level past the limit, naming x', () => {
    const text = deepHpa(2000);
    const r = runawayNesting(text)!;
    expect(r.path).toEqual(['x']);
    expect(text.slice(0, r.offset).split('\n').length).toBe(xLine + MAX_YAML_DEPTH);
  });
  test('brackets count as levels, under the key that holds them', () => {
    const r = runawayNesting(`a:\n  b: ${'['.repeat(300)}${']'.repeat(300)}\n`)!;
    expect(r.path).toEqual(['a', 'b']);
    expect(r.offset).toBe('a:\n  b: '.length + MAX_YAML_DEPTH - 2);
  });
  test('a sequence of sequences (`- - -`) nests too', () => {
    expect(runawayNesting(`k:\n${'- '.repeat(300)}x\n`)?.path.slice(0, 3)).toEqual(['k']);
  });
  test('what is text is not nesting: block scalars, quoted brackets, comments, pretty-printed JSON', () => {
    const blockScalar = `a: |\n${Array.from({ length: 400 }, (_, i) => `${' '.repeat(i + 2)}line\n`).join('')}b: 1\n`;
    expect(runawayNesting(blockScalar)).toBeUndefined();
    expect(runawayNesting(`a: "${'['.repeat(400)}"\nb: '${'{'.repeat(400)}'\nc: x # ${'['.repeat(400)}\nd: it's [${'['.repeat(10)}\n`)).toBeUndefined();
    const json = JSON.stringify({ a: Array.from({ length: 50 }, () => ({ b: { c: [1, 2] } })) }, null, 8);
    expect(runawayNesting(json)).toBeUndefined();
  });
  test('every file the project ships stays far inside the limit', () => {
    const files = [
      ...fs.readdirSync(path.join(ROOT, 'config')).filter((f) => f.endsWith('.yaml')).map((f) => path.join(ROOT, 'config', f)),
      ...fs.readdirSync(path.join(ROOT, 'dist', 'production')).map((f) => path.join(ROOT, 'dist', 'production', f)),
      path.join(ROOT, '__tests__/data/hpa/upstream-vectors.json'),
    ];
    for (const f of files) expect([f, runawayNesting(fs.readFileSync(f, 'utf8'), 32)]).toEqual([f, undefined]);
  });
  test('exactly at the limit is accepted', () => {
    expect(runawayNesting(indentation(MAX_YAML_DEPTH - 1))).toBeUndefined();
    expect(runawayNesting(indentation(MAX_YAML_DEPTH + 1))).toBeDefined();
  });
});

describe('every reader refuses the tester\'s HPA nested 2000 levels deep by indentation', () => {
  const file = write('deep.yaml', deepHpa(2000));
  const expected = new RegExp(`deep\\.yaml:${tooDeepAt}: error x: nests too deeply for the YAML parser \\(runaway brackets or indentation\\?\\) \\[yaml/too-deep\\]`);
  test('explain, explain --pods', () => {
    const now = Date.parse('2026-11-29T12:00:00Z');
    for (const r of [runExplain({ file, now, format: 'text' }), runExplain({ file: write('hpa.yaml', HPA), podsFile: file, now, format: 'json' })]) {
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toMatch(expected);
      expect(r.stderr).not.toContain('Maximum call stack');
    }
  });
  test('simulate --hpa', () => {
    const r = runSimulate(['--hpa', file, '--trace', 'step'], process.cwd());
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(expected);
  });
  test('conformance', () => {
    const { findings } = readVectorsFile(write('deep-vectors.yaml', `schemaVersion: 1\nvectors: []\n${indentation(2000)}`));
    expect(findings.map((f) => [f.rule, f.path, f.location?.line])).toEqual([['conformance/too-deep', ['x'], 3 + MAX_YAML_DEPTH]]);
  });
  test('the config reader, by indentation and by brackets', () => {
    const envDir = tempDir('runaway-config');
    const f = path.join(envDir, 'deep.yaml');
    fs.writeFileSync(f, `environment: deep\n${indentation(2000)}`);
    try {
      loadEnvironmentFile(f);
      throw new Error('loaded');
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).findings.map((x) => [x.rule, x.path, x.location?.line])).toEqual([['yaml/too-deep', ['x'], 2 + MAX_YAML_DEPTH]]);
    }
  });
});
