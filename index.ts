// Package entry point: the constructs as a library for other cdk8s apps.
//   import { LuneoAutoscaling } from 'luneo-autoscaling';
//   new LuneoAutoscaling(app, 'production', { env: { ... }, deployments: { backend, worker } });
// `npm run build` compiles it with type declarations to build/ (package.json main/types).

// The environment chart, and the constructs it is made of (each usable alone).
export { LuneoAutoscaling, EnvironmentChart } from './lib/environment-chart';
export type { LuneoAutoscalingProps, LuneoEnvironment, EnvironmentChartProps } from './lib/environment-chart';
export { WorkloadAutoscaler } from './lib/scaling/workload-autoscaler';
export type { WorkloadAutoscalerProps } from './lib/scaling/workload-autoscaler';
export { deploymentContainers, scaleTargetProblems } from './lib/scaling/scale-target';
export type { ScaleTarget } from './lib/scaling/scale-target';
export { ConcurrencyPolicy } from './lib/scaling/concurrency-policy';
export type { ConcurrencyPolicyProps } from './lib/scaling/concurrency-policy';
export { WorkloadDisruptionBudget } from './lib/scaling/disruption-budget';
export type { WorkloadDisruptionBudgetProps } from './lib/scaling/disruption-budget';
export { VerticalRecommender } from './lib/scaling/vertical-recommender';
export type { VerticalRecommenderProps } from './lib/scaling/vertical-recommender';
export { ScrapeMonitor } from './lib/metrics/scrape-monitor';
export type { ScrapeMonitorProps } from './lib/metrics/scrape-monitor';
export { AlertRules } from './lib/observability/alert-rules';
export { ArgoCdApplications, scaleTargetIgnoreDifferences, SYNC_OPTIONS } from './lib/delivery/argocd-applications';
export type { ArgoCdApplicationsProps } from './lib/delivery/argocd-applications';

// The metric catalogue: each custom metric defined once (adapter rule, HPA metric, alerts).
export { MetricCatalogue, CatalogueMetric } from './lib/metrics/catalogue';
export type { AdapterRule } from './lib/metrics/catalogue';
export { adapterChartValues } from './lib/metrics/adapter-values';
export type { AdapterChartValues } from './lib/metrics/adapter-values';

// The configuration model and its rules, as the YAML path applies them.
export { EnvironmentSchema, environmentJsonSchema } from './lib/config/schema';
export type { Environment, EnvironmentInput, Workload, WorkloadInput, Metric } from './lib/config/schema';
export { validateEnvironment } from './lib/config/validate';
export type { Validation } from './lib/config/validate';
export { loadEnvironmentFile, effectiveEnvironmentText } from './lib/config/load';
export { formatFinding, formatReport, ConfigError } from './lib/config/findings';
export type { Finding } from './lib/config/findings';
export { environmentFootprint } from './lib/config/footprint';
export type { EnvironmentFootprint } from './lib/config/footprint';
export { podRequests } from './lib/config/requests';
