import * as fs from 'fs';
import * as path from 'path';
import { synthesizeConfigDir } from '../lib/output/synthesize';
import { renderReviewHtml } from '../lib/review/render-html';
import { review } from '../lib/review/review-command';
import { outputObjects } from '../lib/review/semantic-diff';
import { CONFIG_DIR, tempDir } from './support';

const read = (name: string) => fs.readFileSync(path.join(CONFIG_DIR, name), 'utf-8');
function output(files: Record<string, string>) {
  const dir = tempDir('review-wording');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return synthesizeConfigDir(dir).files.map((f) => ({ path: f.path, content: f.content }));
}
const before = (files: ReturnType<typeof output>) => outputObjects(files);
const BOTH = output({ '_base.yaml': read('_base.yaml'), 'production.yaml': read('production.yaml'), 'staging.yaml': read('staging.yaml') });

describe('review wording', () => {
  test('a dashboard ConfigMap moved from luneo-staging to monitoring reads as a move, not a rename to itself', () => {
    const head = output({ '_base.yaml': read('_base.yaml'), 'production.yaml': read('production.yaml'), 'staging.yaml': `${read('staging.yaml')}dashboard:\n  namespace: monitoring\n` });
    const r = review(BOTH, head, 'main');
    expect(r.markdown).toContain('ConfigMap `luneo-autoscaling-dashboard` moved from namespace `luneo-staging` to `monitoring`');
    expect(r.markdown).not.toContain('`luneo-autoscaling-dashboard` renamed to `luneo-autoscaling-dashboard`');
    const html = renderReviewHtml({ title: 't', diff: r.diff, comparisons: [] } as any);
    expect(html).toContain('ConfigMap <code>luneo-autoscaling-dashboard</code> moved from namespace <code>luneo-staging</code> to <code>monitoring</code>');
  });

  test('an environment moved to another namespace: every object, PrometheusRule and dashboard ConfigMap too, reads as moved', () => {
    const moved = read('staging.yaml').replace(/^namespace: luneo-staging$/m, 'namespace: luneo-stg');
    for (const extra of ['', 'dashboard: { namespace: luneo-staging }\n']) {
      const head = output({ '_base.yaml': read('_base.yaml'), 'production.yaml': read('production.yaml'), 'staging.yaml': `${moved}${extra}` });
      const r = review(BOTH, head, 'main');
      const staging = r.diff.find((e) => e.environment === 'staging')!;
      expect(staging.objects.filter((o) => o.status === 'added' || o.status === 'removed')).toEqual([]);
      expect(r.markdown).toContain('PrometheusRule `luneo-autoscaling` moved from namespace `luneo-staging` to `luneo-stg`');
      const rule = staging.objects.find((o) => o.kind === 'PrometheusRule')!;
      expect(rule.changes.join('\n')).toContain('luneo-stg');
      const dashboardMoved = 'ConfigMap `luneo-autoscaling-dashboard` moved from namespace `luneo-staging` to `luneo-stg`';
      if (extra) expect(r.markdown).not.toContain(dashboardMoved);
      else expect(r.markdown).toContain(dashboardMoved);
      // Each object once: the 11 namespaced objects, the runbook and the dashboard JSON; before, the
      // PrometheusRule and the dashboard ConfigMap counted twice each (added and removed): 17 / 15.
      expect(r.markdown.split('\n')[2]).toMatch(/^15 objects changed .*environment staging \(13\)/);
      expect(before(BOTH).filter((o) => o.environment === 'staging' && o.object?.metadata?.namespace === 'luneo-staging')).toHaveLength(11);
    }
  });

  test('environments.md changed: its changed lines (at most 4), not only a count', () => {
    const staging = read('staging.yaml').replace('    replicas: { min: 2, max: 10 }', '    replicas: { min: 2, max: 12 }');
    const head = output({ '_base.yaml': read('_base.yaml'), 'production.yaml': read('production.yaml'), 'staging.yaml': staging });
    const r = review(BOTH, head, 'main');
    const summary = r.diff.flatMap((e) => e.objects).find((o) => o.name === 'environments.md')!;
    const [count, ...lines] = summary.changes;
    expect(count).toMatch(/^text changed: \+(\d+) -\1 lines$/);
    // Each old line beside its replacement: budget, then replicas and footprint (4 more).
    expect(lines).toEqual([
      'text: - | **≠ CPU requests** | 45 of 56 ✎ (80%) | 11 of 12 ✎ (92%) |',
      'text: + | **≠ CPU requests** | 45 of 56 ✎ (80%) | 12 of 12 ✎ (100%) |',
      'text: - | **≠ memory requests** | 65Gi of 80Gi ✎ (81%) | 17Gi of 20Gi ✎ (85%) |',
      'text: + | **≠ memory requests** | 65Gi of 80Gi ✎ (81%) | 18Gi of 20Gi ✎ (90%) |',
      'text: ... 4 more changed lines',
    ]);
    expect(r.markdown).toContain('text: + \\| \\*\\*≠ CPU requests\\*\\* \\| 45 of 56 ✎ (80%) \\| 12 of 12 ✎ (100%) \\|');
  });

  test('removing staging: its objects counted as the environment removed, Argo CD Applications and the summary apart', () => {
    const head = output({ '_base.yaml': read('_base.yaml'), 'production.yaml': read('production.yaml') });
    const r = review(BOTH, head, 'main');
    const before = outputObjects(BOTH);
    const stagingObjects = before.filter((o) => o.environment === 'staging').length;
    const stagingApps = before.filter((o) => o.kind === 'Application' && o.name.endsWith('-staging')).length;
    expect(stagingApps).toBe(2);
    const total = stagingObjects + stagingApps + 1;
    expect(r.markdown.split('\n')[2]).toBe(`${total} objects changed (semantic diff of the synthesized output): environment staging removed (${stagingObjects}), Argo CD Applications (${stagingApps}), the environment summary every environment shares (1).`);
    expect(r.markdown).not.toMatch(/in 2 environments/);
  });
});
