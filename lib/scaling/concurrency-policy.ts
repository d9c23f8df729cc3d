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
  constructor(scope: Construct, id: string, props: ConcurrencyPolicyProps) {
    super(scope, id);
    this.node.addValidation(propsValidation(props, { namespace: dnsLabel, concurrency: ConcurrencySchema, labels }));
    const c = props.concurrency;
    new KubeConfigMap(this, 'Resource', {
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
}
