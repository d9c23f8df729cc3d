import { alertingSettings } from '../lib/config/observability-schema';
import { Environment } from '../lib/config/schema';
import { alertGroups, AlertRule } from '../lib/observability/alerts';
import { atRevision } from '../lib/observability/runbook-location';
import { renderRunbook } from '../lib/observability/runbooks';
import { synthesizeEnvironments } from '../lib/output/synthesize';
import { manifests, productionCopy } from './support';

const rulesOf = (env: Environment): AlertRule[] => alertGroups(env, alertingSettings(env.alerting)).flatMap((g) => g.rules);
const runbookOf = (env: Environment) => renderRunbook(env, alertGroups(env, alertingSettings(env.alerting)));
/** The fenced commands of one alert's section for one Deployment (and metric). */
function commands(markdown: string, alert: string, deployment: string, metric?: string): string[] {
  const section = markdown.split('\n### ').find((s) => s.startsWith(`${alert}\n`))!;
  const about = `Diagnose \`${deployment}\`${metric ? ` (${metric})` : ''}, fires`;
  const from = section.indexOf(about);
  const open = section.indexOf('```sh\n', from) + 6;
  const block = section.slice(open, section.indexOf('\n```', open));
  return block.split('\n');
}
const actions = (markdown: string, alert: string) => markdown.split('\n### ').find((s) => s.startsWith(`${alert}\n`))!.split('What to do:')[1];

describe('scrape alerts name the monitor where it is created', () => {
  /** The worker scraped from namespace luneo-queues (an exporter there), its queue metric read there. */
  function queuesEnv(): Environment {
    const env = productionCopy();
    env.workloads.worker.scrape.namespace = 'luneo-queues';
    env.metrics.luneo_queue_depth.namespace = 'luneo-queues';
    delete env.metrics.luneo_worker_active_jobs;
    delete env.workloads.worker.concurrency;
    delete env.workloads.worker.useCase.peakConcurrentJobs;
    return env;
  }

  test('ScrapeTargetDown/Missing say ServiceMonitor luneo-production/luneo-worker (its metadata), selecting in luneo-queues', () => {
    const env = queuesEnv();
    const monitor = manifests(synthesizeEnvironments([env])).find((o) => o.kind === 'ServiceMonitor' && o.metadata.name === 'luneo-worker')!;
    expect(monitor.metadata.namespace).toBe('luneo-production');
    expect(monitor.spec.namespaceSelector).toEqual({ matchNames: ['luneo-queues'] });
    for (const alert of ['ScrapeTargetDown', 'ScrapeTargetMissing']) {
      const r = rulesOf(env).find((x) => x.alert === alert && x.workload === 'worker')!;
      expect(r.annotations.description).toContain(`ServiceMonitor ${monitor.metadata.namespace}/luneo-worker, selecting in namespace luneo-queues`);
      expect(r.annotations.description).not.toContain('ServiceMonitor luneo-queues/');
    }
    const md = runbookOf(env);
    const missing = commands(md, 'ScrapeTargetMissing', 'luneo-worker');
    expect(missing[0]).toMatch(/^kubectl -n luneo-production get servicemonitor luneo-worker -o yaml/);
    expect(missing[1]).toMatch(/^kubectl -n luneo-queues get services,endpoints -l app\.kubernetes\.io\/name=luneo-worker --show-labels/);
    expect(commands(md, 'ScrapeTargetDown', 'luneo-worker').join('\n')).toContain('kubectl -n luneo-queues port-forward "$(kubectl -n luneo-queues get services -l app.kubernetes.io/name=luneo-worker -o name | head -n 1)" 18080:metrics');
  });

  test('in its own namespace the description names the monitor alone', () => {
    const r = rulesOf(productionCopy()).find((x) => x.alert === 'ScrapeTargetDown' && x.workload === 'backend')!;
    expect(r.annotations.description).toContain('ServiceMonitor luneo-production/luneo-backend)');
  });
});

describe('runbook commands ask the API that serves each metric', () => {
  const md = runbookOf(productionCopy());

  test('HpaPinnedAtMinimum on cpu/memory: metrics-server (metrics.k8s.io), never the custom metrics API', () => {
    for (const resource of ['cpu', 'memory']) {
      const lines = commands(md, 'HpaPinnedAtMinimum', 'luneo-backend', resource).join('\n');
      expect(lines).not.toContain('custom.metrics.k8s.io');
      expect(lines).toContain(`kubectl -n luneo-production top pods -l app.kubernetes.io/name=luneo-backend --sort-by=${resource}`);
      expect(lines).toContain(`kubectl get --raw "/apis/metrics.k8s.io/v1beta1/namespaces/luneo-production/pods?labelSelector=app.kubernetes.io%2Fname%3Dluneo-backend" | jq '.items[] | {name: .metadata.name, usage: [.containers[].usage.${resource}]}'`);
    }
  });

  test('a Pods metric: custom.metrics.k8s.io for the Deployment\'s pods; an External one: external.metrics.k8s.io with its selector', () => {
    expect(commands(md, 'HpaPinnedAtMinimum', 'luneo-backend', 'http_requests_per_second').join('\n'))
      .toContain('kubectl get --raw "/apis/custom.metrics.k8s.io/v1beta1/namespaces/luneo-production/pods/*/http_requests_per_second?labelSelector=app.kubernetes.io%2Fname%3Dluneo-backend"');
    expect(commands(md, 'HpaPinnedAtMinimum', 'luneo-worker', 'luneo_queue_depth').join('\n'))
      .toContain('kubectl get --raw "/apis/external.metrics.k8s.io/v1beta1/namespaces/luneo-production/luneo_queue_depth?labelSelector=queue%3Drender"');
  });

  test('a Pods metric with matchLabels passes them as metricLabelSelector', () => {
    const env = productionCopy();
    env.metrics.luneo_worker_active_jobs.matchLabels = { queue: 'render' };
    expect(commands(runbookOf(env), 'HpaPinnedAtMinimum', 'luneo-worker', 'luneo_worker_active_jobs').join('\n'))
      .toContain('pods/*/luneo_worker_active_jobs?labelSelector=app.kubernetes.io%2Fname%3Dluneo-worker&metricLabelSelector=queue%3Drender"');
  });

  test('HpaReplicasMismatch: Pending pods are not a cause (status.replicas counts them); pods that cannot be created are; the commands say which count is which', () => {
    const text = actions(md, 'HpaReplicasMismatch');
    expect(text).not.toMatch(/Pending pods: the cluster lacks capacity/);
    expect(text).toContain('FailedCreate');
    // The HPA's current is the scale subresource's spec.replicas (horizontal.go), never the Deployment's status.replicas.
    expect(md).not.toContain('Current is the Deployment\'s `status.replicas`');
    expect(md).toContain('its current replicas are the scale subresource\'s `spec.replicas` (upstream horizontal.go)');
    expect(md).toContain('`status.replicas` counts Pending and unready pods');
    const cmds = commands(md, 'HpaReplicasMismatch', 'luneo-backend');
    expect(cmds).toContain('kubectl -n luneo-production get deployment luneo-backend -o jsonpath=\'{.spec.replicas} {.status.replicas} {.status.availableReplicas}{"\\n"}\'   # replicas the HPA set, pods created, pods available');
    expect(cmds).toContain('kubectl -n luneo-production get hpa luneo-backend-hpa -o jsonpath=\'{.status.currentReplicas} {.status.desiredReplicas}{"\\n"}\'   # HPA current (= Deployment spec.replicas) and desired');
    expect(cmds).not.toContain('# HPA desired vs current');
    expect(commands(md, 'HpaReplicasMismatch', 'luneo-backend')).toContain('kubectl -n luneo-production get events --field-selector reason=FailedCreate --sort-by=.lastTimestamp   # ReplicaSet cannot create pods');
    expect(actions(md, 'HpaPinnedAtMinimum')).toContain('`workloads.<name>.containers`');
    expect(actions(md, 'HpaScalingInactive')).toContain('`ScalingDisabled`: the Deployment was scaled to 0 replicas');
  });

  test('without podSelector, pods are listed by the Deployment\'s own selector, no label assumed', () => {
    const env = productionCopy();
    delete env.workloads.backend.podSelector;
    delete env.workloads.backend.disruptionBudget;
    const lines = commands(runbookOf(env), 'HpaMaxedOut', 'luneo-backend').join('\n');
    expect(lines).not.toContain('app.kubernetes.io/name=luneo-backend');
    expect(lines).toContain('kubectl -n luneo-production get deployment luneo-backend -o json | jq -r \'.spec.selector.matchLabels');
  });
});

describe('runbook_url at the revision Argo CD deploys', () => {
  test('env qa tracking branch qa links to the runbook on branch qa', () => {
    const env = productionCopy();
    env.environment = 'qa';
    env.argocd.targetRevision = 'qa';
    const r = rulesOf(env)[0];
    expect(r.annotations.runbook_url).toBe('https://github.com/luneo/luneo-autoscaling/blob/qa/dist/runbooks/qa.md#hpamaxedout');
  });

  const repo = 'https://github.com/luneo/luneo-autoscaling.git';
  const base = 'https://github.com/luneo/luneo-autoscaling/blob/main/dist/runbooks';
  test.each([
    ['a tag', repo, 'v1.4.0', 'https://github.com/luneo/luneo-autoscaling/blob/v1.4.0/dist/runbooks'],
    ['a branch with a slash', repo, 'release/2026-11', 'https://github.com/luneo/luneo-autoscaling/blob/release/2026-11/dist/runbooks'],
    ['an scp-like ssh URL of the same repository', 'git@github.com:luneo/luneo-autoscaling.git', 'qa', 'https://github.com/luneo/luneo-autoscaling/blob/qa/dist/runbooks'],
    ['a full branch ref: its branch', repo, 'refs/heads/x', 'https://github.com/luneo/luneo-autoscaling/blob/x/dist/runbooks'],
    ['a full tag ref: its tag', repo, 'refs/tags/v1', 'https://github.com/luneo/luneo-autoscaling/blob/v1/dist/runbooks'],
    ['a ref outside heads and tags (no browsable name): the base as written', repo, 'refs/pull/1/head', base],
    ['HEAD (no single ref): the base as written', repo, 'HEAD', base],
    ['a semver range: the base as written', repo, '1.2.*', base],
    ['another repository: the base as written', 'https://github.com/luneo/other.git', 'qa', base],
  ])('%s', (_name, repoURL, revision, expected) => {
    expect(atRevision(base, repoURL, revision)).toBe(expected);
  });

  test('a GitLab browser URL keeps its /-/blob/ form', () => {
    expect(atRevision('https://gitlab.example.com/platform/luneo-autoscaling/-/blob/main/dist/runbooks', 'https://gitlab.example.com/platform/luneo-autoscaling.git', 'qa'))
      .toBe('https://gitlab.example.com/platform/luneo-autoscaling/-/blob/qa/dist/runbooks');
  });
});
