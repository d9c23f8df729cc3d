import { z } from 'zod';
import { milliValue } from '../hpa/quantity';

/**
 * Field-level value types shared by the environment schema and the constructs' props schemas.
 * Each one carries the rule text that a finding quotes, so a message says which rule was broken.
 */

/** RFC 1123 label: what Kubernetes requires of namespaces and most object names (≤ 63 chars). */
export const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

export const dnsLabel = z
  .string()
  .max(63, 'must be at most 63 characters (RFC 1123 label)')
  .regex(DNS_LABEL, 'must be an RFC 1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit');

/** Label key: optional DNS-subdomain prefix and a name of ≤ 63 chars (Kubernetes qualified name). */
const QUALIFIED_NAME = /^([a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*\/)?[A-Za-z0-9]([-A-Za-z0-9_.]{0,61}[A-Za-z0-9])?$/;
export const labelKey = z
  .string()
  .max(316, 'must be at most 253 + 1 + 63 characters (qualified name)')
  .regex(QUALIFIED_NAME, 'must be a Kubernetes qualified name such as app.kubernetes.io/name');

const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
export const labelValue = z
  .string()
  .max(63, 'must be at most 63 characters (label value)')
  .regex(LABEL_VALUE, 'must be a label value: alphanumerics, "-", "_" and ".", starting and ending alphanumeric');

export const labels = z.record(labelKey, labelValue);

/**
 * Prometheus metric and label names (prometheus/common model: `LabelNameRE`, `MetricNameRE`); names
 * starting with `__` are reserved for Prometheus's internal use (`__name__`, `__address__`...).
 */
export const PROM_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;
/** Why `name` cannot be a Prometheus label name, or undefined when it can. */
export function promLabelNameProblem(name: string): string | undefined {
  if (!PROM_LABEL_NAME.test(name)) return 'is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)';
  if (name.startsWith('__')) return 'starts with "__", which Prometheus reserves for internal labels';
  return undefined;
}
export const promName = z.string().regex(/^[a-zA-Z_:][a-zA-Z0-9_:]*$/, 'must be a Prometheus metric name ([a-zA-Z_:][a-zA-Z0-9_:]*)')
  .refine((n) => !n.startsWith('__'), 'must not start with "__" (reserved for Prometheus internal names)');
export const promLabelName = z.string().regex(PROM_LABEL_NAME, 'must be a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*)')
  .refine((n) => !n.startsWith('__'), 'must not start with "__" (reserved for Prometheus internal labels)');

/**
 * A Prometheus duration as the prometheus-operator CRDs accept it (monitoring.coreos.com/v1
 * `Duration`: units y, w, d, h, m, s, ms, largest first, each at most once, or "0"). The CRD pattern
 * also matches the empty string, which the operator drops so Prometheus falls back to its global
 * default; we require at least one unit.
 */
export const PROMETHEUS_DURATION = /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;
export const prometheusDuration = z.string()
  .min(1, 'must not be empty: Prometheus would silently use its global default')
  .regex(PROMETHEUS_DURATION, 'must be a Prometheus duration such as 30s, 1m30s or 500ms (units y, w, d, h, m, s, ms, largest first)');

/**
 * The longest duration any consumer holds: Go's time.Duration (int64 nanoseconds: 2562047h47m16s),
 * which prometheus-adapter's --metrics-relist-interval parses; Prometheus (int64 milliseconds)
 * holds more. In whole hours, so the message is short.
 */
export const MAX_DURATION_SECONDS = 2562047 * 3600;

/** Whether `d` is a duration `duration` or `prometheusDuration` accepts the syntax of (its length unchecked). */
export const isDuration = (d: string) => d !== '' && PROMETHEUS_DURATION.test(d);

/**
 * The durations of our own fields (policy periods, stabilization windows, rate windows, alert
 * `for`, timeouts, simulation times): the same compound syntax as a Prometheus duration (`1m30s`,
 * `1h1s`, `1d`; units y, w, d, h, m, s, largest first, each at most once; a year is 365 days), in
 * whole seconds (each is used in seconds: HPA periodSeconds and stabilizationWindowSeconds, the
 * worker's *_SECONDS variables, the simulator's clock), at most MAX_DURATION_SECONDS.
 */
export const duration = z.string()
  .regex(PROMETHEUS_DURATION, 'must be a duration such as 30s, 1m30s, 2h or 1d (units y, w, d, h, m, s, largest first, each at most once)')
  .refine((d) => d !== '', { message: 'must not be empty: write 0s for none' })
  .refine((d) => !isDuration(d) || durationMilliseconds(d) <= MAX_DURATION_SECONDS * 1000,
    { message: `must be at most ${MAX_DURATION_SECONDS / 3600}h (about 292 years: the longest duration Go's time.Duration holds)` })
  .refine((d) => !isDuration(d) || durationMilliseconds(d) > MAX_DURATION_SECONDS * 1000 || durationMilliseconds(d) % 1000 === 0,
    { message: 'must be a whole number of seconds (the value is used in seconds): write 1s or 2s, not milliseconds' });

/** A duration whose length must lie in [min, max] seconds (checked only once the syntax is right). */
export function durationWithin(min: number, max: number, message: string) {
  return duration.refine((d) => !isDuration(d) || durationMilliseconds(d) > MAX_DURATION_SECONDS * 1000 || (seconds(d) >= min && seconds(d) <= max), { message });
}

const UNIT_MILLISECONDS: Record<string, number> = { y: 365 * 86400_000, w: 7 * 86400_000, d: 86400_000, h: 3600_000, m: 60_000, s: 1000, ms: 1 };
const DURATION_PART = /([0-9]+)(ms|y|w|d|h|m|s)/g;

/** Milliseconds in a well-formed duration (an integer; inexact only far beyond MAX_DURATION_SECONDS). */
function durationMilliseconds(value: string): number {
  let total = 0;
  for (const [, n, unit] of value.matchAll(DURATION_PART)) total += Number(n) * UNIT_MILLISECONDS[unit];
  return total;
}

/**
 * Seconds in a duration accepted by `duration` or `prometheusDuration` (a Prometheus year is 365
 * days); exact for `duration`'s whole seconds. Throws on anything else: callers pass validated values only.
 */
export function seconds(value: string): number {
  if (!isDuration(value)) throw new Error(`not a duration: ${value}`);
  return durationMilliseconds(value) / 1000;
}

/**
 * Whole seconds as a Go duration (time.ParseDuration: units h, m, s; no d, w or y), largest unit
 * first and zero parts left out: 60 -> 1m, 86400 -> 24h, 3661 -> 1h1m1s, 0 -> 0s. For flags of Go
 * programs (prometheus-adapter's --metrics-relist-interval), which reject `1d`.
 */
export function goDuration(totalSeconds: number): string {
  if (totalSeconds === 0) return '0s';
  const h = Math.floor(totalSeconds / 3600);
  const m = Math.floor((totalSeconds % 3600) / 60);
  const sec = totalSeconds % 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${sec ? `${sec}s` : ''}`;
}

/**
 * A container port name (IANA_SVC_NAME, k8s.io/apimachinery validation.IsValidPortName): at most
 * 15 characters, lower-case letters, digits and "-", at least one letter, no leading, trailing or
 * double "-". PodMonitor `port` names a container port, so it must be one.
 */
export function portNameProblem(name: string): string | undefined {
  if (name.length > 15) return 'must be at most 15 characters';
  if (!/^[-a-z0-9]+$/.test(name)) return 'must contain only lower-case letters, digits and "-"';
  if (!/[a-z]/.test(name)) return 'must contain at least one letter';
  if (name.includes('--')) return 'must not contain "--"';
  if (name.startsWith('-') || name.endsWith('-')) return 'must not begin or end with "-"';
  return undefined;
}

/** Largest int32: the API type of replica counts, policy values and utilization percentages. */
export const INT32_MAX = 2147483647;

/** The message of an int32 bound, naming the API field. */
export const int32Max = (apiField: string) => `must be at most ${INT32_MAX} (${apiField} is an int32 in the Kubernetes API)`;

/** A percentage as an IntOrString holds it: digits and "%" (k8s.io/apimachinery validation IsValidPercent). */
export const PERCENT = /^[0-9]+%$/;

/**
 * An IntOrString count as the Kubernetes API takes it (k8s.io/apimachinery intstr): a whole number
 * of `unit` from 0 to the int32 maximum, or a percentage "N%". With `atMost100`, a percentage above
 * 100% is an error (`schema/too-big`) as the API server rejects it: IsNotMoreThan100Percent, applied
 * to PodDisruptionBudget minAvailable/maxUnavailable (ValidatePodDisruptionBudgetSpec) and to a
 * Deployment's rollingUpdate.maxUnavailable (ValidateRollingUpdateDeployment); maxSurge has no cap.
 */
export function intOrPercent(apiField: string, unit: string, atMost100: boolean) {
  return z.union([
    z.number().int(`must be a whole number of ${unit}`).min(0, 'must be at least 0').max(INT32_MAX, int32Max(apiField)),
    z.string().regex(PERCENT, `must be a whole number of ${unit} or a percentage such as "25%"`)
      .refine((v) => !atMost100 || !PERCENT.test(v) || Number(v.slice(0, -1)) <= 100, {
        message: `must be at most 100% (the API server rejects a larger percentage for ${apiField})`,
        params: { rule: 'schema/too-big', hint: 'use a percentage from 0% to 100%, or a whole number' },
      }),
  ]);
}

/** Kubernetes resource.Quantity syntax (decimal SI, binary SI or exponent). */
export const QUANTITY = /^[+-]?([0-9]+(\.[0-9]*)?|\.[0-9]+)(Ki|Mi|Gi|Ti|Pi|Ei|n|u|m|k|M|G|T|P|E|[eE][+-]?[0-9]+)?$/;

/**
 * The HPA controller computes with Quantity.MilliValue(), an int64: a quantity above
 * MaxInt64 milli-units (about 9.2e15) overflows there (k8s.io/apimachinery resource.Quantity).
 */
export const MAX_MILLI_VALUE = 9223372036854775807n;
const QUANTITY_RANGE_MESSAGE = 'must be at most 9223372036854775807m (about 9.2e15), with at most 60 digits and an exponent within ±40: the HPA controller counts quantities in int64 milli-units';

/** Whether a quantity's milli-value fits an int64; cheap for any input (no huge exponent is expanded). */
export function quantityInRange(q: string | number): boolean {
  if (typeof q === 'number') return Math.abs(q) * 1000 <= Number(MAX_MILLI_VALUE);
  const m = QUANTITY.exec(q);
  if (!m) return true;
  const exp = /[eE]([+-]?[0-9]+)$/.exec(q);
  // No reviewed value needs an exponent beyond ±40, and expanding one exactly costs time and memory.
  if (exp && Math.abs(Number(exp[1])) > 40) return false;
  if (q.replace(/[^0-9]/g, '').length > 60) return false;
  const milli = milliValue(q);
  return (milli < 0n ? -milli : milli) <= MAX_MILLI_VALUE;
}

/**
 * Whether a quantity is a whole number of milli-units. The HPA controller reads targets and
 * requests with Quantity.MilliValue(), which rounds up: a target of 0.0001 would silently act as
 * 0.001 (1m). Cheap for any input (call after quantityInRange).
 */
export function quantityWholeMilli(q: string | number): boolean {
  if (typeof q === 'number') {
    if (!Number.isFinite(q)) return true; // the range rule's
    // Below 1m nothing is whole: 1e-41 would otherwise print as an exponent past ±40 and skip the rule.
    if (q !== 0 && Math.abs(q) < 0.001) return false;
  }
  const text = (typeof q === 'number' ? plainDecimal(q) : q).replace(/^\+/, '');
  if (!QUANTITY.test(text) || text.startsWith('-') || !quantityInRange(text)) return true;
  // milliValue rounds a positive value up and truncates a negative one: equal magnitudes mean no fraction.
  return milliValue(text) === -milliValue(`-${text}`);
}
/**
 * A YAML number as the decimal it was written as, without an exponent (1.5e-3 -> "0.0015"): the
 * shortest text that reads back as the same float64, which is the text written for any value of at
 * most 15 significant digits. String() would give "1e-7", whose exponent form the quantity rules
 * read differently from the digits.
 */
export function plainDecimal(n: number): string {
  const text = String(n);
  const m = /^(-?)(\d+)(?:\.(\d+))?e([+-]\d+)$/.exec(text);
  if (!m) return text;
  const digits = m[2] + (m[3] ?? '');
  const point = m[2].length + Number(m[4]);
  const body = point <= 0 ? `0.${'0'.repeat(-point)}${digits}`
    : point >= digits.length ? digits + '0'.repeat(point - digits.length) : `${digits.slice(0, point)}.${digits.slice(point)}`;
  return m[1] + body;
}
const QUANTITY_PRECISION_MESSAGE = 'must be a whole number of milli-units (a multiple of 1m = 0.001): the HPA controller rounds finer values up (Quantity.MilliValue)';

export const quantity = z.union([
  z.number().positive('must be greater than 0').refine(quantityInRange, QUANTITY_RANGE_MESSAGE).refine(quantityWholeMilli, QUANTITY_PRECISION_MESSAGE),
  z.string().regex(QUANTITY, 'must be a Kubernetes quantity such as 500m, 1, 1.5 or 512Mi').refine(quantityInRange, QUANTITY_RANGE_MESSAGE)
    .refine(quantityWholeMilli, QUANTITY_PRECISION_MESSAGE),
]);

/** The numeric value of a quantity, for arithmetic checks (output keeps the string as written). */
export function quantityValue(q: string | number): number {
  return Number(milliValue(q)) / 1000;
}
