import { count } from './counts';
import { milliValue } from '../hpa/quantity';
import { amountMilli, environmentFootprint, formatCpu, formatMemory, RESOURCES } from './footprint';
import { error, Finding, formatPath } from './findings';
import { DisruptionBudget, Environment, Workload } from './schema';

/**
 * Rules on the objects that keep autoscaled workloads safe and affordable: PodDisruptionBudgets
 * against the HPA floor, VerticalPodAutoscalers against the HPA's resource metrics, and the
 * environment's cost budget against its full-scale footprint.
 */
export function checkSafety(env: Environment): Finding[] {
  // dist/<environment>/ is what Argo CD syncs with automated prune: an environment that renders no
  // workload would sync an (almost) empty directory and delete everything deployed there before.
  if (Object.keys(env.workloads).length === 0) {
    return [error(['workloads'], 'environment/no-workloads',
      'the environment has no workloads, so dist/<environment>/ would be empty and an Argo CD sync with prune would delete every object deployed from it',
      'declare its workloads, or remove the environment file (and its Argo CD Applications with it)')];
  }
  return [
    ...Object.entries(env.workloads).flatMap(([key, w]) => [...checkDisruption(key, w), ...checkVerticalScaling(key, w)]),
    ...checkBudget(env),
  ];
}

/** The PDB a workload gets when it names its pods but no bound: one pod at a time. */
export const DEFAULT_DISRUPTION_BUDGET: DisruptionBudget = { maxUnavailable: 1 };

/**
 * Pods a voluntary disruption may evict when `replicas` healthy pods run, by the disruption
 * controller's arithmetic (pkg/controller/disruption: percentages scale the expected pod count and
 * round up, for minAvailable and maxUnavailable alike).
 */
export function disruptionsAllowed(budget: DisruptionBudget, replicas: number): number {
  const scaled = (v: number | string) => (typeof v === 'number' ? v : Math.ceil((Number.parseInt(v, 10) * replicas) / 100));
  const desiredHealthy = budget.minAvailable !== undefined ? scaled(budget.minAvailable) : replicas - scaled(budget.maxUnavailable!);
  return Math.max(0, replicas - desiredHealthy);
}

function checkDisruption(key: string, w: Workload): Finding[] {
  const at = ['workloads', key];
  if (!w.podSelector) {
    if (w.disruptionBudget) {
      return [error([...at, 'disruptionBudget'], 'disruption/no-selector',
        'a PodDisruptionBudget needs the pods it protects, and the workload names none',
        `set workloads.${key}.podSelector to the Deployment's spec.selector.matchLabels`)];
    }
    return [{
      severity: 'warning', path: [...at, 'podSelector'], rule: 'practice/no-disruption-budget',
      message: 'no podSelector, so no PodDisruptionBudget: a node drain may evict every pod of the workload at once',
      hint: `set podSelector to the Deployment's spec.selector.matchLabels, or record a reviewed exception: exceptions: [{ rule: practice/no-disruption-budget, at: ${formatPath([...at, 'podSelector'])}, reason: "..." }]`,
    }];
  }
  const budget = w.disruptionBudget ?? DEFAULT_DISRUPTION_BUDGET;
  const allowed = disruptionsAllowed(budget, w.replicas.min);
  if (allowed > 0) return [];
  const field = budget.minAvailable !== undefined ? 'minAvailable' : 'maxUnavailable';
  const value = budget[field]!;
  return [error([...at, 'disruptionBudget', field], 'disruption/blocks-drain',
    `${field}: ${JSON.stringify(value)} allows 0 evictions at the HPA floor of ${count(w.replicas.min, 'replica')}: every node drain holding one of these pods blocks until the HPA happens to scale up`,
    field === 'minAvailable'
      ? `use maxUnavailable: 1, or a minAvailable below replicas.min (at most ${w.replicas.min - 1})`
      : 'allow at least one pod (maxUnavailable: 1 or a percentage above 0%)')];
}

/**
 * VPA documents that it "should not be used with the HPA on the same resource metric (CPU or
 * memory)" (kubernetes/autoscaler vertical-pod-autoscaler/docs/known-limitations.md): a VPA that
 * raises requests lowers the utilization the HPA sees, which removes pods, which raises usage per
 * pod. Only a VPA that changes requests acts; updateMode Off only writes recommendations to its
 * status, so it may observe any resource. Every other mode (Initial included: it sets requests on
 * each new pod, and the HPA creates pods) must leave the HPA's resources out of controlledResources.
 */
function checkVerticalScaling(key: string, w: Workload): Finding[] {
  const v = w.verticalScaling;
  if (!v || v.updateMode === 'Off') return [];
  const clash = v.controlledResources.filter((r) => w.utilization[r] !== undefined);
  if (clash.length === 0) return [];
  return [error(['workloads', key, 'verticalScaling', 'controlledResources'], 'vertical/hpa-conflict',
    `with updateMode ${v.updateMode} the VPA sets ${clash.join(' and ')} requests while the HPA scales on ${clash.join(' and ')} utilization of those requests; the two fight (VPA known limitations)`,
    `remove ${clash.join(', ')} from controlledResources, or use updateMode: Off for recommendations only`)];
}

function checkBudget(env: Environment): Finding[] {
  if (!env.budget) return [];
  const footprint = environmentFootprint(env);
  const findings: Finding[] = [];
  const format = { cpu: formatCpu, memory: formatMemory };
  for (const r of RESOURCES) {
    const limit = env.budget[r];
    if (limit === undefined) continue;
    // A workload with a utilization target on r already gets workload/requests-undeclared.
    for (const key of footprint.undeclared[r].filter((k) => env.workloads[k].utilization[r] === undefined)) {
      findings.push(error(['workloads', key, 'containers'], 'cost/requests-undeclared',
        `budget.${r} is set, but no container of workload "${key}" declares a ${r} request, so its footprint is unknown`,
        `declare workloads.${key}.containers.<container>.${r}`));
    }
    const total = footprint[r];
    // Exact (bigint): a footprint can exceed 2^53 milli-units, where a number comparison and its message would round.
    if (amountMilli(r, total) > milliValue(limit)) {
      const parts = footprint.workloads.filter((w) => w[r] !== undefined).map((w) => `${w.workload} ${w.maxReplicas} x ${format[r](w.perPod[r]!)}`);
      findings.push(error(['budget', r], 'cost/budget-exceeded',
        `the full-scale ${r} footprint is ${format[r](total)} (${parts.join(' + ')}), above the budget of ${limit}`,
        `lower replicas.max or requests, or raise budget.${r} after review`));
    }
  }
  return findings;
}
