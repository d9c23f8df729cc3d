import {
  calculateRequests, MetricError, MetricSpec, MetricsSnapshot, milliValue, Milli, Pod, PodResourceSample, Time,
} from '../hpa';
import { HpaMetricStatus } from './hpa-object';

/**
 * Turns an HPA's `status.currentMetrics` back into what the metrics APIs returned, so the engine
 * can redo the controller's arithmetic. The status keeps only averages, so every pod is given the
 * average; a metric without a current value is a metrics API failure (MetricError).
 */

/** The metric a spec entry names: `cpu`, `http_requests_per_second`, ... */
export function metricName(m: { type?: string; resource?: { name: string }; containerResource?: { name: string; container: string };
  pods?: { metric: { name: string } }; object?: { metric: { name: string } }; external?: { metric: { name: string } } }): string {
  switch (m.type) {
    case 'Resource': return m.resource?.name ?? '';
    case 'ContainerResource': return m.containerResource ? `${m.containerResource.name} (container ${m.containerResource.container})` : '';
    case 'Pods': return m.pods?.metric.name ?? '';
    case 'Object': return m.object?.metric.name ?? '';
    case 'External': return m.external?.metric.name ?? '';
    default: return '';
  }
}

function identity(m: Parameters<typeof metricName>[0]): string {
  return `${m.type}:${metricName(m)}`;
}

/**
 * Pairs spec.metrics with status.currentMetrics. The controller writes one status per spec metric,
 * in order, leaving a failed one empty (`type: ""`); a status list of another length (stale, or
 * written by another version) is matched by type and name instead.
 */
export function pairStatuses(specs: readonly MetricSpec[], statuses: readonly HpaMetricStatus[]): (HpaMetricStatus | null)[] {
  if (statuses.length === specs.length) {
    return specs.map((s, i) => (statuses[i].type === s.type ? statuses[i] : null));
  }
  return specs.map((s) => statuses.find((st) => st.type === s.type && identity(st as any) === identity(s as any)) ?? null);
}

/** The current value block of a metric status, or null when the controller could not read it. */
export function currentOf(status: HpaMetricStatus | null): { averageUtilization?: number; averageValue?: string | number; value?: string | number } | null {
  if (!status?.type) return null;
  const block = (status as any)[status.type === 'ContainerResource' ? 'containerResource' : status.type.charAt(0).toLowerCase() + status.type.slice(1)];
  const current = block?.current;
  if (!current || (current.averageUtilization == null && current.averageValue == null && current.value == null)) return null;
  return current;
}

/** The resource a Resource/ContainerResource metric reads, with its container ('' = whole pod). */
function resourceOf(spec: MetricSpec): { name: string; container: string } | null {
  if (spec.type === 'Resource' && spec.resource) return { name: spec.resource.name, container: '' };
  if (spec.type === 'ContainerResource' && spec.containerResource) return { name: spec.containerResource.name, container: spec.containerResource.container };
  return null;
}

/** A pod's request for a resource, or null when the engine finds it missing. */
function requestOf(pod: Pod, resource: string, container: string, podLevelResources: boolean): Milli | null {
  try {
    return calculateRequests([pod], container, resource, podLevelResources).get(pod.name) ?? null;
  } catch (e) {
    if (e instanceof MetricError) return null;
    throw e;
  }
}

/** Pods the metrics APIs report on: running, not being deleted. */
const reporting = (pods: readonly Pod[]) => pods.filter((p) => p.phase === 'Running' && !p.deleted);

export interface SnapshotInput {
  readonly spec: MetricSpec;
  readonly status: HpaMetricStatus | null;
  readonly pods: readonly Pod[];
  /** status.currentReplicas: per-pod averages of Object/External metrics are relative to it. */
  readonly currentReplicas: number;
  readonly now: Time;
  readonly podLevelResources: boolean;
}

/**
 * What each metrics API returns for one metric, reconstructed from its status. Resource
 * utilization is given back per pod as `request x utilization`, so the engine recomputes the same
 * whole percent the controller reported.
 */
export function metricData(input: SnapshotInput, onNoValue?: () => void): MetricsSnapshot {
  const { spec, pods, now } = input;
  const current = currentOf(input.status);
  // Explain's own stand-in for a metrics API error: the engine wraps it in the controller's words,
  // so the caller learns through onNoValue that the message is ours, not the controller's.
  const unavailable = (): never => {
    onNoValue?.();
    throw new MetricError(`the status has no current value for ${spec.type} metric ${metricName(spec)}`);
  };
  const resource = resourceOf(spec);
  return {
    resource(): readonly PodResourceSample[] {
      if (!resource) return unavailable();
      if (!current) {
        // A missing request is the likelier cause when the pods show one: the engine's message says which.
        calculateRequests(reporting(pods), resource.container, resource.name, input.podLevelResources);
        return unavailable();
      }
      const target = (spec.resource ?? spec.containerResource)!.target;
      const container = resource.container || pods[0]?.containers[0]?.name || 'main';
      return reporting(pods).map((pod) => {
        let usage: Milli;
        if (target.averageUtilization != null && current.averageUtilization != null) {
          const request = requestOf(pod, resource.name, resource.container, input.podLevelResources) ?? 0n;
          usage = (request * BigInt(current.averageUtilization)) / 100n;
        } else if (current.averageValue != null) {
          usage = milliValue(current.averageValue);
        } else {
          return unavailable();
        }
        return { name: pod.name, timestamp: now, windowSeconds: 15, containers: [{ name: container, usage }] };
      });
    },
    pods(): ReadonlyMap<string, Milli> {
      if (current?.averageValue == null) return unavailable();
      const value = milliValue(current.averageValue);
      return new Map(reporting(pods).map((p) => [p.name, value]));
    },
    object(): Milli {
      if (current?.value != null) return milliValue(current.value);
      if (current?.averageValue != null) return milliValue(current.averageValue) * BigInt(input.currentReplicas);
      return unavailable();
    },
    external(): readonly Milli[] {
      if (current?.value != null) return [milliValue(current.value)];
      if (current?.averageValue != null) return [milliValue(current.averageValue) * BigInt(input.currentReplicas)];
      return unavailable();
    },
  };
}

/**
 * One snapshot for all metrics of the HPA (what `reconcile` queries by name). Two metrics reading
 * the same resource or metric name get the first one's data.
 */
export function combinedSnapshot(inputs: readonly SnapshotInput[]): MetricsSnapshot {
  const byKey = new Map<string, MetricsSnapshot>();
  const key = (kind: string, name: string) => `${kind}:${name}`;
  for (const input of inputs) {
    const data = metricData(input);
    const s = input.spec;
    const k = s.type === 'Resource' || s.type === 'ContainerResource' ? key('resource', (s.resource ?? s.containerResource)!.name)
      : s.type === 'Pods' ? key('pods', s.pods!.metric.name)
        : s.type === 'Object' ? key('object', s.object!.metric.name)
          : key('external', s.external?.metric.name ?? '');
    if (!byKey.has(k)) byKey.set(k, data);
  }
  const get = (k: string) => byKey.get(k) ?? (() => {
    throw new MetricError(`no data for ${k}`);
  })();
  return {
    resource: (name) => get(key('resource', name)).resource(name),
    pods: (name) => get(key('pods', name)).pods(name),
    object: (name, d) => get(key('object', name)).object(name, d),
    external: (name, sel) => get(key('external', name)).external(name, sel),
  };
}

/**
 * Pods standing in for the target when no pod list is given: `count` running, ready pods started
 * long ago, with a container `main` and every container a ContainerResource metric names, each
 * requesting 1 (1000 milli) of every resource the metrics read, so the utilization the status
 * reports maps back to itself.
 */
export function standInPods(count: number, resources: readonly string[], containerNames: readonly string[], now: Time): Pod[] {
  const requests = Object.fromEntries(resources.map((r) => [r, 1000n]));
  const since = now - 86_400_000;
  const names = ['main', ...containerNames.filter((c) => c !== 'main')];
  return Array.from({ length: count }, (_, i) => ({
    name: `pod-${i + 1}`, phase: 'Running' as const, deleted: false, startTime: since,
    ready: { status: 'True' as const, lastTransitionTime: since },
    containers: names.map((name) => ({ name, requests })),
  }));
}
