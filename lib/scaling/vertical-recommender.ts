import { Construct } from 'constructs';
import {
  VerticalPodAutoscaler,
  VerticalPodAutoscalerSpecResourcePolicyContainerPoliciesControlledValues as ControlledValues,
  VerticalPodAutoscalerSpecUpdatePolicyUpdateMode as UpdateMode,
} from '../../imports/vpa-autoscaling.k8s.io';
import { propsValidation } from '../config/construct-validation';
import { dnsLabel, labels } from '../config/primitives';
import { VerticalScaling, VerticalScalingSchema } from '../config/schema';

export interface VerticalRecommenderProps {
  /** Name of the VerticalPodAutoscaler (the workload's Deployment name reads best). */
  readonly name: string;
  readonly namespace: string;
  /** The apps/v1 Deployment whose pods it sizes. */
  readonly deployment: string;
  /**
   * updateMode (@default "Off": recommendations only) and controlledResources
   * (@default ["cpu", "memory"]). A mode other than Off must not control a resource the HPA
   * scales on (rule vertical/hpa-conflict, checked with the environment).
   */
  readonly verticalScaling: VerticalScaling;
  /** Recommended labels of the workload. */
  readonly labels: Record<string, string>;
}

/**
 * An autoscaling.k8s.io/v1 VerticalPodAutoscaler (VPA 1.7.1) that right-sizes a workload's
 * requests. With updateMode Off it only writes recommendations to its status
 * (`kubectl describe vpa <name>`), which operators fold back into the reviewed requests.
 *
 * @example
 * new VerticalRecommender(this, 'Vpa', {
 *   name: 'luneo-worker', namespace: 'luneo-production', deployment: 'luneo-worker',
 *   verticalScaling: { updateMode: 'Off', controlledResources: ['cpu', 'memory'] }, labels,
 * });
 */
export class VerticalRecommender extends Construct {
  public readonly resource: VerticalPodAutoscaler;

  constructor(scope: Construct, id: string, props: VerticalRecommenderProps) {
    super(scope, id);
    this.node.addValidation(propsValidation(props, {
      name: dnsLabel, namespace: dnsLabel, deployment: dnsLabel, verticalScaling: VerticalScalingSchema, labels,
    }));
    const v = VerticalScalingSchema.safeParse(props.verticalScaling).data ?? props.verticalScaling;
    this.resource = new VerticalPodAutoscaler(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.deployment },
        updatePolicy: { updateMode: v.updateMode as UpdateMode },
        resourcePolicy: {
          containerPolicies: [{ containerName: '*', controlledResources: [...v.controlledResources], controlledValues: ControlledValues.REQUESTS_ONLY }],
        },
      },
    });
  }
}
