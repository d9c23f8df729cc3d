import * as fs from 'fs';
import * as path from 'path';
import fc from 'fast-check';
import { bytePosition, firstInvalidUtf8, readConfigText } from '../lib/config/load';
import { runSynth } from '../lib/output/synth-command';
import { CONFIG_DIR, runScript, tempDir } from './support';

/**
 * Where an encoding finding points: the first offending byte (invalid UTF-8 or NUL, whichever comes
 * first), as line:column of the text an editor shows. Columns count characters (UTF-16 code units,
 * like the YAML findings), never bytes: an invalid byte is one character (U+FFFD), é is one, 𝄞 two.
 */
const at = (bytes: number[] | Buffer) => {
  const file = path.join(tempDir('enc'), 'qa.yaml');
  fs.writeFileSync(file, Buffer.from(bytes));
  const [f] = readConfigText(file, 'qa.yaml').findings;
  return f && `${f.location?.line}:${f.location?.column} ${f.message}`;
};
const utf8 = (s: string) => [...Buffer.from(s)];

describe('encoding findings are located in characters', () => {
  test('the fresh-user example: ten invalid bytes, then a NUL on line 2 -> the invalid UTF-8 at 1:1 (was 2:-19)', () => {
    expect(at([...Array(10).fill(0xe9), 0x0a, 0x00, 0x0a])).toBe('1:1 invalid UTF-8 (byte 0xe9)');
  });

  test('a NUL byte after non-ASCII characters: column in characters', () => {
    expect(at([...Array(10).fill(0x61), 0x0a, 0x00, 0x0a])).toBe('2:1 a NUL byte: this is not a text file');
    expect(at([...utf8('a: déjà 𝄞 '), 0x00])).toBe('1:12 a NUL byte: this is not a text file'); // "a: déjà " 8, 𝄞 2, " " 1
    expect(at([...utf8('é\nab\xa0'), 0x00])).toBe('2:4 a NUL byte: this is not a text file');
  });

  test('invalid UTF-8 after non-ASCII characters, on a later line, and after a byte order mark', () => {
    expect(at([...utf8('a: déjà '), 0xe9, 0x0a])).toBe('1:9 invalid UTF-8 (byte 0xe9)');
    expect(at([...utf8('é: 1\nb: 𝄞'), 0xff])).toBe('2:6 invalid UTF-8 (byte 0xff)');
    expect(at([0xef, 0xbb, 0xbf, ...utf8('ab'), 0xe9])).toBe('1:3 invalid UTF-8 (byte 0xe9)');
    expect(at([0xef, 0xbb, 0xbf, ...utf8('ab'), 0x00])).toBe('1:3 a NUL byte: this is not a text file');
  });

  test('overlong forms, surrogates and sequences cut short are invalid; a U+FFFD written in the file is not', () => {
    expect(at([...utf8('a: '), 0xc0, 0xaf])).toBe('1:4 invalid UTF-8 (byte 0xc0)');
    expect(at([...utf8('a: '), 0xed, 0xa0, 0x80])).toBe('1:4 invalid UTF-8 (byte 0xed)');
    expect(at([...utf8('a: '), 0xe2, 0x82])).toBe('1:4 invalid UTF-8 (byte 0xe2)');
    expect(at([...utf8('a: '), 0xf4, 0x90, 0x80, 0x80])).toBe('1:4 invalid UTF-8 (byte 0xf4)');
    expect(at(utf8('a: \uFFFD\n'))).toBeUndefined();
  });

  test('firstInvalidUtf8 agrees with the WHATWG decoder on any bytes', () => {
    const fatal = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
    fc.assert(fc.property(fc.uint8Array({ maxLength: 24 }), fc.array(fc.string({ unit: 'grapheme' }), { maxLength: 3 }), (raw, texts) => {
      const bytes = Buffer.concat([...texts.map((t) => Buffer.from(t)), Buffer.from(raw)]);
      let valid = true;
      try { fatal.decode(bytes); } catch { valid = false; }
      const bad = firstInvalidUtf8(bytes);
      expect(bad === undefined).toBe(valid);
      // Everything before the first invalid byte is valid on its own.
      if (bad !== undefined) expect(() => fatal.decode(bytes.subarray(0, bad))).not.toThrow();
    }), { numRuns: 500 });
  });

  test('bytePosition of a character boundary is the line and column of that character in the text', () => {
    fc.assert(fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), fc.nat(), (text, pick) => {
      const chars = [...text];
      const k = chars.length === 0 ? 0 : pick % (chars.length + 1);
      const prefix = chars.slice(0, k).join('');
      const lines = prefix.split('\n');
      expect(bytePosition(Buffer.from(text), 0, Buffer.byteLength(prefix))).toEqual({ line: lines.length, column: lines[lines.length - 1].length + 1 });
    }), { numRuns: 300 });
  });
});

describe('the commands print the same location', () => {
  const dir = tempDir('enc-cfg');
  for (const f of fs.readdirSync(CONFIG_DIR).filter((n) => n.endsWith('.yaml'))) fs.copyFileSync(path.join(CONFIG_DIR, f), path.join(dir, f));
  fs.writeFileSync(path.join(dir, 'qa.yaml'), Buffer.from([...Array(10).fill(0xe9), 0x0a, 0x00, 0x0a]));

  test('synth', () => {
    const r = runSynth({ configDir: dir, outDir: path.join(tempDir('enc-out'), 'dist'), strict: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/qa\.yaml:1:1: error \(root\): invalid UTF-8 \(byte 0xe9\) \[config\/encoding\]/);
    expect(r.stderr).not.toMatch(/:-\d+/);
  });

  test('config:effective', () => {
    const r = runScript('scripts/effective-config.ts', ['--config', dir, 'qa']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/qa\.yaml:1:1: error \(root\): invalid UTF-8 \(byte 0xe9\) \[config\/encoding\]/);
  });
});
