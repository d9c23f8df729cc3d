import * as fs from 'fs';
import * as path from 'path';

/** A file to write, relative to the output directory. */
export interface OutputFile {
  readonly path: string;
  readonly content: string;
}

/**
 * Replaces the output directory with exactly `files`, all or nothing. Files are written to a fresh
 * sibling directory first; only a complete tree is swapped in, by two renames. A run killed before
 * the swap leaves the old tree untouched (and a stray temp dir, removed next time); one killed
 * between the two renames leaves the old tree under `.<name>.previous`, which the next run puts back.
 */
export function writeDist(outdir: string, files: readonly OutputFile[]): void {
  if (files.length === 0) throw new Error('refusing to replace the output with an empty tree');
  const parent = path.dirname(path.resolve(outdir));
  const base = path.basename(outdir);
  const previous = path.join(parent, `.${base}.previous`);
  recover(outdir, previous);
  cleanStaleTemps(parent, base);

  const tmp = path.join(parent, `.${base}.tmp-${process.pid}`);
  fs.rmSync(tmp, { recursive: true, force: true });
  for (const f of files) {
    const target = path.join(tmp, f.path);
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.writeFileSync(target, f.content);
  }
  if (fs.existsSync(outdir)) fs.renameSync(outdir, previous);
  fs.renameSync(tmp, outdir);
  fs.rmSync(previous, { recursive: true, force: true });
}

/** A swap interrupted between its two renames: put the previous tree back. */
function recover(outdir: string, previous: string): void {
  if (!fs.existsSync(previous)) return;
  if (fs.existsSync(outdir)) fs.rmSync(previous, { recursive: true, force: true });
  else fs.renameSync(previous, outdir);
}

function cleanStaleTemps(parent: string, base: string): void {
  const prefix = `.${base}.tmp-`;
  for (const entry of fs.readdirSync(parent)) {
    if (entry.startsWith(prefix)) fs.rmSync(path.join(parent, entry), { recursive: true, force: true });
  }
}
