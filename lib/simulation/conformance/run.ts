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
