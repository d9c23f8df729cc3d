import {
  Condition, ContainerSpec, FRESH_STATE, GO_ZERO_TIME, HpaSpec, MetricError, messages, MetricsSnapshot, MetricSpec, milliValue, Pod, reconcile, ReconcileResult,
} from '../lib/hpa';

// Every message the engine emits, each pinned to the exact upstream wording and the function that
// formats it (Kubernetes master 2025, pkg/controller/podautoscaler): what `kubectl describe hpa`
// shows under Conditions and Events, and what the controller logs.

const NS = 'luneo-production';
const api: ContainerSpec = { name: 'api', requests: { cpu: milliValue('500m'), memory: milliValue('512Mi') } };
const sidecar: ContainerSpec = { name: 'istio-proxy', requests: { memory: milliValue('64Mi') } };

function pods(n: number, containers: ContainerSpec[] = [api], ready = true): Pod[] {
  return Array.from({ length: n }, (_, i) => ({
    name: `backend-${i}`, phase: 'Running', deleted: false, startTime: GO_ZERO_TIME,
    ready: { status: ready ? 'True' : 'False', lastTransitionTime: GO_ZERO_TIME }, containers,
  }));
}

const fails = (message: string) => () => { throw new MetricError(message); };

/** A metrics API where every pod runs at `cpuPercent` of 500m, and custom/external metrics as given. */
function snapshot(n: number, over: Partial<MetricsSnapshot> = {}, cpuPercent = 140): MetricsSnapshot {
  return {
    resource: (r) => pods(n).map((p) => ({
      name: p.name, timestamp: 0, windowSeconds: 30,
      containers: [{ name: 'api', usage: r === 'cpu' ? BigInt(5 * cpuPercent) : milliValue('256Mi') }],
    })),
    pods: () => new Map(pods(n).map((p) => [p.name, milliValue('500')])),
    object: () => milliValue('100'),
    external: () => [milliValue('100')],
    ...over,
  };
}

const cpu: MetricSpec = { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } };
const rps: MetricSpec = { type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '1k' } } };
const queueSelector = { matchLabels: { queue: 'render', app: 'luneo' } };
const objectQueue = (target: MetricSpec['object'] extends infer O ? O extends { target: infer T } ? T : never : never): MetricSpec => ({
  type: 'Object', object: { metric: { name: 'queue_depth' }, describedObject: { kind: 'Service', name: 'render-queue', apiVersion: 'v1' }, target },
});
const externalQueue = (target: { type: string; value?: string; averageValue?: string }): MetricSpec => ({
  type: 'External', external: { metric: { name: 'queue_depth', selector: queueSelector }, target },
});

function run(metrics: MetricSpec[], opts: { pods?: Pod[]; snapshot?: MetricsSnapshot; replicas?: number; spec?: Partial<HpaSpec> } = {}): ReconcileResult {
  const replicas = opts.replicas ?? 3;
  return reconcile({
    spec: { scaleTargetRef: { kind: 'Deployment', name: 'luneo-backend' }, minReplicas: 2, maxReplicas: 20, metrics, ...opts.spec },
    specReplicas: replicas, statusReplicas: replicas, pods: opts.pods ?? pods(replicas), metrics: opts.snapshot ?? snapshot(replicas),
    state: FRESH_STATE, now: 0, namespace: NS,
  });
}

const condition = (r: ReconcileResult, type: Condition['type']) => r.conditions.find((c) => c.type === type)!;
const PREFIX = 'the HPA was unable to compute the replica count: ';
const SELECTOR = '&LabelSelector{MatchLabels:map[string]string{app: luneo,queue: render,},MatchExpressions:[]LabelSelectorRequirement{},}';

interface FailureCase {
  /** The upstream functions whose format strings compose the message, outermost first. */
  origin: string;
  metrics: MetricSpec[];
  pods?: Pod[];
  snapshot?: MetricsSnapshot;
  reason: string;
  /** The error given to the condition (= the Warning event's text). */
  cause: string;
  /** What computeReplicasForMetric returns, quoted by "invalid metrics (...)". */
  error: string;
}

const failures: Record<string, FailureCase> = {
  'resource metrics API call fails': {
    origin: 'horizontal.go computeStatusForResourceMetricGeneric < replica_calculator.go GetResourceReplicas < metrics/client.go GetResourceMetric',
    metrics: [cpu], snapshot: snapshot(3, { resource: fails('the server is currently unable to handle the request') }),
    reason: 'FailedGetResourceMetric',
    cause: 'failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server is currently unable to handle the request',
    error: 'failed to get cpu resource metric value: failed to get cpu utilization: unable to get metrics for resource cpu: unable to fetch metrics from resource metrics API: the server is currently unable to handle the request',
  },
  'resource metrics API returns no items': {
    origin: 'metrics/client.go GetResourceMetric',
    metrics: [cpu], snapshot: snapshot(3, { resource: () => [] }),
    reason: 'FailedGetResourceMetric',
    cause: 'failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
    error: 'failed to get cpu resource metric value: failed to get cpu utilization: unable to get metrics for resource cpu: no metrics returned from resource metrics API',
  },
  'no pods listed (AverageValue target)': {
    origin: 'horizontal.go computeStatusForResourceMetricGeneric ("failed to get %s usage") < replica_calculator.go calcPlainMetricReplicas',
    metrics: [{ type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '400Mi' } } }], pods: [],
    reason: 'FailedGetResourceMetric',
    cause: 'failed to get memory usage: no pods returned by selector while calculating replica count',
    error: 'failed to get memory resource metric value: failed to get memory usage: no pods returned by selector while calculating replica count',
  },
  'a container without the request (the sidecar case)': {
    origin: 'replica_calculator.go calculatePodRequestsFromContainers',
    metrics: [cpu], pods: pods(3, [api, sidecar]),
    reason: 'FailedGetResourceMetric',
    cause: 'failed to get cpu utilization: missing request for cpu in container istio-proxy of Pod backend-0',
    error: 'failed to get cpu resource metric value: failed to get cpu utilization: missing request for cpu in container istio-proxy of Pod backend-0',
  },
  'pod-level requests set, but not for the resource, nor in any container': {
    origin: 'replica_calculator.go calculatePodLevelRequests',
    metrics: [cpu], pods: pods(3, [sidecar]).map((p) => ({ ...p, podRequests: { memory: milliValue('1Gi') } })),
    reason: 'FailedGetResourceMetric',
    cause: 'failed to get cpu utilization: missing pod-level request for cpu in Pod backend-0',
    error: 'failed to get cpu resource metric value: failed to get cpu utilization: missing pod-level request for cpu in Pod backend-0',
  },
  'every pod unready (cpu readiness rules)': {
    origin: 'replica_calculator.go GetResourceReplicas',
    metrics: [cpu], pods: pods(3, [api], false).map((p) => ({ ...p, startTime: null })),
    reason: 'FailedGetResourceMetric',
    cause: 'failed to get cpu utilization: did not receive metrics for targeted pods (pods might be unready)',
    error: 'failed to get cpu resource metric value: failed to get cpu utilization: did not receive metrics for targeted pods (pods might be unready)',
  },
  'metrics only for pods the lister does not return': {
    origin: 'metrics/utilization.go GetResourceUtilizationRatio',
    metrics: [cpu], pods: pods(3).map((p) => ({ ...p, name: `other-${p.name}` })),
    reason: 'FailedGetResourceMetric',
    cause: 'failed to get cpu utilization: no metrics returned matched known pods',
    error: 'failed to get cpu resource metric value: failed to get cpu utilization: no metrics returned matched known pods',
  },
  'a ContainerResource container that is not in the pod': {
    origin: 'horizontal.go computeReplicasForMetric ("failed to get %s container metric value") < replica_calculator.go calculatePodRequestsFromContainers',
    metrics: [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'worker', target: { type: 'Utilization', averageUtilization: 70 } } }],
    snapshot: snapshot(3, { resource: () => pods(3).map((p) => ({ name: p.name, timestamp: 0, windowSeconds: 30, containers: [{ name: 'worker', usage: 300n }] })) }),
    reason: 'FailedGetContainerResourceMetric',
    cause: 'failed to get cpu utilization: container worker not found in Pod backend-0',
    error: 'failed to get worker container metric value: failed to get cpu utilization: container worker not found in Pod backend-0',
  },
  'an empty custom metrics list': {
    origin: 'replica_calculator.go GetMetricReplicas < metrics/client.go GetRawMetric',
    metrics: [rps], snapshot: snapshot(3, { pods: () => new Map() }),
    reason: 'FailedGetPodsMetric',
    cause: 'unable to get metric http_requests_per_second: no metrics returned from custom metrics API',
    error: 'failed to get pods metric value: unable to get metric http_requests_per_second: no metrics returned from custom metrics API',
  },
  'the custom metrics API call fails': {
    origin: 'replica_calculator.go GetMetricReplicas < metrics/client.go GetRawMetric',
    metrics: [rps], snapshot: snapshot(3, { pods: fails('the server could not find the requested resource') }),
    reason: 'FailedGetPodsMetric',
    cause: 'unable to get metric http_requests_per_second: unable to fetch metrics from custom metrics API: the server could not find the requested resource',
    error: 'failed to get pods metric value: unable to get metric http_requests_per_second: unable to fetch metrics from custom metrics API: the server could not find the requested resource',
  },
  'an Object metric the API does not serve (Value)': {
    origin: 'replica_calculator.go GetObjectMetricReplicas ("unable to get metric %s: %v on %s %s/%s", arguments as upstream passes them) < metrics/client.go GetObjectMetric',
    metrics: [objectQueue({ type: 'Value', value: '50' })], snapshot: snapshot(3, { object: fails('not found') }),
    reason: 'FailedGetObjectMetric',
    cause: `unable to get metric queue_depth: Service on ${NS} render-queue/unable to fetch metrics from custom metrics API: not found`,
    error: `failed to get object metric value: unable to get metric queue_depth: Service on ${NS} render-queue/unable to fetch metrics from custom metrics API: not found`,
  },
  'an Object Value metric with no pods to count': {
    origin: 'replica_calculator.go getUsageRatioReplicaCount < getReadyPodsCount',
    metrics: [objectQueue({ type: 'Value', value: '50' })], pods: [],
    reason: 'FailedGetObjectMetric',
    cause: 'unable to calculate ready pods: no pods returned by selector while calculating replica count',
    error: 'failed to get object metric value: unable to calculate ready pods: no pods returned by selector while calculating replica count',
  },
  'an Object AverageValue metric the API does not serve': {
    origin: 'horizontal.go computeStatusForObjectMetric (condition unwrapped, returned error "failed to get %s object metric")',
    metrics: [objectQueue({ type: 'AverageValue', averageValue: '50' })], snapshot: snapshot(3, { object: fails('not found') }),
    reason: 'FailedGetObjectMetric',
    cause: `unable to get metric queue_depth: Service on ${NS} render-queue/unable to fetch metrics from custom metrics API: not found`,
    error: `failed to get object metric value: failed to get queue_depth object metric: unable to get metric queue_depth: Service on ${NS} render-queue/unable to fetch metrics from custom metrics API: not found`,
  },
  'an empty external metrics list (Value)': {
    origin: 'horizontal.go computeStatusForExternalMetric < replica_calculator.go GetExternalMetricReplicas (selector as %+v) < metrics/client.go GetExternalMetric',
    metrics: [externalQueue({ type: 'Value', value: '50' })], snapshot: snapshot(3, { external: () => [] }),
    reason: 'FailedGetExternalMetric',
    cause: `unable to get external metric ${NS}/queue_depth/${SELECTOR}: no metrics returned from external metrics API`,
    error: `failed to get queue_depth external metric value: failed to get external metric queue_depth: unable to get external metric ${NS}/queue_depth/${SELECTOR}: no metrics returned from external metrics API`,
  },
  'the external metrics API call fails (AverageValue)': {
    origin: 'horizontal.go computeStatusForExternalMetric ("failed to get %s external metric") < replica_calculator.go GetExternalPerPodMetricReplicas',
    metrics: [externalQueue({ type: 'AverageValue', averageValue: '50' })], snapshot: snapshot(3, { external: fails('timeout') }),
    reason: 'FailedGetExternalMetric',
    cause: `unable to get external metric ${NS}/queue_depth/${SELECTOR}: unable to fetch metrics from external metrics API: timeout`,
    error: `failed to get queue_depth external metric value: failed to get queue_depth external metric: unable to get external metric ${NS}/queue_depth/${SELECTOR}: unable to fetch metrics from external metrics API: timeout`,
  },
  'a Resource metric with neither target': {
    origin: 'horizontal.go computeStatusForResourceMetricGeneric',
    metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization' } } }],
    reason: 'FailedGetResourceMetric',
    cause: 'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set',
    error: 'failed to get cpu resource metric value: invalid resource metric source: neither an average utilization target nor an average value (usage) target was set',
  },
  'an Object metric with neither target': {
    origin: 'horizontal.go computeStatusForObjectMetric',
    metrics: [objectQueue({ type: 'Value' })],
    reason: 'FailedGetObjectMetric',
    cause: 'invalid object metric source: neither a value target nor an average value target was set',
    error: 'failed to get object metric value: invalid object metric source: neither a value target nor an average value target was set',
  },
  'an External metric with neither target': {
    origin: 'horizontal.go computeStatusForExternalMetric',
    metrics: [externalQueue({ type: 'Value' })],
    reason: 'FailedGetExternalMetric',
    cause: 'invalid external metric source: neither a value target nor an average value target was set',
    error: 'failed to get queue_depth external metric value: invalid external metric source: neither a value target nor an average value target was set',
  },
  'an unknown metric source type': {
    origin: 'horizontal.go computeReplicasForMetric (%q)',
    metrics: [{ type: 'CheddarCheese' }],
    reason: 'InvalidMetricSourceType',
    cause: 'unknown metric source type "CheddarCheese"',
    error: 'unknown metric source type "CheddarCheese"',
  },
};

describe('a failing metric: ScalingActive=False, Warning events and the returned error', () => {
  test.each(Object.entries(failures))('%s', (_name, c) => {
    const r = run(c.metrics, { pods: c.pods, snapshot: c.snapshot });
    // getUnableComputeReplicaCountCondition
    expect(condition(r, 'ScalingActive')).toMatchObject({ status: 'False', reason: c.reason, message: PREFIX + c.cause });
    const invalid = `invalid metrics (1 invalid out of 1), first error is: ${c.error}`;
    // computeReplicasForMetrics and reconcileAutoscaler
    expect(r.error).toBe(`failed to compute desired number of replicas based on listed metrics for Deployment/${NS}/luneo-backend: ${invalid}`);
    expect(r.events).toEqual([
      { type: 'Warning', reason: c.reason, message: c.cause },
      { type: 'Warning', reason: 'FailedComputeMetricsReplicas', message: invalid },
    ]);
    expect(r.scaleUpdated).toBe(false);
    expect(c.origin).toMatch(/\.go /);
  });
});

test('one metric failing while another scales up: the scale-up proceeds and the error is still returned', () => {
  const r = run([rps, cpu], { snapshot: snapshot(3, { pods: () => new Map() }) });
  expect(r.desiredReplicas).toBe(6);
  expect(condition(r, 'ScalingActive')).toMatchObject({ status: 'True', reason: 'ValidMetricFound',
    message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' });
  expect(r.error).toBe('invalid metrics (1 invalid out of 2), first error is: failed to get pods metric value: unable to get metric http_requests_per_second: no metrics returned from custom metrics API');
  expect(r.events).toEqual([
    { type: 'Warning', reason: 'FailedGetPodsMetric', message: 'unable to get metric http_requests_per_second: no metrics returned from custom metrics API' },
    { type: 'Normal', reason: 'SuccessfulRescale', message: 'New size: 6; reason: cpu resource utilization (percentage of request) above target' },
  ]);
});

describe('ValidMetricFound names the metric as computeStatusFor*Metric does', () => {
  const names: Array<[string, MetricSpec, string]> = [
    ['Resource Utilization', cpu, 'cpu resource utilization (percentage of request)'],
    ['Resource AverageValue', { type: 'Resource', resource: { name: 'memory', target: { type: 'AverageValue', averageValue: '400Mi' } } }, 'memory resource'],
    ['ContainerResource Utilization', { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'api', target: { type: 'Utilization', averageUtilization: 70 } } },
      'cpu container resource utilization (percentage of request)'],
    ['Pods', rps, 'pods metric http_requests_per_second'],
    ['Object Value', objectQueue({ type: 'Value', value: '50' }), 'Service metric queue_depth'],
    // Upstream's Object AverageValue branch really formats "external metric %s(%+v)"; a nil selector prints "nil".
    ['Object AverageValue', objectQueue({ type: 'AverageValue', averageValue: '50' }), 'external metric queue_depth(nil)'],
    ['External', externalQueue({ type: 'AverageValue', averageValue: '50' }), `external metric queue_depth(${SELECTOR})`],
  ];
  test.each(names)('%s', (_n, metric, name) => {
    const r = run([metric]);
    expect(condition(r, 'ScalingActive')).toEqual({ type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', lastTransitionTime: 0,
      message: `the HPA was able to successfully calculate a replica count from ${name}` });
  });
});

describe('AbleToScale and ScalingLimited messages', () => {
  test('a scale-up within range: SucceededRescale with the new size, DesiredWithinRange', () => {
    const r = run([cpu]);
    expect(r.conditions.map(({ type, status, reason, message }) => ({ type, status, reason, message }))).toEqual([
      { type: 'AbleToScale', status: 'True', reason: 'SucceededRescale', message: 'the HPA controller was able to update the target scale to 6' },
      { type: 'ScalingActive', status: 'True', reason: 'ValidMetricFound', message: 'the HPA was able to successfully calculate a replica count from cpu resource utilization (percentage of request)' },
      { type: 'ScalingLimited', status: 'False', reason: 'DesiredWithinRange', message: 'the desired count is within the acceptable range' },
    ]);
  });

  test('no change: ReadyForNewScale keeps "recommended size matches current size"', () => {
    const r = run([cpu], { snapshot: snapshot(3, {}, 70) });
    expect(condition(r, 'AbleToScale')).toMatchObject({ reason: 'ReadyForNewScale', message: 'recommended size matches current size' });
  });

  test('legacy scale-down held by the window: ScaleDownStabilized', () => {
    const r = run([cpu], { replicas: 6, snapshot: snapshot(6, {}, 10) });
    expect(condition(r, 'AbleToScale')).toMatchObject({ reason: 'ScaleDownStabilized',
      message: 'recent recommendations were higher than current one, applying the highest recent recommendation' });
  });

  test('behavior scale-up held by its window: ScaleUpStabilized', () => {
    const r = reconcile({
      spec: { maxReplicas: 20, metrics: [cpu], behavior: { scaleUp: { stabilizationWindowSeconds: 60 } } },
      specReplicas: 3, statusReplicas: 3, pods: pods(3), metrics: snapshot(3), now: 60_000,
      state: { recommendations: [{ recommendation: 3, timestamp: 30_000 }], scaleUpEvents: [], scaleDownEvents: [] },
    });
    expect(r.desiredReplicas).toBe(3);
    expect(condition(r, 'AbleToScale')).toMatchObject({ reason: 'ScaleUpStabilized',
      message: 'recent recommendations were lower than current one, applying the lowest recent recommendation' });
  });

  test.each([
    ['ScaleUpLimit', { maxReplicas: 50 }, 6, 'the desired replica count is increasing faster than the maximum scale rate'],
    ['TooManyReplicas', { maxReplicas: 5 }, 5, 'the desired replica count is more than the maximum replica count'],
  ])('%s', (reason, spec, desired, message) => {
    // Legacy path: at most max(2 x 3, 4) = 6 per sync.
    const r = run([cpu], { snapshot: snapshot(3, {}, 700), spec });
    expect(r.desiredReplicas).toBe(desired);
    expect(condition(r, 'ScalingLimited')).toMatchObject({ status: 'True', reason, message });
  });

  test.each([
    ['ScaleDownLimit', { minReplicas: 1, behavior: { scaleDown: { stabilizationWindowSeconds: 0, policies: [{ type: 'Pods', value: 1, periodSeconds: 60 }] } } }, 9,
      'the desired replica count is decreasing faster than the maximum scale rate'],
    ['TooFewReplicas', { minReplicas: 8, behavior: { scaleDown: { stabilizationWindowSeconds: 0 } } }, 8, 'the desired replica count is less than the minimum replica count'],
  ])('%s', (reason, spec, desired, message) => {
    const r = run([cpu], { replicas: 10, snapshot: snapshot(10, {}, 10), spec: spec as Partial<HpaSpec> });
    expect(r.desiredReplicas).toBe(desired);
    expect(condition(r, 'ScalingLimited')).toMatchObject({ status: 'True', reason, message });
  });

  test('zero replicas: ScalingDisabled, and no SucceededRescale', () => {
    const r = run([cpu], { replicas: 0 });
    expect(r.conditions.map((c) => [c.type, c.reason, c.message])).toEqual([
      ['AbleToScale', 'SucceededGetScale', "the HPA controller was able to get the target's current scale"],
      ['ScalingActive', 'ScalingDisabled', 'scaling is disabled since the replica count of the target is zero'],
    ]);
    expect(r.events).toEqual([]);
  });

  test.each([
    ['above max', 30, 20, 'Current number of replicas above Spec.MaxReplicas'],
    ['below min', 1, 2, 'Current number of replicas below Spec.MinReplicas'],
  ])('current %s: SuccessfulRescale gives the reason', (_n, replicas, desired, reason) => {
    const r = run([cpu], { replicas });
    expect(r.events).toEqual([{ type: 'Normal', reason: 'SuccessfulRescale', message: `New size: ${desired}; reason: ${reason}` }]);
  });

  test('a scale-down says "All metrics below target"', () => {
    const r = run([cpu], { replicas: 10, snapshot: snapshot(10, {}, 10), spec: { behavior: { scaleDown: { stabilizationWindowSeconds: 0 } } } });
    expect(r.events).toEqual([{ type: 'Normal', reason: 'SuccessfulRescale', message: 'New size: 2; reason: All metrics below target' }]);
  });

  test('lastTransitionTime moves only when a condition changes status', () => {
    const first = run([cpu]);
    const second = reconcile({
      spec: { maxReplicas: 20, metrics: [cpu] }, specReplicas: 6, statusReplicas: 6, pods: pods(6), metrics: snapshot(6, { resource: fails('down') }),
      state: first.state, conditions: first.conditions, now: 15_000,
    });
    expect(condition(second, 'AbleToScale').lastTransitionTime).toBe(0);
    expect(condition(second, 'ScalingActive')).toMatchObject({ status: 'False', lastTransitionTime: 15_000 });
  });
});

describe('status.currentMetrics', () => {
  test('one entry per metric: the unadjusted utilization and raw average, the per-pod mean, the per-replica Object average; none for a failed metric', () => {
    const r = run([cpu, rps, objectQueue({ type: 'AverageValue', averageValue: '50' }), externalQueue({ type: 'Value', value: '50' })],
      { snapshot: snapshot(3, { pods: () => new Map(), object: () => milliValue('100') }) });
    expect(r.currentMetrics).toEqual([
      { type: 'Resource', name: 'cpu', current: { averageUtilization: 140, averageValue: 700n } },
      { type: 'Pods', name: 'http_requests_per_second' },
      { type: 'Object', name: 'queue_depth', current: { averageValue: 33334n } }, // ceil(100000m / 3)
      { type: 'External', name: 'queue_depth', current: { value: 100000n } },
    ]);
  });

  test('kept on an abort, empty when the count is only clamped to min/max', () => {
    expect(run([rps], { snapshot: snapshot(3, { pods: () => new Map() }) }).currentMetrics).toEqual([{ type: 'Pods', name: 'http_requests_per_second' }]);
    expect(run([cpu], { replicas: 30 }).currentMetrics).toEqual([]);
  });
});

describe('the message catalogue (lib/hpa/messages.ts): every text with its upstream origin', () => {
  const m = messages;
  const sel = { matchLabels: { queue: 'render' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['a', 'b'] }] };
  // [catalogue entry, rendered, upstream text, upstream file and function]
  const catalogue: Array<[string, string, string, string]> = [
    ['resourceApiFailed', m.resourceApiFailed('E'), 'unable to fetch metrics from resource metrics API: E', 'metrics/client.go resourceMetricsClient.GetResourceMetric'],
    ['NO_RESOURCE_METRICS', m.NO_RESOURCE_METRICS, 'no metrics returned from resource metrics API', 'metrics/client.go resourceMetricsClient.GetResourceMetric'],
    ['customApiFailed', m.customApiFailed('E'), 'unable to fetch metrics from custom metrics API: E', 'metrics/client.go customMetricsClient.GetRawMetric, GetObjectMetric'],
    ['NO_CUSTOM_METRICS', m.NO_CUSTOM_METRICS, 'no metrics returned from custom metrics API', 'metrics/client.go customMetricsClient.GetRawMetric'],
    ['externalApiFailed', m.externalApiFailed('E'), 'unable to fetch metrics from external metrics API: E', 'metrics/client.go externalMetricsClient.GetExternalMetric'],
    ['NO_EXTERNAL_METRICS', m.NO_EXTERNAL_METRICS, 'no metrics returned from external metrics API', 'metrics/client.go externalMetricsClient.GetExternalMetric'],
    ['NO_MATCHING_PODS', m.NO_MATCHING_PODS, 'no metrics returned matched known pods', 'metrics/utilization.go GetResourceUtilizationRatio'],
    ['resourceMetricsUnavailable', m.resourceMetricsUnavailable('cpu', 'E'), 'unable to get metrics for resource cpu: E', 'replica_calculator.go GetResourceReplicas, GetRawResourceReplicas'],
    ['podsMetricUnavailable', m.podsMetricUnavailable('qps', 'E'), 'unable to get metric qps: E', 'replica_calculator.go GetMetricReplicas'],
    ['objectMetricUnavailable', m.objectMetricUnavailable('qps', 'Service', 'ns', 'q', 'E'), 'unable to get metric qps: Service on ns q/E', 'replica_calculator.go GetObjectMetricReplicas, GetObjectPerPodMetricReplicas'],
    ['externalMetricUnavailable', m.externalMetricUnavailable('ns', 'qps', sel, 'E'),
      'unable to get external metric ns/qps/&LabelSelector{MatchLabels:map[string]string{queue: render,},MatchExpressions:[]LabelSelectorRequirement{LabelSelectorRequirement{Key:tier,Operator:In,Values:[a b],},},}: E',
      'replica_calculator.go GetExternalMetricReplicas, GetExternalPerPodMetricReplicas'],
    ['NO_PODS', m.NO_PODS, 'no pods returned by selector while calculating replica count', 'replica_calculator.go GetResourceReplicas, calcPlainMetricReplicas, getReadyPodsCount'],
    ['NO_READY_METRICS', m.NO_READY_METRICS, 'did not receive metrics for targeted pods (pods might be unready)', 'replica_calculator.go GetResourceReplicas, calcPlainMetricReplicas'],
    ['readyPodsUnavailable', m.readyPodsUnavailable('E'), 'unable to calculate ready pods: E', 'replica_calculator.go getUsageRatioReplicaCount'],
    ['missingRequest', m.missingRequest('cpu', 'c', 'p'), 'missing request for cpu in container c of Pod p', 'replica_calculator.go calculatePodRequestsFromContainers'],
    ['containerNotFound', m.containerNotFound('c', 'p'), 'container c not found in Pod p', 'replica_calculator.go calculatePodRequestsFromContainers'],
    ['missingPodLevelRequest', m.missingPodLevelRequest('cpu', 'p'), 'missing pod-level request for cpu in Pod p', 'replica_calculator.go calculatePodLevelRequests'],
    ['usageFailed', m.usageFailed('cpu', 'E'), 'failed to get cpu usage: E', 'horizontal.go computeStatusForResourceMetricGeneric'],
    ['utilizationFailed', m.utilizationFailed('cpu', 'E'), 'failed to get cpu utilization: E', 'horizontal.go computeStatusForResourceMetricGeneric'],
    ['INVALID_RESOURCE_SOURCE', m.INVALID_RESOURCE_SOURCE, 'invalid resource metric source: neither an average utilization target nor an average value (usage) target was set', 'horizontal.go computeStatusForResourceMetricGeneric'],
    ['INVALID_OBJECT_SOURCE', m.INVALID_OBJECT_SOURCE, 'invalid object metric source: neither a value target nor an average value target was set', 'horizontal.go computeStatusForObjectMetric'],
    ['INVALID_EXTERNAL_SOURCE', m.INVALID_EXTERNAL_SOURCE, 'invalid external metric source: neither a value target nor an average value target was set', 'horizontal.go computeStatusForExternalMetric'],
    ['objectMetricFailed', m.objectMetricFailed('qps', 'E'), 'failed to get qps object metric: E', 'horizontal.go computeStatusForObjectMetric'],
    ['externalPerPodFailed', m.externalPerPodFailed('qps', 'E'), 'failed to get qps external metric: E', 'horizontal.go computeStatusForExternalMetric'],
    ['externalValueFailed', m.externalValueFailed('qps', 'E'), 'failed to get external metric qps: E', 'horizontal.go computeStatusForExternalMetric'],
    ['metricValueFailed.Object', m.metricValueFailed.Object('E'), 'failed to get object metric value: E', 'horizontal.go computeReplicasForMetric'],
    ['metricValueFailed.Pods', m.metricValueFailed.Pods('E'), 'failed to get pods metric value: E', 'horizontal.go computeReplicasForMetric'],
    ['metricValueFailed.Resource', m.metricValueFailed.Resource('cpu', 'E'), 'failed to get cpu resource metric value: E', 'horizontal.go computeReplicasForMetric'],
    ['metricValueFailed.ContainerResource', m.metricValueFailed.ContainerResource('c', 'E'), 'failed to get c container metric value: E', 'horizontal.go computeReplicasForMetric'],
    ['metricValueFailed.External', m.metricValueFailed.External('qps', 'E'), 'failed to get qps external metric value: E', 'horizontal.go computeReplicasForMetric'],
    ['unknownSourceType', m.unknownSourceType('X'), 'unknown metric source type "X"', 'horizontal.go computeReplicasForMetric'],
    ['invalidMetrics', m.invalidMetrics(1, 2, 'E'), 'invalid metrics (1 invalid out of 2), first error is: E', 'horizontal.go computeReplicasForMetrics'],
    ['computeFailed', m.computeFailed('Deployment/ns/d', 'E'), 'failed to compute desired number of replicas based on listed metrics for Deployment/ns/d: E', 'horizontal.go reconcileAutoscaler'],
    ['CONDITION.SucceededGetScale', m.CONDITION.SucceededGetScale, "the HPA controller was able to get the target's current scale", 'horizontal.go reconcileAutoscaler'],
    ['CONDITION.ScalingDisabled', m.CONDITION.ScalingDisabled, 'scaling is disabled since the replica count of the target is zero', 'horizontal.go reconcileAutoscaler'],
    ['CONDITION.unableToCompute', m.CONDITION.unableToCompute('E'), 'the HPA was unable to compute the replica count: E', 'horizontal.go getUnableComputeReplicaCountCondition'],
    ['CONDITION.validMetricFound', m.CONDITION.validMetricFound('M'), 'the HPA was able to successfully calculate a replica count from M', 'horizontal.go computeReplicasForMetrics'],
    ['CONDITION.succeededRescale', m.CONDITION.succeededRescale(4), 'the HPA controller was able to update the target scale to 4', 'horizontal.go reconcileAutoscaler'],
    ['CONDITION.ReadyForNewScale', m.CONDITION.ReadyForNewScale, 'recommended size matches current size', 'horizontal.go normalizeDesiredReplicas, normalizeDesiredReplicasWithBehaviors'],
    ['CONDITION.ScaleDownStabilized', m.CONDITION.ScaleDownStabilized, 'recent recommendations were higher than current one, applying the highest recent recommendation', 'horizontal.go normalizeDesiredReplicas, stabilizeRecommendationWithBehaviors'],
    ['CONDITION.ScaleUpStabilized', m.CONDITION.ScaleUpStabilized, 'recent recommendations were lower than current one, applying the lowest recent recommendation', 'horizontal.go stabilizeRecommendationWithBehaviors'],
    ['CONDITION.ScaleUpLimit', m.CONDITION.ScaleUpLimit, 'the desired replica count is increasing faster than the maximum scale rate', 'horizontal.go convertDesiredReplicasWithRules, convertDesiredReplicasWithBehaviorRate'],
    ['CONDITION.ScaleDownLimit', m.CONDITION.ScaleDownLimit, 'the desired replica count is decreasing faster than the maximum scale rate', 'horizontal.go convertDesiredReplicasWithBehaviorRate'],
    ['CONDITION.TooManyReplicas', m.CONDITION.TooManyReplicas, 'the desired replica count is more than the maximum replica count', 'horizontal.go convertDesiredReplicasWithRules, convertDesiredReplicasWithBehaviorRate'],
    ['CONDITION.TooFewReplicas', m.CONDITION.TooFewReplicas, 'the desired replica count is less than the minimum replica count', 'horizontal.go convertDesiredReplicasWithRules, convertDesiredReplicasWithBehaviorRate'],
    ['CONDITION.DesiredWithinRange', m.CONDITION.DesiredWithinRange, 'the desired count is within the acceptable range', 'horizontal.go convertDesiredReplicasWithRules, convertDesiredReplicasWithBehaviorRate'],
    ['limitMessage', m.limitMessage('ScaleDownLimit'), 'the desired replica count is decreasing faster than the maximum scale rate', 'horizontal.go convertDesiredReplicasWithBehaviorRate'],
    ['METRIC_NAME.resourceUtilization', m.METRIC_NAME.resourceUtilization('cpu'), 'cpu resource utilization (percentage of request)', 'horizontal.go computeStatusForResourceMetricGeneric'],
    ['METRIC_NAME.containerResourceUtilization', m.METRIC_NAME.containerResourceUtilization('cpu'), 'cpu container resource utilization (percentage of request)', 'horizontal.go computeStatusForResourceMetricGeneric'],
    ['METRIC_NAME.resourceValue', m.METRIC_NAME.resourceValue('memory'), 'memory resource', 'horizontal.go computeStatusForResourceMetricGeneric'],
    ['METRIC_NAME.pods', m.METRIC_NAME.pods('qps'), 'pods metric qps', 'horizontal.go computeStatusForPodsMetric'],
    ['METRIC_NAME.objectValue', m.METRIC_NAME.objectValue('Service', 'qps'), 'Service metric qps', 'horizontal.go computeStatusForObjectMetric'],
    ['METRIC_NAME.external', m.METRIC_NAME.external('qps', null), 'external metric qps(nil)', 'horizontal.go computeStatusForExternalMetric, computeStatusForObjectMetric (AverageValue)'],
    ['RESCALE_REASON.aboveMax', m.RESCALE_REASON.aboveMax, 'Current number of replicas above Spec.MaxReplicas', 'horizontal.go reconcileAutoscaler'],
    ['RESCALE_REASON.belowMin', m.RESCALE_REASON.belowMin, 'Current number of replicas below Spec.MinReplicas', 'horizontal.go reconcileAutoscaler'],
    ['RESCALE_REASON.aboveTarget', m.RESCALE_REASON.aboveTarget('M'), 'M above target', 'horizontal.go reconcileAutoscaler'],
    ['RESCALE_REASON.allBelow', m.RESCALE_REASON.allBelow, 'All metrics below target', 'horizontal.go reconcileAutoscaler'],
    ['successfulRescale', m.successfulRescale(4, 'R'), 'New size: 4; reason: R', 'horizontal.go reconcileAutoscaler (event SuccessfulRescale)'],
    ['formatLabelSelector', m.formatLabelSelector({}), '&LabelSelector{MatchLabels:map[string]string{},MatchExpressions:[]LabelSelectorRequirement{},}', 'apimachinery meta/v1 generated.pb.go (*LabelSelector).String, via %+v'],
  ];

  test.each(catalogue)('%s', (_entry, rendered, upstream, origin) => {
    expect(rendered).toBe(upstream);
    expect(origin).toMatch(/\.go /);
  });

  test('lists every entry of the catalogue', () => {
    const leaves = Object.entries(messages).flatMap(([k, v]) => (typeof v === 'object' && v !== null ? Object.keys(v).map((sub) => `${k}.${sub}`) : [k]));
    expect(catalogue.map(([entry]) => entry).sort()).toEqual(leaves.sort());
  });
});
