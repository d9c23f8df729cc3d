import { milliValue } from './quantity';
import {
  calcPlainMetricReplicas, CalculatorContext, getExternalMetricReplicas, getExternalPerPodMetricReplicas, getObjectMetricReplicas,
  getObjectPerPodMetricReplicas, getResourceReplicas, podResourceMetrics,
} from './replica-calculator';
import { MetricError, MetricSpec, Milli, PodMetricsInfo, PodResourceSample } from './types';

/**
 * The metrics APIs as data: what metrics-server, custom.metrics.k8s.io and external.metrics.k8s.io
 * return at this reconcile. An implementation throws MetricError where the API call fails.
 */
export interface MetricsSnapshot {
  resource(resource: string): readonly PodResourceSample[];
  pods(metricName: string): ReadonlyMap<string, Milli>;
  object(metricName: string, describedObject: { kind: string; name: string }): Milli;
  external(metricName: string, selector: unknown): readonly Milli[];
}

/** A metric's proposal, or why it has none (the ScalingActive=False reason). */
export type MetricProposal = { ok: true; replicas: number } | { ok: false; reason: string; message: string };

const FAILED_REASON: Record<string, string> = {
  Resource: 'FailedGetResourceMetric',
  ContainerResource: 'FailedGetContainerResourceMetric',
  Pods: 'FailedGetPodsMetric',
  Object: 'FailedGetObjectMetric',
  External: 'FailedGetExternalMetric',
};

/** computeReplicasForMetric (horizontal.go): dispatch on the metric source and target type. */
export function proposeForMetric(spec: MetricSpec, ctx: CalculatorContext, specReplicas: number, statusReplicas: number, metrics: MetricsSnapshot): MetricProposal {
  const reason = FAILED_REASON[spec.type];
  if (!reason) return { ok: false, reason: 'InvalidMetricSourceType', message: `unknown metric source type "${spec.type}"` };
  try {
    return { ok: true, replicas: compute(spec, ctx, specReplicas, statusReplicas, metrics) };
  } catch (e) {
    if (!(e instanceof MetricError)) throw e;
    return { ok: false, reason, message: e.message };
  }
}

function compute(spec: MetricSpec, ctx: CalculatorContext, specReplicas: number, statusReplicas: number, metrics: MetricsSnapshot): number {
  switch (spec.type) {
    case 'Resource':
    case 'ContainerResource': {
      const source = spec.type === 'Resource' ? spec.resource : spec.containerResource;
      if (!source) throw new MetricError(`${spec.type} metric without its source`);
      const container = spec.type === 'ContainerResource' ? spec.containerResource!.container : '';
      const podMetrics = podResourceMetrics(metrics.resource(source.name), container);
      if (source.target.averageValue != null) {
        return calcPlainMetricReplicas(ctx, podMetrics, specReplicas, milliValue(source.target.averageValue), source.name).replicas;
      }
      if (source.target.averageUtilization == null) throw new MetricError('invalid resource metric source: neither a utilization target nor a value target was set');
      return getResourceReplicas(ctx, specReplicas, source.target.averageUtilization, source.name, container, podMetrics).replicas;
    }
    case 'Pods': {
      const values = metrics.pods(spec.pods!.metric.name);
      if (values.size === 0) throw new MetricError('no metrics returned from custom metrics API');
      const info: PodMetricsInfo = new Map([...values].map(([pod, value]) => [pod, { value, timestamp: ctx.now, windowSeconds: 0 }]));
      if (spec.pods!.target.averageValue == null) throw new MetricError('invalid pods metric source: averageValue target not set');
      return calcPlainMetricReplicas(ctx, info, specReplicas, milliValue(spec.pods!.target.averageValue), '').replicas;
    }
    case 'Object': {
      const { target, metric, describedObject } = spec.object!;
      if (target.type === 'Value' && target.value != null) {
        return getObjectMetricReplicas(ctx, specReplicas, milliValue(target.value), metrics.object(metric.name, describedObject)).replicas;
      }
      if (target.type === 'AverageValue' && target.averageValue != null) {
        return getObjectPerPodMetricReplicas(ctx, statusReplicas, milliValue(target.averageValue), metrics.object(metric.name, describedObject)).replicas;
      }
      throw new MetricError('invalid object metric source: neither a value target nor an average value target was set');
    }
    default: {
      const { target, metric } = spec.external!;
      if (target.averageValue != null) {
        return getExternalPerPodMetricReplicas(ctx, statusReplicas, milliValue(target.averageValue), metrics.external(metric.name, metric.selector)).replicas;
      }
      if (target.value != null) {
        return getExternalMetricReplicas(ctx, specReplicas, milliValue(target.value), metrics.external(metric.name, metric.selector)).replicas;
      }
      throw new MetricError('invalid external metric source: neither a value target nor an average value target was set');
    }
  }
}
