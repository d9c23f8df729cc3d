/**
 * Paths on the command line mean what they mean in the user's shell. `npm run <script>` runs in
 * the project root, whatever directory it was typed in, and records that directory in INIT_CWD
 * (npm docs, "scripts": "INIT_CWD ... the directory from which npm was invoked"), so a path the
 * user gives is resolved against INIT_CWD (falling back to the working directory when run without
 * npm) and shown back relative to it when it lies inside, absolute otherwise. Defaults such as
 * `config` or `dist` are project paths, not user input, and stay relative to the project root;
 * so does `output:` in cdk8s.yaml (CDK8S_OUTDIR), which the cdk8s CLI resolves from the project root.
 * Here, below the commands, so that config findings name files the way the commands do.
 */
import * as path from 'path';

/** The directory the command was typed in: INIT_CWD when npm set it (an absolute path), else `cwd`. */
export function userDirectory(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): string {
  const init = env.INIT_CWD;
  return init && path.isAbsolute(init) ? path.resolve(init) : cwd;
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
