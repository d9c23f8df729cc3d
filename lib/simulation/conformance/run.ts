import * as fs from 'fs';
import type { z } from 'zod';
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import { displayPath } from '../../cli/paths';
import { notARegularFile } from '../../cli/user-file';
import { Finding, formatReport } from '../../config/findings';
import { documentValue, offsetOf } from '../../config/load';
import { decodeUtf8Text } from '../../config/text-encoding';
import { issueFindings } from '../../config/validate';
import { runawayNestingFinding, tooDeepFinding } from '../../config/yaml-depth';
import { expectedFields, KIND_SCHEMAS, POD_METRICS, VECTOR_KINDS, VectorSchema, VectorsFileSchema, VECTORS_SCHEMA_VERSION } from './vectors-schema';
import { show } from './decode';
import { Check, Harnesses, passed, RUNNERS, Vector } from './kinds';

export interface VectorOutcome {
  readonly id: string;
  readonly kind: string;
  readonly ok: boolean;
  /** For a failure: each mismatching field, or the reason it could not run. */
  readonly failures: string[];
}

export interface VectorsFile {
  harnesses?: Harnesses;
  vectors: Vector[];
}

/** Runs every vector through the engine. An unknown kind or a crash is a failure, never a skip. */
export function runVectors(file: VectorsFile): VectorOutcome[] {
  return file.vectors.map((v) => {
    const runner = RUNNERS[v.kind];
    if (!runner) return { id: v.id, kind: v.kind, ok: false, failures: [`unknown kind "${v.kind}"`] };
    let results: Check[];
    try {
      results = runner(v.inputs, v.expected, file.harnesses ?? {});
    } catch (e) {
      return { id: v.id, kind: v.kind, ok: false, failures: [`error: ${(e as Error).message}`] };
    }
    if (results.length === 0) return { id: v.id, kind: v.kind, ok: false, failures: ['no expectation asserted'] };
    const failures = results.filter((c) => !passed(c)).map((c) => `${c.field}: expected ${show(c.expected)}, got ${show(c.actual)}`);
    return { id: v.id, kind: v.kind, ok: failures.length === 0, failures };
  });
}

export function report(outcomes: readonly VectorOutcome[]): string {
  const lines = outcomes.filter((o) => !o.ok).map((o) => `FAIL ${o.id} [${o.kind}]: ${o.failures.join('; ')}`);
  const failed = outcomes.filter((o) => !o.ok).length;
  lines.push(`${outcomes.length - failed} passed, ${failed} failed`);
  return lines.join('\n');
}

/**
 * Largest vectors file read, bytes: 4 MiB, about 11 times the largest shipped file
 * (`__tests__/data/hpa/upstream-vectors.json`, 0.35 MiB, 139 vectors). Checked by stat before
 * reading, so a runaway file is one finding (conformance/too-large) instead of a minute of parsing:
 * the YAML parser that locates findings builds a node per value (a 6 MB file of 3,000,000 vectors
 * took 15 s and 3 GB in it alone).
 */
export const MAX_VECTORS_BYTES = 4 * 1024 * 1024;

/**
 * Most vectors a file may hold: 10,000, 70 times the shipped 164. Counted with `JSON.parse` (fast)
 * before the YAML parse, so a small file of millions of tiny vectors is refused as quickly.
 */
export const MAX_VECTORS = 10_000;

/** Findings printed per vectors file: the first 100, then one line counting the rest. */
export const MAX_FINDINGS_SHOWN = 100;

/**
 * The findings of each vectors file (one array per file, in argument order) as the report the
 * command prints: grouped by file as `formatReport` does, at most `MAX_FINDINGS_SHOWN` per file, then
 * `  ... and N more [rule]` for the rest, and the summary counting every finding, shown or not.
 */
export function formatVectorsFindings(perFile: ReadonlyArray<readonly Finding[]>): string {
  const lines: string[] = [];
  for (const findings of perFile) {
    if (findings.length === 0) continue;
    const body = formatReport(findings.slice(0, MAX_FINDINGS_SHOWN)).split('\n');
    body.pop(); // formatReport's summary line: the one below counts the hidden findings too
    lines.push(...body);
    const hidden = findings.slice(MAX_FINDINGS_SHOWN);
    if (hidden.length > 0) lines.push(`  ... and ${hidden.length} more [${[...new Set(hidden.map((f) => f.rule))].join('] [')}]`);
  }
  const all = perFile.flat();
  const errors = all.filter((f) => f.severity === 'error').length;
  lines.push(`${errors} error(s), ${all.length - errors} warning(s)`);
  return lines.join('\n');
}

const VECTORS_HINT = 'a vectors file is a JSON object {"vectors": [{"id", "kind", "inputs", "expected"}, ...]} (README, HPA engine: Conformance vectors format)';

/** The length of a JSON file's top-level "vectors" array; undefined for YAML, broken JSON or another shape. */
function vectorCount(text: string): number | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  const vectors = (value as { vectors?: unknown } | null)?.vectors;
  return Array.isArray(vectors) ? vectors.length : undefined;
}

/**
 * Reads and checks the shape of a vectors file (JSON, or YAML). Every problem is a finding naming
 * the file, the line where known, the field and the rule (conformance/unreadable, /syntax, /shape),
 * so a bad file never reaches the runner as a crash.
 */
export function readVectorsFile(file: string): { file?: VectorsFile; findings: Finding[]; ids?: ReadonlyMap<string, VectorIdLocation> } {
  const shown = displayPath(file);
  const finding = (rule: string, path: (string | number)[], message: string, line?: number, column?: number): Finding => ({
    severity: 'error', path, rule, message, hint: VECTORS_HINT, location: { file: shown, ...(line ? { line, column } : {}) },
  });
  const bad = notARegularFile(file);
  if (bad?.code === 'not-regular') return { findings: [{ ...finding('conformance/unreadable', [], `${shown} ${bad.why}`), hint: 'pass the path of a vectors JSON file' }] };
  const size = bad ? 0 : fs.statSync(file).size;
  if (size > MAX_VECTORS_BYTES) {
    return { findings: [{ ...finding('conformance/too-large', [], `${shown} is ${size.toLocaleString('en-US')} bytes, more than the ${MAX_VECTORS_BYTES.toLocaleString('en-US')} (4 MiB) a vectors file may have`),
      hint: 'split the vectors over several files (npm run conformance -- a.json b.json), or check it is the right file' }] };
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'does not exist' : err.code === 'EISDIR' ? 'is a directory, not a vectors file' : `cannot be read (${err.code ?? err.message})`;
    return { findings: [{ ...finding('conformance/unreadable', [], `${shown} ${why}`), hint: 'pass the path of a vectors JSON file' }] };
  }
  // Decoded as the config reader decodes: a UTF-16 file would otherwise "hold a string".
  const decoded = decodeUtf8Text(bytes);
  if (decoded.problem) {
    const p = decoded.problem;
    return { findings: [{ ...finding('conformance/encoding', [], p.message, p.line, p.column), hint: `${p.hint}: a vectors file is UTF-8 JSON` }] };
  }
  const text = decoded.text;
  const count = vectorCount(text);
  if (count !== undefined && count > MAX_VECTORS) {
    return { findings: [{ ...finding('conformance/too-large', ['vectors'], `holds ${count.toLocaleString('en-US')} vectors, more than the ${MAX_VECTORS.toLocaleString('en-US')} a vectors file may hold`),
      hint: 'split the vectors over several files (npm run conformance -- a.json b.json), or check it is the right file' }] };
  }
  const runaway = runawayNestingFinding(text, 'conformance/too-deep', shown, 'a vector is {"id", "kind", "inputs", "expected"} with inputs a few levels deep');
  if (runaway) return { findings: [runaway] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
    // The first error only: the ones after it are usually its echoes.
    const e = doc.errors[0];
    // The yaml library's own advice ("use YAML.parseAllDocuments()") means nothing to a user.
    if (e.code === 'RESOURCE_EXHAUSTION') {
      // Valid JSON perhaps, but nested beyond what the parser follows (as yaml/too-deep in the config).
      const { line, col } = lineCounter.linePos(e.pos[0]);
      return { findings: [tooDeepFinding('conformance/too-deep', [], { file: shown, line, column: col }, 'a vector is {"id", "kind", "inputs", "expected"} with inputs a few levels deep')] };
    }
    const what = e.code === 'MULTIPLE_DOCS' ? 'holds more than one YAML document (a second starts here); a vectors file is one JSON object'
      : `not valid JSON or YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`;
    return { findings: [finding('conformance/syntax', [], what, e.linePos?.[0].line, e.linePos?.[0].col)] };
  }
  const lineOf = (node: unknown): number | undefined => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (!range) return undefined;
    // The line counter's binary search: re-counting the text before each vector made a file's
    // findings quadratic (100,000 malformed vectors took a minute).
    return lineCounter.linePos(range[0]).line;
  };
  const root = doc.contents;
  // Aliases expand within the config loader's limit: an alias bomb is yaml/alias-limit at its line.
  const expanded = documentValue(doc, (offset) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file: shown, line, column: col };
  });
  if (expanded.findings.length > 0) return { findings: expanded.findings.map((f) => ({ ...f, hint: `${f.hint}; ${VECTORS_HINT}` })) };
  const value = expanded.value;
  if (!isMap(root) || typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { findings: [finding('conformance/shape', [], `the file holds ${Array.isArray(value) ? 'an array' : value === null || value === undefined ? 'nothing' : `a ${typeof value}`}, not an object with a "vectors" array`, lineOf(root) ?? 1, 1)] };
  }
  const vectorsNode = root.get('vectors', true);
  const raw = (value as Record<string, unknown>).vectors;
  if (!Array.isArray(raw) || !isSeq(vectorsNode)) {
    return { findings: [finding('conformance/shape', ['vectors'], raw === undefined ? 'no "vectors" array' : '"vectors" is not an array', lineOf(vectorsNode ?? root) ?? 1, 1)] };
  }
  const findings: Finding[] = [];
  const at = (fieldPath: (string | number)[]) => {
    const { line, col } = lineCounter.linePos(offsetOf(root, fieldPath));
    return { line, col };
  };
  // The file around the vectors: the format version this reader understands, harnesses by test file.
  const top = value as Record<string, unknown>;
  if (top.schemaVersion !== VECTORS_SCHEMA_VERSION) {
    const { line, col } = at(['schemaVersion']);
    findings.push({ ...finding('conformance/shape', ['schemaVersion'], top.schemaVersion === undefined
      ? `is required: the version of the vectors format, ${VECTORS_SCHEMA_VERSION}`
      : `is ${JSON.stringify(top.schemaVersion)}; this reader understands version ${VECTORS_SCHEMA_VERSION} of the vectors format only`, line, col),
    hint: `write "schemaVersion": ${VECTORS_SCHEMA_VERSION} and the fields of that version (README, HPA engine: Conformance vectors format)` });
  }
  const harnesses = VectorsFileSchema.shape.harnesses.safeParse(top.harnesses, { reportInput: true });
  if (!harnesses.success) findings.push(...shapeFindings(harnesses.error.issues, ['harnesses'], undefined));
  const ids = new Map<string, number>();
  raw.forEach((v, i) => {
    const line = lineOf(vectorsNode.items[i]);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      findings.push(finding('conformance/shape', ['vectors', i], 'a vector is an object', line));
      return;
    }
    const o = v as Record<string, unknown>;
    const before = findings.length;
    // At the field when it is there, else at the vector (line and column both ways).
    const where = (key: string) => (key in o ? at(['vectors', i, key]) : at(['vectors', i]));
    const wrong = (key: string, what: string) => (!(key in o) || o[key] === undefined ? `"${key}" is missing; every vector has one (${what})` : `"${key}" must be ${what}`);
    const label = typeof o.id === 'string' && o.id !== '' ? `vector ${JSON.stringify(o.id)}: ` : '';
    for (const key of ['id', 'kind'] as const) {
      if (typeof o[key] !== 'string' || o[key] === '') findings.push(finding('conformance/shape', ['vectors', i, key], `${label}${wrong(key, 'a non-empty string')}`, where(key).line, where(key).col));
    }
    for (const key of ['inputs', 'expected'] as const) {
      if (typeof o[key] !== 'object' || o[key] === null || Array.isArray(o[key])) findings.push(finding('conformance/shape', ['vectors', i, key], `${label}${wrong(key, 'an object')}`, where(key).line, where(key).col));
    }
    // Every problem of the vector at once: a missing section does not hide a bad kind or a reused id.
    const reported = new Set(findings.slice(before).map((f) => String(f.path[2])));
    const id = typeof o.id === 'string' && o.id !== '' ? o.id : undefined;
    const kind = o.kind as string;
    const vector = id === undefined ? `vectors[${i}]` : `vector ${JSON.stringify(id)}`;
    if (id !== undefined && ids.has(id)) {
      const { line: l, col } = at(['vectors', i, 'id']);
      findings.push({ ...finding('conformance/shape', ['vectors', i, 'id'], `${vector} is also vectors[${ids.get(id)}]: ids name the vectors in the report, so each must be unique`, l, col),
        hint: 'give each vector its own id' });
    } else if (id !== undefined) {
      ids.set(id, i);
    }
    const common = VectorSchema.safeParse(o, { reportInput: true });
    if (!common.success) findings.push(...shapeFindings(common.error.issues.filter((issue) => !reported.has(String(issue.path[0]))), ['vectors', i], vector));
    const schema = KIND_SCHEMAS[kind];
    if (!schema) return; // the unknown kind is a finding above
    for (const section of ['inputs', 'expected'] as const) {
      if (reported.has(section)) continue; // not an object: said above
      const checked = schema[section].safeParse(o[section], { reportInput: true });
      if (!checked.success) findings.push(...shapeFindings(checked.error.issues, ['vectors', i, section], `${vector} (${kind})`));
    }
    // replicaCalc's podMetrics hold what the vector's function reads (resource samples or per-pod values).
    const inputs = o.inputs as Record<string, unknown> | undefined;
    const item = kind === 'replicaCalc' && !reported.has('inputs') ? POD_METRICS[String(inputs?.function)] : undefined;
    if (item && Array.isArray(inputs?.podMetrics)) {
      inputs.podMetrics.forEach((m, j) => {
        const checked = item.safeParse(m, { reportInput: true });
        if (!checked.success) findings.push(...shapeFindings(checked.error.issues, ['vectors', i, 'inputs', 'podMetrics', j], `${vector} (${kind})`));
      });
    }
  });
  if (raw.length === 0) findings.push(finding('conformance/shape', ['vectors'], 'the "vectors" array is empty: nothing would be checked', lineOf(vectorsNode) ?? 1));
  const idLocations = new Map([...ids].map(([id, i]) => {
    const { line, col } = at(['vectors', i, 'id']);
    return [id, { line, column: col, index: i }] as const;
  }));

  /** zod issues under `base` as conformance/shape findings at their field, naming the vector. */
  function shapeFindings(issues: readonly z.core.$ZodIssue[], base: (string | number)[], vector: string | undefined): Finding[] {
    return issues.flatMap((i) => issueFindings(i)).map((f) => {
      const fieldPath = [...base, ...f.path];
      const { line, col } = at(fieldPath);
      // A number past float64 (1e400) parses as Infinity, which zod shows as the string "Infinity":
      // quote the text as written and say it is out of range.
      const node = doc.getIn(fieldPath, true);
      if (isScalar(node) && typeof node.value === 'number' && !Number.isFinite(node.value) && node.range) {
        const written = text.slice(node.range[0], node.range[1]);
        return { ...finding('conformance/shape', fieldPath, `${vector ? `${vector}: ` : ''}is ${written}, out of range: past the largest float64 (about 1.8e308) it reads as Infinity`, line, col),
          hint: 'write the value the vector means, within the field\'s range' };
      }
      const kind = fieldPath[0] === 'vectors' && fieldPath[2] !== undefined ? String((raw as Array<Record<string, unknown>>)[fieldPath[1] as number].kind) : undefined;
      // An integer past 2^53 is shown as written, not as the float64 it was rounded to.
      const rounded = isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) && !Number.isSafeInteger(node.value) && node.range
        ? { float: String(node.value), written: text.slice(node.range[0], node.range[1]) } : undefined;
      const message = rounded ? f.message.split(rounded.float).join(rounded.written) : f.message;
      return {
        ...finding('conformance/shape', fieldPath, `${vector ? `${vector}: ` : ''}${message}`, line, col),
        hint: f.rule === 'schema/unknown-key' && fieldPath[2] === 'expected'
          ? `remove it: a ${kind} vector asserts only ${expectedFields(kind!)} (README, HPA engine: Conformance vectors format)`
          : fieldPath[2] === 'kind'
            ? `the kinds are ${VECTOR_KINDS.join(', ')} (README, HPA engine: Conformance vectors format)`
            : `${fieldPath[2] === 'inputs' || fieldPath[2] === 'expected' ? `write the ${fieldPath[2]} of a ${kind} vector as lib/simulation/conformance/vectors-schema.ts describes them` : 'fix the field'}; README, HPA engine: Conformance vectors format`,
      };
    });
  }
  return findings.length > 0 ? { findings } : { file: value as VectorsFile, findings, ids: idLocations };
}

/** Where a vector's id is written: line, column and its index in "vectors". */
export interface VectorIdLocation {
  readonly line: number;
  readonly column: number;
  readonly index: number;
}

/**
 * Ids repeated across the files of one run (within a file readVectorsFile finds them): each is a
 * finding at the later file's id, naming the file and line of the first. `files` are the read
 * results in argument order, with the name each is shown by.
 */
export function crossFileIdFindings(files: ReadonlyArray<{ shown: string; ids?: ReadonlyMap<string, VectorIdLocation> }>): Finding[][] {
  const first = new Map<string, { shown: string; line: number }>();
  return files.map(({ shown, ids }) => {
    const findings: Finding[] = [];
    for (const [id, at] of ids ?? []) {
      const earlier = first.get(id);
      if (earlier) {
        findings.push({ severity: 'error', path: ['vectors', at.index, 'id'], rule: 'conformance/shape', location: { file: shown, line: at.line, column: at.column },
          message: `vector ${JSON.stringify(id)} is also in ${earlier.shown}:${earlier.line}: ids name the vectors in the report, so each must be unique across the files of a run`,
          hint: 'give each vector its own id, or pass each file once' });
      } else {
        first.set(id, { shown, line: at.line });
      }
    }
    return findings;
  });
}
