/**
 * The best-practice rules a reviewed exception (`exceptions: [{ rule, at, reason }]`) may name:
 * the warnings of practices.ts and safety.ts. A test checks every `practice/...` id lib/config
 * reports is here. `practice/unused-exception` is not: it is about the exceptions themselves.
 */
export const PRACTICE_RULES = [
  'practice/fixed-replicas',
  'practice/memory-only',
  'practice/min-replicas-below-2',
  'practice/no-disruption-budget',
  'practice/no-scale-down-stabilization',
  'practice/pod-name-overlap',
  'practice/scale-down-faster',
  'practice/single-metric',
  'practice/utilization-band',
] as const;

/**
 * The known name closest to `given` by edit distance (Levenshtein: insertions, deletions and
 * substitutions of one character), when it is close enough to be a misspelling: at most a third of
 * the longer name's length, counting only the part after the shared `<family>/` prefix. Undefined
 * otherwise (a hint naming an unrelated rule misleads more than none).
 */
export function closestName(given: string, known: readonly string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const name of known) {
    const d = editDistance(given, name);
    if (best === undefined || d < best.d) best = { name, d };
  }
  if (!best) return undefined;
  const tail = (s: string) => s.slice(s.indexOf('/') + 1);
  return best.d <= Math.max(2, Math.floor(Math.max(tail(given).length, tail(best.name).length) / 3)) ? best.name : undefined;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j] + 1, row[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length];
}
