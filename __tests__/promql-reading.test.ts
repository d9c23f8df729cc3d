// PromQL reading is shared between queries that differ only in label values; results must still
// be those of each query itself.
import { promqlErrors, selectedMetrics } from '../lib/observability/promql';

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
