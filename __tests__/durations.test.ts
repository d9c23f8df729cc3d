import { parse } from 'yaml';
import { goDuration, MAX_DURATION_SECONDS, seconds } from '../lib/config/primitives';
import { validateEnvironment } from '../lib/config/validate';
import { synthesizeEnvironments } from '../lib/output/synthesize';
import { find, manifests, productionCopy } from './support';

/**
 * Every config duration takes the Prometheus compound syntax (`1m30s`, `1h1s`, `1d`: units y, w, d,
 * h, m, s, largest first), not only the scrape fields: a fresh user had `1m30s` accepted as a scrape
 * interval and `1h1s` refused as a stabilization window "like 30s, 2m or 1h". Where the value is
 * used in seconds it converts exactly; milliseconds and values beyond Go's time.Duration are findings.
 */
const backend = (e: any) => e.workloads.backend;
const worker = (e: any) => e.workloads.worker;
const problems = (e: any) => validateEnvironment(e).findings.filter((f) => f.severity === 'error').map((f) => `${f.path.join('.')}: ${f.message}`);
const render = (e: any) => {
  const v = validateEnvironment(e);
  expect(v.findings.filter((f) => f.severity === 'error')).toEqual([]);
  return synthesizeEnvironments([v.env!]);
};

describe('compound durations', () => {
  test('seconds() of compound durations, exactly', () => {
    expect(['1m30s', '1h1s', '1d', '1w', '1y', '2h45m', '0', '0s', '1500ms'].map(seconds)).toEqual([90, 3601, 86400, 604800, 31536000, 9900, 0, 0, 1.5]);
  });

  test('the fresh-user example: stabilization 1h1s is read as 3601 s, so the finding is the HPA limit, not the syntax', () => {
    const e = productionCopy();
    backend(e).scaleUp.stabilization = '1h1s';
    expect(problems(e)).toEqual(['workloads.backend.scaleUp.stabilization: must be at most 3600s (HPA stabilizationWindowSeconds)']);
  });

  test('policy period and stabilization in compound form reach the HPA in seconds', () => {
    const e = productionCopy();
    backend(e).scaleUp.every = '1m30s';
    backend(e).scaleDown.stabilization = '59m59s';
    const hpa = find(manifests(render(e)), 'HorizontalPodAutoscaler', 'luneo-backend-hpa');
    expect(hpa.spec.behavior.scaleUp.policies.map((p: any) => p.periodSeconds)).toEqual([90, 90]);
    expect(hpa.spec.behavior.scaleDown.stabilizationWindowSeconds).toBe(3599);
  });

  test('worker timeouts in compound form reach the concurrency ConfigMap in seconds', () => {
    const e = productionCopy();
    worker(e).concurrency.jobTimeout = '1h30m';
    worker(e).concurrency.shutdownGracePeriod = '2m30s';
    const cm = find(manifests(render(e)), 'ConfigMap', 'luneo-worker-concurrency');
    expect(cm.data).toMatchObject({ JOB_TIMEOUT_SECONDS: '5400', SHUTDOWN_GRACE_PERIOD_SECONDS: '150' });
  });

  test('a compound alert duration goes to the PrometheusRule as written (a Prometheus duration)', () => {
    const e = productionCopy();
    e.alerting = { ...(e.alerting ?? {}), hpa: { ...(e.alerting?.hpa ?? {}), maxedOutFor: '1h30m' } };
    const rule = find(manifests(render(e)), 'PrometheusRule', 'luneo-autoscaling');
    const maxedOut = rule.spec.groups.flatMap((g: any) => g.rules).filter((r: any) => r.alert === 'HpaMaxedOut');
    expect(maxedOut.length).toBeGreaterThan(0);
    for (const r of maxedOut) expect(r.for).toBe('1h30m');
  });

  test('the adapter relist interval goes to prometheus-adapter as a Go duration (1d would not parse there)', () => {
    expect([0, 1, 60, 90, 3600, 3661, 86400, 90061].map(goDuration)).toEqual(['0s', '1s', '1m', '1m30s', '1h', '1h1m1s', '24h', '25h1m1s']);
    const e = productionCopy();
    e.adapter.metricsRelistInterval = '1d';
    const values = render(e).find((f) => f.path === 'helm-values/production/prometheus-adapter.yaml')!;
    expect(parse(values.content).metricsRelistInterval).toBe('24h');
  });

  test.each([
    ['1500ms', 'must be a whole number of seconds'],
    ['1s500ms', 'must be a whole number of seconds'],
    ['30s1m', 'must be a duration such as 30s, 1m30s, 2h or 1d (units y, w, d, h, m, s, largest first, each at most once)'],
    ['1m1m', 'must be a duration such as'],
    ['90 s', 'must be a duration such as'],
    ['', 'must not be empty: write 0s for none'],
    ['300000y', `must be at most ${MAX_DURATION_SECONDS / 3600}h`],
  ])('%j is a finding wherever a duration goes: %s', (value, says) => {
    for (const set of [
      (e: any) => { backend(e).scaleDown.stabilization = value; },
      (e: any) => { worker(e).concurrency.jobTimeout = value; },
      (e: any) => { e.adapter.metricsRelistInterval = value; },
    ]) {
      const e = productionCopy();
      set(e);
      const found = problems(e);
      expect(found.length).toBeGreaterThan(0);
      expect(found[0]).toContain(says);
    }
  });
});
