import * as fs from 'fs';
import { isMap, isSeq, LineCounter, parseDocument } from 'yaml';
import { displayPath } from '../../cli/paths';
import { notARegularFile } from '../../cli/user-file';
import { Finding } from '../../config/findings';
import { documentValue } from '../../config/load';
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

const VECTORS_HINT = 'a vectors file is a JSON object {"vectors": [{"id", "kind", "inputs", "expected"}, ...]} (README, HPA engine: Conformance vectors format)';

/**
 * Reads and checks the shape of a vectors file (JSON, or YAML). Every problem is a finding naming
 * the file, the line where known, the field and the rule (conformance/unreadable, /syntax, /shape),
 * so a bad file never reaches the runner as a crash.
 */
export function readVectorsFile(file: string): { file?: VectorsFile; findings: Finding[] } {
  const shown = displayPath(file);
  const finding = (rule: string, path: (string | number)[], message: string, line?: number, column?: number): Finding => ({
    severity: 'error', path, rule, message, hint: VECTORS_HINT, location: { file: shown, ...(line ? { line, column } : {}) },
  });
  const bad = notARegularFile(file);
  if (bad?.code === 'not-regular') return { findings: [{ ...finding('conformance/unreadable', [], `${shown} ${bad.why}`), hint: 'pass the path of a vectors JSON file' }] };
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'ENOENT' ? 'does not exist' : err.code === 'EISDIR' ? 'is a directory, not a vectors file' : `cannot be read (${err.code ?? err.message})`;
    return { findings: [{ ...finding('conformance/unreadable', [], `${shown} ${why}`), hint: 'pass the path of a vectors JSON file' }] };
  }
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter });
  if (doc.errors.length > 0) {
        // The first error only: the ones after it are usually its echoes.
    const e = doc.errors[0];
    return { findings: [finding('conformance/syntax', [], `not valid JSON or YAML: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`, e.linePos?.[0].line, e.linePos?.[0].col)] };
  }
  const lineOf = (node: unknown): number | undefined => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    if (!range) return undefined;
    return text.slice(0, range[0]).split('\n').length;
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
  raw.forEach((v, i) => {
    const line = lineOf(vectorsNode.items[i]);
    if (typeof v !== 'object' || v === null || Array.isArray(v)) {
      findings.push(finding('conformance/shape', ['vectors', i], 'a vector is an object', line));
      return;
    }
    const o = v as Record<string, unknown>;
    for (const key of ['id', 'kind'] as const) {
      if (typeof o[key] !== 'string' || o[key] === '') findings.push(finding('conformance/shape', ['vectors', i, key], `"${key}" must be a non-empty string`, line));
    }
    for (const key of ['inputs', 'expected'] as const) {
      if (typeof o[key] !== 'object' || o[key] === null) findings.push(finding('conformance/shape', ['vectors', i, key], `"${key}" must be an object`, line));
    }
  });
  if (raw.length === 0) findings.push(finding('conformance/shape', ['vectors'], 'the "vectors" array is empty: nothing would be checked', lineOf(vectorsNode) ?? 1));
  return findings.length > 0 ? { findings } : { file: value as VectorsFile, findings };
}
