/** Paths on the command line: see lib/config/user-paths.ts, where how they are shown lives (config findings use it too). */
import * as path from 'path';
import { userDirectory } from '../config/user-paths';

export { displayPath, userDirectory } from '../config/user-paths';

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
