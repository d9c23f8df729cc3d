import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { HpaSpec } from '../lib/hpa';
import { downsample, renderChart, stableIds } from '../lib/simulation/chart';
import { modelFromEnvironment } from '../lib/simulation/from-environment';
import { BackendModel, WorkloadModel } from '../lib/simulation/model';
import { simulationFiles } from '../lib/simulation/outputs';
import { logNormal, Random } from '../lib/simulation/random';
import { simulate, SimulationResult } from '../lib/simulation/simulate';
import { summarize, sustainedPeak } from '../lib/simulation/summary';
import { presetTrace, Trace } from '../lib/simulation/trace';
import { parseTraceFile } from '../lib/simulation/trace-files';
import { production, ROOT } from './support';

const distHpa = (name: string): HpaSpec => parse(fs.readFileSync(path.join(ROOT, 'dist', 'production', `horizontalpodautoscaler-${name}.k8s.yaml`), 'utf-8')).spec;
const BACKEND = distHpa('luneo-backend-hpa');

const backend: BackendModel = { kind: 'backend', cpuBaseline: 50, cpuPerRequest: 0.25, memoryBaseline: 200 * 2 ** 20, memoryPerRequest: 0.05 * 2 ** 20, saturationPerPod: 2000 };
/** A backend whose metrics reach the controller one sync after the fact: the simplest lag to compute by hand. */
function model(over: Partial<WorkloadModel> = {}): WorkloadModel {
  return {
    behaviour: backend, requests: { cpu: 500, memory: 512 * 2 ** 20 },
    startup: { readySeconds: 0, spreadSeconds: 0, cpuPercent: 10 },
    pipeline: { scrapeInterval: 15, rateWindow: 30, metricsServerResolution: 15 },
    signals: { http_requests_per_second: 'requestRate' }, peak: 20000, ...over,
  };
}
/** Load `values[i]` from `times[i]` on. */
const trace = (times: number[], values: number[], duration: number): Trace => ({ name: 'test', times, values, durationSeconds: duration });
const events = (r: SimulationResult) => r.decisions.filter((d) => d.kind !== 'held').map((d) => [d.t, d.from, d.to]);

/** An HPA on the request rate alone, with behaviour that lets the metric decide each sync. */
const rateOnly = (behavior: HpaSpec['behavior'] = {
  scaleUp: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Pods', value: 100, periodSeconds: 15 }] },
  scaleDown: { stabilizationWindowSeconds: 0, selectPolicy: 'Max', policies: [{ type: 'Percent', value: 100, periodSeconds: 15 }] },
}): HpaSpec => ({
  minReplicas: 1, maxReplicas: 100, behavior,
  metrics: [{ type: 'Pods', pods: { metric: { name: 'http_requests_per_second' }, target: { type: 'AverageValue', averageValue: '1000' } } }],
});

describe('known answers', () => {
  test('a constant load settles at ceil(load / target) and stays there', () => {
    for (const load of [7300, 12000, 950]) {
      const r = simulate({ hpa: rateOnly(), model: model(), trace: trace([0], [load], 1800), seed: 1, initialReplicas: 2 });
      const expected = Math.ceil(load / 1000);
      const last = r.timeline.steps.slice(-60);
      expect(last.every((s) => s.desiredReplicas === expected)).toBe(true);
      // Settled: the request rate per pod is within the 10 % tolerance of its target.
      expect(Math.abs(last[last.length - 1].metrics[0]! / 1000 - load / 1000 / expected)).toBeLessThan(1e-9);
    }
  });

  test('the backend scales up from 3 under a large spike as "double or +5 per 60 s, whichever is more": 3 -> 8 -> 16 -> 32 -> 50', () => {
    const r = simulate({ hpa: BACKEND, model: model(), trace: trace([0], [1_000_000], 600), seed: 1, initialReplicas: 3 });
    expect(events(r)).toEqual([[0, 3, 8], [60, 8, 16], [120, 16, 32], [180, 32, 50]]);
    const ups = r.decisions.filter((d) => d.kind === 'scale-up');
    expect(ups.map((d) => d.limitedBy)).toEqual(['scale-up-policy', 'scale-up-policy', 'scale-up-policy', 'maxReplicas']);
    expect(ups[0].text).toContain('limited to 8 by the scale-up policy +5 pods per 60 s');
    expect(ups[1].text).toContain('limited to 16 by the scale-up policy +100 % per 60 s');
    expect(ups[0].policies).toEqual([{ type: 'Percent', value: 100, periodSeconds: 60, allows: 6 }, { type: 'Pods', value: 5, periodSeconds: 60, allows: 8 }]);
    // Between the steps the policy holds the count: 8 stays 8 until the 60 s period has passed.
    expect(r.timeline.steps.filter((s) => s.t > 0 && s.t < 60).every((s) => s.desiredReplicas === 8)).toBe(true);
  });

  test('scale-down waits out the 300 s window, then follows "-50 % or -2 per 300 s, whichever is less"', () => {
    const r = simulate({ hpa: BACKEND, model: model(), trace: trace([0], [100], 1500), seed: 1, initialReplicas: 10 });
    expect(events(r)).toEqual([[300, 10, 8], [600, 8, 6], [900, 6, 4], [1200, 4, 3]]);
    const downs = r.decisions.filter((d) => d.kind === 'scale-down');
    expect(downs[0].text).toContain('limited to 8 by the scale-down policy -2 pods per 300 s');
    expect(downs[3].limitedBy).toBe('minReplicas');
    // Before the window ran out the fresh controller's first recommendation (10) held the count.
    const held = r.decisions.find((d) => d.kind === 'held' && d.limitedBy === 'scale-down-window');
    expect(held?.text).toMatch(/^00:00:00 held at 10 by the 300 s scale-down window: 10 was recommended at 00:00:00 \(memory utilization 39 % \(target 80 %\) recommended 5\)$/);
  });

  test('a dip shorter than the scale-down window causes no scale-down', () => {
    // 10k req/s needs 10 pods; a 4-minute dip to 1k req/s is inside the 300 s window.
    const r = simulate({ hpa: BACKEND, model: model(), trace: trace([0, 600, 840], [10000, 1000, 10000], 1800), seed: 1, initialReplicas: 10 });
    expect(r.timeline.steps.every((s) => s.desiredReplicas === 10)).toBe(true);
    expect(r.decisions.some((d) => d.limitedBy === 'scale-down-window' && d.heldBy?.recommendation === 10)).toBe(true);
    // The same dip for 6 minutes is longer than the window: then the backend does scale down.
    const longer = simulate({ hpa: BACKEND, model: model(), trace: trace([0, 600, 960], [10000, 1000, 10000], 1800), seed: 1, initialReplicas: 10 });
    expect(longer.decisions.some((d) => d.kind === 'scale-down')).toBe(true);
  });

  test('a spike up is followed by no scale-down for the length of the window', () => {
    const r = simulate({ hpa: BACKEND, model: model(), trace: trace([0, 300, 390], [3000, 20000, 3000], 1800), seed: 1, initialReplicas: 3 });
    // The metrics show the spike until 390 s (one sync late), so its recommendations hold the count
    // until they leave the 300 s window: not before 690 s.
    const firstDown = Math.min(...r.decisions.filter((d) => d.kind === 'scale-down').map((d) => d.t));
    expect(Math.max(...r.decisions.filter((d) => d.kind === 'scale-up').map((d) => d.t))).toBeLessThan(400);
    expect(firstDown).toBeGreaterThanOrEqual(690);
    expect(firstDown).toBeLessThan(1800);
  });

  test('a recorded trace replayed at its own 15 s step reproduces the hand-computed sequence', () => {
    // 2 pods at 2000 req/s; 6000 req/s from t=60; 1500 req/s from t=300. Metrics lag one sync
    // (scrapes every 15 s, rate over 30 s): at 75 s the rate is 3000/pod -> ceil(3 x 2) = 6; at
    // 315 s it is 1500/6 = 250/pod -> ceil(0.25 x 6) = 2; nothing else leaves the 10 % tolerance.
    const start = 1763632800; // 2025-11-20T10:00:00Z
    const values = Array.from({ length: 40 }, (_, i) => [start + 15 * i, String(i * 15 < 60 ? 2000 : i * 15 < 300 ? 6000 : 1500)]);
    const json = JSON.stringify({ status: 'success', data: { resultType: 'matrix', result: [{ metric: {}, values }] } });
    const { trace: recorded, findings } = parseTraceFile(json, 'rate.json');
    expect(findings).toEqual([]);
    const r = simulate({ hpa: rateOnly(), model: model(), trace: recorded!, seed: 1, initialReplicas: 2 });
    // One step per recorded sample: the run covers [0, last + step), the end instant is no step.
    expect(r.timeline.steps.map((s) => s.load)).toEqual(values.map((v) => Number(v[1])));
    expect(events(r)).toEqual([[75, 2, 6], [315, 6, 2]]);
    expect(r.decisions.find((d) => d.t === 75)!.at).toBe('2025-11-20T10:01:15Z');
  });

  test('the HPA acts on the past: with a 2 m rate window a step in load is seen gradually', () => {
    const slow = model({ pipeline: { scrapeInterval: 30, rateWindow: 120, metricsServerResolution: 15 } });
    const r = simulate({ hpa: rateOnly(), model: slow, trace: trace([0, 60], [2000, 6000], 600), seed: 1, initialReplicas: 2 });
    const firstUp = r.decisions.find((d) => d.kind === 'scale-up')!;
    // First scrape after the step is at 90 s; the 2 m average then still holds mostly the old rate.
    expect(firstUp.t).toBeGreaterThanOrEqual(90);
    expect(firstUp.to).toBeLessThan(6);
  });
});

describe('pods, nodes and rollouts', () => {
  test('pods wait for a new node beyond the cluster capacity, so capacity arrives later', () => {
    const base = simulate({ hpa: BACKEND, model: model({ startup: { readySeconds: 30, spreadSeconds: 0, cpuPercent: 10 } }), trace: trace([0, 60], [3000, 20000], 1200), seed: 1, initialReplicas: 3 });
    const nodes = simulate({
      hpa: BACKEND, model: model({ startup: { readySeconds: 30, spreadSeconds: 0, cpuPercent: 10 }, nodeProvisioning: { capacityPods: 5, delaySeconds: 180 } }),
      trace: trace([0, 60], [3000, 20000], 1200), seed: 1, initialReplicas: 3,
    });
    expect(base.summary.timeToNeededCapacitySeconds).not.toBeNull();
    expect(nodes.summary.timeToNeededCapacitySeconds!).toBeGreaterThanOrEqual(base.summary.timeToNeededCapacitySeconds! + 150);
    expect(nodes.summary.backend!.requestsOverSaturation).toBeGreaterThan(base.summary.backend!.requestsOverSaturation);
  });

  test('a rollout surges pods above the desired count and replaces every pod', () => {
    const m = model({ startup: { readySeconds: 45, spreadSeconds: 0, cpuPercent: 10 }, rollout: { atSeconds: 300, maxSurge: '25%', maxUnavailable: 0 } });
    const r = simulate({ hpa: BACKEND, model: m, trace: trace([0], [8000], 1800), seed: 1, initialReplicas: 8 });
    const during = r.timeline.steps.filter((s) => s.t > 300 && s.t < 600);
    expect(Math.max(...during.map((s) => s.pods))).toBe(10); // 8 + 25 % surge
    expect(Math.min(...during.map((s) => s.readyPods))).toBeGreaterThanOrEqual(8); // maxUnavailable 0
    expect(r.timeline.steps[r.timeline.steps.length - 1].pods).toBe(8);
  });

  test('new pods starting up do not count as CPU load: the controller ignores their start-up burst', () => {
    const m = model({ startup: { readySeconds: 120, spreadSeconds: 0, cpuPercent: 400 } });
    const cpuOnly: HpaSpec = { ...BACKEND, metrics: [BACKEND.metrics![0]] };
    const r = simulate({ hpa: cpuOnly, model: m, trace: trace([0, 30], [2000, 6000], 900), seed: 1, initialReplicas: 3 });
    // 6000 req/s needs ceil(...) pods and no more; starting pods burning 400 % must not push it further.
    const need = r.summary.neededReplicas!;
    expect(r.summary.maxReplicasSeen).toBeLessThanOrEqual(need + 1);
    // Without those rules (no initialization period, no readiness delay) the burst feeds back.
    const naive = simulate({
      hpa: cpuOnly, model: m, trace: trace([0, 30], [2000, 6000], 900), seed: 1, initialReplicas: 3,
      settings: { cpuInitializationPeriodSeconds: 0, initialReadinessDelaySeconds: 0 },
    });
    expect(naive.summary.maxReplicasSeen).toBeGreaterThan(need + 1);
  });
});

describe('AverageValue metrics during a rollout', () => {
  test('surged pods count in status.replicas, so an External AverageValue reads lower per pod', () => {
    const env = production();
    const m = { ...modelFromEnvironment(env, 'worker'), pipeline: { scrapeInterval: 15, rateWindow: 30, metricsServerResolution: 15 }, rollout: { atSeconds: 600, maxSurge: 5, maxUnavailable: 0 } };
    const hpa = distHpa('luneo-worker-hpa');
    const queueIdx = hpa.metrics!.findIndex((x) => x.type === 'External');
    // A load the 20 workers cannot keep up with, so there is always a queue.
    const r = simulate({ hpa, model: m, trace: trace([0], [8], 1200), seed: 1, initialReplicas: 20 });
    const surged = r.timeline.steps.filter((s) => s.pods > s.currentReplicas && s.queueDepth! > 0);
    expect(surged.length).toBeGreaterThan(0);
    for (const s of surged) expect(s.metrics[queueIdx]).toBeCloseTo(s.queueDepth! / s.pods, 2);
    expect(Math.max(...r.timeline.steps.map((s) => s.pods))).toBe(25);
  });
});

describe('long runs', () => {
  test('a month of steps summarizes without spreading arrays into calls', () => {
    const r = simulate({ hpa: rateOnly(), model: model(), trace: trace([0], [3000], 3600), seed: 1, initialReplicas: 3 });
    const steps = Array.from({ length: 200_000 }, (_, i) => ({ ...r.timeline.steps[0], t: i * 15, desiredReplicas: 3 + (i % 7) }));
    const summary = summarize({ timeline: { ...r.timeline, steps }, outcomes: steps.map(() => ({ dropped: 0, received: 1, started: 0, longestWait: 0 })), model: model(), need: () => 3, decisions: [], trace: trace([0], [1], 1), seed: 1, stillWaiting: 0, requeued: 0 });
    expect(summary).toMatchObject({ minReplicasSeen: 3, maxReplicasSeen: 9 });
  });
});

describe('the production workloads from config and dist/', () => {
  const env = production();

  test('the worker drains a flash crowd from the queue; 500 jobs in flight need more than maxReplicas at 10 active jobs per pod', () => {
    const m = modelFromEnvironment(env, 'worker');
    expect(m.behaviour).toMatchObject({ kind: 'worker', concurrencyPerPod: 25, jobDurationMean: 90, jobTimeout: 900, shutdownGracePeriod: 120 });
    expect(m.peak).toBeCloseTo(500 / 90);
    const r = simulate({ hpa: distHpa('luneo-worker-hpa'), model: m, trace: presetTrace('flash', { peak: m.peak, seed: 3 }), seed: 3 });
    expect(r.summary.neededReplicas).toBe(50);
    expect(r.summary.neededExceedsMax).toBe(true);
    expect(r.summary.worker!.peakBacklog).toBeGreaterThan(0);
    expect(r.timeline.steps[r.timeline.steps.length - 1].queueDepth).toBe(0);
    expect(r.summary.worker!.longestJobWaitSeconds).toBeGreaterThan(0);
  });

  test('identical seeds give identical bytes; another seed gives another run', () => {
    const m = modelFromEnvironment(env, 'worker');
    const run = (seed: number) => simulationFiles(simulate({ hpa: distHpa('luneo-worker-hpa'), model: m, trace: presetTrace('flash', { peak: m.peak, seed }), seed }), 't');
    const a = run(7);
    expect(run(7)).toEqual(a);
    expect(run(8).find((f) => f.path === 'timeline.csv')!.content).not.toEqual(a.find((f) => f.path === 'timeline.csv')!.content);
  });

  test('a metric the model cannot drive is an error naming it; a signal mapping fixes it', () => {
    const hpa: HpaSpec = { ...rateOnly(), metrics: [{ type: 'External', external: { metric: { name: 'sqs_messages_visible' }, target: { type: 'AverageValue', averageValue: '30' } } }] };
    expect(() => simulate({ hpa, model: model(), trace: trace([0], [1], 60), seed: 1 })).toThrow(/HPA metric "sqs_messages_visible": the simulator does not know what drives it/);
    const worker = modelFromEnvironment(env, 'worker');
    const r = simulate({ hpa, model: { ...worker, signals: { sqs_messages_visible: 'queueDepth' } }, trace: trace([0], [1], 600), seed: 1, initialReplicas: 2 });
    expect(r.timeline.steps.length).toBe(40); // [0, 600) at 15 s
  });

  test('a ContainerResource target reads the named container, whose share of the pod follows its request', () => {
    const m = { ...modelFromEnvironment(env, 'backend'), containers: [{ name: 'backend', cpu: 400, memory: 400 * 2 ** 20 }, { name: 'envoy', cpu: 100, memory: 112 * 2 ** 20 }] };
    const pod: HpaSpec = { ...rateOnly(), metrics: [
      { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } },
      { type: 'ContainerResource', containerResource: { name: 'cpu', container: 'envoy', target: { type: 'Utilization', averageUtilization: 70 } } },
    ] };
    const r = simulate({ hpa: pod, model: m, trace: trace([0], [6000], 300), seed: 1, initialReplicas: 6 });
    const last = r.timeline.steps[r.timeline.steps.length - 1];
    expect(last.metrics[0]).not.toBeNull();
    // Usage splits by request (80 % / 20 %), so the container's utilization equals the pod's.
    expect(Math.abs(last.metrics[1]! - last.metrics[0]!)).toBeLessThanOrEqual(1);
    const missing: HpaSpec = { ...pod, metrics: [{ type: 'ContainerResource', containerResource: { name: 'cpu', container: 'sidecar', target: { type: 'Utilization', averageUtilization: 70 } } }] };
    const none = simulate({ hpa: missing, model: m, trace: trace([0], [6000], 60), seed: 1, initialReplicas: 6 });
    expect(none.decisions[0]).toMatchObject({ limitedBy: 'metrics-unavailable' });
    expect(none.decisions[0].text).toContain('FailedGetContainerResourceMetric'); // no sample of that container: every pod is missing, as upstream
  });

  test('the backend model takes its defaults from the declared requests and the req/s target', () => {
    const m = modelFromEnvironment(env, 'backend');
    expect(m.behaviour).toEqual({ kind: 'backend', cpuBaseline: 50, cpuPerRequest: 0.25, memoryBaseline: 0.4 * 512 * 2 ** 20, memoryPerRequest: (0.2 * 512 * 2 ** 20) / 1000, saturationPerPod: 2000 });
    expect(m.pipeline).toEqual({ scrapeInterval: 30, rateWindow: 120, metricsServerResolution: 15 });
    expect(m.signals).toEqual({ http_requests_per_second: 'requestRate' });
    expect(m.peak).toBe(20000);
  });
});

describe('chart', () => {
  test('min/max buckets keep every spike and dip of a long series, within the point budget', () => {
    const xs = Array.from({ length: 40320 }, (_, i) => i);
    const ys = xs.map((i) => (i === 12345 ? 500 : i === 30000 ? -7 : Math.sin(i / 500)));
    const d = downsample(xs, ys, 1200);
    expect(d.length).toBeLessThanOrEqual(1200);
    expect(d).toContainEqual([12345, 500]);
    expect(d).toContainEqual([30000, -7]);
    expect(d.map(([x]) => x)).toEqual([...d.map(([x]) => x)].sort((a, b) => a - b));
    expect(downsample([0, 1], [3, null])).toEqual([[0, 3], [1, null]]);
  });

  test('an SVG per panel: replicas, load, queue, and each metric against its target; ids do not depend on earlier charts', () => {
    const m = modelFromEnvironment(production(), 'worker');
    const r = simulate({ hpa: distHpa('luneo-worker-hpa'), model: m, trace: presetTrace('step', { peak: m.peak, seed: 1 }), seed: 1 });
    const svg = renderChart(r.timeline, 'worker');
    for (const label of ['desired', 'ready', 'max', 'load (jobs/s)', 'queue depth (jobs waiting)', 'cpu utilization (%)', 'target 75', 'luneo_queue_depth per pod', 'luneo_worker_active_jobs', 'target 10']) {
      expect(svg).toContain(`>${label}<`);
    }
    expect(renderChart(r.timeline, 'worker')).toBe(svg);
    expect(stableIds('<g class="zr7-cls-3"/><g class="zr7-cls-9"/><clipPath id="zr7-c1">')).toBe('<g class="zr0-cls-0"/><g class="zr0-cls-1"/><clipPath id="zr0-c1">');
  });
});

describe('seeded randomness', () => {
  test('streams are fixed by seed and name, and independent of each other', () => {
    const a = new Random(1, 'arrivals');
    const first = [a.next(), a.next(), a.next()];
    expect([new Random(1, 'arrivals').next()]).toEqual([first[0]]);
    expect(new Random(1, 'durations').next()).not.toBe(first[0]);
    expect(new Random(2, 'arrivals').next()).not.toBe(first[0]);
  });

  test('Poisson arrivals and log-normal run times have the means and spread asked for', () => {
    const r = new Random(5, 'test');
    for (const mean of [0.4, 7, 120]) {
      const xs = Array.from({ length: 20000 }, () => r.poisson(mean));
      const m = xs.reduce((s, x) => s + x, 0) / xs.length;
      expect(Math.abs(m - mean) / mean).toBeLessThan(0.03);
      expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    }
    const draw = logNormal(90, 0.6);
    const ys = Array.from({ length: 50000 }, () => draw(r));
    const mean = ys.reduce((s, y) => s + y, 0) / ys.length;
    const sd = Math.sqrt(ys.reduce((s, y) => s + (y - mean) ** 2, 0) / ys.length);
    expect(Math.abs(mean - 90) / 90).toBeLessThan(0.03);
    expect(Math.abs(sd / mean - 0.6)).toBeLessThan(0.05);
  });

  test('the ziggurat draws the standard normal: moments, quantiles, tail and a two-sample KS test against Box-Muller', () => {
    const n = 200_000;
    const zig = new Random(11, 'zig');
    const bm = new Random(11, 'box-muller');
    const z = Float64Array.from({ length: n }, () => zig.zigguratNormal()).sort();
    const b = Float64Array.from({ length: n }, () => bm.normal()).sort();
    const mean = z.reduce((s, x) => s + x, 0) / n;
    const variance = z.reduce((s, x) => s + (x - mean) ** 2, 0) / n;
    const skew = z.reduce((s, x) => s + (x - mean) ** 3, 0) / n / variance ** 1.5;
    const kurtosis = z.reduce((s, x) => s + (x - mean) ** 4, 0) / n / variance ** 2;
    // Standard errors at n = 200,000: mean 0.0022, variance 0.0032, skewness 0.0055, kurtosis 0.011.
    expect(Math.abs(mean)).toBeLessThan(0.01);
    expect(Math.abs(variance - 1)).toBeLessThan(0.015);
    expect(Math.abs(skew)).toBeLessThan(0.025);
    expect(Math.abs(kurtosis - 3)).toBeLessThan(0.05);
    // Quantiles of the standard normal (the tails have the largest sampling error).
    const quantiles: Array<[number, number, number]> = [
      [0.001, -3.090232, 0.06], [0.01, -2.326348, 0.03], [0.1, -1.281552, 0.015], [0.25, -0.67449, 0.01], [0.5, 0, 0.01],
      [0.75, 0.67449, 0.01], [0.9, 1.281552, 0.015], [0.99, 2.326348, 0.03], [0.999, 3.090232, 0.06],
    ];
    for (const [q, expected, within] of quantiles) expect(Math.abs(z[Math.floor(q * n)] - expected)).toBeLessThan(within);
    // Beyond R = 3.4426 (the base layer's tail, drawn by its own method): P(|Z| > R) = 5.76e-4, 115 of n.
    const tail = z.filter((x) => Math.abs(x) > 3.442619855899).length;
    expect(tail).toBeGreaterThan(80);
    expect(tail).toBeLessThan(155);
    expect(z[n - 1]).toBeGreaterThan(3.9); // the tail reaches past R
    // Two-sample Kolmogorov-Smirnov distance to Box-Muller's draws, under the 1 % critical value 1.63 * sqrt(2 / n).
    let d = 0;
    for (let i = 0, j = 0; i < n && j < n;) {
      if (z[i] <= b[j]) i++;
      else j++;
      d = Math.max(d, Math.abs(i - j) / n);
    }
    expect(d).toBeLessThan(1.63 * Math.sqrt(2 / n));
    // Same seed, same draws.
    const again = new Random(11, 'zig');
    const first = Array.from({ length: 5 }, () => again.zigguratNormal());
    const replay = new Random(11, 'zig');
    expect(Array.from({ length: 5 }, () => replay.zigguratNormal())).toEqual(first);
  });
});

describe('summary', () => {
  test('the sustained peak is the highest load held for a minute, so one noisy sample does not set the capacity', () => {
    expect(sustainedPeak([1, 9, 1, 5, 5, 5, 5, 2], 4)).toBe(5);
    expect(sustainedPeak([3, 4], 4)).toBe(3);
    const r = simulate({ hpa: rateOnly(), model: model(), trace: trace([0, 300, 315, 600], [3000, 50000, 5000, 5000], 1200), seed: 1, initialReplicas: 3 });
    expect(r.summary).toMatchObject({ peakLoad: 50000, sustainedPeakLoad: 5000, neededReplicas: 5 });
  });
});
