import { execFileSync } from 'child_process';
import { OutputFile } from './semantic-diff';
import { KeptResults } from '../config/kept-results';

/**
 * The committed output tree at a git revision, read with `git ls-tree` and `git show` (the only git
 * access of `review`). Paths are relative to the output directory, as the synth functions give them.
 * @throws ReviewInputError when git is missing, the directory is not in a git repository, or the
 * revision does not exist (with a hint to fetch the history when the clone is shallow).
 */
export class ReviewInputError extends Error {
  /**
   * `rule`: review/no-git, review/not-a-repository, review/base-not-a-commit or review/git (another
   * git failure); `flag`: the command-line flag the error is about, when it is about one.
   */
  constructor(message: string, public readonly hint?: string, public readonly rule = 'review/git', public readonly flag?: string) {
    super(message);
  }
}

function git(cwd: string, args: string[], input?: string): Buffer {
  try {
    return execFileSync('git', args, { cwd, input, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'], maxBuffer: 256 * 1024 * 1024 });
  } catch (e) {
    const err = e as NodeJS.ErrnoException & { stderr?: Buffer };
    if (err.code === 'ENOENT') throw new ReviewInputError('git is not installed (review reads the base revision\'s committed output with git)', 'install git, or run review in a checkout that has it', 'review/no-git');
    const stderr = err.stderr?.toString().trim();
    throw new ReviewInputError(`git ${args.join(' ')}: ${stderr || err.message}`);
  }
}

/** Fails with a message of its own when `cwd` is not inside a git working tree. */
function requireRepository(cwd: string): void {
  try {
    git(cwd, ['rev-parse', '--git-dir']);
  } catch (e) {
    if (e instanceof ReviewInputError && e.hint) throw e;
    throw new ReviewInputError(`${cwd} is not a git repository (nor inside one); review compares the working tree with the output committed at --base`,
      'run review in a git clone of the project (git clone, not a copy of its files)', 'review/not-a-repository');
  }
}

/** The commit a revision names; a clear error (with a fetch hint in a shallow clone) when it names none. */
function resolveCommit(rev: string, cwd: string): string {
  try {
    return git(cwd, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${rev}^{commit}`]).toString().trim();
  } catch {
    // Why it failed, in order: no git, not a repository (checked only now: a git process less per review), no such commit.
    requireRepository(cwd);
    let shallow = false;
    try {
      shallow = git(cwd, ['rev-parse', '--is-shallow-repository']).toString().trim() === 'true';
    } catch {
      // an old git without the flag: no hint
    }
    const remote = /^([A-Za-z0-9._-]+)\/(.+)$/.exec(rev);
    const hints: string[] = [];
    if (shallow) {
      hints.push('this clone is shallow, so older commits are missing: fetch the history with `git fetch --unshallow`'
        + ' (in GitHub Actions, set `fetch-depth: 0` on actions/checkout)');
    }
    if (remote) hints.push(`if ${rev} is a remote branch, fetch it: \`git fetch ${remote[1]} ${remote[2]}\``);
    throw new ReviewInputError(`${JSON.stringify(rev)} is not a commit of this repository`,
      hints.length ? hints.join('; ') : 'pass a branch, tag or commit that exists here, e.g. --base HEAD or --base origin/main', 'review/base-not-a-commit', '--base');
  }
}

export function committedOutput(rev: string, outDir: string, cwd: string): OutputFile[] {
  return outputAt(resolveCommit(rev, cwd), outDir, cwd);
}

/** committedOutput and describeRevision of one revision, resolved once. */
export function committedRevision(rev: string, outDir: string, cwd: string): { files: OutputFile[]; label: string } {
  const commit = resolveCommit(rev, cwd);
  return { files: outputAt(commit, outDir, cwd), label: revisionLabel(rev, commit, cwd) };
}

/**
 * Trees read, by commit and output directory: a commit names its content, so a base reviewed
 * again in the same process (the tests, a repository copied with its history) is not read again.
 * The oldest go past 8.
 */
const trees = new KeptResults<readonly OutputFile[]>(8);

function outputAt(commit: string, outDir: string, cwd: string): OutputFile[] {
  const key = `${commit}\0${outDir.replace(/\/+$/, '')}`;
  return [...trees.get(key, () => Object.freeze(readOutputAt(commit, outDir, cwd).map((f) => Object.freeze(f))))];
}

function readOutputAt(commit: string, outDir: string, cwd: string): OutputFile[] {
  const prefix = `${outDir.replace(/\/+$/, '')}/`;
  // `<mode> <type> <object>\t<path>` per entry; the blobs are then read in one `git cat-file --batch`
  // (one git process for the whole tree instead of one `git show` per file).
  const entries = git(cwd, ['ls-tree', '-r', '-z', commit, '--', prefix]).toString().split('\0').filter(Boolean).map((line) => {
    const tab = line.indexOf('\t');
    const [, type, object] = line.slice(0, tab).split(' ');
    return { name: line.slice(tab + 1), type, object };
  }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const blobs = entries.filter((e) => e.type === 'blob');
  const contents = new Map<string, string>();
  if (blobs.length > 0) {
    const batch = git(cwd, ['cat-file', '--batch'], blobs.map((e) => `${e.object}\n`).join(''));
    let at = 0;
    for (const e of blobs) {
      const eol = batch.indexOf(0x0a, at);
      const size = Number(batch.subarray(at, eol).toString().split(' ')[2]);
      contents.set(e.name, batch.subarray(eol + 1, eol + 1 + size).toString('utf-8'));
      at = eol + 1 + size + 1;
    }
  }
  // Anything but a blob (a submodule's commit) fails in `git show` as before, naming the path.
  return entries.map((e) => ({ path: e.name.slice(prefix.length), content: contents.get(e.name) ?? git(cwd, ['show', `${commit}:${e.name}`]).toString('utf-8') }));
}

/** The short name of a revision for titles (`HEAD` -> `HEAD (1a2b3c4)`). */
export function describeRevision(rev: string, cwd: string): string {
  return revisionLabel(rev, resolveCommit(rev, cwd), cwd);
}

function revisionLabel(rev: string, commit: string, cwd: string): string {
  const short = git(cwd, ['rev-parse', '--short', `${commit}^{commit}`]).toString().trim();
  return rev === short ? short : `${rev} (${short})`;
}
