import * as fc from 'fast-check';
import { selectsAllOf, Selector, subsetPairs } from '../lib/config/selection';

// checkSelection looks only at the pairs of workloads subsetPairs proposes (an index of label
// values instead of every pair): it must propose every pair one of whose selectors is a subset of
// the other's, or a selector-overlap or duplicate-scrape finding would be lost.

const label = fc.constantFrom('app', 'tier', 'app.kubernetes.io/name', 'a\u0000b');
const value = fc.constantFrom('x', 'y', 'z', '', 'b\u0000x');
const selector = fc.option(fc.dictionary(label, value, { maxKeys: 3 }), { nil: undefined });

test('every pair where one selector selects all another does is proposed, once, as i * n + j with i < j', () => {
  fc.assert(fc.property(fc.array(selector, { maxLength: 12 }), fc.array(selector, { maxLength: 12 }), (a, b) => {
    const n = Math.max(a.length, b.length);
    const wider = Array.from({ length: n }, (_, i) => a[i]);
    const narrower = Array.from({ length: n }, (_, i) => b[i]);
    const pairs = subsetPairs(wider, narrower, new Set());
    for (const p of pairs) expect(Math.floor(p / n)).toBeLessThan(p % n);
    for (let x = 0; x < n; x++) {
      for (let y = 0; y < n; y++) {
        const w = wider[x] as Selector | undefined;
        const s = narrower[y] as Selector | undefined;
        if (x !== y && w && s && selectsAllOf(w, s)) expect(pairs.has(Math.min(x, y) * n + Math.max(x, y))).toBe(true);
      }
    }
  }), { numRuns: 500, seed: 20261129 });
});

test('an empty selector selects everything: it pairs with every other entry; a label value pairs with its holders', () => {
  const pairs = subsetPairs([{}, undefined, { app: 'x' }], [{ app: 'y' }, { app: 'x' }, {}], new Set());
  // {} with entries 1 and 2; {app: x} (entry 2) with entry 1, which holds app: x; nothing with itself.
  expect([...pairs].sort((p, q) => p - q)).toEqual([0 * 3 + 1, 0 * 3 + 2, 1 * 3 + 2]);
});
