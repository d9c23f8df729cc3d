import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { formatFinding } from './config/findings';
import { quantityValue } from './config/primitives';
import { Environment } from './config/schema';
import { isValidatedEnvironment, validateEnvironment } from './config/validate';
import { recommendedLabels } from './labels';
import { adapterChartValues, AdapterChartValues } from './metrics/adapter-values';
import { MetricCatalogue } from './metrics/catalogue';
import { EnvironmentObservability } from './observability/environment-observability';
import { ScrapeMonitor } from './metrics/scrape-monitor';
import { ConcurrencyPolicy } from './scaling/concurrency-policy';
import { DEFAULT_DISRUPTION_BUDGET } from './config/safety';
import { WorkloadDisruptionBudget } from './scaling/disruption-budget';
import { VerticalRecommender } from './scaling/vertical-recommender';
import { WorkloadAutoscaler } from './scaling/workload-autoscaler';

export interface EnvironmentChartProps {
  /** A validated environment (see `loadEnvironmentFile`); validated again at synth for TS callers. */
  readonly env: Environment;
}

/**
 * Everything one environment needs to autoscale: per workload its scrape monitor, HPA and (for
 * workers) concurrency policy, and the prometheus-adapter values derived from the same catalogue.
 */
export class EnvironmentChart extends Chart {
  public readonly env: Environment;
  public readonly catalogue: MetricCatalogue;
  /** Alerts, runbook and dashboard; absent when the environment is invalid. */
  public readonly observability?: EnvironmentObservability;

  constructor(scope: Construct, id: string, props: EnvironmentChartProps) {
    super(scope, id, { namespace: props.env.namespace, disableResourceNameHashes: true });
    // An environment from the loader is already validated (and frozen); any other object is validated
    // here, so TypeScript callers get the config rules too (and the schema's defaults). An invalid
    // one builds nothing (its shape cannot be trusted) and fails at synth.
    const validation = isValidatedEnvironment(props.env) ? { env: props.env, findings: [] } : validateEnvironment(props.env);
    const env = validation.env ?? props.env;
    this.env = env;
    const errors = validation.findings.filter((f) => f.severity === 'error').map(formatFinding);
    this.node.addValidation({ validate: () => errors });
    this.catalogue = new MetricCatalogue(errors.length === 0 ? env.metrics : {});
    if (errors.length > 0) return;

    for (const key of Object.keys(env.workloads).sort()) {
      const w = env.workloads[key];
      const labels = recommendedLabels({ name: w.deployment, component: w.component, partOf: env.partOf });
      const metrics = this.catalogue.forWorkload(key);
      const workload = new Construct(this, key);
      if (w.scrape) {
        new ScrapeMonitor(workload, 'Scrape', {
          name: w.deployment, namespace: env.namespace, scrape: w.scrape, monitorSelector: env.prometheus.monitorSelector, labels,
        });
      }
      new WorkloadAutoscaler(workload, 'Autoscaler', {
        name: w.hpa, namespace: env.namespace, deployment: w.deployment,
        minReplicas: w.replicas.min, maxReplicas: w.replicas.max,
        utilization: w.utilization, metrics, scaleUp: w.scaleUp, scaleDown: w.scaleDown, labels,
      });
      if (w.podSelector) {
        new WorkloadDisruptionBudget(workload, 'DisruptionBudget', {
          name: w.deployment, namespace: env.namespace, podSelector: w.podSelector,
          budget: w.disruptionBudget ?? DEFAULT_DISRUPTION_BUDGET, minReplicas: w.replicas.min, labels,
        });
      }
      if (w.verticalScaling) {
        new VerticalRecommender(workload, 'VerticalScaling', {
          name: w.deployment, namespace: env.namespace, deployment: w.deployment, verticalScaling: w.verticalScaling, labels,
        });
      }
      if (w.concurrency) {
        const activeJobs = env.metrics[w.concurrency.activeJobsMetric];
        new ConcurrencyPolicy(workload, 'Concurrency', {
          namespace: env.namespace, concurrency: w.concurrency, labels,
          activeJobsTarget: activeJobs ? quantityValue(activeJobs.target.averageValue) : 0,
        });
      }
    }
    this.observability = new EnvironmentObservability(this, 'Observability', { env });
  }

  /** Values for the prometheus-adapter Helm chart: the adapter rules of this catalogue. */
  adapterValues(): AdapterChartValues {
    return adapterChartValues(this.env, this.catalogue);
  }
}
