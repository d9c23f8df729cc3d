import { add64, int64 } from './go-numeric';
import { containerNotFound, missingRequest } from './messages';
import { ContainerSpec, MetricError, Milli, Pod } from './types';

/**
 * calculateRequests (replica_calculator.go): the request of every listed pod for `resource`.
 * Pod-level requests win when the gate is on and no container is named; otherwise the int64 sum
 * (wrapping, as Go's `request +=`) over containers plus restartable init containers, or the named
 * container only. Errors as calculatePodRequestsFromContainers words them.
 */
export function calculateRequests(pods: readonly Pod[], container: string, resource: string, podLevelResources: boolean): Map<string, Milli> {
  const requests = new Map<string, Milli>();
  for (const pod of pods) {
    const podLevel = pod.podRequests?.[resource];
    if (podLevelResources && container === '' && podLevel !== undefined) {
      requests.set(pod.name, int64(podLevel));
      continue;
    }
    requests.set(pod.name, fromContainers(pod, container, resource));
  }
  return requests;
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
