import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { runSimulate } from '../lib/simulation/command';
import { MAX_TRACE_SAMPLES } from '../lib/simulation/trace-files';
import { JsonLineLocator } from '../lib/simulation/json-lines';
import { ROOT } from './support';

const made: string[] = [];
const tmp = () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luneo-simfault-'));
  made.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

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
