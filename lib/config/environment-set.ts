import { error, Finding } from './findings';
import { Environment } from './schema';

/**
 * Rules across environments, which no single file can break alone.
 *
 * prometheus-adapter registers the cluster-wide APIServices v1beta1.custom.metrics.k8s.io and
 * v1beta1.external.metrics.k8s.io: two adapters in one cluster take each other's APIService, and
 * one environment's HPAs read the other's rules. So two environments deploying the adapter must
 * name different Argo CD destinations (clusters).
 */
export function checkEnvironmentSet(envs: readonly Environment[]): Array<{ environment: string; finding: Finding }> {
  const out: Array<{ environment: string; finding: Finding }> = [];
  const byCluster = new Map<string, string>();
  for (const env of envs) {
    const d = env.argocd?.destination;
    if (!d) continue;
    const cluster = d.server !== undefined ? `server ${d.server}` : `name ${d.name}`;
    const other = byCluster.get(cluster);
    if (other) {
      out.push({
        environment: env.environment,
        finding: error(['argocd', 'destination'], 'argocd/adapter-per-cluster',
          `environment "${other}" already deploys prometheus-adapter to the cluster with ${cluster}; the adapter's metrics APIServices are cluster-wide, so the second would take them over`,
          'give each environment its own cluster, or deploy the adapter from one environment only'),
      });
    } else {
      byCluster.set(cluster, env.environment);
    }
  }
  return out;
}
