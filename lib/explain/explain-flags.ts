import { HelpRequested, parseCommandLine } from '../cli/command-line';
import { Finding } from '../config/findings';
import { ControllerSettings } from '../hpa';

/**
 * The command line of `npm run explain`: every flag checked against the range the Kubernetes
 * controller gives it meaning in, each mistake a finding naming the flag, the rule and the fix.
 * Pure (argv in, options or findings out); `scripts/explain.ts` only prints.
 *
 * Ranges. kube-controller-manager does not validate its HPA flags itself; these are the values
 * for which the controller's arithmetic (kubernetes pkg/controller/podautoscaler) means anything:
 * - `--tolerance` (--horizontal-pod-autoscaler-tolerance): a ratio in [0, 1). The controller acts
 *   outside [1 - tolerance, 1 + tolerance]; at 1 or more the scale-down bound is 0 or negative, so
 *   no usage could ever ask for fewer replicas. `spec.behavior.*.tolerance` (HPAConfigurableTolerance)
 *   is likewise a non-negative quantity.
 * - `--sync-period` (--horizontal-pod-autoscaler-sync-period): a duration in (0, 1h]. 0 would be a
 *   busy loop (the workqueue resync); beyond an hour it outlasts every stabilization window the API
 *   allows (stabilizationWindowSeconds <= 3600), which no real cluster runs with.
 * - `--downscale-stabilization` (--horizontal-pod-autoscaler-downscale-stabilization),
 *   `--cpu-initialization-period` (--horizontal-pod-autoscaler-cpu-initialization-period) and
 *   `--initial-readiness-delay` (--horizontal-pod-autoscaler-initial-readiness-delay): durations in
 *   [0, 24h]; 0 turns the mechanism off, more than a day is a typo (the defaults are 5m, 5m, 30s).
 * Durations are Go durations as the controller flags take them (`15s`, `1m30s`, `300ms`), or a plain
 * number of seconds.
 */

export const EXPLAIN_USAGE = 'usage: npm run explain -- <hpa.yaml|json> [--pods <pods.yaml>] [--now <RFC 3339 time>] [--format text|json]'
  + ' [--sync-period <duration>] [--tolerance <ratio>] [--downscale-stabilization <duration>]'
  + ' [--cpu-initialization-period <duration>] [--initial-readiness-delay <duration>]';

export interface ExplainArgs {
  readonly file: string;
  readonly podsFile?: string;
  /** Unix ms. */
  readonly now: number;
  readonly format: 'text' | 'json';
  readonly settings: Partial<ControllerSettings>;
}

interface DurationFlag {
  readonly flag: string;
  readonly kube: string;
  readonly setting: 'syncPeriodSeconds' | 'downscaleStabilizationWindowSeconds' | 'cpuInitializationPeriodSeconds' | 'initialReadinessDelaySeconds';
  /** Seconds. */
  readonly min: number;
  readonly minExclusive: boolean;
  readonly max: number;
  readonly example: string;
}

const DURATIONS: readonly DurationFlag[] = [
  { flag: 'sync-period', kube: '--horizontal-pod-autoscaler-sync-period', setting: 'syncPeriodSeconds', min: 0, minExclusive: true, max: 3600, example: '15s' },
  { flag: 'downscale-stabilization', kube: '--horizontal-pod-autoscaler-downscale-stabilization', setting: 'downscaleStabilizationWindowSeconds', min: 0, minExclusive: false, max: 86400, example: '5m' },
  { flag: 'cpu-initialization-period', kube: '--horizontal-pod-autoscaler-cpu-initialization-period', setting: 'cpuInitializationPeriodSeconds', min: 0, minExclusive: false, max: 86400, example: '5m' },
  { flag: 'initial-readiness-delay', kube: '--horizontal-pod-autoscaler-initial-readiness-delay', setting: 'initialReadinessDelaySeconds', min: 0, minExclusive: false, max: 86400, example: '30s' },
];

const STRING_FLAGS = ['pods', 'now', 'format', 'tolerance', ...DURATIONS.map((d) => d.flag)];

const UNIT_SECONDS: Readonly<Record<string, number>> = { ns: 1e-9, us: 1e-6, 'µs': 1e-6, ms: 1e-3, s: 1, m: 60, h: 3600 };

/**
 * A Go duration (time.ParseDuration: `1h2m3.5s`, `300ms`, `-5s`) or a plain decimal number of
 * seconds, in seconds; undefined when it is neither.
 */
export function parseDurationSeconds(text: string): number | undefined {
  const t = text.trim();
  if (/^[-+]?(\d+\.?\d*|\.\d+)$/.test(t)) return Number(t);
  const m = /^([-+]?)((?:(?:\d+\.?\d*|\.\d+)(?:ns|us|µs|ms|s|m|h))+)$/.exec(t);
  if (!m) return undefined;
  let total = 0;
  for (const part of m[2].matchAll(/(\d+\.?\d*|\.\d+)(ns|us|µs|ms|s|m|h)/g)) total += Number(part[1]) * UNIT_SECONDS[part[2]];
  return m[1] === '-' ? -total : total;
}

/** RFC 3339 date-time (`2026-11-29T08:00:00Z`, `...08:00:00.5+01:00`), as Unix ms. */
export function parseRfc3339(text: string): number | undefined {
  const m = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/.exec(text);
  if (!m) return undefined;
  const [, y, mo, d, h, mi, s] = m.map(Number);
  // Date.parse rolls 2026-02-30 over to March: reject dates and times that do not exist.
  const check = new Date(Date.UTC(y, mo - 1, d, h, mi, s));
  if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== d || h > 23 || mi > 59 || s > 60) return undefined;
  const ms = Date.parse(text.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : ms;
}

function flagFinding(flag: string, rule: string, message: string, hint: string): Finding {
  return { severity: 'error', path: [`--${flag}`], rule, message, hint };
}

/**
 * util.parseArgs reads `--tolerance -0.5` as a flag followed by an unknown option: a value that
 * looks like a negative number is joined to its flag (`--tolerance=-0.5`), so it is range-checked
 * like any other value instead of failing as "ambiguous".
 */
function joinNegativeValues(argv: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const next = argv[i + 1];
    if (STRING_FLAGS.includes(a.replace(/^--/, '')) && a.startsWith('--') && next !== undefined && /^-(\d|\.\d)/.test(next)) {
      out.push(`${a}=${next}`);
      i++;
    } else {
      out.push(a);
    }
  }
  return out;
}

/** Parses and checks the command line; `now` is the current time in Unix ms (the default of --now). */
export function parseExplainArgs(argv: readonly string[], now: number): { args: ExplainArgs; findings: []; help?: undefined } | { args?: undefined; findings: Finding[]; help?: true } {
  let parsed;
  try {
    parsed = parseCommandLine({
      args: joinNegativeValues(argv),
      allowPositionals: true,
      options: Object.fromEntries(STRING_FLAGS.map((f) => [f, { type: 'string' as const }])),
    }, { '': 'a path' });
  } catch (e) {
    if (e instanceof HelpRequested) return { findings: [], help: true };
    const message = (e as Error).message.split('\n')[0].replace(/\. To specify a positional argument.*$/, '');
    return { findings: [{ severity: 'error', path: [], rule: 'cli/usage', message, hint: EXPLAIN_USAGE }] };
  }
  const values = parsed.values as Record<string, string | undefined>;
  const findings: Finding[] = [];
  const { positionals } = parsed;
  if (positionals.length !== 1) {
    findings.push({
      severity: 'error', path: [], rule: 'cli/usage',
      message: positionals.length === 0 ? 'no HPA file given' : `give exactly one HPA file, got ${positionals.length}: ${positionals.join(' ')}`,
      hint: `${EXPLAIN_USAGE}  (kubectl get hpa <name> -n <namespace> -o yaml > hpa.yaml; several HPAs go in one List)`,
    });
  }

  const format = values.format ?? 'text';
  if (format !== 'text' && format !== 'json') {
    findings.push(flagFinding('format', 'cli/choice', `is ${JSON.stringify(format)}; it must be text or json`, '--format text (for people) or --format json (for scripts)'));
  }

  let at = now;
  if (values.now !== undefined) {
    const t = parseRfc3339(values.now);
    if (t === undefined) {
      findings.push(flagFinding('now', 'cli/time', `is ${JSON.stringify(values.now)}, not an RFC 3339 date-time`,
        'give the time the file was taken with its zone, as kubectl prints times: --now 2026-11-29T08:00:00Z'));
    } else {
      at = t;
    }
  }

  const settings: { -readonly [K in keyof ControllerSettings]?: ControllerSettings[K] } = {};
  if (values.tolerance !== undefined) {
    const text = values.tolerance.trim();
    const x = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(text) ? Number(text) : NaN;
    if (!Number.isFinite(x)) {
      findings.push(flagFinding('tolerance', 'cli/number', `is ${JSON.stringify(values.tolerance)}, not a number`,
        'a ratio such as 0.1 (10%), as --horizontal-pod-autoscaler-tolerance takes it; not a percentage'));
    } else if (x < 0 || x >= 1) {
      findings.push(flagFinding('tolerance', 'cli/range', `is ${text}; it must be a ratio in [0, 1): the controller acts outside [1 - tolerance, 1 + tolerance], and at 1 or more no usage could ask for fewer replicas`,
        `${x >= 1 && x < 100 ? `for ${text}% give --tolerance ${x / 100}; ` : ''}the controller default is 0.1 (--horizontal-pod-autoscaler-tolerance)`));
    } else {
      settings.tolerance = x;
    }
  }

  for (const d of DURATIONS) {
    const raw = values[d.flag];
    if (raw === undefined) continue;
    const s = parseDurationSeconds(raw);
    const range = `${d.minExclusive ? '(' : '['}${d.min}s, ${d.max >= 3600 ? `${d.max / 3600}h` : `${d.max}s`}]`;
    if (s === undefined) {
      findings.push(flagFinding(d.flag, 'cli/duration', `is ${JSON.stringify(raw)}, not a duration`,
        `a duration as ${d.kube} takes it (${d.example}, 1m30s, 500ms) or a number of seconds`));
    } else if (d.minExclusive ? s <= d.min : s < d.min) {
      findings.push(flagFinding(d.flag, 'cli/range', `is ${raw}; it must be in ${range}${d.minExclusive ? ': the controller needs a positive period between syncs' : ': a duration cannot be negative'}`,
        `the controller default is ${d.example} (${d.kube})`));
    } else if (s > d.max) {
      findings.push(flagFinding(d.flag, 'cli/range', `is ${raw} (${s} s); it must be in ${range}`,
        `the controller default is ${d.example} (${d.kube}); check the unit (s, m, h)`));
    } else {
      settings[d.setting] = s;
    }
  }

  if (findings.length) return { findings };
  return { args: { file: positionals[0], podsFile: values.pods, now: at, format: format as 'text' | 'json', settings }, findings: [] };
}

export { formatFlagFindings } from '../cli/command-line';
