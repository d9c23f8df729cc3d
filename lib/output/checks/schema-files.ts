import * as path from 'path';

/** Kubernetes versions every synthesized object must validate against. */
export const KUBERNETES_VERSIONS = ['1.28.0', '1.36.0'] as const;

/** The built-in kinds we emit (or will: PodDisruptionBudget), as group/version/kind. */
export const ROOT_KINDS = ['autoscaling/v2/HorizontalPodAutoscaler', 'v1/ConfigMap', 'policy/v1/PodDisruptionBudget'];

/** prometheus-operator v0.93.0 CRDs, as named in cdk8s.yaml's import URLs. */
export const CRD_FILES = [
  'monitoring.coreos.com_servicemonitors.yaml',
  'monitoring.coreos.com_podmonitors.yaml',
  'monitoring.coreos.com_prometheusrules.yaml',
];

export const SCHEMA_DIR = path.join(__dirname, '..', 'schemas');
