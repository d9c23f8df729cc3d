import * as fs from 'fs';
import * as path from 'path';
import { runSimulate } from '../lib/simulation/command';
import { MAX_TRACE_SAMPLES } from '../lib/simulation/trace-files';
import { JsonLineLocator } from '../lib/simulation/json-lines';
import { ROOT, tempDir } from './support';

const tmp = () => tempDir('simfault'); // removed when this file ends (jest.environment.js)

describe('a trace just over the sample limit', () => {
  test('is trace/too-large with its line, not an out-of-memory abort', () => {
    const dir = tmp();
    const file = path.join(dir, 'just-over.json');
    const n = MAX_TRACE_SAMPLES + 1;
    const parts: string[] = [];
    for (let k = 0; k < n; k++) parts.push(`[${1700000000 + 15 * k},"1"]`);
    const text = `{"status":"success",\n"data":{"resultType":"matrix",\n"result":[{"metric":{"__name__":"x"},"values":[${parts.join(',')}]}]}}\n`;
    fs.writeFileSync(file, text);
    const r = runSimulate(['--env', 'production', '--workload', 'backend', '--trace', file, '--out', path.join(dir, 'out')], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/just-over\.json:3: .*trace\/too-large/);
    expect(r.stderr).toContain('holds more than 2,000,000 samples');
    expect(r.stderr).toMatch(/fix: /);
    expect(fs.existsSync(path.join(dir, 'out'))).toBe(false);
  });

  test('the line locator finds map members and array elements as the YAML parse did', () => {
    const text = '{\n  "a": [\n    1,\n    {"b": "x\\"]"},\n    [3]\n  ],\n  "c": 2\n}';
    const at = new JsonLineLocator(text);
    expect(at.lineOf([])).toBe(1);
    expect(at.lineOf(['a'])).toBe(2);
    expect(at.lineOf(['a', 0])).toBe(3);
    expect(at.lineOf(['a', 1, 'b'])).toBe(4);
    expect(at.lineOf(['a', 2])).toBe(5);
    expect(at.lineOf(['c'])).toBe(7);
    expect(at.lineOf(['a', 9])).toBe(2); // missing: the deepest existing ancestor
    expect(at.lineOf(['a', 1])).toBe(4); // asked again after a later offset
  });
});

describe('--hpa: targets are Kubernetes quantities, read as explain reads them', () => {
  const hpa = (averageValue: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: q-hpa
spec:
  scaleTargetRef: { apiVersion: apps/v1, kind: Deployment, name: q }
  minReplicas: 2
  maxReplicas: 20
  metrics:
    - type: Pods
      pods:
        metric: { name: http_requests_per_second }
        target: { type: AverageValue, averageValue: "${averageValue}" }
`;
  const run = (averageValue: string) => {
    const file = path.join(tmp(), 'hpa.yaml');
    fs.writeFileSync(file, hpa(averageValue));
    return runSimulate(['--hpa', file, '--model', 'backend', '--trace', 'ramp', '--peak', '8000'], ROOT);
  };

  test.each(['1k', '1500m', '1Ki'])('%s runs', (q) => {
    const r = run(q);
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^q-hpa \(backend\), trace ramp/);
  });

  test('1k is the same target as 1000: the same run', () => {
    expect(run('1k').stdout).toBe(run('1000').stdout);
  });

  test('an unparseable quantity is a finding at its field, not a NaN', () => {
    const r = run('1kk');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/hpa\.yaml:13:\d+: error spec\.metrics\[0\]\.pods\.target\.averageValue: must be a Kubernetes quantity/);
    // Its own rule and a fix saying how a quantity is written (was the generic schema/rule).
    expect(r.stderr).toMatch(/\[hpa\/quantity\]\n\s+fix: write a number with an optional suffix/);
    expect(r.stderr).not.toMatch(/NaN|BigInt/);
  });
});

describe('--duration', () => {
  test('the longest run the error suggests, passed back, is accepted', () => {
    const r = runSimulate(['--env', 'production', '--workload', 'backend', '--trace', 'ramp', '--duration', '70d'], ROOT);
    expect(r.exitCode).toBe(1);
    const suggested = /simulate at most --duration (\S+),/.exec(r.stderr)?.[1];
    expect(suggested).toBe('69d10h40m');
    const again = runSimulate(['--env', 'production', '--workload', 'backend', '--trace', 'flat', '--duration', suggested!, '--peak', '10'], ROOT);
    expect(again.stderr).not.toMatch(/cli\/duration|cli\/range/);
  });

  test('compound durations (1d12h, 1h30m) are read as Prometheus reads them', () => {
    const r = runSimulate(['--env', 'production', '--workload', 'backend', '--trace', 'ramp', '--duration', '1h30m'], ROOT);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('5400 s in 15 s steps');
  });
});

describe('millisecond timestamps', () => {
  const write = (name: string, text: string) => {
    const file = path.join(tmp(), name);
    fs.writeFileSync(file, text);
    return file;
  };

  test('Unix milliseconds are trace/time-unit at the first sample, with the fix', () => {
    const rows = Array.from({ length: 5 }, (_, k) => `${1764400000000 + 15000 * k},100`);
    const file = write('ms.csv', `time,value\n${rows.join('\n')}\n`);
    const r = runSimulate(['--env', 'production', '--workload', 'backend', '--trace', file], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/ms\.csv:2: .*look like milliseconds.*\[trace\/time-unit\]/);
    expect(r.stderr).toMatch(/fix: .*divide millisecond timestamps by 1000/);
  });

  test('relative milliseconds: a run too long is trace/too-long naming the file, the likely cause and the fix', () => {
    const rows = Array.from({ length: 481 }, (_, k) => `${15000 * k},100`);
    const file = write('rel.csv', `time,value\n${rows.join('\n')}\n`);
    const r = runSimulate(['--env', 'production', '--workload', 'backend', '--trace', file], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/rel\.csv:1: .*lasts 7,200,300 s .*\[trace\/too-long\]/);
    expect(r.stderr).toMatch(/fix: .*most likely milliseconds, not seconds; divide them by 1000/);
  });
});

describe('--env names an environment that does not exist', () => {
  test('lists the environments, as config:effective does', () => {
    const r = runSimulate(['--env', 'nope', '--workload', 'backend', '--trace', 'ramp'], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/there is no environment "nope".*\[config\/unknown-environment\]/);
    expect(r.stderr).toMatch(/the environments of config are: .*production/);
    expect(r.stderr).not.toContain('dangling');
  });
});

describe('the conformance finding points to something a user can open', () => {
  test('its fix names a README section that exists, and no file the repository lacks', () => {
    const { readVectorsFile } = require('../lib/simulation/conformance/run') as typeof import('../lib/simulation/conformance/run');
    const file = path.join(tmp(), 'vectors.json');
    fs.writeFileSync(file, '{"vectors": 3}');
    const { findings } = readVectorsFile(file);
    expect(findings.length).toBeGreaterThan(0);
    for (const f of findings) {
      expect(f.hint).toContain('README, HPA engine: Conformance vectors format');
      expect(f.hint).not.toMatch(/ALGORITHM\.md|\.\.\/shared/);
    }
    const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');
    const engine = readme.slice(readme.indexOf('## HPA engine'), readme.indexOf('\n## ', readme.indexOf('## HPA engine') + 1));
    expect(engine).toContain('**Conformance vectors format.**');
  });
});

describe('what simulate() would refuse with a bare error is a finding first', () => {
  test('an unknown --workload names the flag and lists the workloads', () => {
    const r = runSimulate(['--env', 'production', '--workload', 'nope', '--trace', 'ramp'], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/--workload: config\/production\.yaml has no workload "nope" \[simulate\/unknown-workload\]/);
    expect(r.stderr).toMatch(/fix: pick one of the workloads of production: .*backend/);
  });

  test('an HPA metric without a signal names the metric and the --signal fix', () => {
    const file = path.join(tmp(), 'hpa.yaml');
    const text = fs.readFileSync(path.join(ROOT, 'dist', 'production', 'horizontalpodautoscaler-luneo-backend-hpa.k8s.yaml'), 'utf-8');
    const renamed = text.replace(/(pods:\s*\n\s*metric:\s*\n\s*name: )(\S+)/, '$1mystery_metric');
    expect(renamed).toContain('mystery_metric');
    fs.writeFileSync(file, renamed);
    const r = runSimulate(['--env', 'production', '--workload', 'backend', '--hpa', file, '--trace', 'ramp'], ROOT);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/metric "mystery_metric" has no signal.*\[simulate\/unknown-signal\]/);
    expect(r.stderr).toMatch(/fix: pass --signal mystery_metric=requestRate\|activeJobs\|queueDepth/);
    const fixed = runSimulate(['--env', 'production', '--workload', 'backend', '--hpa', file, '--trace', 'ramp', '--signal', 'mystery_metric=requestRate'], ROOT);
    expect(fixed.stderr).toBe('');
    expect(fixed.exitCode).toBe(0);
  });
});
