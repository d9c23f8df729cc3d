import * as fs from 'fs';
import * as path from 'path';
import { displayPath } from '../cli/paths';
import { ConfigError, Finding } from '../config/findings';

/** A file to write, relative to the output directory. */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
}

/**
 * The marker that makes an output directory ours: written at its root, listing every file the
 * synth wrote, one per line. Its name has no .yaml/.yml/.json extension, so Argo CD (which applies
 * only those files of a directory source) never reads it, and it sits above the per-environment
 * directories Argo CD applies anyway. Line-based so git's `union` merge driver (.gitattributes)
 * merges two branches' markers into the union of their files without a conflict.
 */
export const MARKER = '.luneo-autoscaling';
/** Version of the marker's content; a newer one (from a newer tool) is not overwritten. */
export const MARKER_FORMAT = 1;

/**
 * Everything the writer creates beside the output is named `.<out>.luneo-<role>`, so one
 * .gitignore pattern (`.*.luneo-*`) covers it and nothing else can be mistaken for it.
 */
export const sideName = (outdir: string, role: 'lock' | 'previous' | `tmp-${number}`) => path.join(path.dirname(path.resolve(outdir)), `.${path.basename(outdir)}.luneo-${role}`);

/**
 * Step boundaries of a run, in order, reported to `onStep` (the fault-injection seam the kill
 * tests use; `temp-file` is reported after each file). A run killed at any of them leaves the
 * old tree or the new one in full, after the next run's recovery.
 */
export const WRITER_STEPS = ['locked', 'recovered', 'temp-created', 'temp-file', 'temp-complete', 'old-moved-aside', 'new-in-place', 'old-removed', 'unlocked'] as const;
export type WriterStep = typeof WRITER_STEPS[number];

/** A path the output must never be, contain, or lie inside (see `protected` in WriterOptions). */
export interface ProtectedPath {
  readonly path: string;
  /** What it is, for the message: "the config directory". */
  readonly what: string;
  /** The output may not lie inside it either (a .git directory, the config directory). */
  readonly noOutputInside?: boolean;
}

export interface WriterOptions {
  /** Paths the output must not be or contain. @default none */
  readonly protected?: readonly ProtectedPath[];
  /** Delete files in the owned output that the last synth did not write (and say so). @default false */
  readonly prune?: boolean;
  /** Called at every step boundary; tests kill the process there. @default none */
  readonly onStep?: (step: WriterStep) => void;
  /**
   * The command whose output this is (`synth`, `simulate`, `review`, `capacity`), recorded in the marker: a
   * tree another command wrote is refused, so `simulate --out dist` cannot replace the manifests.
   * @default 'synth'
   */
  readonly producer?: OutputProducer;
}

/** The commands that write owned output trees. */
export type OutputProducer = 'synth' | 'simulate' | 'review' | 'capacity';

/** A directory each command's refusals can propose: one it would accept. */
const SUGGESTED_OUT: Record<OutputProducer, string> = {
  synth: 'dist (the default), or a missing or empty directory',
  simulate: 'a missing or empty directory outside dist/ and config/, e.g. simulation/',
  review: 'a missing or empty directory outside dist/ and config/, e.g. review/',
  capacity: 'reports/capacity (the default), or a missing or empty directory outside dist/ and config/',
};

interface Marker {
  readonly producer: OutputProducer;
  readonly format: number;
  readonly files: readonly string[];
}

const markerHeader = (producer: OutputProducer) => `# luneo-autoscaling output: this directory is written by \`npm run ${producer}\`; do not edit.`;
const MARKER_HEADER_PATTERN = /^# luneo-autoscaling output: this directory is written by `npm run (synth|simulate|review|capacity)`; do not edit\.$/;

/**
 * The output directory of one synth run, replaced all or nothing and only when it is ours.
 *
 * Protocol: take the lock (`.<out>.luneo-lock`, created O_EXCL, holding the pid; stale once that
 * process is gone); recover an interrupted swap; check the directory may be replaced (`preflight`);
 * write the complete new tree into `.<out>.luneo-tmp-<pid>`, marker last; rename the old tree to
 * `.<out>.luneo-previous`, the new one into place, delete the old one; release the lock. Every
 * state a kill can leave is either the old tree in place, or the new one, or the old one under
 * `.luneo-previous` with nothing in place, which `recover` (the first thing every run does) puts back.
 * The old tree is deleted only when a complete new tree of ours is in place, never beside anything else.
 */
export class OutputTree {
  public readonly outdir: string;
  private readonly display: string;
  private locked = false;
  /** The files the last preflight found nothing unexpected for (without --prune). */
  private checkedClean: readonly OutputFile[] | undefined;
  /**
   * Entries (as `unexpected` lists them) where the last synth wrote a file or a directory and
   * something else is there now (a link, a FIFO, a socket, a device; a directory where a file was,
   * a file where a directory was): what is there, in words, and what the last synth wrote.
   */
  private readonly misplaced = new Map<string, { kind: string; wrote: 'file' | 'directory' }>();

  constructor(outdir: string, private readonly options: WriterOptions = {}) {
    this.outdir = path.resolve(outdir);
    this.display = displayPath(outdir);
  }

  private step(name: WriterStep): void {
    this.options.onStep?.(name);
  }

  private finding(rule: string, message: string, hint: string, file = this.display): Finding {
    return { severity: 'error', path: [], rule, message, hint, location: { file } };
  }

  /** Takes the lock; a ConfigError (rule output-dir/locked) when a live process holds it. */
  lock(): void {
    const placement = this.placementFindings();
    if (placement.length > 0) throw new ConfigError(placement);
    const lockFile = sideName(this.outdir, 'lock');
    const unwritable = (err: NodeJS.ErrnoException) => {
      // A file where a parent directory should be (--out notes.txt/sub): say that, not EEXIST.
      for (let dir = path.dirname(this.outdir); path.dirname(dir) !== dir; dir = path.dirname(dir)) {
        let stat: fs.Stats | undefined;
        try {
          stat = fs.statSync(dir);
        } catch {
          continue;
        }
        if (!stat.isDirectory()) {
          return new ConfigError([this.finding('output-dir/not-a-directory', `${displayPath(dir)} is a file, not a directory, so ${this.display} cannot be made inside it`,
            'pass an --out whose parent directories are directories')]);
        }
        break;
      }
      return new ConfigError([this.finding('output-dir/unwritable',
        `cannot create ${path.basename(lockFile)} beside ${this.display}: ${err.code ?? err.message}`, 'pass an --out in a writable directory')]);
    };
    try {
      fs.mkdirSync(path.dirname(lockFile), { recursive: true });
    } catch (e) {
      throw unwritable(e as NodeJS.ErrnoException);
    }
    const locked = (holder: number | undefined) => new ConfigError([this.finding('output-dir/locked',
      `another synth (${holder === undefined ? 'starting up' : `pid ${holder}`}) is writing ${this.display}`,
      `wait for it to finish; if no synth is running, delete ${path.basename(lockFile)}`, displayPath(lockFile))]);
    // A few rounds: a stale lock is removed, and another run may take it before we do.
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        fs.writeFileSync(lockFile, lockText(process.pid), { flag: 'wx' });
        this.locked = true;
        this.step('locked');
        return;
      } catch (e) {
        const err = e as NodeJS.ErrnoException;
        if (err.code !== 'EEXIST') throw unwritable(err);
      }
      const text = readRegularText(lockFile, { follow: false });
      const holder = parseLock(text);
      if (holder !== undefined && holder.pid !== process.pid && holdsLock(holder)) throw locked(holder.pid);
      // An empty lock is a run between creating and filling it, unless it is old (that run died there).
      if (holder === undefined && Date.now() - mtimeMs(lockFile) < EMPTY_LOCK_GRACE_MS) throw locked(undefined);
      // The holder is gone (killed, or died between creating and filling the lock; or its pid now
      // names a process started later): the lock is stale. Remove it only if it is still that lock.
      if (readRegularText(lockFile, { follow: false }) === text) fs.rmSync(lockFile, { force: true });
    }
    throw locked(parseLock(readRegularText(lockFile, { follow: false }))?.pid);
  }

  unlock(): void {
    if (!this.locked) return;
    fs.rmSync(sideName(this.outdir, 'lock'), { force: true });
    this.locked = false;
    this.step('unlocked');
  }

  /**
   * Finishes or undoes a swap a killed run left behind, and removes its temp trees. Only names
   * the writer itself creates are touched. Call with the lock held, before anything else.
   */
  recover(): void {
    const previous = sideName(this.outdir, 'previous');
    if (fs.existsSync(previous)) {
      // The old tree goes only once a complete new tree of ours is in place (its marker is written
      // last); with nothing in place it comes back; beside anything else it stays where it is.
      if (!fs.existsSync(this.outdir)) fs.renameSync(previous, this.outdir);
      else if (typeof readMarker(path.join(this.outdir, MARKER)) === 'object') fs.rmSync(previous, { recursive: true, force: true });
    }
    const prefix = `.${path.basename(this.outdir)}.luneo-tmp-`;
    for (const entry of fs.readdirSync(path.dirname(this.outdir))) {
      if (entry.startsWith(prefix)) fs.rmSync(path.join(path.dirname(this.outdir), entry), { recursive: true, force: true });
    }
    this.step('recovered');
  }

  /**
   * Why the output may not be replaced: it is, contains or lies inside a protected path; it is
   * not a directory; it is a non-empty directory without our marker; or it holds files the last
   * synth did not write (unless pruning; a file byte-identical to the one this synth writes at
   * that path loses nothing and is not reported: a merge can bring in files before their marker
   * line). Empty when it may be replaced.
   */
  preflight(files?: readonly OutputFile[]): Finding[] {
    const refusals = this.refusals();
    if (refusals.length > 0) return refusals;
    const findings = this.unexpectedFindings(files);
    // Checked for exactly these files: no file outside them is left to prune (see replace).
    this.checkedClean = findings.length === 0 && !this.options.prune && files !== undefined ? files : undefined;
    return findings;
  }

  /** The output is, contains or lies inside a protected path (checked before anything is created). */
  private placementFindings(): Finding[] {
    const out = realish(this.outdir);
    const relations: string[] = [];
    // Each protected directory once (the same .git is found from the working directory and from
    // the output), and an enclosing output not again when it is already named.
    const named = new Set<string>();
    let replaces = false;
    for (const p of this.options.protected ?? []) {
      const prot = realish(p.path);
      const rel = path.relative(out, prot);
      const containsIt = rel === '' || (!rel.startsWith('..') && !path.isAbsolute(rel));
      const back = path.relative(prot, out);
      const insideIt = p.noOutputInside && !back.startsWith('..') && !path.isAbsolute(back);
      if ((containsIt || insideIt) && !named.has(`${prot}\0${p.what}`)) {
        named.add(`${prot}\0${p.what}`);
        named.add(prot);
        replaces ||= containsIt;
        relations.push(`${rel === '' ? 'is' : containsIt ? 'contains' : 'lies inside'} ${p.what} (${p.path})`);
      }
    }
    // Inside another output tree of ours (dist/sub, dist/production/sim): the enclosing command
    // would then find files it did not write, and Argo CD might sync them.
    for (let dir = path.dirname(out); ; dir = path.dirname(dir)) {
      const enclosing = readMarker(path.join(dir, MARKER));
      if (typeof enclosing === 'object' && !named.has(realish(dir))) relations.push(`lies inside ${dir}, the output of \`npm run ${enclosing.producer}\``);
      if (path.dirname(dir) === dir) break;
    }
    if (relations.length > 0) {
      const why = replaces ? 'replacing it would delete what is there' : 'output written there would be mixed into what is there';
      return [this.finding('output-dir/protected', `the output directory ${[...new Set(relations)].join(' and ')}; ${why}`,
        `pass an --out of its own: ${SUGGESTED_OUT[this.options.producer ?? 'synth']}`)];
    }
    return [];
  }

  /**
   * What refuses the output whatever files a run would write (the first part of `preflight`):
   * a protected path, a symbolic link, not a directory, a directory without our marker, a bad or
   * newer marker, another command's output. A command may ask before the costly work of making
   * its files (capacity simulates every workload), so a refusal comes at once.
   */
  refusals(): Finding[] {
    const placement = this.placementFindings();
    return placement.length > 0 ? placement : this.ownershipFindings();
  }

  private ownershipFindings(): Finding[] {
    let stat: fs.Stats;
    try {
      stat = fs.lstatSync(this.outdir);
    } catch {
      return [];
    }
    if (stat.isSymbolicLink()) {
      return [this.finding('output-dir/symlink', `${this.display} is a symbolic link; replacing it would not replace what it points to`, 'pass the real directory as --out')];
    }
    if (!stat.isDirectory()) {
      return [this.finding('output-dir/not-a-directory', `${this.display} is a file, not an output directory`, 'pass a directory that is missing, empty or written by luneo-autoscaling')];
    }
    const entries = fs.readdirSync(this.outdir);
    if (entries.length === 0) return [];
    const marker = readMarker(path.join(this.outdir, MARKER));
    if (marker === 'missing') {
      const shown = entries.sort().slice(0, 5).join(', ') + (entries.length > 5 ? ', ...' : '');
      return [this.finding('output-dir/not-owned',
        `${this.display} holds files luneo-autoscaling did not write (${shown}) and has no ${MARKER} marker; it is left untouched`,
        'pass a missing or empty directory as --out; if it is output of a luneo-autoscaling without the marker, delete it first')];
    }
    if (marker === 'invalid') {
      return [this.finding('output-dir/bad-marker', `${MARKER} in ${this.display} is not a marker this tool wrote`,
        `restore it (git checkout -- ${path.join(this.display, MARKER)}) or delete the directory`, path.join(this.display, MARKER))];
    }
    if (marker.format > MARKER_FORMAT) {
      return [this.finding('output-dir/newer-format', `${this.display} was written by a newer luneo-autoscaling (marker format ${marker.format}, this one writes ${MARKER_FORMAT})`,
        'update luneo-autoscaling (npm ci) before synthesizing', path.join(this.display, MARKER))];
    }
    const producer = this.options.producer ?? 'synth';
    if (marker.producer !== producer) {
      return [this.finding('output-dir/other-output', `${this.display} holds the output of \`npm run ${marker.producer}\`, not of \`npm run ${producer}\`; it is left untouched`,
        `pass another --out for ${producer === 'synth' ? 'the manifests' : `the ${producer} output`} (a missing or empty directory)`, path.join(this.display, MARKER))];
    }
    return [];
  }

  /** Entries of our own tree that neither the marker lists nor `files` writes identically (after empty `refusals`). */
  private unexpectedFindings(files?: readonly OutputFile[]): Finding[] {
    if (this.options.prune) return [];
    const marker = readMarker(path.join(this.outdir, MARKER));
    if (typeof marker !== 'object') return [];
    return this.unexpected(marker, files).map((p) => {
      const misplaced = this.misplaced.get(p);
      if (!misplaced) {
        return this.finding('output-dir/unexpected-file', `${p} is in the output but the last synth did not write it; synth would delete it`,
          `move it out of ${this.display}, or run the synth with --prune to delete it`, path.join(this.display, p));
      }
      // A link is reported as a link whatever it points to: the writer never follows it.
      return this.finding(misplaced.wrote === 'file' ? 'output-dir/not-a-file' : 'output-dir/not-a-directory',
        `${p} is ${misplaced.kind} where the last synth wrote a ${misplaced.wrote}; synth would replace it${misplaced.kind === 'a symbolic link' ? ' (the link itself, never what it points to)' : ''}`,
        `delete it, or run the synth with --prune to replace it`, path.join(this.display, p));
    });
  }

  /** Why `replace` pruned `p` (for the report the synth prints). */
  prunedReason(p: string): string {
    const misplaced = this.misplaced.get(p);
    return misplaced ? `${misplaced.kind} where the last synth wrote a ${misplaced.wrote}` : 'not written by the last synth';
  }

  /** Entries of the owned tree (top-most) that the marker does not list and `next` does not write identically. */
  private unexpected(marker: Marker, next: readonly OutputFile[] = []): string[] {
    const listed = new Set(marker.files);
    const identical = next.filter((f) => {
      if (listed.has(f.path)) return false;
      // Not followed through a link and never opened unless a regular file (a FIFO would block).
      return throughDirectoriesOnly(this.outdir, f.path) && readRegularText(path.join(this.outdir, f.path), { follow: false }) === f.content;
    }).map((f) => f.path);
    const known = [...marker.files, ...identical];
    const files = new Set(known);
    const dirs = new Set(known.flatMap((f) => f.split('/').slice(0, -1).map((_, i, parts) => parts.slice(0, i + 1).join('/'))));
    const out: string[] = [];
    const walk = (rel: string) => {
      for (const e of fs.readdirSync(path.join(this.outdir, rel), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const p = rel ? `${rel}/${e.name}` : e.name;
        if (p === MARKER) continue;
        if (e.isDirectory() && dirs.has(p)) walk(p);
        else if (!(e.isFile() && files.has(p))) {
          const shown = e.isDirectory() ? `${p}/` : p;
          if (files.has(p)) this.misplaced.set(shown, { kind: entryKind(e), wrote: 'file' });
          else if (dirs.has(p)) this.misplaced.set(shown, { kind: entryKind(e), wrote: 'directory' });
          out.push(shown);
        }
      }
    };
    walk('');
    return out;
  }

  /**
   * Replaces the output with exactly `files` plus the marker. Call with the lock held, after
   * `recover` and an empty `preflight`. Returns what pruning deleted.
   */
  replace(files: readonly OutputFile[]): { pruned: string[] } {
    if (files.length === 0) throw new Error('refusing to replace the output with an empty tree');
    const marker = fs.existsSync(this.outdir) ? readMarker(path.join(this.outdir, MARKER)) : 'missing';
    // After a clean preflight for these files without --prune, nothing unexpected is there (the
    // lock is held): the tree need not be walked again.
    const pruned = typeof marker === 'object' && this.checkedClean !== files ? this.unexpected(marker, files) : [];
    // Unchanged files are carried over from the tree being replaced (ours), see CarryOver.
    const carry = typeof marker === 'object' ? new CarryOver(this.outdir) : undefined;
    // A tree of ours that already is exactly these files (its marker lists them and nothing else is
    // there, each holds these bytes) is left as it is: replacing it would change nothing.
    if (carry && pruned.length === 0 && carry.unchanged(files, markerContent(files, this.options.producer))) return { pruned };
    const tmp = sideName(this.outdir, `tmp-${process.pid}`);
    try {
      fs.rmSync(tmp, { recursive: true, force: true });
      fs.mkdirSync(tmp, { recursive: true });
      this.step('temp-created');
      const made = new Set<string>([tmp]);
      for (const f of files) {
        const target = path.join(tmp, f.path);
        const dir = path.dirname(target);
        if (!made.has(dir)) {
          fs.mkdirSync(dir, { recursive: true });
          made.add(dir);
        }
        if (!carry?.link(f, target)) fs.writeFileSync(target, f.content);
        this.step('temp-file');
      }
      // The marker last: a temp tree with a marker is complete.
      fs.writeFileSync(path.join(tmp, MARKER), markerContent(files, this.options.producer));
    } catch (e) {
      // A full disk or a read-only directory: the old tree has not been touched yet.
      fs.rmSync(tmp, { recursive: true, force: true });
      const err = e as NodeJS.ErrnoException;
      throw new ConfigError([this.finding('output-dir/write-failed', `cannot write the new tree beside ${this.display}: ${err.code ?? ''} ${err.message}`.trim(),
        'free space or fix permissions, then synthesize again')]);
    }
    this.step('temp-complete');
    const previous = sideName(this.outdir, 'previous');
    const swapFailed = (e: unknown) => {
      fs.rmSync(tmp, { recursive: true, force: true });
      const err = e as NodeJS.ErrnoException;
      return new ConfigError([this.finding('output-dir/write-failed', `cannot swap the new tree into ${this.display}: ${err.code ?? ''} ${err.message}`.trim(),
        'fix the permissions of the output directory and its parent, then synthesize again')]);
    };
    if (fs.existsSync(this.outdir)) {
      try {
        fs.renameSync(this.outdir, previous);
      } catch (e) {
        throw swapFailed(e);
      }
      this.step('old-moved-aside');
    }
    try {
      fs.renameSync(tmp, this.outdir);
    } catch (e) {
      // Put the old tree back before reporting, so a failed run leaves the output as it was.
      if (fs.existsSync(previous) && !fs.existsSync(this.outdir)) fs.renameSync(previous, this.outdir);
      throw swapFailed(e);
    }
    this.step('new-in-place');
    if (fs.existsSync(previous)) {
      // The new tree is in place: if the old one cannot be deleted now, the next run's recovery does it.
      try {
        removeTree(previous);
      } catch {
        return { pruned };
      }
      this.step('old-removed');
    }
    return { pruned };
  }
}

/**
 * Carries a file over from the tree being replaced when it is exactly the file a fresh write would
 * create: the new tree gets a hard link to the old file instead of a copy. A re-synth that changes
 * little then writes little, and deleting the old tree frees nothing still in use (on a busy disk,
 * deleting thousands of just-written files waits for their writeback). The old file is never
 * written to: changed files are new files, and the old tree is deleted once the new one is in place.
 *
 * "Exactly" is more than the bytes: everything a fresh write normalises must already hold, or the
 * file is written anew. It is a regular file (never a symbolic link, FIFO, socket, device or
 * directory, which are not even opened: opening a FIFO for reading blocks until a writer comes);
 * its mode is the one `writeFileSync` creates (0666 less the umask: no execute, setuid, setgid or
 * sticky bit a user added); it belongs to this process's user and the group a new file gets; and
 * it has no other hard link (a user's own link to a dist file would otherwise stay tied to the
 * output). The link must name the inode that was checked. Where hard links are not supported, or
 * the expected attributes cannot be known (the umask is not readable in a worker thread), files
 * are written as before.
 */
class CarryOver {
  private supported: boolean;
  /** Reused for every comparison: 50 MB of output would otherwise be 100 MB of short-lived buffers. */
  private readonly buffers = { old: Buffer.alloc(0), next: Buffer.alloc(0) };
  private readonly fresh: FreshAttributes | undefined;

  constructor(private readonly outdir: string) {
    this.fresh = freshAttributes(path.dirname(outdir));
    this.supported = this.fresh !== undefined;
  }

  /**
   * Whether the old tree is exactly what a full rewrite would leave: `marker` as its marker, every
   * file with these bytes and fresh attributes, and every directory (the output's own included)
   * with the mode, owner and group a new directory gets.
   */
  unchanged(files: readonly OutputFile[], marker: string): boolean {
    const fresh = this.fresh;
    if (fresh === undefined) return false;
    const dirs = new Set(['']);
    for (const f of files) {
      const parts = f.path.split('/');
      for (let i = 1; i < parts.length; i++) dirs.add(parts.slice(0, i).join('/'));
    }
    return [...dirs].every((d) => isFreshDirectory(path.join(this.outdir, d), fresh))
      && sameFile(path.join(this.outdir, MARKER), marker, fresh, this.buffers) !== undefined
      && files.every((f) => sameFile(path.join(this.outdir, f.path), f.content, fresh, this.buffers) !== undefined);
  }

  /** Links the old tree's identical file to `target`; false when the file has to be written. */
  link(file: OutputFile, target: string): boolean {
    if (!this.supported || this.fresh === undefined) return false;
    const old = path.join(this.outdir, file.path);
    if (!throughDirectoriesOnly(this.outdir, file.path)) return false;
    const ino = sameFile(old, file.content, this.fresh, this.buffers);
    if (ino === undefined) return false;
    try {
      fs.linkSync(old, target);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EXDEV' || code === 'EPERM' || code === 'ENOTSUP' || code === 'EOPNOTSUPP' || code === 'ENOSYS') this.supported = false;
      return false;
    }
    // Two names now: the old tree's and the new one. A third is someone else's link made meanwhile.
    const linked = fs.lstatSync(target);
    if (linked.ino === ino && linked.nlink === 2) return true;
    // The old path changed between the comparison and the link: write the file instead.
    fs.unlinkSync(target);
    return false;
  }
}

/** The attributes a file or directory the writer creates gets (open(2), mkdir(2): mode less umask; group from a setgid parent). */
interface FreshAttributes {
  readonly fileMode: number;
  readonly dirMode: number;
  readonly uid: number;
  readonly gid: number;
}

/** The set-group-ID bit (inode(7)); not in Node's typings of fs.constants. */
const S_ISGID = 0o2000;

/** What new entries under `parent` (the output's parent, where the temp tree is made) get; undefined when unknowable. */
function freshAttributes(parent: string): FreshAttributes | undefined {
  if (typeof process.geteuid !== 'function' || typeof process.getegid !== 'function') return undefined;
  let umask: number;
  let parentStat: fs.Stats;
  try {
    // Reading the umask sets it and puts it back; a worker thread may not (ERR_WORKER_UNSUPPORTED_OPERATION).
    umask = process.umask();
    parentStat = fs.statSync(parent);
  } catch {
    return undefined;
  }
  const setgid = (parentStat.mode & S_ISGID) !== 0;
  return {
    fileMode: 0o666 & ~umask,
    // A setgid directory passes its bit (and group) on to the directories made in it.
    dirMode: (0o777 & ~umask) | (setgid ? S_ISGID : 0),
    uid: process.geteuid(),
    gid: setgid ? parentStat.gid : process.getegid(),
  };
}

function isFreshDirectory(dir: string, fresh: FreshAttributes): boolean {
  try {
    const s = fs.lstatSync(dir);
    return s.isDirectory() && (s.mode & 0o7777) === fresh.dirMode && s.uid === fresh.uid && s.gid === fresh.gid;
  } catch {
    return false;
  }
}

/**
 * The inode of `file` when it is a regular file with a single link and fresh attributes, holding
 * exactly `content` as UTF-8; undefined otherwise (it is then written anew).
 */
function sameFile(file: string, content: string, fresh: FreshAttributes, buffers: { old: Buffer; next: Buffer }): number | undefined {
  const opened = openRegular(file, { follow: false });
  if (opened === undefined) return undefined;
  const { fd, stat } = opened;
  try {
    const size = stat.size;
    if ((stat.mode & 0o7777) !== fresh.fileMode || stat.uid !== fresh.uid || stat.gid !== fresh.gid || stat.nlink !== 1) return undefined;
    // Every UTF-16 unit is at least one UTF-8 byte: a longer string cannot be these bytes.
    if (content.length > size) return undefined;
    if (buffers.old.length < size + 4) {
      buffers.old = Buffer.allocUnsafe(2 * size + 4);
      buffers.next = Buffer.allocUnsafe(2 * size + 4);
    }
    // The encoding is the length check (no separate Buffer.byteLength pass over 50 MB): with room
    // for `size` bytes and one more character (at most 4 bytes), writing exactly `size` bytes means
    // the whole string was written and is that long.
    if (buffers.next.write(content, 0, 'utf-8') !== size) return undefined;
    let read = 0;
    while (read < size) {
      const n = fs.readSync(fd, buffers.old, read, size - read, read);
      if (n === 0) return undefined;
      read += n;
    }
    return buffers.old.compare(buffers.next, 0, size, 0, size) === 0 ? stat.ino : undefined;
  } catch {
    return undefined;
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * Opens `file` for reading only if it is a regular file, never blocking: anything else in the
 * output or beside it (a FIFO, whose open blocks until a writer comes, a socket, a device, whose
 * open may act on the device, a directory) is looked at with lstat/stat and never opened. Opened
 * with O_NONBLOCK in case the path is swapped between the check and the open, and checked again
 * with fstat (the same inode, still a regular file). `follow: false` also refuses a symbolic link.
 */
function openRegular(file: string, { follow }: { follow: boolean }): { fd: number; stat: fs.Stats } | undefined {
  let before: fs.Stats;
  let fd: number;
  try {
    before = follow ? fs.statSync(file) : fs.lstatSync(file);
    if (!before.isFile()) return undefined;
    fd = fs.openSync(file, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | (follow ? 0 : fs.constants.O_NOFOLLOW));
  } catch {
    return undefined;
  }
  try {
    const stat = fs.fstatSync(fd);
    if (stat.isFile() && stat.ino === before.ino && stat.dev === before.dev) return { fd, stat };
  } catch {
    // fall through: closed below
  }
  fs.closeSync(fd);
  return undefined;
}

/** The text of `file` when it is a regular file (see openRegular); undefined when missing or anything else. */
function readRegularText(file: string, { follow }: { follow: boolean }): string | undefined {
  const opened = openRegular(file, { follow });
  if (opened === undefined) return undefined;
  try {
    return fs.readFileSync(opened.fd, 'utf-8');
  } catch {
    return undefined;
  } finally {
    fs.closeSync(opened.fd);
  }
}

/**
 * Deletes a tree the writer owns (the old output, moved aside): one readdir per directory and one
 * unlink per entry, never following a symbolic link (it is unlinked itself). fs.rmSync's recursive
 * mode also stats every entry and first tries each directory as empty.
 */
function removeTree(dir: string): void {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, entry.name);
    if (entry.isDirectory()) removeTree(p);
    else fs.unlinkSync(p);
  }
  fs.rmdirSync(dir);
}

/**
 * Lock, recover, check and replace in one call. Throws ConfigError with the output-dir findings
 * when the directory may not be replaced (it is then left untouched).
 */
/** What a directory entry is, in words (its own type: a symbolic link is never followed). */
function entryKind(e: fs.Dirent): string {
  if (e.isFIFO()) return 'a named pipe';
  if (e.isSocket()) return 'a socket';
  if (e.isSymbolicLink()) return 'a symbolic link';
  if (e.isCharacterDevice() || e.isBlockDevice()) return 'a device';
  if (e.isDirectory()) return 'a directory';
  if (e.isFile()) return 'a regular file';
  return 'not a regular file';
}

/**
 * Whether every directory on the way from `root` to `rel` (a/b/c.yaml: a, a/b) is a real
 * directory, not a symbolic link to one: lstat and O_NOFOLLOW look at the last component only, so
 * a link where our directory was would otherwise be followed to files outside the output.
 */
function throughDirectoriesOnly(root: string, rel: string): boolean {
  const parts = rel.split('/');
  for (let i = 1; i < parts.length; i++) {
    try {
      if (!fs.lstatSync(path.join(root, ...parts.slice(0, i))).isDirectory()) return false;
    } catch {
      return false;
    }
  }
  return true;
}

export function writeDist(outdir: string, files: readonly OutputFile[], options: WriterOptions = {}): { pruned: string[] } {
  const tree = new OutputTree(outdir, options);
  tree.lock();
  try {
    tree.recover();
    const findings = tree.preflight(files);
    if (findings.length > 0) throw new ConfigError(findings);
    return tree.replace(files);
  } finally {
    tree.unlock();
  }
}

/**
 * The marker's text: a header, `format <n>`, then the files written, sorted, one per line, so a
 * diff shows what was added or removed:
 *
 *     # luneo-autoscaling output: this directory is written by `npm run synth`; do not edit.
 *     format 1
 *     production/horizontalpodautoscaler-luneo-backend-hpa.k8s.yaml
 */
export function markerContent(files: readonly OutputFile[], producer: OutputProducer = 'synth'): string {
  return [markerHeader(producer), `format ${MARKER_FORMAT}`, ...files.map((f) => f.path).sort()].join('\n') + '\n';
}

/** Reads a marker; tolerant of line order and repeats (a union merge), strict on the header. */
function readMarker(file: string): Marker | 'missing' | 'invalid' {
  // A marker that is not a regular file (a FIFO would block the read) is no marker.
  const text = readRegularText(file, { follow: true });
  if (text === undefined) return 'missing';
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l !== '');
  const header = MARKER_HEADER_PATTERN.exec(lines[0] ?? '');
  if (!header) return 'invalid';
  const formats = lines.filter((l) => /^format \d+$/.test(l)).map((l) => Number(l.slice('format '.length)));
  const files = lines.slice(1).filter((l) => !/^format \d+$/.test(l) && !l.startsWith('#'));
  const safe = files.every((f) => !f.startsWith('/') && !f.split('/').includes('..'));
  if (formats.length === 0 || !safe) return 'invalid';
  return { producer: header[1] as OutputProducer, format: Math.max(...formats), files };
}

/** A process as the lock names it: its pid and, where /proc tells it, when it started. */
interface LockHolder {
  readonly pid: number;
  /** Clock ticks after boot (proc(5), /proc/<pid>/stat field 22); absent off Linux and in older locks. */
  readonly start?: number;
}

/** The lock file's text: `<pid> <start>` (`<pid>` alone where the start time cannot be read). */
function lockText(pid: number): string {
  const start = processStart(pid);
  return start === undefined ? `${pid}\n` : `${pid} ${start}\n`;
}

function parseLock(text: string | undefined): LockHolder | undefined {
  if (text === undefined) return undefined;
  const [pid, start] = text.trim().split(/\s+/).map((x) => Number(x));
  if (!Number.isSafeInteger(pid) || pid <= 0) return undefined;
  return Number.isSafeInteger(start) && start >= 0 ? { pid, start } : { pid };
}

/**
 * Whether the lock's process still holds it: it runs, and it is the same process, not a later one
 * the kernel gave the same pid (pids are reused, in a container within seconds). Without a start
 * time on either side, a running pid holds it.
 */
function holdsLock(holder: LockHolder): boolean {
  if (!isAlive(holder.pid)) return false;
  if (holder.start === undefined) return true;
  const now = processStart(holder.pid);
  return now === undefined || now === holder.start;
}

/** When process `pid` started, in clock ticks after boot (/proc/<pid>/stat field 22), or undefined off Linux. */
export function processStart(pid: number): number | undefined {
  const start = Number(procStatFields(pid)?.[22 - 3]);
  return Number.isSafeInteger(start) ? start : undefined;
}

/** How long an empty lock file counts as a run that is just starting (creating and filling it). */
const EMPTY_LOCK_GRACE_MS = 10_000;

function mtimeMs(file: string): number {
  try {
    return fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

/**
 * Whether process `pid` still runs. A zombie (exited, not yet reaped by its parent: after
 * `timeout -s KILL`, for up to a few seconds) answers signal 0 but holds nothing, so on Linux its
 * state in /proc/<pid>/stat (proc(5), field 3) counts too; elsewhere signal 0 alone decides.
 */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
  return !isZombie(pid);
}

function isZombie(pid: number): boolean {
  return procStatFields(pid)?.[0] === 'Z';
}

/** The fields of /proc/<pid>/stat from field 3 (the state) on, or undefined where it cannot be read. */
function procStatFields(pid: number): string[] | undefined {
  try {
    return statFields(fs.readFileSync(`/proc/${pid}/stat`, 'utf-8'));
  } catch {
    return undefined;
  }
}

/** The fields of a /proc/<pid>/stat line after the command name, which may hold spaces and ')'. */
function statFields(stat: string): string[] {
  return stat.slice(stat.lastIndexOf(')') + 1).trim().split(/\s+/);
}

/** The state letter of a /proc/<pid>/stat line (proc(5), field 3). */
export function procStatState(stat: string): string | undefined {
  return statFields(stat)[0] || undefined;
}

/** The real path of `p`, or of its deepest existing ancestor joined with the rest. */
function realish(p: string): string {
  const abs = path.resolve(p);
  try {
    return fs.realpathSync(abs);
  } catch {
    const parent = path.dirname(abs);
    return parent === abs ? abs : path.join(realish(parent), path.basename(abs));
  }
}
