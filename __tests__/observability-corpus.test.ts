import * as fs from 'fs';
import * as path from 'path';
import { stringify } from 'yaml';
import { runSynth } from '../lib/output/synth-command';
import { PRODUCTION_FILE, productionCopy, readTree, tempDir } from './support';

/**
 * Bad inputs of the alerting, dashboard and SLO config, one per rule, through the real synth
 * command: exit 1, file:line:column, field path and rule in the message, dist/ untouched.
 */
type Env = any;
interface Case { rule: string; path: string; mutate: (env: Env) => void; says?: RegExp }

const backend = (e: Env) => e.workloads.backend;

const CASES: Record<string, Case> = {
  'error ratio above 1': { rule: 'schema/too-big', path: 'workloads.backend.slo.errorRate.max', mutate: (e) => { backend(e).slo.errorRate.max = 5; }, says: /less than 1/ },
  'quantile 0': { rule: 'schema/too-small', path: 'workloads.backend.slo.latency.quantile', mutate: (e) => { backend(e).slo.latency.quantile = 0; } },
  'latency threshold not positive': { rule: 'schema/too-small', path: 'workloads.backend.slo.latency.maxSeconds', mutate: (e) => { backend(e).slo.latency.maxSeconds = 0; } },
  'histogram name invalid': { rule: 'schema/invalid-format', path: 'workloads.backend.slo.latency.histogram', mutate: (e) => { backend(e).slo.latency.histogram = 'http-latency'; }, says: /Prometheus metric name/ },
  'error label invalid': { rule: 'schema/invalid-format', path: 'workloads.backend.slo.errorRate.errors.label', mutate: (e) => { backend(e).slo.errorRate.errors.label = 'status code'; } },
  'unknown slo key': { rule: 'schema/unknown-key', path: 'workloads.backend.slo.availability', mutate: (e) => { backend(e).slo.availability = 0.999; } },
  'runbook URL not http': { rule: 'schema/invalid-format', path: 'alerting.runbookBaseUrl', mutate: (e) => { e.alerting.runbookBaseUrl = 'docs/runbooks'; } },
  'severity of an unknown alert': { rule: 'schema/unknown-key', path: 'alerting.severity.HpaOnFire', mutate: (e) => { e.alerting.severity = { HpaOnFire: 'critical' }; } },
  'unknown severity': { rule: 'schema/enum', path: 'alerting.severity.HpaFlapping', mutate: (e) => { e.alerting.severity = { HpaFlapping: 'page' }; } },
  'pinned factor not above 1': { rule: 'schema/too-small', path: 'alerting.hpa.pinnedAtMinimum.factor', mutate: (e) => { e.alerting.hpa.pinnedAtMinimum = { factor: 1 }; }, says: /greater than 1/ },
  'flapping reversals < 2': { rule: 'schema/too-small', path: 'alerting.hpa.flapping.reversals', mutate: (e) => { e.alerting.hpa.flapping = { reversals: 1 }; } },
  'saturation ratio 1': { rule: 'schema/too-big', path: 'alerting.workers.saturation', mutate: (e) => { e.alerting.workers = { saturation: 1 }; } },
  'alert for not a duration': { rule: 'schema/invalid-format', path: 'alerting.hpa.maxedOutFor', mutate: (e) => { e.alerting.hpa.maxedOutFor = '15 minutes'; }, says: /duration/ },
  'dashboard label invalid': { rule: 'schema/invalid-format', path: 'dashboard.labels.grafana_dashboard', mutate: (e) => { e.dashboard.labels = { grafana_dashboard: 'yes please' }; } },
  // The SRE report: thresholds that contradict the HPA, and windows too short to hold two samples.
  'pinned factor inside the HPA tolerance (1.01)': { rule: 'alerting/threshold-within-tolerance', path: 'alerting.hpa.pinnedAtMinimum.factor', mutate: (e) => { e.alerting.hpa.pinnedAtMinimum = { factor: 1.01 }; }, says: /up to 1\.1 x target, --horizontal-pod-autoscaler-tolerance 0\.1/ },
  'pinned factor exactly 1 + tolerance (1.1)': { rule: 'alerting/threshold-within-tolerance', path: 'alerting.hpa.pinnedAtMinimum.factor', mutate: (e) => { e.alerting.hpa.pinnedAtMinimum = { factor: 1.1 }; } },
  'worker saturation below the HPA target (0.1 of 25 = 2.5 < 10)': { rule: 'alerting/threshold-within-target', path: 'alerting.workers.saturation', mutate: (e) => { e.alerting.workers = { saturation: 0.1 }; }, says: /fire at 2\.5 active jobs per worker of workload "worker".*holds up to 11 \(target 10 of luneo_worker_active_jobs/ },
  'worker saturation inside the tolerance band (0.43 of 25 = 10.75)': { rule: 'alerting/threshold-within-target', path: 'alerting.workers.saturation', mutate: (e) => { e.alerting.workers = { saturation: 0.43 }; } },
  'backlog deriv() window of one scrape (30s)': { rule: 'alerting/rate-window', path: 'alerting.workers.backlogWindow', mutate: (e) => { e.alerting.workers = { backlogWindow: '30s' }; }, says: /fewer than 4 scrapes of 30s \(the scrape of luneo_queue_jobs_waiting by workload "worker"\)/ },
  'cAdvisor rate() window of one scrape (30s)': { rule: 'alerting/rate-window', path: 'alerting.resourceRateWindow', mutate: (e) => { e.alerting.resourceRateWindow = '30s'; }, says: /fewer than 4 scrapes of 30s \(cAdvisor/ },
  'flapping window of one scrape (30s)': { rule: 'alerting/rate-window', path: 'alerting.hpa.flapping.window', mutate: (e) => { e.alerting.hpa.flapping = { window: '30s' }; }, says: /kube-state-metrics/ },
  'flapping window too short for 10 reversals, one replica change per 30s scrape': { rule: 'alerting/flapping-window', path: 'alerting.hpa.flapping.window', mutate: (e) => { e.alerting.hpa.flapping = { window: '4m', reversals: 10 }; }, says: /4m cannot hold 10 changes of scaling direction: kube-state-metrics records a replica change at most once per scrape \(30s assumed\)/ },
  'SLO of an unscraped workload': { rule: 'slo/unscraped-series', path: 'workloads.backend.slo', mutate: (e) => { delete backend(e).scrape; delete e.metrics.http_requests_per_second; } },
  'SLO window < 4 scrapes': { rule: 'slo/rate-window', path: 'workloads.backend.slo.latency.window', mutate: (e) => { backend(e).slo.latency.window = '1m'; }, says: /fewer than 4 scrapes of 30s/ },
  'error matcher not a regex': { rule: 'slo/invalid-regex', path: 'workloads.backend.slo.errorRate.errors.matches', mutate: (e) => { backend(e).slo.errorRate.errors.matches = '5(..'; } },
  'error matcher with a lookahead (not RE2)': { rule: 'slo/invalid-regex', path: 'workloads.backend.slo.errorRate.errors.matches', mutate: (e) => { backend(e).slo.errorRate.errors.matches = '5(?!00)..'; } },
  // The fresh-user report: balanced only inside the ^(?:...)$ wrapper, or a quote that ends the PromQL string.
  'error matcher ")(" (balances only when wrapped)': { rule: 'slo/invalid-regex', path: 'workloads.backend.slo.errorRate.errors.matches', mutate: (e) => { backend(e).slo.errorRate.errors.matches = ')('; }, says: /unexpected \): `\)\(`/ },
  'error matcher with a quote and ")("': { rule: 'slo/invalid-regex', path: 'workloads.backend.slo.errorRate.errors.matches', mutate: (e) => { backend(e).slo.errorRate.errors.matches = '5..")('; }, says: /unexpected \)/ },
  'error matcher repeat count over 1000 (RE2)': { rule: 'slo/invalid-regex', path: 'workloads.backend.slo.errorRate.errors.matches', mutate: (e) => { backend(e).slo.errorRate.errors.matches = 'x{1001}'; }, says: /invalid repeat count: `\{1001\}`/ },
  'error matcher with a backreference (not RE2)': { rule: 'slo/invalid-regex', path: 'workloads.backend.slo.errorRate.errors.matches', mutate: (e) => { backend(e).slo.errorRate.errors.matches = '(5)\\1.'; }, says: /invalid escape sequence: `\\1`/ },
  'error matcher with a JS-only escape \\Z': { rule: 'slo/invalid-regex', path: 'workloads.backend.slo.errorRate.errors.matches', mutate: (e) => { backend(e).slo.errorRate.errors.matches = '5..\\Z'; }, says: /invalid escape sequence/ },
  'error matcher with a (?<name> group (Go < 1.22)': { rule: 'slo/invalid-regex', path: 'workloads.backend.slo.errorRate.errors.matches', mutate: (e) => { backend(e).slo.errorRate.errors.matches = '(?<class>5)..'; }, says: /\(\?P<name>/ },
};

const configFor = (c: Case): string => {
  const dir = tempDir('bad-obs');
  const env = productionCopy();
  c.mutate(env);
  fs.writeFileSync(path.join(dir, 'production.yaml'), stringify(env));
  return dir;
};

describe('alerting / dashboard / SLO bad-input corpus', () => {
  const out = path.join(tempDir('dist'), 'dist');
  let before: Record<string, string>;
  beforeAll(() => {
    expect(runSynth({ configDir: path.dirname(PRODUCTION_FILE), outDir: out, strict: true }).exitCode).toBe(0);
    before = readTree(out);
  });

  test.each(Object.entries(CASES))('%s', (_name, c) => {
    const r = runSynth({ configDir: configFor(c), outDir: out, strict: false });
    expect(r.exitCode).toBe(1);
    const line = r.stderr.split('\n').find((l) => l.includes(`[${c.rule}]`));
    expect(line).toBeDefined();
    expect(line).toMatch(/production\.yaml:\d+:\d+: /);
    expect(line).toContain(` ${c.path}: `);
    if (c.says) expect(line).toMatch(c.says);
    expect(readTree(out)).toEqual(before);
  });
});
