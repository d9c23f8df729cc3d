import { Yaml } from 'cdk8s';
import { Document } from 'yaml';

/**
 * YAML text of one manifest or values object, byte for byte what cdk8s's `Yaml.stringify(value)`
 * writes (the `yaml` library with `{ keepUndefined: true, lineWidth: 0, version: '1.1' }`), which
 * stays the reference and the fallback.
 *
 * Why a fast path: a 500-workload synth writes ~22 MiB of YAML, and the library builds a node tree
 * and a context object per value first (most of the synth's time and garbage). The output of
 * `npm run synth` is JSON-shaped, so this emitter handles only that subset, following the library's
 * rules for it (yaml 2.x stringifyString, stringifyPair, stringifyCollection):
 * - plain objects and arrays in block style, `{}` / `[]` when empty, sequences indented under their key;
 * - finite numbers (JSON form), booleans, null;
 * - one-line strings and keys: plain unless they start with an indicator, contain `: ` or ` #`, end in
 *   a space or colon, or would read back as another type (the schema's own tag tests decide);
 *   otherwise double-quoted as JSON, or single-quoted when they hold `"` and no `'`;
 * - multi-line values as literal blocks (`|` or `|-`) without leading blanks or trailing whitespace.
 * Anything else (control characters, `|+` blocks, leading blanks, undefined, -0, NaN, `<<`, a
 * document marker in a key, keys over 1024 characters, objects seen twice (the library writes
 * anchors), class instances, a scalar at the root) goes to the library whole. The differential
 * test (__tests__/yaml-text.test.ts) checks every file of a real synth and random JSON-like values
 * against the library.
 */
export function yamlText(value: unknown): string {
  return fastYaml(value) ?? Yaml.stringify(value);
}

/** The fast path alone: the library's text, or undefined when `value` is outside its subset. */
export function fastYaml(value: unknown): string | undefined {
  // Pieces joined once at the end: appending to one string would keep a rope of thousands of
  // pieces alive per manifest (most of the garbage collector's copying in a large synth).
  const out = new Emitter();
  try {
    if (Array.isArray(value) && value.length > 0) out.seq(value, '');
    else if (isPlainObject(value) && Object.keys(value).length > 0) out.map(value, '');
    else return undefined;
  } catch (e) {
    if (e === OUTSIDE) return undefined;
    throw e;
  }
  out.parts.push('\n');
  return out.parts.join('');
}

/** Thrown (never escapes) when a value is outside the subset. */
const OUTSIDE = Symbol('outside the fast subset');

function isPlainObject(v: unknown): v is Record<string, unknown> {
  if (v === null || typeof v !== 'object') return false;
  const proto = Object.getPrototypeOf(v);
  return (proto === Object.prototype || proto === null) && typeof (v as { toJSON?: unknown }).toJSON !== 'function';
}

const INDENT_STEP = '  ';

class Emitter {
  readonly parts: string[] = [];
  /** Objects written so far: the library writes an object met twice as an anchor and alias. */
  private readonly seen = new Set<object>();

  /** A non-empty block mapping at `indent`; its first line carries no indentation (the caller's line). */
  map(obj: Record<string, unknown>, indent: string): void {
    this.enter(obj);
    const inner = indent + INDENT_STEP;
    let first = true;
    for (const key of Object.keys(obj)) {
      if (!first) this.parts.push('\n', indent);
      first = false;
      this.parts.push(keyText(key), ':');
      this.value(obj[key], inner, true);
    }
  }

  /** A non-empty block sequence at `indent`. */
  seq(items: readonly unknown[], indent: string): void {
    this.enter(items);
    const inner = indent + INDENT_STEP;
    for (let i = 0; i < items.length; i++) {
      // A hole iterates as undefined, which is outside the subset.
      if (!(i in items)) throw OUTSIDE;
      if (i > 0) this.parts.push('\n', indent);
      this.parts.push('-');
      this.value(items[i], inner, false);
    }
  }

  /** A string value whose continuation lines are indented by `indent`. */
  private string(s: string, indent: string): void {
    if (!s.includes('\n')) {
      this.parts.push(s.length <= CACHED_LENGTH ? cached(lineCache, s, oneLineText) : oneLineText(s));
      return;
    }
    if (CONTROL.test(s)) throw OUTSIDE;
    // Literal block: strip (`|-`) without a final newline, clip (`|`) with exactly one.
    const clip = s.charCodeAt(s.length - 1) === 10;
    const body = clip ? s.slice(0, -1) : s;
    // No leading space or line break (an indentation indicator), no trailing blank (`|+` or quoting).
    const first = body.charCodeAt(0);
    const last = body.charCodeAt(body.length - 1);
    if (body === '' || first === 32 || first === 10 || last === 32 || last === 10 || last === 9) throw OUTSIDE;
    this.parts.push(clip ? '|\n' : '|-\n', indent);
    // The library's body.replace(/\n+/g, `$&${indent}`), as slices of the body: each run of line
    // breaks, then the indentation (blank lines inside a run stay empty).
    let start = 0;
    for (let nl = body.indexOf('\n'); nl >= 0; nl = body.indexOf('\n', start)) {
      let end = nl + 1;
      while (body.charCodeAt(end) === 10) end++;
      this.parts.push(body.slice(start, end), indent);
      start = end;
    }
    this.parts.push(body.slice(start));
  }

  private enter(o: object): void {
    if (this.seen.has(o)) throw OUTSIDE;
    this.seen.add(o);
  }

  /**
   * A value after `key:` or `-`, with its separator: a non-empty collection starts on the next line
   * for a mapping value (`nextLine`), on the same line for a sequence item; a scalar after one
   * space. `indent` is the value's own indentation.
   */
  private value(v: unknown, indent: string, nextLine: boolean): void {
    if (typeof v === 'string') {
      this.parts.push(' ');
      this.string(v, indent);
    }
    else if (typeof v === 'number') {
      if (!Number.isFinite(v) || Object.is(v, -0)) throw OUTSIDE;
      this.parts.push(' ', JSON.stringify(v));
    } else if (typeof v === 'boolean') this.parts.push(v ? ' true' : ' false');
    else if (v === null) this.parts.push(' null');
    else if (Array.isArray(v)) {
      if (v.length === 0) this.parts.push(' []');
      else {
        this.parts.push(nextLine ? '\n' : ' ', nextLine ? indent : '');
        this.seq(v, indent);
      }
    } else if (isPlainObject(v)) {
      if (Object.keys(v).length === 0) this.parts.push(' {}');
      else {
        this.parts.push(nextLine ? '\n' : ' ', nextLine ? indent : '');
        this.map(v, indent);
      }
    } else throw OUTSIDE;
  }
}

/** Tag tests of the YAML 1.1 schema the library writes with: a plain string matching one would read back as another type. */
const OTHER_TYPES: readonly RegExp[] = new Document(null, { version: '1.1' }).schema.tags
  .filter((t) => t.default && t.tag !== 'tag:yaml.org,2002:str' && t.test instanceof RegExp)
  .map((t) => t.test as RegExp);
/**
 * Characters the library double-quotes for (control characters, unpaired surrogates), widened to
 * every surrogate: without the `u` flag the test is much faster on long strings, and a string with
 * a (paired) surrogate only goes to the library, which is always right.
 */
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]/;
/** Strings that cannot be plain (the library's plainString test). */
const NOT_PLAIN = /^[\n\t ,[\]{}#&*!|>'"%@`]|^[?-]$|^[?-][ \t]|[\n:][ \t]|[ \t]\n|[\n\t ]#|[\n\t :]$/;
const DOCUMENT_MARKER = /^(%|---|\.\.\.)/m;
/** The library's limit on an implicit key's length; longer keys are written as explicit `? key`. */
const MAX_IMPLICIT_KEY = 1024;

/** A one-line string, plain or quoted, as the library writes it (key or value). */
function lineText(s: string): string {
  if (!NOT_PLAIN.test(s) && !OTHER_TYPES.some((re) => re.test(s))) return s;
  // quotedString: single quotes only for a string with `"` and no `'`.
  return s.includes('"') && !s.includes("'") ? `'${s}'` : JSON.stringify(s);
}

/**
 * Keys and short one-line values repeat across thousands of manifests (labels, names, units): each
 * is judged once. Undefined marks one outside the subset. Bounded for long-lived callers (tests).
 */
const keyCache = new Map<string, string | undefined>();
const lineCache = new Map<string, string | undefined>();
const CACHED_LENGTH = 128;
const CACHE_SIZE = 50_000;

function cached(cache: Map<string, string | undefined>, s: string, judge: (s: string) => string): string {
  let text = cache.get(s);
  if (text === undefined && !cache.has(s)) {
    try {
      text = judge(s);
    } catch (e) {
      if (e !== OUTSIDE) throw e;
    }
    if (cache.size >= CACHE_SIZE) cache.clear();
    cache.set(s, text);
  }
  if (text === undefined) throw OUTSIDE;
  return text;
}

function keyText(key: string): string {
  return cached(keyCache, key, (k) => {
    if (k.includes('\n') || CONTROL.test(k) || k === '<<' || DOCUMENT_MARKER.test(k)) throw OUTSIDE;
    const text = lineText(k);
    if (text.length > MAX_IMPLICIT_KEY) throw OUTSIDE;
    return text;
  });
}

const oneLineText = (s: string): string => {
  if (CONTROL.test(s) || s === '<<') throw OUTSIDE;
  return lineText(s);
};


