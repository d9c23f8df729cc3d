import { synthesizeEnvironments } from '../lib/output/synthesize';
import { chartPath, renderOtherMarkdown, MAX_LINE, MAX_MARKDOWN } from '../lib/review/render-markdown';
import { review } from '../lib/review/review-command';
import { diffOutputs, EnvironmentDiff, OutputFile } from '../lib/review/semantic-diff';
import { digest, valueChange } from '../lib/review/text-digest';
import { productionCopy } from './support';

const files = (...envs: any[]): OutputFile[] => synthesizeEnvironments(envs).map((f) => ({ path: f.path, content: f.content }));
const BASE = files(productionCopy());
const changes = (head: OutputFile[], kind: string, name: string) =>
  diffOutputs(BASE, head).find((e) => e.environment === 'production')?.objects.find((o) => o.kind === kind && o.name === name)?.changes ?? [];
const longestLine = (md: string) => Math.max(...md.split('\n').map((l) => l.length));

/** A backend gauge metric with its HPA target: adds an adapter rule, an HPA metric, alerts and panels. */
function withInflightMetric(env: any): any {
  env.metrics.luneo_backend_inflight_requests = {
    description: 'Requests a backend pod is serving right now', unit: 'requests', workload: 'backend',
    series: 'luneo_backend_inflight_requests', seriesType: 'gauge', api: 'custom', target: { averageValue: '100' },
  };
  return env;
}

describe('review Markdown stays short and puts the HPAs first', () => {
  test('the issue\'s example: a metric added, maxReplicas raised, an environment added (was 152 KB)', () => {
    const env = withInflightMetric(productionCopy());
    env.workloads.backend.replicas.max = 60;
    const qa = productionCopy();
    qa.environment = 'qa';
    qa.namespace = 'luneo-qa';
    qa.argocd.destination = { server: 'https://qa.example.com' };
    const md = review(BASE, files(env, qa), 'main (abc1234)').markdown;
    expect(md.length).toBeLessThan(20000);
    expect(longestLine(md)).toBeLessThanOrEqual(MAX_LINE + 20);
    // the HPA changes come first, before any other object
    const lines = md.split('\n');
    const firstObject = lines.findIndex((l) => l.startsWith('- **'));
    expect(lines[firstObject]).toBe('- **HorizontalPodAutoscaler `luneo-backend-hpa` changed**');
    expect(md).toMatch(/### production: HorizontalPodAutoscalers\n\n- \*\*HorizontalPodAutoscaler `luneo-backend-hpa` changed\*\*\n {2}- maxReplicas 50 -> 60\n {2}- metric added: Pods luneo\\_backend\\_inflight\\_requests 100 per pod\n/);
    expect(md.indexOf('HorizontalPodAutoscalers')).toBeLessThan(md.indexOf('prometheus-adapter values'));
    // dashboards by panel title, never by index; the dashboard JSON never dumped
    expect(md).not.toMatch(/panels\\?\[\d+\\?\]/);
    expect(md).not.toMatch(/rules\\?\[\d+\\?\]/);
    expect(md).not.toContain('schemaVersion');
    expect(md).toMatch(/panel added: "luneo-backend: luneo\\_backend\\_inflight\\_requests per pod \(requests\) vs target" \(timeseries\)/);
    // the new environment in one line per object
    expect(md).toMatch(/#### qa \(new environment\)/);
  });

  test('the issue\'s example: renaming one HPA (was 227 KB, the rename at line 86)', () => {
    const env = productionCopy();
    env.workloads.backend.hpa = 'luneo-api-hpa';
    const r = review(BASE, files(env), 'main (abc1234)');
    const lines = r.markdown.split('\n');
    expect(lines.findIndex((l) => l.includes('renamed to `luneo-api-hpa`'))).toBeLessThan(10);
    expect(lines[lines.findIndex((l) => l.startsWith('- **'))]).toBe('- **HorizontalPodAutoscaler `luneo-backend-hpa` renamed to `luneo-api-hpa`**');
    expect(r.markdown.length).toBeLessThan(15000);
    expect(longestLine(r.markdown)).toBeLessThanOrEqual(MAX_LINE + 20);
    // the alerts of the renamed HPA, by name; the panels by title
    const rule = changes(files(env), 'PrometheusRule', 'luneo-autoscaling');
    // each alert of the HPA follows the rename: one line each, not a removal and an addition
    expect(rule).toContain('alert HpaMaxedOut (luneo-api-hpa, luneo-backend): horizontalpodautoscaler luneo-backend-hpa -> luneo-api-hpa (expr, labels and annotations follow)');
    expect(rule.some((l) => /^alert (added|removed)/.test(l))).toBe(false);
    expect(rule.some((l) => /luneo-worker-hpa/.test(l))).toBe(false);
    const dashboard = changes(files(env), 'ConfigMap', 'luneo-autoscaling-dashboard');
    expect(dashboard).toContain('data.luneo-autoscaling-production.json: panel removed: "luneo-backend: replicas (luneo-backend-hpa)"');
    expect(dashboard).toContain('data.luneo-autoscaling-production.json: panel added: "luneo-backend: replicas (luneo-api-hpa)" (timeseries)');
    expect(dashboard.every((l) => l.length < 600)).toBe(true);
  });

  test('alerts by name: `for` and expr changes of the alerts that changed, nothing else', () => {
    const env = productionCopy();
    env.alerting.hpa.maxedOutFor = '30m';
    env.workloads.backend.slo.errorRate.max = 0.02;
    const rule = changes(files(env), 'PrometheusRule', 'luneo-autoscaling');
    expect(rule).toContain('alert HpaMaxedOut (luneo-backend-hpa, luneo-backend) for 15m -> 30m');
    expect(rule).toContain('alert HpaMaxedOut (luneo-worker-hpa, luneo-worker) for 15m -> 30m');
    const expr = rule.filter((l) => / expr/.test(l));
    expect(expr.length).toBeGreaterThan(0);
    expect(expr.every((l) => l.startsWith('alert ErrorRateHigh'))).toBe(true);
    expect(expr.join('\n')).toContain('0.02');
    expect(rule.some((l) => /groups|rules\[/.test(l))).toBe(false);
  });

  test('the Markdown is bounded: other changes collapse, the rest is left to review.html, HPAs stay', () => {
    const many: EnvironmentDiff[] = [{
      environment: 'production', status: 'changed', objects: [
        { kind: 'HorizontalPodAutoscaler', name: 'luneo-backend-hpa', status: 'changed', changes: ['maxReplicas 50 -> 60'] },
        ...Array.from({ length: 3000 }, (_, i) => ({ kind: 'ConfigMap', name: `cm-${i}`, status: 'changed' as const, changes: Array.from({ length: 40 }, (_, j) => `data.k${j} ${'x'.repeat(30)} -> ${'y'.repeat(30)}`) })),
      ],
    }];
    const other = renderOtherMarkdown(many, 30000).join('\n');
    expect(other.length).toBeLessThan(30000);
    expect(other).toMatch(/^<details>\n<summary>Other changes: 3000 objects/);
    expect(other).toMatch(/\.\.\. and \d+ more changed objects, left out to keep this comment short: every change is in review\.html\./);
    // 25 lines per object, then a count
    expect(other).toContain('  - ... 15 more changes (all of them in review.html)');
    expect(MAX_MARKDOWN).toBeLessThan(60000); // the CI workflow's comment limit
  });

  test('a short list of other changes stays open', () => {
    const env = productionCopy();
    env.metrics.http_requests_per_second.rateWindow = '5m';
    const md = review(BASE, files(env), 'x').markdown;
    expect(md).toContain('### Other changes');
    expect(md).not.toContain('<details>');
  });
});

describe('long text in change lines', () => {
  test('one long line: the changed part with context and both digests, not the text', () => {
    const before = `{"a":"${'x'.repeat(3000)}","max":50,"b":"${'y'.repeat(3000)}"}`;
    const after = before.replace('"max":50', '"max":60');
    const [line, ...rest] = valueChange('data.dashboard.json', before, after);
    expect(rest).toEqual([]);
    expect(line.length).toBeLessThan(300);
    expect(line).toContain('"max":50');
    expect(line).toContain('"max":60');
    expect(line).toContain(`(${digest(before)} -> ${digest(after)})`);
    expect(digest(before)).toMatch(/^sha256:[0-9a-f]{8}, 6024 chars$/);
  });

  test('multi-line text: the changed lines, at most 4, then a count', () => {
    const before = Array.from({ length: 200 }, (_, i) => `line ${i}`).join('\n');
    const after = before.replace('line 7\n', 'line seven\n').replace('line 9\n', 'line nine\n').replace('line 11\n', 'line eleven\n');
    expect(valueChange('text', before, after)).toEqual([
      'text changed: +3 -3 lines (' + `${digest(before)} -> ${digest(after)})`,
      // Each removed line beside the line replacing it, so the shown ones read as old -> new.
      'text: - line 7', 'text: + line seven', 'text: - line 9', 'text: + line nine',
      'text: ... 2 more changed lines',
    ]);
  });

  test('short values as they are', () => {
    expect(valueChange('maxReplicas', 50, 60)).toEqual(['maxReplicas 50 -> 60']);
    expect(valueChange('for', undefined, '5m')).toEqual(['for (unset) -> 5m']);
  });
});

describe('chart file names', () => {
  test('recordings whose names differ only in case get charts that differ on a case-insensitive file system too', () => {
    const names = ['peak.csv', 'Peak.csv', 'PEAK.csv', 'a b.csv', 'a_b.csv', 'A_b.csv'];
    const charts = names.map((n) => chartPath('production', 'luneo-backend-hpa', n));
    expect(new Set(charts.map((c) => c.toLowerCase())).size).toBe(names.length);
    // A lower-case safe name keeps its name; the same name always gets the same file.
    expect(chartPath('production', 'luneo-backend-hpa', 'peak.csv')).toBe('charts/production--luneo-backend-hpa--peak.csv.svg');
    expect(chartPath('production', 'luneo-backend-hpa', 'Peak.csv')).toMatch(/^charts\/production--luneo-backend-hpa--peak\.csv-[0-9a-f]{8}\.svg$/);
    expect(chartPath('production', 'luneo-backend-hpa', 'Peak.csv')).toBe(charts[1]);
  });
});
