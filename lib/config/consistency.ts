import { count } from './counts';
import { error, Finding } from './findings';
import { checkObservability } from './observability-rules';
import { quantityValue, seconds } from './primitives';
import { containersWithoutRequest, REQUEST_RESOURCES, targetOf } from './requests';
import { Environment, Metric, Workload } from './schema';
import { checkSelection } from './selection';
import { metricsOfWorkload } from './metric-index';
import { checkSimulation } from './simulation-rules';

/**
 * Rules that relate several entries of an environment: each metric to the workload that exposes it,
 * the adapter to the scrapes, the concurrency policy to the HPA. They run after the schema passed,
 * so they may trust every field's shape.
 */
export function checkConsistency(env: Environment): Finding[] {
  return [...checkCatalogue(env), ...checkWorkloads(env), ...checkSelection(env), ...checkConcurrency(env), ...checkObservability(env, RATE_WINDOW_SCRAPES), ...checkSimulation(env)];
}

/** Minimum ratio of rate window to scrape interval: fewer than 4 samples make rate() jumpy or empty. */
export const RATE_WINDOW_SCRAPES = 4;

function checkCatalogue(env: Environment): Finding[] {
  const findings: Finding[] = [];
  for (const [name, metric] of Object.entries(env.metrics)) {
    const at = ['metrics', name];
    const workload = env.workloads[metric.workload];
    if (!workload) {
      findings.push(error([...at, 'workload'], 'catalogue/unknown-workload',
        `names workload "${metric.workload}", which is not under \`workloads\``,
        `use one of: ${Object.keys(env.workloads).join(', ') || '(none defined)'}`));
      continue;
    }
    if (!workload.scrape) {
      findings.push(error([...at, 'workload'], 'catalogue/unscraped-series',
        `workload "${metric.workload}" has no scrape, so no ServiceMonitor/PodMonitor collects "${metric.series}" and the adapter rule finds no series`,
        `add workloads.${metric.workload}.scrape`));
      continue;
    }
    findings.push(...checkMetricNamespace(env, name, metric, workload.scrape.namespace ?? env.namespace));
    if (metric.rateWindow !== undefined) {
      const scrape = seconds(workload.scrape.interval);
      if (seconds(metric.rateWindow) < RATE_WINDOW_SCRAPES * scrape) {
        findings.push(error([...at, 'rateWindow'], 'catalogue/rate-window',
          `${metric.rateWindow} covers fewer than ${RATE_WINDOW_SCRAPES} scrapes of ${workload.scrape.interval}`,
          `set it to at least ${RATE_WINDOW_SCRAPES * scrape}s`));
      }
    }
  }
  const relist = seconds(env.adapter.metricsRelistInterval);
  for (const [key, w] of Object.entries(env.workloads)) {
    if (w.scrape && relist < seconds(w.scrape.interval)) {
      findings.push(error(['adapter', 'metricsRelistInterval'], 'adapter/relist-interval',
        `${env.adapter.metricsRelistInterval} is shorter than the ${w.scrape.interval} scrape interval of workload "${key}": the adapter can drop series between scrapes`,
        `set it to at least ${w.scrape.interval}`));
    }
  }
  return findings;
}

function checkWorkloads(env: Environment): Finding[] {
  const findings: Finding[] = [];
  const seenTargets = new Map<string, string>();
  const seenHpas = new Map<string, string>();
  for (const [key, w] of Object.entries(env.workloads)) {
    const at = ['workloads', key];
    const other = seenTargets.get(w.deployment);
    if (other) {
      findings.push({ ...error([...at, 'deployment'], 'workload/duplicate-target',
        `Deployment "${w.deployment}" is already scaled by workload "${other}"; two HPAs on one workload fight each other`,
        'give each Deployment exactly one workload entry'), related: [{ path: ['workloads', other, 'deployment'] }] });
    }
    seenTargets.set(w.deployment, key);
    const otherHpa = seenHpas.get(w.hpa);
    if (otherHpa) {
      findings.push({ ...error([...at, 'hpa'], 'workload/duplicate-hpa', `HPA name "${w.hpa}" is already used by workload "${otherHpa}"`, 'choose a unique name'),
        related: [{ path: ['workloads', otherHpa, 'hpa'] }] });
    }
    seenHpas.set(w.hpa, key);
    findings.push(...checkRequests(key, w));
    const metrics = metricsOfWorkload(env.metrics, key).length;
    if (metrics === 0 && w.utilization.cpu === undefined && w.utilization.memory === undefined) {
      findings.push(error([...at, 'utilization'], 'workload/no-metrics', 'the workload has no utilization target and no catalogue metric, so its HPA has nothing to scale on',
        'add a utilization target or a metric with `workload: ' + key + '`'));
    }
  }
  return findings;
}

/**
 * Where the adapter looks for a metric's series against where the workload's scrape puts them (the
 * `namespace` label of a scraped series is the namespace of its Service or pod). A Pods metric is
 * always read in the HPA's namespace; an external one in the HPA's namespace too (the adapter adds a
 * `namespace` matcher) unless the metric names the namespace its series live in.
 */
function checkMetricNamespace(env: Environment, name: string, metric: Metric, seriesNamespace: string): Finding[] {
  if (metric.api === 'custom') {
    if (seriesNamespace === env.namespace) return [];
    return [error(['workloads', metric.workload, 'scrape', 'namespace'], 'catalogue/namespace-mismatch',
      `the series of Pods metric "${name}" live in namespace "${seriesNamespace}" but the HPA is in "${env.namespace}"; the adapter matches pods by namespace, so the HPA would get no values`,
      'scrape the pods in the HPA\'s namespace')];
  }
  if (metric.namespace === undefined) {
    if (seriesNamespace === env.namespace) return [];
    return [error(['metrics', name, 'namespace'], 'catalogue/namespace-mismatch',
      `the series of External metric "${name}" live in namespace "${seriesNamespace}" (workload "${metric.workload}"'s scrape), but the adapter queries the HPA's namespace "${env.namespace}", so the value would always be empty`,
      `set metrics.${name}.namespace: ${seriesNamespace} (the adapter rule then queries that namespace explicitly)`)];
  }
  if (metric.namespace === seriesNamespace) return [];
  return [error(['metrics', name, 'namespace'], 'catalogue/namespace-mismatch',
    `names namespace "${metric.namespace}", but workload "${metric.workload}"'s scrape collects the series in "${seriesNamespace}", so the query would always be empty`,
    seriesNamespace === env.namespace ? 'remove the field: the series live in the HPA\'s namespace' : `set it to ${seriesNamespace}`)];
}

/**
 * A utilization target is a percentage of a request: of every container's (pod-level Resource) or
 * of one container's (ContainerResource). The HPA fails with "missing request for <resource> in
 * container <name>" when one it needs is not set, and then never scales (replica_calculator.go).
 */
function checkRequests(key: string, w: Workload): Finding[] {
  const findings: Finding[] = [];
  const at = ['workloads', key];
  const declared = Object.keys(w.containers ?? {}).sort();
  for (const resource of REQUEST_RESOURCES) {
    const target = w.utilization[resource];
    if (target === undefined) continue;
    const { averageUtilization, container } = targetOf(target);
    const where = [...at, 'utilization', resource];
    if (declared.length === 0) {
      findings.push(error(where, 'workload/requests-undeclared',
        `a ${resource} utilization target is a percentage of the pods' ${resource} requests, which are not declared; the HPA would report "missing request for ${resource}" and never scale`,
        `declare workloads.${key}.containers.<container>.${resource} for every container of the pod`));
      continue;
    }
    if (container !== undefined) {
      if (!(container in w.containers!)) {
        findings.push(error([...where, 'container'], 'workload/unknown-container',
          `names container "${container}", which is not under workloads.${key}.containers; the HPA would report "container ${container} not found" and never scale`,
          `use one of: ${declared.join(', ')}, or declare the container`));
      } else if (w.containers![container][resource] === undefined) {
        findings.push(error(where, 'workload/requests-undeclared',
          `targets ${averageUtilization}% of container "${container}"'s ${resource} request, which is not declared; the HPA would report "missing request for ${resource} in container ${container}" and never scale`,
          `declare workloads.${key}.containers.${container}.${resource}`));
      }
      continue;
    }
    const missing = containersWithoutRequest(w, resource);
    if (missing.length === declared.length) {
      findings.push(error(where, 'workload/requests-undeclared',
        `a ${resource} utilization target is a percentage of the pods' ${resource} requests, but no container declares one; the HPA would report "missing request for ${resource}" and never scale`,
        `declare workloads.${key}.containers.<container>.${resource} for every container of the pod`));
    } else if (missing.length > 0) {
      const requested = declared.filter((c) => !missing.includes(c));
      findings.push(error(where, 'workload/missing-container-request',
        `a pod-level ${resource} target needs every container's ${resource} request, but ${missing.map((c) => `"${c}"`).join(', ')} declares none; the HPA would report "missing request for ${resource} in container ${missing[0]}" and never scale`,
        `target one container instead: utilization.${resource}: { percent: ${averageUtilization}, container: ${requested[0]} }${requested.length > 1 ? ` (or ${requested.slice(1).join(', ')})` : ''}, or declare a ${resource} request for ${missing.join(', ')}`));
    }
  }
  return findings;
}

function checkConcurrency(env: Environment): Finding[] {
  const findings: Finding[] = [];
  for (const [key, w] of Object.entries(env.workloads)) {
    const at = ['workloads', key];
    const c = w.concurrency;
    if (!c) {
      if (w.useCase?.peakConcurrentJobs !== undefined) {
        findings.push(error([...at, 'useCase', 'peakConcurrentJobs'], 'concurrency/undeclared',
          'a peak of concurrent jobs is declared but no concurrency policy says how many jobs one pod runs',
          `add workloads.${key}.concurrency`));
      }
      continue;
    }
    const metric: Metric | undefined = env.metrics[c.activeJobsMetric];
    if (!metric || metric.workload !== key) {
      findings.push(error([...at, 'concurrency', 'activeJobsMetric'], 'concurrency/unknown-metric',
        `"${c.activeJobsMetric}" is not a catalogue metric of workload "${key}"`,
        'name the catalogue metric that counts the jobs a worker is running'));
    } else {
      const target = quantityValue(metric.target.averageValue);
      if (c.maxConcurrentJobs <= target) {
        findings.push(error([...at, 'concurrency', 'maxConcurrentJobs'], 'concurrency/active-jobs-unreachable',
          `a worker runs at most ${count(c.maxConcurrentJobs, 'job')}, so the average of "${c.activeJobsMetric}" can never exceed its target of ${target} and that metric can never trigger a scale-up`,
          `raise maxConcurrentJobs above ${target} or lower metrics.${c.activeJobsMetric}.target.averageValue`));
      }
    }
    const peak = w.useCase?.peakConcurrentJobs;
    if (peak !== undefined && w.replicas.max * c.maxConcurrentJobs < peak) {
      findings.push(error([...at, 'replicas', 'max'], 'concurrency/capacity',
        `${count(w.replicas.max, 'replica')} x ${count(c.maxConcurrentJobs, 'job')} = ${count(w.replicas.max * c.maxConcurrentJobs, 'concurrent job')}, below the declared peak of ${peak}`,
        `raise replicas.max to at least ${Math.ceil(peak / c.maxConcurrentJobs)} or maxConcurrentJobs to at least ${Math.ceil(peak / w.replicas.max)}`));
    }
  }
  return findings;
}
