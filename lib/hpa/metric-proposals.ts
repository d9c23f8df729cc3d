import {
  CONDITION, externalMetricUnavailable, externalPerPodFailed, externalValueFailed, INVALID_EXTERNAL_SOURCE, INVALID_OBJECT_SOURCE, INVALID_RESOURCE_SOURCE, METRIC_NAME as METRIC_NAMEImport,
  metricValueFailed, objectMetricFailed, objectMetricUnavailable, podsMetricUnavailable, resourceMetricsUnavailable, unknownSourceType, usageFailed, utilizationFailed,
} from './messages';
import {
  fetchPodsValues as fetchPodsValuesImport, fetchResourceSamples as fetchResourceSamplesImport, getExternalMetric as getExternalMetricImport, getObjectMetric, getResourceMetric, MetricsSnapshot, podResourceMetrics, PodValues, rawMetricInfo,
} from './metrics-client';
import { milliValue } from './quantity';
import {
  CalculatorContext, getExternalMetricReplicas, getExternalPerPodMetricReplicas as getExternalPerPodMetricReplicasImport, getMetricReplicas, getObjectMetricReplicas,
  ExternalMetricRef, getObjectPerPodMetricReplicas, getRawResourceReplicas, getResourceReplicas, milliInt64, ObjectMetricRef, ResourceProposal,
} from './replica-calculator';
import { podsMetricReplicas as podsMetricReplicasImport, resourceUtilizationReplicas as resourceUtilizationReplicasImport } from './safe-integer-paths';
import { MetricError, MetricSpec, MetricTarget, MetricValueStatus, Milli, PodMetricsInfo, PodResourceSample, QuantityLike } from './types';

// Bindings used at every sync, read once: under tsx (CommonJS) every read of an imported binding
// calls two getters, and a simulation reconciles hundreds of thousands of times.
const METRIC_NAME = METRIC_NAMEImport;
const fetchPodsValues = fetchPodsValuesImport;
const fetchResourceSamples = fetchResourceSamplesImport;
const getExternalMetric = getExternalMetricImport;
const getExternalPerPodMetricReplicas = getExternalPerPodMetricReplicasImport;
const podsMetricReplicas = podsMetricReplicasImport;
const resourceUtilizationReplicas = resourceUtilizationReplicasImport;

export type { MetricsSnapshot } from './metrics-client';

/**
 * A metric's proposal, or why it has none. On failure, `reason` and `message` are the
 * ScalingActive=False condition upstream would set for it, `cause` the error given to that
 * condition (also the text of the Warning event of that reason), and `error` what
 * computeReplicasForMetric returns (quoted in "invalid metrics (...), first error is: ...").
 */
export type MetricProposal =
  | { ok: true; replicas: number; metricName: string }
  | { ok: false; reason: string; message: string; cause: string; error: string };

/** The HPA's namespace, where the metrics are read; appears in Object/External error messages. */
export interface ProposalScope {
  readonly namespace: string;
}

const FAILED_REASON: Record<string, string> = {
  Resource: 'FailedGetResourceMetric',
  ContainerResource: 'FailedGetContainerResourceMetric',
  Pods: 'FailedGetPodsMetric',
  Object: 'FailedGetObjectMetric',
  External: 'FailedGetExternalMetric',
};

/** A failure inside computeStatusFor*Metric: what the condition gets and what is returned. */
class SourceFailure extends Error {
  constructor(readonly cause: string, readonly returned: string) {
    super(returned);
  }
}

/** `err` as the condition's and as the returned error. */
const fail = (cause: string, returned = cause) => new SourceFailure(cause, returned);

function messageOf(e: unknown): string {
  if (e instanceof MetricError) return e.message;
  throw e;
}

/**
 * Target quantities enter the calculator as `Quantity.MilliValue()`, an int64. A spec's targets
 * are the same few quantities at every sync, so their parse is kept (a bigint is immutable).
 */
const targetMilli = new Map<QuantityLike, Milli>();
function milli(q: QuantityLike): Milli {
  let m = targetMilli.get(q);
  if (m === undefined) {
    m = milliInt64(milliValue(q));
    if (targetMilli.size < 4096) targetMilli.set(q, m);
  }
  return m;
}

/**
 * computeReplicasForMetric (horizontal.go): dispatch on the metric source and target type, with
 * each layer's error wording (see messages.ts). Plain data (JSON-safe).
 */
export function proposeForMetric(
  spec: MetricSpec, ctx: CalculatorContext, specReplicas: number, statusReplicas: number, metrics: MetricsSnapshot, scope: ProposalScope = { namespace: 'default' },
): MetricProposal {
  return proposeWithStatus(spec, ctx, specReplicas, statusReplicas, metrics, scope).proposal;
}

/** proposeForMetric, plus the metric's status.currentMetrics values when it has a proposal. */
export function proposeWithStatus(
  spec: MetricSpec, ctx: CalculatorContext, specReplicas: number, statusReplicas: number, metrics: MetricsSnapshot, scope: ProposalScope,
): { proposal: MetricProposal; current?: MetricValueStatus } {
  const reason = FAILED_REASON[spec.type];
  if (!reason) {
    const err = unknownSourceType(spec.type);
    return { proposal: { ok: false, reason: 'InvalidMetricSourceType', message: CONDITION.unableToCompute(err), cause: err, error: err } };
  }
  try {
    const { replicas, metricName, current } = computeStatus(spec, ctx, specReplicas, statusReplicas, metrics, scope);
    return { proposal: { ok: true, replicas, metricName }, current };
  } catch (e) {
    if (!(e instanceof SourceFailure)) throw e;
    return { proposal: { ok: false, reason, message: CONDITION.unableToCompute(e.cause), cause: e.cause, error: wrapForSource(spec, e.returned) } };
  }
}

/** computeReplicasForMetric's own wrapping of the error computeStatusFor*Metric returned. */
function wrapForSource(spec: MetricSpec, err: string): string {
  switch (spec.type) {
    case 'Resource': return metricValueFailed.Resource(spec.resource?.name ?? '', err);
    case 'ContainerResource': return metricValueFailed.ContainerResource(spec.containerResource?.container ?? '', err);
    case 'Pods': return metricValueFailed.Pods(err);
    case 'Object': return metricValueFailed.Object(err);
    default: return metricValueFailed.External(spec.external?.metric.name ?? '', err);
  }
}

/**
 * A spec the API server's validation rejects (a source without its struct, a Pods metric without
 * averageValue) would make upstream dereference nil; the model reports it instead. Not an
 * upstream message.
 */
function missing(what: string): never {
  const err = `${what} (rejected by API validation; the controller never sees it)`;
  throw fail(err);
}

/** A proposal with the ValidMetricFound name and the status.currentMetrics values. */
interface Computed {
  replicas: number;
  metricName: string;
  current: MetricValueStatus;
}

function computeStatus(
  spec: MetricSpec, ctx: CalculatorContext, specReplicas: number, statusReplicas: number, metrics: MetricsSnapshot, scope: ProposalScope,
): Computed {
  switch (spec.type) {
    case 'Resource':
    case 'ContainerResource': {
      const source = spec.type === 'Resource' ? spec.resource : spec.containerResource;
      if (!source) return missing(`${spec.type} metric without its source`);
      const container = spec.type === 'ContainerResource' ? spec.containerResource!.container : '';
      return resourceGeneric(ctx, specReplicas, source.target, source.name, container, spec.type, metrics);
    }
    case 'Pods': {
      const pods = spec.pods;
      if (!pods || pods.target.averageValue == null) return missing('Pods metric without target.averageValue');
      const name = pods.metric.name;
      try {
        const target = milli(pods.target.averageValue);
        const values = podsValues(metrics, name);
        const r = podsMetricReplicas(ctx, specReplicas, target, values)
          ?? getMetricReplicas(ctx, specReplicas, target, name, rawMetricFrom(values, name, ctx.now));
        return { replicas: r.replicas, metricName: METRIC_NAME.pods(name), current: { averageValue: r.usage } };
      } catch (e) {
        throw fail(messageOf(e));
      }
    }
    case 'Object': {
      const object = spec.object;
      if (!object) return missing('Object metric without its source');
      const { target, metric, describedObject } = object;
      const ref = { metricName: metric.name, namespace: scope.namespace, kind: describedObject.kind, name: describedObject.name };
      if (target.type === 'Value' && target.value != null) {
        try {
          const targetValue = milli(target.value);
          const r = getObjectMetricReplicas(ctx, specReplicas, targetValue, objectValue(metrics, ref, describedObject), ref);
          return { replicas: r.replicas, metricName: METRIC_NAME.objectValue(describedObject.kind, metric.name), current: { value: r.usage } };
        } catch (e) {
          throw fail(messageOf(e));
        }
      }
      if (target.type === 'AverageValue' && target.averageValue != null) {
        try {
          const targetValue = milli(target.averageValue);
          const r = getObjectPerPodMetricReplicas(ctx, statusReplicas, targetValue, objectValue(metrics, ref, describedObject), ref);
          return { replicas: r.replicas, metricName: METRIC_NAME.external(metric.name, metric.selector), current: { averageValue: r.usage } };
        } catch (e) {
          const err = messageOf(e);
          throw fail(err, objectMetricFailed(metric.name, err));
        }
      }
      throw fail(INVALID_OBJECT_SOURCE);
    }
    default: {
      const external = spec.external;
      if (!external) return missing('External metric without its source');
      const { target, metric } = external;
      const ref = { metricName: metric.name, namespace: scope.namespace, selector: metric.selector };
      const metricName = METRIC_NAME.external(metric.name, metric.selector);
      if (target.averageValue != null) {
        try {
          const targetValue = milli(target.averageValue);
          const r = getExternalPerPodMetricReplicas(ctx, statusReplicas, targetValue, externalValues(metrics, ref), ref);
          return { replicas: r.replicas, metricName, current: { averageValue: r.usage } };
        } catch (e) {
          const err = messageOf(e);
          throw fail(err, externalPerPodFailed(metric.name, err));
        }
      }
      if (target.value != null) {
        try {
          const targetValue = milli(target.value);
          const r = getExternalMetricReplicas(ctx, specReplicas, targetValue, externalValues(metrics, ref), ref);
          return { replicas: r.replicas, metricName, current: { value: r.usage } };
        } catch (e) {
          const err = messageOf(e);
          throw fail(err, externalValueFailed(metric.name, err));
        }
      }
      throw fail(INVALID_EXTERNAL_SOURCE);
    }
  }
}

/** computeStatusForResourceMetricGeneric: AverageValue first, then Utilization. */
function resourceGeneric(
  ctx: CalculatorContext, currentReplicas: number, target: MetricTarget, resource: string, container: string, type: string, metrics: MetricsSnapshot,
): Computed {
  if (target.averageValue != null) {
    try {
      const r = getRawResourceReplicas(ctx, currentReplicas, milli(target.averageValue), resource, resourceMetric(metrics, resource, container));
      return { replicas: r.replicas, metricName: METRIC_NAME.resourceValue(resource), current: { averageValue: r.usage } };
    } catch (e) {
      throw fail(usageFailed(resource, messageOf(e)));
    }
  }
  if (target.averageUtilization == null) throw fail(INVALID_RESOURCE_SOURCE);
  try {
    let r: ResourceProposal | null = null;
    if (container === '') {
      // The float64 path where it gives the bigint path's result (safe-integer-paths.ts).
      const samples = resourceSamples(metrics, resource);
      r = resourceUtilizationReplicas(ctx, currentReplicas, target.averageUtilization, resource, samples)
        ?? getResourceReplicas(ctx, currentReplicas, target.averageUtilization, resource, container, resourceMetricFrom(samples, resource, container));
    } else {
      r = getResourceReplicas(ctx, currentReplicas, target.averageUtilization, resource, container, resourceMetric(metrics, resource, container));
    }
    const metricName = type === 'ContainerResource' ? METRIC_NAME.containerResourceUtilization(resource) : METRIC_NAME.resourceUtilization(resource);
    return { replicas: r.replicas, metricName, current: { averageUtilization: r.utilization, averageValue: r.rawAverage } };
  } catch (e) {
    throw fail(utilizationFailed(resource, messageOf(e)));
  }
}

/**
 * The calculator's first step done here, eagerly (same order, same wording: the client's error
 * wrapped as GetResourceReplicas / GetMetricReplicas do), so a sync creates no closure per metric.
 */
function resourceMetric(metrics: MetricsSnapshot, resource: string, container: string): PodMetricsInfo {
  try {
    return getResourceMetric(metrics, resource, container);
  } catch (e) {
    if (e instanceof MetricError) throw new MetricError(resourceMetricsUnavailable(resource, e.message));
    throw e;
  }
}

/**
 * The Object and External calls, fetched before the calculator runs (no closure per sync) and
 * their errors worded as the calculator words a failed fetch (GetObject*Replicas, GetExternal*Replicas).
 */
function objectValue(metrics: MetricsSnapshot, ref: ObjectMetricRef, describedObject: { kind: string; name: string }): Milli {
  try {
    return getObjectMetric(metrics, ref.metricName, describedObject);
  } catch (e) {
    if (e instanceof MetricError) throw new MetricError(objectMetricUnavailable(ref.metricName, ref.kind, ref.namespace, ref.name, e.message));
    throw e;
  }
}

function externalValues(metrics: MetricsSnapshot, ref: ExternalMetricRef): Milli[] {
  try {
    return getExternalMetric(metrics, ref.metricName, ref.selector);
  } catch (e) {
    if (e instanceof MetricError) throw new MetricError(externalMetricUnavailable(ref.namespace, ref.metricName, ref.selector, e.message));
    throw e;
  }
}

/** resourceMetric's API call alone (its error worded the same), so the samples serve both paths. */
function resourceSamples(metrics: MetricsSnapshot, resource: string): readonly PodResourceSample[] {
  try {
    return fetchResourceSamples(metrics, resource);
  } catch (e) {
    if (e instanceof MetricError) throw new MetricError(resourceMetricsUnavailable(resource, e.message));
    throw e;
  }
}

/** resourceMetric's second half, from the samples. */
function resourceMetricFrom(samples: readonly PodResourceSample[], resource: string, container: string): PodMetricsInfo {
  try {
    return podResourceMetrics(samples, container);
  } catch (e) {
    if (e instanceof MetricError) throw new MetricError(resourceMetricsUnavailable(resource, e.message));
    throw e;
  }
}

/** getRawMetric's API call alone (its error worded as rawMetric words it). */
function podsValues(metrics: MetricsSnapshot, name: string): PodValues {
  try {
    return fetchPodsValues(metrics, name);
  } catch (e) {
    if (e instanceof MetricError) throw new MetricError(podsMetricUnavailable(name, e.message));
    throw e;
  }
}

/** getRawMetric's second half, from the values. */
function rawMetricFrom(values: PodValues, name: string, now: number): PodMetricsInfo {
  try {
    return rawMetricInfo(values, now);
  } catch (e) {
    if (e instanceof MetricError) throw new MetricError(podsMetricUnavailable(name, e.message));
    throw e;
  }
}
