import { Construct } from 'constructs';
import { Application, ApplicationSpecIgnoreDifferences } from '../../imports/argocd-application-argoproj.io';
import { propsValidation } from '../config/construct-validation';
import { dnsLabel, labels } from '../config/primitives';
import { ArgoCd, ArgoCdSchema } from '../config/schema';

export interface ArgoCdApplicationsProps {
  /** Environment name: the Applications deploy `<argocd.path>/<environment>` and its adapter values. */
  readonly environment: string;
  /** Namespace the environment's manifests live in (the Application's destination namespace). */
  readonly namespace: string;
  /** Repository, revision, project, destination and adapter chart, from the environment's config. */
  readonly argocd: ArgoCd;
  /**
   * The objects of dist/<environment>, to find scale targets the HPAs share with it (see
   * `scaleTargetIgnoreDifferences`). @default none: we emit no Deployments today
   */
  readonly manifests?: ReadonlyArray<{ apiVersion: string; kind: string; metadata: { name: string; namespace?: string }; spec?: any }>;
  /** Recommended labels for the Application objects. */
  readonly labels: Record<string, string>;
}

/**
 * Sync options shared by both Applications:
 * - ServerSideApply: HPAs, PDBs and the monitoring CRDs get defaulted fields from the API server
 *   (HPA behavior defaults, ServiceMonitor defaults); with a server-side diff those are never drift.
 * - PruneLast: an object dropped from the config is removed only after everything else is healthy.
 * - FailOnSharedResource: never take over an object another Application already manages.
 */
export const SYNC_OPTIONS = ['ServerSideApply=true', 'PruneLast=true', 'FailOnSharedResource=true'] as const;

/**
 * The Argo CD objects that deploy one environment: `luneo-autoscaling-<env>` applies
 * dist/<env> (a plain directory), `prometheus-adapter-<env>` installs the prometheus-adapter chart
 * from its Helm repository with our values file from this repository (a multi-source
 * Application: the chart source plus a `ref: values` source whose files `$values/...` names).
 * They are written to dist/argocd/, outside every directory they sync, so Argo CD never manages
 * its own Application from inside the application it deploys.
 *
 * Automated sync prunes, but `allowEmpty: false` (Argo CD's own guard) refuses an automated sync
 * that would leave the Application with no resources at all.
 *
 * @example
 * new ArgoCdApplications(chart, 'production', {
 *   environment: 'production', namespace: 'luneo-production', labels,
 *   argocd: { namespace: 'argocd', project: 'luneo-platform', repoURL: 'https://github.com/luneo/luneo-autoscaling.git',
 *     targetRevision: 'main', path: 'dist', destination: { server: 'https://kubernetes.default.svc' },
 *     adapter: { repoURL: 'https://prometheus-community.github.io/helm-charts', chart: 'prometheus-adapter',
 *       version: '5.2.0', namespace: 'monitoring', releaseName: 'prometheus-adapter' } },
 * });
 */
export class ArgoCdApplications extends Construct {
  public readonly manifests: Application;
  public readonly adapter: Application;

  constructor(scope: Construct, id: string, props: ArgoCdApplicationsProps) {
    super(scope, id);
    this.node.addValidation(propsValidation(props, { environment: dnsLabel, namespace: dnsLabel, argocd: ArgoCdSchema, labels }));
    const a = props.argocd;
    const cluster = a.destination.server !== undefined ? { server: a.destination.server } : { name: a.destination.name };
    const ignoreDifferences = scaleTargetIgnoreDifferences(props.manifests ?? []);
    const syncOptions = [...SYNC_OPTIONS, ...(ignoreDifferences.length > 0 ? ['RespectIgnoreDifferences=true'] : [])];
    const syncPolicy = { automated: { prune: true, selfHeal: true, allowEmpty: false }, syncOptions };
    const metadata = (name: string) => ({ name, namespace: a.namespace, labels: { ...props.labels, 'luneo.dev/environment': props.environment } });

    this.manifests = new Application(this, 'Manifests', {
      metadata: metadata(`luneo-autoscaling-${props.environment}`),
      spec: {
        project: a.project,
        source: { repoUrl: a.repoURL, targetRevision: a.targetRevision, path: `${a.path}/${props.environment}`, directory: { recurse: false } },
        destination: { ...cluster, namespace: props.namespace },
        syncPolicy,
        ...(ignoreDifferences.length > 0 ? { ignoreDifferences } : {}),
      },
    });
    this.adapter = new Application(this, 'Adapter', {
      metadata: metadata(`${a.adapter.releaseName}-${props.environment}`),
      spec: {
        project: a.project,
        sources: [
          {
            repoUrl: a.adapter.repoURL, chart: a.adapter.chart, targetRevision: a.adapter.version,
            helm: { releaseName: a.adapter.releaseName, valueFiles: [`$values/${a.path}/helm-values/${props.environment}/prometheus-adapter.yaml`] },
          },
          { repoUrl: a.repoURL, targetRevision: a.targetRevision, ref: 'values' },
        ],
        destination: { ...cluster, namespace: a.adapter.namespace },
        syncPolicy,
      },
    });
  }
}

/**
 * An HPA owns `spec.replicas` of its scale target. If the same Application also applies that
 * Deployment/StatefulSet, every HPA decision is drift that selfHeal would revert (and a sync would
 * reset the replica count to the manifest's). For each such target: ignore /spec/replicas
 * (with RespectIgnoreDifferences, during sync too). Empty when the targets live elsewhere.
 */
export function scaleTargetIgnoreDifferences(manifests: NonNullable<ArgoCdApplicationsProps['manifests']>): ApplicationSpecIgnoreDifferences[] {
  const present = new Set(manifests.map((o) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace}/${o.metadata.name}`));
  const out = new Map<string, ApplicationSpecIgnoreDifferences>();
  for (const hpa of manifests.filter((o) => o.kind === 'HorizontalPodAutoscaler')) {
    const ref = hpa.spec?.scaleTargetRef ?? {};
    const key = `${ref.apiVersion}/${ref.kind}/${hpa.metadata.namespace}/${ref.name}`;
    if (!present.has(key) || out.has(key)) continue;
    const group = String(ref.apiVersion).includes('/') ? String(ref.apiVersion).split('/')[0] : '';
    out.set(key, { group, kind: ref.kind, name: ref.name, namespace: hpa.metadata.namespace, jsonPointers: ['/spec/replicas'] });
  }
  return [...out.keys()].sort().map((k) => out.get(k)!);
}
