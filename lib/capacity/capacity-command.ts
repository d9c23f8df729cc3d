import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { ConfigError } from '../config/findings';
import { configDigest } from '../cli/config-digest';
import { displayPath } from '../cli/paths';
import { loadEnvironmentFile, scanConfigDir } from '../config/load';
import { HpaSpec } from '../hpa';
import { synthesizeConfigDir } from '../output/synthesize';
import { capacityReport, ReportFile } from './report';
import type { CommandResult } from '../cli/command-result';

export interface CapacityCommandOptions {
  readonly configDir: string;
  /** @default reports/capacity */
  readonly reportsDir: string;
  /** Compare with the files on disk instead of writing; exit 1 when they differ. */
  readonly check: boolean;
  readonly cwd: string;
  /** Where the user typed the command (lib/cli/paths.ts), for showing paths back. @default cwd */
  readonly userDir?: string;
}

export type { CommandResult } from '../cli/command-result';

/** Reports by the text of the config files they came from: the simulations cost seconds, the key microseconds. */
const cache = new Map<string, ReportFile[]>();

/** Every environment's report, from the config and the HPAs a fresh in-memory synth emits. */
export function capacityReports(configDir: string): ReportFile[] {
  const key = configDigest(configDir);
  const cached = key === null ? undefined : cache.get(key);
  if (cached) return cached;
  const reports = buildReports(configDir);
  if (key !== null) cache.set(key, reports);
  return reports;
}

function buildReports(configDir: string): ReportFile[] {
  const files = synthesizeConfigDir(configDir).files;
  return scanConfigDir(configDir).files.flatMap((file) => {
    const { env } = loadEnvironmentFile(file);
    const hpas = new Map<string, HpaSpec>();
    for (const [key, w] of Object.entries(env.workloads)) {
      const f = files.find((x) => x.environment === env.environment && x.path.endsWith(`/horizontalpodautoscaler-${w.hpa}.k8s.yaml`));
      if (f) hpas.set(key, parse(f.content).spec);
    }
    return capacityReport(env, hpas);
  }).sort((a, b) => (a.path < b.path ? -1 : 1));
}

/** The report files now in the reports directory (only ours: .md and .svg one level down). */
function onDisk(dir: string): Map<string, string> {
  const found = new Map<string, string>();
  if (!fs.existsSync(dir)) return found;
  for (const env of fs.readdirSync(dir, { withFileTypes: true })) {
    if (!env.isDirectory()) continue;
    for (const f of fs.readdirSync(path.join(dir, env.name))) {
      if (/\.(md|svg)$/.test(f)) found.set(`${env.name}/${f}`, fs.readFileSync(path.join(dir, env.name, f), 'utf-8'));
    }
  }
  return found;
}

/**
 * `npm run capacity`: writes reports/capacity/<env>/ (removing report files of ours that no longer
 * belong), or with --check says which files are stale. Config errors are findings, exit 1.
 */
export function runCapacity(options: CapacityCommandOptions): CommandResult {
  const dir = path.resolve(options.cwd, options.reportsDir);
  let files: ReportFile[];
  try {
    files = capacityReports(path.resolve(options.cwd, options.configDir));
  } catch (e) {
    if (e instanceof ConfigError) return { exitCode: 1, stdout: '', stderr: `${e.message}\ncapacity reports not written\n` };
    throw e;
  }
  const existing = onDisk(dir);
  const wanted = new Map(files.map((f) => [f.path, f.content]));
  const stale = [...new Set([...existing.keys(), ...wanted.keys()])].filter((p) => existing.get(p) !== wanted.get(p)).sort();
  const shown = displayPath(dir, { INIT_CWD: options.userDir ?? options.cwd }, options.cwd);
  if (options.check) {
    if (stale.length === 0) return { exitCode: 0, stdout: `${shown} is up to date\n`, stderr: '' };
    return { exitCode: 1, stdout: '', stderr: `${shown} is stale (${stale.join(', ')}): run \`npm run capacity\` and commit ${shown}\n` };
  }
  for (const p of stale) {
    const target = path.join(dir, p);
    if (!wanted.has(p)) {
      fs.rmSync(target);
      continue;
    }
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, wanted.get(p)!);
  }
  return { exitCode: 0, stdout: `${stale.length ? `updated ${stale.join(', ')}` : 'no change'} in ${shown}\n`, stderr: '' };
}
