import * as fc from 'fast-check';
import { AlertGroup } from '../lib/observability/alerts';
import { ruleGroupsBytes, ruleGroupsFit } from '../lib/observability/alert-rules';

// ruleGroupsFit answers ruleGroupsBytes(groups) <= max without writing all the groups' JSON.
test('fits exactly when the JSON of the whole list does, at every limit around its size', () => {
  const group = fc.record({ name: fc.string(), rules: fc.array(fc.record({ alert: fc.string(), expr: fc.string({ unit: 'grapheme' }), for: fc.constantFrom('5m', '10m') }), { maxLength: 3 }) });
  fc.assert(fc.property(fc.array(group, { maxLength: 5 }), fc.integer({ min: -3, max: 3 }), (groups, delta) => {
    const size = ruleGroupsBytes(groups as unknown as AlertGroup[]);
    for (const max of [size + delta, 0, 2]) expect(ruleGroupsFit(groups as unknown as AlertGroup[], max)).toBe(size <= max);
  }), { numRuns: 300, seed: 20261129 });
});
