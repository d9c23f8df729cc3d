import { createHash } from 'crypto';
import { count } from '../config/counts';

/**
 * Long text in a change line: never dumped whole (a dashboard's JSON is ~50 KB on one line), but as
 * the lines that changed, or around the part of one long line that changed, with a short digest so
 * two values can still be told apart. Pure.
 */

/** Strings up to this many characters, on one line, are shown as they are. */
export const SHORT_TEXT = 120;
/** At most this many changed lines of a multi-line text are shown. */
export const CHANGED_LINES_SHOWN = 4;
/** A shown line or excerpt is clipped to this many characters. */
export const EXCERPT = 100;

const isShort = (v: unknown) => typeof v !== 'string' || (v.length <= SHORT_TEXT && !v.includes('\n'));

/** `sha256:1a2b3c4d, 51234 chars`: enough to tell two long values apart. */
export function digest(text: string): string {
  return `sha256:${createHash('sha256').update(text).digest('hex').slice(0, 8)}, ${text.length} chars`;
}

/** A value for a change line: `(unset)`, short strings as they are, JSON for the rest, long text as a digest. */
export function showValue(v: unknown): string {
  if (v === undefined) return '(unset)';
  if (typeof v === 'string') return isShort(v) ? v : `(${digest(v)})`;
  const json = JSON.stringify(v);
  return json.length <= SHORT_TEXT ? json : `(${digest(json)})`;
}

export function clip(text: string, max = EXCERPT): string {
  return text.length <= max ? text : `${text.slice(0, max - 3)}...`;
}

/** Lines of `a` not in `b`, counting repeats, in `a`'s order. */
function linesNotIn(a: readonly string[], b: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const l of b) left.set(l, (left.get(l) ?? 0) + 1);
  return a.filter((l) => {
    const n = left.get(l) ?? 0;
    if (n > 0) left.set(l, n - 1);
    return n === 0;
  });
}

/**
 * `label before -> after` for short values; for long ones, the changed lines (`label: - old line`,
 * `label: + new line`, at most CHANGED_LINES_SHOWN) or, for one long line, the changed part with a
 * little context either side, and both digests.
 */
export function valueChange(label: string, before: unknown, after: unknown): string[] {
  if (isShort(before) && isShort(after)) return [`${label} ${showValue(before)} -> ${showValue(after)}`];
  if (typeof before !== 'string' || typeof after !== 'string') return [`${label} ${showValue(before)} -> ${showValue(after)}`];
  if (before.includes('\n') || after.includes('\n')) {
    const b = before.split('\n');
    const a = after.split('\n');
    const removed = linesNotIn(b, a).filter((l) => l.trim() !== '');
    const added = linesNotIn(a, b).filter((l) => l.trim() !== '');
    // Each removed line beside the line that replaces it, so the first few shown read as old -> new.
    const shown = Array.from({ length: Math.max(removed.length, added.length) }, (_, i) => [
      ...(i < removed.length ? [`${label}: - ${clip(removed[i].trim())}`] : []),
      ...(i < added.length ? [`${label}: + ${clip(added[i].trim())}`] : []),
    ]).flat();
    const rest = shown.length - CHANGED_LINES_SHOWN;
    return [
      `${label} changed: +${added.length} -${removed.length} lines${digests(before, after)}`,
      ...shown.slice(0, CHANGED_LINES_SHOWN),
      ...(rest > 0 ? [`${label}: ... ${count(rest, 'more changed line', String, 'more changed lines')}`] : []),
    ];
  }
  let start = 0;
  while (start < before.length && start < after.length && before[start] === after[start]) start++;
  let end = 0;
  while (end < before.length - start && end < after.length - start && before[before.length - 1 - end] === after[after.length - 1 - end]) end++;
  const context = 20;
  const excerpt = (s: string) => {
    const from = Math.max(0, start - context);
    const to = Math.min(s.length, s.length - end + context);
    return `${from > 0 ? '...' : ''}${clip(s.slice(from, to))}${to < s.length ? '...' : ''}`;
  };
  return [`${label}: ${excerpt(before)} -> ${excerpt(after)}${digests(before, after)}`];
}

/** Digests only where the excerpts alone might not tell a reader what the values are: long texts. */
const LONG_TEXT = 1000;
function digests(before: string, after: string): string {
  return Math.max(before.length, after.length) > LONG_TEXT ? ` (${digest(before)} -> ${digest(after)})` : '';
}
