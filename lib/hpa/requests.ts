import { add64, int64 } from './go-numeric';
import { containerNotFound, missingPodLevelRequest, missingRequest } from './messages';
import { ContainerSpec, MetricError, Milli, Pod } from './types';

/**
 * calculateRequests (replica_calculator.go): the request of every listed pod for `resource`.
 * Pod-level requests are used when the gate is on, no container is named and the pod sets a
 * pod-level request for a supported resource (IsPodLevelRequestsSet); otherwise the int64 sum
 * (wrapping, as Go's `request +=`) over containers plus restartable init containers, or the named
 * container only. Errors as calculatePodRequestsFromContainers / calculatePodLevelRequests word them.
 */
export function calculateRequests(pods: readonly Pod[], container: string, resource: string, podLevelResources: boolean): Map<string, Milli> {
  const requests = new Map<string, Milli>();
  for (const pod of pods) {
    if (pod.podRequests == null && pod.initContainers == null) {
      requests.set(pod.name, templateRequest(pod, container, resource));
      continue;
    }
    const podLevelSet = Object.keys(pod.podRequests ?? {}).some(supportedPodLevel);
    requests.set(pod.name, podLevelResources && podLevelSet && container === '' ? podLevelRequest(pod, resource) : fromContainers(pod, container, resource));
  }
  return requests;
}

/**
 * Pods of one template share their containers: without pod-level requests or init containers the
 * request depends on those alone, so it is computed once per containers list (read-only input)
 * and reused at every sync. Failures are not kept: their message names the pod.
 */
const byContainers = new WeakMap<readonly ContainerSpec[], Map<string, Map<string, Milli>>>();

function templateRequest(pod: Pod, container: string, resource: string): Milli {
  let byResource = byContainers.get(pod.containers);
  if (!byResource) byContainers.set(pod.containers, (byResource = new Map()));
  let byContainer = byResource.get(resource);
  if (!byContainer) byResource.set(resource, (byContainer = new Map()));
  let request = byContainer.get(container);
  if (request === undefined) {
    request = fromContainers(pod, container, resource);
    byContainer.set(container, request);
  }
  return request;
}

/** A pod's request from its template (no pod-level requests, no init containers), or null where the request is an error. */
export function templateRequestOrNull(pod: Pod, container: string, resource: string): Milli | null {
  try {
    return templateRequest(pod, container, resource);
  } catch (e) {
    if (e instanceof MetricError) return null;
    throw e;
  }
}

/** IsSupportedPodLevelResource (component-helpers resource): cpu, memory and hugepages. */
const supportedPodLevel = (resource: string) => resource === 'cpu' || resource === 'memory' || resource.startsWith('hugepages-');

/**
 * calculatePodLevelRequests: PodRequests(pod) is the container aggregate with the pod-level value
 * of each supported resource set on top (pod overhead is not modelled); a resource in neither is
 * "missing pod-level request".
 */
function podLevelRequest(pod: Pod, resource: string): Milli {
  const podLevel = supportedPodLevel(resource) ? pod.podRequests?.[resource] : undefined;
  if (podLevel !== undefined) return int64(podLevel);
  const aggregate = aggregateContainerRequest(pod, resource);
  if (aggregate === undefined) throw new MetricError(missingPodLevelRequest(resource, pod.name));
  return aggregate;
}

/**
 * AggregateContainerRequests for one resource: the sum over containers and restartable init
 * containers (sidecars), or the peak of an init container running beside the sidecars started
 * before it, whichever is larger; undefined when no container requests the resource.
 */
function aggregateContainerRequest(pod: Pod, resource: string): Milli | undefined {
  let steady: Milli | undefined;
  let sidecars: Milli | undefined;
  let initPeak: Milli | undefined;
  const add = (a: Milli | undefined, b: Milli | undefined) => (a === undefined ? b : b === undefined ? a : add64(a, b));
  const max = (a: Milli | undefined, b: Milli | undefined) => (a === undefined ? b : b === undefined || a >= b ? a : b);
  for (const c of pod.containers) steady = add(steady, c.requests?.[resource]);
  for (const c of pod.initContainers ?? []) {
    const r = c.requests?.[resource];
    if (c.restartPolicy === 'Always') {
      steady = add(steady, r);
      sidecars = add(sidecars, r);
      initPeak = max(initPeak, sidecars);
    } else {
      initPeak = max(initPeak, add(r, sidecars));
    }
  }
  return max(steady, initPeak);
}

/** calculatePodRequestsFromContainers: regular containers first, then restartable init containers. */
function fromContainers(pod: Pod, container: string, resource: string): Milli {
  const containers: ContainerSpec[] = [...pod.containers, ...(pod.initContainers ?? []).filter((c) => c.restartPolicy === 'Always')];
  let request = 0n;
  for (const c of containers) {
    if (container === '' || container === c.name) {
      const r = c.requests?.[resource];
      if (r === undefined) throw new MetricError(missingRequest(resource, c.name, pod.name));
      request = add64(request, int64(r));
    }
    // Container names are unique inside a pod.
    if (container === c.name) return request;
  }
  if (container !== '') throw new MetricError(containerNotFound(container, pod.name));
  return request;
}
