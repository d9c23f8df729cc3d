/**
 * Paths on the command line mean what they mean in the user's shell. `npm run <script>` runs in
 * the project root, whatever directory it was typed in, and records that directory in INIT_CWD
 * (npm docs, "scripts": "INIT_CWD ... the directory from which npm was invoked"), so a path the
 * user gives is resolved against INIT_CWD (falling back to the working directory when run without
 * npm) and shown back relative to it when it lies inside, absolute otherwise. Defaults such as
 * `config` or `dist` are project paths, not user input, and stay relative to the project root;
 * so does `output:` in cdk8s.yaml (CDK8S_OUTDIR), which the cdk8s CLI resolves from the project root.
 */
import * as path from 'path';

/** The directory the command was typed in: INIT_CWD when npm set it (an absolute path), else `cwd`. */
export function userDirectory(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const init = env.INIT_CWD;
  return init && path.isAbsolute(init) ? path.resolve(init) : cwd;
}

/**
 * A path the user typed, as a path this process can open: absolute ones unchanged, relative ones
 * joined to the user's directory. When that is the working directory the path is returned as
 * given, so a relative path stays relative (and reads the same in messages).
 */
export function resolveUserPath(p: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const base = userDirectory(env, cwd);
  if (path.isAbsolute(p) || base === cwd) return p;
  return path.resolve(base, p);
}

/**
 * `p` (absolute, or relative to `cwd`) as the user should read it: relative to the user's
 * directory when inside it ("." for the directory itself), absolute otherwise (never `../../tmp/x`).
 */
export function displayPath(p: string, env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const abs = path.resolve(cwd, p);
  const rel = path.relative(userDirectory(env, cwd), abs);
  if (rel === '') return '.';
  return rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel;
}

/**
 * Throws, as util.parseArgs does for a missing value, when a path option was given empty
 * (`--out ""`): an empty path would otherwise resolve to the directory the command was typed in.
 */
export function refuseEmptyPaths(values: Readonly<Record<string, unknown>>, options: readonly string[]): void {
  const empty = options.find((o) => values[o] === '');
  if (empty !== undefined) throw new TypeError(`Option '--${empty} <value>' is empty: give a path`);
}
