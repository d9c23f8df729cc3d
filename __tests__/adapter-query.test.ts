// Rendering of prometheus-adapter queries (pkg/naming/metrics_query.go), without Prometheus; the
// rendered queries are evaluated on a real Prometheus by `npm run test:prometheus`.
import { expandTemplate, goQuote, renderCustomMetricsQuery, renderExternalMetricsQuery } from '../lib/metrics/adapter-query';

const podRule = {
  metricsQuery: 'sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>)',
  resources: { overrides: { namespace: { resource: 'namespace' }, pod: { resource: 'pod' } } },
};

describe('custom metrics (Build)', () => {
  test('several pods: a regex of the names joined as they are, grouped by the pod label only', () => {
    expect(renderCustomMetricsQuery(podRule, { series: 'http_requests_total', namespace: 'shop', podNames: ['web-1', 'web-2'] }))
      .toBe('sum(rate(http_requests_total{namespace="shop",pod=~"web-1|web-2"}[2m])) by (pod)');
  });

  test('one pod: an equality matcher', () => {
    expect(renderCustomMetricsQuery(podRule, { series: 'x', namespace: 'shop', podNames: ['web-1'] }))
      .toBe('sum(rate(x{namespace="shop",pod="web-1"}[2m])) by (pod)');
  });

  test('metric selector requirements come first, sorted by key, values sorted', () => {
    const q = renderCustomMetricsQuery(podRule, {
      series: 'x', namespace: 'shop', podNames: ['a', 'b'],
      metricSelector: {
        matchLabels: { verb: 'GET' },
        matchExpressions: [
          { key: 'code', operator: 'In', values: ['500', '200'] },
          { key: 'route', operator: 'NotIn', values: ['/health'] },
          { key: 'canary', operator: 'DoesNotExist' },
          { key: 'app', operator: 'Exists' },
        ],
      },
    });
    expect(q).toBe('sum(rate(x{app!="",canary="",code=~"200|500",route!~"/health",verb="GET",namespace="shop",pod=~"a|b"}[2m])) by (pod)');
  });

  test('labels come from resources.template when there is no override', () => {
    const rule = { metricsQuery: '<<.Series>>{<<.LabelMatchers>>}', resources: { template: 'kube_<<.Resource>>' } };
    expect(renderCustomMetricsQuery(rule, { series: 'x', namespace: 'n', podNames: ['p'] })).toBe('x{kube_namespace="n",kube_pod="p"}');
  });

  test('LabelValuesByName, GroupBySlice and trim markers', () => {
    const rule = { ...podRule, metricsQuery: 'x{pod=~"<<.LabelValuesByName.pod>>"} <<- " " ->> <<.GroupBySlice>> <<index .LabelValuesByName "namespace">>' };
    expect(renderCustomMetricsQuery(rule, { series: 'x', namespace: 'n', podNames: ['a', 'b'] })).toBe('x{pod=~"a|b"} [pod] n');
  });

  test('what the adapter refuses is refused', () => {
    expect(() => renderCustomMetricsQuery({ ...podRule, resources: { overrides: {} } }, { series: 'x', namespace: 'n', podNames: ['p'] }))
      .toThrow('maps no Prometheus label to the namespace resource');
    expect(() => renderCustomMetricsQuery({ ...podRule, metricsQuery: '<<range .GroupBySlice>><<.>><<end>>' }, { series: 'x', namespace: 'n', podNames: ['p'] }))
      .toThrow('unsupported action');
  });
});

describe('external metrics (BuildExternal)', () => {
  const rule = { metricsQuery: 'max(<<.Series>>{<<.LabelMatchers>>}) by (queue)', resources: { overrides: { namespace: { resource: 'namespace' } } } };

  test('the selector, then the HPA namespace; GroupBy is empty', () => {
    expect(renderExternalMetricsQuery(rule, { series: 'q', namespace: 'shop', metricSelector: { matchLabels: { queue: 'render' } } }))
      .toBe('max(q{queue="render",namespace="shop"}) by (queue)');
    expect(renderExternalMetricsQuery({ ...rule, metricsQuery: '[<<.GroupBy>>]' }, { series: 'q', namespace: 'shop' })).toBe('[]');
  });

  test('namespaced: false leaves the HPA namespace out', () => {
    expect(renderExternalMetricsQuery({ ...rule, resources: { ...rule.resources, namespaced: false } }, { series: 'q', namespace: 'shop' }))
      .toBe('max(q{}) by (queue)');
  });
});

test('Go %q quoting', () => {
  expect(goQuote('a"b\\c\nd\x01é\u200b')).toBe('"a\\"b\\\\c\\nd\\x01é\\u200b"');
  expect(expandTemplate('<<.Missing.key>>', { Missing: {} })).toBe('<no value>');
});
