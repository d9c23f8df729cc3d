import { error, Finding } from './findings';
import { prometheusRegexProblem } from './prometheus-regex';
import { seconds } from './primitives';
import { Environment } from './schema';

/**
 * Rules relating `workloads.<name>.slo` and `alerting` to the rest of the environment: an SLO
 * series must be scraped, read over enough scrapes, and its error matcher must be a regular
 * expression Prometheus accepts.
 */
/** `minScrapes`: the fewest scrapes a rate() window may cover (consistency.ts passes RATE_WINDOW_SCRAPES). */
export function checkObservability(env: Environment, minScrapes: number): Finding[] {
  const out: Finding[] = [];
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
