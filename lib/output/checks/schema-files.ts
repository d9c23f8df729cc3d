import * as path from 'path';

/** Kubernetes versions every synthesized object must validate against. */
export const KUBERNETES_VERSIONS = ['1.28.0', '1.36.0'] as const;

/** The built-in kinds we emit (or will: PodDisruptionBudget), as group/version/kind. */
export const ROOT_KINDS = ['autoscaling/v2/HorizontalPodAutoscaler', 'v1/ConfigMap', 'policy/v1/PodDisruptionBudget'];

/** Pinned CRDs, as named in cdk8s.yaml's import URLs (files under <dir>/crds/), with their upstream release. */
export const CRD_FILES = [
  'monitoring.coreos.com_servicemonitors.yaml',
  'monitoring.coreos.com_podmonitors.yaml',
  'monitoring.coreos.com_prometheusrules.yaml',
  'vpa-v1-crd-gen.yaml',
  'argocd-application-crd.yaml',
];

/** The upstream release each CRD group is pinned to, named in output-check findings. */
export const CRD_SOURCES: Record<string, string> = {
  'monitoring.coreos.com': 'prometheus-operator v0.93.0',
  'autoscaling.k8s.io': 'vertical-pod-autoscaler 1.7.1',
  'argoproj.io': 'Argo CD v3.5.1',
};

export const SCHEMA_DIR = path.join(__dirname, '..', 'schemas');
