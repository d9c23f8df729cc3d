import { Finding } from '../config/findings';
import { ContainerSpec, MAX_QUANTITY, milliValue, Milli, Pod, PodPhase, quantityInRange } from '../hpa';
import { isObject, KubeObject, LocatedObject, objectName } from './kubectl-input';

/**
 * Pods as `kubectl get pods -o yaml` prints them, turned into what the HPA controller's pod lister
 * sees (the engine's `Pod`): phase, deletion, start time, the Ready condition and the requests of
 * every container. Unknown fields are ignored.
 */

const PHASES: readonly PodPhase[] = ['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown'];

function time(value: unknown): number | null {
  if (typeof value !== 'string') return null;
  const t = Date.parse(value);
  return Number.isNaN(t) ? null : t;
}

function requests(resources: unknown): Record<string, Milli> | undefined {
  const r = isObject(resources) && isObject(resources.requests) ? resources.requests : undefined;
  if (!r) return undefined;
  const out: Record<string, Milli> = {};
  for (const [name, q] of Object.entries(r)) {
    if (typeof q !== 'string' && typeof q !== 'number') continue;
    try {
      out[name] = milliValue(q);
    } catch {
      // An unparsable request is as good as none: the controller would fail on it too.
    }
  }
  return out;
}

function containers(list: unknown): ContainerSpec[] {
  if (!Array.isArray(list)) return [];
  return list.filter(isObject).map((c) => ({
    name: String(c.name ?? ''),
    requests: requests(c.resources),
    ...(typeof c.restartPolicy === 'string' ? { restartPolicy: c.restartPolicy } : {}),
  }));
}

/** One kubectl Pod as the engine's Pod. */
export function toEnginePod(o: KubeObject): Pod {
  const spec = isObject(o.spec) ? o.spec : {};
  const status = isObject(o.status) ? o.status : {};
  const phase = PHASES.includes(status.phase) ? (status.phase as PodPhase) : 'Unknown';
  const ready = Array.isArray(status.conditions) ? status.conditions.find((c: unknown) => isObject(c) && c.type === 'Ready') : undefined;
  const podRequests = requests(spec.resources);
  return {
    name: String(o.metadata?.name ?? ''),
    phase,
    deleted: o.metadata?.deletionTimestamp != null,
    startTime: time(status.startTime),
    ready: ready && ['True', 'False', 'Unknown'].includes(ready.status)
      ? { status: ready.status, lastTransitionTime: time(ready.lastTransitionTime) ?? 0 }
      : null,
    containers: containers(spec.containers),
    initContainers: containers(spec.initContainers),
    ...(podRequests ? { podRequests } : {}),
  };
}

/**
 * Whether a pod belongs to the scale target: Deployment pods are owned by a ReplicaSet named
 * `<deployment>-<pod-template-hash>`; StatefulSet and ReplicaSet pods by the target itself.
 */
export function ownedBy(o: KubeObject, target: { kind: string; name: string }): boolean {
  const owners = Array.isArray(o.metadata?.ownerReferences) ? (o.metadata!.ownerReferences as unknown[]).filter(isObject) : [];
  return owners.some((ref) => (target.kind === 'Deployment'
    ? ref.kind === 'ReplicaSet' && typeof ref.name === 'string' && ref.name.startsWith(`${target.name}-`)
    : ref.kind === target.kind && ref.name === target.name));
}

export interface PodSelection {
  readonly pods: Pod[];
  readonly findings: Finding[];
  /** True when no pod named the target as owner and every Pod of the file was kept. */
  readonly unfiltered: boolean;
}

/**
 * Fields the reader uses, of a type the API server never prints (a hand-edited file): each one a
 * finding at its field, instead of a pod read as if the field were absent (no owner, no start
 * time, a missing request).
 */
function podFieldFindings(o: KubeObject, at: readonly (string | number)[], locate: (p: (string | number)[]) => { file: string; line: number; column: number }): Finding[] {
  const findings: Finding[] = [];
  const wrong = (path: (string | number)[], rule: string, message: string, hint: string) =>
    findings.push({ severity: 'error', path: [...at, ...path], rule, message, hint, location: locate([...at, ...path]) });
  const save = 'pass the pods as kubectl prints them: kubectl get pods -n <namespace> -o yaml';
  const list = (value: unknown, path: (string | number)[]) => {
    if (value !== undefined && value !== null && !Array.isArray(value)) wrong(path, 'explain/pod-field', 'must be a list', save);
    return Array.isArray(value) ? value : [];
  };
  const when = (value: unknown, path: (string | number)[]) => {
    if (value !== undefined && value !== null && time(value) === null) wrong(path, 'explain/pod-field', `must be an RFC 3339 time, got ${JSON.stringify(value)}`, save);
  };
  const mapping = (value: unknown, path: (string | number)[]) => {
    if (value !== undefined && value !== null && !isObject(value)) wrong(path, 'explain/pod-field', `must be a mapping, got ${JSON.stringify(value)}`, save);
    return isObject(value) ? value : {};
  };
  const text = (value: unknown, path: (string | number)[], allowed: readonly string[]) => {
    if (value !== undefined && value !== null && (typeof value !== 'string' || !allowed.includes(value))) {
      wrong(path, 'explain/pod-field', `must be one of ${allowed.join(', ')}, got ${JSON.stringify(value)}`, save);
    }
  };
  list(o.metadata?.ownerReferences, ['metadata', 'ownerReferences']);
  const spec = mapping(o.spec, ['spec']);
  const status = mapping(o.status, ['status']);
  text(status.phase, ['status', 'phase'], PHASES);
  // Requests: each container's, and the pod-level ones (spec.resources, PodLevelResources).
  const checkRequests = (requests: Record<string, unknown>, at: (string | number)[]) => {
    for (const [name, q] of Object.entries(requests)) {
      let ok = typeof q === 'string' || typeof q === 'number';
      try {
        if (ok) milliValue(q as string | number);
      } catch (e) {
        // A RangeError: it parses, but is far beyond the range below.
        ok = e instanceof RangeError;
      }
      if (!ok) wrong([...at, name], 'hpa/quantity', `must be a Kubernetes quantity, got ${JSON.stringify(q)}`, 'e.g. 500m or 1 (cpu), 512Mi or 1Gi (memory)');
      else if (!quantityInRange(q as string | number)) {
        wrong([...at, name], 'hpa/quantity', `is ${String(q)}, beyond the largest quantity Kubernetes holds (2^63 - 1 = ${MAX_QUANTITY})`,
          'give the request the cluster shows (kubectl get pods -o yaml): e.g. 500m or 1 (cpu), 512Mi or 1Gi (memory)');
      }
    }
  };
  for (const field of ['containers', 'initContainers'] as const) {
    list(spec[field], ['spec', field]).forEach((c: unknown, i: number) => {
      const resources = isObject(c) ? mapping(c.resources, ['spec', field, i, 'resources']) : {};
      checkRequests(mapping(resources.requests, ['spec', field, i, 'resources', 'requests']), ['spec', field, i, 'resources', 'requests']);
    });
  }
  const podResources = mapping(spec.resources, ['spec', 'resources']);
  checkRequests(mapping(podResources.requests, ['spec', 'resources', 'requests']), ['spec', 'resources', 'requests']);
  when(status.startTime, ['status', 'startTime']);
  list(status.conditions, ['status', 'conditions']).forEach((c: unknown, i: number) => {
    if (!isObject(c)) return;
    when(c.lastTransitionTime, ['status', 'conditions', i, 'lastTransitionTime']);
    text(c.status, ['status', 'conditions', i, 'status'], ['True', 'False', 'Unknown']);
  });
  return findings;
}

/**
 * Keeps the Pods of the file that belong to the target. A non-Pod object is an error finding; when
 * no pod's owner matches (pods created by hand, or a selection by label), all pods are kept.
 */
export function selectPods(
  objects: readonly LocatedObject[], target: { kind: string; name: string },
  locate: (p: (string | number)[]) => { file: string; line: number; column: number },
): PodSelection {
  const findings: Finding[] = [];
  const all: KubeObject[] = [];
  for (const { object, path } of objects) {
    if (object.kind !== 'Pod') {
      findings.push({
        severity: 'error', path: [...path, 'kind'], rule: 'explain/not-a-pod', message: `is ${objectName(object)}, not a Pod`,
        hint: 'kubectl get pods -n <namespace> -l <selector of the target> -o yaml > pods.yaml', location: locate([...path, 'kind']),
      });
      continue;
    }
    const wrong = podFieldFindings(object, path, locate);
    if (wrong.length > 0) {
      findings.push(...wrong);
      continue;
    }
    all.push(object);
  }
  const owned = all.filter((o) => ownedBy(o, target));
  const unfiltered = owned.length === 0;
  return { pods: (unfiltered ? all : owned).map(toEnginePod), findings, unfiltered };
}
