import { Document, isScalar, ScalarTag } from 'yaml';

/**
 * The plain value of a YAML document in the block subset a generated or tidy environment file
 * uses, without building the `yaml` library's syntax tree: the value `parseDocument(text).toJS()`
 * gives, or undefined when the text is outside the subset (then the library reads it, and reports
 * anything wrong with it as findings). The loader reads positions (file:line of a finding) from
 * the library, on demand; a 500-workload file was a quarter of the synth's time in the library.
 *
 * The subset, line by line (anything else is outside it):
 * - block mappings and sequences by indentation (spaces), `- key: value` items, a sequence under
 *   its key at the same indentation; blank lines and whole-line `#` comments;
 * - keys: plain (letters, digits, `_`, `.`, `/`, `-`) reading as strings, or quoted on one line;
 * - values on one line: plain (no `: `, ` #`, leading indicator or trailing colon), typed by the
 *   library's own YAML 1.2 core schema tests; JSON-valid double-quoted; single-quoted; `[]`, `{}`.
 * Outside it: tabs, CR, control or BOM characters, document markers and directives, anchors,
 * aliases, tags, flow collections, block scalars, multi-line scalars, comments after a value,
 * duplicate keys, `<<` and `__proto__` keys, keys reading as non-strings or over 1024 characters,
 * nesting deeper than 64 levels. The differential test (__tests__/yaml-fast.test.ts) checks that
 * wherever this answers, the library reads the same value with no error or warning.
 */
export function fastYamlValue(text: string): unknown {
  if (UNSUPPORTED_CHARACTER.test(text)) return undefined;
  const lines: Line[] = [];
  for (const raw of text.split('\n')) {
    let indent = 0;
    while (raw.charCodeAt(indent) === 32) indent++;
    const content = raw.slice(indent);
    if (content === '' || content[0] === '#') continue;
    if (indent === 0 && (DOCUMENT_MARKER.test(content) || content[0] === '%')) return undefined;
    lines.push({ indent, text: content });
  }
  if (lines.length === 0 || lines[0].indent !== 0) return undefined;
  const reader = new BlockReader(lines);
  try {
    const value = reader.block(0, 0);
    return reader.done() && value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  } catch (e) {
    if (e === OUTSIDE) return undefined;
    throw e;
  }
}

interface Line { indent: number; text: string }

const OUTSIDE = Symbol('outside the fast subset');
const outside = (): never => { throw OUTSIDE; };

const UNSUPPORTED_CHARACTER = /[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ud800-\udfff]/;
const DOCUMENT_MARKER = /^(---|\.\.\.)( |$)/;
const PLAIN_KEY = /^[A-Za-z0-9_][A-Za-z0-9_./-]*$/;
/** A plain scalar may not start with an indicator (`-`, `?`, `:` only when a non-space follows). */
const INDICATOR_START = /^([,[\]{}#&*!|>'"%@`]|[-?:]( |$))/;
const SINGLE_QUOTED = /^'((?:[^']|'')*)'$/;
const MAX_DEPTH = 64;
const MAX_KEY_LENGTH = 1024;

/** The tags a plain scalar is tested against, in the library's order (YAML 1.2 core schema). */
const document = new Document();
const TYPED = document.schema.tags.filter((t): t is ScalarTag => t.default === true && !('collection' in t && t.collection) && t.test instanceof RegExp);

/** A plain scalar's value as the library resolves it (findScalarTagByTest, then the tag's resolve). */
function plainValue(source: string, asKey: boolean): unknown {
  const tag = TYPED.find((t) => t.test!.test(source));
  if (!tag) return source;
  if (asKey) outside(); // a key reading as a number, boolean or null is left to the library
  const value = tag.resolve(source, outside, document.options as never);
  return isScalar(value) ? value.value : value;
}

class BlockReader {
  private i = 0;

  constructor(private readonly lines: Line[]) {}

  done(): boolean {
    return this.i === this.lines.length;
  }

  /** The block whose first line is the current one, at `indent`. */
  block(indent: number, depth: number): unknown {
    if (depth > MAX_DEPTH) outside();
    return isItem(this.lines[this.i].text) ? this.sequence(indent, depth) : this.mapping(indent, depth);
  }

  private sequence(indent: number, depth: number): unknown[] {
    const out: unknown[] = [];
    while (this.i < this.lines.length && this.lines[this.i].indent === indent && isItem(this.lines[this.i].text)) {
      const line = this.lines[this.i];
      let at = 1;
      while (line.text.charCodeAt(at) === 32) at++;
      const rest = line.text.slice(at);
      if (rest === '' || isItem(rest)) outside();
      const entry = splitEntry(rest);
      if (entry) {
        // `- key: value`: a mapping whose keys line up with this first one.
        this.lines[this.i] = { indent: indent + at, text: rest };
        out.push(this.mapping(indent + at, depth + 1));
      } else {
        out.push(scalarValue(rest));
        this.i++;
      }
      if (this.i < this.lines.length && this.lines[this.i].indent > indent) outside();
    }
    return out;
  }

  private mapping(indent: number, depth: number): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    while (this.i < this.lines.length && this.lines[this.i].indent === indent) {
      const entry = splitEntry(this.lines[this.i].text) ?? outside();
      const { key, rest } = entry;
      if (Object.prototype.hasOwnProperty.call(out, key) || key === '__proto__' || key === '<<') outside();
      this.i++;
      const next = this.lines[this.i];
      if (rest !== '') out[key] = scalarValue(rest);
      else if (next && next.indent > indent) out[key] = this.block(next.indent, depth + 1);
      else if (next && next.indent === indent && isItem(next.text)) out[key] = this.sequence(indent, depth + 1);
      else out[key] = null;
      if (this.i < this.lines.length && this.lines[this.i].indent > indent) outside();
    }
    return out;
  }
}

const isItem = (text: string) => text === '-' || text.startsWith('- ');

/** `key: rest` (rest without the spaces after the colon; empty for `key:`), or undefined for a line that is a scalar. */
function splitEntry(text: string): { key: string; rest: string } | undefined {
  let key: string;
  let after: number;
  if (text[0] === '"' || text[0] === "'") {
    const end = quotedEnd(text);
    if (text[end] !== ':') return undefined;
    key = scalarValue(text.slice(0, end)) as string;
    after = end + 1;
  } else {
    const colon = text.indexOf(': ');
    after = colon >= 0 ? colon + 1 : text.endsWith(':') ? text.length : -1;
    if (after < 0) return undefined;
    const source = text.slice(0, after - 1);
    if (!PLAIN_KEY.test(source)) outside();
    key = plainValue(source, true) as string;
  }
  if (key.length > MAX_KEY_LENGTH || (after < text.length && text[after] !== ' ')) outside();
  while (text.charCodeAt(after) === 32) after++;
  return { key, rest: text.slice(after) };
}

/** Index just past the closing quote of the quoted scalar `text` starts with. */
function quotedEnd(text: string): number {
  const quote = text[0];
  for (let j = 1; j < text.length; j++) {
    if (quote === '"' && text[j] === '\\') j++;
    else if (text[j] === quote) {
      if (quote === "'" && text[j + 1] === "'") j++;
      else return j + 1;
    }
  }
  return outside();
}

/** A one-line scalar: quoted, `[]`/`{}`, or plain. */
function scalarValue(text: string): unknown {
  const source = text.replace(/ +$/, '');
  if (source[0] === '"') {
    try {
      const value: unknown = JSON.parse(source);
      return typeof value === 'string' ? value : outside();
    } catch (e) {
      if (e === OUTSIDE) throw e;
      return outside();
    }
  }
  if (source[0] === "'") {
    const m = SINGLE_QUOTED.exec(source) ?? outside();
    return m[1].replace(/''/g, "'");
  }
  if (source === '[]') return [];
  if (source === '{}') return {};
  if (INDICATOR_START.test(source) || source.includes(' #') || source.includes(': ') || source.endsWith(':')) outside();
  return plainValue(source, false);
}
