import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { CONDITION_GUIDES, refineByMessage } from '../lib/explain/condition-guide';
import { runExplain } from '../lib/explain/explain-command';
import { Explanation } from '../lib/explain/explain-hpa';
import { ROOT, runScript, tempDir } from './support';

const DATA = path.join(__dirname, 'data', 'explain');
const NOW = '2026-11-29T08:00:00Z';
const at = (t: string) => Date.parse(t);

function explain(file: string, pods?: string): Explanation {
  const r = runExplain({ file: path.join(DATA, file), podsFile: pods && path.join(DATA, pods), now: at(NOW), format: 'json' });
  expect(r.stderr).toBe('');
  expect(r.exitCode).toBe(0);
  return JSON.parse(r.stdout);
}

function text(file: string, pods?: string): string {
  const r = runExplain({ file: path.join(DATA, file), podsFile: pods && path.join(DATA, pods), now: at(NOW), format: 'text' });
  expect(r.exitCode).toBe(0);
  return r.stdout;
}

const proposals = (e: Explanation) => e.metrics.map((m) => (m.proposal.ok ? m.proposal.replicas : m.proposal.reason));
const reasons = (e: Explanation) => e.conditions.map((c) => [c.reason, c.guide.readme ?? null]);

describe('explain: metrics against targets', () => {
  test('backend scaling up: each metric\'s ratio, band and proposal; the highest wins', () => {
    const e = explain('backend-scaling-up.yaml');
    expect(e.currentReplicas).toBe(8);
    // cpu 85% of 70%: ratio 85/70 = 1.214 > 1.1 -> ceil(1.214 x 8) = 10; memory 52/80 = 0.65 -> ceil(5.2) = 6;
    // requests 1450/1000 = 1.45 -> ceil(11.6) = 12.
    expect(e.metrics.map((m) => m.usageRatio)).toEqual([85 / 70, 52 / 80, 1.45]);
    expect(e.metrics.map((m) => m.withinTolerance)).toEqual([false, false, false]);
    expect(proposals(e)).toEqual([10, 6, 12]);
    expect(e.metrics.map((m) => m.wins)).toEqual([false, false, true]);
    expect(e.metrics[0]).toMatchObject({ scaleUpAbove: '77%', scaleDownBelow: '63%', current: '85% (425m per pod)' });
    expect(e.metrics[2]).toMatchObject({ scaleUpAbove: '1100 per pod', scaleDownBelow: '900 per pod', target: '1000 per pod' });
    expect(e.metricsWant).toBe(12);
    expect(e.nextDesired).toBe(12);
    expect(e.blockedBy).toBeNull();
  });

  test('inside the tolerance band a metric proposes the current count', () => {
    const e = explain('backend-metrics-server-down.yaml');
    expect(e.metrics[2]).toMatchObject({ name: 'http_requests_per_second', usageRatio: 1.05, withinTolerance: true, proposal: { ok: true, replicas: 6 } });
  });

  test('a metric above maxReplicas: proposal 68 from cpu, pinned at 50 (TooManyReplicas)', () => {
    const e = explain('backend-too-many-replicas.yaml');
    // 95/70 x 50 = 67.9 -> 68; 1300/1000 x 50 = 65; memory 61/80 x 50 = 38.1 -> 39.
    expect(proposals(e)).toEqual([68, 39, 65]);
    expect(e.metrics[0].wins).toBe(true);
    expect(e.nextDesired).toBe(50);
    expect(e.outlook.up.stepTo).toBe(50);
    expect(reasons(e)).toContainEqual(['TooManyReplicas', 'toomanyreplicas']);
    expect(text('backend-too-many-replicas.yaml')).toMatch(/The metrics ask for 68 replicas, more than maxReplicas \(50\): the HPA is held at its ceiling/);
  });

  test('below minReplicas: proposals 1 and 0 held at the floor of 2 (TooFewReplicas)', () => {
    const e = explain('worker-too-few-replicas.yaml');
    expect(proposals(e)).toEqual([1, 1, 0, 1]);
    expect(e.metricsWant).toBe(1);
    expect(e.nextDesired).toBe(2);
    expect(e.outlook.down.stepTo).toBe(2);
    expect(reasons(e)).toContainEqual(['TooFewReplicas', 'toofewreplicas']);
  });
});

describe('explain: failures, one fixture per common reason', () => {
  test('FailedGetPodsMetric (status `type: ""`): the others ask for fewer, so the scale-down is blocked', () => {
    const e = explain('backend-failed-get-pods-metric.yaml');
    expect(proposals(e)).toEqual([6, 5, 'FailedGetPodsMetric']);
    expect(e.blockedBy).toMatchObject({ reason: 'FailedGetPodsMetric', scaleDownOnly: true });
    expect(e.nextDesired).toBe(8);
    expect(e.outlook.wanted).toBeNull();
    expect(reasons(e)).toContainEqual(['FailedGetPodsMetric', 'failedgetpodsmetric']);
    expect(text('backend-failed-get-pods-metric.yaml')).toMatch(/never scales down on partial metrics, so it keeps 8/);
  });

  test('FailedGetExternalMetric from kubectl -o json', () => {
    const e = explain('worker-failed-get-external-metric.json');
    expect(e.name).toBe('luneo-worker-hpa');
    expect(proposals(e)).toEqual([3, 2, 'FailedGetExternalMetric', 3]);
    expect(e.blockedBy).toMatchObject({ reason: 'FailedGetExternalMetric', scaleDownOnly: true });
    expect(reasons(e)).toContainEqual(['FailedGetExternalMetric', 'failedgetexternalmetric']);
    const guide = e.conditions.find((c) => c.reason === 'FailedGetExternalMetric')!.guide;
    expect(guide.next.join('\n')).toMatch(/external\.metrics\.k8s\.io/);
  });

  test('FailedGetResourceMetric with metrics-server down: the other metric still decides', () => {
    const e = explain('backend-metrics-server-down.yaml');
    expect(proposals(e)).toEqual(['FailedGetResourceMetric', 'FailedGetResourceMetric', 6]);
    expect(e.blockedBy).toBeNull();
    expect(reasons(e)).toContainEqual(['FailedGetResourceMetric', 'failedgetresourcemetric']);
    expect(text('backend-metrics-server-down.yaml')).toMatch(/a failed metric blocks only a scale-down/);
  });

  test('missing request: the pods show which container lacks it, the engine names it', () => {
    const e = explain('backend-missing-request.yaml', 'backend-missing-request-pods.yaml');
    expect(e.metrics[0].proposal).toMatchObject({ ok: false, reason: 'FailedGetResourceMetric' });
    expect((e.metrics[0].proposal as { message: string }).message).toMatch(/missing request for cpu in container istio-proxy of Pod luneo-backend-7d9c6b5f4-2xkqp$/);
    expect(e.pods!.missingRequests.cpu).toHaveLength(3);
    expect(reasons(e)).toContainEqual(['FailedGetResourceMetric', 'missing-requests']);
    expect(e.blockedBy).toMatchObject({ scaleDownOnly: true });
  });

  test('ScaleDownStabilized: the engine without history gives 18, the status 20; the change comes within the window', () => {
    const e = explain('backend-scale-down-stabilized.yaml');
    expect(proposals(e)).toEqual([9, 10, 8]);
    expect(e.nextDesired).toBe(18); // -2 pods per 300 s (Min of -50% = 10 and -2 = 18)
    expect(e.desiredReplicas).toBe(20);
    expect(e.outlook.direction).toBe('down');
    // next sync at most 15 s away; a recommendation made by now leaves the 300 s window by now + 300 s.
    expect(e.outlook.window).toEqual({ earliest: at(NOW) + 15_000, latest: at(NOW) + 315_000 });
    expect(e.outlook.projection!.steps.map((s) => s.replicas)).toEqual([18, 16, 14, 12, 10]);
    // one -2 step per 300 s period
    expect(e.outlook.projection!.reachedAt! - e.outlook.projection!.steps[0].time).toBe(4 * 300_000);
    expect(reasons(e)).toContainEqual(['ScaleDownStabilized', 'scaledownstabilized']);
    expect(text('backend-scale-down-stabilized.yaml')).toMatch(/the status says 20 replicas: the difference comes from the recommendation history/);
  });

  test('ScaleUpLimit mid-rescale: the decision reproduces desired 9, the next step waits for the period', () => {
    const e = explain('worker-scale-up-limit.yaml');
    expect(e.metricsWant).toBe(17); // queue 140 per pod x 6 / 50 = 16.8 -> 17
    expect(e.nextDesired).toBe(9); // 6 + 50% = 9 (> 6 + 2)
    expect(e.outlook.from).toBe(9);
    // The 6 -> 9 event at 07:59:50 fills the 120 s period: no step before 08:01:50; the first sync after is 08:02:00.
    expect(e.outlook.up.stepTo).toBe(9);
    expect(e.outlook.up.clearAt).toBe(at('2026-11-29T08:01:50Z'));
    expect(e.outlook.window!.earliest).toBe(at('2026-11-29T08:02:00Z'));
    expect(e.outlook.projection!.steps.map((s) => s.replicas)).toEqual([14, 17]);
    expect(text('worker-scale-up-limit.yaml')).toMatch(/the policies allow the first step only in 2m \(2026-11-29T08:02:00Z\)/);
  });
});

describe('explain: failure messages are quoted or plainly ours, never made up', () => {
  const POD_CONDITION = 'the HPA was unable to compute the replica count: unable to get metric http_requests_per_second: unable to fetch metrics from custom metrics API: '
    + 'the server could not find the metric http_requests_per_second for pods';

  test('a failed Pods metric quotes the HPA\'s own condition message, marked as the status\'s', () => {
    const e = explain('backend-failed-get-pods-metric.yaml');
    expect(e.metrics[2].proposal).toEqual({ ok: false, reason: 'FailedGetPodsMetric', message: POD_CONDITION, messageSource: 'status' });
    expect(e.blockedBy).toMatchObject({ message: POD_CONDITION, messageSource: 'status' });
    const t = text('backend-failed-get-pods-metric.yaml');
    expect(t).toContain(`3. Pods http_requests_per_second: target 1000 per pod; the status has no current value for it.\n     No proposal (FailedGetPodsMetric). The HPA's status condition says: "${POD_CONDITION}"\n`);
    // the tester's example: a controller-style message that no controller wrote
    expect(t).not.toMatch(/custom metrics API: the status has no current value/);
  });

  test('without a condition message for the metric, explain says so in its own words, not as a controller quote', () => {
    const hpa = parse(fs.readFileSync(path.join(DATA, 'backend-failed-get-pods-metric.yaml'), 'utf-8'));
    hpa.status.conditions = hpa.status.conditions.filter((c: { type: string }) => c.type !== 'ScalingActive');
    const file = path.join(tempDir('explain'), 'no-condition.yaml');
    fs.writeFileSync(file, stringify(hpa));
    const e: Explanation = JSON.parse(runExplain({ file, now: at(NOW), format: 'json' }).stdout);
    const p = e.metrics[2].proposal as { message: string; messageSource: string };
    expect(p.messageSource).toBe('explain');
    expect(p.message).toMatch(/^the HPA's status carries no current value for this metric and no condition message about it; that usually means the controller could not read it at its last sync: the custom metrics API \(custom\.metrics\.k8s\.io, served by prometheus-adapter\) returned no value for the pods/);
    const t = runExplain({ file, now: at(NOW), format: 'text' }).stdout;
    expect(t).toMatch(/No proposal \(FailedGetPodsMetric\)\. In explain's words \(not a controller message\): the HPA's status carries no current value/);
    expect(t).not.toMatch(/unable to (fetch|get|compute)/);
  });

  test('a condition about another metric is not quoted for this one', () => {
    const hpa = parse(fs.readFileSync(path.join(DATA, 'backend-failed-get-pods-metric.yaml'), 'utf-8'));
    hpa.status.conditions[1].message = 'the HPA was unable to compute the replica count: unable to get metric some_other_metric: no metrics returned from custom metrics API';
    const file = path.join(tempDir('explain'), 'other-metric.yaml');
    fs.writeFileSync(file, stringify(hpa));
    const e: Explanation = JSON.parse(runExplain({ file, now: at(NOW), format: 'json' }).stdout);
    expect(e.metrics[2].proposal).toMatchObject({ messageSource: 'explain' });
  });

  test('a message the engine computes from the given pods is labelled as the engine\'s', () => {
    const e = explain('backend-missing-request.yaml', 'backend-missing-request-pods.yaml');
    expect(e.metrics[0].proposal).toMatchObject({ messageSource: 'engine' });
    expect(text('backend-missing-request.yaml', 'backend-missing-request-pods.yaml'))
      .toMatch(/No proposal \(FailedGetResourceMetric\)\. Redoing the controller's computation from the pods given, the engine gets: ".*missing request for cpu in container istio-proxy/);
  });

  test('FailedGetObjectMetric (kubectl shape: managedFields, annotations, v2 status): quoted, blocks the scale-down, names the object', () => {
    const e = explain('worker-failed-get-object-metric.yaml');
    // cpu 50/75 x 4 = 2.67 -> 3; memory 40/85 x 4 = 1.88 -> 2; active jobs 7/10 x 4 = 2.8 -> 3.
    expect(proposals(e)).toEqual([3, 2, 'FailedGetObjectMetric', 3]);
    expect(e.metrics[2]).toMatchObject({ type: 'Object', name: 'luneo_queue_depth', describedObject: 'Service/luneo-worker-queue', current: null, usageRatio: null, target: '50 per pod' });
    expect(e.metrics[2].proposal).toMatchObject({ messageSource: 'status', message: expect.stringMatching(/^the HPA was unable to compute the replica count: unable to get metric luneo_queue_depth: Service on luneo-production luneo-worker-queue\//) });
    expect(e.blockedBy).toMatchObject({ reason: 'FailedGetObjectMetric', scaleDownOnly: true });
    expect(e.nextDesired).toBe(4);
    expect(e.outlook.wanted).toBeNull();
    expect(reasons(e)).toContainEqual(['FailedGetObjectMetric', 'failedgetobjectmetric']);
    const t = text('worker-failed-get-object-metric.yaml');
    expect(t).toContain('3. Object luneo_queue_depth of Service/luneo-worker-queue: target 50 per pod; the status has no current value for it.');
    expect(t).toMatch(/Blocked: a metric failed \(FailedGetObjectMetric\) and the others ask for fewer replicas; the controller never scales down on partial metrics, so it keeps 4 replicas until every metric is readable\./);
    expect(t).toContain('See README.md#failedgetobjectmetric');
  });

  test('"Check next" commands name this HPA\'s namespace, target and failing metric, ready to run', () => {
    const next = (e: Explanation, reason: string) => e.conditions.find((c) => c.reason === reason)!.guide.next;
    expect(next(explain('worker-failed-get-object-metric.yaml'), 'FailedGetObjectMetric')[0])
      .toBe('kubectl get --raw "/apis/custom.metrics.k8s.io/v1beta1/namespaces/luneo-production/services/luneo-worker-queue/luneo_queue_depth"');
    expect(next(explain('worker-failed-get-external-metric.json'), 'FailedGetExternalMetric')[1])
      .toBe('kubectl get --raw "/apis/external.metrics.k8s.io/v1beta1/namespaces/luneo-production/luneo_queue_depth?labelSelector=queue%3Drender"  (does the selector match?)');
    expect(next(explain('backend-failed-get-pods-metric.yaml'), 'FailedGetPodsMetric')[1])
      .toBe('kubectl get --raw "/apis/custom.metrics.k8s.io/v1beta1/namespaces/luneo-production/pods/*/http_requests_per_second"  (does every pod have a value?)');
    expect(next(explain('backend-scaling-disabled.yaml'), 'ScalingDisabled')[0])
      .toBe('kubectl scale deployment/luneo-backend -n luneo-production --replicas=3 if zero was not deliberate');
    // two failed metrics of the reason's type: the metric stays a placeholder rather than a guess
    const e = explain('backend-metrics-server-down.yaml');
    expect(next(e, 'FailedGetResourceMetric').join('\n')).toContain('kubectl top pods -n luneo-production');
  });
});

describe('explain: numbers carry units; no NaN, Infinity or negative counts', () => {
  const fixtures = fs.readdirSync(DATA).filter((f) => /\.(ya?ml|json)$/.test(f) && !/pods|not-an-hpa|autoscaling-v1/.test(f));

  test.each(fixtures)('%s: every replica count is named as one, nothing undefined', (file) => {
    const t = text(file);
    expect(t).not.toMatch(/NaN|Infinity|undefined|-\d+ replicas|desired \?/);
    // a bare count after "ask for", "keeps", "sets", "proposal is", "to", "says" is a unitless number
    expect(t).not.toMatch(/(ask for|keeps|sets|proposal is|goes from \d+ to|status says) \d+(?!\d| replicas?\b)/);
    expect(JSON.stringify(explain(file))).not.toMatch(/NaN|Infinity/);
  });

  test('a memory quantity given in plain bytes says so', () => {
    const e = explain('backend-scaling-up.yaml');
    expect(e.metrics[1].current).toBe('52% (266.2Mi per pod)');
    const hpa = parse(fs.readFileSync(path.join(DATA, 'backend-scaling-up.yaml'), 'utf-8'));
    hpa.spec.metrics[1].resource.target = { type: 'AverageValue', averageValue: '536870912' };
    hpa.status.currentMetrics[1].resource.current = { averageValue: '268435456' };
    const file = path.join(tempDir('explain'), 'bytes.yaml');
    fs.writeFileSync(file, stringify(hpa));
    const m = (JSON.parse(runExplain({ file, now: at(NOW), format: 'json' }).stdout) as Explanation).metrics[1];
    expect(m).toMatchObject({ target: '536870912 bytes (512Mi) per pod', current: '268435456 bytes (256Mi) per pod', usageRatio: 0.5 });
  });

  test.each([
    ['a zero Utilization target', (h: any) => { h.spec.metrics[0].resource.target.averageUtilization = 0; }, /spec\.metrics\[0\]\.resource\.target\.averageUtilization: is 0; it must be greater than 0/],
    ['a zero AverageValue target', (h: any) => { h.spec.metrics[2].pods.target.averageValue = '0'; }, /spec\.metrics\[2\]\.pods\.target\.averageValue: is 0; it must be greater than 0/],
    ['a target type without its field', (h: any) => { h.spec.metrics[0].resource.target = { type: 'Utilization', averageValue: '500m' }; }, /spec\.metrics\[0\]\.resource\.target\.averageUtilization: is required when target\.type is Utilization/],
    ['Utilization on a Pods metric', (h: any) => { h.spec.metrics[2].pods.target = { type: 'Utilization', averageUtilization: 50 }; }, /spec\.metrics\[2\]\.pods\.target\.type: is Utilization, which only Resource and ContainerResource metrics have/],
    ['maxReplicas 0', (h: any) => { h.spec.maxReplicas = 0; }, /spec\.maxReplicas: is 0; it must be at least 1/],
    ['maxReplicas below minReplicas', (h: any) => { h.spec.maxReplicas = 2; }, /spec\.maxReplicas: is 2, below minReplicas \(3\)/],
    ['minReplicas 0 with only pod metrics', (h: any) => { h.spec.minReplicas = 0; }, /spec\.minReplicas: is 0; it must be at least 1 \(0 only with the HPAScaleToZero feature gate and an Object or External metric\)/],
    ['a policy of 0 pods', (h: any) => { h.spec.behavior.scaleUp.policies[1].value = 0; }, /spec\.behavior\.scaleUp\.policies\[1\]\.value: is 0; it must be greater than 0/],
    ['a policy period of 0', (h: any) => { h.spec.behavior.scaleDown.policies[0].periodSeconds = 0; }, /spec\.behavior\.scaleDown\.policies\[0\]\.periodSeconds: is 0; it must be in \(0, 1800\] seconds/],
    ['a stabilization window over an hour', (h: any) => { h.spec.behavior.scaleDown.stabilizationWindowSeconds = 7200; }, /spec\.behavior\.scaleDown\.stabilizationWindowSeconds: is 7200; it must be in \[0, 3600\] seconds/],
  ])('%s is a finding at the field (as the API server would reject it), not NaN or Infinity', (_, edit, message) => {
    const hpa = parse(fs.readFileSync(path.join(DATA, 'backend-scaling-up.yaml'), 'utf-8'));
    edit(hpa);
    const file = path.join(tempDir('explain'), 'invalid.yaml');
    fs.writeFileSync(file, stringify(hpa));
    const r = runExplain({ file, now: at(NOW), format: 'text' });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(new RegExp(`invalid\\.yaml:\\d+:\\d+: error ${message.source}.*\\[explain/api-validation\\]\\n\\s+fix: `));
  });

  test('scale to zero (minReplicas 0 with an Object metric, 0 replicas) explains without NaN', () => {
    const hpa = parse(fs.readFileSync(path.join(DATA, 'worker-failed-get-object-metric.yaml'), 'utf-8'));
    hpa.spec.minReplicas = 0;
    hpa.status.currentReplicas = 0;
    hpa.status.desiredReplicas = 0;
    const file = path.join(tempDir('explain'), 'zero.yaml');
    fs.writeFileSync(file, stringify(hpa));
    const r = runExplain({ file, now: at(NOW), format: 'text' });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^Now: 0 replicas, desired 0;/m);
    expect(r.stdout).not.toMatch(/NaN|Infinity|-\d+ replicas/);
  });
});

describe('explain: the HPA cannot act', () => {
  test('ScalingDisabled: a target at 0 replicas; no metric is read, nothing scales', () => {
    const e = explain('backend-scaling-disabled.yaml');
    expect(e.currentReplicas).toBe(0);
    expect(proposals(e)).toEqual(['ScalingDisabled', 'ScalingDisabled', 'ScalingDisabled']);
    expect(e.blockedBy).toMatchObject({ reason: 'ScalingDisabled' });
    expect(e.nextDesired).toBe(0); // the engine: ScalingDisabled, desired 0
    expect(e.nextConditions).toContainEqual(expect.objectContaining({ type: 'ScalingActive', status: 'False', reason: 'ScalingDisabled' }));
    expect(reasons(e)).toContainEqual(['ScalingDisabled', 'scalingdisabled']);
    expect(text('backend-scaling-disabled.yaml')).toMatch(/Disabled: the target has 0 replicas, so the HPA does nothing/);
  });

  test('FailedGetScale: the controller stops before the metrics; the status values may be stale', () => {
    const e = explain('backend-failed-get-scale.yaml');
    expect(e.blockedBy).toMatchObject({ reason: 'FailedGetScale' });
    expect(e.outlook.wanted).toBeNull();
    expect(reasons(e)).toContainEqual(['FailedGetScale', 'failedgetscale-and-failedupdatescale']);
    expect(text('backend-failed-get-scale.yaml')).toMatch(/Blocked: the controller cannot read the target's scale \(FailedGetScale\)/);
  });
});

describe('explain: pods', () => {
  test('unready and pending pods enter the arithmetic as the controller treats them; other workloads\' pods are left out', () => {
    const e = explain('backend-scaling-up.yaml', 'backend-pods-unready.yaml');
    expect(e.pods).toMatchObject({
      total: 8, ready: 6, notReady: ['luneo-backend-7d9c6b5f4-k2p9x'], pending: ['luneo-backend-7d9c6b5f4-zz8fq'], unfiltered: false,
    });
    // cpu: 6 usable pods at 85%, the 2 unready count as 0 when scaling up: 85 x 6 / 8 = 63.75% -> ratio 0.91, in band -> 8.
    // requests: 7 running pods report 1450, the pending one is missing and counts 0: 1450 x 7 / 8 / 1000 = 1.27 -> 11.
    expect(proposals(e)).toEqual([8, 5, 11]);
  });

  test('without pods, the same fixture assumes every pod ready', () => {
    expect(proposals(explain('backend-scaling-up.yaml'))).toEqual([10, 6, 12]);
  });
});

describe('explain: what behaviour allows', () => {
  test('next steps per direction and per policy, with the periods lastScaleTime still fills', () => {
    const e = explain('backend-scaling-up.yaml');
    expect(e.outlook.up).toMatchObject({ stepTo: 16, windowSeconds: 0, clearAt: at('2026-11-29T08:00:30Z') });
    expect(e.outlook.up.policies.map((p) => [p.text, p.to])).toEqual([['+100% per 60 s', 16], ['+5 pods per 60 s', 13]]);
    expect(e.outlook.down).toMatchObject({ stepTo: 6, windowSeconds: 300 });
    expect(e.outlook.down.rule).toMatch(/the smaller of -50% per 300 s and -2 pods per 300 s/);
    expect(e.outlook.projection!.steps).toEqual([{ time: at(NOW) + 15_000, replicas: 12 }]);
  });

  test('a manifest without status (dist/) explains targets and behaviour from minReplicas', () => {
    const r = runExplain({ file: path.join(ROOT, 'dist/production/horizontalpodautoscaler-luneo-worker-hpa.k8s.yaml'), now: at(NOW), format: 'json' });
    expect(r.exitCode).toBe(0);
    const e: Explanation = JSON.parse(r.stdout);
    expect(e.hasStatus).toBe(false);
    expect(e.outlook.from).toBe(2);
    expect(e.outlook.up.stepTo).toBe(4);
    expect(e.unknowns[0]).toMatch(/no status/);
  });

  test('no behavior: the legacy rules (max(2x, 4) up, flag window down)', () => {
    const hpa = parse(fs.readFileSync(path.join(DATA, 'backend-scaling-up.yaml'), 'utf-8'));
    delete hpa.spec.behavior;
    const file = path.join(tempDir('explain'), 'legacy.yaml');
    fs.writeFileSync(file, stringify(hpa));
    const e: Explanation = JSON.parse(runExplain({ file, now: at(NOW), format: 'json', settings: { downscaleStabilizationWindowSeconds: 120 } }).stdout);
    expect(e.outlook.legacy).toBe(true);
    expect(e.outlook.up.stepTo).toBe(16);
    expect(e.outlook.down).toMatchObject({ stepTo: 3, windowSeconds: 120 });
  });
});

describe('explain: input', () => {
  test('a List of HPAs explains each', () => {
    const r = runExplain({ file: path.join(DATA, 'hpa-list.yaml'), now: at(NOW), format: 'json' });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout).map((e: Explanation) => e.name)).toEqual(['luneo-backend-hpa', 'luneo-worker-hpa']);
  });

  test('unknown fields anywhere are ignored', () => {
    const hpa = parse(fs.readFileSync(path.join(DATA, 'backend-scaling-up.yaml'), 'utf-8'));
    hpa.spec.futureField = { x: 1 };
    hpa.status.somethingNew = [1, 2];
    hpa.status.currentMetrics[0].resource.current.newUnit = 'x';
    hpa.metadata.finalizers = ['example.com/keep'];
    const file = path.join(tempDir('explain'), 'extra.yaml');
    fs.writeFileSync(file, stringify(hpa));
    const r = runExplain({ file, now: at(NOW), format: 'json' });
    expect(r.exitCode).toBe(0);
    expect(proposals(JSON.parse(r.stdout))).toEqual([10, 6, 12]);
  });

  test.each([
    ['not-an-hpa.yaml', /not-an-hpa\.yaml:2:1: error kind: is Deployment\/luneo-backend, not a HorizontalPodAutoscaler \[explain\/not-an-hpa\]/],
    ['autoscaling-v1.yaml', /autoscaling-v1\.yaml:1:1: error apiVersion: is "autoscaling\/v1"; .* \[explain\/hpa-version\]\n\s+fix: kubectl get hpa\.v2\.autoscaling/],
  ])('%s is a clear error: file, line, field, rule, no stack trace', (file, message) => {
    const r = runExplain({ file: path.join(DATA, file), now: at(NOW), format: 'text' });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(message);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  test('broken YAML, a missing field, a missing file and a non-pod in --pods are findings', () => {
    const dir = tempDir('explain');
    const broken = path.join(dir, 'broken.yaml');
    fs.writeFileSync(broken, 'kind: HorizontalPodAutoscaler\nspec: [\n');
    expect(runExplain({ file: broken, now: 0, format: 'text' }).stderr).toMatch(/broken\.yaml:\d+:\d+: error .*\[yaml\/syntax\]/);

    const hpa = parse(fs.readFileSync(path.join(DATA, 'backend-scaling-up.yaml'), 'utf-8'));
    delete hpa.spec.maxReplicas;
    hpa.spec.metrics[2].pods.target.averageValue = 'lots';
    const bad = path.join(dir, 'bad.yaml');
    fs.writeFileSync(bad, stringify(hpa));
    const r = runExplain({ file: bad, now: 0, format: 'text' });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/bad\.yaml:\d+:\d+: error spec\.maxReplicas: is required \(number\) \[schema\/required\]/);
    expect(r.stderr).toMatch(/error spec\.metrics\[2\]\.pods\.target\.averageValue: must be a Kubernetes quantity/);

    expect(runExplain({ file: path.join(dir, 'nope.yaml'), now: 0, format: 'text' }).stderr).toMatch(/nope\.yaml: error\b.*ENOENT.*\[explain\/unreadable\]/);

    const p = runExplain({ file: path.join(DATA, 'backend-scaling-up.yaml'), podsFile: path.join(DATA, 'not-an-hpa.yaml'), now: 0, format: 'text' });
    expect(p.exitCode).toBe(1);
    expect(p.stderr).toMatch(/not-an-hpa\.yaml:2:1: error kind: is Deployment\/luneo-backend, not a Pod \[explain\/not-a-pod\]/);

    const empty = path.join(dir, 'no-pods.yaml');
    fs.writeFileSync(empty, 'apiVersion: v1\nkind: List\nitems: []\n');
    const n = runExplain({ file: path.join(DATA, 'backend-scaling-up.yaml'), podsFile: empty, now: 0, format: 'text' });
    expect(n.exitCode).toBe(1);
    expect(n.stderr).toMatch(/no-pods\.yaml:3:\d+: error items: the pods file has no Pod, so every metric would read as missing \[explain\/empty-list\]/);
  });

  test('npm run explain entry point: text output, exit codes', () => {
    // The first as the real process (`node --import tsx scripts/explain.ts`: tsx's loader, as the tsx
    // CLI of `npm run explain` runs it, without the CLI's relaying parent process); the others in
    // this process (support.runScript).
    const ok = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/explain.ts', '__tests__/data/explain/backend-failed-get-pods-metric.yaml', '--now', NOW], { cwd: ROOT, encoding: 'utf-8' });
    const run = (...args: string[]) => runScript('scripts/explain.ts', args);
    expect(ok.status).toBe(0);
    expect(ok.stdout).toMatch(/^HPA luneo-production\/luneo-backend-hpa scales Deployment\/luneo-backend between 3 and 50 replicas/);
    expect(ok.stdout).toMatch(/See README\.md#failedgetpodsmetric/);
    const bad = run('__tests__/data/explain/not-an-hpa.yaml');
    expect(bad.status).toBe(1);
    expect(bad.stderr).toMatch(/\[explain\/not-an-hpa\]/);
    const none = run();
    expect(none.status).toBe(2); // a usage error, as in every command
    expect(none.stderr).toMatch(/^error: no HPA file given \[cli\/usage\]\nusage: npm run explain -- /);
    expect(none.stderr).not.toMatch(/\n\s+at /);
    const bad5 = run('__tests__/data/explain/backend-scaling-up.yaml', '--tolerance', '5');
    expect(bad5.status).toBe(1);
    expect(bad5.stdout).toBe("");
    expect(bad5.stderr).toMatch(/^error --tolerance: is 5; it must be a ratio in \[0, 1\)/);
    expect(run('--bogus').status).toBe(2);
  });
});

describe('explain: condition guide', () => {
  /** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
  const anchors = new Set(fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8').split('\n')
    .filter((l) => /^#{1,6} /.test(l))
    .map((l) => l.replace(/^#+ /, '').trim().toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-')));

  test('every README section a guide links to exists', () => {
    const linked = [...Object.values(CONDITION_GUIDES).map((g) => g.readme), refineByMessage('FailedGetResourceMetric', 'missing request for cpu').readme,
      refineByMessage('FailedGetResourceMetric', 'did not receive metrics for targeted pods (pods might be unready)').readme].filter(Boolean);
    expect(linked.length).toBeGreaterThan(10);
    for (const a of linked) expect(anchors).toContain(a);
  });

  test('every reason the engine sets has a guide', () => {
    for (const reason of ['SucceededRescale', 'ReadyForNewScale', 'ScaleDownStabilized', 'ScaleUpStabilized', 'ValidMetricFound', 'ScalingDisabled',
      'FailedGetResourceMetric', 'FailedGetContainerResourceMetric', 'FailedGetPodsMetric', 'FailedGetObjectMetric', 'FailedGetExternalMetric',
      'InvalidMetricSourceType', 'DesiredWithinRange', 'TooManyReplicas', 'TooFewReplicas', 'ScaleUpLimit', 'ScaleDownLimit']) {
      expect(CONDITION_GUIDES[reason]).toBeDefined();
    }
    expect(refineByMessage('SomethingElse', '').meaning).toMatch(/not one the current HPA controller sets/);
  });
});

describe('replica fields outside their API range are findings, not explanations', () => {
  const variant = (edit: (t: string) => string) => {
    const file = path.join(tempDir('explain-range'), 'hpa.yaml');
    fs.writeFileSync(file, edit(fs.readFileSync(path.join(DATA, 'backend-scaling-up.yaml'), 'utf-8')));
    return runExplain({ file, now: at(NOW), format: 'text' });
  };

  test('a negative status.currentReplicas', () => {
    const r = variant((t) => t.replace('currentReplicas: 8', 'currentReplicas: -3'));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/:\d+:\d+: error status\.currentReplicas: a replica count is never negative \[schema\/too-small\]/);
    expect(r.stdout).toBe('');
  });

  test('maxReplicas beyond int32', () => {
    const r = variant((t) => t.replace('maxReplicas: 50', 'maxReplicas: 2147483648'));
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/error spec\.maxReplicas: must be at most 2147483647 \(int32\), got 2147483648 \[schema\/too-big\]/);
  });
});
