/** The Kubernetes recommended labels every object we emit carries. */
export interface RecommendedLabelsProps {
  /** app.kubernetes.io/name: the application the object belongs to (e.g. the Deployment's name). */
  readonly name: string;
  /** app.kubernetes.io/component: its role (api, worker). */
  readonly component: string;
  /** app.kubernetes.io/part-of: the platform. */
  readonly partOf: string;
}

export const MANAGED_BY = 'luneo-autoscaling';

export function recommendedLabels(p: RecommendedLabelsProps): Record<string, string> {
  return {
    'app.kubernetes.io/name': p.name,
    'app.kubernetes.io/component': p.component,
    'app.kubernetes.io/part-of': p.partOf,
    'app.kubernetes.io/managed-by': MANAGED_BY,
  };
}
