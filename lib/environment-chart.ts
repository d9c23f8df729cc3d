import { ApiObject, Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { formatFinding } from './config/findings';
import { quantityValue } from './config/primitives';
import { milliValue } from './hpa/quantity';
import { Environment, EnvironmentInput, WorkloadInput } from './config/schema';
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
import { deploymentContainers } from './scaling/scale-target';
import { WorkloadAutoscaler } from './scaling/workload-autoscaler';

/**
 * An environment as a TypeScript caller writes it: the config file's shape (defaults may be left
 * out), where a workload whose Deployment is passed in `deployments` may omit `deployment`,
 * `containers` and `podSelector` (they come from the Deployment).
 */
export type LuneoEnvironment = Omit<EnvironmentInput, 'workloads'> & {
  readonly workloads: Record<string, Omit<WorkloadInput, 'deployment'> & { readonly deployment?: string }>;
};

export interface LuneoAutoscalingProps {
  /**
   * The environment: a validated one from `loadEnvironmentFile`, or an object literal, which is
   * validated here with the same rules as a config file (findings fail `app.synth()`).
   */
  readonly env: Environment | LuneoEnvironment;
  /**
   * The cdk8s-plus-28 Deployments of the workloads, by workload key, when the app that owns them
   * is a cdk8s app too: each HPA targets its Deployment, and the workload's `deployment` name,
   * `containers` requests and `podSelector` are taken from it (stating them as well is allowed only
   * if they agree). @default none: Deployments are named in the environment
   */
  readonly deployments?: Readonly<Record<string, kplus.Deployment>>;
}

/**
 * The LuneoAutoscaling chart: everything one environment needs to autoscale. Per workload its
 * scrape monitor, HPA, PodDisruptionBudget, optional VPA and (for workers) concurrency policy;
 * alerts, runbook and dashboard; and the prometheus-adapter values derived from the same catalogue.
 *
 * @example
 * const app = new App();
 * const autoscaling = new LuneoAutoscaling(app, 'production', { env: { environment: 'production', ... } });
 * autoscaling.concurrencyPolicy('worker')?.wireInto(workerDeployment.containers[0]);
 * app.synth();
 */
export class LuneoAutoscaling extends Chart {
  public readonly env: Environment;
  public readonly catalogue: MetricCatalogue;
  /** Alerts, runbook and dashboard; absent when the environment is invalid. */
  public readonly observability?: EnvironmentObservability;
  private readonly policies = new Map<string, ConcurrencyPolicy>();

  constructor(scope: Construct, id: string, props: LuneoAutoscalingProps) {
    super(scope, id, { namespace: props.env.namespace, disableResourceNameHashes: true });
    // An environment from the loader is already validated (and frozen); any other object is validated
    // here, so TypeScript callers get the config rules too (and the schema's defaults). An invalid
    // one builds nothing (its shape cannot be trusted) and fails at synth.
    const fromDeployments = withDeployments(props.env as LuneoEnvironment, props.deployments ?? {});
    const validation = isValidatedEnvironment(props.env) && !props.deployments
      ? { env: props.env as Environment, findings: [] }
      : validateEnvironment(fromDeployments.env);
    const env = validation.env ?? (props.env as Environment);
    this.env = env;
    const errors = [...fromDeployments.problems, ...validation.findings.filter((f) => f.severity === 'error').map(formatFinding)];
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
        name: w.hpa, namespace: env.namespace, deployment: props.deployments?.[key] ?? w.deployment,
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
        this.policies.set(key, new ConcurrencyPolicy(workload, 'Concurrency', {
          namespace: env.namespace, concurrency: w.concurrency, labels,
          activeJobsTarget: activeJobs ? quantityValue(activeJobs.target.averageValue) : 0,
        }));
      }
    }
    this.observability = new EnvironmentObservability(this, 'Observability', { env });
  }

  /**
   * The chart's manifests, in construct order; throws on a failed validation of this chart's
   * constructs. cdk8s's own Chart.toJson() validates the whole app on every call, which made a
   * synthesis of many environments quadratic (each chart's rendering re-ran every chart's checks).
   */
  public toJson(): any[] {
    const constructs = this.node.findAll();
    const errors = constructs.flatMap((c) => c.node.validate().map((e) => `[${c.node.path}] ${e}`));
    if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);
    return constructs.filter((c): c is ApiObject => c instanceof ApiObject && Chart.of(c) === this).map((o) => o.toJson());
  }

  /** Values for the prometheus-adapter Helm chart: the adapter rules of this catalogue. */
  adapterValues(): AdapterChartValues {
    return adapterChartValues(this.env, this.catalogue);
  }

  /** The concurrency policy (ConfigMap) of a workload, to wire into its container; undefined if it has none. */
  concurrencyPolicy(workload: string): ConcurrencyPolicy | undefined {
    return this.policies.get(workload);
  }
}

/** @deprecated the public name is LuneoAutoscaling. */
export const EnvironmentChart = LuneoAutoscaling;
/** @deprecated the public name is LuneoAutoscaling. */
export type EnvironmentChart = LuneoAutoscaling;
/** @deprecated the public name is LuneoAutoscalingProps. */
export type EnvironmentChartProps = LuneoAutoscalingProps;

/**
 * Container requests compared by value, as the API server does: `2Gi` and `2048Mi` are one request.
 * Anything that is not a quantity (a wrong shape) compares by its text.
 */
function sameQuantities(stated: unknown, derived: unknown): boolean {
  const norm = (v: unknown): unknown => {
    if (typeof v === 'string' || typeof v === 'number') {
      try {
        return `q:${milliValue(v)}`;
      } catch {
        return v;
      }
    }
    if (v && typeof v === 'object') return Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, x]) => [k, norm(x)]));
    return v;
  };
  return JSON.stringify(norm(stated)) === JSON.stringify(norm(derived));
}

/**
 * Fills a workload's `deployment`, `containers` and `podSelector` from its cdk8s-plus Deployment;
 * a value stated in the environment too must agree with the Deployment's.
 */
function withDeployments(env: LuneoEnvironment, deployments: Readonly<Record<string, kplus.Deployment>>): { env: unknown; problems: string[] } {
  const keys = Object.keys(deployments);
  if (keys.length === 0) return { env, problems: [] };
  const problems: string[] = [];
  const workloads: Record<string, unknown> = { ...(env.workloads ?? {}) };
  for (const key of keys) {
    const w = env.workloads?.[key];
    const d = deployments[key];
    if (!w) {
      problems.push(`deployments.${key}: names no workload (workloads: ${Object.keys(env.workloads ?? {}).join(', ')}) [workload/unknown-deployment]`);
      continue;
    }
    const containers = deploymentContainers(d);
    const agree = (field: string, stated: unknown, derived: unknown) => {
      if (stated !== undefined && JSON.stringify(stated) !== JSON.stringify(derived)) {
        problems.push(`workloads.${key}.${field}: ${JSON.stringify(stated)} disagrees with Deployment ${d.name} (${JSON.stringify(derived)}); state it once [workload/deployment-mismatch]`);
      }
    };
    agree('deployment', w.deployment, d.name);
    agree('containers', w.containers === undefined ? undefined : sameQuantities(w.containers, containers) ? containers : w.containers, containers);
    agree('podSelector', w.podSelector, d.matchLabels);
    workloads[key] = { ...w, deployment: d.name, containers, podSelector: d.matchLabels };
  }
  return { env: { ...env, workloads }, problems };
}
