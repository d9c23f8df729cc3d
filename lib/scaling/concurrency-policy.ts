import type * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { KubeConfigMap } from '../../imports/k8s';
import { propsValidation } from '../config/construct-validation';
import { dnsLabel, labels, seconds } from '../config/primitives';
import { Concurrency, ConcurrencySchema } from '../config/schema';

export interface ConcurrencyPolicyProps {
  readonly namespace: string;
  /** The worker's concurrency settings; `configMap` names the ConfigMap. */
  readonly concurrency: Concurrency;
  /** The active-jobs target of the worker's HPA, published so the worker can log its headroom. */
  readonly activeJobsTarget: number;
  readonly labels: Record<string, string>;
}

/**
 * The worker concurrency policy (worker-concurrency-config): a ConfigMap the worker reads at start
 * (via envFrom). Its numbers are checked against the HPA by the environment's consistency rules.
 */
export class ConcurrencyPolicy extends Construct {
  public readonly resource: KubeConfigMap;
  private wired = 0;

  constructor(scope: Construct, id: string, props: ConcurrencyPolicyProps) {
    super(scope, id);
    this.node.addValidation(propsValidation(props, { namespace: dnsLabel, concurrency: ConcurrencySchema, labels }));
    const c = props.concurrency;
    this.resource = new KubeConfigMap(this, 'Resource', {
      metadata: { name: c.configMap, namespace: props.namespace, labels: props.labels },
      data: {
        MAX_CONCURRENT_JOBS: String(c.maxConcurrentJobs),
        QUEUES: c.queues.join(','),
        JOB_TIMEOUT_SECONDS: String(seconds(c.jobTimeout)),
        SHUTDOWN_GRACE_PERIOD_SECONDS: String(seconds(c.shutdownGracePeriod)),
        HPA_ACTIVE_JOBS_TARGET: String(props.activeJobsTarget),
      },
    });
  }

  /**
   * Wires the policy into a cdk8s-plus-28 container: `envFrom: [{ configMapRef: <configMap> }]`, so
   * MAX_CONCURRENT_JOBS, QUEUES, JOB_TIMEOUT_SECONDS, SHUTDOWN_GRACE_PERIOD_SECONDS and
   * HPA_ACTIVE_JOBS_TARGET reach the worker process as environment variables.
   *
   * @example policy.wireInto(workerDeployment.containers[0]);
   */
  public wireInto(container: kplus.Container): void {
    // Loaded here, not with this module: a synth from config/ never wires a container, and
    // cdk8s-plus (~40 ms to load) is then not loaded at all.
    const { ConfigMap, Env } = require('cdk8s-plus-28') as typeof kplus;
    const ref = ConfigMap.fromConfigMapName(this, `Ref${this.wired++}`, this.resource.name);
    container.env.copyFrom(Env.fromConfigMap(ref));
  }
}
