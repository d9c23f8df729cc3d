import { error, Finding } from './findings';
import { Environment } from './schema';
import { clusterKey, describeDestination } from './argocd-cluster';

/**
 * Rules across environments, which no single file can break alone.
 *
 * prometheus-adapter registers the cluster-wide APIServices v1beta1.custom.metrics.k8s.io and
 * v1beta1.external.metrics.k8s.io: two adapters in one cluster take each other's APIService, and
 * one environment's HPAs read the other's rules. So two environments deploying the adapter must
 * name different Argo CD destinations (clusters), compared as Argo CD resolves them
 * (`clusterKey`: `https://kubernetes.default.svc/`, `...:443` and `name: in-cluster` are one cluster).
 */
export function checkEnvironmentSet(envs: readonly Environment[]): Array<{ environment: string; finding: Finding }> {
  const out: Array<{ environment: string; finding: Finding }> = [];
  const byCluster = new Map<string, { environment: string; destination: string }>();
  for (const env of envs) {
    const d = env.argocd?.destination;
    if (!d) continue;
    const cluster = clusterKey(d);
    const other = byCluster.get(cluster);
    if (other) {
      const mine = describeDestination(d);
      const same = other.destination === mine ? `the cluster with ${mine}` : `the cluster with ${other.destination} (${mine} is the same cluster to Argo CD)`;
      out.push({
        environment: env.environment,
        finding: error(['argocd', 'destination'], 'argocd/adapter-per-cluster',
          `environment "${other.environment}" already deploys prometheus-adapter to ${same}; the adapter's metrics APIServices are cluster-wide, so the second would take them over`,
          'give each environment its own cluster, or deploy the adapter from one environment only'),
      });
    } else {
      byCluster.set(cluster, { environment: env.environment, destination: describeDestination(d) });
    }
  }
  return out;
}
