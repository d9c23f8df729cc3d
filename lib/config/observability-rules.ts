import { DEFAULT_SETTINGS } from '../hpa';
import { error, Finding } from './findings';
import { alertingSettings, PLATFORM_SCRAPE_INTERVAL_SECONDS } from './observability-schema';
import { prometheusRegexProblem } from './prometheus-regex';
import { quantityValue, seconds } from './primitives';
import { Environment } from './schema';

/**
 * Rules relating `workloads.<name>.slo` and `alerting` to the rest of the environment: an SLO
 * series must be scraped, read over enough scrapes, and its error matcher must be a regular
 * expression Prometheus accepts.
 */
/** `minScrapes`: the fewest scrapes a rate() window may cover (consistency.ts passes RATE_WINDOW_SCRAPES). */
export function checkObservability(env: Environment, minScrapes: number): Finding[] {
  const out: Finding[] = checkAlerting(env, minScrapes);
  for (const [key, w] of Object.entries(env.workloads)) {
    const slo = w.slo;
    if (!slo) continue;
    const at = ['workloads', key, 'slo'];
    // Checked whatever else is wrong: the value is the PromQL matcher of ErrorRateHigh and its panels.
    const matches = slo.errorRate?.errors.matches;
    const problem = matches === undefined ? undefined : prometheusRegexProblem(matches);
    if (problem !== undefined) {
      out.push(error([...at, 'errorRate', 'errors', 'matches'], 'slo/invalid-regex',
        `${JSON.stringify(matches)} is not a regular expression Prometheus accepts in a label matcher (RE2, anchored as ^(?:...)$): ${problem}`,
        'write an RE2 expression such as "5.." (no lookarounds or backreferences, repeat counts at most 1000)'));
    }
    if (!w.scrape) {
      out.push(error(at, 'slo/unscraped-series', `workload "${key}" has no scrape, so no ServiceMonitor/PodMonitor collects the series its SLO alerts read; they would never fire`,
        `add workloads.${key}.scrape`));
      continue;
    }
    const scrape = seconds(w.scrape.interval);
    for (const kind of ['errorRate', 'latency'] as const) {
      const s = slo[kind];
      if (s && seconds(s.window) < minScrapes * scrape) {
        out.push(error([...at, kind, 'window'], 'slo/rate-window', `${s.window} covers fewer than ${minScrapes} scrapes of ${w.scrape.interval}`,
          `set it to at least ${minScrapes * scrape}s`));
      }
    }
  }
  return out;
}

/** The HPA controller's tolerance (--horizontal-pod-autoscaler-tolerance, default 0.1): it holds within [1 - t, 1 + t] x target. */
const TOLERANCE = DEFAULT_SETTINGS.tolerance;

/**
 * Rules relating `alerting` thresholds and windows to the HPAs and scrapes they watch: a window a
 * rate()/deriv() cannot fill leaves its alert empty, and a threshold inside what the HPA itself
 * holds as normal fires in steady state.
 */
function checkAlerting(env: Environment, minScrapes: number): Finding[] {
  const out: Finding[] = [];
  const a = alertingSettings(env.alerting);
  const at = ['alerting'];
  const platform = PLATFORM_SCRAPE_INTERVAL_SECONDS;
  const shortWindow = (path: string[], window: string, scrape: number, of: string) => {
    if (seconds(window) >= minScrapes * scrape) return false;
    out.push(error([...at, ...path], 'alerting/rate-window',
      `${window} covers fewer than ${minScrapes} scrapes of ${scrape}s (${of}): under 2 scrapes the window holds fewer than the 2 samples rate()/deriv()/delta() need, so the alert is empty and never fires; under ${minScrapes} it follows single scrapes`,
      `set it to at least ${minScrapes * scrape}s`));
    return true;
  };

  shortWindow(['resourceRateWindow'], a.resourceRateWindow, platform, `cAdvisor through the kubelet, assumed ${platform}s: prometheus-operator's default scrapeInterval`);

  // deriv() over an external gauge of a workload's own scrape (QueueBacklogGrowingAtMaxReplicas).
  const gauges = Object.values(env.metrics).filter((m) => m.api === 'external' && m.seriesType === 'gauge' && env.workloads[m.workload]?.scrape);
  const slowest = gauges.map((m) => ({ m, scrape: seconds(env.workloads[m.workload].scrape!.interval) })).sort((x, y) => y.scrape - x.scrape)[0];
  if (slowest) shortWindow(['workers', 'backlogWindow'], a.workers.backlogWindow, slowest.scrape, `the scrape of ${slowest.m.series} by workload "${slowest.m.workload}"`);

  // HpaFlapping: kube-state-metrics records a replica change at most once per scrape, so the window
  // must span as many scrapes as there are changes of direction (reversals + 1 changes, the first
  // and the last `reversals` scrapes apart).
  const f = a.hpa.flapping;
  if (!shortWindow(['hpa', 'flapping', 'window'], f.window, platform, `kube-state-metrics, assumed ${platform}s: prometheus-operator's default scrapeInterval`)) {
    const window = seconds(f.window);
    if (window < f.reversals * platform) {
      out.push(error([...at, 'hpa', 'flapping', 'window'], 'alerting/flapping-window',
        `${f.window} cannot hold ${f.reversals} changes of scaling direction: kube-state-metrics records a replica change at most once per scrape (${platform}s assumed), and ${f.reversals} changes of direction need ${f.reversals + 1} replica changes, ${f.reversals * platform}s from the first to the last; HpaFlapping could never fire`,
        `set it to at least ${f.reversals * platform}s, or lower alerting.hpa.flapping.reversals`));
    } else {
      // A scale-down after a scale-up waits out the scale-down stabilization window (the highest
      // recommendation within it wins), and every second reversal is one: such an HPA cannot flap
      // that fast, by design. Worth knowing (the alert never watches it), not wrong.
      for (const [key, w] of Object.entries(env.workloads)) {
        const needs = Math.floor(f.reversals / 2) * seconds(w.scaleDown.stabilization);
        if (window < needs) {
          out.push({ severity: 'warning', path: [...at, 'hpa', 'flapping', 'window'], rule: 'alerting/flapping-window',
            message: `${f.window} cannot hold ${f.reversals} changes of scaling direction of workload "${key}": a scale-down after a scale-up waits out its scale-down stabilization of ${w.scaleDown.stabilization}, so HpaFlapping never fires for it`,
            hint: `set it to at least ${needs}s to watch this workload, or lower alerting.hpa.flapping.reversals` });
        }
      }
    }
  }

  // HpaPinnedAtMinimum compares a metric with factor x target: within 1 + tolerance the HPA correctly holds.
  const factor = a.hpa.pinnedAtMinimum.factor;
  if (factor <= 1 + TOLERANCE) {
    out.push(error([...at, 'hpa', 'pinnedAtMinimum', 'factor'], 'alerting/threshold-within-tolerance',
      `${factor} x target lies within the HPA's tolerance band (up to ${1 + TOLERANCE} x target, --horizontal-pod-autoscaler-tolerance ${TOLERANCE}), where the HPA correctly holds at minReplicas: HpaPinnedAtMinimum would page for an HPA doing its job`,
      `set it above ${1 + TOLERANCE} (default 2)`));
  }

  // WorkerSaturated fires at saturation x maxConcurrentJobs active jobs per worker; the HPA keeps
  // them at its active-jobs target, up to target x (1 + tolerance), in steady state.
  for (const [key, w] of Object.entries(env.workloads)) {
    const c = w.concurrency;
    const metric = c ? env.metrics[c.activeJobsMetric] : undefined;
    if (!c || !metric) continue;
    const threshold = a.workers.saturation * c.maxConcurrentJobs;
    const held = quantityValue(metric.target.averageValue) * (1 + TOLERANCE);
    if (threshold <= held) {
      out.push(error([...at, 'workers', 'saturation'], 'alerting/threshold-within-target',
        `WorkerSaturated would fire at ${round(threshold)} active jobs per worker of workload "${key}" (${a.workers.saturation} x maxConcurrentJobs ${c.maxConcurrentJobs}), while its HPA holds up to ${round(held)} (target ${metric.target.averageValue} of ${c.activeJobsMetric} + tolerance ${TOLERANCE}): it would fire in steady state`,
        `set it above ${round(held / c.maxConcurrentJobs)}`));
    }
  }
  return out;
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}
