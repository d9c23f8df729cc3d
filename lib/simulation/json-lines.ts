import { FieldPath } from '../config/findings';

/**
 * Line numbers of JSON nodes by a plain character scan, without building a tree: a 40 MB Prometheus
 * recording holds millions of nodes, and a YAML document of them (the config loader's way) takes
 * gigabytes. Mirrors lib/config/load.ts offsetOf: a map member's line is its key's, an array
 * element's its own; a path that does not exist gives its deepest existing ancestor.
 *
 * One locator per text: arrays remember the last element reached, and lines the last offset
 * counted, so findings asked for in text order cost one pass in total.
 */
export class JsonLineLocator {
  private readonly resume = new Map<number, { index: number; pos: number }>();
  private lineAt = { offset: 0, line: 1 };

  /** Whether a lone CR (classic Mac OS line endings) may end a line: only then is each character looked at. */
  private readonly lonelyCr: boolean;

  constructor(private readonly text: string) {
    this.lonelyCr = /\r(?!\n)/.test(text);
  }

  /** 1-based line of the node at `path` (or its deepest existing ancestor); 1 for text that is not JSON there. */
  lineOf(path: FieldPath): number {
    return this.lineOfOffset(this.offsetOf(path));
  }

  /** 1-based line of a character offset: newlines counted from the last offset asked for when it lies behind. */
  lineOfOffset(offset: number): number {
    const text = this.text;
    const end = Math.min(Math.max(offset, 0), text.length);
    let { offset: from, line } = this.lineAt;
    if (end < from) {
      from = 0;
      line = 1;
    }
    if (this.lonelyCr) {
      // LF, CRLF and a lone CR each end one line, as the CSV reader counts them.
      for (let i = from; i < end; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) line++;
      }
    } else {
      for (let i = text.indexOf('\n', from); i !== -1 && i < end; i = text.indexOf('\n', i + 1)) line++;
    }
    this.lineAt = { offset: end, line };
    return line;
  }

  /**
   * The source text of the node at `path` exactly as the file writes it (`1e400`, `-0.50`, `"15"`),
   * so a finding quotes the file rather than what JSON.parse made of it; undefined if there is none.
   */
  textOf(path: FieldPath): string | undefined {
    let pos = this.ws(0);
    for (const segment of path) {
      const c = this.text[pos];
      let found: { at: number; value: number } | null = null;
      if (c === '{') found = this.member(pos, String(segment));
      else if (c === '[' && typeof segment === 'number') found = this.element(pos, segment);
      if (!found) return undefined;
      pos = found.value;
    }
    return pos < this.text.length ? this.text.slice(pos, this.skipValue(pos)) : undefined;
  }

  private offsetOf(path: FieldPath): number {
    let pos = this.ws(0);
    let offset = pos;
    for (const segment of path) {
      const c = this.text[pos];
      let found: { at: number; value: number } | null = null;
      if (c === '{') found = this.member(pos, String(segment));
      else if (c === '[' && typeof segment === 'number') found = this.element(pos, segment);
      if (!found) break;
      offset = found.at;
      pos = found.value;
    }
    return offset;
  }

  private ws(pos: number): number {
    const text = this.text;
    while (pos < text.length) {
      const c = text.charCodeAt(pos);
      if (c !== 32 && c !== 10 && c !== 13 && c !== 9) break;
      pos++;
    }
    return pos;
  }

  /** The key's offset and the value's start of member `key` of the object at `start`. */
  private member(start: number, key: string): { at: number; value: number } | null {
    const text = this.text;
    let pos = this.ws(start + 1);
    while (pos < text.length && text[pos] === '"') {
      const keyEnd = this.skipString(pos);
      let name: string;
      try {
        name = JSON.parse(text.slice(pos, keyEnd)) as string;
      } catch {
        return null;
      }
      let p = this.ws(keyEnd);
      if (text[p] !== ':') return null;
      p = this.ws(p + 1);
      if (name === key) return { at: pos, value: p };
      p = this.ws(this.skipValue(p));
      if (text[p] !== ',') return null;
      pos = this.ws(p + 1);
    }
    return null;
  }

  /** The start of element `index` of the array at `start`. */
  private element(start: number, index: number): { at: number; value: number } | null {
    const text = this.text;
    const cached = this.resume.get(start);
    let i = 0;
    let pos = this.ws(start + 1);
    if (cached && cached.index <= index) ({ index: i, pos } = cached);
    if (text[pos] === ']') return null;
    while (pos < text.length) {
      if (i === index) {
        this.resume.set(start, { index: i, pos });
        return { at: pos, value: pos };
      }
      const p = this.ws(this.skipValue(pos));
      if (text[p] !== ',') return null;
      pos = this.ws(p + 1);
      i++;
    }
    return null;
  }

  /** The end (exclusive) of the string starting at `pos` (a '"'). */
  private skipString(pos: number): number {
    const text = this.text;
    for (let i = pos + 1; i < text.length; i++) {
      const c = text[i];
      if (c === '\\') i++;
      else if (c === '"') return i + 1;
    }
    return text.length;
  }

  /** The end (exclusive) of the value starting at `pos`. */
  private skipValue(pos: number): number {
    const text = this.text;
    const c = text[pos];
    if (c === '"') return this.skipString(pos);
    if (c === '{' || c === '[') {
      let depth = 0;
      for (let i = pos; i < text.length; i++) {
        const d = text[i];
        if (d === '"') i = this.skipString(i) - 1;
        else if (d === '{' || d === '[') depth++;
        else if (d === '}' || d === ']') {
          if (--depth === 0) return i + 1;
        }
      }
      return text.length;
    }
    let i = pos;
    while (i < text.length && !',]} \n\r\t'.includes(text[i])) i++;
    return i;
  }
}
