// npm run bench (second part): the scaling simulator's speed and memory.
//   - 7 days at 15 s (40,320 syncs) of each production workload on the diurnal preset: median of
//     BENCH_RUNS (default 5) runs after a warm-up; target under 0.5 s each;
//   - for reference, the HPA engine alone reconciling 40,320 times (the floor of the 7-day runs);
//   - a 30-day recording at 15 s (172,800 samples, a Prometheus query_range response written to a
//     temp file): read, validated and replayed through the backend HPA; target under 2 s.
// Each scenario runs in its own process, so the peak memory (max RSS) printed is that scenario's.
// Targets are on wall time; the CPU time of the same runs is printed beside it, since on a shared
// machine the wall time also counts the time other processes held the cores.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse } from 'yaml';
import { loadEnvironmentFile } from '../lib/config/load';
import { FRESH_STATE, GO_ZERO_TIME, HpaSpec, MetricsSnapshot, Pod, reconcile } from '../lib/hpa';
import { modelFromEnvironment } from '../lib/simulation/from-environment';
import { Random } from '../lib/simulation/random';
import { simulate } from '../lib/simulation/simulate';
import { presetTrace } from '../lib/simulation/trace';
import { parseTraceFiles } from '../lib/simulation/trace-files';

const root = path.join(__dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const DAY = 86400;

function workload(name: string): { hpa: HpaSpec; model: ReturnType<typeof modelFromEnvironment> } {
  const { env } = loadEnvironmentFile(path.join(root, 'config', 'production.yaml'));
  const hpaFile = path.join(root, 'dist', 'production', `horizontalpodautoscaler-${env.workloads[name].hpa}.k8s.yaml`);
  return { hpa: parse(fs.readFileSync(hpaFile, 'utf-8')).spec, model: modelFromEnvironment(env, name) };
}

/** A month of backend request rate as Prometheus would return it: diurnal, noisy, 15 s step. */
function recording(file: string, peak: number): void {
  const start = 1760000000;
  const random = new Random(1, 'bench-recording');
  const day = presetTrace('diurnal', { peak, seed: 1, noise: 0 });
  const values: string[] = [];
  for (let i = 0; i < 30 * DAY / 15; i++) {
    const v = day.values[i % day.values.length] * (1 + 0.05 * random.normal());
    values.push(`[${start + i * 15},"${Math.max(0, v).toFixed(3)}"]`);
  }
  fs.writeFileSync(file, `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[${values.join(',')}]}]}}`);
}

const ms = (t0: bigint) => Number(process.hrtime.bigint() - t0) / 1e6;

const cpuMs = (c0: NodeJS.CpuUsage) => {
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
};

/** One scenario, in this process: prints {"times": [...], "cpu": [...], "maxRssKiB": n}. */
function scenario(name: string): void {
  const times: number[] = [];
  const cpu: number[] = [];
  if (name === 'backend-7d' || name === 'worker-7d') {
    const { hpa, model } = workload(name.split('-')[0]);
    const trace = presetTrace('diurnal', { peak: model.peak, seed: 1, durationSeconds: 7 * DAY });
    for (let i = 0; i <= runs; i++) {
      const t0 = process.hrtime.bigint();
      const c0 = process.cpuUsage();
      simulate({ hpa, model, trace, seed: 1 });
      if (i > 0) times.push(ms(t0)), cpu.push(cpuMs(c0));
    }
  } else if (name === 'engine-7d') {
    // The floor under the first two: the engine alone, reconciling the backend HPA 40,320 times on a
    // fixed snapshot of 12 Ready pods (no workload model, no metrics pipeline).
    const { hpa } = workload('backend');
    const pods: Pod[] = Array.from({ length: 12 }, (_, i) => ({
      name: `pod-${i}`, phase: 'Running', deleted: false, startTime: GO_ZERO_TIME, ready: { status: 'True', lastTransitionTime: GO_ZERO_TIME },
      containers: [{ name: 'backend', requests: { cpu: 500n, memory: 536870912000n } }],
    }));
    for (let i = 0; i <= runs; i++) {
      const t0 = process.hrtime.bigint();
      const c0 = process.cpuUsage();
      let state = FRESH_STATE;
      for (let k = 0; k < 7 * DAY / 15; k++) {
        const now = k * 15000;
        const metrics: MetricsSnapshot = {
          resource: (r) => pods.map((p) => ({ name: p.name, timestamp: now, windowSeconds: 15, containers: [{ name: 'backend', usage: r === 'cpu' ? 300n : 314572800000n }] })),
          pods: () => new Map(pods.map((p) => [p.name, 900000n])),
          object: () => 0n,
          external: () => [0n],
        };
        state = reconcile({ spec: hpa, specReplicas: 12, statusReplicas: 12, pods, metrics, state, now }).state;
      }
      if (i > 0) times.push(ms(t0)), cpu.push(cpuMs(c0));
    }
  } else {
    const { hpa, model } = workload('backend');
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'luneo-bench-sim-')), 'backend-30d.json');
    recording(file, model.peak);
    for (let i = 0; i <= Math.min(runs, 3); i++) {
      const t0 = process.hrtime.bigint();
      const c0 = process.cpuUsage();
      const { trace, findings } = parseTraceFiles([{ text: fs.readFileSync(file, 'utf-8'), file }]);
      if (!trace || trace.times.length !== 172800) throw new Error(`recording not read: ${JSON.stringify(findings)}`);
      simulate({ hpa, model, trace, seed: 1 });
      if (i > 0) times.push(ms(t0)), cpu.push(cpuMs(c0));
    }
    fs.rmSync(path.dirname(file), { recursive: true, force: true });
  }
  process.stdout.write(JSON.stringify({ times, cpu, maxRssKiB: process.resourceUsage().maxRSS }));
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

if (process.argv[2] === '--scenario') {
  scenario(process.argv[3]);
} else {
  const targets: Array<[string, string, number]> = [
    ['backend-7d', 'backend, 7 days at 15 s', 500],
    ['worker-7d', 'worker, 7 days at 15 s', 500],
    ['replay-30d', 'backend, 30-day recording (172,800 samples) read + replayed', 2000],
    ['engine-7d', 'for reference: the HPA engine alone, 40,320 reconciles', Infinity],
  ];
  let failed = false;
  const load = () => os.loadavg().map((x) => x.toFixed(1)).join(' ');
  console.log(`simulate: ${new Date().toISOString()}, ${os.cpus().length} cores, load average ${load()}`);
  for (const [id, label, target] of targets) {
    const r = spawnSync(process.execPath, [...process.execArgv, __filename, '--scenario', id], { cwd: root, encoding: 'utf-8', maxBuffer: 1 << 20 });
    if (r.status !== 0) throw new Error(`${id} failed:\n${r.stderr}`);
    const { times, cpu, maxRssKiB } = JSON.parse(r.stdout) as { times: number[]; cpu: number[]; maxRssKiB: number };
    const m = median(times);
    const ok = m < target;
    failed ||= !ok;
    console.log(`simulate ${label.padEnd(58)} median ${m.toFixed(0).padStart(6)} ms (${times.map((t) => t.toFixed(0)).join(', ')}), CPU ${median(cpu).toFixed(0)} ms; ${Number.isFinite(target) ? `target < ${target} ms ${ok ? 'met' : 'NOT MET'}; ` : ''}peak memory ${(maxRssKiB / 1024).toFixed(0)} MiB`);
  }
  console.log(`simulate: load average at the end ${load()}`);
  if (failed) console.log('simulate: a speed target was not met (see above)');
}
