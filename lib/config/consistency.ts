import { error, Finding } from './findings';
import { checkObservability } from './observability-rules';
import { quantityValue, seconds } from './primitives';
import { Environment, Metric } from './schema';

/**
 * Rules that relate several entries of an environment: each metric to the workload that exposes it,
 * the adapter to the scrapes, the concurrency policy to the HPA. They run after the schema passed,
 * so they may trust every field's shape.
 */
export function checkConsistency(env: Environment): Finding[] {
  return [...checkCatalogue(env), ...checkWorkloads(env), ...checkConcurrency(env), ...checkObservability(env)];
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
    const seriesNamespace = workload.scrape.namespace ?? env.namespace;
    if (metric.api === 'custom' && seriesNamespace !== env.namespace) {
      findings.push(error(['workloads', metric.workload, 'scrape', 'namespace'], 'catalogue/namespace-mismatch',
        `the series of Pods metric "${name}" live in namespace "${seriesNamespace}" but the HPA is in "${env.namespace}"; the adapter matches pods by namespace, so the HPA would get no values`,
        'scrape the pods in the HPA\'s namespace'));
    }
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
      findings.push(error([...at, 'deployment'], 'workload/duplicate-target',
        `Deployment "${w.deployment}" is already scaled by workload "${other}"; two HPAs on one workload fight each other`,
        'give each Deployment exactly one workload entry'));
    }
    seenTargets.set(w.deployment, key);
    const otherHpa = seenHpas.get(w.hpa);
    if (otherHpa) {
      findings.push(error([...at, 'hpa'], 'workload/duplicate-hpa', `HPA name "${w.hpa}" is already used by workload "${otherHpa}"`, 'choose a unique name'));
    }
    seenHpas.set(w.hpa, key);
    for (const resource of ['cpu', 'memory'] as const) {
      if (w.utilization[resource] !== undefined && w.requests?.[resource] === undefined) {
        findings.push(error([...at, 'utilization', resource], 'workload/requests-undeclared',
          `a ${resource} utilization target is a percentage of the pods' ${resource} requests, which are not declared; the HPA would report "missing request for ${resource}" and never scale`,
          `declare workloads.${key}.requests.${resource} (the sum of the containers' requests in the Deployment)`));
      }
    }
    const metrics = Object.values(env.metrics).filter((m) => m.workload === key).length;
    if (metrics === 0 && w.utilization.cpu === undefined && w.utilization.memory === undefined) {
      findings.push(error([...at, 'utilization'], 'workload/no-metrics', 'the workload has no utilization target and no catalogue metric, so its HPA has nothing to scale on',
        'add a utilization target or a metric with `workload: ' + key + '`'));
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
          `a worker runs at most ${c.maxConcurrentJobs} jobs, so the average of "${c.activeJobsMetric}" can never exceed its target of ${target} and that metric can never trigger a scale-up`,
          `raise maxConcurrentJobs above ${target} or lower metrics.${c.activeJobsMetric}.target.averageValue`));
      }
    }
    const peak = w.useCase?.peakConcurrentJobs;
    if (peak !== undefined && w.replicas.max * c.maxConcurrentJobs < peak) {
      findings.push(error([...at, 'replicas', 'max'], 'concurrency/capacity',
        `${w.replicas.max} replicas x ${c.maxConcurrentJobs} jobs = ${w.replicas.max * c.maxConcurrentJobs} concurrent jobs, below the declared peak of ${peak}`,
        `raise replicas.max to at least ${Math.ceil(peak / c.maxConcurrentJobs)} or maxConcurrentJobs to at least ${Math.ceil(peak / w.replicas.max)}`));
    }
  }
  return findings;
}
