import * as fs from 'fs';
import * as path from 'path';
import { runSimulate } from '../lib/simulation/command';
import { inferStep, parseTraceFile, parseTraceFiles } from '../lib/simulation/trace-files';
import { ROOT, tempDir } from './support';

// The second round of faults a README-only tester found in the recorded-trace readers (simulate
// --trace, review's traces/<workload>/): each example with the value it must give.

const only = (r: ReturnType<typeof parseTraceFile>) => r.findings.map((f) => ({ rule: f.rule, line: f.location?.line, path: f.path, message: f.message }));
/** `npm run simulate -- --env production --workload backend --trace <files>` with these files' text. */
function simulate(files: Record<string, string>, ...flags: string[]) {
  const dir = tempDir('tracesample');
  const names = Object.entries(files).map(([name, text]) => {
    fs.writeFileSync(path.join(dir, name), text);
    return path.join(dir, name);
  });
  return { ...runSimulate(['--env', 'production', '--workload', 'backend', '--trace', names.join(','), '--out', path.join(dir, 'out'), ...flags], ROOT), dir };
}
const matrix = (values: unknown[], metric: Record<string, string> = {}) => ({ metric, values });
const promFile = (...series: Array<ReturnType<typeof matrix>>) =>
  `{\n  "status": "success",\n  "data": {\n    "resultType": "matrix",\n    "result": [\n${series.map((s) => `      {"metric": ${JSON.stringify(s.metric)}, "values": [\n${s.values.map((v) => `        ${JSON.stringify(v)}`).join(',\n')}\n      ]}`).join(',\n')}\n    ]\n  }\n}\n`;

describe('the step is the recording\'s most common spacing, so a hole in a short recording is a gap', () => {
  test('inferStep: the most common spacing, the smallest of equally common ones', () => {
    expect(inferStep([0, 600, 615])).toBe(15);
    expect(inferStep([0, 15, 615])).toBe(15);
    expect(inferStep([0, 15, 615, 630])).toBe(15);
    expect(inferStep([0, 600, 1200, 1800])).toBe(600);
    expect(inferStep([0, 60, 75, 135, 195])).toBe(60);
    expect(inferStep([5])).toBe(15);
    // RFC 3339 fractions read as float seconds: spacings compare to the millisecond.
    expect(inferStep([1763632800.1, 1763632815.1, 1763632830.1, 1763633430.1])).toBe(15);
  });

  test('the tester\'s CSV 0, 600, 615 is prometheus/gap at the sample after the hole, --gaps error or not', () => {
    for (const flags of [[], ['--gaps', 'error']]) {
      const r = simulate({ 'g4.csv': 'time,value\n0,1\n600,2\n615,3\n' }, ...flags);
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain('g4.csv:3: error time: no samples for 600 s between 0 s and 600 s (longer than 300 s) [prometheus/gap]');
      expect(fs.existsSync(path.join(r.dir, 'out'))).toBe(false);
    }
  });

  test('--gaps hold runs it, ending one 15 s step after the last sample (630 s), not 300 s after', () => {
    const r = simulate({ 'g4.csv': 'time,value\n0,1\n600,2\n615,3\n' }, '--gaps', 'hold');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('630 s in 15 s steps');
    const zero = parseTraceFile('time,value\n0,1\n600,2\n615,3\n', 'g4.csv', { gaps: 'zero' }).trace!;
    expect(zero).toMatchObject({ times: [0, 15, 600, 615], values: [1, 0, 2, 3], durationSeconds: 630 });
  });

  test('the tester\'s query_range 0, 15, 615 is prometheus/gap at values[2] and its line', () => {
    const text = promFile(matrix([[1700000000, '1'], [1700000015, '2'], [1700000615, '3']]));
    expect(only(parseTraceFile(text, 'g5.json'))).toEqual([{ rule: 'prometheus/gap', line: 9, path: ['data', 'result', 0, 'values', 2],
      message: 'no samples for 600 s between 2023-11-14T22:13:35Z and 2023-11-14T22:23:35Z (longer than 300 s)' }]);
    expect(parseTraceFile(text, 'g5.json', { gaps: 'hold' }).trace!.durationSeconds).toBe(630);
  });

  test('0, 15, 615, 630 stays a gap; a recording at step=10m is no gap and holds its last sample 10 min', () => {
    expect(only(parseTraceFile('time,value\n0,1\n15,2\n615,3\n630,3\n', 'g.csv')).map((f) => [f.rule, f.line])).toEqual([['prometheus/gap', 4]]);
    const coarse = parseTraceFile('time,value\n0,1\n600,2\n1200,3\n1800,4\n', 'c.csv');
    expect(coarse.findings).toEqual([]);
    expect(coarse.trace!.durationSeconds).toBe(2100); // one step (capped at the 5 min lookback) past 1800
    expect(only(parseTraceFile('[[0, 1], [600, 2], [615, 3]]', 'g.json'))).toEqual([expect.objectContaining({ rule: 'prometheus/gap', path: [1] })]);
  });

  test('joined files infer the step the same way: a hole between two short files is a gap', () => {
    const r = parseTraceFiles([{ file: 'a.csv', text: '1700000000,1\n1700000015,1\n' }, { file: 'b.csv', text: '1700000615,1\n1700000630,1\n' }]);
    expect(r.findings.map((f) => [f.rule, f.location])).toEqual([['prometheus/gap', { file: 'b.csv', line: 1 }]]);
  });
});

describe('a Prometheus sample is exactly [<unix seconds>, "<value>"]', () => {
  test('the tester\'s sample with a third element is prometheus/sample at that sample', () => {
    const text = promFile(matrix([[1700000000, '1'], [1700000015, '2', 3]]));
    expect(only(parseTraceFile(text, 'p8.json'))).toEqual([{ rule: 'prometheus/sample', line: 8, path: ['data', 'result', 0, 'values', 1],
      message: 'sample 1 of {} has 3 element(s); a sample is [<unix seconds>, "<value>"]' }]);
    const r = simulate({ 'p8.json': JSON.stringify(JSON.parse(text)) });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('p8.json:1: error data.result[0].values[1]: sample 1 of {} has 3 element(s)');
  });

  test('one element, a string, an object or a number as a sample is prometheus/sample, never a crash', () => {
    const text = promFile(matrix([[1700000000], 'x', { t: 1 }, 5, [1700000015, '1']]));
    expect(only(parseTraceFile(text, 'p.json')).map((f) => [f.rule, f.line, f.message])).toEqual([
      ['prometheus/sample', 7, 'sample 0 of {} has 1 element(s); a sample is [<unix seconds>, "<value>"]'],
      ['prometheus/sample', 8, 'sample 1 of {} is "x"; a sample is [<unix seconds>, "<value>"]'],
      ['prometheus/sample', 9, 'sample 2 of {} is {"t":1}; a sample is [<unix seconds>, "<value>"]'],
      ['prometheus/sample', 10, 'sample 3 of {} is 5; a sample is [<unix seconds>, "<value>"]'],
    ]);
  });

  test('a time or value of the wrong type says which element and what it is, as written', () => {
    const text = promFile(matrix([['2025-11-20T10:00:00Z', '1'], [1763632815, 2], [1763632830, null], [1763632845, '1']]));
    expect(only(parseTraceFile(text, 'p.json'))).toEqual([
      { rule: 'prometheus/sample', line: 7, path: ['data', 'result', 0, 'values', 0, 0], message: 'sample 0 of {} is not [<unix seconds>, "<value>"]: its time "2025-11-20T10:00:00Z" is not a number of Unix seconds' },
      { rule: 'prometheus/sample', line: 8, path: ['data', 'result', 0, 'values', 1, 1], message: 'sample 1 of {} is not [<unix seconds>, "<value>"]: its value 2 is not a string (Prometheus quotes every value)' },
      { rule: 'prometheus/sample', line: 9, path: ['data', 'result', 0, 'values', 2, 1], message: 'sample 2 of {} is not [<unix seconds>, "<value>"]: its value null is not a string (Prometheus quotes every value)' },
    ]);
    expect(only(parseTraceFile('{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1e400,"1"]]}]}}', 'p.json')).map((f) => f.message)).toEqual([
      'sample 0 of {} is not [<unix seconds>, "<value>"]: its time 1e400 is beyond a float']);
  });
});

describe('joined files that disagree at a shared sample are trace/overlap', () => {
  const a = '1700000000,1\n1700000015,2\n1700000030,3\n';

  test('the tester\'s a.csv,b.csv: 5 where a.csv has 3 is a finding at b.csv\'s sample, naming both values', () => {
    const r = simulate({ 'a.csv': a, 'b.csv': '1700000030,5\n1700000045,4\n' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/b\.csv:1: error time: gives 5 at 2023-11-14T22:13:50Z, where \S*a\.csv gives 3 \(line 3\): joined files must agree on a shared sample \[trace\/overlap\]/);
  });

  test('an equal boundary sample counts once', () => {
    const r = parseTraceFiles([{ file: 'a.csv', text: a }, { file: 'b.csv', text: '1700000030,3\n1700000045,4\n' }]);
    expect(r.findings).toEqual([]);
    expect(r.trace).toMatchObject({ times: [0, 15, 30, 45], values: [1, 2, 3, 4] });
  });
});

describe('an RFC 3339 time says its own unit', () => {
  test('the tester\'s year-9999 times are trace/time past the supported range, never "milliseconds"', () => {
    const r = simulate({ 'y.csv': '9999-12-31T23:59:45Z,1\n9999-12-31T23:59:59Z,2\n' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('y.csv:1: error time: "9999-12-31T23:59:45Z" is after 5138-11-16T09:46:40Z, the latest time a recording may hold [trace/time]');
    expect(r.stderr).not.toContain('milliseconds');
    expect(only(parseTraceFile('[\n  ["9999-12-31T23:59:45Z", 1]\n]', 'y.json'))).toEqual([
      { rule: 'trace/time', line: 2, path: [0, 0], message: '"9999-12-31T23:59:45Z" is after 5138-11-16T09:46:40Z, the latest time a recording may hold' }]);
  });

  test('a date-time within the range reads as Unix seconds, whatever its year', () => {
    const r = parseTraceFile('3000-01-01T00:00:00Z,1\n3000-01-01T00:00:15Z,2\n', 'far.csv');
    expect(r.findings).toEqual([]);
    expect(r.trace).toMatchObject({ times: [0, 15], startEpochSeconds: Date.UTC(3000, 0, 1) / 1000 });
  });

  test('a date-time before 2001 is absolute too: it keeps its date, and crossing 2001-09-09 is no change of time base', () => {
    const y2k = parseTraceFile('1999-12-31T23:59:30Z,1\n1999-12-31T23:59:45Z,2\n', 'y2k.csv');
    expect(y2k.findings).toEqual([]);
    expect(y2k.trace).toMatchObject({ times: [0, 15], startEpochSeconds: Date.UTC(1999, 11, 31, 23, 59, 30) / 1000 });
    expect(y2k.trace!.notes!.join()).not.toContain('shifted');
    const across = parseTraceFile('[["2001-09-09T01:46:30Z", 1], ["2001-09-09T01:46:45Z", 2]]', 'a.json');
    expect(across.findings).toEqual([]);
    expect(across.trace).toMatchObject({ times: [0, 15], startEpochSeconds: 999999990 });
    // Joined files of such times join on their own times; a decimal of that size is seconds from the start.
    const a = { file: 'a.csv', text: '1999-12-31T23:59:30Z,1\n1999-12-31T23:59:45Z,2\n' };
    const joined = parseTraceFiles([a, { file: 'b.csv', text: '2000-01-01T00:00:00Z,3\n' }]);
    expect(joined.trace).toMatchObject({ times: [0, 15, 30], values: [1, 2, 3], startEpochSeconds: 946684770 });
    expect(parseTraceFiles([a, { file: 'b.csv', text: '946684800,3\n' }]).findings.map((f) => f.rule)).toEqual(['trace/time-base']);
  });

  test('seconds from the start, then a date-time, in one file is trace/time-base at the date-time', () => {
    expect(only(parseTraceFile('time,value\n0,1\n15,1\n1999-12-31T23:59:45Z,1\n', 'mix.csv'))).toEqual([{ rule: 'trace/time-base', line: 4, path: ['time'],
      message: 'time 1999-12-31T23:59:45Z looks like a date-time (1999-12-31T23:59:45Z) while the 2 sample(s) before it are seconds from the start (from 0): one file uses one kind of time' }]);
  });
});

describe('findings quote JSON numbers as the file writes them', () => {
  test('the tester\'s 1e400 value and time are quoted as 1e400, not Infinity', () => {
    expect(only(parseTraceFile('[[0,1],[15,1e400]]', 'v.json'))).toEqual([{ rule: 'trace/value', line: 1, path: [1, 1], message: '1e400 is not a finite load' }]);
    expect(only(parseTraceFile('[[0,1],[1e400,2]]', 't.json'))).toEqual([{ rule: 'trace/time', line: 1, path: [1, 0], message: '1e400 is not a time' }]);
  });

  test('negative, too large and out-of-order numbers keep their own digits', () => {
    expect(only(parseTraceFile('[{"time": 0, "value": -1.50}, {"time": 15, "value": 2.0E9}]', 'n.json')).map((f) => f.message)).toEqual([
      '-1.50 is negative; a load is at least 0', '2.0E9 is more than the 1e+9 the simulator takes (check the unit: req/s or job arrivals/s)']);
    expect(only(parseTraceFile('[[0, 1], [30.0, 1], [1.5e1, 1]]', 'o.json')).map((f) => f.message)).toEqual(["time 1.5e1 is not after the previous sample's 30.0"]);
    expect(only(parseTraceFile('time,value\n2025-11-20T10:00:15Z,1\n2025-11-20T10:00:00Z,1\n', 'o.csv')).map((f) => f.message)).toEqual([
      "time 2025-11-20T10:00:00Z is not after the previous sample's 2025-11-20T10:00:15Z"]);
  });
});

describe('every sample-level finding names its sample, its line and its time', () => {
  test('a negative Prometheus value is at values[k][1] and its line, with its timestamp', () => {
    const text = promFile(matrix([[1700000000, '1'], [1700000015, '-2']]));
    expect(only(parseTraceFile(text, 'neg.json'))).toEqual([{ rule: 'trace/negative', line: 8, path: ['data', 'result', 0, 'values', 1, 1],
      message: 'sample 1 of {} at 2023-11-14T22:13:35Z: -2 is negative; a load is at least 0' }]);
  });

  test('the tester\'s 1000000001 in a Unix-time recording is at its sample and timestamp, not (root) "at 30 s"', () => {
    const text = promFile(matrix([[1700000000, '1'], [1700000015, '2'], [1700000030, '1000000001']]));
    expect(only(parseTraceFile(text, 'big.json'))).toEqual([{ rule: 'trace/value', line: 9, path: ['data', 'result', 0, 'values', 2, 1],
      message: 'sample 2 of {} at 2023-11-14T22:13:50Z: 1000000001 is more than the 1e+9 the simulator takes (check the unit: req/s or job arrivals/s)' }]);
    const r = simulate({ 'big.json': text });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('big.json:9: error data.result[0].values[2][1]: sample 2 of {} at 2023-11-14T22:13:50Z: 1000000001 is more than');
    expect(r.stderr).not.toContain('(root)');
    expect(r.stderr).not.toContain('at 30 s');
  });

  test('a raw counter may exceed the load limit; a sum that does is said at its sample and time', () => {
    const counter = promFile(matrix([[1700000000, '5000000000'], [1700000015, '5000001500']], { __name__: 'http_requests_total' }));
    expect(parseTraceFile(counter, 'c.json').trace?.values).toEqual([100]);
    const two = promFile(matrix([[1700000000, '1'], [1700000015, '600000000']], { pod: 'a' }), matrix([[1700000000, '1'], [1700000015, '600000000']], { pod: 'b' }));
    expect(only(parseTraceFile(two, 's.json', { sum: true }))).toEqual([{ rule: 'trace/value', line: 8, path: ['data', 'result', 0, 'values', 1],
      message: 'the sum of the 2 series at 2023-11-14T22:13:35Z is 1200000000, more than the 1e+9 the simulator takes' }]);
  });

  test('the tester\'s negative time in plain JSON is at the sample\'s time field, not (root)', () => {
    expect(only(parseTraceFile('[[0,1],[-15,2]]', 'j16.json'))).toEqual([{ rule: 'trace/time-order', line: 1, path: [1, 0], message: "time -15 is not after the previous sample's 0" }]);
    expect(only(parseTraceFile('[\n  {"time": 0, "value": 1},\n  {"time": -15, "value": 2}\n]', 'o.json'))).toEqual([
      { rule: 'trace/time-order', line: 3, path: [1, 'time'], message: "time -15 is not after the previous sample's 0" }]);
  });
});

describe('line endings: LF, CRLF and a lone CR (classic Mac OS) each end a line', () => {
  test('the tester\'s CR-only file reads as two samples', () => {
    const r = parseTraceFile('time,value\r0,1\r15,2\r', 'cr.csv');
    expect(r.findings).toEqual([]);
    expect(r.trace).toMatchObject({ times: [0, 15], values: [1, 2] });
    expect(simulate({ 'cr.csv': 'time,value\r0,1\r15,2\r' }).exitCode).toBe(0);
  });

  test('a finding in a CR-only or mixed file names the right line', () => {
    expect(only(parseTraceFile('time,value\r0,1\rx,2\r', 'cr.csv')).map((f) => [f.rule, f.line])).toEqual([['trace/time', 3]]);
    expect(only(parseTraceFile('time,value\r\n0,1\r15,2\nx,2\r\n', 'mixed.csv')).map((f) => [f.rule, f.line])).toEqual([['trace/time', 4]]);
    // JSON counts lines the same way.
    expect(only(parseTraceFile('[\r  [0, 1],\r  [15, -1]\r]', 'cr.json')).map((f) => [f.rule, f.line])).toEqual([['trace/negative', 3]]);
    expect(only(parseTraceFile('[\r\n  [0, 1],\r\n  [15, -1]\r\n]', 'crlf.json')).map((f) => [f.rule, f.line])).toEqual([['trace/negative', 3]]);
  });
});
