import { ContainerSpec, MetricError, Milli, Pod } from './types';

/**
 * calculateRequests (replica_calculator.go): the request of every listed pod for `resource`.
 * Pod-level requests win when the gate is on and no container is named; otherwise the sum over
 * containers plus restartable init containers, or the named container only.
 */
export function calculateRequests(pods: readonly Pod[], container: string, resource: string, podLevelResources: boolean): Map<string, Milli> {
  const requests = new Map<string, Milli>();
  for (const pod of pods) {
    const podLevel = pod.podRequests?.[resource];
    if (podLevelResources && container === '' && podLevel !== undefined) {
      requests.set(pod.name, podLevel);
      continue;
    }
    requests.set(pod.name, container === '' ? sumContainers(pod, resource) : namedContainer(pod, container, resource));
  }
  return requests;
}

function requestOf(pod: Pod, c: ContainerSpec, resource: string): Milli {
  const r = c.requests?.[resource];
  if (r === undefined) throw new MetricError(`missing request for ${resource} in container ${c.name} of Pod ${pod.name}`);
  return r;
}

function sumContainers(pod: Pod, resource: string): Milli {
  let total = 0n;
  for (const c of pod.containers) total += requestOf(pod, c, resource);
  for (const c of pod.initContainers ?? []) if (c.restartPolicy === 'Always') total += requestOf(pod, c, resource);
  return total;
}

function namedContainer(pod: Pod, container: string, resource: string): Milli {
  const c = [...pod.containers, ...(pod.initContainers ?? []).filter((i) => i.restartPolicy === 'Always')].find((x) => x.name === container);
  if (!c) throw new MetricError(`container ${container} not found in Pod ${pod.name}`);
  return requestOf(pod, c, resource);
}
