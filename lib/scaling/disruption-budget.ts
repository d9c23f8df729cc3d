import { Construct } from 'constructs';
import { IntOrString, KubePodDisruptionBudget } from '../../imports/k8s';
import { propsValidation } from '../config/construct-validation';
import { dnsLabel, labels } from '../config/primitives';
import { DisruptionBudget, DisruptionBudgetSchema, minReplicas } from '../config/schema';
import { disruptionsAllowed } from '../config/safety';

export interface WorkloadDisruptionBudgetProps {
  /** Name of the PodDisruptionBudget (the workload's Deployment name reads best). */
  readonly name: string;
  readonly namespace: string;
  /** The Deployment's spec.selector.matchLabels: the pods the budget protects. */
  readonly podSelector: Record<string, string>;
  /** Exactly one of maxUnavailable / minAvailable (pods, or "N%" of pods, rounded up). */
  readonly budget: DisruptionBudget;
  /** The HPA's minReplicas (pods); the budget must allow at least one eviction at this floor. */
  readonly minReplicas: number;
  /** Recommended labels of the workload. */
  readonly labels: Record<string, string>;
}

/**
 * A policy/v1 PodDisruptionBudget for an autoscaled workload, checked against the HPA floor: at
 * minReplicas a drain must still be able to evict a pod, or node maintenance stalls whenever the
 * workload is idle. `unhealthyPodEvictionPolicy: AlwaysAllow` lets drains evict pods that are not
 * ready anyway (crash-looping), which would otherwise count against the budget and block too.
 *
 * @example
 * new WorkloadDisruptionBudget(this, 'Pdb', {
 *   name: 'luneo-worker', namespace: 'luneo-production', podSelector: { 'app.kubernetes.io/name': 'luneo-worker' },
 *   budget: { maxUnavailable: 1 }, minReplicas: 2, labels,
 * });
 */
export class WorkloadDisruptionBudget extends Construct {
  public readonly resource: KubePodDisruptionBudget;

  constructor(scope: Construct, id: string, props: WorkloadDisruptionBudgetProps) {
    super(scope, id);
    this.node.addValidation(propsValidation(props, {
      name: dnsLabel, namespace: dnsLabel, podSelector: labels, budget: DisruptionBudgetSchema, minReplicas, labels,
    }));
    this.node.addValidation({
      validate: () => (DisruptionBudgetSchema.safeParse(props.budget).success && disruptionsAllowed(props.budget, props.minReplicas) === 0
        ? [`budget ${JSON.stringify(props.budget)} allows no eviction at minReplicas ${props.minReplicas}: node drains would block [disruption/blocks-drain]`]
        : []),
    });
    const bound = (v: number | string | undefined) => (v === undefined ? undefined : typeof v === 'number' ? IntOrString.fromNumber(v) : IntOrString.fromString(v));
    this.resource = new KubePodDisruptionBudget(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        selector: { matchLabels: props.podSelector },
        maxUnavailable: bound(props.budget.maxUnavailable),
        minAvailable: bound(props.budget.minAvailable),
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }
}
