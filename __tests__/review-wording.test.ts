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
