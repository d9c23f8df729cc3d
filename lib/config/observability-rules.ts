import { error, Finding } from './findings';
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
    const matches = slo.errorRate?.errors.matches;
    if (matches !== undefined && !isRegex(matches)) {
      out.push(error([...at, 'errorRate', 'errors', 'matches'], 'slo/invalid-regex', `${JSON.stringify(matches)} is not a valid regular expression`,
        'write an RE2 expression such as "5.."'));
    }
  }
  return out;
}

/** RE2 (Prometheus) is close to a subset of JavaScript's syntax for the expressions used on labels; lookarounds and backreferences are RE2-only errors. */
function isRegex(source: string): boolean {
  if (/\(\?[=!<]|\\[1-9]/.test(source)) return false;
  try {
    new RegExp(`^(?:${source})$`);
    return true;
  } catch {
    return false;
  }
}
