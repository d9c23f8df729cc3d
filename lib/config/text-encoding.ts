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
  const nul = buf.indexOf(0);
  if (nul >= 0) {
    const before = buf.subarray(0, nul).toString('utf-8');
    return {
      problem: {
        message: 'a NUL byte: this is not a text file', hint: 'save the file as UTF-8 text',
        line: before.split('\n').length, column: nul - Buffer.byteLength(before.slice(0, before.lastIndexOf('\n') + 1)) + 1,
      },
    };
  }
  const start = buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
  const body = buf.subarray(start);
  const text = body.toString('utf-8');
  const bad = firstInvalidUtf8(body, text);
  if (bad !== undefined) {
    const before = text.slice(0, bad);
    return {
      problem: {
        message: `invalid UTF-8 (byte 0x${body[Buffer.byteLength(before)].toString(16).padStart(2, '0')})`, hint: 'save the file as UTF-8',
        line: before.split('\n').length, column: bad - before.lastIndexOf('\n'),
      },
    };
  }
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

/** Index in `text` of the first character that decoding replaced, if `bytes` is not valid UTF-8. */
function firstInvalidUtf8(bytes: Buffer, text: string): number | undefined {
  for (let i = text.indexOf('\uFFFD'); i >= 0; i = text.indexOf('\uFFFD', i + 1)) {
    const at = Buffer.byteLength(text.slice(0, i));
    // A U+FFFD written in the file is three valid bytes; anything else is a decoding replacement.
    if (!(bytes[at] === 0xef && bytes[at + 1] === 0xbf && bytes[at + 2] === 0xbd)) return i;
  }
  return undefined;
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
