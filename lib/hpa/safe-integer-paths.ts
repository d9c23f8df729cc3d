import { goInt32 as goInt32Import } from './go-numeric';
import { podGroup as podGroupImport, PodGroup } from './pod-grouping';
import { adjustedProposal, CalculatorContext, ResourceProposal, UsageProposal } from './replica-calculator';
import { PodValues } from './metrics-client';
import { templateRequestOrNull } from './requests';
import { isWithin as isWithinImport } from './tolerance';
import { Milli, MilliInput, Pod, PodResourceSample } from './types';

// Bindings used at every sync, read once: under tsx (CommonJS) every read of an imported binding
// calls two getters, and a simulation reconciles hundreds of thousands of times.
const goInt32 = goInt32Import;
const podGroup = podGroupImport;
const isWithin = isWithinImport;

/**
 * The two per-pod proposals a controller computes at every sync (a Resource metric's Utilization
 * target, a Pods metric) in float64 instead of bigint, without the metrics client's maps: the same
 * results as the bigint path (`getResourceReplicas` after `podResourceMetrics`, `getMetricReplicas`
 * after `getRawMetric`), proved for the inputs they accept and checked by property tests against it
 * (__tests__/hpa-safe-integer.test.ts). They return null, and the caller takes the bigint path, for
 * anything else:
 * - a value, request or intermediate (sums, `metricsTotal * 100`, `request * max(100, target)`,
 *   `count * request`) beyond the safe integers (|x| > 2^53 - 1): within them float64 addition and
 *   multiplication are exact, so int64 never wraps, and `Math.trunc(a / b)` is Go's truncating
 *   `a / b` (the float quotient of integers |a| < 2^53 cannot round across an integer);
 * - pods whose names do not ascend strictly (so are not known to be unique), or metrics that are not
 *   those pods' names in the same order (each value is matched to its pod in one walk, no map);
 * - pods whose requests are not all the same template's (pod-level requests, init containers, or
 *   another containers list), and every error (no pods, no metrics, no ready pod, a missing
 *   request, requests summing to 0): the bigint path words it.
 */

const SAFE = Number.MAX_SAFE_INTEGER;
const SAFE_BIG = BigInt(SAFE);

/** x as a float64 when it is a safe integer, else NaN. */
function safe(x: MilliInput): number {
  if (typeof x === 'number') return Number.isSafeInteger(x) ? x : NaN;
  return x <= SAFE_BIG && x >= -SAFE_BIG ? Number(x) : NaN;
}

const inRange = (x: number) => x <= SAFE && x >= -SAFE;

// Scratch columns, one slot per pod of the sync being computed (the engine is synchronous).
let values: number[] = [];
let has: boolean[] = [];
let timestamps: number[] = [];
let windows: number[] = [];
let requests: number[] = [];
let groups: PodGroup[] = [];

function reset(n: number): void {
  if (has.length < n) {
    values = new Array(n).fill(0);
    has = new Array(n).fill(false);
    timestamps = new Array(n).fill(0);
    windows = new Array(n).fill(0);
    requests = new Array(n).fill(0);
    groups = new Array(n).fill('ready');
  }
  for (let i = 0; i < n; i++) has[i] = false;
}

/** Names strictly ascending: unique, and in the order a one-walk match needs. */
function ascending(pods: readonly Pod[]): boolean {
  for (let i = 1; i < pods.length; i++) if (!(pods[i - 1].name < pods[i].name)) return false;
  return true;
}

// The metrics of one reconcile share its context (reconcile makes one per sync, and a context's
// pods are read-only input): its pods are checked once, not once per metric.
let checkedContext: CalculatorContext | null = null;
let checkedPods: readonly Pod[] | null = null;
let checkedLength = -1;
let checkedAscending = false;

function podsAscending(ctx: CalculatorContext): boolean {
  if (ctx !== checkedContext || ctx.pods !== checkedPods || ctx.pods.length !== checkedLength) {
    checkedContext = ctx;
    checkedPods = ctx.pods;
    checkedLength = ctx.pods.length;
    checkedAscending = ascending(ctx.pods);
  }
  return checkedAscending;
}

/**
 * Each pod's request from its template (calculateRequests without pod-level requests or init
 * containers) into `requests`, as safe float64s; false when a pod has either, or a request is an
 * error or beyond the safe integers.
 */
function templateRequests(pods: readonly Pod[], resource: string): boolean {
  let containers: Pod['containers'] | null = null;
  let request = NaN;
  for (let i = 0; i < pods.length; i++) {
    const pod = pods[i];
    if (pod.podRequests != null || pod.initContainers != null) return false;
    if (pod.containers !== containers) {
      containers = pod.containers;
      const r = templateRequestOrNull(pod, '', resource);
      request = r === null ? NaN : safe(r);
      if (Number.isNaN(request)) return false;
    }
    requests[i] = request;
  }
  return true;
}

/**
 * Finds pod `name` at or after index `from` (pods ascend by name): its index, or -1 when the
 * name is not there (then the metrics are not a subsequence of the pods).
 */
function seek(pods: readonly Pod[], from: number, name: string): number {
  let j = from;
  while (j < pods.length && pods[j].name < name) j++;
  return j < pods.length && pods[j].name === name ? j : -1;
}

/**
 * GetResourceReplicas for a Resource metric (pod sum, no container) with a Utilization target,
 * from the metrics API's samples; null when the bigint path must decide (see above).
 */
export function resourceUtilizationReplicas(
  ctx: CalculatorContext, currentReplicas: number, targetUtilization: number, resource: string, samples: readonly PodResourceSample[],
): ResourceProposal | null {
  const pods = ctx.pods;
  const n = pods.length;
  if (n === 0 || samples.length === 0 || !podsAscending(ctx)) return null;
  reset(n);
  if (!templateRequests(pods, resource)) return null;
  // podResourceMetrics: a pod's value is the sum over its containers; a pod lacking a value is left out.
  let j = 0;
  for (const s of samples) {
    const containers = s.containers;
    if (containers.length === 0) continue;
    let sum = 0;
    let complete = true;
    for (const c of containers) {
      if (c.usage === null) {
        complete = false;
        break;
      }
      sum += safe(c.usage);
      if (!inRange(sum)) return null; // NaN too
    }
    if (!complete) continue;
    const at = seek(pods, j, s.name);
    if (at < 0) return null;
    values[at] = sum;
    has[at] = true;
    timestamps[at] = s.timestamp;
    windows[at] = s.windowSeconds;
    j = at + 1;
  }
  // groupPods, then the usable metrics are exactly the ready pods'.
  let ready = 0;
  let unready = 0;
  let missing = 0;
  let total = 0;
  let requestsTotal = 0;
  for (let i = 0; i < n; i++) {
    const g = podGroup(pods[i], has[i], timestamps[i], windows[i], resource, ctx.cpuInitializationPeriodSeconds, ctx.delayOfInitialReadinessStatusSeconds, ctx.now);
    groups[i] = g;
    if (g === 'ready') {
      ready++;
      total += values[i];
      requestsTotal += requests[i];
      if (!inRange(total) || !inRange(requestsTotal)) return null;
    } else if (g === 'unready') unready++;
    else if (g === 'missing') missing++;
  }
  if (ready === 0) return null;
  const utilization = utilizationOf(total, requestsTotal);
  if (utilization === null) return null;
  const usageRatio = utilization / targetUtilization;
  const rawAverage = BigInt(Math.trunc(total / ready));

  const scaleUpWithUnready = unready > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && missing === 0) {
    if (isWithin(ctx.tolerances, usageRatio)) return { replicas: currentReplicas, utilization, rawAverage };
    return { replicas: goInt32(Math.ceil(usageRatio * ready)), utilization, rawAverage };
  }
  // Missing pods: at max(100 %, target) of their request on a scale-down, at 0 on a scale-up;
  // unready pods at 0 on a scale-up.
  const fillMissing = missing > 0 && (usageRatio < 1.0 || usageRatio > 1.0);
  const factor = Math.max(100, targetUtilization);
  if (fillMissing && usageRatio < 1.0 && !Number.isSafeInteger(factor)) return null;
  let count = ready;
  let newTotal = total;
  let newRequests = requestsTotal;
  for (let i = 0; i < n; i++) {
    const g = groups[i];
    if (g === 'missing' && fillMissing) {
      if (usageRatio < 1.0) {
        const product = requests[i] * factor;
        if (!inRange(product)) return null;
        newTotal += Math.trunc(product / 100);
      }
    } else if (!(g === 'unready' && scaleUpWithUnready)) continue;
    count++;
    newRequests += requests[i];
    if (!inRange(newTotal) || !inRange(newRequests)) return null;
  }
  const adjusted = utilizationOf(newTotal, newRequests);
  if (adjusted === null) return null;
  return { replicas: adjustedProposal(ctx, currentReplicas, usageRatio, adjusted / targetUtilization, count), utilization, rawAverage };
}

/**
 * GetResourceUtilizationRatio's `int32((metricsTotal * 100) / requestsTotal)`; null when out of the
 * safe range or the requests sum to 0 (the bigint path's error).
 */
function utilizationOf(total: number, requestsTotal: number): number | null {
  const scaled = total * 100;
  if (requestsTotal === 0 || !inRange(scaled)) return null;
  // `| 0` is int32() of an int64: the low 32 bits (the quotient is a safe integer).
  return Math.trunc(scaled / requestsTotal) | 0;
}

/**
 * calcPlainMetricReplicas for a Pods metric (no readiness rules), from the custom metrics API's
 * values; null when the bigint path must decide (see above).
 */
export function podsMetricReplicas(
  ctx: CalculatorContext, currentReplicas: number, targetUsage: Milli, metricValues: PodValues,
): UsageProposal | null {
  const pods = ctx.pods;
  const n = pods.length;
  const target = safe(targetUsage);
  if (n === 0 || metricValues.size === 0 || Number.isNaN(target) || !podsAscending(ctx)) return null;
  reset(n);
  // forEach, not for..of: no [name, value] pair per entry.
  let j = 0;
  metricValues.forEach((value, name) => {
    if (j < 0) return;
    const v = safe(value);
    const at = Number.isNaN(v) ? -1 : seek(pods, j, name);
    if (at >= 0) {
      values[at] = v;
      has[at] = true;
    }
    j = at < 0 ? -1 : at + 1;
  });
  if (j < 0) return null;
  let ready = 0;
  let unready = 0;
  let missing = 0;
  let total = 0;
  for (let i = 0; i < n; i++) {
    const g = podGroup(pods[i], has[i], 0, 0, '', 0, 0, ctx.now);
    if (g === 'ready') {
      ready++;
      total += values[i];
      if (!inRange(total)) return null;
    } else if (g === 'unready') unready++;
    else if (g === 'missing') missing++;
  }
  if (ready === 0) return null;
  // GetMetricUsageRatio: `metricsTotal / int64(len(metrics))`, truncating.
  const usageNumber = Math.trunc(total / ready);
  const usageRatio = usageNumber / target;
  const usage = BigInt(usageNumber);

  const scaleUpWithUnready = unready > 0 && usageRatio > 1.0;
  if (!scaleUpWithUnready && missing === 0) {
    if (isWithin(ctx.tolerances, usageRatio)) return { replicas: currentReplicas, usage };
    return { replicas: goInt32(Math.ceil(usageRatio * ready)), usage };
  }
  // Missing pods at the target on a scale-down, at 0 on a scale-up, left out at exactly 1.0;
  // unready pods at 0 on a scale-up.
  let count = ready;
  let newTotal = total;
  if (missing > 0 && (usageRatio < 1.0 || usageRatio > 1.0)) {
    if (usageRatio < 1.0) {
      const fill = missing * target;
      if (!inRange(fill)) return null;
      newTotal += fill;
    }
    count += missing;
  }
  if (scaleUpWithUnready) count += unready;
  if (!inRange(newTotal)) return null;
  const newRatio = Math.trunc(newTotal / count) / target;
  return { replicas: adjustedProposal(ctx, currentReplicas, usageRatio, newRatio, count), usage };
}
