import { count } from './counts';
import { EffectiveRules, scaleDownLimit, scaleUpLimit } from '../hpa';
import { scalingRules } from './scaling-rules';
import { Finding, formatPath } from './findings';
import { seconds } from './primitives';
import { targetOf } from './requests';
import { Environment, Exception, Workload } from './schema';
import { metricsOfWorkload } from './metric-index';
import { generatedPodName, MAX_GENERATED_BASE_LENGTH, MAX_TEMPLATE_HASH_LENGTH, podNamePattern } from './pod-names';

/**
 * Best practices of the source design. The cluster would accept these configurations, so they are
 * warnings (errors under --strict); a reviewed exception in the config silences one, never a switch.
 */
export const UTILIZATION_BAND = { min: 30, max: 95 } as const;

function warning(path: Array<string | number>, rule: string, message: string): Finding {
  const at = formatPath(path);
  return {
    severity: 'warning', path, rule, message,
    hint: `fix it, or record a reviewed exception: exceptions: [{ rule: ${rule}, at: ${at}, reason: "..." }]`,
  };
}

export function checkPractices(env: Environment): Finding[] {
  return [...Object.entries(env.workloads).flatMap(([key, w]) => workloadPractices(env, key, w)), ...podNameOverlaps(env)];
}

/**
 * Alerts and dashboard panels select a Deployment's pods by name (podNamePattern). Once the API
 * server cuts generated names at 58 + 5 characters, pods of another Deployment whose name extends
 * this one's can get names of the same shape: those queries would count them too.
 */
function podNameOverlaps(env: Environment): Finding[] {
  const keys = Object.keys(env.workloads).sort();
  const candidates = prefixRelated(keys.map((k) => env.workloads[k].deployment));
  const out: Finding[] = [];
  for (const a of keys) {
    const deployment = env.workloads[a].deployment;
    const others = candidates(deployment);
    if (others.size === 0) continue;
    const pattern = new RegExp(`^(?:${podNamePattern(deployment)})$`);
    for (const b of keys) {
      const other = env.workloads[b].deployment;
      if (a === b || other === deployment || !others.has(other)) continue;
      // Every pod-template-hash length the controller can produce (1 to 10 characters).
      const clash = Array.from({ length: MAX_TEMPLATE_HASH_LENGTH }, (_, i) => generatedPodName(other, '5'.repeat(i + 1), 'b7m9q')).find((pod) => pattern.test(pod));
      if (clash) {
        out.push(warning(['workloads', a, 'deployment'], 'practice/pod-name-overlap',
          `pods of Deployment ${other} (workload "${b}") can be named like this Deployment's (e.g. ${clash}: Kubernetes cuts generated pod names to 58 characters + 5): alerts and dashboard panels of "${a}" would count them; shorten one of the names`));
      }
    }
  }
  return out;
}

/**
 * For a Deployment name, the other names whose pods could match its pattern: a pod name of
 * `other` starts with `other` (cut at 58), and the pattern with `<deployment>-` (cut at 58), so
 * one of the two must start with the other. Found by binary search in the sorted names and a look
 * up of each prefix, instead of testing every pair (500 workloads: 250,000 pairs x 10 hashes).
 */
function prefixRelated(names: readonly string[]): (deployment: string) => Set<string> {
  const sorted = [...new Set(names)].sort();
  const known = new Set(sorted);
  return (deployment) => {
    const prefix = `${deployment}-`.slice(0, MAX_GENERATED_BASE_LENGTH);
    const found = new Set<string>();
    for (let i = 1; i <= prefix.length; i++) if (known.has(prefix.slice(0, i))) found.add(prefix.slice(0, i));
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < prefix) lo = mid + 1;
      else hi = mid;
    }
    for (let i = lo; i < sorted.length && sorted[i].startsWith(prefix); i++) found.add(sorted[i]);
    found.delete(deployment);
    return found;
  };
}

function workloadPractices(env: Environment, key: string, w: Workload): Finding[] {
  const at = ['workloads', key];
  const out: Finding[] = [];
  const resources = (['cpu', 'memory'] as const).filter((r) => w.utilization[r] !== undefined);
  const custom = metricsOfWorkload(env.metrics, key).length;
  if (resources.length + custom === 1) {
    out.push(warning([...at, 'utilization'], 'practice/single-metric', 'scales on a single metric; one blind spot (a stuck exporter, a load shape the metric misses) leaves it unscaled'));
  }
  if (resources.length === 1 && resources[0] === 'memory' && custom === 0) {
    out.push(warning([...at, 'utilization', 'memory'], 'practice/memory-only', 'memory is the only metric; most runtimes do not return memory after load, so it scales up and never back down'));
  }
  for (const r of resources) {
    const target = w.utilization[r]!;
    const v = targetOf(target).averageUtilization;
    if (v < UTILIZATION_BAND.min || v > UTILIZATION_BAND.max) {
      out.push(warning([...at, 'utilization', r, ...(typeof target === 'number' ? [] : ['percent'])], 'practice/utilization-band',
        `${v}% is outside ${UTILIZATION_BAND.min}-${UTILIZATION_BAND.max}%: below it the workload pays for idle pods, above it there is no headroom while new pods start`));
    }
  }
  if (w.replicas.min < 2) {
    out.push(warning([...at, 'replicas', 'min'], 'practice/min-replicas-below-2', 'a single minimum replica has no redundancy through a node drain or a crash'));
  }
  if (w.replicas.min === w.replicas.max) {
    out.push(warning([...at, 'replicas', 'max'], 'practice/fixed-replicas', 'min equals max: the HPA can never scale; remove it or widen the range'));
  }
  if (seconds(w.scaleDown.stabilization) === 0) {
    out.push(warning([...at, 'scaleDown', 'stabilization'], 'practice/no-scale-down-stabilization', 'no scale-down stabilization: every dip in load removes pods that the next spike needs back'));
  }
  const speed = scalingSpeeds(w);
  // With one pod of range or none, either direction crosses it in a single step: which policy is
  // faster says nothing (and min = max has its own warning).
  if (w.replicas.max - w.replicas.min >= 2 && speed.down >= speed.up) {
    out.push(warning([...at, 'scaleDown'], 'practice/scale-down-faster',
      `at ${count(speed.replicas, 'replica')} it can remove ${count(speed.downPods, 'pod')} per ${w.scaleDown.every} but add only ${speed.upPods} per ${w.scaleUp.every}; scale down more slowly than up`));
  }
  return out;
}

/**
 * Pods per second each direction's policies allow from the middle of the range, by the HPA
 * engine's own policy arithmetic (selectPolicy, Percent rounding). Not clamped to min/max: the
 * rule compares the policies, and a cap would make a fast policy read as 0 pods near the bound.
 */
export function scalingSpeeds(w: Workload) {
  const replicas = Math.max(w.replicas.min, Math.ceil((w.replicas.min + w.replicas.max) / 2));
  const effective = (r: Workload['scaleUp']): EffectiveRules => {
    const rules = scalingRules(r);
    return { stabilizationWindowSeconds: rules.stabilizationWindowSeconds ?? 0, selectPolicy: rules.selectPolicy ?? 'Max', policies: rules.policies ?? [] };
  };
  const upPods = Math.max(0, scaleUpLimit(replicas, [], [], effective(w.scaleUp), 0) - replicas);
  const downPods = Math.max(0, replicas - Math.max(0, scaleDownLimit(replicas, [], [], effective(w.scaleDown), 0)));
  return { replicas, upPods, downPods, up: upPods / seconds(w.scaleUp.every), down: downPods / seconds(w.scaleDown.every) };
}

/** Drops warnings that a reviewed exception covers; an exception that covers nothing is reported. */
export function applyExceptions(findings: readonly Finding[], exceptions: readonly Exception[]): Finding[] {
  const covers = (e: Exception, f: Finding) => f.severity === 'warning' && f.rule === e.rule && formatPath(f.path) === e.at;
  const kept = findings.filter((f) => !exceptions.some((e) => covers(e, f)));
  const unused = exceptions.flatMap((e, i) => (findings.some((f) => covers(e, f)) ? [] : [{
    severity: 'warning' as const, path: ['exceptions', i], rule: 'practice/unused-exception',
    message: `no ${e.rule} warning at ${e.at}: the exception is stale`, hint: 'remove it',
  }]));
  return [...kept, ...unused];
}
