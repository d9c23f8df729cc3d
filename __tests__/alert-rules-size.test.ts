import * as fc from 'fast-check';
import { AlertGroup } from '../lib/observability/alerts';
import { ruleGroupsBytes, ruleGroupsFit } from '../lib/observability/alert-rules';

// ruleGroupsFit answers ruleGroupsBytes(groups) <= max without writing all the groups' JSON.
test('fits exactly when the JSON of the whole list does, at every limit around its size', () => {
  const group = fc.record({ name: fc.string(), rules: fc.array(fc.record({ alert: fc.string(), expr: fc.string({ unit: 'grapheme' }), for: fc.constantFrom('5m', '10m') }), { maxLength: 3 }) });
  fc.assert(fc.property(fc.array(group, { maxLength: 5 }), fc.integer({ min: -3, max: 3 }), (groups, delta) => {
    const size = ruleGroupsBytes(groups as unknown as AlertGroup[]);
    expect(size).toBe(Buffer.byteLength(JSON.stringify(groups)));
    // A fresh copy each time: the first call on a list measures it, later ones may reuse that size.
    for (const max of [size + delta, 0, 2]) expect(ruleGroupsFit([...groups] as unknown as AlertGroup[], max)).toBe(size <= max);
    for (const max of [size + delta, 0, 2]) expect(ruleGroupsFit(groups as unknown as AlertGroup[], max)).toBe(size <= max);
  }), { numRuns: 300, seed: 20261129 });
});

test('a list measured in full by ruleGroupsFit has the size ruleGroupsBytes writes out', () => {
  const groups = [{ name: 'g', rules: [{ alert: 'A', expr: 'up == 0 # é', for: '5m' }] }] as unknown as AlertGroup[];
  expect(ruleGroupsFit(groups, 1e9)).toBe(true);
  expect(ruleGroupsBytes(groups)).toBe(Buffer.byteLength(JSON.stringify(groups)));
  expect(ruleGroupsFit(groups, ruleGroupsBytes(groups) - 1)).toBe(false);
});
