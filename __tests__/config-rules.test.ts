import { parser } from '@prometheus-io/lezer-promql';
import { parse, stringify } from 'yaml';
import { formatFinding } from '../lib/config/findings';
import { parseEnvironment } from '../lib/config/load';
import { portNameProblem, PROMETHEUS_DURATION, prometheusDuration, seconds } from '../lib/config/primitives';
import { containerRequests, podRequests, utilizationTargets } from '../lib/config/requests';
import { conflictingLabel, selectsAllOf } from '../lib/config/selection';
import { synthesizeEnvironments } from '../lib/output/synthesize';
import { find, manifests, production, productionCopy } from './support';

/** Configurations that pass every field check but could never work (issue 7 §3). */
const findingsOf = (mutate: (env: any) => void) => {
  const env = productionCopy();
  mutate(env);
  return parseEnvironment(stringify(env), 'config/production.yaml').findings;
};
const rulesOf = (mutate: (env: any) => void) => findingsOf(mutate).map((f) => f.rule);
const synth = (mutate: (env: any) => void) => {
  const env = productionCopy();
  mutate(env);
  const { env: valid, findings } = parseEnvironment(stringify(env), 'config/production.yaml');
  if (!valid) throw new Error(findings.map(formatFinding).join('\n'));
  const files = synthesizeEnvironments([valid]);
  return {
    objects: manifests(files),
    adapter: parse(files.find((f) => f.path === 'helm-values/production/prometheus-adapter.yaml')!.content),
  };
};

describe('scrape endpoints', () => {
  test.each([
    ['metrics', undefined],
    ['http-metrics', undefined],
    ['abcdefghijklmno', undefined], // exactly 15
    ['m9090', undefined],
    ['abcdefghijklmnop', 'must be at most 15 characters'],
    ['worker-http-metrics', 'must be at most 15 characters'],
    ['9090', 'must contain at least one letter'],
    ['Metrics', 'must contain only lower-case letters, digits and "-"'],
    ['metrics_port', 'must contain only lower-case letters, digits and "-"'],
    ['http--metrics', 'must not contain "--"'],
    ['-metrics', 'must not begin or end with "-"'],
    ['metrics-', 'must not begin or end with "-"'],
  ])('container port name %j: %s', (name, problem) => {
    expect(portNameProblem(name)).toBe(problem);
  });

  test('a PodMonitor port must be a container port name, a ServiceMonitor port a Service port name', () => {
    const longName = 'worker-http-metrics'; // a valid Service port name, too long for a container port
    expect(rulesOf((e) => { e.workloads.worker.scrape.port = longName; })).toEqual([]);
    const pod = findingsOf((e) => { e.workloads.worker.scrape.kind = 'PodMonitor'; e.workloads.worker.scrape.port = longName; });
    expect(pod).toEqual([expect.objectContaining({ rule: 'scrape/port-name', path: ['workloads', 'worker', 'scrape', 'port'] })]);
    expect(pod[0].message).toContain('IANA_SVC_NAME');
    expect(rulesOf((e) => { e.workloads.worker.scrape.port = 'metrics.http'; })).toEqual(['scrape/port-name']);
    expect(rulesOf((e) => { e.workloads.worker.scrape.port = 'a'.repeat(64); })).toEqual(['scrape/port-name']);
  });

  test.each([
    ['30s', 30], ['1m30s', 90], ['500ms', 0.5], ['2h', 7200], ['1d', 86400], ['1w', 604800], ['1y', 31536000], ['1h2m3s4ms', 3723.004], ['0', 0],
  ])('Prometheus duration %s is %d s', (d, s) => {
    expect(PROMETHEUS_DURATION.test(d)).toBe(true);
    expect(seconds(d)).toBeCloseTo(s, 6);
  });

  test.each(['30s1m', '1.5m', '30S', '1 m', '-30s', '30', 'soon', ''])('%j is not a Prometheus duration the operator accepts', (d) => {
    expect(prometheusDuration.safeParse(d).success).toBe(false);
  });

  test('intervals Prometheus would replace with its global default, or reject, are errors', () => {
    expect(rulesOf((e) => { e.workloads.backend.scrape.interval = '0s'; })).toEqual(['scrape/zero-duration']);
    expect(rulesOf((e) => { e.workloads.backend.scrape.interval = '0'; })).toEqual(['scrape/zero-duration']);
    expect(rulesOf((e) => { e.workloads.backend.scrape.scrapeTimeout = '0s'; })).toEqual(['scrape/zero-duration']);
    expect(rulesOf((e) => { e.workloads.backend.scrape.interval = ''; })).toEqual(['schema/too-small']);
    const timeout = findingsOf((e) => { e.workloads.backend.scrape.scrapeTimeout = '31s'; });
    expect(timeout).toEqual([expect.objectContaining({ rule: 'scrape/timeout-exceeds-interval', path: ['workloads', 'backend', 'scrape', 'scrapeTimeout'] })]);
    expect(rulesOf((e) => { e.workloads.backend.scrape.scrapeTimeout = '30s'; })).toEqual([]);
  });

  test('a query string in the path would be escaped into the path: every scrape a 404', () => {
    const f = findingsOf((e) => { e.workloads.worker.scrape.path = '/v1/sys/metrics?format=prometheus'; });
    expect(f).toEqual([expect.objectContaining({ rule: 'scrape/path-query', path: ['workloads', 'worker', 'scrape', 'path'] })]);
    expect(f[0].message).toBe('contains "?": Prometheus escapes it into the path (%3F), so every scrape of /v1/sys/metrics?format=prometheus would get 404');
    expect(rulesOf((e) => { e.workloads.worker.scrape.path = '/metrics#x'; })).toEqual(['scrape/path-query']);
    expect(rulesOf((e) => { e.workloads.worker.scrape.path = '/v1/sys/metrics'; })).toEqual([]);
  });

  test('compound intervals count in seconds for the rate-window and relist rules', () => {
    // 1m30s x 4 = 360 s: a 5m rate window is too short, 6m is enough; the 1m relist is now too short.
    const f = findingsOf((e) => { e.workloads.backend.scrape.interval = '1m30s'; e.metrics.http_requests_per_second.rateWindow = '5m';
      e.workloads.backend.slo.errorRate.window = e.workloads.backend.slo.latency.window = '6m'; });
    expect(f.map((x) => x.rule).sort()).toEqual(['adapter/relist-interval', 'catalogue/rate-window']);
    expect(f.find((x) => x.rule === 'catalogue/rate-window')!.hint).toBe('set it to at least 360s');
  });

  test('the scrape timeout reaches the monitor endpoint', () => {
    const { objects } = synth((e) => { e.workloads.backend.scrape.interval = '1m30s'; e.workloads.backend.scrape.scrapeTimeout = '20s';
      e.metrics.http_requests_per_second.rateWindow = '6m'; e.adapter.metricsRelistInterval = '2m';
      e.workloads.backend.slo.errorRate.window = e.workloads.backend.slo.latency.window = '6m'; });
    expect(find(objects, 'ServiceMonitor', 'luneo-backend').spec.endpoints).toEqual([{ port: 'metrics', path: '/metrics', interval: '1m30s', scrapeTimeout: '20s' }]);
  });
});

describe('selectors', () => {
  test('subset and conflict logic', () => {
    expect(selectsAllOf({ app: 'a' }, { app: 'a', tier: 'b' })).toBe(true);
    expect(selectsAllOf({ app: 'a', tier: 'b' }, { app: 'a' })).toBe(false);
    expect(selectsAllOf({ app: 'a' }, { app: 'b' })).toBe(false);
    expect(conflictingLabel({ app: 'a', x: '1' }, { app: 'b' })).toBe('app');
    expect(conflictingLabel({ app: 'a' }, { tier: 'b' })).toBeUndefined();
  });

  test('a workload selector copied from another workload is an error at the copy', () => {
    const f = findingsOf((e) => { e.workloads.worker.podSelector = { 'app.kubernetes.io/name': 'luneo-backend' }; });
    expect(f).toEqual([expect.objectContaining({ rule: 'workload/selector-overlap', path: ['workloads', 'worker', 'podSelector'] })]);
    expect(f[0].message).toContain('HPA "luneo-worker-hpa" would count those pods as its own');
  });

  test('a wider selector selecting another workload\'s pods is an error at the wider one', () => {
    const f = findingsOf((e) => {
      e.workloads.backend.podSelector = { 'app.kubernetes.io/part-of': 'luneo-platform' };
      e.workloads.worker.podSelector = { 'app.kubernetes.io/part-of': 'luneo-platform', 'app.kubernetes.io/name': 'luneo-worker' };
    });
    expect(f).toEqual([expect.objectContaining({ rule: 'workload/selector-overlap', path: ['workloads', 'backend', 'podSelector'] })]);
  });

  test('selectors that differ in one label do not overlap', () => {
    expect(rulesOf((e) => { e.workloads.worker.podSelector = { 'app.kubernetes.io/name': 'luneo-worker', tier: 'render' }; })).toEqual([]);
  });

  test('two ServiceMonitors selecting the same Services on the same port and path are an error', () => {
    const f = findingsOf((e) => { e.workloads.worker.scrape.selector = { 'app.kubernetes.io/name': 'luneo-backend' }; });
    expect(f).toEqual([expect.objectContaining({ rule: 'scrape/duplicate-target', path: ['workloads', 'worker', 'scrape', 'selector'] })]);
    expect(f[0].message).toContain('every series would be scraped twice and every sum doubled');
    // Another port or another path is another endpoint: not a duplicate.
    expect(rulesOf((e) => { e.workloads.worker.scrape.selector = { 'app.kubernetes.io/name': 'luneo-backend' }; e.workloads.worker.scrape.port = 'admin'; })).toEqual([]);
    expect(rulesOf((e) => { e.workloads.worker.scrape.selector = { 'app.kubernetes.io/name': 'luneo-backend' }; e.workloads.worker.scrape.path = '/worker-metrics'; })).toEqual([]);
  });

  test('a PodMonitor selecting the pods another workload\'s ServiceMonitor scrapes is an error', () => {
    const f = findingsOf((e) => {
      e.workloads.backend.podSelector = { 'app.kubernetes.io/name': 'luneo-backend', 'app.kubernetes.io/part-of': 'luneo-platform' };
      e.workloads.worker.podSelector = { 'app.kubernetes.io/name': 'luneo-worker', 'app.kubernetes.io/part-of': 'luneo-platform' };
      e.workloads.worker.scrape.kind = 'PodMonitor';
      e.workloads.worker.scrape.selector = { 'app.kubernetes.io/part-of': 'luneo-platform' };
    });
    expect(f).toEqual([expect.objectContaining({ rule: 'scrape/duplicate-target', path: ['workloads', 'worker', 'scrape', 'selector'] })]);
    expect(f[0].message).toContain('every pod of workload "backend"');
  });

  test('a PodMonitor that requires another value of a workload pod label scrapes nothing', () => {
    const f = findingsOf((e) => { e.workloads.worker.scrape.kind = 'PodMonitor'; e.workloads.worker.scrape.selector = { 'app.kubernetes.io/name': 'luneo-workers' }; });
    expect(f).toEqual([expect.objectContaining({ rule: 'scrape/misses-workload', path: ['workloads', 'worker', 'scrape', 'selector', 'app.kubernetes.io/name'] })]);
  });
});

describe('external metrics from another namespace', () => {
  // The worker scales on the render-queue backlog that a queue exporter in luneo-queues exports;
  // its scrape collects that exporter, so its series carry namespace="luneo-queues".
  const crossNamespace = (e: any) => {
    e.workloads.worker.scrape = { ...e.workloads.worker.scrape, namespace: 'luneo-queues', selector: { 'app.kubernetes.io/name': 'render-queue-exporter' } };
    e.metrics.luneo_queue_depth.namespace = 'luneo-queues';
    delete e.metrics.luneo_worker_active_jobs;
    delete e.workloads.worker.concurrency;
    delete e.workloads.worker.useCase.peakConcurrentJobs;
  };

  test('without `namespace` the external rule would query the HPA\'s namespace: an error proposing it', () => {
    const f = findingsOf((e) => { crossNamespace(e); delete e.metrics.luneo_queue_depth.namespace; });
    expect(f).toEqual([expect.objectContaining({ rule: 'catalogue/namespace-mismatch', path: ['metrics', 'luneo_queue_depth', 'namespace'] })]);
    expect(f[0].hint).toBe('set metrics.luneo_queue_depth.namespace: luneo-queues (the adapter rule then queries that namespace explicitly)');
  });

  test('with `namespace` the adapter rule is not namespaced and matches that namespace explicitly', () => {
    const { adapter, objects } = synth(crossNamespace);
    const rule = adapter.rules.external.find((r: any) => r.name.as === 'luneo_queue_depth');
    expect(rule.resources.namespaced).toBe(false);
    expect(rule.seriesQuery).toBe('luneo_queue_jobs_waiting{namespace="luneo-queues",queue="render"}');
    expect(rule.metricsQuery).toBe('max(<<.Series>>{namespace="luneo-queues",<<.LabelMatchers>>}) by (queue)');
    // The HPA and its selector are unchanged: it lives in luneo-production and asks for the queue.
    const hpa = find(objects, 'HorizontalPodAutoscaler', 'luneo-worker-hpa');
    expect(hpa.metadata.namespace).toBe('luneo-production');
    expect(hpa.spec.metrics.find((m: any) => m.type === 'External').external.metric).toEqual({ name: 'luneo_queue_depth', selector: { matchLabels: { queue: 'render' } } });
    expect(find(objects, 'ServiceMonitor', 'luneo-worker').spec.namespaceSelector).toEqual({ matchNames: ['luneo-queues'] });
  });

  test('the rendered query parses with and without the HPA\'s label matchers (namespace first, trailing comma)', () => {
    const { adapter } = synth(crossNamespace);
    const template: string = adapter.rules.external.find((r: any) => r.name.as === 'luneo_queue_depth').metricsQuery;
    const parses = (q: string) => {
      let ok = true;
      parser.parse(q).iterate({ enter: (n) => { if (n.type.isError) ok = false; } });
      return ok;
    };
    for (const matchers of ['', 'queue="render"']) {
      const query = template.replace('<<.Series>>', 'luneo_queue_jobs_waiting').replace('<<.LabelMatchers>>', matchers);
      expect(parses(query)).toBe(true);
    }
    expect(parses('max(luneo_queue_jobs_waiting{,namespace="luneo-queues"})')).toBe(false); // why the namespace goes first
  });

  test('production\'s external rule stays namespaced (series in the HPA\'s namespace)', () => {
    const { adapter } = synth(() => undefined);
    const rule = adapter.rules.external.find((r: any) => r.name.as === 'luneo_queue_depth');
    expect(rule.resources).toEqual({ overrides: { namespace: { resource: 'namespace' } } });
    expect(rule.seriesQuery).toBe('luneo_queue_jobs_waiting{namespace!="",queue="render"}');
  });

  test('a namespace where the workload\'s scrape collects nothing is an error', () => {
    const f = findingsOf((e) => { e.metrics.luneo_queue_depth.namespace = 'luneo-queues'; });
    expect(f).toEqual([expect.objectContaining({ rule: 'catalogue/namespace-mismatch', path: ['metrics', 'luneo_queue_depth', 'namespace'] })]);
    expect(f[0].hint).toContain('remove the field');
  });

  test('a namespace matcher in matchLabels would make the adapter query empty', () => {
    const f = findingsOf((e) => { e.metrics.luneo_queue_depth.matchLabels.namespace = 'luneo-queues'; });
    expect(f).toEqual([expect.objectContaining({ rule: 'catalogue/namespace-mismatch', path: ['metrics', 'luneo_queue_depth', 'matchLabels', 'namespace'] })]);
    expect(f[0].hint).toBe('remove it; for series in another namespace set `namespace` on the metric');
  });

  test('a Pods metric cannot name a namespace, nor be scraped from another one', () => {
    expect(findingsOf((e) => { e.metrics.luneo_worker_active_jobs.namespace = 'luneo-queues'; }))
      .toEqual([expect.objectContaining({ rule: 'catalogue/namespace-mismatch', path: ['metrics', 'luneo_worker_active_jobs', 'namespace'] })]);
    expect(findingsOf((e) => { e.workloads.backend.scrape.namespace = 'luneo-staging'; }))
      .toEqual([expect.objectContaining({ rule: 'catalogue/namespace-mismatch', path: ['workloads', 'backend', 'scrape', 'namespace'] })]);
  });
});

describe('per-container requests and container utilization targets', () => {
  const withSidecar = (e: any) => { e.workloads.backend.containers['istio-proxy'] = { cpu: '100m' }; };

  test('production per-pod requests: backend 500m / 512Mi, worker 1 CPU / 2Gi', () => {
    const env = production();
    expect(podRequests(env.workloads.backend)).toEqual({ cpu: 500, memory: 512 * 2 ** 20 });
    expect(podRequests(env.workloads.worker)).toEqual({ cpu: 1000, memory: 2 * 2 ** 30 });
    expect(utilizationTargets(env.workloads.backend)).toEqual([
      { resource: 'cpu', averageUtilization: 70, request: 500 },
      { resource: 'memory', averageUtilization: 80, request: 512 * 2 ** 20 },
    ]);
  });

  test('per-pod requests sum the containers; a container target uses that container\'s request', () => {
    const env = productionCopy();
    withSidecar(env);
    env.workloads.backend.utilization = { cpu: { percent: 70, container: 'backend' }, memory: { percent: 80, container: 'backend' } };
    const w = parseEnvironment(stringify(env), 'x.yaml').env!.workloads.backend;
    expect(podRequests(w)).toEqual({ cpu: 600, memory: 512 * 2 ** 20 });
    expect(containerRequests(w, 'istio-proxy')).toEqual({ cpu: 100 });
    expect(utilizationTargets(w).map((t) => [t.resource, t.container, t.request])).toEqual([['cpu', 'backend', 500], ['memory', 'backend', 512 * 2 ** 20]]);
  });

  test('a pod-level target when a sidecar has no request for it is an error proposing the container target', () => {
    const f = findingsOf(withSidecar);
    expect(f).toEqual([expect.objectContaining({ rule: 'workload/missing-container-request', path: ['workloads', 'backend', 'utilization', 'memory'] })]);
    expect(f[0].message).toContain('"missing request for memory in container istio-proxy"');
    expect(f[0].hint).toBe('target one container instead: utilization.memory: { percent: 80, container: backend }, or declare a memory request for istio-proxy');
  });

  test('the proposed container targets synthesize as ContainerResource metrics', () => {
    const { objects } = synth((e) => {
      withSidecar(e);
      e.workloads.backend.utilization = { cpu: 70, memory: { percent: 80, container: 'backend' } };
    });
    const metrics = find(objects, 'HorizontalPodAutoscaler', 'luneo-backend-hpa').spec.metrics;
    expect(metrics.slice(0, 2)).toEqual([
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      { type: 'ContainerResource', containerResource: { name: 'memory', container: 'backend', target: { type: 'Utilization', averageUtilization: 80 } } },
    ]);
  });

  test('a container target naming an undeclared container, or one without that request', () => {
    expect(findingsOf((e) => { e.workloads.backend.utilization.cpu = { percent: 70, container: 'app' }; }))
      .toEqual([expect.objectContaining({ rule: 'workload/unknown-container', path: ['workloads', 'backend', 'utilization', 'cpu', 'container'] })]);
    expect(findingsOf((e) => { withSidecar(e); e.workloads.backend.utilization.memory = { percent: 80, container: 'istio-proxy' }; }))
      .toEqual([expect.objectContaining({ rule: 'workload/requests-undeclared', path: ['workloads', 'backend', 'utilization', 'memory'] })]);
  });

  test('no containers at all under a utilization target', () => {
    expect(rulesOf((e) => { delete e.workloads.backend.containers; })).toEqual(['workload/requests-undeclared', 'workload/requests-undeclared']);
  });
});

describe('bound findings give a fix that satisfies them', () => {
  /** The one finding at `at` after `mutate`, and the value its fix names applied back. */
  const fixOf = (at: string, mutate: (env: any) => void) => {
    const f = findingsOf(mutate).filter((x) => x.path.join('.') === at);
    expect(f).toHaveLength(1);
    return f[0];
  };

  test('utilization.cpu: 0 (an int32 percentage, > 0): the fix is the smallest valid whole number, 1', () => {
    const f = fixOf('workloads.backend.utilization.cpu', (e) => { e.workloads.backend.utilization.cpu = 0; });
    expect(f).toMatchObject({ rule: 'schema/too-small', message: 'must be greater than 0', hint: 'use at least 1' });
  });

  test.each([
    ['workloads.backend.slo.errorRate.max', 0, 'schema/too-small', 'use a value greater than 0', 0.005],
    ['workloads.backend.slo.errorRate.max', 1, 'schema/too-big', 'use a value less than 1', 0.5],
    ['alerting.hpa.pinnedAtMinimum.factor', 1, 'schema/too-small', 'use a value greater than 1', 1.5],
    ['workloads.backend.slo.latency.maxSeconds', 0, 'schema/too-small', 'use a value greater than 0', 0.25],
    ['workloads.backend.containers.backend.cpu', 0, 'schema/too-small', 'use a value greater than 0', 0.25],
  ])('%s: %p (a fractional field, exclusive bound): %s', (at, bad, rule, hint, good) => {
    const set = (e: any, v: unknown) => {
      const keys = at.split('.');
      const parent = keys.slice(0, -1).reduce((o, k) => (o[k] ??= {}), e);
      parent[keys[keys.length - 1]] = v;
    };
    expect(fixOf(at, (e) => set(e, bad))).toMatchObject({ rule, hint });
    expect(findingsOf((e) => set(e, good)).filter((x) => x.path.join('.') === at)).toEqual([]);
  });

  test.each([
    ['workloads.backend.utilization.cpu', 0],
    ['workloads.worker.concurrency.maxConcurrentJobs', 0],
    ['workloads.worker.scaleUp.pods', 0],
    ['workloads.backend.replicas.min', 0],
    ['workloads.backend.scaleUp.percent', 3e9],
    ['alerting.hpa.flapping.reversals', 1],
  ])('%s: %p: the number the fix names is accepted', (at, bad) => {
    const set = (e: any, v: unknown) => {
      const keys = at.split('.');
      const parent = keys.slice(0, -1).reduce((o, k) => (o[k] ??= {}), e);
      parent[keys[keys.length - 1]] = v;
    };
    const hint = fixOf(at, (e) => set(e, bad)).hint!;
    const named = /^use at (?:least|most) (-?\d+)$/.exec(hint);
    expect(named).not.toBeNull();
    expect(findingsOf((e) => set(e, Number(named![1]))).filter((x) => x.path.join('.') === at && x.rule.startsWith('schema/'))).toEqual([]);
  });
});

describe('int-or-percent fields take what the API server takes', () => {
  test.each([
    ['PDB maxUnavailable 100%', (e: any) => { e.workloads.backend.disruptionBudget = { maxUnavailable: '100%' }; }, []],
    ['PDB maxUnavailable 150%', (e: any) => { e.workloads.backend.disruptionBudget = { maxUnavailable: '150%' }; }, ['schema/too-big']],
    ['PDB minAvailable 0150% (leading zero, still 150)', (e: any) => { e.workloads.backend.disruptionBudget = { minAvailable: '0150%' }; }, ['schema/too-big']],
    ['rollout maxSurge 200% (no cap on a surge)', (e: any) => { e.workloads.backend.simulation = { rollout: { at: '10m', maxSurge: '200%' } }; }, []],
    ['rollout maxUnavailable 101%', (e: any) => { e.workloads.backend.simulation = { rollout: { at: '10m', maxUnavailable: '101%' } }; }, ['schema/too-big']],
  ])('%s', (_name, mutate, rules) => {
    expect(rulesOf(mutate)).toEqual(rules);
  });

  test('the finding is at the config line of the value, with a fix in range', () => {
    const f = findingsOf((e) => { e.workloads.backend.disruptionBudget = { maxUnavailable: '150%' }; });
    expect(f).toEqual([expect.objectContaining({
      path: ['workloads', 'backend', 'disruptionBudget', 'maxUnavailable'], rule: 'schema/too-big',
      message: 'must be at most 100% (the API server rejects a larger percentage for a PodDisruptionBudget bound)',
      hint: 'use a percentage from 0% to 100%, or a whole number',
    })]);
    expect(formatFinding(f[0])).toMatch(/^config\/production\.yaml:\d+:\d+: error workloads\.backend\.disruptionBudget\.maxUnavailable: /);
  });
});

describe('alerting thresholds and windows against the HPAs and scrapes they watch', () => {
  const alertingFindings = (mutate: (env: any) => void) => findingsOf(mutate).filter((f) => f.rule.startsWith('alerting/'));

  test('the shipped configuration has none', () => {
    expect(alertingFindings(() => undefined)).toEqual([]);
  });

  test('saturation: 0.44 x 25 = 11 jobs is what the HPA holds (10 + 10 %), a finding; 0.45 x 25 = 11.25 is above it', () => {
    expect(alertingFindings((e) => { e.alerting.workers = { saturation: 0.44 }; }).map((f) => f.rule)).toEqual(['alerting/threshold-within-target']);
    expect(alertingFindings((e) => { e.alerting.workers = { saturation: 0.45 }; })).toEqual([]);
  });

  test('pinnedAtMinimum.factor: 1.1 is inside the tolerance band, 1.11 is past it', () => {
    expect(alertingFindings((e) => { e.alerting.hpa.pinnedAtMinimum = { factor: 1.1 }; }).map((f) => f.rule)).toEqual(['alerting/threshold-within-tolerance']);
    expect(alertingFindings((e) => { e.alerting.hpa.pinnedAtMinimum = { factor: 1.11 }; })).toEqual([]);
  });

  test('windows: 2m is 4 scrapes of 30s (accepted), 1m59s is not; a flapping window of 5m holds 10 reversals recorded one per 30s scrape, 4m59s does not', () => {
    expect(alertingFindings((e) => { e.alerting.workers = { backlogWindow: '2m' }; e.alerting.resourceRateWindow = '2m'; })).toEqual([]);
    expect(alertingFindings((e) => { e.alerting.workers = { backlogWindow: '1m59s' }; e.alerting.resourceRateWindow = '1m59s'; }).map((f) => f.path.join('.')).sort())
      .toEqual(['alerting.resourceRateWindow', 'alerting.workers.backlogWindow']);
    const errors = (window: string) => alertingFindings((e) => { e.alerting.hpa.flapping = { window, reversals: 10 }; }).filter((f) => f.severity === 'error').map((f) => f.rule);
    expect(errors('4m59s')).toEqual(['alerting/flapping-window']);
    expect(errors('5m')).toEqual([]);
    // The default 4 reversals fit in 2m (4 scrapes, the shortest window accepted at all).
    expect(alertingFindings((e) => { e.alerting.hpa.flapping = { window: '2m' }; }).filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('a scale-down stabilization longer than half the flapping window is a warning: that HPA cannot flap 4 times in it, by design', () => {
    const f = alertingFindings((e) => { e.workloads.backend.scaleDown.stabilization = '59m59s'; });
    expect(f.map((x) => [x.rule, x.severity, x.path.join('.')])).toEqual([['alerting/flapping-window', 'warning', 'alerting.hpa.flapping.window']]);
    expect(f[0].message).toContain('workload "backend"');
    expect(f[0].hint).toBe('set it to at least 7198s to watch this workload, or lower alerting.hpa.flapping.reversals');
  });
});

describe('a use case promises a rate the arithmetic and the simulator can take', () => {
  test('concurrentUsers x requestsPerUserPerSecond past 1e9 req/s is usecase/rate-range at requestsPerUserPerSecond (capacity read "Infinity pods", exit 0)', () => {
    const f = findingsOf((e) => { e.workloads.backend.useCase.concurrentUsers = 9007199254740991; e.workloads.backend.useCase.requestsPerUserPerSecond = 1e300; });
    expect(f).toEqual([expect.objectContaining({ rule: 'usecase/rate-range', path: ['workloads', 'backend', 'useCase', 'requestsPerUserPerSecond'] })]);
    expect(f[0].message).toContain('beyond any number');
    expect(rulesOf((e) => { e.workloads.backend.useCase.concurrentUsers = 1000000; e.workloads.backend.useCase.requestsPerUserPerSecond = 1001; })).toEqual(['usecase/rate-range']);
    // The edge is allowed: 1e9 req/s exactly.
    expect(rulesOf((e) => { e.workloads.backend.useCase.concurrentUsers = 1000000; e.workloads.backend.useCase.requestsPerUserPerSecond = 1000; })).not.toContain('usecase/rate-range');
  });
});
