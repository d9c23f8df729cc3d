/**
 * Every error, condition and event message the controller model produces, in upstream's exact
 * wording (pkg/controller/podautoscaler, Kubernetes master 2025), each with the file and function
 * that formats it. They reach users through `kubectl describe hpa` (conditions, events), so a
 * changed word is a visible difference. Go's `%v` of an error is its message; `%q` quotes.
 *
 * The layering matters: the metrics client formats an API failure, the replica calculator wraps
 * it with the metric it concerns, horizontal.go wraps that again per source, and the condition
 * prefixes "the HPA was unable to compute the replica count: ".
 */

// ---- metrics/client.go ----

/** resourceMetricsClient.GetResourceMetric: the List call failed. */
export const resourceApiFailed = (err: string) => `unable to fetch metrics from resource metrics API: ${err}`;
/** resourceMetricsClient.GetResourceMetric: the List returned no items. */
export const NO_RESOURCE_METRICS = 'no metrics returned from resource metrics API';
/** customMetricsClient.GetRawMetric / GetObjectMetric: the call failed. */
export const customApiFailed = (err: string) => `unable to fetch metrics from custom metrics API: ${err}`;
/** customMetricsClient.GetRawMetric: no items. */
export const NO_CUSTOM_METRICS = 'no metrics returned from custom metrics API';
/** externalMetricsClient.GetExternalMetric: the List call failed. */
export const externalApiFailed = (err: string) => `unable to fetch metrics from external metrics API: ${err}`;
/** externalMetricsClient.GetExternalMetric: no items. */
export const NO_EXTERNAL_METRICS = 'no metrics returned from external metrics API';

// ---- metrics/utilization.go ----

/** GetResourceUtilizationRatio: no metric belongs to a pod with a request. */
export const NO_MATCHING_PODS = 'no metrics returned matched known pods';

// ---- replica_calculator.go ----

/** GetResourceReplicas / GetRawResourceReplicas: the metrics client failed. */
export const resourceMetricsUnavailable = (resource: string, err: string) => `unable to get metrics for resource ${resource}: ${err}`;
/** GetMetricReplicas: the custom metrics client failed. */
export const podsMetricUnavailable = (metricName: string, err: string) => `unable to get metric ${metricName}: ${err}`;
/**
 * GetObjectMetricReplicas / GetObjectPerPodMetricReplicas. Upstream's format string is
 * "unable to get metric %s: %v on %s %s/%s" with the arguments (metricName, objectRef.Kind,
 * namespace, objectRef.Name, err): the kind lands after the colon and the error after the slash.
 * Reproduced as is, since that is what users see.
 */
export const objectMetricUnavailable = (metricName: string, kind: string, namespace: string, name: string, err: string) =>
  `unable to get metric ${metricName}: ${kind} on ${namespace} ${name}/${err}`;
/** GetExternalMetricReplicas / GetExternalPerPodMetricReplicas: "%s/%s/%+v: %s" of namespace, name, selector, err. */
export const externalMetricUnavailable = (namespace: string, metricName: string, selector: unknown, err: string) =>
  `unable to get external metric ${namespace}/${metricName}/${formatLabelSelector(selector)}: ${err}`;
/** calcPlainMetricReplicas, GetResourceReplicas, getReadyPodsCount: the pod lister returned nothing. */
export const NO_PODS = 'no pods returned by selector while calculating replica count';
/** GetResourceReplicas / calcPlainMetricReplicas: every metric belonged to an ignored or unready pod. */
export const NO_READY_METRICS = 'did not receive metrics for targeted pods (pods might be unready)';
/** getUsageRatioReplicaCount: getReadyPodsCount failed ("%s"). */
export const readyPodsUnavailable = (err: string) => `unable to calculate ready pods: ${err}`;
/** calculatePodRequestsFromContainers. */
export const missingRequest = (resource: string, container: string, pod: string) => `missing request for ${resource} in container ${container} of Pod ${pod}`;
/** calculatePodRequestsFromContainers: a named container is not in the pod. */
export const containerNotFound = (container: string, pod: string) => `container ${container} not found in Pod ${pod}`;
/** calculatePodLevelRequests. */
export const missingPodLevelRequest = (resource: string, pod: string) => `missing pod-level request for ${resource} in Pod ${pod}`;

// ---- horizontal.go ----

/** computeStatusForResourceMetricGeneric, AverageValue target. */
export const usageFailed = (resource: string, err: string) => `failed to get ${resource} usage: ${err}`;
/** computeStatusForResourceMetricGeneric, Utilization target. */
export const utilizationFailed = (resource: string, err: string) => `failed to get ${resource} utilization: ${err}`;
/** computeStatusForResourceMetricGeneric: neither target set. */
export const INVALID_RESOURCE_SOURCE = 'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set';
/** computeStatusForObjectMetric: neither target set. */
export const INVALID_OBJECT_SOURCE = 'invalid object metric source: neither a value target nor an average value target was set';
/** computeStatusForExternalMetric: neither target set. */
export const INVALID_EXTERNAL_SOURCE = 'invalid external metric source: neither a value target nor an average value target was set';
/** computeStatusForObjectMetric, AverageValue: the error it returns (the condition keeps the unwrapped one). */
export const objectMetricFailed = (metricName: string, err: string) => `failed to get ${metricName} object metric: ${err}`;
/** computeStatusForExternalMetric, AverageValue: the returned error. */
export const externalPerPodFailed = (metricName: string, err: string) => `failed to get ${metricName} external metric: ${err}`;
/** computeStatusForExternalMetric, Value: the returned error. */
export const externalValueFailed = (metricName: string, err: string) => `failed to get external metric ${metricName}: ${err}`;
/** computeReplicasForMetric: the error per source type. */
export const metricValueFailed = {
  Object: (err: string) => `failed to get object metric value: ${err}`,
  Pods: (err: string) => `failed to get pods metric value: ${err}`,
  Resource: (resource: string, err: string) => `failed to get ${resource} resource metric value: ${err}`,
  ContainerResource: (container: string, err: string) => `failed to get ${container} container metric value: ${err}`,
  External: (metricName: string, err: string) => `failed to get ${metricName} external metric value: ${err}`,
};
/** computeReplicasForMetric: `unknown metric source type %q` (errSpec adds nothing to the text). */
export const unknownSourceType = (type: string) => `unknown metric source type ${JSON.stringify(type)}`;
/** computeReplicasForMetrics: the error returned when any metric is invalid. */
export const invalidMetrics = (invalid: number, total: number, first: string) => `invalid metrics (${invalid} invalid out of ${total}), first error is: ${first}`;
/** reconcileAutoscaler: the error returned when every metric (or one, on a scale-down) is invalid. */
export const computeFailed = (reference: string, err: string) => `failed to compute desired number of replicas based on listed metrics for ${reference}: ${err}`;

/** Condition messages (setCondition calls). */
export const CONDITION = {
  SucceededGetScale: "the HPA controller was able to get the target's current scale",
  ScalingDisabled: 'scaling is disabled since the replica count of the target is zero',
  /** getUnableComputeReplicaCountCondition. */
  unableToCompute: (err: string) => `the HPA was unable to compute the replica count: ${err}`,
  validMetricFound: (metric: string) => `the HPA was able to successfully calculate a replica count from ${metric}`,
  succeededRescale: (replicas: number) => `the HPA controller was able to update the target scale to ${replicas}`,
  ReadyForNewScale: 'recommended size matches current size',
  /** normalizeDesiredReplicas (legacy) and stabilizeRecommendationWithBehaviors, scale-down side. */
  ScaleDownStabilized: 'recent recommendations were higher than current one, applying the highest recent recommendation',
  ScaleUpStabilized: 'recent recommendations were lower than current one, applying the lowest recent recommendation',
  /** convertDesiredReplicasWithRules / convertDesiredReplicasWithBehaviorRate. */
  ScaleUpLimit: 'the desired replica count is increasing faster than the maximum scale rate',
  ScaleDownLimit: 'the desired replica count is decreasing faster than the maximum scale rate',
  TooManyReplicas: 'the desired replica count is more than the maximum replica count',
  TooFewReplicas: 'the desired replica count is less than the minimum replica count',
  DesiredWithinRange: 'the desired count is within the acceptable range',
} as const;

/** ScalingLimited message per reason. */
export const limitMessage = (reason: string): string => (CONDITION as Record<string, unknown>)[reason] as string;

/**
 * The metric names of ValidMetricFound and of the rescale event ("<name> above target"),
 * computeStatusFor*Metric. Object AverageValue really says "external metric" upstream.
 */
export const METRIC_NAME = {
  resourceUtilization: (resource: string) => `${resource} resource utilization (percentage of request)`,
  containerResourceUtilization: (resource: string) => `${resource} container resource utilization (percentage of request)`,
  resourceValue: (resource: string) => `${resource} resource`,
  pods: (metricName: string) => `pods metric ${metricName}`,
  objectValue: (kind: string, metricName: string) => `${kind} metric ${metricName}`,
  external: (metricName: string, selector: unknown) => `external metric ${metricName}(${formatLabelSelector(selector)})`,
};

/** reconcileAutoscaler's rescaleReason, in the SuccessfulRescale event "New size: %d; reason: %s". */
export const RESCALE_REASON = {
  aboveMax: 'Current number of replicas above Spec.MaxReplicas',
  belowMin: 'Current number of replicas below Spec.MinReplicas',
  aboveTarget: (metric: string) => `${metric} above target`,
  allBelow: 'All metrics below target',
};
export const successfulRescale = (replicas: number, reason: string) => `New size: ${replicas}; reason: ${reason}`;

interface SelectorRequirement { key?: string; operator?: string; values?: readonly string[] | null }
interface Selector { matchLabels?: Record<string, string> | null; matchExpressions?: readonly SelectorRequirement[] | null }

/**
 * `%+v` of a *metav1.LabelSelector: fmt calls its generated String() (generated.pb.go), which
 * prints "nil" for a nil pointer, the labels sorted by key, and each requirement without its `&`.
 * For example `&LabelSelector{MatchLabels:map[string]string{queue: render,},MatchExpressions:[]LabelSelectorRequirement{},}`.
 */
export function formatLabelSelector(selector: unknown): string {
  if (selector === null || selector === undefined) return 'nil';
  const s = selector as Selector;
  // An External metric names its selector at every sync: the text is kept per selector object,
  // as long as it holds the same label and requirement objects (specs are read, never written).
  const known = typeof selector === 'object' ? formatted.get(selector) : undefined;
  if (known && known.matchLabels === s.matchLabels && known.matchExpressions === s.matchExpressions) return known.text;
  const text = formatSelector(s);
  if (typeof selector === 'object') formatted.set(selector, { matchLabels: s.matchLabels, matchExpressions: s.matchExpressions, text });
  return text;
}

const formatted = new WeakMap<object, { matchLabels: Selector['matchLabels']; matchExpressions: Selector['matchExpressions']; text: string }>();

function formatSelector(s: Selector): string {
  const labels = Object.keys(s.matchLabels ?? {}).sort(goStringLess).map((k) => `${k}: ${s.matchLabels![k]},`).join('');
  const requirements = (s.matchExpressions ?? [])
    .map((r) => `LabelSelectorRequirement{Key:${r.key ?? ''},Operator:${r.operator ?? ''},Values:[${(r.values ?? []).join(' ')}],},`)
    .join('');
  return `&LabelSelector{MatchLabels:map[string]string{${labels}},MatchExpressions:[]LabelSelectorRequirement{${requirements}},}`;
}

/** Go's sort.Strings order (bytewise); label keys are ASCII, where UTF-16 code-unit order is the same. */
const goStringLess = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
