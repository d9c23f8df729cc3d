/**
 * What each HPA condition reason means and what to check next. Reasons and their wording come from
 * the controller (kubernetes pkg/controller/podautoscaler/horizontal.go, setCondition calls); the
 * steps are the README's "Troubleshooting by condition" sections, which `readme` names by anchor
 * (a test checks every anchor exists in README.md).
 */
export interface ConditionGuide {
  /** One sentence, plain words. */
  readonly meaning: string;
  /** Is this a problem to act on? ('info': normal operation). */
  readonly severity: 'info' | 'notice' | 'problem';
  /** What to check next, most likely first. */
  readonly next: readonly string[];
  /** Anchor of the README section (without '#'), when there is one. */
  readonly readme?: string;
}

const FAILED_METRIC_STEPS = {
  pods: [
    'kubectl get --raw /apis/custom.metrics.k8s.io/v1beta1 | jq -r ".resources[].name"  (is pods/<metric> served?)',
    'kubectl get --raw "/apis/custom.metrics.k8s.io/v1beta1/namespaces/<ns>/pods/*/<metric>"  (does every pod have a value?)',
    'the prometheus-adapter rule in dist/helm-values/<env>/prometheus-adapter.yaml: its seriesQuery must match a series that has namespace and pod labels',
    'Prometheus has the series: the ServiceMonitor labels match the Prometheus serviceMonitorSelector, the Service port name matches',
  ],
  external: [
    'kubectl get --raw /apis/external.metrics.k8s.io/v1beta1 | jq -r ".resources[].name"  (is the metric served?)',
    'kubectl get --raw "/apis/external.metrics.k8s.io/v1beta1/namespaces/<ns>/<metric>?labelSelector=<selector>"  (does the selector match?)',
    "the adapter's external rule: its seriesQuery label matchers and the HPA metric selector (matchLabels) must agree",
    'the queue exporter is up and Prometheus has the series',
  ],
};

/** Reason -> guide. Reasons the controller sets with status True and False share one entry. */
export const CONDITION_GUIDES: Readonly<Record<string, ConditionGuide>> = {
  // AbleToScale
  SucceededGetScale: { severity: 'info', meaning: 'The controller read the target\'s scale subresource.', next: [] },
  SucceededRescale: { severity: 'info', meaning: 'The controller changed the target\'s replica count at the last sync.', next: [] },
  ReadyForNewScale: { severity: 'info', meaning: 'Nothing holds the controller back: the stabilized recommendation equals what the metrics ask for.', next: [] },
  ScaleDownStabilized: {
    severity: 'notice', readme: 'scaledownstabilized',
    meaning: 'The metrics ask for fewer replicas, but a higher recommendation from within the scale-down stabilization window is still in force; the controller applies the highest recent recommendation.',
    next: ['wait out the window (behavior.scaleDown.stabilizationWindowSeconds, or the controller flag --horizontal-pod-autoscaler-downscale-stabilization, 300 s by default)', 'if the window is too long for the workload, shorten it in config/<env>.yaml (scaleDown.stabilization)'],
  },
  ScaleUpStabilized: {
    severity: 'notice', readme: 'scaleupstabilized',
    meaning: 'The metrics ask for more replicas, but a lower recommendation from within the scale-up stabilization window is still in force; the controller applies the lowest recent recommendation.',
    next: ['wait out behavior.scaleUp.stabilizationWindowSeconds', 'if scale-up must react faster, shorten scaleUp.stabilization'],
  },
  FailedGetScale: {
    severity: 'problem', readme: 'failedgetscale-and-failedupdatescale',
    meaning: 'The controller could not read the target\'s scale subresource: the target is missing, misnamed, or the controller lacks RBAC.',
    next: ['kubectl get <scaleTargetRef.kind> <scaleTargetRef.name> -n <ns>', 'check spec.scaleTargetRef (apiVersion, kind, name)'],
  },
  FailedUpdateScale: {
    severity: 'problem', readme: 'failedgetscale-and-failedupdatescale',
    meaning: 'The controller could not write the new replica count to the target (admission webhook, quota, RBAC or a conflicting writer).',
    next: ['kubectl describe hpa <name> -n <ns> (the event carries the API error)', 'look for an admission webhook or another controller (a second HPA, a GitOps tool syncing spec.replicas) fighting over replicas'],
  },
  // ScalingActive
  ValidMetricFound: { severity: 'info', meaning: 'The controller computed a replica count from the metrics.', next: [] },
  ScalingDisabled: {
    severity: 'notice', readme: 'scalingdisabled',
    meaning: 'The target is scaled to zero replicas, so the HPA does nothing until someone scales it back up.',
    next: ['kubectl scale <kind>/<name> -n <ns> --replicas=<minReplicas> if zero was not deliberate', 'check that Argo CD does not sync spec.replicas: 0 from Git'],
  },
  InvalidSelector: {
    severity: 'problem', readme: 'invalidselector',
    meaning: 'The target\'s label selector cannot be used to list its pods (missing, unparsable, or shared with another HPA).',
    next: ['kubectl get <kind> <name> -n <ns> -o jsonpath="{.spec.selector}"', 'make sure no second HPA targets the same pods'],
  },
  InvalidMetricSourceType: {
    severity: 'problem', readme: 'invalidmetricsourcetype',
    meaning: 'A metric has a type the controller does not know.',
    next: ['use Resource, ContainerResource, Pods, Object or External in spec.metrics[].type'],
  },
  FailedGetResourceMetric: {
    severity: 'problem', readme: 'failedgetresourcemetric',
    meaning: 'A CPU or memory metric could not be computed: metrics-server did not answer, returned no samples for the pods, or a container has no request for that resource.',
    next: [
      'kubectl get apiservice v1beta1.metrics.k8s.io (Available=True?) and kubectl top pods -n <ns>',
      'a "missing request" message: every container (and sidecar) of the target needs resources.requests for the resource',
      'a "pods might be unready" message: the pods are not Ready or just started (CPU initialization period)',
    ],
  },
  FailedGetContainerResourceMetric: {
    severity: 'problem', readme: 'failedgetresourcemetric',
    meaning: 'A per-container CPU or memory metric could not be computed: metrics-server did not answer, the container is not in the pods, or it has no request.',
    next: ['check the container name in spec.metrics[].containerResource.container', 'kubectl top pods --containers -n <ns>'],
  },
  FailedGetPodsMetric: {
    severity: 'problem', readme: 'failedgetpodsmetric',
    meaning: 'A Pods metric could not be read from the custom metrics API (custom.metrics.k8s.io), which prometheus-adapter serves.',
    next: FAILED_METRIC_STEPS.pods,
  },
  FailedGetObjectMetric: {
    severity: 'problem', readme: 'failedgetobjectmetric',
    meaning: 'An Object metric could not be read from the custom metrics API for the described object.',
    next: ['kubectl get --raw "/apis/custom.metrics.k8s.io/v1beta1/namespaces/<ns>/<resource>/<name>/<metric>"', 'the adapter rule must map the object\'s kind in resources.overrides'],
  },
  FailedGetExternalMetric: {
    severity: 'problem', readme: 'failedgetexternalmetric',
    meaning: 'An External metric could not be read from the external metrics API (external.metrics.k8s.io), which prometheus-adapter serves.',
    next: FAILED_METRIC_STEPS.external,
  },
  // ScalingLimited
  DesiredWithinRange: { severity: 'info', meaning: 'The desired count is within minReplicas..maxReplicas and the rate limits.', next: [] },
  TooManyReplicas: {
    severity: 'notice', readme: 'toomanyreplicas',
    meaning: 'The metrics ask for more replicas than maxReplicas; the HPA is pinned at its ceiling and the workload runs above its targets.',
    next: ['is the load real (a traffic peak) or a broken metric (a counter read as a gauge, a sum that should be a max)?', 'if real: raise replicas.max, or raise the per-pod target if pods can take more (see `npm run capacity`)', 'check the cluster can schedule maxReplicas pods (quota, node autoscaler limits)'],
  },
  TooFewReplicas: {
    severity: 'info', readme: 'toofewreplicas',
    meaning: 'The metrics ask for fewer replicas than minReplicas; the HPA holds the floor. Normal when load is low.',
    next: ['nothing, unless the floor itself is too high for quiet hours (replicas.min)'],
  },
  ScaleUpLimit: {
    severity: 'notice', readme: 'scaleuplimit-and-scaledownlimit',
    meaning: 'The metrics ask for more replicas than the scale-up policies allow in their period; the HPA grows step by step.',
    next: ['expected during a spike; if too slow, raise scaleUp.percent / scaleUp.pods or shorten scaleUp.every', 'review the simulated spike presets with `npm run review`'],
  },
  ScaleDownLimit: {
    severity: 'info', readme: 'scaleuplimit-and-scaledownlimit',
    meaning: 'The metrics ask for fewer replicas than the scale-down policies allow in their period; the HPA shrinks step by step.',
    next: ['expected after a peak; scaleDown.percent / scaleDown.pods / scaleDown.every set the pace'],
  },
};

/** The guide for a reason; reasons from older controllers or other tools get a generic entry. */
export function guideFor(reason: string): ConditionGuide {
  return CONDITION_GUIDES[reason] ?? {
    severity: 'notice', meaning: `The reason "${reason}" is not one the current HPA controller sets (an older controller, or another tool wrote it).`,
    next: ['kubectl describe hpa <name> -n <ns> and read the events'],
  };
}

/**
 * Refines a failure reason by its message: the controller reuses one reason for several causes,
 * and the message says which (e.g. FailedGetResourceMetric for a missing request).
 */
export function refineByMessage(reason: string, message: string): ConditionGuide {
  const guide = guideFor(reason);
  if (/missing request for/.test(message)) {
    return {
      severity: 'problem', readme: 'missing-requests',
      meaning: 'A container of the target has no resources.requests for this resource, so utilization (usage / request) cannot be computed; the controller ignores the metric and, with it failing, will not scale down.',
      next: ['set resources.requests for every container, including sidecars and restartable init containers', 'or scale on an AverageValue target instead of Utilization'],
    };
  }
  if (/pods might be unready|did not receive metrics for targeted pods/.test(message)) {
    return {
      ...guide, readme: 'unready-pods',
      meaning: 'No usable sample: every pod was unready, still initializing (CPU initialization period), or missing from the metrics API.',
      next: ['kubectl get pods -n <ns> (Ready?)', 'readiness probes that fail under load make the HPA blind exactly when it matters', ...guide.next],
    };
  }
  return guide;
}

/**
 * The guide's commands with the placeholders this HPA answers filled in (`<ns>`, `hpa <name>`,
 * `<kind>/<name>` of the target, the failing metric), so "Check next" can be run as printed.
 * Keys are the placeholders as they appear in the steps, longest first; unknown ones stay.
 */
export function fillPlaceholders(guide: ConditionGuide, values: ReadonlyArray<readonly [string, string]>): ConditionGuide {
  const sorted = [...values].sort((a, b) => b[0].length - a[0].length);
  const fill = (step: string) => sorted.reduce((s, [k, v]) => s.split(k).join(v), step);
  return { ...guide, next: guide.next.map(fill) };
}
