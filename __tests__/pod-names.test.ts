import { RE2JS } from 're2js';
import { generatedPodName, podNamePattern } from '../lib/config/pod-names';
import { WorkloadQueries } from '../lib/observability/queries';
import { alertingSettings } from '../lib/config/observability-schema';
import { productionCopy } from './support';

/** Prometheus anchors `=~`: the whole name must match (RE2, as Prometheus runs it). */
const matches = (pattern: string, name: string) => RE2JS.compile(`^(?:${pattern})$`).matches(name);
const HASH = '5d8f7c9b46';

describe('pod names as the API server generates them (generateName cut to 58 characters + 5)', () => {
  test('the issue example: a 56-character Deployment has pods `<deployment>-<first hash character><5>`', () => {
    const deployment = 'luneo-backend-embed-widget-read-api-europe-west1-primary';
    expect(deployment).toHaveLength(56);
    const pod = generatedPodName(deployment, HASH, 'x7k2p');
    expect(pod).toBe('luneo-backend-embed-widget-read-api-europe-west1-primary-5x7k2p');
    expect(pod).toHaveLength(63);
    expect(matches(podNamePattern(deployment), pod)).toBe(true);
    // The pattern the queries used before: it finds no pod of this Deployment.
    expect(matches(`${deployment}-[a-z0-9]+-[a-z0-9]{5}`, pod)).toBe(false);
  });

  test('short names keep the readable pattern and the full `<deployment>-<hash>-<5>` name', () => {
    expect(podNamePattern('luneo-backend')).toBe('luneo-backend-[a-z0-9]+-[a-z0-9]{5}');
    expect(generatedPodName('luneo-backend', HASH, 'x7k2p')).toBe(`luneo-backend-${HASH}-x7k2p`);
  });

  test('every Deployment length 1-63 and hash length 1-10: each generated pod matches', () => {
    for (let length = 1; length <= 63; length++) {
      const deployment = `d${'x'.repeat(length - 1)}`;
      const pattern = podNamePattern(deployment);
      for (let h = 1; h <= 10; h++) {
        const pod = generatedPodName(deployment, HASH.repeat(2).slice(0, h), 'b7m9q');
        expect(pod.length).toBeLessThanOrEqual(63);
        if (!matches(pattern, pod)) throw new Error(`${pattern} does not match ${pod} (deployment of ${length} characters, hash of ${h})`);
      }
    }
  });

  test('while names are not cut, pods of a Deployment named `<deployment>-canary` or `<deployment>-v2` do not match', () => {
    for (let length = 1; length <= 46 - '-canary'.length; length++) {
      const deployment = `d${'x'.repeat(length - 1)}`;
      for (const other of [`${deployment}-canary`, `${deployment}-v2`]) {
        expect(matches(podNamePattern(deployment), generatedPodName(other, HASH, 'b7m9q'))).toBe(false);
      }
    }
  });

  test('alert and dashboard queries select pods with the same pattern', () => {
    const env = productionCopy();
    env.workloads.backend.deployment = 'luneo-backend-embed-widget-read-api-europe-west1-primary';
    const q = new WorkloadQueries(env, 'backend', alertingSettings(env.alerting));
    expect(q.podPattern).toBe(podNamePattern(env.workloads.backend.deployment));
    expect(q.cpuPerPod()).toContain(`pod=~"${podNamePattern(env.workloads.backend.deployment)}"`);
  });
});

describe('practice/pod-name-overlap', () => {
  const { checkPractices } = require('../lib/config/practices');
  const overlaps = (backend: string, worker: string) => {
    const env = productionCopy();
    env.workloads.backend.deployment = backend;
    env.workloads.worker.deployment = worker;
    return checkPractices(env).filter((f: { rule: string }) => f.rule === 'practice/pod-name-overlap');
  };
  test('a 56-character Deployment and its -canary: the shorter one\'s queries would count the other\'s pods', () => {
    const found = overlaps('luneo-backend-embed-widget-read-api-europe-west1-primary', 'luneo-backend-embed-widget-read-api-europe-west1-primary-canary');
    expect(found.map((f: { path: string[] }) => f.path.join('.'))).toEqual(['workloads.backend.deployment']);
  });
  test('short names never overlap, whatever their prefixes', () => {
    expect(overlaps('luneo-backend', 'luneo-backend-canary')).toEqual([]);
  });

  test('the pairs looked at (names one of which starts with the other) find every overlap testing all pairs finds', () => {
    // Names of every length around the 58-character cut, many sharing prefixes, as workloads of one environment.
    const stem = 'luneo-backend-embed-widget-read-api-europe-west1-primary';
    const names = [...new Set([1, 20, 40, 44, 45, 46, 47, 48, 50, 52, 54, 55, 56, 57, 58, 60, 62].flatMap((n) => [
      stem.slice(0, n).replace(/-$/, 'x'), `${stem.slice(0, n).replace(/-$/, 'x')}-c`, `${stem.slice(0, n).replace(/-$/, 'x')}-canary-b`,
    ]).filter((n) => n.length <= 63))];
    const env = productionCopy();
    const template = env.workloads.backend;
    env.workloads = Object.fromEntries(names.map((name, i) => [`w${i}`, { ...template, deployment: name, hpa: `hpa-${i}` }]));
    const found = checkPractices(env).filter((f: { rule: string }) => f.rule === 'practice/pod-name-overlap').map((f: { path: string[]; message: string }) => `${f.path[1]} ${f.message}`);
    // Every ordered pair, every hash length, as the rule states it.
    const expected: string[] = [];
    const keys = Object.keys(env.workloads).sort();
    for (const a of keys) {
      const pattern = new RegExp(`^(?:${podNamePattern(env.workloads[a].deployment)})$`);
      for (const b of keys) {
        const other = env.workloads[b].deployment;
        if (a === b || other === env.workloads[a].deployment) continue;
        const clash = Array.from({ length: 10 }, (_, i) => generatedPodName(other, '5'.repeat(i + 1), 'b7m9q')).find((pod) => pattern.test(pod));
        if (clash) expected.push(`${a} pods of Deployment ${other} (workload "${b}") can be named like this Deployment's (e.g. ${clash}: Kubernetes cuts generated pod names to 58 characters + 5): alerts and dashboard panels of "${a}" would count them; shorten one of the names`);
      }
    }
    expect(expected.length).toBeGreaterThan(2); // the case is not vacuous
    expect(found).toEqual(expected);
  });
});
