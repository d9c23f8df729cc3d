// prometheus-adapter queries proved on a real Prometheus: every rule of the synthesized helm values,
// rendered for the HPA's requests as the adapter renders them, evaluated by `promtool test rules`
// on series generated from the catalogue (with decoys).
import * as path from 'path';
import { environmentFiles, loadEnvironmentFile } from '../../lib/config/load';
import { Environment } from '../../lib/config/schema';
import { MetricCatalogue } from '../../lib/metrics/catalogue';
import { CONFIG_DIR, PRODUCTION_FILE, productionCopy } from '../support';
import { adapterProof, AdapterProof, ProofOptions, recordName, synthesized } from './adapter-proof';
import { assertPromtool, checkRules, cleanUp, removeScratch, testRules } from './support';

const production = (): Environment => loadEnvironmentFile(PRODUCTION_FILE).env;

/** Runs the proof through promtool; returns promtool's output, failing with it when `pass` differs. */
function prove(proof: AdapterProof, pass = true): string {
  const result = testRules(proof.groups, proof.tests, proof.evaluationInterval);
  if (result.ok !== pass) throw new Error(`promtool test rules ${result.ok ? 'passed' : 'failed'} (files in ${result.dir}):\n${result.output}`);
  removeScratch(result); // the outcome was the expected one, a negative control's failure included
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

  test('custom metrics: the namespace and a pod regex of the selected pods, grouped by pod', () => {
    const backend = proof.scrape.workloads.find((w) => w.deployment === 'luneo-backend')!;
    const http = proof.requests.find((r) => r.metric === 'http_requests_per_second')!;
    expect(http.query).toBe(`sum(rate(http_requests_total{namespace="luneo-production",pod=~"${backend.selected.join('|')}"}[2m])) by (pod)`);
  });

  test('external metrics: the HPA selector requirements, then the HPA namespace', () => {
    const queue = proof.requests.find((r) => r.metric === 'luneo_queue_depth')!;
    expect(queue.query).toBe('max(luneo_queue_jobs_waiting{queue="render",namespace="luneo-production"}) by (queue)');
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

describe.each(environmentFiles(CONFIG_DIR).map((file) => [path.basename(file), file]))('%s: every adapter rule on a real Prometheus', (_name, file) => {
  const env = loadEnvironmentFile(file).env;
  const proof = proofOf(env);

  test('every catalogue metric of a scraped workload becomes a request and a query promtool parses', () => {
    const scraped = new MetricCatalogue(env.metrics).metrics.filter((m) => env.workloads[m.definition.workload]?.scrape);
    expect(proof.requests.map((r) => r.metric).sort()).toEqual(scraped.map((m) => m.name).sort());
    const result = checkRules(proof.groups);
    expect(result.output).toContain(`SUCCESS: ${proof.requests.length} rules found`);
    cleanUp(result);
  });

  test('promtool test rules: the expected value per pod / per queue, no decoy', () => {
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
  /** Production plus an indexer scaled on a queue whose exporter is scraped in namespace luneo-queues. */
  function withCrossNamespaceQueue(): Environment {
    const env = productionCopy();
    const indexer = JSON.parse(JSON.stringify(env.workloads.worker));
    delete indexer.concurrency;
    delete indexer.useCase;
    Object.assign(indexer, {
      component: 'indexer', deployment: 'luneo-indexer', hpa: 'luneo-indexer-hpa',
      podSelector: { 'app.kubernetes.io/name': 'luneo-indexer' },
      scrape: { ...indexer.scrape, namespace: 'luneo-queues', selector: { 'app.kubernetes.io/name': 'luneo-queue-exporter' } },
    });
    env.workloads.indexer = indexer;
    env.metrics.luneo_index_queue_depth = {
      ...env.metrics.luneo_queue_depth, description: 'Jobs waiting in the index queue', workload: 'indexer',
      namespace: 'luneo-queues', series: 'luneo_index_jobs_waiting', matchLabels: { queue: 'index' },
    };
    if (env.budget) env.budget = { cpu: '1000', memory: '4000Gi' };
    return env;
  }

  test('a metric naming the namespace its series live in is found there, not in the HPA namespace', () => {
    const proof = proofOf(withCrossNamespaceQueue());
    const queue = proof.requests.find((r) => r.metric === 'luneo_index_queue_depth')!;
    expect(queue.rule.resources.namespaced).toBe(false);
    expect(queue.query).toContain('namespace="luneo-queues"');
    expect(queue.query).not.toContain('namespace="luneo-production"');
    expect(proof.scrape.metrics.find((m) => m.metric.name === 'luneo_index_queue_depth')!.namespace).toBe('luneo-queues');
    // The decoy copy of the queue gauge lives in the HPA's own namespace.
    expect(proof.scrape.input.some((s) => s.series.startsWith('luneo_index_jobs_waiting{') && s.series.includes('namespace="luneo-production"'))).toBe(true);
    expect(prove(proof)).toContain('SUCCESS');
  });

  test('the same rule, namespaced as by default, reads the HPA namespace and finds only the decoy', () => {
    const proof = proofOf(withCrossNamespaceQueue(), {
      editRules: (rules) => {
        const rule = rules.external.find((r) => r.name?.as === 'luneo_index_queue_depth')!;
        rule.resources = { overrides: rule.resources.overrides };
        rule.metricsQuery = rule.metricsQuery.replace(/namespace="luneo-queues",?/, '');
      },
    });
    expect(proof.requests.find((r) => r.metric === 'luneo_index_queue_depth')!.query).toContain('namespace="luneo-production"');
    expect(prove(proof, false)).toContain('luneo_index_queue_depth');
  });
});

describe('matchLabels on a Pods metric reach the query through the HPA metric selector', () => {
  /** Production with `matchLabels: { queue: render }` on the worker's active jobs (a Pods metric). */
  function activeRenderJobs(): Environment {
    const env = productionCopy();
    env.metrics.luneo_worker_active_jobs.matchLabels = { queue: 'render' };
    return env;
  }

  test('the HPA carries pods.metric.selector and the adapter renders it into <<.LabelMatchers>>', () => {
    const proof = proofOf(activeRenderJobs());
    const active = proof.requests.find((r) => r.metric === 'luneo_worker_active_jobs')!;
    const worker = proof.scrape.workloads.find((w) => w.deployment === 'luneo-worker')!;
    expect(active.query).toBe(`sum(luneo_worker_active_jobs{queue="render",namespace="luneo-production",pod=~"${worker.selected.join('|')}"}) by (pod)`);
    // Another queue's active jobs on the same pods is a decoy the proof must not count.
    expect(proof.scrape.input.some((s) => s.series.startsWith('luneo_worker_active_jobs{') && s.series.includes('queue="other-render"'))).toBe(true);
    expect(prove(proof)).toContain('SUCCESS');
  });

  test('without the selector (matchers in seriesQuery only) the HPA would sum every queue: the proof fails', () => {
    const env = activeRenderJobs();
    const { hpas } = synthesized(env);
    const metric = hpas.find((h) => h.metadata.name === 'luneo-worker-hpa')!.spec.metrics!.find((m) => m.pods?.metric.name === 'luneo_worker_active_jobs')!;
    expect(metric.pods!.metric.selector).toEqual({ matchLabels: { queue: 'render' } });
    const proof = proofOf(env);
    const unselected = { ...proof, requests: proof.requests.map((r) => (r.metric === 'luneo_worker_active_jobs' ? { ...r, query: r.query.replace('queue="render",', '') } : r)) };
    unselected.groups = [{ ...proof.groups[0], rules: unselected.requests.map((r) => ({ record: recordName(r), expr: r.query })) }];
    expect(prove(unselected, false)).toContain('luneo_worker_active_jobs');
  });
});

describe('pods of Deployments with long names, named as the API server names them', () => {
  test('a 56-character Deployment: the generated names are cut to 58 characters and still selected', () => {
    const env = productionCopy();
    env.workloads.backend.deployment = 'luneo-backend-embed-widget-read-api-europe-west1-primary';
    env.workloads.worker.deployment = 'luneo-worker-render-queue-consumer-europe-west1-primary-pool';
    const proof = proofOf(env);
    const backend = proof.scrape.workloads.find((w) => w.workload === 'backend')!;
    expect(backend.selected.every((p) => p.length === 63 && p.startsWith('luneo-backend-embed-widget-read-api-europe-west1-primary-'))).toBe(true);
    expect(prove(proof)).toContain('SUCCESS');
  });
});
