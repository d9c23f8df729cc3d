// npm run bench: how fast synthesis is, measured side by side, with the targets of issue 7 checked
// (PASS/FAIL) here and never in timed tests.
//   1. config/ as committed: `npm run synth` against the stock cdk8s template (`cdk8s synth` running
//      `npx ts-node main.ts`, as a fresh `cdk8s init typescript-app` does; ts-node type-checks), against
//      `cdk8s synth` with `npx tsx main.ts` (this project's app before it ran the bundle) and against
//      this project's own `cdk8s synth` (cdk8s.yaml's app); interleaved runs, medians, ratios, peak RSS.
//      cdk8s runs with --no-check-upgrade: its upgrade check queries the network on every run.
//   2. 500 workloads (production's workloads copied, bench/large-config.ts): `npm run synth`.
//   3. `npm test` cold (`jest --no-cache`), once.
// Environment: BENCH_RUNS (default 5, after one warm-up each), BENCH_SKIP_TEST=1 skips step 3.
// Wall time, CPU time (user+sys) and peak RSS of the command's process tree come from GNU time
// (/usr/bin/time, Debian package `time`); without it only wall time is shown.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { loadEnvironmentFile } from '../lib/config/load';
import { largeConfigDir } from './large-config';

const root = path.join(__dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'luneo-bench-'));
const GNU_TIME = '/usr/bin/time';
const hasGnuTime = fs.existsSync(GNU_TIME);

const TARGETS = { ratioVsStock: 15, largeSeconds: 2, testSeconds: 12 };

interface Sample { wall: number; cpu?: number; rssKb?: number }
type Command = readonly [string, readonly string[]];

/** Runs a command once; wall clock in ms, CPU (user+sys) in ms and peak RSS in KB of its process tree. */
function measure([cmd, args]: Command, env: NodeJS.ProcessEnv = {}): Sample {
  const report = path.join(scratch, 'time.txt');
  const [file, argv] = hasGnuTime ? [GNU_TIME, ['-o', report, '-f', '%U %S %M', cmd, ...args]] : [cmd, [...args]];
  const start = process.hrtime.bigint();
  const r = spawnSync(file, argv, { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf-8', env: { ...process.env, ...env } });
  const wall = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status}):\n${r.stderr}`);
  if (!hasGnuTime) return { wall };
  const [user, sys, rss] = fs.readFileSync(report, 'utf-8').trim().split('\n').pop()!.split(' ').map(Number);
  return { wall, cpu: (user + sys) * 1000, rssKb: rss };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const ms = (x: number) => `${x.toFixed(0).padStart(6)} ms`;

function summary(name: string, samples: Sample[]): { wall: number; cpu?: number; rss?: number } {
  const wall = median(samples.map((s) => s.wall));
  const cpu = hasGnuTime ? median(samples.map((s) => s.cpu!)) : undefined;
  const rss = hasGnuTime ? Math.max(...samples.map((s) => s.rssKb!)) : undefined;
  const extra = hasGnuTime ? `  cpu ${ms(cpu!)}  peak RSS ${(rss! / 1024).toFixed(0).padStart(4)} MiB` : '';
  console.log(`${name.padEnd(34)} wall ${ms(wall)}${extra}  (wall: ${samples.map((s) => s.wall.toFixed(0)).join(', ')})`);
  return { wall, cpu, rss };
}

function verdict(ok: boolean, what: string): boolean {
  console.log(`${ok ? 'PASS' : 'FAIL'}  ${what}`);
  return ok;
}

function load(): string {
  return os.loadavg().map((l) => l.toFixed(2)).join(' ');
}

console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, node ${process.version}, load average ${load()} at start`);
if (!hasGnuTime) console.log('(no /usr/bin/time: CPU time and peak memory not shown; apt-get install time)');

// 1. Production config, three ways, interleaved.
const cdk8s = (out: string, ...app: string[]): Command => ['npx', ['cdk8s', 'synth', '--no-check-upgrade', ...app, '--output', out]];
const contenders: Record<string, (out: string) => Command> = {
  'cdk8s synth, stock (ts-node)': (out) => cdk8s(out, '--app', 'npx ts-node main.ts'),
  'cdk8s synth, tsx': (out) => cdk8s(out, '--app', 'npx tsx main.ts'),
  'cdk8s synth, this project': (out) => cdk8s(out),
  'npm run synth': (out) => ['npm', ['run', '--silent', 'synth', '--', '--out', out]],
};
const names = Object.keys(contenders);
const outDir = (name: string, run: string) => path.join(scratch, `${run}-${names.indexOf(name)}`);
const samples: Record<string, Sample[]> = Object.fromEntries(names.map((n) => [n, []]));
for (const name of names) measure(contenders[name](outDir(name, 'warm')));
for (let i = 0; i < runs; i++) {
  for (const name of names) {
    const out = outDir(name, `run${i}`);
    samples[name].push(measure(contenders[name](out)));
    fs.rmSync(out, { recursive: true, force: true });
  }
}
console.log(`\nconfig/ as committed (${runs} runs each after a warm-up, medians):`);
const stats = Object.fromEntries(names.map((n) => [n, summary(n, samples[n])]));
const ours = stats['npm run synth'];
const vsStock = stats[names[0]].wall / ours.wall;
const ratio = (n: string, of: 'wall' | 'cpu') => `${(stats[n][of]! / ours[of]!).toFixed(1)}x`;
console.log('npm run synth against each, wall (CPU):');
for (const n of names.slice(0, -1)) console.log(`  ${n.padEnd(32)} ${ratio(n, 'wall')} faster${hasGnuTime ? ` (${ratio(n, 'cpu')})` : ''}`);
const same = names.slice(1).every((n) => spawnSync('diff', ['-r', outDir(names[0], 'warm'), outDir(n, 'warm')]).status === 0);
console.log(`same manifests from all: ${same ? 'yes' : 'NO'}`);

// 2. 500 workloads: in one environment, and spread over environments of 25 (the shape a platform
// with many environments has; also what still synthesizes when one environment cannot hold 500).
const production = loadEnvironmentFile(path.join(root, 'config', 'production.yaml')).env;
function largeCase(label: string, files: Record<string, string>): { wall: number } | string {
  const dir = path.join(scratch, label.replace(/\W+/g, '-'));
  fs.mkdirSync(path.join(dir, 'config'), { recursive: true });
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'config', name), text);
  const cmd: Command = ['npm', ['run', '--silent', 'synth', '--', '--config', path.join(dir, 'config'), '--out', path.join(dir, 'dist')]];
  try {
    measure(cmd);
  } catch (e) {
    const reason = /\[([a-z-]+\/[a-z-]+)\]/.exec((e as Error).message)?.[1] ?? 'synth failed';
    console.log(`${label.padEnd(34)} synth refuses it (${reason})`);
    return reason;
  }
  const entries = fs.readdirSync(path.join(dir, 'dist'), { recursive: true }).length;
  const result = summary(label, Array.from({ length: runs }, () => measure(cmd)));
  console.log(`${''.padEnd(34)} (${Object.keys(files).length} config files, ${entries} output entries)`);
  return result;
}
console.log(`\n500 workloads (${runs} runs after a warm-up, medians):`);
const single = largeCase('500 workloads, 1 environment', largeConfigDir(production, 500));
const spread = largeCase('500 workloads, 20 environments', largeConfigDir(production, 500, 25));

// 3. npm test, cold.
let testStats: { wall: number } | undefined;
if (process.env.BENCH_SKIP_TEST !== '1') {
  console.log('\nnpm test, cold (jest --no-cache, once):');
  testStats = summary('npm test (jest --no-cache)', [measure(['npx', ['jest', '--no-cache', '--silent']], { CI: 'true' })]);
}

console.log(`\nload average ${load()} at end${os.loadavg()[0] > os.cpus().length ? ' (busy machine: wall times are inflated; compare CPU times)' : ''}`);
console.log('\ntargets:');
const results = [
  verdict(same, 'npm run synth, every cdk8s synth and the stock template write the same manifests'),
  verdict(vsStock >= TARGETS.ratioVsStock, `npm run synth >= ${TARGETS.ratioVsStock}x faster than the stock cdk8s template (${vsStock.toFixed(1)}x)`),
  ...[['1 environment', single], ['20 environments', spread]].map(([label, r]) => verdict(typeof r !== 'string' && r.wall < TARGETS.largeSeconds * 1000,
    `500 workloads (${label}) in < ${TARGETS.largeSeconds} s (${typeof r === 'string' ? `synth refuses it: ${r}` : `${(r.wall / 1000).toFixed(2)} s`})`)),
  ...(testStats ? [verdict(testStats.wall < TARGETS.testSeconds * 1000, `npm test cold < ${TARGETS.testSeconds} s (${(testStats.wall / 1000).toFixed(1)} s)`)] : []),
];
fs.rmSync(scratch, { recursive: true, force: true });
console.log(`${results.filter(Boolean).length} of ${results.length} targets met`);
// A missed target is reported, not an error (the simulator bench runs next); different manifests are.
if (!same) process.exitCode = 1;
