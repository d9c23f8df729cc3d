/**
 * Bytes to UTF-8 text, for every file a person hands the tool (environment files, recorded
 * traces): pure, no file system. A UTF-8 byte order mark is dropped (editors on Windows add one);
 * UTF-32, UTF-16 (with or without a byte order mark), a NUL byte and invalid UTF-8 are a problem at
 * the first offending byte, since a replacement character or a NUL would otherwise end up in a
 * name, a query or a finding's message. Callers turn the problem into their own rule
 * (`config/encoding`, `trace/encoding`).
 */
export interface EncodingProblem {
  /** What is wrong, e.g. `the file is UTF-16 encoded`. */
  readonly message: string;
  readonly hint: string;
  /** 1-based line and column of the first offending byte. */
  readonly line: number;
  readonly column: number;
}

export function decodeUtf8Text(bytes: Uint8Array): { text: string; problem?: undefined } | { text?: undefined; problem: EncodingProblem } {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const utf32 = utf32Kind(buf);
  if (utf32) return { problem: { message: `the file is UTF-32 (${utf32}) encoded`, hint: 'save it as UTF-8', line: 1, column: 1 } };
  if ((buf[0] === 0xff && buf[1] === 0xfe) || (buf[0] === 0xfe && buf[1] === 0xff) || looksLikeUtf16WithoutBom(buf)) {
    return { problem: { message: 'the file is UTF-16 encoded', hint: 'save it as UTF-8', line: 1, column: 1 } };
  }
  // Both problems are at the first offending byte, whichever comes first, located in the text an
  // editor shows: the column counts characters (UTF-16 code units, as YAML findings do), with each
  // invalid byte sequence one U+FFFD and the byte order mark not at all.
  const start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const nul = buf.indexOf(0, start);
  const bad = firstInvalidUtf8(buf, start, nul >= 0 ? nul : buf.length);
  if (bad !== undefined) {
    return { problem: { message: `invalid UTF-8 (byte 0x${buf[bad].toString(16).padStart(2, '0')})`, hint: 'save the file as UTF-8', ...bytePosition(buf, start, bad) } };
  }
  if (nul >= 0) return { problem: { message: 'a NUL byte: this is not a text file', hint: 'save the file as UTF-8 text', ...bytePosition(buf, start, nul) } };
  const text = buf.subarray(start).toString('utf-8');
  return { text };
}

/**
 * UTF-32, with or without a byte order mark: mostly-ASCII text has three NUL bytes in each 4-byte
 * unit (first three in big-endian, last three in little-endian). Checked before UTF-16, whose
 * little-endian mark (FF FE) begins the UTF-32 little-endian one (FF FE 00 00).
 */
function utf32Kind(bytes: Buffer): 'little-endian' | 'big-endian' | undefined {
  const n = Math.min(bytes.length - (bytes.length % 4), 64);
  if (n < 4) return undefined;
  let le = true;
  let be = true;
  for (let i = 0; i < n; i += 4) {
    const first = i === 0;
    // The byte order mark's unit (FF FE 00 00 / 00 00 FE FF) passes the same test.
    if (!(bytes[i + 1] === 0 || (first && bytes[i + 1] === 0xfe)) || bytes[i + 2] !== 0 || bytes[i + 3] !== 0) le = false;
    if (bytes[i] !== 0 || bytes[i + 1] !== 0 || !(bytes[i + 2] === 0 || (first && bytes[i + 2] === 0xfe))) be = false;
  }
  return le ? 'little-endian' : be ? 'big-endian' : undefined;
}

/**
 * UTF-16 without a byte order mark: the files read are mostly ASCII, so every other byte of their
 * first characters is NUL (the high byte of each code unit, first in big-endian, second in little-endian).
 */
function looksLikeUtf16WithoutBom(bytes: Buffer): boolean {
  const n = Math.min(bytes.length - (bytes.length % 2), 64);
  if (n < 2) return false;
  let evenNul = 0;
  let oddNul = 0;
  for (let i = 0; i < n; i += 2) {
    if (bytes[i] === 0) evenNul++;
    if (bytes[i + 1] === 0) oddNul++;
  }
  const units = n / 2;
  return (evenNul === units && oddNul < units) || (oddNul === units && evenNul < units);
}

/**
 * Offset of the first byte in bytes[from, to) that is not part of a well-formed UTF-8 sequence
 * (Unicode 15, table 3-7: no overlong forms, no surrogates, nothing above U+10FFFF), if any. A
 * sequence cut short by `to` counts as invalid at its first byte.
 */
export function firstInvalidUtf8(bytes: Uint8Array, from = 0, to = bytes.length): number | undefined {
  let i = from;
  while (i < to) {
    const b = bytes[i];
    if (b < 0x80) { i++; continue; }
    let n: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) n = 1;
    else if (b >= 0xe0 && b <= 0xef) { n = 2; if (b === 0xe0) lo = 0xa0; else if (b === 0xed) hi = 0x9f; }
    else if (b >= 0xf0 && b <= 0xf4) { n = 3; if (b === 0xf0) lo = 0x90; else if (b === 0xf4) hi = 0x8f; }
    else return i;
    if (i + n >= to) return i;
    if (bytes[i + 1] < lo || bytes[i + 1] > hi) return i;
    for (let k = 2; k <= n; k++) if (bytes[i + k] < 0x80 || bytes[i + k] > 0xbf) return i;
    i += n + 1;
  }
  return undefined;
}

/**
 * 1-based line and column of byte `offset`, counted as an editor shows the decoded text: lines by
 * LF, columns in UTF-16 code units of the line's decoded bytes before it (the byte order mark,
 * bytes before `start`, not counted). Byte and character offsets differ as soon as a character is
 * not ASCII, and an invalid byte decodes to one U+FFFD (3 bytes when re-encoded).
 */
export function bytePosition(bytes: Buffer, start: number, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = start;
  for (let i = bytes.indexOf(0x0a, start); i >= 0 && i < offset; i = bytes.indexOf(0x0a, i + 1)) { line++; lineStart = i + 1; }
  return { line, column: bytes.subarray(lineStart, offset).toString('utf-8').length + 1 };
}

/**
 * A piece of a file's text as a finding may quote it: control characters (C0, DEL, C1), line and
 * paragraph separators, the byte order mark and lone surrogates escaped JSON-style (`\u0000`,
 * `\n`), and cut to `max` characters with an ellipsis, so a binary or garbled file never writes
 * terminal control codes or a screenful of noise into a message.
 */
export function quotable(s: string, max = 40): string {
  const cut = [...s];
  const shown = cut.length > max ? `${cut.slice(0, max).join('')}…` : s;
  return shown.replace(/[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g, (c) => {
    const short: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t', '\b': '\\b', '\f': '\\f' };
    return short[c] ?? `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;
  });
}
