import { FieldPath, Finding } from '../config/findings';
import { decodeUtf8Text, quotable } from '../config/text-encoding';
import { JsonLineLocator } from './json-lines';
import { MAX_LOAD, Trace } from './trace';

/**
 * Load traces from files, validated like config: every problem is a finding with file:line, a
 * field path and a rule, never a stack trace. Pure: text in, trace or findings out.
 *
 * - CSV: `time,value` lines, exactly two cells each (header optional, in either order; `#`
 *   comments); time in seconds from the start, Unix seconds (plain decimals) or RFC 3339 with a
 *   zone; value a plain decimal (`120`, `0.5`, `1e3`) >= 0, or `NaN` for a missing sample.
 * - JSON: `[[time, value], ...]` or `[{"time": ..., "value": ...}, ...]` (no other fields); a time
 *   is a number or a string as in CSV, a value a number or a decimal string as Prometheus writes it
 *   (`"1.5"`, `"NaN"`); `null`, `true` and the like are no load.
 * - Prometheus: the response of `/api/v1/query_range` (`resultType: matrix`) as curl saves it, or
 *   the bare matrix `promtool query range -o json` prints.
 */
export interface TraceFileOptions {
  /** Pick the series whose labels include all of these (`queue=render,instance=a`). */
  readonly series?: string;
  /** Sum all series at each timestamp (PromQL sum() semantics: an absent series adds nothing). */
  readonly sum?: boolean;
  /** Treat the recording as a raw counter and convert it to a per-second rate (auto for `*_total`). */
  readonly counter?: boolean;
  /** Longest gap bridged by holding the last value, seconds; @default 300 (Prometheus' lookback delta). */
  readonly maxGapSeconds?: number;
  /** What longer gaps become: an error (default), the last value held, or zero load. */
  readonly gaps?: 'error' | 'hold' | 'zero';
  /** Most samples read; @default MAX_TRACE_SAMPLES (lowered only by tests). */
  readonly maxSamples?: number;
}

/** Where a sample sits in its file: its line and its field path (`[3]`, `data.result[0].values[7]`, `time`). */
export interface SampleLocation {
  readonly line: number;
  readonly path: FieldPath;
}

export interface TraceFileResult {
  readonly trace?: Trace;
  readonly findings: Finding[];
  /**
   * The line of the trace's k-th sample, where each sample is one the file holds (no sample was
   * inserted for a gap); used to locate a problem found only when files are joined.
   */
  readonly sampleAt?: (k: number) => SampleLocation;
  /**
   * The time of the first sample as the file wrote it (Unix seconds, or seconds from the file's own
   * zero before the trace was shifted to start at 0), so files are joined on their own times.
   */
  readonly firstSampleTime?: number;
}

const LOOKBACK = 300;

/**
 * Most samples one replay reads, over all its files: 2,000,000 (a 30-day recording at a 15 s step
 * is 172,800), so a mistaken export fails fast with a finding instead of running for minutes.
 */
export const MAX_TRACE_SAMPLES = 2_000_000;
/** Largest trace file read, bytes: 64 MiB (2 M CSV samples with RFC 3339 times fit). */
export const MAX_TRACE_BYTES = 64 * 1024 * 1024;

/** The finding for a file over MAX_TRACE_BYTES; `bytes` is its size. */
export function traceTooLarge(file: string, bytes: number): Finding {
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return { severity: 'error', path: [], rule: 'trace/too-large', message: `is ${mib(bytes)}; a trace file may be at most ${mib(MAX_TRACE_BYTES)}`, hint: TRACE_RULE_HINTS['trace/too-large'], location: { file, line: 1 } };
}

function tooManySamples(file: string, line: number, path: FieldPath, count: number, max: number): TraceFileResult {
  const n = (x: number) => x.toLocaleString('en-US');
  return fail(file, line, path, 'trace/too-large', `holds ${count > max + 1 ? n(count) : `more than ${n(max)}`} samples; a replay reads at most ${n(max)} (30 days at a 15 s step is 172,800)`);
}

/**
 * The default `fix:` hint of each trace rule, used when a finding carries no more specific one, so
 * every trace finding tells the reader what to do.
 */
export const TRACE_RULE_HINTS: Readonly<Record<string, string>> = {
  'trace/json': 'a trace file is CSV (.csv) or JSON',
  'trace/json-shape': 'write [[time, value], ...] or [{"time": ..., "value": ...}, ...], or save a Prometheus query_range response',
  'trace/csv-header': 'start the file with `time,value`',
  'trace/csv-columns': 'write one `time,value` pair per line: a trace file is one series',
  'trace/encoding': 'save the file as UTF-8 text (CSV or JSON)',
  'trace/time': 'seconds from the start, Unix seconds, or RFC 3339 (2026-11-20T10:00:00Z)',
  'trace/value': 'write the load as a plain finite number, e.g. 120 or 0.5 (decimal digits; NaN for a missing sample)',
  'trace/negative': 'a load (req/s, jobs) is never negative: check the query or the export; use 0 for no load',
  'trace/time-unit': 'write the times in seconds: divide millisecond timestamps by 1000',
  'trace/too-long': 'shorten the recording or pass --duration; a longer --sync-period takes fewer steps',
  'trace/time-order': 'samples must be in time order, without duplicate times',
  'trace/empty': 'add `time,value` lines',
  'trace/series-selector': 'e.g. --series queue=render,instance=10.0.0.1:9100',
  'trace/overlap': 'pass the files in time order, each covering its own range',
  'trace/time-base': 'export every file with Unix or RFC 3339 times (Prometheus query_range does), or every file in seconds from one common start',
  'trace/too-large': 'record a coarser step (e.g. 15 s or 60 s) or a shorter range, or split the replay into several runs',
  'prometheus/error-response': 'fix the query and record it again; the file holds no samples',
  'prometheus/result-type': 'record with /api/v1/query_range (start, end, step) or `promtool query range`',
  'prometheus/empty': 'check the query and the time range in Prometheus first',
  'prometheus/series-selector': 'pick labels exactly one series has, or add --sum',
  'prometheus/several-series': 'pick one with --series label=value, or add them up with --sum (or record sum(...) in the query)',
  'prometheus/native-histogram': 'record a rate or a quantile of it, e.g. sum(rate(x_count[2m]))',
  'prometheus/sample': 'keep the file as Prometheus wrote it: each sample is [<unix seconds>, "<value>"]',
  'prometheus/out-of-order': 'Prometheus always returns samples sorted without duplicates: the file was edited or concatenated; sort it and drop duplicates',
  'prometheus/infinite': 'an infinite load cannot be simulated; check the query (a division by zero?)',
  'prometheus/counter': 'record a longer range (at least two samples), or record rate(...) in the query',
  'prometheus/gap': 'record that range again, or pass --gaps hold (keep the last value) or --gaps zero (no load)',
};

function withHints(result: TraceFileResult): TraceFileResult {
  if (result.findings.every((f) => f.hint)) return result;
  return { ...result, findings: result.findings.map((f) => (f.hint ? f : { ...f, hint: TRACE_RULE_HINTS[f.rule] ?? 'see the trace file formats in the README Simulator section' })) };
}

export function parseTraceFile(text: string, file: string, options: TraceFileOptions = {}): TraceFileResult {
  return withHints(parseOneTraceFile(text, file, options));
}

/**
 * A trace file's bytes as text, as the config reader decodes an environment file
 * (lib/config/text-encoding.ts): UTF-32, UTF-16, a NUL byte or invalid UTF-8 is `trace/encoding`
 * at the first offending byte; a UTF-8 byte order mark is dropped.
 */
export function decodeTraceFile(bytes: Uint8Array, file: string): { text?: string; findings: Finding[] } {
  const decoded = decodeUtf8Text(bytes);
  if (decoded.problem) return { findings: [encodingFinding(file, decoded.problem.message, decoded.problem.line)] };
  return { text: decoded.text, findings: [] };
}

function encodingFinding(file: string, message: string, line: number): Finding {
  return { severity: 'error', path: [], rule: 'trace/encoding', message, hint: 'save the file as UTF-8 text (CSV or JSON); a binary or UTF-16 export is no trace', location: { file, line } };
}

function parseOneTraceFile(text: string, file: string, options: TraceFileOptions): TraceFileResult {
  if (text.length > MAX_TRACE_BYTES) return { findings: [traceTooLarge(file, Buffer.byteLength(text))] };
  // Text handed over already decoded (tests, library callers): a NUL still means a binary or
  // UTF-16 file read as UTF-8, never a trace.
  const nul = text.indexOf('\0');
  if (nul >= 0) {
    const utf16 = /^(\ufffd\ufffd|\ufeff)?\0?[\x01-\x7f]\0/.test(text);
    return { findings: [encodingFinding(file, utf16 ? 'the file is UTF-16 encoded' : 'a NUL byte: this is not a text file', text.slice(0, nul).split('\n').length)] };
  }
  if (text.startsWith('\ufeff')) text = text.slice(1);
  const name = file.split('/').pop() ?? file;
  if (/\.csv$/i.test(file)) return parseCsv(text, file, name, options);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (e) {
    const pos = /position (\d+)/.exec((e as Error).message);
    const line = pos ? new JsonLineLocator(text).lineOfOffset(Number(pos[1])) : 1;
    return fail(file, line, [], 'trace/json', `is not valid JSON: ${quotable((e as Error).message, 160)}`, 'a trace file is CSV (.csv) or JSON');
  }
  if (isPrometheus(data)) return parsePrometheus(data, text, file, name, options);
  return parseJsonSamples(data, text, file, name, options);
}

function fail(file: string, line: number, path: FieldPath, rule: string, message: string, hint?: string): TraceFileResult {
  return { findings: [{ severity: 'error', path, rule, message, ...(hint ? { hint } : {}), location: { file, line } }] };
}

// ---- CSV and plain JSON ----

function parseCsv(text: string, file: string, name: string, o: TraceFileOptions): TraceFileResult {
  const max = o.maxSamples ?? MAX_TRACE_SAMPLES;
  const findings: Finding[] = [];
  const recorded: number[] = [];
  const recordedLines: number[] = [];
  // Each time as the file writes it, for findings (an RFC 3339 time is quoted, not its seconds).
  const recordedText: string[] = [];
  // The first sample whose time is an RFC 3339 date-time (-1: none): such a time is absolute.
  let firstDateTime = -1;
  let nan = 0;
  const times: number[] = [];
  const values: number[] = [];
  // CRLF (Windows), LF, and a lone CR (classic Mac OS, some spreadsheet exports) each end a line.
  const lines = text.split(/\r\n|\r|\n/);
  let columns: [number, number] = [0, 1];
  let sawData = false;
  const lineOfSample: number[] = [];
  let count = 0;
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].trim();
    if (raw === '' || raw.startsWith('#')) continue;
    const cells = raw.split(',').map((c) => c.trim().replace(/^"(.*)"$/, '$1'));
    if (!sawData && parseTime(cells[0]) === null && !DECIMAL.test(cells[0])) {
      const t = cells.findIndex((c) => /^(time|timestamp|t)$/i.test(c));
      const v = cells.findIndex((c) => /^value$/i.test(c));
      if (t < 0 || v < 0) {
        findings.push({ severity: 'error', path: [], rule: 'trace/csv-header', message: `header "${quotable(raw)}" names no \`time\` and \`value\` columns${separatorNote(raw)}`, hint: 'start the file with `time,value`', location: { file, line: i + 1 } });
        return { findings };
      }
      // One series per file: a third column (an instance, a second metric) would be dropped unseen.
      if (cells.length !== 2) {
        findings.push({ severity: 'error', path: [], rule: 'trace/csv-header', message: `header "${quotable(raw)}" names ${cells.length} columns; a trace file has two, time and value`, hint: 'keep only the `time,value` columns (one series per file; sum several in the query)', location: { file, line: i + 1 } });
        return { findings };
      }
      columns = [t, v];
      sawData = true;
      continue;
    }
    sawData = true;
    if (++count > max) return tooManySamples(file, i + 1, [], count, max);
    const at = { file, line: i + 1 };
    if (cells.length !== 2) {
      findings.push({ severity: 'error', path: [], rule: 'trace/csv-columns', message: `has ${cells.length} column(s); expected 2 (time,value)${separatorNote(raw)}`, location: at });
      continue;
    }
    const time = parseTime(cells[columns[0]]);
    if (time === null) {
      findings.push({ severity: 'error', path: ['time'], rule: 'trace/time', message: `"${quotable(cells[columns[0]])}" is not a time`, hint: 'seconds from the start, Unix seconds, or RFC 3339 (2026-11-20T10:00:00Z)', location: at });
      continue;
    }
    if (typeof time !== 'number') {
      findings.push({ severity: 'error', path: ['time'], rule: 'trace/time', message: time.beyond, hint: BEYOND_HINT, location: at });
      continue;
    }
    const value = readLoad(cells[columns[1]]);
    recorded.push(time);
    recordedLines.push(i + 1);
    recordedText.push(cells[columns[0]]);
    if (firstDateTime < 0 && isDateTime(cells[columns[0]])) firstDateTime = recorded.length - 1;
    if (value === 'nan') {
      nan++;
      continue;
    }
    if (typeof value !== 'number') {
      findings.push({ severity: 'error', path: ['value'], rule: value.rule, message: value.message, location: at });
      continue;
    }
    times.push(time);
    values.push(value);
    lineOfSample.push(i + 1);
  }
  findings.push(...orderFindings(recorded, (k) => ({ file, line: recordedLines[k] }), () => ['time'], (k) => quotable(recordedText[k])));
  if (findings.length === 0) findings.push(...timeBaseJump(recorded, (k) => ({ file, line: recordedLines[k] }), ['time'], (k) => quotable(recordedText[k]), firstDateTime));
  if (findings.length > 0) return { findings };
  if (times.length === 0) return fail(file, 1, [], 'trace/empty', nan > 0 ? `has no samples but NaN (${nan})` : 'has no samples', 'add `time,value` lines');
  const unit = millisecondFinding(times[0], recordedText[recordedLines.indexOf(lineOfSample[0])], ['time'], { file, line: lineOfSample[0] });
  if (unit) return { findings: [unit] };
  return finishSamples(name, times, values, recorded, nan, (k) => ({ line: lineOfSample[k], path: ['time'] }), file, o, firstDateTime >= 0);
}

/** A spreadsheet's other separators: said, since the line then reads as one column. */
function separatorNote(line: string): string {
  if (line.includes(',')) return '';
  return line.includes(';') ? ' (cells are separated by a comma, not a semicolon)' : line.includes('\t') ? ' (cells are separated by a comma, not a tab)' : '';
}

/**
 * A plain decimal as people and Prometheus write numbers (`120`, `-3`, `0.5`, `.5`, `1e3`): not
 * what JavaScript's Number() also takes (`0x10`, `0o7`, `0b1`, `''`, `' '`, `Infinity`), so a
 * typo or a foreign encoding is a finding, never a load.
 */
const DECIMAL = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
/** Infinity as Prometheus (`+Inf`) or JavaScript (`Infinity`) writes it: a number, but no load. */
const INFINITE = /^[+-]?inf(inity)?$/i;

/**
 * A load cell (CSV, or a JSON string value): a number (-0 read as 0), `'nan'` for a missing sample
 * (NaN, as Prometheus writes 0/0), or the finding's rule and message.
 */
function readLoad(raw: string): number | 'nan' | { rule: string; message: string } {
  const s = raw.trim();
  if (isNaNSample(s)) return 'nan';
  if (INFINITE.test(s)) return { rule: 'trace/value', message: `${s} is not a finite load` };
  if (!DECIMAL.test(s)) return { rule: 'trace/value', message: s === '' ? 'the value is empty: not a number' : `"${quotable(s)}" is not a number` };
  return loadProblem(s, Number(s));
}

/** A number read as a load: -0 as 0 (never printed "-0"); negative, infinite or too large is a finding. */
function loadProblem(shown: string, value: number): number | { rule: string; message: string } {
  if (!Number.isFinite(value)) return { rule: 'trace/value', message: `${shown} is not a finite load` };
  if (value < 0) return { rule: 'trace/negative', message: `${shown} is negative; a load is at least 0` };
  if (value > MAX_LOAD) return { rule: 'trace/value', message: `${shown} is more than the ${MAX_LOAD.toExponential()} the simulator takes (check the unit: req/s or job arrivals/s)` };
  return value + 0;
}

/** Prometheus writes a missing value (0/0 in the query) as NaN; every format reads it as no sample. */
function isNaNSample(raw: string): boolean {
  return /^[+-]?nan$/i.test(raw.trim());
}

/**
 * The rules every format shares (README "Trace files", as query_range reads them): NaN samples are
 * missing, gaps longer than 1.5 steps are held up to the lookback delta and beyond it follow
 * --gaps, and the last sample holds one step (at most the lookback) past the recording's end.
 * `recorded` holds every sample time read, NaN ones included, so a NaN never stretches the step.
 */
function finishSamples(name: string, times: number[], values: number[], recorded: readonly number[], nan: number,
  keptAt: (k: number) => SampleLocation, file: string, o: TraceFileOptions, absolute: boolean): TraceFileResult {
  const notes: string[] = [];
  if (nan > 0) notes.push(`${nan} NaN sample(s) treated as missing`);
  const step = inferStep(recorded);
  const gapped = bridgeGaps(times, values, step, o, notes, (k) => ({ file, ...keptAt(k) }));
  if ('finding' in gapped) return { findings: [gapped.finding] };
  const trace = makeTrace(name, gapped.times, gapped.values, notes, step, recorded[recorded.length - 1], absolute);
  return { trace, findings: [], firstSampleTime: gapped.times[0], ...(gapped.times === times ? { sampleAt: keptAt } : {}) };
}

function parseJsonSamples(data: unknown, text: string, file: string, name: string, o: TraceFileOptions): TraceFileResult {
  const max = o.maxSamples ?? MAX_TRACE_SAMPLES;
  const recorded: number[] = [];
  const recordedIndex: number[] = [];
  const keptIndex: number[] = [];
  let firstDateTime = -1;
  let nan = 0;
  if (!Array.isArray(data)) return fail(file, 1, [], 'trace/json-shape', 'must be a list of [time, value] pairs or {"time", "value"} objects, or a Prometheus query_range response');
  if (data.length > max) return tooManySamples(file, 1, [], data.length, max);
  const findings: Finding[] = [];
  const times: number[] = [];
  const values: number[] = [];
  const where = (path: FieldPath) => ({ file, line: lineOf(text, path) });
  const shape = (path: FieldPath, message: string): void => void findings.push({ severity: 'error', path, rule: 'trace/json-shape', message, location: where(path) });
  data.forEach((item, i): void => {
    let time: unknown;
    let raw: unknown;
    let keys: [string | number, string | number];
    if (Array.isArray(item)) {
      // A third element (a label, a second value) would be dropped unseen: one series, two elements.
      if (item.length !== 2) return shape([i], `has ${item.length} element(s); a sample is [time, value]`);
      [time, raw] = item;
      keys = [0, 1];
    } else if (item !== null && typeof item === 'object') {
      const fields = Object.keys(item);
      const missing = ['time', 'value'].filter((k) => !fields.includes(k));
      const others = fields.filter((k) => k !== 'time' && k !== 'value');
      if (missing.length > 0) {
        return shape([i], `has no ${missing.map((k) => `"${k}"`).join(' or ')} field${fields.length > 0 ? ` (it has ${fields.map((k) => `"${quotable(k)}"`).join(', ')})` : ''}; a sample is {"time": ..., "value": ...}`);
      }
      if (others.length > 0) return shape([i, others[0]], `has the field "${quotable(others[0])}"; a sample is {"time": ..., "value": ...} and nothing else`);
      ({ time, value: raw } = item as { time: unknown; value: unknown });
      keys = ['time', 'value'];
    } else {
      return shape([i], `${quotable(JSON.stringify(item))} is not a sample: write [time, value] or {"time": ..., "value": ...}`);
    }
    const t = typeof time === 'number' ? (Number.isFinite(time) ? time : null) : typeof time === 'string' ? parseTime(time) : null;
    if (t === null) {
      findings.push({ severity: 'error', path: [i, keys[0]], rule: 'trace/time', message: `${writtenAt(text, [i, keys[0]], JSON.stringify(time) ?? String(time))} is not a time`, location: where([i, keys[0]]) });
      return;
    }
    if (typeof t !== 'number') {
      findings.push({ severity: 'error', path: [i, keys[0]], rule: 'trace/time', message: t.beyond, hint: BEYOND_HINT, location: where([i, keys[0]]) });
      return;
    }
    // A JSON number is a load; so is a string as Prometheus writes one ("1.5", "NaN"); null, true
    // or a list is no number, whatever JavaScript's Number() makes of it (0, 1, ...). A finding
    // quotes the number as written (1e400, not Infinity): looked up only then, as most loads are fine.
    let value = typeof raw === 'number' ? loadProblem(String(raw), raw)
      : typeof raw === 'string' ? readLoad(raw)
        : { rule: 'trace/value', message: `${quotable(JSON.stringify(raw) ?? String(raw))} is not a number` };
    if (typeof raw === 'number' && typeof value === 'object') value = loadProblem(writtenAt(text, [i, keys[1]], String(raw)), raw);
    recorded.push(t + 0);
    recordedIndex.push(i);
    if (firstDateTime < 0 && typeof time === 'string' && isDateTime(time)) firstDateTime = recorded.length - 1;
    if (value === 'nan') {
      nan++;
      return;
    }
    if (typeof value !== 'number') {
      findings.push({ severity: 'error', path: [i, keys[1]], rule: value.rule, message: value.message, location: where([i, keys[1]]) });
      return;
    }
    times.push(t + 0);
    values.push(value);
    keptIndex.push(i);
  });
  // Sample k's time field: [i, 0] of a pair, [i, "time"] of an object.
  const timePath = (k: number): FieldPath => [recordedIndex[k], typeof data[recordedIndex[k]] === 'object' && !Array.isArray(data[recordedIndex[k]]) ? 'time' : 0];
  findings.push(...orderFindings(recorded, (k) => where(timePath(k)), timePath, (k) => writtenAt(text, timePath(k), String(recorded[k]))));
  if (findings.length === 0) findings.push(...timeBaseJump(recorded, (k) => where([recordedIndex[k]]), timePath, (k) => writtenAt(text, timePath(k), String(recorded[k])), firstDateTime));
  if (findings.length > 0) return { findings };
  if (times.length === 0) return fail(file, 1, [], 'trace/empty', nan > 0 ? `has no samples but NaN (${nan})` : 'has no samples');
  const firstPath = timePath(recordedIndex.indexOf(keptIndex[0]));
  const unit = millisecondFinding(times[0], writtenAt(text, firstPath, String(times[0])), firstPath, where(firstPath));
  if (unit) return { findings: [unit] };
  return finishSamples(name, times, values, recorded, nan, (k) => ({ line: lineOf(text, [keptIndex[k]]), path: [keptIndex[k]] }), file, o, firstDateTime >= 0);
}

/**
 * Seconds (from the start or Unix) as a plain decimal without exponent, or an RFC 3339 date-time
 * with its zone (`2026-11-20T10:00:00Z`, `...+01:00`); null otherwise. A date-time without a zone
 * would read in the machine's own time zone, and Date.parse rolls 30 February into March: both
 * are findings, not a time shifted by hours or days.
 */
function parseTime(s: string): number | null | TimeBeyondRange {
  const t = s.trim();
  if (/^[+-]?[0-9]+(\.[0-9]+)?$/.test(t)) return Number(t) + 0;
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?(?:[Zz]|([+-])(\d{2}):(\d{2}))$/.exec(t);
  if (!m) return null;
  const [y, mo, d, h, mi, sec] = m.slice(1, 7).map(Number);
  const ms = Date.UTC(y, mo - 1, d, h, mi, sec);
  const back = new Date(ms);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d || back.getUTCHours() !== h || back.getUTCMinutes() !== mi || sec > 59) return null;
  const offset = m[8] ? (m[8] === '-' ? -1 : 1) * (Number(m[9]) * 3600 + Number(m[10]) * 60) : 0;
  if (m[8] && (Number(m[9]) > 23 || Number(m[10]) > 59)) return null;
  const seconds = (ms + Math.floor(Number(`0${m[7] ?? ''}`) * 1000 + 1e-6)) / 1000 - offset;
  // A date-time says its own unit: never read as milliseconds, it is past the range or a time.
  if (seconds > MAX_UNIX_SECONDS) {
    return { beyond: `"${quotable(t)}" is after ${iso(MAX_UNIX_SECONDS)}, the latest time a recording may hold` };
  }
  return seconds;
}

/** Whether a time parseTime read is an RFC 3339 date-time (absolute, whatever its year), not a decimal. */
function isDateTime(s: string): boolean {
  return !/^[+-]?[0-9]+(\.[0-9]+)?$/.test(s.trim());
}

/** An RFC 3339 date-time that exists but lies past MAX_UNIX_SECONDS: a trace/time finding's message. */
interface TimeBeyondRange {
  readonly beyond: string;
}

const BEYOND_HINT = 'check the year: a recording\'s times lie before 5138 (Unix seconds up to 1e11)';

/** Samples out of time order; `shown(k)` is sample k's time as the file writes it. */
function orderFindings(times: readonly number[], at: (k: number) => { file: string; line: number }, path: (k: number) => FieldPath, shown: (k: number) => string): Finding[] {
  const out: Finding[] = [];
  for (let k = 1; k < times.length; k++) {
    if (times[k] <= times[k - 1]) {
      out.push({
        severity: 'error', path: path(k), rule: 'trace/time-order', location: at(k),
        message: `time ${shown(k)} is not after the previous sample's ${shown(k - 1)}`,
        hint: 'samples must be in time order, without duplicate times',
      });
    }
  }
  return out;
}

/**
 * Times after this are Unix seconds (2001-09-09T01:46:40Z), earlier ones seconds from the start:
 * a relative trace that long (31 years) is no recording.
 */
const UNIX_FROM = 1e9;

/**
 * One file in two kinds of time: seconds from the start, then Unix seconds (two exports pasted
 * together). Read as one, the jump is a run of decades; the finding is at the line of the jump.
 * (Unix, then relative times, is out of order and said so.)
 */
function timeBaseJump(times: readonly number[], at: (k: number) => { file: string; line: number }, path: FieldPath | ((k: number) => FieldPath), shown: (k: number) => string, firstDateTime = -1): Finding[] {
  if (times.length === 0 || times[0] > MAX_UNIX_SECONDS) return [];
  // Seconds, then milliseconds (a Unix-seconds export followed by a JavaScript one), is the same fault.
  // An RFC 3339 date-time is absolute whatever its year: only decimals are guessed from their size.
  const relative = times[0] <= UNIX_FROM && firstDateTime !== 0;
  const beyond = times.findIndex((t) => t > (relative ? UNIX_FROM : MAX_UNIX_SECONDS));
  const k = relative && firstDateTime > 0 && (beyond < 0 || firstDateTime < beyond) ? firstDateTime : beyond;
  if (k < 0) return [];
  const kind = times[k] > MAX_UNIX_SECONDS ? 'milliseconds (past the year 5000 as Unix seconds)' : k === firstDateTime ? `a date-time (${iso(times[k])})` : `Unix seconds (${iso(times[k])})`;
  return [{
    severity: 'error', path: typeof path === 'function' ? path(k) : path, rule: 'trace/time-base', location: at(k),
    message: `time ${shown(k)} looks like ${kind} while the ${k} sample(s) before it are ${relative ? 'seconds from the start' : 'Unix seconds'} (from ${shown(0)}): one file uses one kind of time`,
    hint: 'write every time of the file the same way: Unix seconds or RFC 3339 throughout (as Prometheus exports), or seconds from one start',
  }];
}

/**
 * Unix seconds past 1e11 (the year 5138) are no recording: such times are milliseconds (Grafana's
 * CSV export, JavaScript's Date.now()), and read as seconds they make a run 1000 times too long.
 */
const MAX_UNIX_SECONDS = 1e11;

function millisecondFinding(first: number, shown: string, path: FieldPath, location: { file: string; line: number }): Finding | undefined {
  if (!(first > MAX_UNIX_SECONDS)) return undefined;
  const asMs = first <= 8.64e15 ? `; as milliseconds it is ${new Date(first).toISOString().replace('.000Z', 'Z')}` : '';
  return {
    severity: 'error', path, rule: 'trace/time-unit', location,
    message: `time ${shown} is past the year 5000 as Unix seconds${asMs}: the timestamps look like milliseconds, not seconds`,
    hint: 'write the times in seconds: divide millisecond timestamps by 1000 (Unix seconds, seconds from the start, or RFC 3339)',
  };
}

/**
 * Relative times from the first sample; Unix times (after 2001, or any RFC 3339 date-time: `absolute`)
 * keep their start for clock labels.
 */
function makeTrace(name: string, times: readonly number[], values: readonly number[], notes: string[], stepHint?: number, recordedEnd?: number, absolute = false): Trace {
  const first = times[0];
  const epoch = absolute || first > UNIX_FROM ? first : undefined;
  const rel = times.map((t) => Math.round((t - first) * 1000) / 1000);
  const step = stepHint ?? inferStep(rel);
  const end = Math.max(recordedEnd ?? times[times.length - 1], times[times.length - 1]);
  const last = Math.round((end - first) * 1000) / 1000;
  if (epoch === undefined && first !== 0) notes.push(`times shifted by ${-first} s so the trace starts at 0`);
  // The last sample holds one step past the recording, never longer than Prometheus' lookback
  // delta would show it (two samples a year apart must not hold a second year).
  return { name, times: rel, values, durationSeconds: last + Math.min(step, LOOKBACK), ...(epoch !== undefined ? { startEpochSeconds: epoch } : {}), notes };
}

// ---- Prometheus query_range ----

interface PromSeries {
  readonly metric: Record<string, string>;
  readonly values?: ReadonlyArray<[number, string]>;
  readonly histograms?: unknown;
}

/** Whether a trace file's text is a Prometheus query_range result (as parseTraceFile reads it), not CSV or plain JSON samples. */
export function isPrometheusRecording(text: string, file: string): boolean {
  if (/\.csv$/i.test(file)) return false;
  try {
    return isPrometheus(JSON.parse(text));
  } catch {
    return false;
  }
}

function isPrometheus(data: unknown): boolean {
  if (data && typeof data === 'object' && !Array.isArray(data)) return 'status' in data || 'data' in data;
  return Array.isArray(data) && data.length > 0 && data.every((s) => s && typeof s === 'object' && !Array.isArray(s) && 'metric' in s);
}

const labelsOf = (m: Record<string, string>) => `{${Object.entries(m).map(([k, v]) => `${quotable(String(k), 80)}="${quotable(String(v), 80)}"`).join(', ')}}`;
/** A sample time as a reader knows it: a date for Unix times, else seconds from the start. */
const when = (ts: number) => (ts > 1e9 ? iso(ts) : `${ts} s`);
// Past year 275760 (8.64e12 s) a Date is invalid and toISOString throws: such a time is said as seconds.
const iso = (ts: number) => (Math.abs(ts) <= 8.64e12 ? new Date(ts * 1000).toISOString().replace('.000Z', 'Z') : `${ts} s`);

function parsePrometheus(data: unknown, text: string, file: string, name: string, o: TraceFileOptions): TraceFileResult {
  const notes: string[] = [];
  let result: unknown;
  let resultPath: FieldPath = [];
  if (Array.isArray(data)) {
    result = data;
  } else {
    const env = data as { status?: string; errorType?: string; error?: string; warnings?: string[]; infos?: string[]; data?: { resultType?: string; result?: unknown } };
    if (env.status === 'error') {
      return fail(file, lineOf(text, ['error']), ['error'], 'prometheus/error-response',
        `Prometheus answered with an error${env.errorType ? ` (${quotable(String(env.errorType), 80)})` : ''}: ${env.error === undefined ? '(no message)' : quotable(String(env.error), 400)}`,
        'fix the query and record it again; the file holds no samples');
    }
    if (env.data?.resultType !== 'matrix') {
      const kind = env.data?.resultType ?? '(none)';
      return fail(file, lineOf(text, ['data', 'resultType']), ['data', 'resultType'], 'prometheus/result-type',
        `is "${kind}", not "matrix": ${kind === 'vector' || kind === 'scalar' ? 'an instant query (/api/v1/query) gives one value, not a series over time' : 'not a range query result'}`,
        'record with /api/v1/query_range (start, end, step) or `promtool query range`');
    }
    for (const w of [...(env.warnings ?? []), ...(env.infos ?? [])]) notes.push(`Prometheus: ${quotable(String(w), 400)}`);
    result = env.data.result;
    resultPath = ['data', 'result'];
  }
  if (!Array.isArray(result)) return fail(file, lineOf(text, resultPath), resultPath, 'prometheus/result-type', 'the result is not a list of series');
  let series = result as PromSeries[];
  if (series.length === 0) {
    return fail(file, lineOf(text, resultPath), resultPath, 'prometheus/empty', 'holds no series: the query matched nothing in that time range', 'check the query and the time range in Prometheus first');
  }
  const indexOf = new Map(series.map((s, i) => [s, i]));
  if (o.series !== undefined) {
    const matchers = parseMatchers(o.series);
    if (!matchers) return fail(file, 1, [], 'trace/series-selector', `--series "${o.series}" is not a list of label=value pairs`, 'e.g. --series queue=render,instance=10.0.0.1:9100');
    const picked = series.filter((s) => matchers.every(([k, v]) => s.metric?.[k] === v));
    if (picked.length === 0 || (picked.length > 1 && !o.sum)) {
      return fail(file, lineOf(text, resultPath), resultPath, 'prometheus/series-selector',
        `--series ${o.series} matches ${picked.length} of the ${series.length} series: ${series.map((s) => labelsOf(s.metric ?? {})).join(' ')}`,
        picked.length === 0 ? 'pick labels one series has' : 'add labels until one series matches, or add --sum');
    }
    series = picked;
  }
  if (series.length > 1 && !o.sum) {
    return fail(file, lineOf(text, resultPath), resultPath, 'prometheus/several-series',
      `holds ${series.length} series: ${series.map((s) => labelsOf(s.metric ?? {})).join(' ')}`,
      'pick one with --series label=value, or add them up with --sum (or record sum(...) in the query)');
  }
  const total = series.reduce((n, s) => n + (Array.isArray(s.values) ? s.values.length : 0), 0);
  const max = o.maxSamples ?? MAX_TRACE_SAMPLES;
  if (total > max) return tooManySamples(file, lineOf(text, resultPath), resultPath, total, max);
  const findings: Finding[] = [];
  const converted: Array<{ times: number[]; values: number[] }> = [];
  const recorded = new Set<number>();
  // Where each kept sample sits in the file, so a gap or a load finding names the sample and its line.
  const samplePaths = new Map<number, FieldPath>();
  for (const s of series) {
    const i = indexOf.get(s)!;
    const at = (path: FieldPath) => ({ file, line: lineOf(text, [...resultPath, i, ...path]) });
    const label = labelsOf(s.metric ?? {});
    if (s.histograms !== undefined && s.values === undefined) {
      findings.push({ severity: 'error', path: [...resultPath, i, 'histograms'], rule: 'prometheus/native-histogram', message: `series ${label} holds native histograms, not numbers`, hint: 'record a rate or a quantile of it, e.g. sum(rate(x_count[2m]))', location: at(['histograms']) });
      continue;
    }
    const times: number[] = [];
    const values: number[] = [];
    let nan = 0;
    const samples = s.values ?? [];
    const isCounter = o.counter ?? /_(total|count|sum|bucket)$/.test(s.metric?.__name__ ?? '');
    let firstKept = 0;
    // A series whose samples had findings is said once per sample, not again as empty.
    const findingsBefore = findings.length;
    for (let k = 0; k < samples.length; k++) {
      const sample = samples[k];
      // Index a pair rather than destructure it (a month is 172,800 of them). A third element (a
      // second value, a label) would be dropped unseen: a sample is exactly two.
      if (!Array.isArray(sample) || sample.length !== 2) {
        const what = Array.isArray(sample) ? `has ${sample.length} element(s)` : `is ${quotable(JSON.stringify(sample) ?? String(sample))}`;
        findings.push({ severity: 'error', path: [...resultPath, i, 'values', k], rule: 'prometheus/sample', message: `sample ${k} of ${label} ${what}; a sample is [<unix seconds>, "<value>"]`, location: at(['values', k]) });
        continue;
      }
      const ts: unknown = sample[0];
      const raw: unknown = sample[1];
      if (typeof ts !== 'number' || !Number.isFinite(ts) || typeof raw !== 'string') {
        const written = (e: number, v: unknown) => writtenAt(text, [...resultPath, i, 'values', k, e], JSON.stringify(v) ?? String(v));
        const problem = typeof ts !== 'number' ? `: its time ${written(0, ts)} is not a number of Unix seconds`
          : !Number.isFinite(ts) ? `: its time ${written(0, ts)} is beyond a float`
            : `: its value ${written(1, raw)} is not a string (Prometheus quotes every value)`;
        const element = typeof ts === 'number' && Number.isFinite(ts) ? 1 : 0;
        findings.push({ severity: 'error', path: [...resultPath, i, 'values', k, element], rule: 'prometheus/sample', message: `sample ${k} of ${label} is not [<unix seconds>, "<value>"]${problem}`, location: at(['values', k]) });
        continue;
      }
      if (times.length > 0 && ts <= times[times.length - 1]) {
        findings.push({
          severity: 'error', path: [...resultPath, i, 'values', k], rule: 'prometheus/out-of-order', location: at(['values', k]),
          message: `sample ${k} of ${label} at ${iso(ts)} is not after the previous one at ${iso(times[times.length - 1])}`,
          hint: 'Prometheus always returns samples sorted without duplicates: the file was edited or concatenated; sort it and drop duplicates',
        });
        continue;
      }
      recorded.add(ts);
      if (isNaNSample(raw)) {
        nan++;
        continue;
      }
      if (!samplePaths.has(ts)) samplePaths.set(ts, [...resultPath, i, 'values', k]);
      // Prometheus writes a float as a plain decimal, NaN or ±Inf (strconv.FormatFloat); Number()
      // would also take "0x10" or "" from an edited file.
      if (INFINITE.test(raw.trim())) {
        findings.push({ severity: 'error', path: [...resultPath, i, 'values', k], rule: 'prometheus/infinite', message: `sample ${k} of ${label} at ${iso(ts)} is ${raw.trim()}`, hint: 'an infinite load cannot be simulated; check the query (a division by zero?)', location: at(['values', k]) });
        continue;
      }
      if (!DECIMAL.test(raw.trim())) {
        findings.push({ severity: 'error', path: [...resultPath, i, 'values', k, 1], rule: 'prometheus/sample', message: `sample ${k} of ${label} at ${iso(ts)}: "${quotable(raw)}" is not a number`, location: at(['values', k]) });
        continue;
      }
      const v = Number(raw) + 0;
      if (!Number.isFinite(v)) {
        findings.push({ severity: 'error', path: [...resultPath, i, 'values', k], rule: 'prometheus/infinite', message: `sample ${k} of ${label} at ${iso(ts)} is ${raw.trim()}, beyond a float`, hint: 'an infinite load cannot be simulated; check the query (a division by zero?)', location: at(['values', k]) });
        continue;
      }
      // A counter's raw value may be anything >= 0; a rate or a gauge is the load itself.
      if (!isCounter && (v < 0 || v > MAX_LOAD)) {
        const problem = loadProblem(raw.trim(), v) as { rule: string; message: string };
        findings.push({ severity: 'error', path: [...resultPath, i, 'values', k, 1], rule: problem.rule, message: `sample ${k} of ${label} at ${iso(ts)}: ${problem.message}`, location: at(['values', k]) });
        continue;
      }
      if (times.length === 0) firstKept = k;
      times.push(ts);
      values.push(v);
    }
    if (findings.length > findingsBefore) continue;
    const unit = millisecondFinding(times[0] ?? 0, writtenAt(text, [...resultPath, i, 'values', firstKept, 0], String(times[0])), [...resultPath, i, 'values', firstKept, 0], at(['values', firstKept]));
    if (unit) {
      findings.push(unit);
      continue;
    }
    const who = Object.keys(s.metric ?? {}).length > 0 ? label : 'the series (it has no labels)';
    if (nan > 0) notes.push(`${who}: ${nan} NaN sample(s) (e.g. 0/0 in the query) treated as missing`);
    if (times.length === 0) {
      findings.push({ severity: 'error', path: [...resultPath, i, 'values'], rule: 'prometheus/empty', message: `series ${label} has no usable samples`, location: at(['values']) });
      continue;
    }
    if (isCounter) {
      const rate = counterToRate(times, values);
      notes.push(`${label}: a raw counter, converted to a per-second rate as rate() does${rate.resets > 0 ? ` (${rate.resets} counter reset(s) counted from zero)` : ''}`);
      if (rate.times.length === 0) {
        findings.push({ severity: 'error', path: [...resultPath, i, 'values'], rule: 'prometheus/counter', message: `counter ${label} needs at least two samples for a rate`, location: at(['values']) });
        continue;
      }
      converted.push(rate);
    } else {
      converted.push({ times, values });
    }
  }
  if (findings.length > 0) return { findings };
  const merged = converted.length === 1 ? converted[0] : sumSeries(converted);
  if (converted.length > 1) notes.push(`summed ${converted.length} series`);
  const all = Array.from(Float64Array.from(recorded).sort());
  const step = inferStep(all);
  const mergedAt = (k: number): SampleLocation => {
    const path = samplePaths.get(merged.times[k]);
    return path ? { line: lineOf(text, path), path } : { line: 1, path: resultPath };
  };
  // A sum or a rate is computed, not written: too high is said at the sample of its time.
  const tooHigh = merged.values.findIndex((v) => v > MAX_LOAD);
  if (tooHigh >= 0) {
    const what = converted.length > 1 ? `the sum of the ${converted.length} series` : 'the rate of the counter';
    return fail(file, mergedAt(tooHigh).line, mergedAt(tooHigh).path, 'trace/value',
      `${what} at ${iso(merged.times[tooHigh])} is ${merged.values[tooHigh]}, more than the ${MAX_LOAD.toExponential()} the simulator takes`,
      'check the unit of the recording: a load is req/s (backend) or job arrivals/s (worker)');
  }
  const gapped = bridgeGaps(merged.times, merged.values, step, o, notes, (k) => ({ file, ...mergedAt(k) }));
  if ('finding' in gapped) return { findings: [gapped.finding] };
  const trace = makeTrace(name, gapped.times, gapped.values, notes, step, all[all.length - 1]);
  return { trace, findings: [], firstSampleTime: gapped.times[0], ...(gapped.times === merged.times ? { sampleAt: mergedAt } : {}) };
}

/** rate() without extrapolation between consecutive samples; a decrease is a reset (counts from 0). */
export function counterToRate(times: readonly number[], values: readonly number[]): { times: number[]; values: number[]; resets: number } {
  const out = { times: [] as number[], values: [] as number[], resets: 0 };
  for (let k = 1; k < times.length; k++) {
    let delta = values[k] - values[k - 1];
    if (delta < 0) {
      out.resets++;
      delta = values[k];
    }
    out.times.push(times[k - 1]);
    out.values.push(delta / (times[k] - times[k - 1]));
  }
  return out;
}

/** At each timestamp of any series, the sum of each series' latest value within the lookback. */
function sumSeries(list: ReadonlyArray<{ times: number[]; values: number[] }>): { times: number[]; values: number[] } {
  const all = [...new Set(list.flatMap((s) => s.times))].sort((a, b) => a - b);
  const cursors = list.map(() => 0);
  const values = all.map((t) => list.reduce((sum, s, i) => {
    while (cursors[i] + 1 < s.times.length && s.times[cursors[i] + 1] <= t) cursors[i]++;
    const ts = s.times[cursors[i]];
    return ts <= t && t - ts <= LOOKBACK ? sum + s.values[cursors[i]] : sum;
  }, 0));
  return { times: all, values };
}

/**
 * The recording's step: its most common spacing (to the millisecond), the smallest of equally
 * common ones; 15 s for a single sample. A query_range result is spaced at its step wherever a
 * sample exists, so a hole is a multiple of it and never outvotes it: `0, 600, 615` is a 15 s
 * recording with a 10 min hole (the median, 600 s, would have hidden it), and a recording taken
 * at step=10m still reads as 10 min.
 */
export function inferStep(times: readonly number[]): number {
  if (times.length < 2) return 15;
  // A typed array sorts numerically without a comparator call per pair (a month is 172,800 samples).
  const diffs = new Float64Array(times.length - 1);
  for (let i = 1; i < times.length; i++) diffs[i - 1] = Math.round((times[i] - times[i - 1]) * 1000) / 1000;
  diffs.sort();
  let best = diffs[0];
  let bestRun = 0;
  for (let i = 0; i < diffs.length;) {
    let j = i;
    while (j < diffs.length && diffs[j] === diffs[i]) j++;
    if (j - i > bestRun) {
      best = diffs[i];
      bestRun = j - i;
    }
    i = j;
  }
  return best;
}

/**
 * Gaps (no sample for more than 1.5 steps): up to the lookback delta the last value holds, as an
 * instant query would see it; longer ones are an error unless --gaps says hold or zero.
 */
/**
 * Holds or zeroes gaps longer than 1.5 steps (see finishSamples); `locate` gives the file and line of
 * sample k for a gap finding. Returns the input arrays themselves when nothing was inserted.
 */
function bridgeGaps(times: number[], values: number[], step: number, o: TraceFileOptions, notes: string[], locate: (k: number) => SampleLocation & { file: string }):
  { times: number[]; values: number[] } | { finding: Finding } {
  const maxGap = o.maxGapSeconds ?? LOOKBACK;
  const outT: number[] = [];
  const outV: number[] = [];
  let bridged = 0;
  let zeroed = 0;
  for (let k = 0; k < times.length; k++) {
    if (k > 0) {
      const gap = times[k] - times[k - 1];
      if (gap > 1.5 * step) {
        if (gap <= maxGap || o.gaps === 'hold') bridged++;
        else if (o.gaps === 'zero') {
          outT.push(times[k - 1] + step);
          outV.push(0);
          zeroed++;
        } else {
          return {
            finding: {
              severity: 'error', path: locate(k).path, rule: 'prometheus/gap', location: { file: locate(k).file, line: locate(k).line },
              message: `no samples for ${gap} s between ${when(times[k - 1])} and ${when(times[k])} (longer than ${maxGap} s)`,
              hint: 'record that range again, or pass --gaps hold (keep the last value) or --gaps zero (no load)',
            },
          };
        }
      }
    }
    outT.push(times[k]);
    outV.push(values[k]);
  }
  if (bridged > 0) notes.push(`${bridged} gap(s) bridged by holding the last value`);
  if (zeroed > 0) notes.push(`${zeroed} long gap(s) read as zero load`);
  return zeroed > 0 ? { times: outT, values: outV } : { times, values };
}

function parseMatchers(s: string): Array<[string, string]> | null {
  const pairs = s.split(',').map((p) => p.trim()).filter(Boolean).map((p) => /^([a-zA-Z_][a-zA-Z0-9_]*)=(?:"([^"]*)"|(.*))$/.exec(p));
  if (pairs.length === 0 || pairs.some((m) => !m)) return null;
  return pairs.map((m) => [m![1], m![2] ?? m![3]]);
}

/** Line of the JSON node at `path`, or of its deepest existing ancestor; 1 if unknown. */
// One locator per file, however many findings it has, and no tree built: a YAML document of a
// 40 MB recording took gigabytes, and reparsing per finding made many bad samples quadratic.
let located: { text: string; locator: JsonLineLocator } | undefined;

function lineOf(text: string, path: FieldPath): number {
  return locatorOf(text).lineOf(path);
}

function locatorOf(text: string): JsonLineLocator {
  if (located?.text !== text) located = { text, locator: new JsonLineLocator(text) };
  return located.locator;
}

/** The JSON node at `path` as the file writes it (a number's own digits: `1e400`, not Infinity), cut to quote. */
function writtenAt(text: string, path: FieldPath, fallback: string): string {
  return quotable(locatorOf(text).textOf(path) ?? fallback);
}

/**
 * Several recordings of consecutive time ranges (Prometheus' 11,000-point limit splits a week at
 * 15 s into several queries), in order, as one trace. A sample repeated at a boundary (one query's
 * end is the next one's start) is kept once; ranges that overlap otherwise are an error, and a
 * hole between files is a gap like any other (up to 5 min held, else --gaps).
 */
export function parseTraceFiles(files: ReadonlyArray<{ text: string; file: string }>, options: TraceFileOptions = {}): TraceFileResult {
  return withHints(parseSeveralTraceFiles(files, options));
}

function parseSeveralTraceFiles(files: ReadonlyArray<{ text: string; file: string }>, options: TraceFileOptions): TraceFileResult {
  const parsed = files.map((f) => ({ ...f, ...parseTraceFile(f.text, f.file, { ...options, gaps: options.gaps ?? 'error' }) }));
  const findings = parsed.flatMap((p) => p.findings);
  if (findings.length > 0) return { findings };
  if (parsed.length === 1) return parsed[0];
  const times: number[] = [];
  const values: number[] = [];
  const notes: string[] = [];
  // Where each joined sample came from, so a gap across files is located at its own line.
  const fromFile: number[] = [];
  const fromSample: number[] = [];
  const unix = (p: (typeof parsed)[number]) => p.trace!.startEpochSeconds !== undefined;
  for (let f = 0; f < parsed.length; f++) {
    const p = parsed[f];
    const t = p.trace!;
    if (unix(p) !== unix(parsed[0])) {
      const kind = (q: typeof p) => (unix(q) ? 'Unix times' : 'seconds from the start');
      return fail(p.file, p.sampleAt?.(0).line ?? 1, p.sampleAt?.(0).path ?? [], 'trace/time-base', `uses ${kind(p)} while ${parsed[0].file} uses ${kind(parsed[0])}; joined files need the same kind of time`,
        'export every file with Unix or RFC 3339 times (Prometheus query_range does), or every file in seconds from one common start');
    }
    // Each file's trace starts at 0; its own first time puts it back where it was recorded.
    const offset = p.firstSampleTime ?? t.startEpochSeconds ?? 0;
    // A file's own shift to 0 is undone by the join (the joined trace says its own shift, if any).
    for (const note of t.notes ?? []) if (!note.startsWith('times shifted by ')) notes.push(`${p.file}: ${note}`);
    for (let k = 0; k < t.times.length; k++) {
      const at = t.times[k] + offset;
      const last = times[times.length - 1];
      if (last !== undefined && at === last) {
        // One query's end is the next one's start: the same sample twice counts once, but two
        // values for one time mean the files are not one recording.
        const before = values[values.length - 1];
        if (t.values[k] === before) continue;
        const prev = parsed[fromFile[fromFile.length - 1]];
        return fail(p.file, p.sampleAt?.(k).line ?? 1, p.sampleAt?.(k).path ?? [], 'trace/overlap', `gives ${t.values[k]} at ${when(at)}, where ${prev.file} gives ${before} (line ${prev.sampleAt?.(fromSample[fromSample.length - 1]).line ?? 1}): joined files must agree on a shared sample`,
          'record both ranges with the same query (a shared boundary sample then agrees), or drop the sample from one file');
      }
      if (last !== undefined && at < last) {
        return fail(p.file, p.sampleAt?.(k).line ?? 1, p.sampleAt?.(k).path ?? [], 'trace/overlap', `starts at ${when(at)}, before the previous file ends (${when(last)})`, 'pass the files in time order, each covering its own range');
      }
      times.push(at);
      values.push(t.values[k]);
      fromFile.push(f);
      fromSample.push(k);
    }
  }
  const max = options.maxSamples ?? MAX_TRACE_SAMPLES;
  if (times.length > max) return tooManySamples(parsed[parsed.length - 1].file, 1, [], times.length, max);
  const step = inferStep(times);
  const gapped = bridgeGaps(times, values, step, options, notes, (k) => {
    const p = parsed[fromFile[k]];
    return { file: p.file, ...(p.sampleAt?.(fromSample[k]) ?? { line: 1, path: [] }) };
  });
  if ('finding' in gapped) return { findings: [gapped.finding] };
  return { trace: makeTrace(parsed.map((p) => p.trace!.name).join('+'), gapped.times, gapped.values, notes, step, undefined, unix(parsed[0])), findings: [] };
}
