import { count } from '../config/counts';
import {
  Condition, ControllerSettings, defaultBehavior as defaultBehaviorImport, EffectiveRules, HpaSpec, ReconcileResult, scaleDownLimit, scaleUpLimit, ScalingPolicy,
  ControllerState, tolerancesForHpa as tolerancesForHpaImport,
} from '../hpa';

// Bindings used at every sync, read once: under tsx (CommonJS) every read of an imported binding
// calls two getters, and a simulation reconciles hundreds of thousands of times.
const defaultBehavior = defaultBehaviorImport;
const tolerancesForHpa = tolerancesForHpaImport;

/** One HPA metric as the timeline shows it: the value the controller compares with the target. */
export interface MetricColumn {
  /** `cpu`, `memory` or the custom/external metric's name. */
  readonly name: string;
  /** e.g. "cpu utilization", "luneo_queue_depth per pod". */
  readonly label: string;
  /** "%" for utilization, else the metric's unit ("req/s", "jobs", "bytes", "millicores"). */
  readonly unit: string;
  readonly target: number;
}

export type LimitedBy =
  | 'none' | 'tolerance' | 'scale-up-window' | 'scale-down-window' | 'scale-up-policy' | 'scale-down-policy'
  | 'minReplicas' | 'maxReplicas' | 'metrics-unavailable' | 'unready-pods';

export interface Decision {
  /** Seconds from the start. */
  readonly t: number;
  /** Clock time (recordings) or elapsed time, as in the texts. */
  readonly at: string;
  readonly kind: 'scale-up' | 'scale-down' | 'held';
  readonly from: number;
  readonly to: number;
  /** The metric whose proposal was the largest (the controller takes the max), or null. */
  readonly drivingMetric: string | null;
  /** The raw recommendation (max of the metrics' proposals) before stabilization and limits. */
  readonly recommendation: number | null;
  readonly proposals: ReadonlyArray<{ metric: string; value: number | null; target: number; unit: string; replicas: number | null; error?: string }>;
  /** After the stabilization window(s). */
  readonly stabilized: number | null;
  readonly limitedBy: LimitedBy;
  /** The recommendation in the window that held the count, when a window did. */
  readonly heldBy?: { readonly recommendation: number; readonly t: number; readonly at: string; readonly windowSeconds: number };
  /** The policies' bounds when a rate limit applied. */
  readonly policies?: ReadonlyArray<{ type: string; value: number; periodSeconds: number; allows: number }>;
  /** The whole decision in a reviewer's words. */
  readonly text: string;
}

export interface ExplainInput {
  readonly spec: HpaSpec;
  readonly settings: ControllerSettings;
  /** Seconds. */
  readonly t: number;
  readonly current: number;
  readonly stateBefore: ControllerState;
  readonly result: ReconcileResult;
  readonly columns: readonly MetricColumn[];
  readonly values: ReadonlyArray<number | null>;
  /** Pods not terminating, and of them those Ready, at t. */
  readonly pods: number;
  readonly readyPods: number;
  readonly clock: (t: number) => string;
}

/** Why the controller chose its count at one sync, in the words of the README's "Simulator". */
export function explain(x: ExplainInput): Decision {
  const { spec, current, result, columns, values, clock, t } = x;
  const min = spec.minReplicas ?? 1;
  const max = spec.maxReplicas;
  const to = result.desiredReplicas;
  const kind = to > current ? 'scale-up' : to < current ? 'scale-down' : 'held';
  const detail = result.detail;
  const proposals = columns.map((c, i) => {
    const p = detail?.proposals[i];
    return {
      metric: c.name, value: values[i], target: c.target, unit: c.unit,
      replicas: p?.ok ? p.replicas : null, ...(p && !p.ok ? { error: `${p.reason}: ${p.message}` } : {}),
    };
  });
  const rec = detail?.recommendation ?? null;
  let driving: number | null = null;
  proposals.forEach((p, i) => {
    if (p.replicas !== null && (driving === null || p.replicas > proposals[driving].replicas!)) driving = i;
  });
  const base = { t, at: clock(t), kind, from: current, to, drivingMetric: driving === null ? null : columns[driving].name, recommendation: rec, proposals, stabilized: detail?.stabilized ?? null } as const;
  const because = driving === null ? '' : `${describeMetric(columns[driving], values[driving])} recommended ${rec}`;
  const moved = kind === 'held' ? `held at ${current}` : `scaled ${kind === 'scale-up' ? 'up' : 'down'} ${current} -> ${to}`;

  if (!detail) {
    const bound = current > max ? 'maxReplicas' : 'minReplicas';
    return { ...base, limitedBy: bound, text: `${clock(t)} ${moved}: ${count(current, 'replica')} is outside ${min}..${max}, so the controller sets ${bound} (${to}) without reading metrics` };
  }
  if (rec === null) {
    const active = result.conditions.find((c: Condition) => c.type === 'ScalingActive');
    return { ...base, limitedBy: 'metrics-unavailable', text: `${clock(t)} ${moved}: no usable metric (${active?.reason}: ${active?.message ?? ''}); the controller keeps the count` };
  }
  const stab = detail.stabilized ?? rec;
  const behavior = defaultBehavior(spec.behavior);
  let window: { limitedBy: LimitedBy; name: string; cited: string; heldBy?: Decision['heldBy'] } | null = null;
  if (stab !== rec) {
    const down = rec < current;
    const { seconds, pick } = windowPick(x, behavior, down);
    const heldBy = pick ? { recommendation: pick.recommendation, t: pick.timestamp / 1000, at: clock(pick.timestamp / 1000), windowSeconds: seconds } : undefined;
    const cited = heldBy ? `${heldBy.recommendation} was recommended at ${heldBy.at}` : '';
    window = { limitedBy: down ? 'scale-down-window' : 'scale-up-window', name: `the ${seconds} s scale-${down ? 'down' : 'up'} window`, cited, ...(heldBy ? { heldBy } : {}) };
  }
  if (to !== stab) {
    const reason = result.conditions.find((c) => c.type === 'ScalingLimited')?.reason;
    const limitedBy: LimitedBy = reason === 'TooManyReplicas' ? 'maxReplicas' : reason === 'TooFewReplicas' ? 'minReplicas' : stab > current ? 'scale-up-policy' : 'scale-down-policy';
    const windowNote = window ? `; ${window.name} alone allowed ${stab}${window.cited ? ` (${window.cited})` : ''}` : '';
    return {
      ...base, limitedBy, ...(window?.heldBy ? { heldBy: window.heldBy } : {}), ...policiesIfLimited(x, behavior, stab, to),
      text: `${clock(t)} ${moved}: ${because}; ${limitText(x, behavior, stab, to)}${windowNote}`,
    };
  }
  if (window) {
    const words = `${window.name}${window.cited ? `: ${window.cited}` : ''}`;
    const head = kind === 'held' ? `held at ${to} by ${words}` : `${moved} (not ${rec}), held by ${words}`;
    return { ...base, limitedBy: window.limitedBy, ...(window.heldBy ? { heldBy: window.heldBy } : {}), text: `${clock(t)} ${head} (${because})` };
  }
  if (rec === current && driving !== null) {
    const outside = columns.map((c, i) => ({ c, v: values[i] })).find(({ c, v }) => v !== null && c.target > 0 && Math.ceil((v / c.target) * current) !== current);
    if (outside && outside.v !== null) {
      const ratio = outside.v / outside.c.target;
      const tolerances = tolerancesForHpa(spec.behavior, x.settings);
      const tol = ratio > 1 ? tolerances.scaleUp : tolerances.scaleDown;
      if (ratio >= 1 - tolerances.scaleDown && ratio <= 1 + tolerances.scaleUp) {
        return { ...base, limitedBy: 'tolerance', text: `${clock(t)} held at ${current}: ${describeMetric(outside.c, outside.v)} is ${fmt(ratio)}x its target, within the ${fmt(tol * 100)} % tolerance` };
      }
      if (x.readyPods < x.pods) {
        return {
          ...base, limitedBy: 'unready-pods',
          text: `${clock(t)} held at ${current}: ${describeMetric(outside.c, outside.v)} is ${fmt(ratio)}x its target, but ${x.pods - x.readyPods} of ${count(x.pods, 'pod')} are not Ready or have no metrics yet; counted at 0 (scale-up) or at the target (scale-down), they keep the proposal at ${current}`,
        };
      }
    }
  }
  return { ...base, limitedBy: 'none', text: `${clock(t)} ${moved}: ${because}` };
}

/**
 * The stabilization window that applied and the record bounding it: the highest (down) or lowest
 * (up) recommendation strictly inside the window, the latest of equals.
 */
function windowPick(x: ExplainInput, behavior: ReturnType<typeof defaultBehavior>, down: boolean) {
  const now = x.t * 1000;
  const seconds = down
    ? (behavior?.scaleDown.stabilizationWindowSeconds ?? x.settings.downscaleStabilizationWindowSeconds)
    : (behavior?.scaleUp.stabilizationWindowSeconds ?? 0);
  // A fresh controller seeds its history with the current count at its first sync.
  const history = x.stateBefore.recommendations ?? [{ recommendation: x.current, timestamp: now }];
  let pick: { recommendation: number; timestamp: number } | null = null;
  for (const r of history) {
    if (!(behavior ? r.timestamp > now - seconds * 1000 : r.timestamp >= now - seconds * 1000)) continue;
    if (!pick) pick = r;
    else if ((down ? r.recommendation > pick.recommendation : r.recommendation < pick.recommendation)
      || (r.recommendation === pick.recommendation && r.timestamp > pick.timestamp)) pick = r;
  }
  return { seconds, pick };
}

/**
 * For a sync that left the count alone: what held it, as a short key ('' when nothing did), the
 * same cause `explain` would name. A hold lasting many syncs is explained once, at its start, and
 * the key is cheap enough to compute every sync.
 */
export function holdKey(x: ExplainInput): string {
  const d = x.result.detail;
  const current = x.current;
  if (!d) return `bounds|${current}`;
  if (d.recommendation === null) return `metrics-unavailable|${current}`;
  const rec = d.recommendation;
  const stab = d.stabilized ?? rec;
  // Nothing held back a change min/max would have cancelled anyway.
  if (rec !== current && Math.min(x.spec.maxReplicas, Math.max(x.spec.minReplicas ?? 1, rec)) === current) return '';
  if (x.result.desiredReplicas !== stab) return `limit|${current}`;
  if (stab !== rec) {
    const { pick } = windowPick(x, defaultBehavior(x.spec.behavior), rec < current);
    return `window|${current}|${pick?.recommendation ?? ''}`;
  }
  if (rec !== current) return '';
  for (let i = 0; i < x.columns.length; i++) {
    const v = x.values[i];
    const c = x.columns[i];
    if (v === null || !(c.target > 0) || Math.ceil((v / c.target) * current) === current) continue;
    const tolerances = tolerancesForHpa(x.spec.behavior, x.settings);
    const ratio = v / c.target;
    if (ratio >= 1 - tolerances.scaleDown && ratio <= 1 + tolerances.scaleUp) return `tolerance|${current}`;
    return x.readyPods < x.pods ? `unready|${current}` : '';
  }
  return '';
}


function policiesIfLimited(x: ExplainInput, behavior: ReturnType<typeof defaultBehavior>, stab: number, to: number) {
  if (!behavior || to === stab) return {};
  const up = stab > x.current;
  const rules = up ? behavior.scaleUp : behavior.scaleDown;
  return { policies: policyBounds(x, rules, up) };
}

function policyBounds(x: ExplainInput, rules: EffectiveRules, up: boolean) {
  const now = x.t * 1000;
  const { scaleUpEvents, scaleDownEvents } = x.stateBefore;
  return rules.policies.map((p: ScalingPolicy) => {
    const single: EffectiveRules = { ...rules, selectPolicy: 'Max', policies: [p] };
    const allows = up ? scaleUpLimit(x.current, scaleUpEvents, scaleDownEvents, single, now) : scaleDownLimit(x.current, scaleUpEvents, scaleDownEvents, single, now);
    return { type: p.type, value: p.value, periodSeconds: p.periodSeconds, allows };
  });
}

function limitText(x: ExplainInput, behavior: ReturnType<typeof defaultBehavior>, stab: number, to: number): string {
  const reason = x.result.conditions.find((c) => c.type === 'ScalingLimited')?.reason;
  const max = x.spec.maxReplicas;
  const min = x.spec.minReplicas ?? 1;
  if (reason === 'TooManyReplicas') return `capped at maxReplicas ${max}`;
  if (reason === 'TooFewReplicas') return `floored at minReplicas ${min}`;
  const up = stab > x.current;
  if (!behavior) {
    return up ? `limited to ${to} by the scale-up limit without behavior: max(${x.settings.scaleUpLimitFactor}x, ${x.settings.scaleUpLimitMinimum})` : `limited to ${to}`;
  }
  const rules = up ? behavior.scaleUp : behavior.scaleDown;
  if (rules.selectPolicy === 'Disabled') return `held at ${to}: scale-${up ? 'up' : 'down'} is Disabled`;
  const bounds = policyBounds(x, rules, up);
  const words = bounds.map((b) => `${policyWords(b, up)} -> ${b.allows}`).join(', ');
  const which = rules.selectPolicy === 'Min' ? 'smaller' : 'larger';
  const chosen = bounds.find((b) => b.allows === to);
  return `limited to ${to} by the scale-${up ? 'up' : 'down'} policy ${chosen ? policyWords(chosen, up) : ''} (the ${which} change of: ${words})`.replace('policy  (', 'policies (');
}

function policyWords(p: { type: string; value: number; periodSeconds: number }, up: boolean): string {
  const sign = up ? '+' : '-';
  return p.type === 'Percent' ? `${sign}${p.value} % per ${p.periodSeconds} s` : `${sign}${p.value} ${p.value === 1 ? 'pod' : 'pods'} per ${p.periodSeconds} s`;
}

export function describeMetric(c: MetricColumn, v: number | null): string {
  if (v === null) return `${c.label} (no value)`;
  if (c.unit === '%') return `${c.label} ${fmt(v)} % (target ${fmt(c.target)} %)`;
  const unit = c.unit ? ` ${c.unit}` : '';
  return `${c.label} ${fmt(v)}${unit} (target ${fmt(c.target)}${unit})`;
}

/** A number for a sentence: at most 3 decimals, no trailing zeros. */
export function fmt(x: number): string {
  return String(Math.round(x * 1000) / 1000);
}
