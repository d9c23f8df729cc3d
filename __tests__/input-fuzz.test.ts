import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../lib/config/findings';
import { synthesizeConfigDir } from '../lib/output/synthesize';
import { PRODUCTION_FILE, tempDir } from './support';

// No input produces a stack trace: whatever bytes an environment file holds, synthesis either
// succeeds or throws a ConfigError whose every finding names a file, a rule and a fix. Random
// edits of the real file (bytes replaced, inserted, deleted; YAML punctuation; truncation) stand
// in for the typos, bad merges and wrong encodings a reviewed config meets.
jest.setTimeout(60_000);

const original = fs.readFileSync(PRODUCTION_FILE);
const PUNCTUATION = [...':-[]{}&*!|>\'"%@`#,?\t\n '].map((c) => c.charCodeAt(0));

const edit = fc.oneof(
  fc.record({ kind: fc.constant('replace' as const), at: fc.nat(), byte: fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(...PUNCTUATION)) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), byte: fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(...PUNCTUATION)) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

type Edit = typeof edit extends fc.Arbitrary<infer T> ? T : never;

function apply(bytes: Buffer, edits: readonly Edit[]): Buffer {
  let b = bytes;
  for (const e of edits) {
    const at = e.at % (b.length + 1);
    if (e.kind === 'replace' && b.length > 0) b = Buffer.concat([b.subarray(0, at % b.length), Buffer.from([e.byte]), b.subarray((at % b.length) + 1)]);
    else if (e.kind === 'insert') b = Buffer.concat([b.subarray(0, at), Buffer.from([e.byte]), b.subarray(at)]);
    else if (e.kind === 'delete') b = Buffer.concat([b.subarray(0, at), b.subarray(at + e.length)]);
    else if (e.kind === 'truncate') b = b.subarray(0, at);
  }
  return b;
}

test('random edits of an environment file give findings or output, never another exception', () => {
  const dir = tempDir('fuzz');
  const file = path.join(dir, 'production.yaml');
  let failures = 0;
  fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
    fs.writeFileSync(file, apply(original, edits));
    try {
      synthesizeConfigDir(dir);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      failures++;
      for (const f of e.findings) {
        expect(f.location?.file).toBeTruthy();
        expect(f.rule).toMatch(/^[a-z-]+\/[a-z0-9-]+$/);
        if (f.severity === 'error') expect(f.hint ?? '').not.toBe('');
      }
    }
  }), { numRuns: 150, seed: 20261129 });
  expect(failures).toBeGreaterThan(50); // the edits do break the file, most of the time
});

test('the same for a shared base file under an environment that extends it', () => {
  const source = path.join(__dirname, '..', 'config');
  const base = fs.readFileSync(path.join(source, '_base.yaml'));
  const dir = tempDir('fuzz-base');
  fs.copyFileSync(path.join(source, 'production.yaml'), path.join(dir, 'production.yaml'));

  fc.assert(fc.property(fc.array(edit, { minLength: 1, maxLength: 4 }), (edits) => {
    fs.writeFileSync(path.join(dir, '_base.yaml'), apply(base, edits));
    try {
      synthesizeConfigDir(dir);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      for (const f of e.findings) expect(f.location?.file).toBeTruthy();
    }
  }), { numRuns: 100, seed: 20261129 });
});
