import { formatDuration, formatTime } from '../report/durations';
import { ConditionExplanation, Explanation, MetricExplanation } from './explain-hpa';
import { DirectionOutlook } from './outlook';

/** Where the troubleshooting sections live, relative to the project root. */
export const README = 'README.md';

/** Two decimals; a ratio that would print as 0.00 (or -0.00) gets two significant digits instead. */
const ratio = (x: number) => (x !== 0 && Math.abs(x) < 0.005 ? x.toPrecision(2) : x.toFixed(2));
const replicas = (n: number) => `${n} replica${n === 1 ? '' : 's'}`;

function when(t: number, now: number): string {
  const d = (t - now) / 1000;
  return d >= 0 ? `in ${formatDuration(d)} (${formatTime(t)})` : `${formatDuration(-d)} ago (${formatTime(t)})`;
}

function metricLines(m: MetricExplanation, e: Explanation): string[] {
  const head = `${m.index + 1}. ${m.type} ${m.name}${m.describedObject ? ` of ${m.describedObject}` : ''}`;
  const band = `${ratio(1 - m.tolerance.scaleDown)}..${ratio(1 + m.tolerance.scaleUp)}`;
  const lines: string[] = [];
  if (m.current === null || m.usageRatio === null) {
    lines.push(`${head}: target ${m.target}; ${e.hasStatus ? 'the status has no current value for it' : 'no current value'}.`);
  } else {
    const where = m.withinTolerance ? `inside the tolerance band ${band}, so it asks for no change`
      : m.usageRatio > 1 ? `above the tolerance band ${band}, so it asks for more replicas` : `below the tolerance band ${band}, so it asks for fewer replicas`;
    const asRead = m.currentAsRead === null ? ''
      : `, which the controller's int64 arithmetic reads as ${m.currentAsRead}`;
    lines.push(`${head}: ${m.current}${asRead} against a target of ${m.target}; usage ratio ${ratio(m.usageRatio)}, ${where}.`);
  }
  if (m.proposal.ok && m.proposal.overflow) {
    lines.push(`   Proposes ${replicas(m.proposal.replicas)}: the count the usage ratio asks for is beyond int32, and upstream's int32(math.Ceil(...)) conversion gives the most negative int32 on amd64 (kube-controller-manager's usual platform), so this metric counts as the lowest proposal${m.wins ? '; as the only one, minReplicas applies' : ''}.`);
  } else if (m.proposal.ok && m.proposal.replicas < 0) {
    lines.push(`   Proposes ${replicas(m.proposal.replicas)}: a negative count, which upstream's int32(math.Ceil(usage ratio × pods)) gives for a negative usage ratio; it counts as the lowest proposal${m.wins ? '; as the only one, minReplicas applies' : ''}.`);
  } else if (m.proposal.ok) {
    lines.push(`   Proposes ${replicas(m.proposal.replicas)}${m.wins ? ' (the highest proposal: this metric decides)' : ''}.`);
  } else if (e.hasStatus) {
    const p = m.proposal;
    lines.push(p.messageSource === 'status' ? `   No proposal (${p.reason}). The HPA's status condition says: "${p.message}"`
      : p.messageSource === 'engine' ? `   No proposal (${p.reason}). Redoing the controller's computation from ${e.pods ? 'the pods given' : 'the status'}, the engine gets: "${p.message}"`
        : `   No proposal (${p.reason}). In explain's words (not a controller message): ${p.message}.`);
  }
  lines.push(`   Asks for more replicas above ${m.scaleUpAbove}, for fewer below ${m.scaleDownBelow}.`);
  return lines;
}

function conditionLines(c: ConditionExplanation, now: number): string[] {
  const since = c.since === null ? '' : `, since ${when(c.since, now)}`;
  const lines = [`${c.type}=${c.status} ${c.reason}${since}`];
  if (c.message) lines.push(`   Controller: "${c.message}"`);
  lines.push(`   Means: ${c.guide.meaning}`);
  if (c.guide.next.length) {
    lines.push('   Check next:');
    for (const step of c.guide.next) lines.push(`     - ${step}`);
  }
  if (c.guide.readme) lines.push(`   See ${README}#${c.guide.readme}`);
  return lines;
}

function directionLines(d: DirectionOutlook, from: number, e: Explanation): string[] {
  const label = d.direction === 'up' ? 'Scale up' : 'Scale down';
  if (d.disabled) return [`${label}: ${d.rule}.`];
  const bound = d.direction === 'up' ? e.maxReplicas : e.minReplicas;
  const atBound = d.direction === 'up' ? from >= bound : from <= bound;
  const step = d.stepTo === from
    ? `no step possible from ${replicas(from)} (${atBound ? `already at ${d.direction === 'up' ? 'maxReplicas' : 'minReplicas'}${from !== bound ? ` or beyond it (${bound})` : ''}` : 'the policy periods are used up'})`
    : `one step goes from ${from} to ${replicas(d.stepTo)}`;
  const lines = [`${label}: ${d.rule}; ${step}.`];
  for (const p of d.policies) {
    if (p.fullFrom !== null) lines.push(`   ${p.text}: a scale ${when(e.lastScaleTime!, e.now)} still counts against this period until ${formatTime(p.fullFrom)}; until then the step may differ from ${from} -> ${replicas(p.to)}.`);
  }
  return lines;
}

function outlookLines(e: Explanation): string[] {
  const o = e.outlook;
  const lines = [...directionLines(o.up, o.from, e), ...directionLines(o.down, o.from, e)];
  if (e.blockedBy?.reason === 'ScalingDisabled') {
    lines.push(`Disabled: the target has 0 replicas, so the HPA does nothing (it neither reads metrics nor scales) until something else gives the target at least one replica; then it raises the target to minReplicas (${e.minReplicas}) and scales from there as above.`);
    return lines;
  }
  if (e.blockedBy && e.conditions.some((c) => c.type === 'AbleToScale' && c.status === 'False' && c.reason === e.blockedBy!.reason)) {
    lines.push(`Blocked: the controller cannot ${e.blockedBy.reason === 'FailedUpdateScale' ? 'write' : 'read'} the target's scale (${e.blockedBy.reason}), so it stops before reading any metric and nothing scales until that is fixed; the metric values above are from the last status it wrote and may be stale.`);
    return lines;
  }
  if (e.blockedBy) {
    lines.push(e.blockedBy.scaleDownOnly
      ? `Blocked: a metric failed (${e.blockedBy.reason}) and the others ask for fewer replicas; the controller never scales down on partial metrics, so it keeps ${replicas(o.from)} until every metric is readable.`
      : `Blocked: no metric could be read (${e.blockedBy.reason}); the controller keeps ${replicas(o.from)} and does nothing until a metric is readable.`);
    return lines;
  }
  if (o.direction === 'none' || o.wanted === null) {
    if (e.hasStatus && o.wanted !== null) {
      const raw = e.metricsWant ?? o.wanted;
      lines.push(raw > e.maxReplicas ? `The metrics ask for ${replicas(raw)}, more than maxReplicas (${e.maxReplicas}): the HPA is held at its ceiling and the pods run above target.`
        : raw < e.minReplicas ? `The metrics ask for ${replicas(raw)}, fewer than minReplicas (${e.minReplicas}): the HPA holds its floor.`
          : `The metrics ask for ${replicas(o.wanted)}, the current count: nothing is pending.`);
    }
    return lines;
  }
  const d = o.direction === 'up' ? o.up : o.down;
  if (d.disabled) {
    lines.push(`The metrics ask for ${replicas(o.wanted)}, but scale-${o.direction} is disabled: the count stays ${replicas(o.from)}.`);
    return lines;
  }
  const w = o.window!;
  const first = w.earliest > o.nextSync
    ? `the policies allow the first step only ${when(w.earliest, e.now)}, when the last scale has left the policy period`
    : `the first step happens at the next sync (${when(w.earliest, e.now)})`;
  if (w.latest === w.earliest) {
    lines.push(`Pending: the metrics ask for ${replicas(o.wanted)}; ${first}.`);
  } else {
    lines.push(`Pending: the metrics ask for ${replicas(o.wanted)}; ${first} if every recommendation of the last ${formatDuration(d.windowSeconds)} was ${o.direction === 'up' ? 'at least' : 'at most'} that, and ${when(w.latest, e.now)} at the latest if the load stays as it is.`);
  }
  if (d.clearAt !== null && d.clearAt > w.earliest) {
    lines.push(`   The full step is certain only from ${formatTime(d.clearAt)}, when the last scale leaves every policy period.`);
  }
  const p = o.projection;
  if (p && p.steps.length > 0) {
    const path = `${[o.from, ...p.steps.map((s) => s.replicas)].join(' -> ')} replicas`;
    const reached = p.reachedAt === null ? 'not reached within the horizon'
      : p.steps.length === 1 ? 'in one step' : `reached ${formatDuration((p.reachedAt - w.earliest) / 1000)} after the first step`;
    lines.push(`   If the load holds (and no earlier scale event limits it): ${path}, ${reached}.`);
  }
  return lines;
}

/** The explanation in plain words, for a terminal. */
export function renderExplanation(e: Explanation): string {
  const ns = e.namespace ? `${e.namespace}/` : '';
  const out: string[] = [`HPA ${ns}${e.name} scales ${e.target} between ${e.minReplicas} and ${e.maxReplicas} replicas (as of ${formatTime(e.now)}).`];
  if (e.hasStatus) {
    const last = e.lastScaleTime === null ? 'never scaled' : `last scaled ${when(e.lastScaleTime, e.now)}`;
    const disabled = e.blockedBy?.reason === 'ScalingDisabled';
    const catching = e.desiredReplicas === null || e.desiredReplicas === e.currentReplicas ? ''
      : disabled ? ` With minReplicas ${e.minReplicas}, a controller that finds the target at 0 replicas disables scaling and writes desiredReplicas 0, so no sync with this spec wrote this pair (minReplicas may have been 0 then, or the status was edited): it is not read as a scale event.`
        : ` The last sync changed the target from ${e.currentReplicas} to ${replicas(e.desiredReplicas)}; from here means from ${replicas(e.outlook.from)}.`;
    out.push(`Now: ${replicas(e.currentReplicas!)}, desired ${e.desiredReplicas ?? 'not in the status'}; ${last}.${catching}`);
  } else {
    out.push('No status: this is a manifest, not an object read from a cluster; behaviour is shown from minReplicas.');
  }
  if (e.pods) {
    const p = e.pods;
    out.push('', `Pods (${p.total}${p.unfiltered ? ', none owned by the target, so all pods of the file' : ''}): ${p.ready} ready` +
      `${p.notReady.length ? `, not ready: ${p.notReady.join(', ')}` : ''}${p.pending.length ? `, pending: ${p.pending.join(', ')}` : ''}` +
      `${p.terminating.length ? `, terminating: ${p.terminating.join(', ')}` : ''}${p.failed.length ? `, failed: ${p.failed.join(', ')}` : ''}.`);
    for (const [resource, names] of Object.entries(p.missingRequests)) {
      out.push(`   Missing ${resource} request in: ${names.join(', ')}; ${resource} utilization cannot be computed (see ${README}#missing-requests).`);
    }
  }
  out.push('', 'Metrics:');
  for (const m of e.metrics) out.push(...metricLines(m, e).map((l) => `  ${l}`));
  if (e.hasStatus) {
    if (e.metricsWant === null) {
      out.push('', 'Decision: no metric gives a proposal.');
    } else {
      const agrees = e.nextDesired === e.desiredReplicas
        ? `the same as the status's desiredReplicas`
        : `the status says ${e.desiredReplicas === null ? 'nothing' : replicas(e.desiredReplicas)}: the difference comes from the recommendation history or earlier scale events, which the status does not hold, or from pods that changed since`;
      out.push('', `Decision: the highest proposal is ${replicas(e.metricsWant)}; after minReplicas/maxReplicas and the policies, with no recommendation history or earlier scale event in the way, the controller sets ${e.nextDesired === null ? 'nothing' : replicas(e.nextDesired)} (${agrees}).`);
    }
    const failed = e.metrics.filter((m) => !m.proposal.ok);
    if (failed.length && !e.blockedBy) {
      out.push(`A metric failed (${failed.map((m) => m.name).join(', ')}), yet the others ask for no fewer than the current count: a failed metric blocks only a scale-down, so the controller keeps acting on the others.`);
    }
  }
  if (e.conditions.length) {
    out.push('', 'Conditions:');
    for (const c of e.conditions) out.push(...conditionLines(c, e.now).map((l) => `  ${l}`));
  }
  out.push('', 'What the behaviour allows from here:');
  out.push(...outlookLines(e).map((l) => `  ${l}`));
  out.push('', 'What the status cannot tell:');
  out.push(...e.unknowns.map((u) => `  - ${u}`));
  return `${out.join('\n')}\n`;
}
