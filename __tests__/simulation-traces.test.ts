import { formatFinding } from '../lib/config/findings';
import { counterToRate, MAX_TRACE_BYTES, MAX_TRACE_SAMPLES, parseTraceFile, parseTraceFiles, TRACE_RULE_HINTS } from '../lib/simulation/trace-files';
import { presetTrace, PRESETS, traceSampler } from '../lib/simulation/trace';

const T0 = 1763632800; // 2025-11-20T10:00:00Z
const matrix = (result: unknown[], extra: object = {}) => JSON.stringify({ status: 'success', data: { resultType: 'matrix', result }, ...extra }, null, 2);
const series = (metric: Record<string, string>, samples: Array<[number, string]>) => ({ metric, values: samples.map(([t, v]) => [T0 + t, v]) });
const regular = (n: number, value: (i: number) => number, step = 15): Array<[number, string]> => Array.from({ length: n }, (_, i) => [i * step, String(value(i))]);
const only = (r: ReturnType<typeof parseTraceFile>) => r.findings.map((f) => ({ rule: f.rule, line: f.location?.line, message: f.message }));
const lineWith = (text: string, s: string) => text.split('\n').findIndex((l) => l.includes(s)) + 1;

describe('Prometheus query_range recordings', () => {
  test('a curl-saved response: times from the first sample, clock start kept', () => {
    const r = parseTraceFile(matrix([series({}, regular(4, (i) => 100 * i))]), 'rate.json');
    expect(r.findings).toEqual([]);
    expect(r.trace).toMatchObject({ times: [0, 15, 30, 45], values: [0, 100, 200, 300], durationSeconds: 60, startEpochSeconds: T0 });
  });

  test('the bare matrix promtool query range -o json prints', () => {
    const r = parseTraceFile(JSON.stringify([series({ job: 'api' }, regular(3, () => 5))]), 'promtool.json');
    expect(r.trace?.values).toEqual([5, 5, 5]);
  });

  test('an error response is rejected with Prometheus\' own message', () => {
    const r = parseTraceFile(JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'invalid parameter "query": 1:6: parse error: unexpected end of input' }, null, 2), 'err.json');
    expect(only(r)).toEqual([{ rule: 'prometheus/error-response', line: 4, message: 'Prometheus answered with an error (bad_data): invalid parameter "query": 1:6: parse error: unexpected end of input' }]);
  });

  test('an instant query (vector) is rejected: it is not a series over time', () => {
    const r = parseTraceFile(JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } }), 'v.json');
    expect(r.findings[0]).toMatchObject({ rule: 'prometheus/result-type', hint: expect.stringContaining('query_range') });
  });

  test('a gap up to 5 minutes holds the last value, as an instant query would see it', () => {
    const samples = regular(10, () => 50).filter(([t]) => t < 30 || t > 90); // 30..90 missing: a 75 s gap
    const r = parseTraceFile(matrix([series({}, samples)]), 'gap.json');
    expect(r.findings).toEqual([]);
    expect(traceSampler(r.trace!)(60)).toBe(50);
    expect(r.trace!.notes).toContain('1 gap(s) bridged by holding the last value');
  });

  test('a gap longer than 5 minutes is an error, unless --gaps says hold or zero', () => {
    const samples: Array<[number, string]> = [[0, '10'], [15, '10'], [615, '20'], [630, '20']];
    const r = parseTraceFile(matrix([series({}, samples)]), 'gap.json');
    expect(only(r)).toEqual([{ rule: 'prometheus/gap', line: 17, message: 'no samples for 600 s between 2025-11-20T10:00:15Z and 2025-11-20T10:10:15Z (longer than 300 s)' }]);
    const zero = parseTraceFile(matrix([series({}, samples)]), 'gap.json', { gaps: 'zero' });
    expect(zero.trace).toMatchObject({ times: [0, 15, 30, 615, 630], values: [10, 10, 0, 20, 20] });
    const hold = parseTraceFile(matrix([series({}, samples)]), 'gap.json', { gaps: 'hold' });
    expect(traceSampler(hold.trace!)(300)).toBe(10);
  });

  test('NaN samples (0/0 in the query) are missing samples, and said so', () => {
    const r = parseTraceFile(matrix([series({}, [[0, '1'], [15, 'NaN'], [30, '3']])]), 'nan.json');
    expect(r.trace).toMatchObject({ times: [0, 30], values: [1, 3] });
    expect(r.trace!.notes).toContain('the series (it has no labels): 1 NaN sample(s) (e.g. 0/0 in the query) treated as missing');
  });

  test('+Inf is rejected at its line', () => {
    const r = parseTraceFile(matrix([series({}, [[0, '1'], [15, '+Inf']])]), 'inf.json');
    expect(only(r)).toEqual([{ rule: 'prometheus/infinite', line: 13, message: 'sample 1 of {} at 2025-11-20T10:00:15Z is +Inf' }]);
  });

  test('an out-of-order sample is rejected with its line and both times', () => {
    const r = parseTraceFile(matrix([series({ queue: 'render' }, [[0, '1'], [30, '2'], [15, '3']])]), 'ooo.json');
    expect(only(r)).toEqual([{
      rule: 'prometheus/out-of-order', line: 19,
      message: 'sample 2 of {queue="render"} at 2025-11-20T10:00:15Z is not after the previous one at 2025-11-20T10:00:30Z',
    }]);
    expect(formatFinding(r.findings[0])).toMatch(/^ooo\.json:19: error data\.result\[0\]\.values\[2\]: .* \[prometheus\/out-of-order\]\n {4}fix: Prometheus always returns samples sorted/);
  });

  test('a raw counter (*_total) becomes a per-second rate; a reset counts from zero as rate() does', () => {
    const samples: Array<[number, string]> = [[0, '1000'], [15, '1150'], [30, '1300'], [45, '60'], [60, '210']];
    const r = parseTraceFile(matrix([series({ __name__: 'http_requests_total', pod: 'a' }, samples)]), 'c.json');
    expect(r.trace).toMatchObject({ times: [0, 15, 30, 45], values: [10, 10, 4, 10] });
    expect(r.trace!.notes![0]).toBe('{__name__="http_requests_total", pod="a"}: a raw counter, converted to a per-second rate as rate() does (1 counter reset(s) counted from zero)');
    expect(counterToRate([0, 10], [5, 5]).values).toEqual([0]);
  });

  describe('several series', () => {
    const three = matrix([
      series({ queue: 'render' }, regular(3, () => 10)),
      series({ queue: 'email' }, regular(3, () => 1)),
      series({ queue: 'render', instance: 'b' }, regular(3, () => 5)),
    ]);
    test('are an error naming them, unless picked or summed', () => {
      expect(parseTraceFile(three, 'q.json').findings[0]).toMatchObject({
        rule: 'prometheus/several-series', message: 'holds 3 series: {queue="render"} {queue="email"} {queue="render", instance="b"}',
      });
    });
    test('--series picks one by its labels', () => {
      expect(parseTraceFile(three, 'q.json', { series: 'queue=email' }).trace?.values).toEqual([1, 1, 1]);
      expect(parseTraceFile(three, 'q.json', { series: 'queue=render' }).findings[0]).toMatchObject({ rule: 'prometheus/series-selector', message: expect.stringContaining('matches 2 of the 3 series') });
      expect(parseTraceFile(three, 'q.json', { series: 'queue=render,instance=b' }).trace?.values).toEqual([5, 5, 5]);
    });
    test('--sum adds them at each timestamp; with --series, only the picked ones', () => {
      expect(parseTraceFile(three, 'q.json', { sum: true }).trace?.values).toEqual([16, 16, 16]);
      expect(parseTraceFile(three, 'q.json', { sum: true, series: 'queue=render' }).trace?.values).toEqual([15, 15, 15]);
    });
    test('series on different timestamps are summed on the union of timestamps, each holding its last value', () => {
      const r = parseTraceFile(matrix([series({ a: '1' }, [[0, '1'], [30, '1']]), series({ a: '2' }, [[15, '2'], [45, '2']])]), 's.json', { sum: true });
      expect(r.trace).toMatchObject({ times: [0, 15, 30, 45], values: [1, 3, 3, 3] });
    });
  });

  test('consecutive recordings (one query per day) join into one trace; a shared boundary sample counts once', () => {
    const day1 = matrix([series({}, [[0, '1'], [15, '2'], [30, '3']])]);
    const day2 = matrix([series({}, [[30, '3'], [45, '4']])]);
    const r = parseTraceFiles([{ text: day1, file: 'd1.json' }, { text: day2, file: 'd2.json' }]);
    expect(r.trace).toMatchObject({ times: [0, 15, 30, 45], values: [1, 2, 3, 4], startEpochSeconds: T0 });
    expect(only(parseTraceFiles([{ text: day2, file: 'd2.json' }, { text: day1, file: 'd1.json' }]))).toEqual([
      { rule: 'trace/overlap', line: lineWith(day1, `${T0},`) - 1 /* the sample's opening bracket */, message: "starts at 2025-11-20T10:00:00Z, before the previous file ends (2025-11-20T10:00:45Z)" },
    ]);
  });

  test('files in seconds from the start join on their own times; mixing them with Unix times is trace/time-base', () => {
    const r1 = 'time,value\n0,1\n15,2\n30,3\n';
    const r2 = 'time,value\n45,4\n60,5\n';
    const joined = parseTraceFiles([{ file: 'r1.csv', text: r1 }, { file: 'r2.csv', text: r2 }]);
    expect(joined.findings).toEqual([]);
    expect(joined.trace).toMatchObject({ times: [0, 15, 30, 45, 60], values: [1, 2, 3, 4, 5] });
    expect((joined.trace!.notes ?? []).filter((n) => n.includes('shifted'))).toEqual([]); // r2's own shift to 0 is undone by the join
    // relative times that overlap say so in seconds, not as 1970 dates
    expect(parseTraceFiles([{ file: 'r2.csv', text: r2 }, { file: 'r1.csv', text: r1 }]).findings[0]).toMatchObject({
      rule: 'trace/overlap', message: 'starts at 0 s, before the previous file ends (60 s)', location: { file: 'r1.csv', line: 2 } });
    const unix = 'time,value\n1763632800,1\n1763632815,1\n';
    const mixed = parseTraceFiles([{ file: 'r1.csv', text: r1 }, { file: 'u.csv', text: unix }]);
    expect(mixed.findings).toHaveLength(1);
    expect(mixed.findings[0]).toMatchObject({ rule: 'trace/time-base', location: { file: 'u.csv', line: 2 },
      message: 'uses Unix times while r1.csv uses seconds from the start; joined files need the same kind of time' });
  });

  test('a gap or an overlap found only when files are joined is located at the later file\'s own sample line', () => {
    const a = 'time,value\n1763632800,1\n1763632815,1\n1763632830,1\n';
    const b = '# next day\ntime,value\n1763719200,2\n1763719215,2\n';
    const gap = parseTraceFiles([{ file: 'a.csv', text: a }, { file: 'b.csv', text: b }]);
    expect(gap.findings).toHaveLength(1);
    expect(gap.findings[0]).toMatchObject({ rule: 'prometheus/gap', location: { file: 'b.csv', line: 3 } });
    expect(gap.findings[0].message).toMatch(/^no samples for 86370 s between/);
    const early = '# starts inside a.csv\ntime,value\n1763632800,1\n1763632815,5\n';
    expect(parseTraceFiles([{ file: 'a.csv', text: a }, { file: 'c.csv', text: early }]).findings[0]).toMatchObject({ rule: 'trace/overlap', location: { file: 'c.csv', line: 3 } });
  });

  test('an empty result says the query matched nothing', () => {
    expect(parseTraceFile(matrix([]), 'e.json').findings[0]).toMatchObject({ rule: 'prometheus/empty' });
  });
});

describe('CSV and JSON traces', () => {
  test('CSV with a header, comments, relative seconds', () => {
    const r = parseTraceFile('# recorded by hand\ntime,value\n0,100\n60,250\n120,50\n', 'load.csv');
    expect(r.trace).toMatchObject({ times: [0, 60, 120], values: [100, 250, 50], durationSeconds: 180 });
  });

  test('CSV with RFC 3339 times keeps the clock', () => {
    const r = parseTraceFile('2025-11-20T10:00:00Z,1\n2025-11-20T10:00:15Z,2\n', 'load.csv');
    expect(r.trace).toMatchObject({ times: [0, 15], startEpochSeconds: T0 });
  });

  test('CSV problems are findings with file:line and a rule, all of them at once', () => {
    const r = parseTraceFile('time,value\n0,1\n15,abc\n30,-4\nnoon,5\n45\n40,2\n', 'bad.csv');
    expect(only(r)).toEqual([
      { rule: 'trace/value', line: 3, message: '"abc" is not a number' },
      { rule: 'trace/negative', line: 4, message: '-4 is negative; a load is at least 0' },
      { rule: 'trace/time', line: 5, message: '"noon" is not a time' },
      { rule: 'trace/csv-columns', line: 6, message: 'has 1 column(s); expected 2 (time,value)' },
    ]);
    expect(only(parseTraceFile('time,value\n0,1\n30,2\n15,3\n', 'o.csv'))).toEqual([{ rule: 'trace/time-order', line: 4, message: "time 15 is not after the previous sample's 30" }]);
    expect(only(parseTraceFile('when,how much\n', 'h.csv'))).toEqual([{ rule: 'trace/csv-header', line: 1, message: 'header "when,how much" names no `time` and `value` columns' }]);
    expect(only(parseTraceFile('# nothing\n', 'e.csv'))).toEqual([{ rule: 'trace/empty', line: 1, message: 'has no samples' }]);
    // a load past what the simulator takes is found at its own line, not at line 1 by the command
    expect(only(parseTraceFile('time,value\n0,1\n15,1\n30,2e9\n', 'huge.csv'))).toEqual([
      { rule: 'trace/value', line: 4, message: '2e9 is more than the 1e+9 the simulator takes (check the unit: req/s or job arrivals/s)' }]);
    expect(only(parseTraceFile('[\n  [0, 1],\n  [15, 5e12]\n]\n', 'h.json'))).toEqual([
      { rule: 'trace/value', line: 3, message: '5e12 is more than the 1e+9 the simulator takes (check the unit: req/s or job arrivals/s)' }]);
  });

  test('JSON pairs and objects; a bad entry is located by line', () => {
    expect(parseTraceFile('[[0, 1], [15, 2]]', 'a.json').trace?.values).toEqual([1, 2]);
    expect(parseTraceFile('[{"time": 0, "value": 3}]', 'b.json').trace?.values).toEqual([3]);
    const r = parseTraceFile('[\n  [0, 1],\n  [15, "x"]\n]\n', 'c.json');
    expect(only(r)).toEqual([{ rule: 'trace/value', line: 3, message: '"x" is not a number' }]);
    expect(only(parseTraceFile('{"oops": ', 'd.json'))[0]).toMatchObject({ rule: 'trace/json' });
  });
});

describe('presets', () => {
  test.each(PRESETS)('%s reaches the peak and is the same for the same seed', (name) => {
    const a = presetTrace(name, { peak: 1000, seed: 1 });
    expect(Math.max(...a.values)).toBeGreaterThanOrEqual(name === 'diurnal' ? 950 : 1000);
    expect(Math.min(...a.values)).toBeLessThanOrEqual(name === 'diurnal' ? 110 : 100);
    expect(presetTrace(name, { peak: 1000, seed: 1 })).toEqual(a);
  });

  test('the flash crowd is shorter than a 5 minute scale-down window', () => {
    const t = presetTrace('flash', { peak: 1000, seed: 1 });
    const high = t.times.filter((_, i) => t.values[i] > 100);
    expect(high[high.length - 1] - high[0]).toBeLessThan(300);
  });
});

describe('every trace finding says how to fix it', () => {
  const bad: Array<[string, string, object?]> = [
    ['neg.csv', 'time,value\n0,1\n15,2\n30,3\n45,-4\n'],
    ['bad.csv', 'time,value\n0,1\nabc-line,abc\n15,abc\n'],
    ['inf.csv', '0,1\n15,Infinity\n'],
    ['cols.csv', '0,1\n15\n'],
    ['order.csv', '0,1\n30,2\n15,3\n'],
    ['header.csv', 'when,how much\n'],
    ['empty.csv', '# nothing\n'],
    ['broken.json', '{"oops": '],
    ['shape.json', '{"a": 1}'],
    ['items.json', '[[0, 1], "x", [15, "y"], [-1, -2], ["noon", 1]]'],
    ['empty.json', '[]'],
    ['err.json', JSON.stringify({ status: 'error', errorType: 'bad_data', error: 'parse error' })],
    ['vector.json', JSON.stringify({ status: 'success', data: { resultType: 'vector', result: [] } })],
    ['nolist.json', JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: {} } })],
    ['none.json', matrix([])],
    ['two.json', matrix([series({ a: '1' }, regular(3, () => 1)), series({ a: '2' }, regular(3, () => 1))])],
    ['pick.json', matrix([series({ a: '1' }, regular(3, () => 1)), series({ a: '2' }, regular(3, () => 1))]), { series: 'a=3' }],
    ['selector.json', matrix([series({ a: '1' }, regular(3, () => 1))]), { series: 'nonsense' }],
    ['hist.json', matrix([{ metric: { a: '1' }, histograms: [] }])],
    ['sample.json', matrix([{ metric: { a: '1' }, values: [[T0, 1]] }])],
    ['ooo.json', matrix([series({ a: '1' }, [[15, '1'], [0, '2']])])],
    ['pinf.json', matrix([series({ a: '1' }, [[0, '+Inf']])])],
    ['pnan.json', matrix([series({ a: '1' }, [[0, 'NaN']])])],
    ['counter.json', matrix([series({ __name__: 'x_total' }, [[0, '5']])])],
    ['pneg.json', matrix([series({ a: '1' }, [[0, '-3']])])],
  ];

  test.each(bad.map(([file, text, options]) => ({ file, text, options })))('$file', ({ file, text, options }) => {
    const r = parseTraceFile(text, file, options);
    expect(r.findings.length).toBeGreaterThan(0);
    for (const f of r.findings) {
      expect(f.hint).toEqual(expect.any(String));
      expect(formatFinding(f)).toMatch(/\n\s+fix: \S/);
    }
  });

  test('the tester\'s examples carry a fix: line', () => {
    const neg = parseTraceFile('time,value\n0,1\n15,2\n30,3\n45,-4\n', 'neg.csv').findings;
    expect(neg.map((f) => [f.rule, f.location?.line])).toEqual([['trace/negative', 5]]);
    expect(formatFinding(neg[0])).toContain('fix: a load (req/s, jobs) is never negative');
    const value = parseTraceFile('time,value\n0,1\n15,abc\n', 'bad.csv').findings;
    expect(value.map((f) => [f.rule, f.location?.line, f.message])).toEqual([['trace/value', 3, '"abc" is not a number']]);
    expect(formatFinding(value[0])).toContain('fix: write the load as a plain finite number');
  });

  test('overlapping files carry a fix too', () => {
    const r = parseTraceFiles([{ file: 'a.csv', text: '0,1\n15,1\n30,1\n' }, { file: 'b.csv', text: '10,1\n20,1\n' }]);
    // relative times both start at 0: the second file overlaps the first
    expect(r.findings.map((f) => f.rule)).toEqual(['trace/overlap']);
    expect(r.findings[0].hint).toBeTruthy();
  });

  test('every rule the trace reader can report has a default hint', () => {
    const source = require('fs').readFileSync(require('path').join(__dirname, '../lib/simulation/trace-files.ts'), 'utf-8') as string;
    const rules = new Set([...source.matchAll(/'((?:trace|prometheus)\/[a-z-]+)'/g)].map((m) => m[1]));
    expect(rules.size).toBeGreaterThan(15);
    for (const rule of rules) expect([rule, TRACE_RULE_HINTS[rule]]).toEqual([rule, expect.any(String)]);
  });
});

describe('trace size limits', () => {
  test('a CSV over the sample limit is one finding at the first sample over, stating the limit', () => {
    const text = 'time,value\n' + Array.from({ length: 15 }, (_, i) => `${i * 15},1`).join('\n');
    const r = parseTraceFile(text, 'huge.csv', { maxSamples: 10 });
    expect(r.trace).toBeUndefined();
    expect(r.findings).toHaveLength(1);
    expect(r.findings[0]).toMatchObject({ rule: 'trace/too-large', location: { file: 'huge.csv', line: 12 } });
    expect(r.findings[0].message).toBe('holds more than 10 samples; a replay reads at most 10 (30 days at a 15 s step is 172,800)');
    expect(r.findings[0].hint).toMatch(/coarser step/);
  });

  test('the default limits are generous: 2 M samples (over ten 30-day recordings at 15 s), 64 MiB', () => {
    expect(MAX_TRACE_SAMPLES).toBe(2_000_000);
    expect(MAX_TRACE_BYTES).toBe(64 * 1024 * 1024);
  });

  test('JSON, Prometheus and several files over the limit are findings too', () => {
    const pairs = `[${Array.from({ length: 11 }, (_, i) => `[${i},1]`).join(',')}]`;
    expect(parseTraceFile(pairs, 'big.json', { maxSamples: 10 }).findings.map((f) => [f.rule, f.message])).toEqual([['trace/too-large', 'holds more than 10 samples; a replay reads at most 10 (30 days at a 15 s step is 172,800)']]);
    const prom = matrix([series({ a: '1' }, regular(6, () => 1)), series({ a: '2' }, regular(6, () => 1))]);
    const r = parseTraceFile(prom, 'big-prom.json', { sum: true, maxSamples: 10 });
    expect(r.findings.map((f) => [f.rule, f.location?.line])).toEqual([['trace/too-large', 5]]); // the "result" key
    const several = parseTraceFiles([{ file: 'a.csv', text: '0,1\n15,1\n30,1\n' }, { file: 'b.csv', text: '45,1\n60,1\n' }], { maxSamples: 4 });
    expect(several.findings.map((f) => f.rule)).toEqual(['trace/too-large']);
  });

  test('many bad samples are each located by line (the file is parsed once for all of them)', () => {
    const text = '[\n' + Array.from({ length: 500 }, (_, i) => `[${i}, "x"]`).join(',\n') + '\n]';
    const r = parseTraceFile(text, 'allbad.json');
    expect(r.findings).toHaveLength(500);
    expect(r.findings[499].location?.line).toBe(501);
  });
});

describe('every format follows the same gap and NaN rules as query_range', () => {
  const prom = (values: Array<[number, string]>, metric: Record<string, string> = {}) =>
    JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric, values }] } }, null, 2);
  const gapped: Array<[string, string]> = [
    ['a.csv', 'time,value\n0,1\n15,1\n10000,1\n10015,1\n'],
    ['a.json', '[[0,1],[15,1],[10000,1],[10015,1]]'],
    ['p.json', prom([[1700000000, '1'], [1700000015, '1'], [1700010000, '1'], [1700010015, '1']])],
  ];
  it.each(gapped)('%s: a 9985 s gap is prometheus/gap at the sample after it, and --gaps hold|zero take it', (file, text) => {
    const r = parseTraceFile(text, file);
    expect(r.trace).toBeUndefined();
    expect(r.findings.map((f) => f.rule)).toEqual(['prometheus/gap']);
    expect(r.findings[0].message).toContain('no samples for 9985 s');
    expect(r.findings[0].hint).toContain('--gaps hold');
    const line = r.findings[0].location!.line!;
    expect(text.split('\n').slice(line - 1, line + 1).join(' ')).toMatch(/10000,|1700010000/);
    expect(parseTraceFile(text, file, { gaps: 'hold' }).trace!.times).toHaveLength(4);
    expect(parseTraceFile(text, file, { gaps: 'zero' }).trace!.values).toContain(0);
  });
  it.each([
    ['b.csv', 'time,value\n0,1\n15,NaN\n30,1\n'],
    ['b.json', '[[0,1],[15,"NaN"],[30,1]]'],
    ['q.json', prom([[1700000000, '1'], [1700000015, 'NaN'], [1700000030, '1']])],
  ])('%s: NaN is a missing sample that neither fails nor stretches the run', (file, text) => {
    const r = parseTraceFile(text, file);
    expect(r.findings).toEqual([]);
    expect(r.trace!.times).toEqual([0, 30]);
    expect(r.trace!.durationSeconds).toBe(45);
    expect(r.trace!.notes!.join(' ')).toMatch(/1 NaN sample\(s\).*treated as missing/);
    expect(r.trace!.notes!.join(' ')).not.toContain('{}');
  });
  it('a trailing NaN keeps the recording 45 s long', () => {
    expect(parseTraceFile('time,value\n0,1\n15,1\n30,NaN\n', 'c.csv').trace!.durationSeconds).toBe(45);
  });
  it('the last sample holds at most the lookback past the recording', () => {
    expect(parseTraceFile('[[0,1],[999999999,1]]', 'd.json').trace!.durationSeconds).toBe(999999999 + 300);
  });
});
