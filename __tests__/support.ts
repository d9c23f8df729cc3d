import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as util from 'util';
import * as vm from 'vm';
import { parse } from 'yaml';
import type * as Load from '../lib/config/load';
import type { Environment } from '../lib/config/schema';
import type { RenderedFile } from '../lib/output/render';
import { MARKER } from '../lib/output/dist-writer';
import type * as Synthesize from '../lib/output/synthesize';
import { tempDir } from './temp-dirs';

export { tempDir };

// The synth (cdk8s, its constructs and the generated imports) and the config loader are loaded
// when a helper needs them, not by every test file that only wants a temp dir or ROOT.
const synthesis = (): typeof Synthesize => require('../lib/output/synthesize');
const config = (): typeof Load => require('../lib/config/load');

export const ROOT = path.join(__dirname, '..');
export const CONFIG_DIR = path.join(ROOT, 'config');
/** config/production.yaml as written: an overlay that extends config/_base.yaml. */
export const PRODUCTION_OVERLAY = path.join(CONFIG_DIR, 'production.yaml');
/**
 * The effective production environment as one self-contained file (bases merged in, comments and
 * flow styles kept), in a temp dir of its own: tests that edit the text of the production
 * environment or copy it elsewhere work on the whole environment, wherever each value is written.
 * Written when a test file first reads PRODUCTION_FILE (a getter on this module's exports, which
 * an import reads on every use), not by the many files that never do.
 */
export declare const PRODUCTION_FILE: string;
let productionFile: string | undefined;
Object.defineProperty(exports, 'PRODUCTION_FILE', {
  enumerable: true,
  get: (): string => {
    if (productionFile === undefined) {
      const file = path.join(tempDir('effective'), 'production.yaml');
      fs.writeFileSync(file, config().effectiveEnvironmentText(PRODUCTION_OVERLAY));
      productionFile = file;
    }
    return productionFile;
  },
});

/**
 * The production environment, loaded once per test file: a validated environment is deeply frozen,
 * so every caller can share it (productionCopy gives one to change).
 */
export function production(): Environment {
  loaded ??= config().loadEnvironmentFile(exports.PRODUCTION_FILE).env;
  return loaded;
}
let loaded: Environment | undefined;
let productionJson: string | undefined;

/** A deep, mutable copy of production to break in a test. */
export function productionCopy(): any {
  productionJson ??= JSON.stringify(production());
  return JSON.parse(productionJson);
}

export interface K8sObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: any;
}

export function manifests(files: RenderedFile[], environment = 'production'): K8sObject[] {
  return files.filter((f) => f.path.startsWith(`${environment}/`)).map((f) => parse(f.content));
}

export function find(objects: K8sObject[], kind: string, name: string): K8sObject {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind}/${name} among ${objects.map((o) => `${o.kind}/${o.metadata.name}`).join(', ')}`);
  return found;
}

export function synthesizeProduction(): RenderedFile[] {
  return synthesis().synthesizeEnvironments([production()]);
}

/**
 * Reads every file under dir into {relative path: content}. The writer's ownership marker at the
 * root is left out unless `withMarker` (most tests compare against the synthesized files).
 */
export function readTree(dir: string, { withMarker = false } = {}): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (withMarker || path.relative(dir, p) !== MARKER) out[path.relative(dir, p)] = fs.readFileSync(p, 'utf-8');
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}

/** A throwaway git repository holding config/ and, committed, the dist/ that config synthesizes. */
export function gitRepoWithOutput(prefix: string): string {
  const dir = tempDir(prefix);
  // Built once per test file (synth, git init, commit) and copied: a copied .git is a repository of its own.
  fs.cpSync(gitRepoTemplate(), dir, { recursive: true });
  return dir;
}
let gitTemplate: string | undefined;
function gitRepoTemplate(): string {
  if (gitTemplate) return gitTemplate;
  const dir = tempDir('git-template');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, stdio: 'pipe' });
  // No sample hooks, and the objects in one pack: each test's copy (and its removal) is ~50 files, not ~110.
  git('init', '-q', '--template=', '-b', 'main');
  git('config', 'user.email', 't@example.com');
  git('config', 'user.name', 't');
  fs.cpSync(CONFIG_DIR, path.join(dir, 'config'), { recursive: true });
  for (const f of synthesis().synthesizeConfigDir(CONFIG_DIR).files) {
    fs.mkdirSync(path.dirname(path.join(dir, 'dist', f.path)), { recursive: true });
    fs.writeFileSync(path.join(dir, 'dist', f.path), f.content);
  }
  git('add', '-A');
  git('commit', '-qm', 'base');
  git('repack', '-adq');
  git('prune-packed', '-q');
  gitTemplate = dir;
  return dir;
}

/** What a command printed and how it ended, like spawnSync's result. */
export interface ScriptRun {
  status: number;
  stdout: string;
  stderr: string;
}

class ScriptExit extends Error {
  constructor(public readonly code: number) {
    super(`process.exit(${code})`);
  }
}

/**
 * Runs a command's entry file (`scripts/explain.ts`, `main.ts`, relative to the project root) in
 * this process, as `node <file> ...args` would run it: with `args` in process.argv (also the real
 * process's, which util.parseArgs reads), `env` over process.env, `cwd` as the working directory,
 * stdout, stderr and console captured, process.exit and process.exitCode as the status. The file
 * and what it imports are loaded fresh (jest.isolateModules), as in a new process. A few tests per
 * command still spawn the real process; this is for the many that check what it prints.
 */
export function runScript(file: string, args: string[], { cwd = ROOT, env = {} }: { cwd?: string; env?: Record<string, string> } = {}): ScriptRun {
  // The sandbox's `process` is a copy; Node's own modules (util.parseArgs) read the real one.
  const real = new vm.Script('process').runInThisContext() as NodeJS.Process;
  const entry = path.join(ROOT, file);
  const saved = {
    argv: process.argv, realArgv: real.argv, env: process.env, exitCode: process.exitCode, exit: process.exit, cwd: process.cwd(),
    out: process.stdout.write, err: process.stderr.write, log: console.log, error: console.error, warn: console.warn, info: console.info,
  };
  let stdout = '';
  let stderr = '';
  let status: number;
  process.argv = [process.execPath, entry, ...args];
  real.argv = process.argv;
  process.env = { ...process.env, ...env };
  process.exitCode = undefined;
  process.exit = ((code?: number) => { throw new ScriptExit(code ?? Number(process.exitCode ?? 0)); }) as typeof process.exit;
  process.stdout.write = ((chunk: string | Uint8Array) => { stdout += String(chunk); return true; }) as typeof process.stdout.write;
  process.stderr.write = ((chunk: string | Uint8Array) => { stderr += String(chunk); return true; }) as typeof process.stderr.write;
  console.log = console.info = (...a: unknown[]) => { stdout += `${util.format(...a)}\n`; };
  console.error = console.warn = (...a: unknown[]) => { stderr += `${util.format(...a)}\n`; };
  try {
    process.chdir(cwd);
    jest.isolateModules(() => require(entry));
    status = Number(process.exitCode ?? 0);
  } catch (e) {
    if (!(e instanceof ScriptExit)) throw e;
    status = e.code;
  } finally {
    process.chdir(saved.cwd);
    process.argv = saved.argv;
    real.argv = saved.realArgv;
    process.env = saved.env;
    process.exitCode = saved.exitCode;
    process.exit = saved.exit;
    process.stdout.write = saved.out;
    process.stderr.write = saved.err;
    Object.assign(console, { log: saved.log, error: saved.error, warn: saved.warn, info: saved.info });
  }
  return { status, stdout, stderr };
}

/**
 * An autoscaling/v2 HPA file `m-pods` (1-20 replicas, one Pods metric http_requests_per_second at
 * `averageValue` per pod) in a temp dir removed when the test file ends; returns its path.
 */
export function podsHpaFile(averageValue: string): string {
  const file = path.join(tempDir('pods-hpa'), 'm-pods.yaml');
  fs.writeFileSync(file, `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata: {name: m-pods}
spec:
  scaleTargetRef: {apiVersion: apps/v1, kind: Deployment, name: web}
  minReplicas: 1
  maxReplicas: 20
  metrics:
    - type: Pods
      pods:
        metric: {name: http_requests_per_second}
        target: {type: AverageValue, averageValue: "${averageValue}"}
`);
  return file;
}
