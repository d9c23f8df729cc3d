import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { runSynth } from '../lib/output/synth-command';
import { CONFIG_DIR, PRODUCTION_FILE, productionCopy, readTree, tempDir } from './support';

/**
 * The bad-input corpus: one case per rule. Each runs the real synth command in-process against a
 * dist/ that holds a previous synth, and asserts exit 1, the field path and the rule in the
 * message, and a byte-identical dist/.
 */
type Env = any;
interface Case {
  /** Rule id, as printed in brackets. */
  rule: string;
  /** Field path as printed, followed by ":". */
  path: string;
  /** A text edit of production.yaml, or a mutation of its parsed content, or its bytes. */
  edit?: (text: string) => string;
  bytes?: (text: string) => Buffer;
  mutate?: (env: Env) => void;
  /** Message fragment. */
  says?: RegExp;
  /** Best-practice rules fail only under --strict. */
  strict?: boolean;
  /** Files of the config dir written beside (or instead of) the effective production.yaml. */
  files?: Record<string, string>;
  /** The file the finding must name (default production). */
  file?: string;
}

const productionText = fs.readFileSync(PRODUCTION_FILE, 'utf-8');
/** 1-based line of the first line of production.yaml holding `needle`. */
const lineOf = (needle: string) => productionText.split('\n').findIndex((l) => l.includes(needle)) + 1;
const BASE_TEXT = fs.readFileSync(path.join(CONFIG_DIR, '_base.yaml'), 'utf-8');
const OVERLAY_TEXT = fs.readFileSync(path.join(CONFIG_DIR, 'production.yaml'), 'utf-8');
const STAGING_TEXT = fs.readFileSync(path.join(CONFIG_DIR, 'staging.yaml'), 'utf-8');
const backend = (e: Env) => e.workloads.backend;
const worker = (e: Env) => e.workloads.worker;

const CASES: Record<string, Case> = {
  'YAML syntax': { rule: 'yaml/syntax', path: 'budget', edit: (t) => t.replace('namespace: luneo-production', 'namespace: [luneo-production'), says: /Flow sequence/ },
  'duplicate key': { rule: 'yaml/duplicate-key', path: 'workloads.worker.hpa', edit: (t) => t.replace('    hpa: luneo-worker-hpa', '    hpa: luneo-worker-hpa\n    hpa: other'),
    says: new RegExp(`:${lineOf('    hpa: luneo-worker-hpa') + 1}:5: .*key "hpa" is defined twice`) },
  'alias bomb': { rule: 'yaml/alias-limit', path: 'workloads.backend.useCase.l1[0]', says: /more than 100 nodes/,
    edit: (t) => t.replace('      description: 10k concurrent users of read-only embed widget flows', [
      '      l0: &l0 [x, x, x, x, x, x, x, x, x, x]',
      ...[1, 2, 3, 4, 5, 6].map((i) => `      l${i}: &l${i} [${Array(10).fill(`*l${i - 1}`).join(', ')}]`),
    ].join('\n')) },
  'nesting too deep': { rule: 'yaml/too-deep', path: 'workloads.backend.useCase.description', says: /nests too deeply/,
    edit: (t) => t.replace('      description: 10k concurrent users of read-only embed widget flows', `      description: ${'['.repeat(5000)}${']'.repeat(5000)}`) },
  'merge key': { rule: 'yaml/merge-key', path: 'workloads.worker.scaleDown["<<"]', says: /merge keys/,
    edit: (t) => t.replace(/scaleUp: \{ (percent: 50[^}]*)\}/, 'scaleUp: &up { $1}').replace(/scaleDown: \{ percent: 25[^}]*\}/, 'scaleDown:\n      <<: *up\n      percent: 25') },
  'unknown alias': { rule: 'yaml/unknown-alias', path: 'prometheus.port', edit: (t) => t.replace('  port: 9090', '  port: *port'), says: /\*port names no anchor/ },
  'two documents': { rule: 'yaml/multiple-documents', path: '(root)', edit: (t) => `${t}---\nenvironment: staging\n` },
  'custom tag': { rule: 'yaml/unsupported-tag', path: 'namespace', edit: (t) => t.replace('namespace: luneo-production', 'namespace: !env NAMESPACE'), says: /!env/ },
  'collection as key': { rule: 'yaml/complex-key', path: 'prometheus', edit: (t) => t.replace('  port: 9090', '  port: 9090\n  ? [a, b]\n  : 1') },
  'empty file': { rule: 'config/empty-file', path: '(root)', edit: () => '# nothing here yet\n', says: /:1:1: / },
  'invalid UTF-8': { rule: 'config/encoding', path: '(root)', says: new RegExp(`:${lineOf('namespace: luneo-production')}:17: .*invalid UTF-8 \\(byte 0xe9\\)`),
    bytes: (t) => Buffer.concat([Buffer.from(t.slice(0, t.indexOf('luneo-production') + 5)), Buffer.from([0xe9]), Buffer.from(t.slice(t.indexOf('luneo-production') + 5))]) },
  'maxReplicas above int32': { rule: 'schema/too-big', path: 'workloads.worker.replicas.max', mutate: (e) => { worker(e).replicas.max = 2147483648; }, says: /at most 2147483647 \(maxReplicas is an int32/ },
  'minReplicas above int32': { rule: 'schema/too-big', path: 'workloads.worker.replicas.min', mutate: (e) => { worker(e).replicas = { min: 2 ** 31, max: 2 ** 31 }; }, says: /minReplicas is an int32/ },
  'policy pods above int32': { rule: 'schema/too-big', path: 'workloads.backend.scaleUp.pods', mutate: (e) => { backend(e).scaleUp.pods = 4294967296; }, says: /scaling policy value is an int32/ },
  'percent above int32': { rule: 'schema/too-big', path: 'workloads.backend.scaleUp.percent', mutate: (e) => { backend(e).scaleUp.percent = 3e9; }, says: /percentage is an int32/ },
  'quantity beyond int64 milli-units': { rule: 'schema/rule', path: 'metrics.luneo_queue_depth.target.averageValue', mutate: (e) => { e.metrics.luneo_queue_depth.target.averageValue = '10P'; }, says: /at most 9223372036854775807m/ },
  'quantity exponent bomb': { rule: 'schema/rule', path: 'workloads.worker.containers.worker.memory', mutate: (e) => { worker(e).containers.worker.memory = '1e999999999'; }, says: /int64 milli-units/ },
  'CPU request a tiny unquoted number (1e-41)': { rule: 'schema/rule', path: 'workloads.worker.containers.worker.cpu', mutate: (e) => { worker(e).containers.worker.cpu = 1e-41; }, says: /whole number of milli-units/ },
  'CPU request an unquoted 1e-300': { rule: 'schema/rule', path: 'workloads.worker.containers.worker.cpu', mutate: (e) => { worker(e).containers.worker.cpu = 1e-300; }, says: /whole number of milli-units/ },
  'CPU request an unquoted 1e-5': { rule: 'schema/rule', path: 'workloads.worker.containers.worker.cpu', mutate: (e) => { worker(e).containers.worker.cpu = 1e-5; }, says: /whole number of milli-units/ },
  'CPU request an unquoted 1.0005': { rule: 'schema/rule', path: 'workloads.worker.containers.worker.cpu', mutate: (e) => { worker(e).containers.worker.cpu = 1.0005; }, says: /whole number of milli-units/ },
  'quantity finer than 1m': { rule: 'schema/rule', path: 'metrics.luneo_queue_depth.target.averageValue', mutate: (e) => { e.metrics.luneo_queue_depth.target.averageValue = '0.0005'; }, says: /whole number of milli-units/ },
  'unknown key': { rule: 'schema/unknown-key', path: 'workloads.worker.maxReplica', mutate: (e) => { worker(e).maxReplica = 30; } },
  'wrong type': { rule: 'schema/type', path: 'workloads.backend.replicas.min', mutate: (e) => { backend(e).replicas.min = 'three'; }, says: /must be number/ },
  'missing field': { rule: 'schema/required', path: 'workloads.backend.deployment', mutate: (e) => { delete backend(e).deployment; } },
  'bad enum': { rule: 'schema/enum', path: 'workloads.worker.scaleDown.select', mutate: (e) => { worker(e).scaleDown.select = 'Smallest'; } },
  'object name not DNS-1123': { rule: 'schema/invalid-format', path: 'workloads.worker.hpa', mutate: (e) => { worker(e).hpa = 'Luneo_Worker'; }, says: /RFC 1123/ },
  'object name too long': { rule: 'schema/too-big', path: 'workloads.worker.deployment', mutate: (e) => { worker(e).deployment = 'a'.repeat(64); }, says: /63 characters/ },
  'namespace invalid': { rule: 'schema/invalid-format', path: 'namespace', mutate: (e) => { e.namespace = 'Luneo Production'; } },
  'label value invalid': { rule: 'schema/invalid-format', path: 'workloads.worker.scrape.selector["app.kubernetes.io/name"]', mutate: (e) => { worker(e).scrape.selector['app.kubernetes.io/name'] = 'luneo worker!'; }, says: /label value/ },
  'label key invalid': { rule: 'schema/invalid-key', path: 'prometheus.monitorSelector["bad key!"]', says: /qualified name/, mutate: (e) => { e.prometheus.monitorSelector = { 'bad key!': 'x' }; } },
  'duration syntax': { rule: 'schema/invalid-format', path: 'workloads.worker.scrape.interval', mutate: (e) => { worker(e).scrape.interval = 'soon'; }, says: /duration/ },
  'quantity syntax': { rule: 'schema/invalid-format', path: 'metrics.luneo_queue_depth.target.averageValue', mutate: (e) => { e.metrics.luneo_queue_depth.target.averageValue = '50 jobs'; }, says: /Kubernetes quantity/ },
  'target not positive': { rule: 'schema/rule', path: 'metrics.luneo_worker_active_jobs.target.averageValue', mutate: (e) => { e.metrics.luneo_worker_active_jobs.target.averageValue = '0'; }, says: /greater than 0/ },
  'request not positive': { rule: 'schema/rule', path: 'workloads.backend.containers.backend.cpu', mutate: (e) => { backend(e).containers.backend.cpu = '-500m'; }, says: /greater than 0/ },
  'minReplicas < 1': { rule: 'schema/too-small', path: 'workloads.backend.replicas.min', mutate: (e) => { backend(e).replicas.min = 0; }, says: /at least 1 \(minReplicas\)/ },
  'maxReplicas < 1': { rule: 'schema/too-small', path: 'workloads.backend.replicas.max', mutate: (e) => { backend(e).replicas.max = 0; }, says: /at least 1 \(maxReplicas\)/ },
  'max < min': { rule: 'schema/rule', path: 'workloads.backend.replicas.max', mutate: (e) => { backend(e).replicas = { min: 10, max: 5 }; }, says: /greater than or equal to min/ },
  'utilization not positive': { rule: 'schema/too-small', path: 'workloads.backend.utilization.cpu', mutate: (e) => { backend(e).utilization.cpu = 0; } },
  'utilization fractional': { rule: 'schema/value', path: 'workloads.backend.utilization.cpu', mutate: (e) => { backend(e).utilization.cpu = 70.5; }, says: /whole number of percent|int/ },
  'policy period > 1800s': { rule: 'schema/rule', path: 'workloads.backend.scaleUp.every', mutate: (e) => { backend(e).scaleUp.every = '3600s'; }, says: /between 1s and 1800s/ },
  'stabilization > 3600s': { rule: 'schema/rule', path: 'workloads.backend.scaleDown.stabilization', mutate: (e) => { backend(e).scaleDown.stabilization = '2h'; }, says: /at most 3600s/ },
  'no policy unless Disabled': { rule: 'schema/rule', path: 'workloads.worker.scaleUp', mutate: (e) => { delete worker(e).scaleUp.percent; delete worker(e).scaleUp.pods; }, says: /needs `percent` or `pods`/ },
  'policy value not positive': { rule: 'schema/too-small', path: 'workloads.worker.scaleUp.pods', mutate: (e) => { worker(e).scaleUp.pods = 0; } },
  'counter without rate window': { rule: 'schema/rule', path: 'metrics.http_requests_per_second.rateWindow', mutate: (e) => { delete e.metrics.http_requests_per_second.rateWindow; }, says: /required for a counter/ },
  'gauge with rate window': { rule: 'schema/rule', path: 'metrics.luneo_worker_active_jobs.rateWindow', mutate: (e) => { e.metrics.luneo_worker_active_jobs.rateWindow = '2m'; } },
  'external without aggregation': { rule: 'schema/rule', path: 'metrics.luneo_queue_depth.aggregation', mutate: (e) => { delete e.metrics.luneo_queue_depth.aggregation; }, says: /max for a shared queue gauge/ },
  'custom with aggregation': { rule: 'schema/rule', path: 'metrics.luneo_worker_active_jobs.aggregation', mutate: (e) => { e.metrics.luneo_worker_active_jobs.aggregation = 'sum'; } },
  'series name invalid': { rule: 'schema/invalid-format', path: 'metrics.http_requests_per_second.series', mutate: (e) => { e.metrics.http_requests_per_second.series = 'http-requests'; }, says: /Prometheus metric name/ },
  'metric name invalid': { rule: 'schema/invalid-key', path: 'metrics.http-rps', says: /Prometheus metric name/, mutate: (e) => { e.metrics['http-rps'] = e.metrics.http_requests_per_second; delete e.metrics.http_requests_per_second; } },
  'prometheus url invalid': { rule: 'schema/invalid-format', path: 'prometheus.url', mutate: (e) => { e.prometheus.url = 'prometheus:9090'; } },
  'port out of range': { rule: 'schema/too-big', path: 'prometheus.port', mutate: (e) => { e.prometheus.port = 70000; } },
  'scrape path relative': { rule: 'schema/invalid-format', path: 'workloads.backend.scrape.path', mutate: (e) => { backend(e).scrape.path = 'metrics'; }, says: /must start with/ },
  'no queues': { rule: 'schema/too-small', path: 'workloads.worker.concurrency.queues', mutate: (e) => { worker(e).concurrency.queues = []; } },
  // A rule that does not exist is unknown, not merely stale (it could never silence anything).
  'exception for a rule that does not exist': { rule: 'practice/unknown-rule', path: 'exceptions[0].rule',
    mutate: (e) => { e.exceptions = [{ rule: 'practice/nonexistent-rule', at: 'workloads.backend.replicas.min', reason: 'we know better than this' }]; },
    says: /error exceptions\[0\]\.rule: there is no best-practice rule practice\/nonexistent-rule \[/ },
  'exception for a misspelt rule': { rule: 'practice/unknown-rule', path: 'exceptions[0].rule',
    mutate: (e) => { e.exceptions = [{ rule: 'practice/min-replica-below-2', at: 'workloads.backend.replicas.min', reason: 'we know better than this' }]; },
    says: /there is no best-practice rule practice\/min-replica-below-2; did you mean practice\/min-replicas-below-2\?/ },
  'exception for an error rule': { rule: 'schema/invalid-format', path: 'exceptions[0].rule', mutate: (e) => { e.exceptions = [{ rule: 'catalogue/rate-window', at: 'metrics', reason: 'we know better than this' }]; }, says: /errors cannot be excepted/ },
  'exception without a reason': { rule: 'schema/too-small', path: 'exceptions[0].reason', mutate: (e) => { e.exceptions = [{ rule: 'practice/single-metric', at: 'workloads', reason: 'ok' }]; } },

  'metric of an unknown workload': { rule: 'catalogue/unknown-workload', path: 'metrics.luneo_queue_depth.workload', mutate: (e) => { e.metrics.luneo_queue_depth.workload = 'workers'; } },
  'rate window < 4 scrapes': { rule: 'catalogue/rate-window', path: 'metrics.http_requests_per_second.rateWindow', mutate: (e) => { e.metrics.http_requests_per_second.rateWindow = '1m'; }, says: /fewer than 4 scrapes/ },
  'series nobody scrapes': { rule: 'catalogue/unscraped-series', path: 'metrics.luneo_queue_depth.workload', mutate: (e) => { delete worker(e).scrape; } },
  'PodMonitor port not IANA_SVC_NAME': { rule: 'scrape/port-name', path: 'workloads.worker.scrape.port',
    mutate: (e) => { worker(e).scrape.kind = 'PodMonitor'; worker(e).scrape.port = 'worker-http-metrics'; }, says: /container port name \(IANA_SVC_NAME\): it must be at most 15 characters/ },
  'ServiceMonitor port not a Service port name': { rule: 'scrape/port-name', path: 'workloads.backend.scrape.port', mutate: (e) => { backend(e).scrape.port = 'Metrics'; }, says: /Service port name/ },
  'query string in the scrape path': { rule: 'scrape/path-query', path: 'workloads.worker.scrape.path', mutate: (e) => { worker(e).scrape.path = '/metrics?format=prometheus'; }, says: /%3F/ },
  'scrape interval zero': { rule: 'scrape/zero-duration', path: 'workloads.backend.scrape.interval', mutate: (e) => { backend(e).scrape.interval = '0s'; }, says: /global default interval/ },
  'scrape interval empty': { rule: 'schema/too-small', path: 'workloads.backend.scrape.interval', mutate: (e) => { backend(e).scrape.interval = ''; }, says: /global default/ },
  'scrape interval units out of order': { rule: 'schema/invalid-format', path: 'workloads.backend.scrape.interval', mutate: (e) => { backend(e).scrape.interval = '30s1m'; }, says: /largest first/ },
  'scrape timeout above interval': { rule: 'scrape/timeout-exceeds-interval', path: 'workloads.backend.scrape.scrapeTimeout',
    mutate: (e) => { backend(e).scrape.scrapeTimeout = '45s'; }, says: /45s is longer than the 30s interval/ },
  'two monitors scrape the same Services': { rule: 'scrape/duplicate-target', path: 'workloads.worker.scrape.selector',
    mutate: (e) => { worker(e).scrape.selector = { ...backend(e).scrape.selector }; }, says: /scraped twice/ },
  'PodMonitor selects none of its pods': { rule: 'scrape/misses-workload', path: 'workloads.worker.scrape.selector["app.kubernetes.io/name"]',
    mutate: (e) => { worker(e).scrape.kind = 'PodMonitor'; worker(e).scrape.selector = { 'app.kubernetes.io/name': 'luneo-workers' }; }, says: /none of them is scraped/ },
  'External metric scraped in another namespace': { rule: 'catalogue/namespace-mismatch', path: 'metrics.luneo_queue_depth.namespace',
    mutate: (e) => { worker(e).scrape.namespace = 'luneo-queues'; }, says: /would always be empty/ },
  'External metric names a namespace nothing scrapes': { rule: 'catalogue/namespace-mismatch', path: 'metrics.luneo_queue_depth.namespace',
    mutate: (e) => { e.metrics.luneo_queue_depth.namespace = 'luneo-queues'; }, says: /names namespace "luneo-queues", but workload "worker"'s scrape collects the series in "luneo-production"/ },
  'namespace matcher on a metric': { rule: 'catalogue/namespace-mismatch', path: 'metrics.luneo_queue_depth.matchLabels.namespace',
    mutate: (e) => { e.metrics.luneo_queue_depth.matchLabels.namespace = 'luneo-queues'; }, says: /a second one makes the query empty/ },
  'namespace on a Pods metric': { rule: 'catalogue/namespace-mismatch', path: 'metrics.luneo_worker_active_jobs.namespace',
    mutate: (e) => { e.metrics.luneo_worker_active_jobs.namespace = 'luneo-queues'; }, says: /only applies to external metrics/ },
  'Pods metric from another namespace': { rule: 'catalogue/namespace-mismatch', path: 'workloads.backend.scrape.namespace', mutate: (e) => { backend(e).scrape.namespace = 'luneo-staging'; } },
  'relist shorter than scrape': { rule: 'adapter/relist-interval', path: 'adapter.metricsRelistInterval', mutate: (e) => { e.adapter.metricsRelistInterval = '15s'; } },
  'two HPAs on one Deployment': { rule: 'workload/duplicate-target', path: 'workloads.worker.deployment', mutate: (e) => { worker(e).deployment = 'luneo-backend'; } },
  'two HPAs with one name': { rule: 'workload/duplicate-hpa', path: 'workloads.worker.hpa', mutate: (e) => { worker(e).hpa = 'luneo-backend-hpa'; } },
  'utilization without requests': { rule: 'workload/requests-undeclared', path: 'workloads.backend.utilization.memory', mutate: (e) => { delete backend(e).containers.backend.memory; }, says: /missing request for memory/ },
  'pod-level target, sidecar without request': { rule: 'workload/missing-container-request', path: 'workloads.backend.utilization.cpu',
    mutate: (e) => { backend(e).containers['istio-proxy'] = { memory: '128Mi' }; }, says: /missing request for cpu in container istio-proxy/ },
  'container target, container undeclared': { rule: 'workload/unknown-container', path: 'workloads.backend.utilization.cpu.container',
    mutate: (e) => { backend(e).utilization.cpu = { percent: 70, container: 'app' }; }, says: /container app not found/ },
  'container target without its request': { rule: 'workload/requests-undeclared', path: 'workloads.backend.utilization.cpu',
    mutate: (e) => { backend(e).containers['istio-proxy'] = { memory: '128Mi' }; backend(e).utilization.cpu = { percent: 70, container: 'istio-proxy' }; },
    says: /missing request for cpu in container istio-proxy/ },
  'workload selector selects another workload': { rule: 'workload/selector-overlap', path: 'workloads.worker.podSelector',
    mutate: (e) => { worker(e).podSelector = { ...backend(e).podSelector }; }, says: /also selects every pod of workload "backend"/ },
  'empty workload selector': { rule: 'schema/rule', path: 'workloads.worker.podSelector', mutate: (e) => { worker(e).podSelector = {}; }, says: /selects everything/ },
  'workload without metrics': { rule: 'workload/no-metrics', path: 'workloads.cron.utilization',
    mutate: (e) => { e.workloads.cron = { ...JSON.parse(JSON.stringify(backend(e))), deployment: 'luneo-cron', hpa: 'luneo-cron-hpa', utilization: {} }; } },
  'peak without concurrency': { rule: 'concurrency/undeclared', path: 'workloads.worker.useCase.peakConcurrentJobs', mutate: (e) => { delete worker(e).concurrency; } },
  'concurrency names no metric': { rule: 'concurrency/unknown-metric', path: 'workloads.worker.concurrency.activeJobsMetric', mutate: (e) => { worker(e).concurrency.activeJobsMetric = 'http_requests_per_second'; } },
  'concurrency cannot reach target': { rule: 'concurrency/active-jobs-unreachable', path: 'workloads.worker.concurrency.maxConcurrentJobs', mutate: (e) => { worker(e).concurrency.maxConcurrentJobs = 10; }, says: /can never trigger a scale-up/ },
  'capacity below peak': { rule: 'concurrency/capacity', path: 'workloads.worker.replicas.max', mutate: (e) => { worker(e).replicas.max = 19; }, says: /19 replicas x 25 jobs = 475/ },
  'two objects with one name': { rule: 'output/name-collision', path: 'workloads.worker.concurrency.configMap', says: /ConfigMap "luneo-worker-concurrency" is also produced by/,
    mutate: (e) => {
      const w2 = JSON.parse(JSON.stringify(worker(e)));
      Object.assign(w2, { deployment: 'luneo-worker2', hpa: 'luneo-worker2-hpa', podSelector: { 'app.kubernetes.io/name': 'luneo-worker2' } });
      w2.scrape.selector = { 'app.kubernetes.io/name': 'luneo-worker2' };
      w2.concurrency.activeJobsMetric = 'luneo_worker2_active_jobs';
      e.workloads.worker2 = w2;
      e.metrics.luneo_worker2_active_jobs = { ...e.metrics.luneo_worker_active_jobs, workload: 'worker2', series: 'luneo_worker2_active_jobs' };
      e.budget = { cpu: '1000', memory: '1000Gi' };
    } },

  'PDB minAvailable at the HPA floor': { rule: 'disruption/blocks-drain', path: 'workloads.worker.disruptionBudget.minAvailable', mutate: (e) => { worker(e).disruptionBudget = { minAvailable: 2 }; }, says: /0 evictions at the HPA floor of 2 replicas/ },
  'PDB minAvailable 100%': { rule: 'disruption/blocks-drain', path: 'workloads.backend.disruptionBudget.minAvailable', mutate: (e) => { backend(e).disruptionBudget = { minAvailable: '100%' }; } },
  'PDB maxUnavailable 0': { rule: 'disruption/blocks-drain', path: 'workloads.backend.disruptionBudget.maxUnavailable', mutate: (e) => { backend(e).disruptionBudget = { maxUnavailable: 0 }; }, says: /maxUnavailable: 0 allows 0 evictions at the HPA floor of 3/ },
  'PDB with both bounds': { rule: 'schema/rule', path: 'workloads.backend.disruptionBudget', mutate: (e) => { backend(e).disruptionBudget = { maxUnavailable: 1, minAvailable: 1 }; }, says: /exactly one of maxUnavailable or minAvailable/ },
  'PDB bound malformed': { rule: 'schema/invalid-format', path: 'workloads.backend.disruptionBudget.maxUnavailable', mutate: (e) => { backend(e).disruptionBudget = { maxUnavailable: 'half' }; }, says: /percentage/ },
  'PDB percentage over 100%': { rule: 'schema/too-big', path: 'workloads.backend.disruptionBudget.maxUnavailable', mutate: (e) => { backend(e).disruptionBudget = { maxUnavailable: '150%' }; }, says: /at most 100% .*PodDisruptionBudget/ },
  'PDB minAvailable over 100%': { rule: 'schema/too-big', path: 'workloads.worker.disruptionBudget.minAvailable', mutate: (e) => { worker(e).disruptionBudget = { minAvailable: '101%' }; }, says: /at most 100%/ },
  'PDB pod count above int32': { rule: 'schema/too-big', path: 'workloads.backend.disruptionBudget.maxUnavailable', mutate: (e) => { backend(e).disruptionBudget = { maxUnavailable: 3e9 }; }, says: /int32/ },
  'rollout maxUnavailable over 100%': { rule: 'schema/too-big', path: 'workloads.backend.simulation.rollout.maxUnavailable', mutate: (e) => { backend(e).simulation = { ...backend(e).simulation, rollout: { at: '10m', maxUnavailable: '200%' } }; }, says: /at most 100% .*Deployment maxUnavailable/ },
  'PDB without pod selector': { rule: 'disruption/no-selector', path: 'workloads.worker.disruptionBudget', mutate: (e) => { delete worker(e).podSelector; } },
  'VPA sets requests the HPA scales on': { rule: 'vertical/hpa-conflict', path: 'workloads.backend.verticalScaling.controlledResources', mutate: (e) => { backend(e).verticalScaling = { updateMode: 'Recreate' }; }, says: /sets cpu and memory requests/ },
  'VPA Initial mode on memory': { rule: 'vertical/hpa-conflict', path: 'workloads.worker.verticalScaling.controlledResources', mutate: (e) => { worker(e).verticalScaling = { updateMode: 'Initial', controlledResources: ['memory'] }; }, says: /sets memory requests/ },
  'VPA deprecated Auto mode': { rule: 'schema/enum', path: 'workloads.worker.verticalScaling.updateMode', mutate: (e) => { worker(e).verticalScaling = { updateMode: 'Auto' }; } },
  'CPU budget exceeded': { rule: 'cost/budget-exceeded', path: 'budget.cpu', mutate: (e) => { e.budget.cpu = '40'; }, says: /cpu footprint is 45 \(backend 50 x 500m \+ worker 20 x 1\), above the budget of 40/ },
  'CPU budget exceeded by a request beyond 2^53 milli-units (exact)': { rule: 'cost/budget-exceeded', path: 'budget.cpu', mutate: (e) => { backend(e).containers.backend.cpu = '9223372036854775'; },
    says: /cpu footprint is 461168601842738770 \(backend 50 x 9223372036854775 \+ worker 20 x 1\)/ },
  'memory budget exceeded': { rule: 'cost/budget-exceeded', path: 'budget.memory', mutate: (e) => { e.budget.memory = '64Gi'; }, says: /memory footprint is 65Gi/ },
  'budget over undeclared requests': { rule: 'cost/requests-undeclared', path: 'workloads.backend.containers', mutate: (e) => { delete backend(e).containers.backend.cpu; delete backend(e).utilization.cpu; } },
  'Argo CD chart version range': { rule: 'schema/invalid-format', path: 'argocd.adapter.version', mutate: (e) => { e.argocd.adapter.version = '^5.0.0'; }, says: /exact chart version/ },
  'Argo CD two destinations': { rule: 'schema/rule', path: 'argocd.destination', mutate: (e) => { e.argocd.destination.name = 'in-cluster'; }, says: /exactly one of server or name/ },

  'no disruption budget': { rule: 'practice/no-disruption-budget', path: 'workloads.backend.podSelector', strict: true, mutate: (e) => { delete backend(e).podSelector; delete backend(e).disruptionBudget; } },
  'extends names no base file': { rule: 'config/extends', path: 'extends', edit: (t) => `extends: ../production.yaml\n${t}`, says: /_<name>\.yaml/ },
  'extends a missing base': { rule: 'config/extends-missing', path: 'extends', edit: (t) => `extends: _shared.yaml\n${t}` },
  'extends cycle': { rule: 'config/extends-cycle', path: 'extends', file: '_b', edit: (t) => `extends: _a.yaml\n${t}`,
    files: { '_a.yaml': 'extends: _b.yaml\npartOf: x\n', '_b.yaml': 'extends: _a.yaml\npartOf: y\n' }, says: /_a\.yaml -> _b\.yaml/ },
  'extends chain too deep': { rule: 'config/extends-depth', path: 'extends', file: '_l6', edit: (t) => `extends: _l0.yaml\n${t}`, says: /more than 8 files deep/,
    files: Object.fromEntries(Array.from({ length: 8 }, (_, i) => [`_l${i}.yaml`, i < 7 ? `extends: _l${i + 1}.yaml\n` : 'partOf: x\n'])) },
  'a base no environment extends': { rule: 'config/unused-base', path: '(root)', file: '_old', strict: true, files: { '_old.yaml': 'partOf: luneo-platform\n' }, says: /take effect nowhere/ },
  'environment without workloads': { rule: 'environment/no-workloads', path: 'workloads', mutate: (e) => { e.workloads = {}; e.metrics = {}; }, says: /Argo CD sync with prune would delete/ },
  'environment named unlike its file': { rule: 'config/environment-name', path: 'environment', edit: (t) => t.replace('environment: production', 'environment: prod'), says: /dist\/<environment>/ },
  'matchLabels key Prometheus cannot hold': { rule: 'catalogue/prometheus-label-name', path: 'metrics.luneo_queue_depth.matchLabels.queue-name', file: '_base',
    files: { '_base.yaml': BASE_TEXT.replace('matchLabels: { queue: render }', 'matchLabels: { queue-name: render }'), 'production.yaml': OVERLAY_TEXT },
    says: new RegExp(`_base\\.yaml:${BASE_TEXT.split('\n').findIndex((l) => l.includes('matchLabels: { queue: render }')) + 1}:\\d+: .*"queue-name" is not a Prometheus label name`) },
  'prefixed matchLabels key': { rule: 'catalogue/prometheus-label-name', path: 'metrics.luneo_worker_active_jobs.matchLabels["luneo.io/queue"]', mutate: (e) => { e.metrics.luneo_worker_active_jobs.matchLabels = { 'luneo.io/queue': 'render' }; }, says: /"luneo.io\/queue" is not a Prometheus label name/ },
  'groupBy label reserved by Prometheus': { rule: 'schema/rule', path: 'metrics.luneo_queue_depth.groupBy[0]', mutate: (e) => { e.metrics.luneo_queue_depth.groupBy = ['__queue']; }, says: /reserved for Prometheus internal labels/ },
  'pod matcher on a Pods metric': { rule: 'catalogue/resource-label', path: 'metrics.luneo_worker_active_jobs.matchLabels.pod', mutate: (e) => { e.metrics.luneo_worker_active_jobs.matchLabels = { pod: 'luneo-worker-0' }; }, says: /its own pod matcher/ },
  'series name reserved by Prometheus': { rule: 'schema/rule', path: 'metrics.luneo_worker_active_jobs.series', mutate: (e) => { e.metrics.luneo_worker_active_jobs.series = '__active_jobs'; }, says: /must not start with "__"/ },
  'pod names cut to the same shape': { rule: 'practice/pod-name-overlap', path: 'workloads.backend.deployment', strict: true,
    mutate: (e) => { backend(e).deployment = 'luneo-backend-embed-widget-read-api-europe-west1-primary'; worker(e).deployment = 'luneo-backend-embed-widget-read-api-europe-west1-primary-canary'; },
    says: /pods of Deployment luneo-backend-embed-widget-read-api-europe-west1-primary-canary \(workload "worker"\) can be named like this Deployment's/ },
  'bad value in the base: located in the base': { rule: 'adapter/relist-interval', path: 'adapter.metricsRelistInterval', file: '_base',
    files: { '_base.yaml': BASE_TEXT.replace('metricsRelistInterval: 1m', 'metricsRelistInterval: 15s'), 'production.yaml': OVERLAY_TEXT } },
  'base value overridden badly: located in the environment': { rule: 'adapter/relist-interval', path: 'adapter.metricsRelistInterval',
    files: { '_base.yaml': BASE_TEXT, 'production.yaml': `${OVERLAY_TEXT}adapter: { metricsRelistInterval: 10s }\n` } },
  'environment removes a required base field': { rule: 'schema/required', path: 'workloads.worker.deployment',
    files: { '_base.yaml': BASE_TEXT, 'production.yaml': OVERLAY_TEXT.replace('    replicas: { min: 2, max: 20 }', '    replicas: { min: 2, max: 20 }\n    deployment: null') } },

  'a NUL byte in the file': { rule: 'config/encoding', path: '(root)', says: new RegExp(`:${lineOf('namespace: luneo-production')}:12: .*a NUL byte`),
    bytes: (t) => Buffer.concat([Buffer.from(t.slice(0, t.indexOf('luneo-production'))), Buffer.from([0]), Buffer.from(t.slice(t.indexOf('luneo-production')))]) },
  'an infinite number': { rule: 'schema/not-finite', path: 'workloads.worker.replicas.max', edit: (t) => t.replace('replicas: { min: 2, max: 20 }', 'replicas: { min: 2, max: 1e309 }'),
    says: /must be a finite number, got Infinity/ },
  'not a number': { rule: 'schema/not-finite', path: 'prometheus.port', edit: (t) => t.replace('  port: 9090', '  port: .nan'), says: /got NaN/ },
  'environment named like the dashboards directory': { rule: 'config/reserved-name', path: 'environment', file: 'dashboards',
    files: { 'dashboards.yaml': fs.readFileSync(PRODUCTION_FILE, 'utf-8').replace('environment: production', 'environment: dashboards') } },
  'environment named like a dist directory': { rule: 'config/reserved-name', path: 'environment', file: 'argocd',
    files: { 'argocd.yaml': fs.readFileSync(PRODUCTION_FILE, 'utf-8').replace('environment: production', 'environment: argocd') } },
  'two environments deploy the adapter to one cluster': { rule: 'argocd/adapter-per-cluster', path: 'argocd.destination', file: 'staging',
    files: { '_base.yaml': BASE_TEXT, 'staging.yaml': fs.readFileSync(path.join(CONFIG_DIR, 'staging.yaml'), 'utf-8').replace('destination: { name: staging }', 'destination: { server: https://kubernetes.default.svc }') },
    says: /cluster-wide/ },
  // Argo CD resolves these to the in-cluster destination production uses (trailing "/" trimmed,
  // default port, host case, the built-in name `in-cluster`): still one cluster, still two adapters.
  ...Object.fromEntries(([
    ['a trailing slash', '{ server: "https://kubernetes.default.svc/" }', 'server https://kubernetes.default.svc/'],
    ['the default port', '{ server: "https://kubernetes.default.svc:443" }', 'server https://kubernetes.default.svc:443'],
    ['upper-case host', '{ server: "HTTPS://Kubernetes.Default.SVC" }', 'server HTTPS://Kubernetes.Default.SVC'],
    ['Argo CD\'s name for it', '{ name: in-cluster }', 'name in-cluster'],
  ] as const).map(([how, destination, written]) => [`two environments deploy the adapter to one cluster, spelled with ${how}`, {
    rule: 'argocd/adapter-per-cluster', path: 'argocd.destination', file: 'staging',
    files: { '_base.yaml': BASE_TEXT, 'staging.yaml': fs.readFileSync(path.join(CONFIG_DIR, 'staging.yaml'), 'utf-8').replace('destination: { name: staging }', `destination: ${destination}`) },
    says: new RegExp(`"production" already deploys prometheus-adapter to the cluster with server https://kubernetes\\.default\\.svc \\(${written.replace(/[.]/g, '\\.')} is the same cluster`),
  }])),

  'single metric': { rule: 'practice/single-metric', path: 'workloads.backend.utilization', strict: true, mutate: (e) => { backend(e).utilization = { cpu: 70 }; delete e.metrics.http_requests_per_second; } },
  'memory only': { rule: 'practice/memory-only', path: 'workloads.backend.utilization.memory', strict: true, mutate: (e) => { backend(e).utilization = { memory: 80 }; delete e.metrics.http_requests_per_second; } },
  'utilization outside 30-95%': { rule: 'practice/utilization-band', path: 'workloads.backend.utilization.cpu', strict: true, mutate: (e) => { backend(e).utilization.cpu = 98; } },
  'minReplicas < 2': { rule: 'practice/min-replicas-below-2', path: 'workloads.backend.replicas.min', strict: true, mutate: (e) => { backend(e).replicas.min = 1; } },
  'max == min': { rule: 'practice/fixed-replicas', path: 'workloads.worker.replicas.max', strict: true, mutate: (e) => { worker(e).replicas = { min: 20, max: 20 }; } },
  'no scale-down stabilization': { rule: 'practice/no-scale-down-stabilization', path: 'workloads.backend.scaleDown.stabilization', strict: true, mutate: (e) => { backend(e).scaleDown.stabilization = '0s'; } },
  'scale-down as fast as scale-up': { rule: 'practice/scale-down-faster', path: 'workloads.backend.scaleDown', strict: true,
    mutate: (e) => { backend(e).scaleDown = { percent: 100, every: '60s', select: 'Max', stabilization: '300s' }; }, says: /at 27 replicas it can remove 27 pods per 60s but add only 27 per 60s/ }, // the policies, uncapped: -100% vs double
  // A base value only one environment's numbers make wrong: the finding is at the base's line and
  // names the environment that triggers it (under --strict it fails CI for that environment).
  'a base value an environment inherits': { rule: 'practice/scale-down-faster', path: 'workloads.worker.scaleDown', strict: true, file: '_base',
    files: { '_base.yaml': BASE_TEXT.replace('scaleDown: { percent: 25, pods: 1, every: 600s, select: Min, stabilization: 600s }', 'scaleDown: { percent: 100, every: 60s, select: Max, stabilization: 600s }'), 'staging.yaml': STAGING_TEXT },
    says: /_base\.yaml:\d+:\d+: error workloads\.worker\.scaleDown: in environment staging \(\S*staging\.yaml\): at 4 replicas it can remove 4 pods per 60s but add only 2 per 120s/ },
  // An environment sets the other PDB bound: the base's stays (merge), so both are set; the finding
  // names where each came from and that null drops the inherited one.
  'PDB bound overridden without dropping the base one': { rule: 'schema/rule', path: 'workloads.backend.disruptionBudget', file: 'staging',
    files: { '_base.yaml': BASE_TEXT, 'staging.yaml': STAGING_TEXT.replace('    replicas: { min: 2, max: 10 }\n', '    replicas: { min: 2, max: 10 }\n    disruptionBudget: { minAvailable: 1 }\n') },
    says: /set exactly one of maxUnavailable or minAvailable .*; the merged value has minAvailable from \S*staging\.yaml:\d+:\d+, maxUnavailable from \S*_base\.yaml:73:\d+/ },
  'stale exception': { rule: 'practice/unused-exception', path: 'exceptions[0]', strict: true,
    mutate: (e) => { e.exceptions = [{ rule: 'practice/min-replicas-below-2', at: 'workloads.backend.replicas.min', reason: 'backend may run one pod at night' }]; } },
};

const configFor = (c: Case): string => {
  const dir = tempDir('bad');
  let text = productionText;
  if (c.mutate) {
    const env = productionCopy();
    c.mutate(env);
    text = stringify(env);
  }
  if (c.edit) text = c.edit(text);
  fs.writeFileSync(path.join(dir, 'production.yaml'), c.bytes ? c.bytes(text) : text);
  for (const [name, content] of Object.entries(c.files ?? {})) fs.writeFileSync(path.join(dir, name), content);
  return dir;
};

describe('bad-input corpus', () => {
  const out = path.join(tempDir('dist'), 'dist');
  let before: Record<string, string>;
  beforeAll(() => {
    expect(runSynth({ configDir: path.dirname(PRODUCTION_FILE), outDir: out, strict: true }).exitCode).toBe(0);
    before = readTree(out);
  });

  test('has at least 40 distinct bad inputs over at least 40 rules and messages', () => {
    expect(Object.keys(CASES).length).toBeGreaterThanOrEqual(40);
    expect(new Set(Object.values(CASES).map((c) => `${c.rule} ${c.says ?? c.path}`)).size).toBeGreaterThanOrEqual(40);
  });

  test.each(Object.entries(CASES))('%s', (_name, c) => {
    const r = runSynth({ configDir: configFor(c), outDir: out, strict: c.strict ?? false });
    expect(r.exitCode).toBe(1);
    const line = r.stderr.split('\n').find((l) => l.includes(`[${c.rule}]`));
    expect(line).toBeDefined();
    expect(line).toMatch(new RegExp(`${c.file ?? 'production'}\\.yaml:\\d+:\\d+: `));
    expect(line).toContain(` ${c.path}: `);
    if (c.says) expect(line).toMatch(c.says);
    expect(r.stderr).toMatch(/\d+ error\(s\), \d+ warning\(s\)\nsynth failed/);
    expect(r.stderr).not.toMatch(/^\s+at |internal error/m);
    // Every finding says what to do: a fix line follows it (after any see: lines).
    const lines = r.stderr.split('\n');
    const i = lines.indexOf(line!);
    expect({ line, next: lines.slice(i + 1).find((l) => !/^\s+see: /.test(l)) }).toEqual({ line, next: expect.stringMatching(/^\s+fix: \S/) });
    expect(readTree(out)).toEqual(before);
  });

  test('best-practice findings are warnings without --strict: exit 0, reported, dist replaced', () => {
    const r = runSynth({ configDir: configFor(CASES['minReplicas < 2']), outDir: out, strict: false });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toMatch(/warning workloads\.backend\.replicas\.min: .*\[practice\/min-replicas-below-2\]\n\s+fix: .*exceptions:/);
    expect(r.stderr).toContain('0 error(s), 1 warning(s)');
    expect(readTree(out)).not.toEqual(before);
    expect(runSynth({ configDir: path.dirname(PRODUCTION_FILE), outDir: out, strict: true }).exitCode).toBe(0);
    expect(readTree(out)).toEqual(before);
  });

  test('a reviewed exception silences exactly that warning, also under --strict', () => {
    const c: Case = { ...CASES['minReplicas < 2'], mutate: (e) => {
      backend(e).replicas.min = 1;
      e.exceptions = [{ rule: 'practice/min-replicas-below-2', at: 'workloads.backend.replicas.min', reason: 'approved: night traffic fits one pod' }];
    } };
    const r = runSynth({ configDir: configFor(c), outDir: path.join(tempDir('exc'), 'dist'), strict: true });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });

  test('the production config is clean under --strict: no findings at all', () => {
    const r = runSynth({ configDir: path.dirname(PRODUCTION_FILE), outDir: path.join(tempDir('ok'), 'dist'), strict: true });
    expect(r).toMatchObject({ exitCode: 0, stderr: '' });
  });
});

/** File-system problems: the config directory and its files, before any YAML is read. */
interface DirCase {
  rule: string;
  /** Builds the config directory (or what --config points at) in a fresh temp dir. */
  setup: (tmp: string) => string;
  /** The finding's line, from the location to the message. */
  says: RegExp;
}
const valid = () => fs.readFileSync(PRODUCTION_FILE);
const DIR_CASES: Record<string, DirCase> = {
  'config directory missing': { rule: 'config/missing-dir', setup: (t) => path.join(t, 'config'), says: /config: error: config directory \S*config does not exist/ },
  'config is a file': { rule: 'config/not-a-directory', setup: (t) => { fs.writeFileSync(path.join(t, 'config'), valid()); return path.join(t, 'config'); }, says: /config: error: \S*config is a file/ },
  'no environment file': { rule: 'config/no-environments', setup: (t) => { fs.writeFileSync(path.join(t, 'README.md'), '# notes\n'); return t; }, says: /: error: config directory \S+ holds no environment file/ },
  'file name not picked up': { rule: 'config/file-name', says: /Staging\.yml: error: Staging\.yml is not read.*\n\s+fix: rename it to staging\.yaml/,
    setup: (t) => { fs.writeFileSync(path.join(t, 'production.yaml'), valid()); fs.writeFileSync(path.join(t, 'Staging.yml'), valid()); return t; } },
  'unreadable file': { rule: 'config/unreadable', says: /staging\.yaml: error: \S*staging\.yaml is a directory, not a file/,
    setup: (t) => { fs.writeFileSync(path.join(t, 'production.yaml'), valid()); fs.mkdirSync(path.join(t, 'staging.yaml')); return t; } },
  'file too large': { rule: 'config/too-large', says: /production\.yaml: error: \S*production\.yaml is 4194305 bytes, more than the 4194304/,
    setup: (t) => { fs.writeFileSync(path.join(t, 'production.yaml'), Buffer.concat([valid(), Buffer.alloc(4194305 - valid().length, '#')])); return t; } },
  'UTF-16 file': { rule: 'config/encoding', says: /production\.yaml:1:1: error \(root\): the file is UTF-16 encoded/,
    setup: (t) => { fs.writeFileSync(path.join(t, 'production.yaml'), Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(valid().toString('utf-8'), 'utf16le')])); return t; } },
  'UTF-16 little-endian without a byte order mark': { rule: 'config/encoding', says: /production\.yaml:1:1: error \(root\): the file is UTF-16 encoded/,
    setup: (t) => { fs.writeFileSync(path.join(t, 'production.yaml'), Buffer.from(valid().toString('utf-8'), 'utf16le')); return t; } },
  'UTF-32 little-endian with a byte order mark': { rule: 'config/encoding', says: /production\.yaml:1:1: error \(root\): the file is UTF-32 \(little-endian\) encoded/,
    setup: (t) => { fs.writeFileSync(path.join(t, 'production.yaml'), utf32le(`\uFEFF${valid().toString('utf-8')}`)); return t; } },
  'UTF-32 big-endian without a byte order mark': { rule: 'config/encoding', says: /production\.yaml:1:1: error \(root\): the file is UTF-32 \(big-endian\) encoded/,
    setup: (t) => { fs.writeFileSync(path.join(t, 'production.yaml'), Buffer.from(utf32le(valid().toString('utf-8'))).swap32()); return t; } },
  'UTF-16 big-endian without a byte order mark': { rule: 'config/encoding', says: /production\.yaml:1:1: error \(root\): the file is UTF-16 encoded/,
    setup: (t) => { fs.writeFileSync(path.join(t, 'production.yaml'), Buffer.from(valid().toString('utf-8'), 'utf16le').swap16()); return t; } },
};

/** UTF-32LE bytes of a string (Node has no encoder for it). */
function utf32le(text: string): Buffer {
  const out = Buffer.alloc(text.length * 4);
  let n = 0;
  for (const ch of text) n = out.writeUInt32LE(ch.codePointAt(0)!, n);
  return out.subarray(0, n);
}

describe('bad config directories and files', () => {
  const out = path.join(tempDir('dist'), 'dist');
  let before: Record<string, string>;
  beforeAll(() => {
    expect(runSynth({ configDir: path.dirname(PRODUCTION_FILE), outDir: out, strict: true }).exitCode).toBe(0);
    before = readTree(out);
  });

  test.each(Object.entries(DIR_CASES))('%s', (_name, c) => {
    const r = runSynth({ configDir: c.setup(tempDir('cfg')), outDir: out, strict: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain(`[${c.rule}]`);
    expect(r.stderr).toMatch(c.says);
    expect(r.stderr).not.toMatch(/^\s+at |internal error/m);
    expect(readTree(out)).toEqual(before);
  });

  test('a UTF-8 byte order mark is accepted: same output as without it', () => {
    const dir = tempDir('bom');
    fs.writeFileSync(path.join(dir, 'production.yaml'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), valid()]));
    const bomOut = path.join(tempDir('bom-out'), 'dist');
    expect(runSynth({ configDir: dir, outDir: bomOut, strict: true })).toMatchObject({ exitCode: 0, stderr: '' });
    expect(readTree(bomOut)).toEqual(before);
  });

  test('problems of several files are reported in one run', () => {
    const dir = tempDir('two');
    fs.writeFileSync(path.join(dir, 'production.yaml'), productionText.replace('replicas: { min: 2, max: 20 }', 'replicas: { min: 2, max: 2147483648 }'));
    fs.writeFileSync(path.join(dir, 'staging.yaml'), 'environment: staging\nenvironment: again\n');
    const r = runSynth({ configDir: dir, outDir: out, strict: false });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`production\\.yaml:${lineOf('replicas: { min: 2, max: 20 }')}:25: error workloads\\.worker\\.replicas\\.max: must be at most 2147483647 .*\\[schema/too-big\\]`));
    expect(r.stderr).toMatch(/staging\.yaml:2:1: error environment: key "environment" is defined twice .*\[yaml\/duplicate-key\]/);
    expect(r.stderr).toContain('2 error(s), 0 warning(s)');
    expect(readTree(out)).toEqual(before);
  });
});
