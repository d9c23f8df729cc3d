// PromQL reading is shared between queries that differ only in label values; results must still
// be those of each query itself.
import { parser } from '@prometheus-io/lezer-promql';
import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { largeConfig } from '../bench/large-config';
import { loadEnvironmentFile } from '../lib/config/load';
import { promqlErrors, selectedMetrics } from '../lib/observability/promql';
import { synthesizeConfigDir } from '../lib/output/synthesize';
import { PRODUCTION_FILE, tempDir } from './support';

test('queries differing only in string values select the same metrics and parse alike', () => {
  expect(selectedMetrics('sum(rate(http_requests_total{namespace="a",pod=~"x|y"}[2m])) / on() up{job="a"}')).toEqual(['http_requests_total', 'up']);
  expect(selectedMetrics('sum(rate(http_requests_total{namespace="b",pod=~"z"}[2m])) / on() up{job="b"}')).toEqual(['http_requests_total', 'up']);
  expect(promqlErrors('up{job="a"} > 1')).toEqual([]);
});

test('a broken query reports the offset in its own text, not in its shape', () => {
  expect(promqlErrors('up{job="a"} > 1')).toEqual([]);
  const errors = promqlErrors('up{job="a long value"} >');
  expect(errors.length).toBeGreaterThan(0);
  expect(errors[0].offset).toBe('up{job="a long value"} >'.length);
});

test('strings with escapes are read as written', () => {
  expect(promqlErrors('label_replace(up, "dst", "$1", "src", "a\\\\.(b)")')).toEqual([]);
  expect(promqlErrors('up{job="a}')).not.toEqual([]);
});

// The shared reading against a direct parse of each query by the same grammar: whether it parses
// and which metric names its selectors have.
function direct(expr: string): { parses: boolean; metrics: string[] } {
  let parses = expr.trim() !== '';
  const names = new Set<string>();
  parser.parse(expr).iterate({
    enter: (node) => {
      if (node.type.isError) parses = false;
      if (node.name === 'VectorSelector') {
        const id = node.node.getChild('Identifier');
        if (id) names.add(expr.slice(id.from, id.to));
      }
    },
  });
  return { parses, metrics: [...names].sort() };
}
const shared = (expr: string) => ({ parses: promqlErrors(expr).length === 0, metrics: selectedMetrics(expr) });

test('queries differing in metric names share a reading, and each still gets its own metrics', () => {
  expect(selectedMetrics('sum(rate(c1_http_requests_total{namespace="a"}[2m])) / c1_http_requests_total')).toEqual(['c1_http_requests_total']);
  expect(selectedMetrics('sum(rate(c2_http_requests_total{namespace="b"}[2m])) / c2_http_requests_total')).toEqual(['c2_http_requests_total']);
  expect(selectedMetrics('a{x="1"} + b{y="2"} + a{z="3"}')).toEqual(['a', 'b']);
  // Keywords and functions before `{` keep their meaning (contextual ones included).
  for (const expr of ['sum{a="1"}', 'rate{a="1"}', 'x and on{a="1"}', 'x + bool{a="1"}', 'start{a="1"}', 'x offset{a="1"}', 'inf{a="1"}', 'sum by {a="1"}']) {
    expect({ expr, reading: shared(expr) }).toEqual({ expr, reading: direct(expr) });
  }
});

test('every alert and panel query of a 40-workload synth, and random queries: the shared reading is the direct one', () => {
  const env = loadEnvironmentFile(PRODUCTION_FILE).env;
  const dir = tempDir('promql');
  fs.writeFileSync(path.join(dir, 'production.yaml'), largeConfig(env, 40));
  const queries = new Set<string>();
  const collect = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(collect);
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) (k === 'expr' && typeof x === 'string' ? queries.add(x) : collect(x));
  };
  for (const f of synthesizeConfigDir(dir).files) collect(f.kind === 'dashboard' ? JSON.parse(f.content) : f.object);
  expect(queries.size).toBeGreaterThan(200);
  for (const expr of queries) expect({ expr, reading: shared(expr) }).toEqual({ expr, reading: direct(expr) });

  const token = fc.constantFrom('sum', 'rate', 'by', 'on', 'bool', 'offset', 'start', 'end', 'inf', 'nan', 'atan2', 'Sum', 'up', 'c7_metric', 'x:y', 'a_b',
    '__luneo_metric_0', '{', '}', '(', ')', '[5m]', '"v"', '=', ',', ' ', '+', '/', 'and', '1', '.5', ':', '#c\n', '{a="b"}');
  fc.assert(fc.property(fc.array(token, { minLength: 1, maxLength: 12 }), (parts) => {
    const expr = parts.join('');
    expect({ expr, reading: shared(expr) }).toEqual({ expr, reading: direct(expr) });
  }), { numRuns: 3000, seed: 20261129 });
});
