import * as fs from 'fs';
import * as path from 'path';
import { formatFinding } from '../lib/config/findings';
import { decodeUtf8Text, quotable } from '../lib/config/text-encoding';
import { runSimulate } from '../lib/simulation/command';
import { decodeTraceFile, parseTraceFile } from '../lib/simulation/trace-files';
import { ROOT, tempDir } from './support';

// The faults a README-only fresh-user tester found in the recorded-trace readers (simulate --trace,
// review's traces/<workload>/*.csv|json), each example with the value it must give.

const only = (r: ReturnType<typeof parseTraceFile>) => r.findings.map((f) => ({ rule: f.rule, line: f.location?.line, path: f.path, message: f.message }));
const rules = (text: string, file: string) => parseTraceFile(text, file).findings.map((f) => [f.rule, f.location?.line, f.message]);
const tmp = () => tempDir('tracefault');
/** `npm run simulate -- --env production --workload backend --trace <file>` with the file's bytes. */
function simulate(name: string, content: string | Uint8Array, ...flags: string[]) {
  const dir = tmp();
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return { ...runSimulate(['--env', 'production', '--workload', 'backend', '--trace', file, '--out', path.join(dir, 'out'), ...flags], ROOT), file, dir };
}
// Any control character (C0 but newline, DEL, C1) in a message is a fault: it would reach the terminal.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/;

describe('JSON values: numbers, or decimal strings as Prometheus writes them; nothing else is a load', () => {
  test('the tester\'s null trace is trace/value at each sample\'s line, not a run at load 0', () => {
    const text = JSON.stringify(Array.from({ length: 60 }, (_, i) => [i * 15, null]));
    const r = simulate('jnull.json', text);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('jnull.json:1: error [0][1]: null is not a number [trace/value]');
    expect(fs.existsSync(path.join(r.dir, 'out'))).toBe(false);
  });

  test('null, true, false, a list or an object as a value is trace/value at its line and field; true is not 1', () => {
    const text = '[\n  [0, null],\n  [15, true],\n  [30, false],\n  [45, [1]],\n  {"time": 60, "value": {"v": 1}},\n  {"time": 75, "value": null}\n]\n';
    expect(only(parseTraceFile(text, 'v.json'))).toEqual([
      { rule: 'trace/value', line: 2, path: [0, 1], message: 'null is not a number' },
      { rule: 'trace/value', line: 3, path: [1, 1], message: 'true is not a number' },
      { rule: 'trace/value', line: 4, path: [2, 1], message: 'false is not a number' },
      { rule: 'trace/value', line: 5, path: [3, 1], message: '[1] is not a number' },
      { rule: 'trace/value', line: 6, path: [4, 'value'], message: '{"v":1} is not a number' },
      { rule: 'trace/value', line: 7, path: [5, 'value'], message: 'null is not a number' },
    ]);
  });

  test('numeric strings read as Prometheus writes them ("1.5", "NaN" missing); other strings are findings', () => {
    const r = parseTraceFile('[[0, "1.5"], [15, "NaN"], [30, 2], [45, "1e3"]]', 's.json');
    expect(r.trace).toMatchObject({ times: [0, 30, 45], values: [1.5, 2, 1000] });
    expect(r.trace!.notes).toContain('1 NaN sample(s) treated as missing');
    expect(rules('[[0, "0x10"], [15, ""], [30, "+Inf"], [45, " "]]', 'bad.json')).toEqual([
      ['trace/value', 1, '"0x10" is not a number'],
      ['trace/value', 1, 'the value is empty: not a number'],
      ['trace/value', 1, '+Inf is not a finite load'],
      ['trace/value', 1, 'the value is empty: not a number'],
    ]);
  });

  test('a time is a number or a string (decimal seconds or RFC 3339): true, null or [1] is not', () => {
    expect(rules('[[true, 1], [null, 1], [[1], 1]]', 't.json')).toEqual([
      ['trace/time', 1, 'true is not a time'], ['trace/time', 1, 'null is not a time'], ['trace/time', 1, '[1] is not a time']]);
    expect(parseTraceFile('[["0", 1], ["15", 2]]', 't.json').trace?.times).toEqual([0, 15]);
  });

  test('Prometheus sample values follow the same grammar: "0x10" or "" is no load', () => {
    const text = JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values: [[1763632800, '0x10'], [1763632815, ''], [1763632830, '1']] }] } }, null, 2);
    expect(parseTraceFile(text, 'p.json').findings.map((f) => [f.rule, f.message])).toEqual([
      ['prometheus/sample', 'sample 0 of {} at 2025-11-20T10:00:00Z: "0x10" is not a number'],
      ['prometheus/sample', 'sample 1 of {} at 2025-11-20T10:00:15Z: "" is not a number'],
    ]);
  });
});

describe('CSV values and times: a strict decimal grammar, not what Number() takes', () => {
  test('the tester\'s hex trace is trace/value ("not a number") as abc is, not a peak of 16 req/s', () => {
    const r = simulate('hex.csv', 'time,value\n0,0x10\n15,0x10\n');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('hex.csv:2: error value: "0x10" is not a number [trace/value]');
    expect(r.stderr).not.toContain('peak');
  });

  test.each([
    ['0x10', '"0x10" is not a number'], ['0o7', '"0o7" is not a number'], ['0b1', '"0b1" is not a number'], ['1_000', '"1_000" is not a number'],
    ['', 'the value is empty: not a number'], ['Infinity', 'Infinity is not a finite load'], ['-inf', '-inf is not a finite load'], ['1.2.3', '"1.2.3" is not a number'],
  ])('value %j', (cell, message) => {
    expect(rules(`time,value\n0,1\n15,${cell}\n`, 'v.csv')).toEqual([['trace/value', 3, message]]);
  });

  test('plain decimals are loads: 120, +2, .5, 0.5, 1e3, 1.5E2', () => {
    expect(parseTraceFile('0,120\n15,+2\n30,.5\n45,0.5\n60,1e3\n75,1.5E2\n', 'ok.csv').trace?.values).toEqual([120, 2, 0.5, 0.5, 1000, 150]);
  });

  test.each(['0x10', '', 'Infinity', '1e3', '0b1', '2025-11-20T10:00:00', '2025-02-30T00:00:00Z', '2025-11-20T24:00:00Z'])('time %j is not a time', (cell) => {
    expect(rules(`time,value\n0,1\n${cell},1\n`, 't.csv')).toEqual([['trace/time', 3, `"${cell}" is not a time`]]);
  });

  test('RFC 3339 times with a zone offset are the same instant as in Z', () => {
    const r = parseTraceFile('time,value\n2025-11-20T11:00:00+01:00,1\n2025-11-20T10:00:15.5Z,2\n', 'z.csv');
    expect(r.trace).toMatchObject({ times: [0, 15.5], startEpochSeconds: 1763632800 });
  });
});

describe('a trace file is one series: exactly two columns or elements', () => {
  test('the tester\'s CSV and JSON with a third column are a finding at each row\'s line', () => {
    const csv = simulate('extra.csv', 'time,value\n0,2000,1\n15,2000,1\n');
    expect(csv.exitCode).toBe(1);
    expect(csv.stderr).toContain('extra.csv:2: error (root): has 3 column(s); expected 2 (time,value) [trace/csv-columns]');
    const json = simulate('extra.json', '[[0,1,2],[15,1,2]]');
    expect(json.exitCode).toBe(1);
    expect(json.stderr).toContain('extra.json:1: error [0]: has 3 element(s); a sample is [time, value] [trace/json-shape]');
  });

  test('a semicolon- or tab-separated file is told the separator, not only "1 column"', () => {
    expect(rules('0;1\n', 's.csv')).toEqual([['trace/csv-header', 1, 'header "0;1" names no `time` and `value` columns (cells are separated by a comma, not a semicolon)']]);
    expect(rules('time,value\n0\t1\n', 't.csv')).toEqual([['trace/csv-columns', 2, 'has 1 column(s); expected 2 (time,value) (cells are separated by a comma, not a tab)']]);
  });

  test('fewer columns too, and a trailing comma; each at its own line', () => {
    expect(rules('time,value\n0,1\n15\n30,1,\n', 'c.csv')).toEqual([
      ['trace/csv-columns', 3, 'has 1 column(s); expected 2 (time,value)'],
      ['trace/csv-columns', 4, 'has 3 column(s); expected 2 (time,value)'],
    ]);
    expect(rules('[\n  [0],\n  [15, 1, 2],\n  []\n]', 'c.json')).toEqual([
      ['trace/json-shape', 2, 'has 1 element(s); a sample is [time, value]'],
      ['trace/json-shape', 3, 'has 3 element(s); a sample is [time, value]'],
      ['trace/json-shape', 4, 'has 0 element(s); a sample is [time, value]'],
    ]);
  });

  test('a header naming a third column is a finding, not a column dropped unseen', () => {
    expect(rules('time,value,instance\n0,1,a\n', 'h.csv')).toEqual([['trace/csv-header', 1, 'header "time,value,instance" names 3 columns; a trace file has two, time and value']]);
    expect(parseTraceFile('value,timestamp\n5,0\n6,15\n', 'swap.csv').trace).toMatchObject({ times: [0, 15], values: [5, 6] });
  });

  test('an object sample has "time" and "value" and nothing else', () => {
    expect(only(parseTraceFile('[\n  {"time": 0, "value": 1, "instance": "a"}\n]', 'o.json'))).toEqual([
      { rule: 'trace/json-shape', line: 2, path: [0, 'instance'], message: 'has the field "instance"; a sample is {"time": ..., "value": ...} and nothing else' }]);
  });
});

describe('-0 is 0', () => {
  test('the tester\'s -0 trace prints peak 0 req/s, never "-0"', () => {
    const r = simulate('nz.csv', 'time,value\n0,-0\n15,-0\n30,-0\n45,-0\n60,-0\n');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('peak 0 req/s at 00:00:00');
    expect(r.stdout).not.toMatch(/-0\b/);
    for (const v of parseTraceFile('time,value\n0,-0\n', 'nz.csv').trace!.values) expect(Object.is(v, 0)).toBe(true);
    for (const v of parseTraceFile('[[0, -0], [15, "-0.0"]]', 'nz.json').trace!.values) expect(Object.is(v, 0)).toBe(true);
  });
});

describe('time bases: milliseconds advised only for millisecond-looking times; a jump inside a file is trace/time-base', () => {
  test('80 days in seconds is a long recording: the fix is --duration, not milliseconds', () => {
    const r = simulate('long.csv', 'time,value\n0,1\n6912000,1\n');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('[trace/too-long]');
    expect(r.stderr).toContain('fix: shorten the recording or pass --duration 69d10h40m or less');
    expect(r.stderr).not.toContain('milliseconds');
  });

  test('relative milliseconds at a 15 s step (15000 apart) still get the divide-by-1000 fix', () => {
    const rows = Array.from({ length: 500 }, (_, i) => `${i * 15000},1`).join('\n');
    const r = simulate('ms.csv', `time,value\n${rows}\n`);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('fix: its samples are 15,000 s apart: the timestamps are most likely milliseconds, not seconds; divide them by 1000');
  });

  test('0, 15, then a Unix time in one file is trace/time-base at the line of the jump', () => {
    const r = simulate('jump.csv', 'time,value\n0,1\n15,1\n1700000000,1\n');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('jump.csv:4: error time: time 1700000000 looks like Unix seconds (2023-11-14T22:13:20Z) while the 2 sample(s) before it are seconds from the start (from 0): one file uses one kind of time [trace/time-base]');
    expect(r.stderr).not.toContain('trace/too-long');
    expect(only(parseTraceFile('[\n  [0, 1],\n  {"time": 1700000000, "value": 1}\n]', 'j.json'))).toEqual([expect.objectContaining({ rule: 'trace/time-base', line: 3, path: [1, 'time'] })]);
  });

  test('Unix seconds, then milliseconds, in one file is trace/time-base too; times past any date are said, never a crash', () => {
    expect(rules('time,value\n1700000000,1\n1700000000015,1\n', 'ms.csv')).toEqual([['trace/time-base', 3,
      'time 1700000000015 looks like milliseconds (past the year 5000 as Unix seconds) while the 1 sample(s) before it are Unix seconds (from 1700000000): one file uses one kind of time']]);
    expect(rules('time,value\n0,1\n99999999999999999,1\n', 'far.csv')).toEqual([['trace/time-base', 3, expect.stringContaining('time 99999999999999999 looks like milliseconds')]]);
    expect(rules('[[0, 1], [1e400, 1]]', 'inf.json')).toEqual([['trace/time', 1, '1e400 is not a time']]);
    // A gap between Unix times past year 275760 cannot be a date: it is said in seconds.
    expect(rules('time,value\n99999999999999,1\n99999999999999999,1\n', 'gap.csv').map((f) => f[0])).toEqual(['trace/time-unit']);
    expect(() => parseTraceFile('[[1700000000, 1], [9e15, 1]]', 'x.json')).not.toThrow();
  });
});

describe('unreadable content is trace/encoding, and no finding echoes a control character', () => {
  const binary = Buffer.from(Array.from({ length: 2560 }, (_, i) => i % 256));

  test('the tester\'s binary file: trace/encoding, no NUL, BEL or backspace in the output', () => {
    const r = simulate('binary.csv', binary);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('binary.csv:1: error (root): a NUL byte: this is not a text file [trace/encoding]');
    expect(r.stderr).not.toMatch(CONTROL);
  });

  test.each([
    ['UTF-16 LE with a byte order mark', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from('time,value\n0,1\n15,1\n', 'utf16le')]), 'the file is UTF-16 encoded'],
    ['UTF-16 LE without one', Buffer.from('time,value\n0,1\n15,1\n', 'utf16le'), 'the file is UTF-16 encoded'],
    ['UTF-16 BE', Buffer.from('\ufefftime,value\n0,1\n', 'utf16le').swap16(), 'the file is UTF-16 encoded'],
    ['UTF-32 LE', Buffer.from([0xff, 0xfe, 0, 0, ...[...'time,value\n'].flatMap((c) => [c.charCodeAt(0), 0, 0, 0])]), 'the file is UTF-32 (little-endian) encoded'],
    ['invalid UTF-8', Buffer.from([...Buffer.from('time,value\n0,'), 0xff, 0x0a]), 'invalid UTF-8 (byte 0xff)'],
  ])('%s is trace/encoding, as config/encoding reads the same bytes', (_name, bytes, message) => {
    const r = simulate('enc.csv', bytes);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`${message} [trace/encoding]`);
    expect(r.stderr).not.toMatch(CONTROL);
    expect(r.stderr).not.toContain('\ufffd');
    expect(decodeTraceFile(bytes, 'enc.csv').findings.map((f) => f.message)).toEqual([decodeUtf8Text(bytes).problem!.message]);
  });

  test('a UTF-8 byte order mark is dropped, not an error', () => {
    expect(decodeTraceFile(Buffer.from('\ufefftime,value\n0,1\n'), 'bom.csv').text).toBe('time,value\n0,1\n');
    expect(parseTraceFile('\ufefftime,value\n0,1\n', 'bom.csv').trace?.values).toEqual([1]);
  });

  test('text already decoded (the library API) with a NUL is trace/encoding too', () => {
    expect(rules(binary.toString('latin1'), 'b.csv')).toEqual([['trace/encoding', 1, 'a NUL byte: this is not a text file']]);
    expect(rules(Buffer.from('time,value\n', 'utf16le').toString('utf-8'), 'u.csv')).toEqual([['trace/encoding', 1, 'the file is UTF-16 encoded']]);
  });

  test('control characters in a header, time or value are escaped JSON-style, and long excerpts cut', () => {
    const header = parseTraceFile('ti\u0007me,\bva\u001blue\n0,1\n', 'h.csv').findings[0];
    expect(header.message).toBe('header "ti\\u0007me,\\bva\\u001blue" names no `time` and `value` columns');
    const value = parseTraceFile(`time,value\n0,\u0085${'x'.repeat(100)}\n`, 'v.csv').findings[0];
    expect(value.message).toBe(`"\\u0085${'x'.repeat(39)}…" is not a number`);
    expect(formatFinding(value)).not.toMatch(CONTROL);
    const json = parseTraceFile('[[0, "\\u0007"], {"time\\u0000": 0, "value": 1}]', 'j.json').findings;
    expect(json.map((f) => f.message)).toEqual(['"\\u0007" is not a number', 'has no "time" field (it has "time\\u0000", "value"); a sample is {"time": ..., "value": ...}']);
    expect(quotable('\u2028\ud800')).toBe('\\u2028\\ud800');
  });
});

describe('a missing field is named', () => {
  test('the tester\'s {"t", "v"} sample says which fields a sample has and which it lacks', () => {
    const r = simulate('tv.json', '[{"t":0,"v":1}]');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('tv.json:1: error [0]: has no "time" or "value" field (it has "t", "v"); a sample is {"time": ..., "value": ...} [trace/json-shape]');
    expect(r.stderr).not.toContain('undefined');
    expect(rules('[{"time": 0}]', 'v.json')).toEqual([['trace/json-shape', 1, 'has no "value" field (it has "time"); a sample is {"time": ..., "value": ...}']]);
    expect(rules('[{}]', 'e.json')).toEqual([['trace/json-shape', 1, 'has no "time" or "value" field; a sample is {"time": ..., "value": ...}']]);
  });
});

describe('a run of D seconds covers [0, D): summary, timeline and totals agree', () => {
  const read = (dir: string) => ({
    summary: JSON.parse(fs.readFileSync(path.join(dir, 'out', 'summary.json'), 'utf-8')),
    rows: fs.readFileSync(path.join(dir, 'out', 'timeline.csv'), 'utf-8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number)),
  });

  test('the step preset: 5400 s is 360 steps (t = 0 ... 5385), and the requests are the preset\'s own 64,800,000', () => {
    const dir = tmp();
    const r = runSimulate(['--env', 'production', '--workload', 'backend', '--trace', 'step', '--out', path.join(dir, 'out')], ROOT);
    expect(r.exitCode).toBe(0);
    const { summary, rows } = read(dir);
    expect(summary.durationSeconds).toBe(5400);
    expect(rows).toHaveLength(360);
    expect(rows[rows.length - 1][0]).toBe(5385);
    // By hand: base 2,000 req/s for 600 s, the 20,000 peak for 3,000 s, base for 1,800 s.
    expect(summary.backend.requestsTotal).toBe(2000 * 600 + 20000 * 3000 + 2000 * 1800);
    expect(summary.backend.requestsTotal).toBe(rows.reduce((sum, row) => sum + row[1] * 15, 0));
    expect(r.stdout).toContain('failed requests: 1,050,000 of 64,800,000');
  });

  test('--duration 10m cuts a recording: the peak and totals are of [0, 600 s), not the sample at 600 s', () => {
    const rows = Array.from({ length: 80 }, (_, i) => `${i * 15},${i * 15 < 600 ? 1000 : 5000}`).join('\n');
    const r = simulate('cut.csv', `time,value\n${rows}\n`, '--duration', '10m');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('600 s in 15 s steps');
    expect(r.stdout).toContain('peak 1,000 req/s at 00:00:00');
    expect(r.stdout).not.toContain('5,000');
    const { summary, rows: timeline } = read(r.dir);
    expect(timeline.map((row) => row[0])).toEqual(Array.from({ length: 40 }, (_, i) => i * 15));
    expect(summary.backend.requestsTotal).toBe(1000 * 600);
  });

  test('a trace shorter than the minute a load must hold says so, and sizes for its peak instead of "0 replicas"', () => {
    const r = simulate('short.csv', 'time,value\n0,0\n15,2000\n');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('30 s in 15 s steps');
    expect(r.stdout).toContain('peak 2,000 req/s at 00:00:15 (the 30 s run is shorter than the minute a load must hold to count as sustained: the figures are for the peak itself)');
    expect(r.stdout).not.toMatch(/needs 0 replicas/);
    const { summary, rows } = read(r.dir);
    expect(rows).toHaveLength(2);
    expect(summary).toMatchObject({ durationSeconds: 30, peakLoad: 2000, sustainedPeakLoad: 2000, runShorterThanSustained: true, neededReplicas: 2 });
    expect(summary.servingReplicas).toBeGreaterThan(0);
    expect(summary.backend.requestsTotal).toBe(2000 * 15);
    // A minute or more: the figures are for the load held a minute, and the flag is absent.
    const minute = simulate('minute.csv', 'time,value\n0,100\n15,100\n30,100\n45,2000\n');
    expect(read(minute.dir).summary).toMatchObject({ durationSeconds: 60, peakLoad: 2000, sustainedPeakLoad: 100 });
    expect(read(minute.dir).summary.runShorterThanSustained).toBeUndefined();
  });

  test('a duration that is no whole number of sync periods is rounded up to one: every instant of [0, D) is simulated', () => {
    const dir = tmp();
    const r = runSimulate(['--env', 'production', '--workload', 'backend', '--trace', 'step', '--duration', '100s', '--out', path.join(dir, 'out')], ROOT);
    expect(r.exitCode).toBe(0);
    const { summary, rows } = read(dir);
    expect(rows.map((row) => row[0])).toEqual([0, 15, 30, 45, 60, 75, 90]);
    expect(summary.durationSeconds).toBe(105);
  });
});
