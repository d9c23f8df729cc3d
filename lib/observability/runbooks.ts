import { AlertName } from '../config/observability-schema';
import { Environment } from '../config/schema';
import { AlertGroup, AlertRule, GROUPS } from './alerts';

/**
 * The runbook of one environment (`dist/runbooks/<environment>.md`): a section per alert, with what
 * it means and the commands that diagnose it, filled in with this environment's namespace and
 * objects. Every alert's `runbook_url` points at its section (checked at synth time).
 */

interface Context {
  readonly env: Environment;
  readonly rule: AlertRule;
}

interface RunbookEntry {
  readonly meaning: string;
  readonly diagnose: (c: Context) => string[];
  readonly actions: readonly string[];
}

const workloadOf = (c: Context) => c.env.workloads[c.rule.workload];
const hpaOf = (c: Context) => workloadOf(c).hpa;
const deployOf = (c: Context) => workloadOf(c).deployment;
const ns = (c: Context) => c.env.namespace;
/** Where the workload's scrape collects: its `scrape.namespace`, else the environment's. */
const scrapeNs = (c: Context) => workloadOf(c).scrape?.namespace ?? ns(c);
/** `k=v,k2=v2`: a kubectl `-l` label selector, keys sorted. */
const labelSelector = (labels: Readonly<Record<string, string>>) => Object.keys(labels).sort().map((k) => `${k}=${labels[k]}`).join(',');
/**
 * `-l <selector>` of the Deployment's pods: `podSelector` when the config states it, else read
 * from the Deployment itself (no label is assumed).
 */
const podsArg = (c: Context) => {
  const selector = workloadOf(c).podSelector;
  if (selector) return `-l ${shellQuote(labelSelector(selector))}`;
  return `-l "$(kubectl -n ${ns(c)} get deployment ${deployOf(c)} -o json | jq -r '.spec.selector.matchLabels | to_entries | map("\\(.key)=\\(.value)") | join(",")')"`;
};
/** The monitor object, in the environment's namespace where synthesis creates it. */
const monitorKind = (c: Context) => (workloadOf(c).scrape?.kind ?? 'ServiceMonitor').toLowerCase();
const scrapeSelector = (c: Context) => shellQuote(labelSelector(workloadOf(c).scrape?.selector ?? {}));
/** The Prometheus namespace and Service from `prometheus.url` (`http://<service>.<namespace>.svc`). */
const prometheusService = (c: Context) => {
  const [service, namespace = 'monitoring'] = new URL(c.env.prometheus.url).hostname.split('.');
  return { service, namespace };
};
// A one-line expression (most of them) has no line break to join: the regular expression is not run.
const promtool = (c: Context) => `promtool query instant http://localhost:9090 ${shellQuote(c.rule.expr.includes('\n') ? c.rule.expr.replace(/\s*\n\s*/g, ' ') : c.rule.expr)}`;
/** One POSIX shell word: single-quoted, a `'` (which a config regex may hold) as `'\''`. */
const shellQuote = (text: string) => (/^[A-Za-z0-9_./=,:-]+$/.test(text) ? text : `'${text.replace(/'/g, "'\\''")}'`);
// The same command for every rule of an environment: its URL is parsed once, not once per rule.
let lastPortForward: { readonly url: string; readonly port: number; readonly command: string } | undefined;
const PORT_FORWARD = (c: Context) => {
  const { url, port } = c.env.prometheus;
  if (lastPortForward?.url !== url || lastPortForward.port !== port) {
    const p = prometheusService(c);
    lastPortForward = { url, port, command: `kubectl -n ${p.namespace} port-forward svc/${p.service} 9090:${port} &` };
  }
  return lastPortForward.command;
};
const describeHpa = (c: Context) => [
  `kubectl -n ${ns(c)} describe hpa ${hpaOf(c)}            # conditions AbleToScale/ScalingActive/ScalingLimited and events`,
  `kubectl -n ${ns(c)} get hpa ${hpaOf(c)} -o jsonpath='{range .status.currentMetrics[*]}{@}{"\\n"}{end}'`,
];
const events = (c: Context) => `kubectl -n ${ns(c)} get events --field-selector involvedObject.name=${hpaOf(c)} --sort-by=.lastTimestamp`;
const expression = (c: Context) => [PORT_FORWARD(c), `${promtool(c)}   # the alert's expression`];
const topPods = (c: Context, sortBy: 'cpu' | 'memory' = 'cpu') => `kubectl -n ${ns(c)} top pods ${podsArg(c)} --sort-by=${sortBy}   # metrics-server (metrics.k8s.io)`;

/**
 * How to read the value the HPA gets for the alert's metric, from the API that serves it:
 * cpu/memory are Resource metrics of metrics-server (metrics.k8s.io; the adapter serves no resource
 * metrics), a Pods metric comes from custom.metrics.k8s.io for the Deployment's pods (with the metric
 * selector as `metricLabelSelector`), an External one from external.metrics.k8s.io (its selector as
 * `labelSelector`).
 */
function metricValueCommands(c: Context): string[] {
  const name = c.rule.labels.metric;
  if (name === 'cpu' || name === 'memory') {
    const pods = workloadOf(c).podSelector;
    const query = pods ? `?labelSelector=${encodeURIComponent(labelSelector(pods))}` : '';
    return [topPods(c, name), `kubectl get --raw "/apis/metrics.k8s.io/v1beta1/namespaces/${ns(c)}/pods${query}" | jq '.items[] | {name: .metadata.name, usage: [.containers[].usage.${name}]}'   # Resource metric (metrics-server)`];
  }
  const m = name ? c.env.metrics[name] : undefined;
  if (!m) return [];
  const selector = m.matchLabels && Object.keys(m.matchLabels).length > 0 ? encodeURIComponent(labelSelector(m.matchLabels)) : undefined;
  if (m.api === 'external') {
    return [`kubectl get --raw "/apis/external.metrics.k8s.io/v1beta1/namespaces/${ns(c)}/${name}${selector ? `?labelSelector=${selector}` : ''}" | jq '.items'   # External metric (prometheus-adapter)`];
  }
  const pods = workloadOf(c).podSelector;
  const query = [pods ? `labelSelector=${encodeURIComponent(labelSelector(pods))}` : '', selector ? `metricLabelSelector=${selector}` : ''].filter(Boolean).join('&');
  return [`kubectl get --raw "/apis/custom.metrics.k8s.io/v1beta1/namespaces/${ns(c)}/pods/*/${name}${query ? `?${query}` : ''}" | jq '.items[] | {pod: .describedObject.name, value}'   # Pods metric (prometheus-adapter)`];
}

/** Commands that show the scrape's targets: Services and their endpoints, or pods, where the scrape collects. */
function scrapeTargets(c: Context, extra = ''): string[] {
  const w = workloadOf(c);
  if (!w.scrape) return [];
  if (w.scrape.kind === 'PodMonitor') return [`kubectl -n ${scrapeNs(c)} get pods -l ${scrapeSelector(c)} -o wide${extra}`];
  return [`kubectl -n ${scrapeNs(c)} get services,endpoints -l ${scrapeSelector(c)}${extra}   # the ServiceMonitor selects Services; their endpoints are the targets`];
}

/** Port-forward to one scrape target and read its metrics (the Service port, or the pod's container port). */
function curlTarget(c: Context): string {
  const s = workloadOf(c).scrape;
  if (!s) return '';
  const kind = s.kind === 'PodMonitor' ? 'pods' : 'services';
  const target = `"$(kubectl -n ${scrapeNs(c)} get ${kind} -l ${scrapeSelector(c)} -o name | head -n 1)"`;
  return `kubectl -n ${scrapeNs(c)} port-forward ${target} 18080:${s.port} & sleep 2; curl -s localhost:18080${s.path} | head`;
}

const ENTRIES: Record<AlertName, RunbookEntry> = {
  HpaMaxedOut: {
    meaning: 'Current replicas equal maxReplicas (and max differs from min) for the configured time, never shorter than the scale-down stabilization window + 5m (the HPA holds at max that long after a spike by design): the workload has no headroom left.',
    diagnose: (c) => [...describeHpa(c), topPods(c), `kubectl -n ${ns(c)} get pods ${podsArg(c)} --field-selector=status.phase=Pending   # pods no node has room for`, ...expression(c)],
    actions: [
      'If load is genuine, raise `workloads.<name>.replicas.max` in the config (check the cluster has room: Pending pods mean it has not, see the cluster autoscaler) and synth.',
      'If a metric is inflated (a stuck queue, a retry storm), fix the cause; raising max only hides it.',
    ],
  },
  HpaReplicasMismatch: {
    meaning: 'The Deployment does not get the replicas its HPA sets, in one of two ways. (1) Pods missing: the HPA wrote `spec.replicas` (through the scale subresource) and the Deployment\'s ReplicaSets have created fewer pods (`kube_deployment_status_replicas` below `kube_deployment_spec_replicas`) for the alert\'s `for`: a ResourceQuota, a LimitRange or an admission webhook refuses the new pods. The HPA itself looks healthy then: its current replicas are the scale subresource\'s `spec.replicas` (upstream horizontal.go), so current equals desired from the next sync. `status.replicas` counts Pending and unready pods: a full cluster does not cause this alert (Pending pods, see HpaMaxedOut), pods that cannot even be created do. A rolling update only adds pods above `spec.replicas` (maxSurge) and never counts. (2) Write failing: the HPA\'s desired replicas differ from its current and current has not moved for the progress window (at least two policy periods): it cannot write the scale subresource (`FailedUpdateScale`). A rate-limited scale-down that keeps stepping does not count.',
    diagnose: (c) => [...describeHpa(c),
      `kubectl -n ${ns(c)} get hpa ${hpaOf(c)} -o jsonpath='{.status.currentReplicas} {.status.desiredReplicas}{"\\n"}'   # HPA current (= Deployment spec.replicas) and desired`,
      `kubectl -n ${ns(c)} get deployment ${deployOf(c)} -o jsonpath='{.spec.replicas} {.status.replicas} {.status.availableReplicas}{"\\n"}'   # replicas the HPA set, pods created, pods available`,
      `kubectl -n ${ns(c)} get replicasets ${podsArg(c)}`,
      `kubectl -n ${ns(c)} get events --field-selector reason=FailedCreate --sort-by=.lastTimestamp   # ReplicaSet cannot create pods`,
      `kubectl -n ${ns(c)} get resourcequota,limitrange`, ...expression(c)],
    actions: [
      'Pods missing, with ReplicaSet `FailedCreate` events: a ResourceQuota (`exceeded quota`), a LimitRange or an admission webhook / Pod Security rejects new pods; `status.replicas` stays below `spec.replicas` until it is fixed. Raise the quota or fix the pod template, not the HPA.',
      'Write failing: the HPA reports `AbleToScale=False` (`FailedUpdateScale`): it cannot write the scale subresource (RBAC, a conflicting writer); see its events.',
      'Another controller owning `spec.replicas` (Argo CD syncing a fixed replica count): remove `replicas` from the applied Deployment, or have Argo CD ignore the field.',
    ],
  },
  HpaScalingInactive: {
    meaning: 'The HPA reports ScalingActive=False: it cannot compute any replica count (all metrics failing, or the scale target missing), so the workload is not autoscaled at all. This is the "HPA not scaling" case.',
    diagnose: (c) => [...describeHpa(c), events(c),
      `kubectl get apiservice v1beta1.metrics.k8s.io v1beta1.custom.metrics.k8s.io v1beta1.external.metrics.k8s.io   # Available=True for each API the HPA uses`,
      `kubectl get --raw /apis/custom.metrics.k8s.io/v1beta1 | jq '.resources[].name'`,
      `kubectl get --raw /apis/external.metrics.k8s.io/v1beta1 | jq '.resources[].name'`, ...expression(c)],
    actions: [
      '`FailedGetResourceMetric`: metrics-server (metrics.k8s.io) is down, or a container of the pods has no request for the resource.',
      '`FailedGetPodsMetric`/`FailedGetExternalMetric`: see HpaMetricSeriesAbsent; prometheus-adapter serves no value.',
      '`FailedGetScale`: the Deployment named in `scaleTargetRef` does not exist.',
      '`ScalingDisabled`: the Deployment was scaled to 0 replicas; the HPA does nothing until something scales it back up.',
    ],
  },
  HpaScalingLimited: {
    meaning: 'ScalingLimited=True for a long time while the HPA wants more replicas than it has (desired above current, or a metric above its target beyond the 0.1 tolerance): maxReplicas (reason TooManyReplicas) or the scale-up policy (ScaleUpLimit) caps it. kube-state-metrics exports no reason, so the direction tells: a policy-limited scale-down (ScaleDownLimit) and the floor (TooFewReplicas) never fire it.',
    diagnose: (c) => [...describeHpa(c), events(c), ...expression(c)],
    actions: [
      'Reason TooManyReplicas: see HpaMaxedOut.',
      'Reason ScaleUpLimit for long: the `scaleUp` policies are too slow for the load shape; simulate a change (npm run simulate) before widening them.',
    ],
  },
  HpaFlapping: {
    meaning: 'The HPA changed its scaling direction (up then down, or down then up) at least `alerting.hpa.flapping.reversals` times within the window: scaling too aggressively. Every replica change kube-state-metrics recorded counts, a dip that lasted a single scrape too. One climb and a stepped scale-down is a single reversal and never fires it. Each cycle restarts pods and drops warm caches.',
    diagnose: (c) => [events(c), ...describeHpa(c), ...expression(c)],
    actions: [
      'Lengthen `scaleDown.stabilization` so that dips shorter than it do not remove pods.',
      'A metric that oscillates with the replica count (per-pod load that halves when pods double) needs a target with more headroom.',
    ],
  },
  HpaPinnedAtMinimum: {
    meaning: 'The HPA sits at minReplicas although one of its metrics is far above target, for longer than its scale-up stabilization window + 5m (which holds it there by design): it does not see the load (a metric pipeline fault or a wrong target).',
    diagnose: (c) => [...describeHpa(c), events(c), ...metricValueCommands(c), ...expression(c)],
    actions: [
      'Compare the value the HPA reports (`currentMetrics`) with the value the metrics API serves and the value in Prometheus: a difference between the last two points at the adapter rule, between the first two at the HPA (a `FailedGet*Metric` event).',
      'For CPU/memory, check that the Deployment\'s container requests equal `workloads.<name>.containers`: utilization is a percentage of them.',
    ],
  },
  HpaMetricSeriesAbsent: {
    meaning: 'Prometheus has no series the adapter rule serves this HPA from (for a custom metric: from the Deployment\'s own pods, whatever other Deployments in the namespace export under the same name); the adapter serves nothing and the HPA reports FailedGetPodsMetric/FailedGetExternalMetric.',
    diagnose: (c) => [
      `kubectl get --raw /apis/custom.metrics.k8s.io/v1beta1 | jq '.resources[].name'`,
      `kubectl get --raw /apis/external.metrics.k8s.io/v1beta1 | jq '.resources[].name'`,
      `kubectl -n ${ns(c)} get ${monitorKind(c)} ${deployOf(c)} --show-labels`,
      ...scrapeTargets(c), ...expression(c)],
    actions: [
      'The app stopped exporting the series or renamed it: compare its /metrics with `metrics.<name>.series`.',
      'The scrape is broken: see ScrapeTargetDown and ScrapeTargetMissing.',
    ],
  },
  ScrapeTargetDown: {
    meaning: 'A scrape target of the workload answers with an error or not at all (`up == 0`); its series go stale.',
    diagnose: (c) => [...scrapeTargets(c), curlTarget(c), ...expression(c)].filter(Boolean),
    actions: ['Crash-looping or overloaded pods fail scrapes: check their logs and the scrape timeout.', 'A NetworkPolicy may block Prometheus from the metrics port.'],
  },
  ScrapeTargetMissing: {
    meaning: 'Prometheus has no target of the job at all: the ServiceMonitor/PodMonitor selects no Service/pod, or Prometheus does not select the monitor.',
    diagnose: (c) => [`kubectl -n ${ns(c)} get ${monitorKind(c)} ${deployOf(c)} -o yaml   # created in ${ns(c)}; spec.namespaceSelector: ${scrapeNs(c)}`,
      ...scrapeTargets(c, ' --show-labels'),
      `kubectl get prometheus -A -o jsonpath='{range .items[*]}{.metadata.namespace}/{.metadata.name}: ${workloadOf(c).scrape?.kind === 'PodMonitor' ? '{.spec.podMonitorSelector} {.spec.podMonitorNamespaceSelector}' : '{.spec.serviceMonitorSelector} {.spec.serviceMonitorNamespaceSelector}'}{"\\n"}{end}'`,
      ...expression(c)],
    actions: ['Make the monitor carry the labels of `prometheus.monitorSelector` (and its namespace match the Prometheus monitor namespace selector), and the Services/pods the labels of `scrape.selector`, with a port named as `scrape.port`.'],
  },
  QueueBacklogGrowingAtMaxReplicas: {
    meaning: 'The queue keeps growing while the workers run at maxReplicas: the platform cannot drain it and jobs wait longer and longer.',
    diagnose: (c) => [...describeHpa(c), topPods(c), ...expression(c)],
    actions: ['Raise `replicas.max` (and check `useCase.peakConcurrentJobs`), or find why jobs got slower (a dependency, a bad deploy).'],
  },
  WorkerSaturated: {
    meaning: 'Workers run close to their per-pod concurrency limit: new jobs wait for a free slot even though the HPA target says otherwise.',
    diagnose: (c) => [`kubectl -n ${ns(c)} get configmap ${workloadOf(c).concurrency?.configMap ?? ''} -o yaml`, ...describeHpa(c), ...expression(c)],
    actions: ['Check that the active-jobs target stays well under `maxConcurrentJobs`; lower the target so the HPA adds workers earlier.'],
  },
  ErrorRateHigh: {
    meaning: 'The share of failed requests is above the threshold declared in `slo.errorRate`.',
    diagnose: (c) => [`kubectl -n ${ns(c)} logs ${podsArg(c)} --prefix --since=15m --tail=200 | grep -i error | tail`, `kubectl -n ${ns(c)} get pods ${podsArg(c)}`, ...expression(c)],
    actions: ['Errors that started with a rollout: roll back. Errors under load with the HPA at max: see HpaMaxedOut.'],
  },
  LatencyHigh: {
    meaning: 'Request latency at the configured quantile is above `slo.latency.maxSeconds`.',
    diagnose: (c) => [...describeHpa(c), topPods(c), ...expression(c)],
    actions: ['CPU near its target with latency high: lower the CPU target. Latency high at low CPU: a dependency is slow; scaling will not help.'],
  },
};

const GROUP_TITLES: Record<string, string> = {
  [GROUPS.hpa]: 'HPA health',
  [GROUPS.pipeline]: 'Metrics pipeline',
  [GROUPS.workload]: 'Workload signals',
};

/** Renders the runbook markdown of an environment from its alert groups. */
export function renderRunbook(env: Environment, groups: readonly AlertGroup[]): string {
  const out: string[] = [
    `# Runbooks: ${env.environment}`,
    '',
    '<!-- Generated by luneo-autoscaling (npm run synth) from config/; do not edit. -->',
    '',
    `Each alert of the PrometheusRule \`luneo-autoscaling\` in namespace \`${env.namespace}\` links to its section here.`,
    'Commands assume `kubectl` points at the cluster and, for `promtool`, a port-forward to Prometheus.',
    '',
  ];
  for (const g of groups) {
    out.push(`## ${GROUP_TITLES[g.name] ?? g.name}`, '');
    // Each alert's rules, alerts in order of first appearance (one pass: a group holds every workload's rules).
    const byAlert = new Map<AlertRule['alert'], AlertRule[]>();
    for (const r of g.rules) {
      const list = byAlert.get(r.alert);
      if (list) list.push(r);
      else byAlert.set(r.alert, [r]);
    }
    for (const [name, rules] of byAlert) {
      const e = ENTRIES[name];
      out.push(`### ${name}`, '', e.meaning, '', `Severity: ${[...new Set(rules.map((r) => r.labels.severity))].join(', ')}.`, '');
      for (const r of rules) {
        const about = r.labels.metric ? ` (${r.labels.metric})` : '';
        out.push(`Diagnose \`${env.workloads[r.workload].deployment}\`${about}, fires after ${r.for}:`, '', '```sh', ...e.diagnose({ env, rule: r }), '```', '');
      }
      out.push('What to do:', '', ...e.actions.map((a) => `- ${a}`), '');
    }
  }
  return out.join('\n');
}

/** Anchors of the headings of a markdown document, as GitHub/GitLab generate them. */
export function headingAnchors(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split('\n')) {
    if (line.startsWith('```')) fenced = !fenced;
    const m = fenced ? null : /^#{1,6}\s+(.*?)\s*$/.exec(line);
    if (m) anchors.add(m[1].toLowerCase().replace(/[^\w\- ]/g, '').replace(/ /g, '-'));
  }
  return anchors;
}
