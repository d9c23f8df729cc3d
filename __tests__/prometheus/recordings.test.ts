// The simulator's trace reader on what a real Prometheus returns: a TSDB backfilled with promtool
// from OpenMetrics (counter with a reset, a gap, several series, 0/0), served by the `prometheus`
// binary, recorded with the HTTP API as curl saves it and with `promtool query range -o json`.
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { parseTraceFile, TraceFileOptions } from '../../lib/simulation/trace-files';
import { PROMTOOL } from './support';

const PROMETHEUS = process.env.PROMETHEUS ?? 'prometheus';
const S = 1763632800; // 2025-11-20T10:00:00Z
const N = 240; // one hour at 15 s
let dir: string;
let server: ChildProcess | undefined;
let url: string;

/** One OpenMetrics family: samples every 15 s from S, `value(i)` or none where it returns null. */
function family(name: string, type: string, series: Array<{ labels: string; value: (i: number) => number | null; sample?: string }>): string {
  const lines = [`# TYPE ${name} ${type}`];
  for (const s of series) {
    for (let i = 0; i < N; i++) {
      const v = s.value(i);
      if (v !== null) lines.push(`${s.sample ?? name}{${s.labels}} ${v} ${S + 15 * i}`);
    }
  }
  return lines.join('\n');
}

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'luneo-recordings-'));
  const om = [
    // Two pods at 10 req/s each; pod a restarts at 30 min (its counter starts over).
    family('http_requests', 'counter', [
      { labels: 'pod="a"', sample: 'http_requests_total', value: (i) => (i < 120 ? 150 * i : 150 * (i - 119)) },
      { labels: 'pod="b"', sample: 'http_requests_total', value: (i) => 5000 + 150 * i },
    ]),
    // Two queues; render misses 7 minutes of scrapes from 40 min on.
    family('queue_jobs_waiting', 'gauge', [
      { labels: 'queue="render"', value: (i) => (i >= 160 && i < 188 ? null : 40) },
      { labels: 'queue="email"', value: () => 5 },
    ]),
    family('queue_long_gap', 'gauge', [{ labels: 'queue="render"', value: (i) => (i >= 100 && i < 180 ? null : 12) }]),
    family('jobs_failed', 'gauge', [{ labels: '', value: () => 0 }]),
    family('jobs_total', 'gauge', [{ labels: '', value: (i) => (i < 40 ? 0 : 5) }]),
    '# EOF\n',
  ].join('\n');
  fs.writeFileSync(path.join(dir, 'data.om'), om);
  const backfill = spawnSync(PROMTOOL, ['tsdb', 'create-blocks-from', 'openmetrics', 'data.om', 'tsdb'], { cwd: dir, encoding: 'utf-8' });
  if (backfill.status !== 0) throw new Error(`promtool backfill failed:\n${backfill.stdout}${backfill.stderr}`);
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), 'global: { scrape_interval: 15s }\nscrape_configs: []\n');
  const port = await freePort();
  url = `http://127.0.0.1:${port}`;
  server = spawn(PROMETHEUS, [
    `--config.file=${path.join(dir, 'prometheus.yml')}`, `--storage.tsdb.path=${path.join(dir, 'tsdb')}`, '--storage.tsdb.retention.time=36500d',
    `--web.listen-address=127.0.0.1:${port}`,
  ], { stdio: 'ignore' });
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${url}/-/ready`)).ok) break;
    } catch { /* not listening yet */ }
    if (i > 150) throw new Error('prometheus did not become ready in 30 s');
    await new Promise((r) => setTimeout(r, 200));
  }
}, 60_000);

afterAll(() => {
  if (server?.pid) process.kill(server.pid);
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

const RANGE = { start: S + 120, end: S + 15 * (N - 1), step: 15 };

/** GET /api/v1/query_range as curl saves it: the response body, whatever the status. */
async function curl(query: string, endpoint = 'query_range'): Promise<string> {
  const params = new URLSearchParams({ query, ...(endpoint === 'query_range' ? { start: String(RANGE.start), end: String(RANGE.end), step: `${RANGE.step}s` } : { time: String(RANGE.end) }) });
  return (await fetch(`${url}/api/v1/${endpoint}?${params}`)).text();
}

const read = (text: string, options?: TraceFileOptions) => parseTraceFile(text, 'recording.json', options);

test('a summed rate() over a counter reset is 20 req/s throughout; promtool -o json gives the same trace', async () => {
  const query = 'sum(rate(http_requests_total[1m]))';
  const r = read(await curl(query));
  expect(r.findings).toEqual([]);
  expect(r.trace!.startEpochSeconds).toBe(RANGE.start);
  expect(r.trace!.times).toHaveLength((RANGE.end - RANGE.start) / 15 + 1);
  for (const v of r.trace!.values) expect(v).toBeCloseTo(20, 6);
  const p = spawnSync(PROMTOOL, ['query', 'range', '-o', 'json', `--start=${RANGE.start}`, `--end=${RANGE.end}`, '--step=15s', url, query], { encoding: 'utf-8' });
  expect(p.status).toBe(0);
  const fromPromtool = read(p.stdout);
  expect(fromPromtool.findings).toEqual([]);
  expect(fromPromtool.trace!.values).toEqual(r.trace!.values);
  expect(fromPromtool.trace!.times).toEqual(r.trace!.times);
});

test('a raw counter series is converted to its rate, the restart counted as a reset', async () => {
  const r = read(await curl('http_requests_total{pod="a"}'));
  expect(r.findings).toEqual([]);
  expect(new Set(r.trace!.values)).toEqual(new Set([10]));
  expect(r.trace!.notes).toContain('{__name__="http_requests_total", pod="a"}: a raw counter, converted to a per-second rate as rate() does (1 counter reset(s) counted from zero)');
});

test('several series: an error naming them; picked by label; summed', async () => {
  const text = await curl('queue_jobs_waiting');
  expect(read(text).findings[0]).toMatchObject({ rule: 'prometheus/several-series' });
  expect(read(text).findings[0].message).toContain('queue="render"');
  const render = read(text, { series: 'queue=render' });
  expect(render.findings).toEqual([]);
  expect(new Set(render.trace!.values)).toEqual(new Set([40]));
  // Prometheus bridged 5 minutes of the 7-minute hole (lookback); the 2 left are held.
  expect(render.trace!.notes).toContain('1 gap(s) bridged by holding the last value');
  const summed = read(text, { sum: true });
  expect(Math.max(...summed.trace!.values)).toBe(45);
  expect(Math.min(...summed.trace!.values)).toBe(45);
});

test('a gap longer than the lookback is an error, or zero load with --gaps zero', async () => {
  const text = await curl('queue_long_gap');
  expect(read(text).findings[0]).toMatchObject({ rule: 'prometheus/gap' });
  const zero = read(text, { gaps: 'zero' });
  expect(zero.findings).toEqual([]);
  expect(zero.trace!.values).toContain(0);
});

test('0/0 comes back as "NaN" and is a missing sample', async () => {
  const text = await curl('jobs_failed / jobs_total');
  expect(text).toContain('"NaN"');
  const r = read(text);
  expect(r.findings).toEqual([]);
  expect(r.trace!.notes!.some((n) => /NaN sample\(s\)/.test(n))).toBe(true);
  expect(new Set(r.trace!.values)).toEqual(new Set([0]));
});

test('an error response and an instant query are rejected with what Prometheus said', async () => {
  const bad = read(await curl('sum(rate(http_requests_total[1m])'));
  expect(bad.findings[0]).toMatchObject({ rule: 'prometheus/error-response', message: expect.stringMatching(/^Prometheus answered with an error \(bad_data\): .*parse error/) });
  const instant = read(await curl('sum(rate(http_requests_total[1m]))', 'query'));
  expect(instant.findings[0]).toMatchObject({ rule: 'prometheus/result-type', message: expect.stringContaining('"vector"') });
});
