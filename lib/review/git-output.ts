import { execFileSync } from 'child_process';
import { OutputFile } from './semantic-diff';

/**
 * The committed output tree at a git revision, read with `git ls-tree` and `git show` (the only git
 * access of `review`). Paths are relative to the output directory, as the synth functions give them.
 * @throws ReviewInputError when the revision does not exist or git is not available.
 */
export class ReviewInputError extends Error {}

function git(cwd: string, args: string[]): Buffer {
  try {
    return execFileSync('git', args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  } catch (e) {
    const stderr = (e as { stderr?: Buffer }).stderr?.toString().trim();
    throw new ReviewInputError(`git ${args.join(' ')}: ${stderr || (e as Error).message}`);
  }
}

export function committedOutput(rev: string, outDir: string, cwd: string): OutputFile[] {
  const commit = git(cwd, ['rev-parse', '--verify', '--quiet', `${rev}^{commit}`]).toString().trim();
  const prefix = `${outDir.replace(/\/+$/, '')}/`;
  const names = git(cwd, ['ls-tree', '-r', '--name-only', '-z', commit, '--', prefix]).toString().split('\0').filter(Boolean);
  return names.sort().map((name) => ({ path: name.slice(prefix.length), content: git(cwd, ['show', `${commit}:${name}`]).toString('utf-8') }));
}

/** The short name of a revision for titles (`HEAD` -> `HEAD (1a2b3c4)`). */
export function describeRevision(rev: string, cwd: string): string {
  const short = git(cwd, ['rev-parse', '--short', `${rev}^{commit}`]).toString().trim();
  return rev === short ? short : `${rev} (${short})`;
}
