import { error, Finding } from './findings';
import { Environment, Scrape, Workload } from './schema';

/**
 * Rules about what label selectors select, across workloads. We only know selectors, not the labels
 * objects carry, so each rule fires only on what is certain:
 * - selector A selects everything selector B selects when A's labels are a subset of B's (every
 *   object B matches carries B's labels, so A's too);
 * - A and B select nothing in common when they require different values of one label.
 */
export type Selector = Readonly<Record<string, string>>;

/** True when every object matched by `narrower` is matched by `wider` (wider's labels ⊆ narrower's). */
export function selectsAllOf(wider: Selector, narrower: Selector): boolean {
  // for-in allocates nothing: checkSelection calls this for every pair of workloads. Selectors are
  // plain objects of own string fields (validated config), so for-in sees exactly Object.keys.
  for (const k in wider) {
    if (narrower[k] !== wider[k]) return false;
  }
  return true;
}

/** A label both selectors require with different values: nothing matches both. */
export function conflictingLabel(a: Selector, b: Selector): string | undefined {
  return Object.keys(a).sort().find((k) => k in b && a[k] !== b[k]);
}

const show = (s: Selector) => `{${Object.entries(s).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}: ${v}`).join(', ')}}`;

export function checkSelection(env: Environment): Finding[] {
  const keys = Object.keys(env.workloads);
  const findings: Finding[] = [];
  for (const key of keys) findings.push(...podMonitorMissesWorkload(env, key, env.workloads[key]));
  const targets = keys.map((key) => scrapedTarget(env, key));
  // Every pair of workloads that can have a finding, in the order of a loop over all pairs (i < j):
  // a finding needs one selector's labels to be a subset of another's, which an index of label
  // values finds without looking at each of the 125,000 pairs of 500 workloads.
  const pods = keys.map((key) => env.workloads[key].podSelector);
  const scrapes = targets.map((t) => t?.scrape.selector);
  const pairs = subsetPairs(pods, pods, new Set<number>());
  subsetPairs(scrapes, scrapes, pairs);
  subsetPairs(scrapes, targets.map((t) => t?.pods), pairs);
  for (const pair of [...pairs].sort((a, b) => a - b)) {
    const i = Math.floor(pair / keys.length);
    const j = pair % keys.length;
    const overlap = overlappingWorkloads(env, keys[i], keys[j]);
    if (overlap) findings.push(overlap);
    const duplicate = duplicateScrape(targets[i], targets[j]);
    if (duplicate) findings.push(duplicate);
  }
  return findings;
}

/**
 * Adds to `pairs` (as `i * n + j`, i < j) every pair of entries where `wider[x]` may select all that
 * `narrower[y]` selects (x != y, either order): every such y carries each label value of
 * wider[x], so the entries holding wider[x]'s rarest label value are the only candidates (all of
 * them for an empty selector). A superset of the subset pairs: the rules themselves decide.
 */
export function subsetPairs(wider: ReadonlyArray<Selector | undefined>, narrower: ReadonlyArray<Selector | undefined>, pairs: Set<number>): Set<number> {
  const n = narrower.length;
  const holders = new Map<string, number[]>();
  const all: number[] = [];
  narrower.forEach((s, y) => {
    if (!s) return;
    all.push(y);
    for (const k in s) {
      const key = `${k}\u0000${s[k]}`;
      const list = holders.get(key);
      if (list) list.push(y);
      else holders.set(key, [y]);
    }
  });
  wider.forEach((s, x) => {
    if (!s) return;
    let candidates: readonly number[] = all;
    for (const k in s) {
      const list = holders.get(`${k}\u0000${s[k]}`) ?? [];
      if (list.length < candidates.length || candidates === all) candidates = list;
      if (candidates.length === 0) break;
    }
    for (const y of candidates) if (y !== x) pairs.add(x < y ? x * n + y : y * n + x);
  });
  return pairs;
}

/**
 * The HPA counts the pods its Deployment's selector matches (the scale subresource's selector). A
 * workload whose selector also matches another workload's pods averages their usage into its own,
 * and the two Deployments fight over the same pods (copy-paste of a selector).
 */
function overlappingWorkloads(env: Environment, a: string, b: string): Finding | undefined {
  const sa = env.workloads[a].podSelector;
  const sb = env.workloads[b].podSelector;
  if (!sa || !sb) return undefined;
  // Report at the entry whose selector is the wider one (on equal selectors: the later entry, the copy).
  const [at, other] = selectsAllOf(sb, sa) ? [b, a] : selectsAllOf(sa, sb) ? [a, b] : [];
  if (!at) return undefined;
  const w = env.workloads[at];
  return error(['workloads', at, 'podSelector'], 'workload/selector-overlap',
    `${show(w.podSelector!)} also selects every pod of workload "${other}" (${show(env.workloads[other!].podSelector!)}): HPA "${w.hpa}" would count those pods as its own and Deployment "${w.deployment}" would fight over them`,
    `set it to the Deployment's own spec.selector.matchLabels (e.g. app.kubernetes.io/name: ${w.deployment})`);
}

/** A PodMonitor whose selector requires another value of a label the workload's pods carry scrapes none of them. */
function podMonitorMissesWorkload(env: Environment, key: string, w: Workload): Finding[] {
  // A scrape in another namespace collects an exporter there, not the workload's own pods.
  if (w.scrape?.kind !== 'PodMonitor' || !w.podSelector || (w.scrape.namespace ?? env.namespace) !== env.namespace) return [];
  const label = conflictingLabel(w.scrape.selector, w.podSelector);
  if (label === undefined) return [];
  return [error(['workloads', key, 'scrape', 'selector', label], 'scrape/misses-workload',
    `the PodMonitor selects pods with ${label}: ${w.scrape.selector[label]}, but the workload's pods carry ${label}: ${w.podSelector[label]}, so none of them is scraped`,
    `select the workload's pods, e.g. ${show(w.podSelector)}`)];
}

interface ScrapedTarget {
  readonly key: string;
  readonly scrape: Scrape;
  readonly namespace: string;
  /** The workload's own pods (its podSelector), when its monitor scrapes them (a monitor in the workload's namespace). */
  readonly pods?: Selector;
}

/** What a workload's monitor scrapes; undefined when it has none. */
function scrapedTarget(env: Environment, key: string): ScrapedTarget | undefined {
  const w = env.workloads[key];
  if (!w.scrape) return undefined;
  const namespace = w.scrape.namespace ?? env.namespace;
  return { key, scrape: w.scrape, namespace, ...(namespace === env.namespace && w.podSelector ? { pods: w.podSelector } : {}) };
}

/** What of y's targets x's monitor scrapes too (everything, or a part of it), in words; undefined when nothing certain. */
function scrapedAlso(x: ScrapedTarget, y: ScrapedTarget): string | undefined {
  if (x.scrape.kind === y.scrape.kind && selectsAllOf(x.scrape.selector, y.scrape.selector)) {
    return `every ${x.scrape.kind === 'ServiceMonitor' ? 'Service' : 'pod'} that workload "${y.key}"'s ${y.scrape.kind} ${show(y.scrape.selector)} selects`;
  }
  if (x.scrape.kind === 'PodMonitor' && y.pods && selectsAllOf(x.scrape.selector, y.pods)) {
    return `every pod of workload "${y.key}" (${show(y.pods)}), which its ${y.scrape.kind} already scrapes`;
  }
  return undefined;
}

/**
 * Two monitors scraping the same targets on the same port and path: Prometheus keeps both copies
 * (they differ in `job`/`endpoint`), so every sum over the series doubles. A ServiceMonitor
 * scrapes its workload's pods through their Service; a PodMonitor the pods its selector matches.
 */
function duplicateScrape(ta: ScrapedTarget | undefined, tb: ScrapedTarget | undefined): Finding | undefined {
  if (!ta || !tb || ta.namespace !== tb.namespace || ta.scrape.port !== tb.scrape.port || ta.scrape.path !== tb.scrape.path) return undefined;
  const [wide, narrow] = scrapedAlso(tb, ta) ? [tb, ta] : scrapedAlso(ta, tb) ? [ta, tb] : [];
  if (!wide) return undefined;
  return error(['workloads', wide.key, 'scrape', 'selector'], 'scrape/duplicate-target',
    `the ${wide.scrape.kind} ${show(wide.scrape.selector)} also selects ${scrapedAlso(wide, narrow!)}, on the same port "${wide.scrape.port}" and path ${wide.scrape.path}: every series would be scraped twice and every sum doubled`,
    `select only what workload "${wide.key}" should scrape${wide.pods ? ` (e.g. ${show(wide.pods)})` : ''}`);
}
