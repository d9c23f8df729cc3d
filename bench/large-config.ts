// A large environment for `npm run bench`: the production environment (as loaded, its base layers
// merged) with its workloads and the catalogue metrics they own copied until there are `workloads`
// of them, every name, selector and series made unique per copy, so the config stays valid however
// config/ evolves. Written as one standalone file.
import { stringify } from 'yaml';

const QUANTITY = /^([0-9.]+)([a-zA-Z]*)$/;

/** Scales a Kubernetes quantity string or number by a whole factor (for the cost budget). */
function scaleQuantity(q: unknown, factor: number): unknown {
  if (typeof q === 'number') return q * factor;
  const m = typeof q === 'string' ? QUANTITY.exec(q) : null;
  return m ? `${Number(m[1]) * factor}${m[2]}` : q;
}

function suffixValues(labels: Record<string, string> | undefined, suffix: string): Record<string, string> | undefined {
  return labels && Object.fromEntries(Object.entries(labels).map(([k, v]) => [k, `${v}${suffix}`.slice(0, 63)]));
}

/**
 * Environment files holding `workloads` workloads in all, at most `perEnvironment` each, derived from
 * a loaded environment: file name -> YAML text. Environment `<name>-<n>` in namespace `<name>-<n>`
 * (or `<name>` alone for a single file).
 */
export function largeConfigDir(environment: { environment: string; namespace: string }, workloads: number, perEnvironment = workloads): Record<string, string> {
  const files: Record<string, string> = {};
  const count = Math.ceil(workloads / perEnvironment);
  for (let e = 0; e < count; e++) {
    const name = count === 1 ? environment.environment : `${environment.environment}-${String(e + 1).padStart(2, '0')}`;
    const env: Record<string, any> = { ...environment, environment: name, namespace: count === 1 ? environment.namespace : `${environment.namespace}-${e + 1}` };
    // Each environment its own cluster: one prometheus-adapter per cluster (argocd/adapter-per-cluster).
    if (count > 1 && env.argocd) env.argocd = { ...env.argocd, destination: { server: `https://cluster-${e + 1}.bench.invalid` } };
    files[`${name}.yaml`] = largeConfig(env, Math.min(perEnvironment, workloads - e * perEnvironment));
  }
  return files;
}

/** YAML text of an environment with `workloads` workloads, derived from a loaded environment. */
export function largeConfig(environment: object, workloads: number): string {
  const prod = JSON.parse(JSON.stringify(environment));
  const keys = Object.keys(prod.workloads);
  const copies = Math.ceil(workloads / keys.length);
  const out = { ...prod, workloads: {} as Record<string, any>, metrics: {} as Record<string, any> };
  if (prod.budget) out.budget = Object.fromEntries(Object.entries(prod.budget).map(([k, v]) => [k, scaleQuantity(v, copies)]));
  let n = 0;
  for (let i = 0; i < copies; i++) {
    for (const key of keys) {
      if (n++ >= workloads) break;
      const s = `-${i}`;
      const rename = (metric: string) => `${metric}_c${i}`;
      const w = structuredClone(prod.workloads[key]);
      w.deployment += s;
      w.hpa += s;
      if (w.scrape) w.scrape.selector = suffixValues(w.scrape.selector, s);
      if (w.podSelector) w.podSelector = suffixValues(w.podSelector, s);
      if (w.concurrency) {
        w.concurrency.configMap += s;
        w.concurrency.activeJobsMetric = rename(w.concurrency.activeJobsMetric);
      }
      out.workloads[`${key}${s}`] = w;
      for (const [name, metric] of Object.entries<any>(prod.metrics)) {
        if (metric.workload !== key) continue;
        out.metrics[rename(name)] = { ...structuredClone(metric), workload: `${key}${s}`, series: `c${i}_${metric.series}` };
      }
    }
  }
  delete out.exceptions;
  return stringify(out, { lineWidth: 0 });
}
