import { WorkerDynamics } from '../lib/simulation/dynamics';
import { WorkerModel } from '../lib/simulation/model';
import { newPod, SimPod } from '../lib/simulation/pods';

/** The production worker's shape: 20 workers x 25 slots, 90 s jobs, 15 s steps. */
const model = (spread: number): WorkerModel => ({
  kind: 'worker', jobDurationMean: 90, jobDurationSpread: spread, concurrencyPerPod: 25, jobTimeout: 900, shutdownGracePeriod: 30,
  cpuBaseline: 50, cpuPerJob: 10, memoryBaseline: 1e8, memoryPerJob: 1e7,
});
const dt = 15;
const H = 16;

function run(m: WorkerModel, rate: number, steps: number, seed = 1): { queue: number[]; active: number[]; pods: SimPod[] } {
  const pods = Array.from({ length: 20 }, (_, i) => newPod(`pod-${i}`, 1, -1e6, -1e6, -1e6, H));
  const w = new WorkerDynamics(m, seed);
  const queue: number[] = [];
  const active: number[] = [];
  // The most jobs any pod ran at any step: one expect for the whole run instead of one per pod and
  // step (tens of thousands of expect calls cost seconds).
  let busiest = 0;
  for (let k = 0; k < steps; k++) {
    w.step(pods, rate, k * dt, dt, k + 1, H, 500, 100);
    queue.push(w.queue.depth);
    active.push(pods.reduce((s, p) => s + p.running, 0));
    for (const p of pods) busiest = Math.max(busiest, p.running);
  }
  expect(busiest).toBeLessThanOrEqual(25); // no pod ever runs more jobs than its 25 slots
  return { queue, active, pods };
}

const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

describe('worker dynamics in continuous time', () => {
  it('below capacity the queue stays ~0 and active jobs follow Little\'s law (rate x mean duration)', () => {
    for (const spread of [0, 0.5]) {
      const rate = 4; // 360 jobs in flight of 500 slots
      const { queue, active } = run(model(spread), rate, 1200);
      const settled = active.slice(100);
      expect(Math.abs(mean(settled) - rate * 90) / (rate * 90)).toBeLessThan(0.03);
      expect(mean(queue.slice(100))).toBeLessThan(1);
      expect(Math.max(...queue.slice(100))).toBeLessThan(30);
    }
  });

  it('a deterministic 90 s job holds its slot 90 s, not the 97.5 s of whole 15 s steps', () => {
    // 500 slots at 5.5 jobs/s (495 in flight): the old step model saw 536 needed slots and a growing backlog.
    const { queue, active } = run(model(0), 5.5, 800);
    expect(Math.abs(mean(active.slice(100)) - 495) / 495).toBeLessThan(0.02);
    expect(queue[queue.length - 1]).toBeLessThan(100);
  });

  it('at exactly capacity every slot is busy whenever jobs wait', () => {
    for (const spread of [0, 0.5]) {
      const { queue, active } = run(model(spread), 500 / 90, 600);
      let waited = 0;
      queue.forEach((q, i) => {
        if (q > 0) {
          waited++;
          expect(active[i]).toBe(500);
        }
      });
      expect(waited).toBeGreaterThan(0);
    }
  });

  it('fills the least busy workers first, and reports the wait of the jobs it starts', () => {
    const pods = [newPod('a', 1, -1e6, -1e6, -1e6, H), newPod('b', 1, -1e6, -1e6, -1e6, H)];
    const w = new WorkerDynamics({ ...model(0), concurrencyPerPod: 4 }, 1);
    for (let i = 0; i < 3; i++) pods[0].jobEnds.push(1000);
    pods[0].running = 3;
    w.queue.push(-30, 0, 4); // four jobs waiting since t = -30 s
    const out = w.step(pods, 0, 0, dt, 1, H, 500, 100);
    expect(pods.map((p) => p.running)).toEqual([4, 3]);
    expect(out.started).toBe(4);
    expect(out.longestWait).toBe(30);
  });
});
