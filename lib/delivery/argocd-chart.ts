import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { Environment } from '../config/schema';
import { MANAGED_BY } from '../labels';
import { ArgoCdApplications, ArgoCdApplicationsProps } from './argocd-applications';

export interface ArgoCdChartProps {
  /** Each environment with an `argocd` block, and the objects synthesized for it. */
  readonly environments: ReadonlyArray<{ readonly env: Environment; readonly manifests?: ArgoCdApplicationsProps['manifests'] }>;
}

/**
 * The Argo CD Applications of every environment, in one chart of their own: they are written to
 * dist/argocd/, which no Application syncs. Apply it once by hand or from a root Application of
 * the platform's Argo CD bootstrap (see README, "How Argo CD consumes it").
 *
 * @example
 * new ArgoCdChart(app, 'argocd', { environments: [{ env: production }] });
 */
export class ArgoCdChart extends Chart {
  constructor(scope: Construct, id: string, props: ArgoCdChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    for (const { env, manifests } of props.environments) {
      if (!env.argocd) continue;
      new ArgoCdApplications(this, env.environment, {
        environment: env.environment, namespace: env.namespace, argocd: env.argocd, manifests,
        labels: { 'app.kubernetes.io/part-of': env.partOf, 'app.kubernetes.io/managed-by': MANAGED_BY },
      });
    }
  }
}
