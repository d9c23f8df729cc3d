import * as fs from 'fs';
import * as path from 'path';
import { closestName, PRACTICE_RULES } from '../lib/config/practice-rules';
import { validateEnvironment } from '../lib/config/validate';
import { ROOT, productionCopy } from './support';

describe('exceptions name rules that exist', () => {
  test('PRACTICE_RULES lists every best-practice warning lib/config reports', () => {
    const dir = path.join(ROOT, 'lib', 'config');
    const reported = new Set<string>();
    for (const f of fs.readdirSync(dir).filter((n) => n.endsWith('.ts') && n !== 'practice-rules.ts')) {
      for (const [, id] of fs.readFileSync(path.join(dir, f), 'utf-8').matchAll(/['`](practice\/[a-z0-9-]+)['`]/g)) reported.add(id);
    }
    reported.delete('practice/unused-exception');
    reported.delete('practice/unknown-rule');
    expect([...reported].sort()).toEqual([...PRACTICE_RULES].sort());
  });

  test('closestName: a misspelling gets the rule, something unrelated gets nothing', () => {
    expect(closestName('practice/min-replica-below-2', PRACTICE_RULES)).toBe('practice/min-replicas-below-2');
    expect(closestName('practice/single-metrics', PRACTICE_RULES)).toBe('practice/single-metric');
    expect(closestName('practice/utilisation-band', PRACTICE_RULES)).toBe('practice/utilization-band');
    expect(closestName('practice/nonexistent-rule', PRACTICE_RULES)).toBeUndefined();
    expect(closestName('practice/x', PRACTICE_RULES)).toBeUndefined();
  });

  test('the fresh-user example: an unknown rule is an error at the rule field, not (only) a stale exception', () => {
    const e = productionCopy();
    e.exceptions = [{ rule: 'practice/nonexistent-rule', at: 'workloads.backend.replicas.min', reason: 'approved by the platform team' }];
    const { env, findings } = validateEnvironment(e);
    expect(env).toBeUndefined();
    expect(findings).toEqual([expect.objectContaining({
      severity: 'error', rule: 'practice/unknown-rule', path: ['exceptions', 0, 'rule'],
      message: 'there is no best-practice rule practice/nonexistent-rule',
      hint: `name one of the best-practice rules: ${PRACTICE_RULES.join(', ')}`,
    })]);
  });

  test('a known rule that covers nothing is still the stale-exception warning', () => {
    const e = productionCopy();
    e.exceptions = [{ rule: 'practice/fixed-replicas', at: 'workloads.backend.replicas.max', reason: 'approved by the platform team' }];
    expect(validateEnvironment(e).findings.map((f) => `${f.severity} ${f.rule}`)).toEqual(['warning practice/unused-exception']);
  });
});
