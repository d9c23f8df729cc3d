// npm run bench: times the stock cdk8s way (`cdk8s synth` running `ts-node main.ts`, which
// type-checks) against `npm run synth` on the same charts, interleaved, and prints both medians and
// the ratio. Target: npm run synth >= 10x faster. Runs: BENCH_RUNS (default 5) after one warm-up each.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const root = path.join(__dirname, '..');
const runs = Number(process.env.BENCH_RUNS ?? 5);
const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'luneo-bench-'));

const contenders = {
  'cdk8s synth (ts-node)': (out: string) => ['npx', ['cdk8s', 'synth', '--app', 'npx ts-node main.ts', '--output', out]] as const,
  'npm run synth': (out: string) => ['npm', ['run', '--silent', 'synth', '--', '--out', out]] as const,
};
type Name = keyof typeof contenders;

function timeOnce(name: Name, out: string): number {
  const [cmd, args] = contenders[name](out);
  const start = process.hrtime.bigint();
  const r = spawnSync(cmd, [...args], { cwd: root, stdio: ['ignore', 'ignore', 'pipe'], encoding: 'utf-8', env: { ...process.env, CDK8S_OUTDIR: '' } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0) throw new Error(`${name} failed:\n${r.stderr}`);
  return ms;
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const times: Record<Name, number[]> = { 'cdk8s synth (ts-node)': [], 'npm run synth': [] };
const names = Object.keys(contenders) as Name[];
for (const name of names) timeOnce(name, path.join(scratch, `warm-${names.indexOf(name)}`));
for (let i = 0; i < runs; i++) {
  for (const name of names) times[name].push(timeOnce(name, path.join(scratch, `run-${i}-${names.indexOf(name)}`)));
}

const same = spawnSync('diff', ['-r', path.join(scratch, 'warm-0'), path.join(scratch, 'warm-1')]).status === 0;
const [stock, ours] = names.map((n) => median(times[n]));
for (const name of names) console.log(`${name.padEnd(24)} median ${median(times[name]).toFixed(0).padStart(6)} ms  (${times[name].map((t) => t.toFixed(0)).join(', ')})`);
console.log(`ratio                    ${(stock / ours).toFixed(1)}x faster (target >= 10x)`);
console.log(`same manifests           ${same ? 'yes' : 'NO'}`);
fs.rmSync(scratch, { recursive: true, force: true });
if (!same) process.exit(1);
