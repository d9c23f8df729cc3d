// Builds the promtool proof of an environment's prometheus-adapter rules: the synthesized HPAs and
// adapter chart values (the same functions `npm run synth` uses), the requests the HPA controller
// makes, the queries the adapter renders for them, and the synthetic scrape they run on.
import { parse } from 'yaml';
import { Environment } from '../../lib/config/schema';
import { adapterRequests, AdapterRequest, DiscoveryRule, HpaObject } from '../../lib/metrics/adapter-requests';
import { ExpectedSample, syntheticScrape, SyntheticScrape } from '../../lib/metrics/synthetic-series';
import { synthesizeEnvironments } from '../../lib/output/synthesize';
import { PromqlExprTest, RuleGroup, RuleUnitTest, sampleLabels } from './support';

type Editable<T> = { -readonly [K in keyof T]: T[K] };

export interface AdapterRules {
  custom: Editable<DiscoveryRule>[];
  external: Editable<DiscoveryRule>[];
}

export interface AdapterProof {
  scrape: SyntheticScrape;
  rules: AdapterRules;
  requests: AdapterRequest[];
  /** The recording rule of each request, named `adapter:<metric>:<hpa>`. */
  groups: RuleGroup[];
  tests: RuleUnitTest[];
  evaluationInterval: string;
  /** Expected samples per request, keyed by recording rule name. */
  expected: Map<string, readonly ExpectedSample[]>;
}

export interface ProofOptions {
  /** Change the synthesized rules before rendering (negative controls). */
  editRules?: (rules: AdapterRules) => void;
}

/** Synthesizes `env` and returns the adapter rules from its helm values and its HPAs. */
export function synthesized(env: Environment): { rules: AdapterRules; hpas: HpaObject[] } {
  const files = synthesizeEnvironments([env]);
  const values = files.find((f) => f.path === `helm-values/${env.environment}/prometheus-adapter.yaml`);
  if (!values) throw new Error(`no adapter values among ${files.map((f) => f.path).join(', ')}`);
  const hpas = files
    .filter((f) => f.path.startsWith(`${env.environment}/`))
    .map((f) => parse(f.content))
    .filter((o) => o.kind === 'HorizontalPodAutoscaler');
  return { rules: parse(values.content).rules, hpas };
}

const ROUNDING = 1 / 1024;

export const recordName = (r: AdapterRequest) => `adapter:${r.metric}:${r.hpa.replace(/[^a-zA-Z0-9_]/g, '_')}`;

export function adapterProof(env: Environment, options: ProofOptions = {}): AdapterProof {
  const { rules, hpas } = synthesized(env);
  options.editRules?.(rules);
  const scrape = syntheticScrape(env);
  const podsOf = (target: { kind: string; name: string }, namespace: string) => {
    const w = scrape.workloads.find((x) => target.kind === 'Deployment' && x.deployment === target.name && x.namespace === namespace);
    if (!w) throw new Error(`no synthetic pods for ${target.kind}/${target.name} in ${namespace}`);
    return w.selected;
  };
  const seriesNames = [...new Set(scrape.input.map((s) => s.series.slice(0, s.series.indexOf('{'))))].sort();
  const requests = adapterRequests(hpas, rules, podsOf, seriesNames);

  const expected = new Map<string, readonly ExpectedSample[]>();
  for (const r of requests) {
    const m = scrape.metrics.find((x) => x.metric.name === r.metric);
    if (!m) throw new Error(`HPA ${r.hpa} asks for ${r.metric}, which no catalogue metric with a scrape defines`);
    expected.set(recordName(r), m.expected);
  }
  const interval = `${scrape.intervalSeconds}s`;
  const evalTime = `${scrape.evalTimeSeconds}s`;
  const groups: RuleGroup[] = [{
    name: `prometheus-adapter-${env.environment}`, interval,
    rules: requests.map((r) => ({ record: recordName(r), expr: r.query })),
  }];
  // promtool compares floats exactly, and rate()'s extrapolation leaves noise of ~1e-14 on a whole
  // rate; the recorded value is compared rounded to 1/1024 (exact in binary), far below any real error.
  const queryTests: PromqlExprTest[] = requests.map((r) => ({
    expr: `round(${recordName(r)}, ${ROUNDING})`, eval_time: evalTime,
    exp_samples: expected.get(recordName(r))!.map((s) => ({ labels: sampleLabels('', s.labels), value: s.value })),
  }));
  // The adapter's relist: each rule's seriesQuery must find the series its name rule maps.
  const discoveryTests: PromqlExprTest[] = [...rules.custom, ...rules.external].map((rule) => ({
    expr: `group by (__name__) (${rule.seriesQuery})`, eval_time: evalTime,
    exp_samples: seriesNames.filter((s) => new RegExp(rule.name?.matches || '.*').test(s)).map((s) => ({ labels: `{__name__=${JSON.stringify(s)}}`, value: 1 })),
  }));
  const tests: RuleUnitTest[] = [{ interval, input_series: scrape.input, promql_expr_test: [...queryTests, ...discoveryTests] }];
  return { scrape, rules, requests, groups, tests, evaluationInterval: interval, expected };
}
