import * as kplus from 'cdk8s-plus-28';
import { ContainerRequests, Utilization } from '../config/schema';
import { REQUEST_RESOURCES, targetOf } from '../config/requests';

/**
 * A scale target given as a name, or as the cdk8s-plus-28 Deployment itself: then its name, pod
 * selector and its containers' requests come from the Deployment, so numbers owned by the
 * application's own cdk8s code are never typed twice.
 */
export type ScaleTarget = string | kplus.Deployment;

export const scaleTargetName = (target: ScaleTarget): string => (typeof target === 'string' ? target : target.name);

/**
 * The containers' requests of a Deployment, as config would state them (`containers:`): CPU as
 * cdk8s-plus renders it (millicores or cores), memory in Mi as cdk8s-plus renders it. Note that
 * cdk8s-plus gives a container without `resources` default requests (1000m CPU, 512Mi).
 */
export function deploymentContainers(deployment: kplus.Deployment): Record<string, ContainerRequests> {
  const out: Record<string, ContainerRequests> = {};
  deployment.containers.forEach((c, i) => {
    const cpu = c.resources?.cpu?.request?.amount;
    const memory = c.resources?.memory?.request;
    out[c.name ?? `main${i}`] = {
      ...(cpu !== undefined ? { cpu } : {}),
      ...(memory !== undefined ? { memory: `${memory.toMebibytes()}Mi` } : {}),
    };
  });
  return out;
}

/**
 * What the HPA controller would refuse for this Deployment: a pod-level utilization target needs a
 * request for that resource in every container ("missing request for <resource>"); a
 * ContainerResource target needs a container of that name with that request. Messages end in their
 * rule id, like every construct validation.
 */
export function scaleTargetProblems(deployment: kplus.Deployment, utilization: Utilization | undefined): string[] {
  const containers = deploymentContainers(deployment);
  const names = Object.keys(containers);
  const problems: string[] = [];
  for (const resource of REQUEST_RESOURCES) {
    const target = utilization?.[resource];
    if (target === undefined) continue;
    const { container } = targetOf(target);
    if (container === undefined) {
      const missing = names.filter((n) => containers[n][resource] === undefined);
      if (missing.length > 0) {
        problems.push(`Deployment ${deployment.name}: a ${resource} utilization target needs a ${resource} request in every container; ${missing.join(', ')} has none (the HPA reports "missing request for ${resource}") [hpa/requests-from-deployment]`);
      }
    } else if (!names.includes(container)) {
      problems.push(`Deployment ${deployment.name} has no container "${container}" (it has ${names.join(', ')}) for the ${resource} ContainerResource target [hpa/unknown-container]`);
    } else if (containers[container][resource] === undefined) {
      problems.push(`container "${container}" of Deployment ${deployment.name} requests no ${resource}, so its ${resource} utilization is undefined [hpa/requests-from-deployment]`);
    }
  }
  return problems;
}
