import { Construct } from 'constructs';
import { KubeHorizontalPodAutoscalerV2, MetricSpecV2, Quantity } from '../../imports/k8s';
import { propsValidation } from '../config/construct-validation';
import { dnsLabel, labels } from '../config/primitives';
import { REQUEST_RESOURCES, targetOf } from '../config/requests';
import { maxReplicas, minReplicas, ScalingRule, ScalingRuleSchema, Utilization, UtilizationSchema } from '../config/schema';
import { CatalogueMetric } from '../metrics/catalogue';
import { scalingRules } from '../config/scaling-rules';
import { ScaleTarget, scaleTargetName, scaleTargetProblems } from './scale-target';

export interface WorkloadAutoscalerProps {
  /** Name of the HorizontalPodAutoscaler. */
  readonly name: string;
  readonly namespace: string;
  /**
   * The apps/v1 Deployment to scale: its name, or the cdk8s-plus-28 `Deployment` itself, whose
   * containers' requests the utilization targets (and ContainerResource container names) are
   * checked against.
   */
  readonly deployment: ScaleTarget;
  readonly minReplicas: number;
  readonly maxReplicas: number;
  /**
   * Average CPU/memory utilization targets, in percent of requests: a number targets the pod's
   * summed requests (a `Resource` metric), `{ percent, container }` one container's request (a
   * `ContainerResource` metric, for pods whose sidecars have no request or a different load).
   * @default no resource metrics
   */
  readonly utilization?: Utilization;
  /**
   * Custom metrics to scale on. They are catalogue entries, not names: a metric can only reach an
   * HPA through the catalogue, which also emits its adapter rule, so the HPA never asks the metrics
   * API for a name nothing serves.
   */
  readonly metrics?: readonly CatalogueMetric[];
  readonly scaleUp: ScalingRule;
  readonly scaleDown: ScalingRule;
  readonly labels: Record<string, string>;
}

/**
 * An autoscaling/v2 HorizontalPodAutoscaler with explicit behaviour in both directions. We wrap the
 * generated L1 class rather than cdk8s-plus's HorizontalPodAutoscaler, which injects default
 * behaviour of its own and turns "200%" into "triple".
 *
 * @example
 * // 70% of the pod's CPU requests; 80% of the `app` container's memory request (its sidecar has none).
 * new WorkloadAutoscaler(chart, 'Autoscaler', {
 *   name: 'luneo-backend-hpa', namespace: 'luneo-production', deployment: 'luneo-backend',
 *   minReplicas: 3, maxReplicas: 50,
 *   utilization: { cpu: 70, memory: { percent: 80, container: 'app' } },
 *   scaleUp: { percent: 100, pods: 5, every: '60s', select: 'Max', stabilization: '0s' },
 *   scaleDown: { percent: 50, pods: 2, every: '300s', select: 'Min', stabilization: '300s' },
 *   labels: {},
 * });
 */
export class WorkloadAutoscaler extends Construct {
  public readonly resource: KubeHorizontalPodAutoscalerV2;

  constructor(scope: Construct, id: string, props: WorkloadAutoscalerProps) {
    super(scope, id);
    const deployment = scaleTargetName(props.deployment);
    this.node.addValidation(propsValidation({ ...props, deployment }, {
      name: dnsLabel, namespace: dnsLabel, deployment: dnsLabel,
      minReplicas, maxReplicas, utilization: UtilizationSchema.optional(),
      scaleUp: ScalingRuleSchema, scaleDown: ScalingRuleSchema, labels,
    }));
    this.node.addValidation({
      validate: () => (props.maxReplicas < props.minReplicas
        ? [`maxReplicas (${props.maxReplicas}) must be greater than or equal to minReplicas (${props.minReplicas}) [hpa/replica-range]`]
        : []),
    });
    const target = props.deployment;
    if (typeof target !== 'string') this.node.addValidation({ validate: () => scaleTargetProblems(target, props.utilization) });
    this.resource = new KubeHorizontalPodAutoscalerV2(this, 'Resource', {
      metadata: { name: props.name, namespace: props.namespace, labels: props.labels },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: deployment },
        minReplicas: props.minReplicas,
        maxReplicas: props.maxReplicas,
        metrics: [...resourceMetrics(props.utilization), ...(props.metrics ?? []).map(customMetric)],
        behavior: { scaleUp: scalingRules(props.scaleUp), scaleDown: scalingRules(props.scaleDown) },
      },
    });
  }
}

function resourceMetrics(utilization: WorkloadAutoscalerProps['utilization']): MetricSpecV2[] {
  return REQUEST_RESOURCES.flatMap((name): MetricSpecV2[] => {
    const target = utilization?.[name];
    if (target === undefined) return [];
    const { averageUtilization, container } = targetOf(target);
    const utilizationTarget = { type: 'Utilization', averageUtilization };
    return container === undefined
      ? [{ type: 'Resource', resource: { name, target: utilizationTarget } }]
      : [{ type: 'ContainerResource', containerResource: { name, container, target: utilizationTarget } }];
  });
}

function customMetric(metric: CatalogueMetric): MetricSpecV2 {
  const spec = metric.hpaMetric();
  const source = spec.pods ?? spec.external!;
  const converted = { metric: source.metric, target: { type: 'AverageValue', averageValue: Quantity.fromString(source.target.averageValue) } };
  return spec.pods ? { type: 'Pods', pods: converted } : { type: 'External', external: converted };
}
