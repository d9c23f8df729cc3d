import * as fs from 'fs';
import * as path from 'path';
import { Finding } from '../config/findings';

/** A file a command regenerates inside the project (a JSON schema, a vendored validator). */
export interface GeneratedFile {
  /** Absolute path of the file. */
  readonly file: string;
  readonly content: string;
}

const refusal = (shown: string, rule: string, message: string, hint: string): Finding =>
  ({ severity: 'error', path: [], rule, message: `${shown} ${message}`, hint, location: { file: shown } });

/**
 * Why `file` cannot be (re)written as a generated file of the project at `root`, or undefined.
 * The path itself is looked at, never followed: a symbolic link is refused wherever it points (a
 * link to a file outside the project would be overwritten), a directory, FIFO, socket or device is
 * not a file to replace, and the directory it lives in must resolve inside the project.
 * Rules: `generated-file/symbolic-link`, `generated-file/not-a-file`, `generated-file/outside-project`.
 */
export function generatedFileRefusal(root: string, file: string, shown: string): Finding | undefined {
  let realRoot: string;
  let realParent: string;
  try {
    realRoot = fs.realpathSync(root);
    realParent = fs.realpathSync(path.dirname(file));
  } catch (e) {
    return refusal(shown, 'generated-file/outside-project', `cannot be written: its directory ${path.dirname(shown)} is missing or unreadable (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
      'restore the directory from git (git checkout -- <dir>)');
  }
  const rel = path.relative(realRoot, realParent);
  if (rel.startsWith('..') || path.isAbsolute(rel)) {
    return refusal(shown, 'generated-file/outside-project', `is not written: its directory resolves to ${realParent}, outside the project ${realRoot}`,
      'make the directory a real directory of the project (not a symbolic link out of it)');
  }
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(file);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    return refusal(shown, 'generated-file/not-a-file', `cannot be inspected (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`, 'make it a readable regular file, or remove it');
  }
  if (stat.isSymbolicLink()) {
    return refusal(shown, 'generated-file/symbolic-link', `is a symbolic link (to ${fs.readlinkSync(file)}); a generated file is never written through a link`,
      'remove the link (the command writes a regular file in its place); git checkout restores the committed file');
  }
  if (!stat.isFile()) {
    const kind = stat.isDirectory() ? 'a directory' : stat.isFIFO() ? 'a named pipe (FIFO)' : stat.isSocket() ? 'a socket' : 'a device';
    return refusal(shown, 'generated-file/not-a-file', `is ${kind}, not the generated file`, 'remove it (the command writes a regular file in its place)');
  }
  return undefined;
}

/**
 * Writes generated files of the project at `root`, all or none: every target is checked first
 * (generatedFileRefusal), then each is written to a temporary file beside it and renamed over it,
 * so a reader never sees half a file and the rename replaces a directory entry, never following a
 * link that appeared meanwhile. Returns the refusals (nothing written) or an empty list.
 */
export function writeGeneratedFiles(root: string, files: readonly GeneratedFile[], show: (file: string) => string): Finding[] {
  const refused = files.map((f) => generatedFileRefusal(root, f.file, show(f.file))).filter((f): f is Finding => f !== undefined);
  if (refused.length > 0) return refused;
  for (const f of files) {
    const temp = path.join(path.dirname(f.file), `.${path.basename(f.file)}.${process.pid}.tmp`);
    try {
      fs.writeFileSync(temp, f.content, { flag: 'wx' });
      fs.renameSync(temp, f.file);
    } catch (e) {
      fs.rmSync(temp, { force: true });
      return [refusal(show(f.file), 'generated-file/unwritable', `cannot be written (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`,
        'make its directory writable')];
    }
  }
  return [];
}
