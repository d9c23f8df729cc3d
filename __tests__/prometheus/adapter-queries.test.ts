// prometheus-adapter queries proved on a real Prometheus: every rule of the synthesized helm values,
// rendered for the HPA's requests as the adapter renders them, evaluated by `promtool test rules`
// on series generated from the catalogue (with decoys).
import { loadEnvironmentFile } from '../../lib/config/load';
import { Environment } from '../../lib/config/schema';
import { MetricCatalogue } from '../../lib/metrics/catalogue';
import { PRODUCTION_FILE, productionCopy } from '../support';
import { adapterProof, AdapterProof, ProofOptions, recordName } from './adapter-proof';
import { assertPromtool, checkRules, cleanUp, testRules } from './support';

const production = (): Environment => loadEnvironmentFile(PRODUCTION_FILE).env;

/** Runs the proof through promtool; returns promtool's output, failing with it when `pass` differs. */
function prove(proof: AdapterProof, pass = true): string {
  const result = testRules(proof.groups, proof.tests, proof.evaluationInterval);
  if (result.ok !== pass) throw new Error(`promtool test rules ${result.ok ? 'passed' : 'failed'} (files in ${result.dir}):\n${result.output}`);
  cleanUp(result);
  return result.output;
}

function proofOf(env: Environment, options?: ProofOptions): AdapterProof {
  return adapterProof(env, options);
}

/** A float as promtool prints it (Go's strconv 'E' format): 960 -> 9.6E+02. */
function goExponent(n: number): string {
  const [mantissa, exponent] = n.toExponential().split('e');
  const e = Number(exponent);
  return `${mantissa}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
}

beforeAll(() => {
  assertPromtool();
});

describe('production adapter rules on a real Prometheus', () => {
  const proof = proofOf(production());

  test('every catalogue metric is asked for by an HPA and rendered into a query', () => {
    const catalogue = new MetricCatalogue(production().metrics);
    expect(proof.requests.map((r) => r.metric).sort()).toEqual(catalogue.metrics.map((m) => m.name).sort());
  });

  test('custom metrics: the namespace and a pod regex of the selected pods, grouped by pod', () => {
    const backend = proof.scrape.workloads.find((w) => w.deployment === 'luneo-backend')!;
    const http = proof.requests.find((r) => r.metric === 'http_requests_per_second')!;
    expect(http.query).toBe(`sum(rate(http_requests_total{namespace="luneo-production",pod=~"${backend.selected.join('|')}"}[2m])) by (pod)`);
  });

  test('external metrics: the HPA selector requirements, then the HPA namespace', () => {
    const queue = proof.requests.find((r) => r.metric === 'luneo_queue_depth')!;
    expect(queue.query).toBe('max(luneo_queue_jobs_waiting{queue="render",namespace="luneo-production"}) by (queue)');
  });

  test('promtool check rules parses every rendered query', () => {
    const result = checkRules(proof.groups);
    expect(result.output).toContain(`SUCCESS: ${proof.requests.length} rules found`);
    expect(result.ok).toBe(true);
    cleanUp(result);
  });

  test('one value per selected pod at its per-second rate, the shared-queue backlog once', () => {
    const backend = proof.scrape.workloads.find((w) => w.deployment === 'luneo-backend')!;
    const rates = proof.expected.get('adapter:http_requests_per_second:luneo_backend_hpa')!;
    expect(rates.map((s) => s.labels)).toEqual(backend.selected.map((pod) => ({ pod })));
    expect(new Set(rates.map((s) => s.value)).size).toBe(3);
    // Every worker pod (and the canary) exports the same backlog gauge; the HPA must see it once.
    const backlog = proof.expected.get('adapter:luneo_queue_depth:luneo_worker_hpa')!;
    const copies = proof.scrape.input.filter((s) => s.series.startsWith('luneo_queue_jobs_waiting{') && s.series.includes('namespace="luneo-production"') && s.series.includes('queue="render"'));
    expect(backlog).toEqual([{ labels: { queue: 'render' }, value: Number(copies[0].values.split(' ')[0]) }]);
    expect(copies.length).toBe(4);
    expect(new Set(copies.map((s) => s.values)).size).toBe(1);
    expect(prove(proof)).toContain('SUCCESS');
  });
});

describe('the proof fails when a query would pick up a decoy', () => {
  const base = proofOf(production());
  const backlog = base.expected.get('adapter:luneo_queue_depth:luneo_worker_hpa')![0].value;

  test('summing the shared-queue gauge multiplies the backlog by the exporting pods', () => {
    const proof = proofOf(production(), {
      editRules: (rules) => { rules.external[0].metricsQuery = rules.external[0].metricsQuery.replace(/^max\(/, 'sum('); },
    });
    const output = prove(proof, false);
    expect(output).toContain(`got: {queue="render"} ${goExponent(4 * backlog)}`);
  });

  test('an external rule that ignores the namespace reads the same queue of another namespace', () => {
    const proof = proofOf(production(), { editRules: (rules) => { (rules.external[0].resources as any).namespaced = false; } });
    expect(proof.requests.find((r) => r.metric === 'luneo_queue_depth')!.query).not.toContain('namespace=');
    expect(prove(proof, false)).toContain('luneo_queue_depth');
  });

  test('a custom query without the namespace adds the same pod name of another namespace', () => {
    const proof = proofOf(production(), {
      editRules: (rules) => { rules.custom[0].metricsQuery = 'sum(rate(<<.Series>>{pod=~"<<.LabelValuesByName.pod>>"}[2m])) by (pod)'; },
    });
    expect(prove(proof, false)).toContain('http_requests_per_second');
  });

  test('a custom query without the pod matcher adds the pod the HPA does not select', () => {
    const proof = proofOf(production(), {
      editRules: (rules) => { rules.custom[1].metricsQuery = 'sum(<<.Series>>{namespace="<<.LabelValuesByName.namespace>>"}) by (pod)'; },
    });
    expect(prove(proof, false)).toContain('canary');
  });
});

describe('a new catalogue metric is covered without a new test', () => {
  test('metrics added to a copy of production get series, requests and a passing proof', () => {
    const env = productionCopy();
    env.metrics.luneo_backend_inflight_requests = {
      description: 'Requests a backend pod is serving right now', unit: 'requests', workload: 'backend',
      series: 'luneo_http_inflight_requests', seriesType: 'gauge', api: 'custom', target: { averageValue: '40' },
    };
    env.metrics.luneo_render_jobs_enqueued = {
      description: 'Render jobs enqueued per second, all queues', unit: 'jobs/s', workload: 'worker',
      series: 'luneo_jobs_enqueued_total', seriesType: 'counter', rateWindow: '5m', api: 'external',
      aggregation: 'sum', groupBy: ['queue'], target: { averageValue: '3' },
    };
    const proof = proofOf(env);
    const names = proof.requests.map((r) => r.metric);
    expect(names).toEqual(expect.arrayContaining(['luneo_backend_inflight_requests', 'luneo_render_jobs_enqueued']));
    const enqueued = proof.requests.find((r) => r.metric === 'luneo_render_jobs_enqueued')!;
    // Parts summed across pods, one value per queue (two generated queues).
    expect(proof.expected.get(recordName(enqueued))!.map((s) => s.labels)).toEqual([{ queue: 'queue-a' }, { queue: 'queue-b' }]);
    expect(proof.groups[0].rules.map((r) => ('record' in r ? r.record : ''))).toContain(recordName(enqueued));
    expect(prove(proof)).toContain('SUCCESS');
  });
});

describe('cross-namespace external metrics (rule not namespaced, explicit namespace matcher)', () => {
  // The rule shape issue 7 §3 prescribes; built here from a catalogue whose metric names the
  // namespace its series live in, until the config accepts that field.
  test('the series of the named namespace are found, the HPA namespace copy is not', () => {
    const env = production();
    const defs = JSON.parse(JSON.stringify(env.metrics));
    defs.luneo_queue_depth.namespace = 'luneo-queues';
    const proof = proofOf(env, {
      catalogue: new MetricCatalogue(defs),
      editRules: (rules) => {
        const rule = rules.external[0] as any;
        rule.resources = { ...rule.resources, namespaced: false };
        rule.metricsQuery = 'max(<<.Series>>{namespace="luneo-queues",<<.LabelMatchers>>}) by (queue)';
      },
    });
    const queue = proof.requests.find((r) => r.metric === 'luneo_queue_depth')!;
    expect(queue.query).toBe('max(luneo_queue_jobs_waiting{namespace="luneo-queues",queue="render"}) by (queue)');
    expect(proof.scrape.metrics.find((m) => m.metric.name === 'luneo_queue_depth')!.namespace).toBe('luneo-queues');
    expect(prove(proof)).toContain('SUCCESS');
  });
});
