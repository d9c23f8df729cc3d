import { error, Finding } from '../../config/findings';

type Obj = Record<string, any>;

/** Kinds we may emit that have no namespace; everything else must say its namespace. */
const CLUSTER_SCOPED = new Set(['Namespace', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition', 'PriorityClass', 'StorageClass']);
/** Kinds whose spec.selector picks pods or services: an empty one picks everything. */
const SELECTING = new Set(['ServiceMonitor', 'PodMonitor', 'PodDisruptionBudget']);

/** Rules every manifest in dist/ must keep, whatever produced it. */
export function manifestFindings(obj: Obj): Finding[] {
  const out: Finding[] = [];
  if (obj.kind === 'Secret') {
    out.push(error(['kind'], 'output/secret', 'Secrets must not be synthesized into dist/ (it is committed to git)', 'deliver secrets with a secret manager, not from this repository'));
  }
  if (!CLUSTER_SCOPED.has(obj.kind) && !obj.metadata?.namespace) {
    out.push(error(['metadata', 'namespace'], 'output/namespace-missing', 'a namespaced object must name its namespace explicitly (else it lands wherever kubectl/Argo CD points)', 'set the chart namespace'));
  }
  if (SELECTING.has(obj.kind) && isEmptySelector(obj.spec?.selector)) {
    out.push(error(['spec', 'selector'], 'output/empty-selector', 'an empty label selector selects every object in the namespace', 'select the workload by its labels'));
  }
  return out;
}

function isEmptySelector(selector: Obj | undefined): boolean {
  if (!selector) return true;
  return Object.keys(selector.matchLabels ?? {}).length === 0 && (selector.matchExpressions ?? []).length === 0;
}

/**
 * Every Pods/External metric an HPA of the environment asks for must be served by an adapter rule
 * of the same name in the matching list (custom for Pods, external for External).
 */
export function unservedMetricFindings(hpas: ReadonlyArray<{ object: Obj; file: string }>, adapterValues: Obj): Finding[] {
  const served = {
    Pods: new Set((adapterValues.rules?.custom ?? []).map((r: Obj) => r.name?.as)),
    External: new Set((adapterValues.rules?.external ?? []).map((r: Obj) => r.name?.as)),
  };
  const out: Finding[] = [];
  for (const { object, file } of hpas) {
    (object.spec?.metrics ?? []).forEach((m: Obj, i: number) => {
      if (m.type !== 'Pods' && m.type !== 'External') return;
      const name = m.type === 'Pods' ? m.pods?.metric?.name : m.external?.metric?.name;
      if (!served[m.type as 'Pods' | 'External'].has(name)) {
        out.push({ ...error(['spec', 'metrics', i], 'output/unserved-metric',
          `${m.type} metric "${name}" is not exposed by any prometheus-adapter ${m.type === 'Pods' ? 'custom' : 'external'} rule; the HPA would report FailedGet${m.type}Metric forever`,
          'define the metric in the catalogue'), location: { file } });
      }
    });
  }
  return out;
}
