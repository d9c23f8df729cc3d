import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * A digest of a config directory: the name and text of each of its files (environments and the
 * bases they extend, which live beside them), for commands that keep what they computed from a
 * config while it is unchanged. Null when the directory cannot be read or holds anything but
 * regular files (a link, a FIFO, a subdirectory): such a config is computed every time.
 */
export function configDigest(dir: string): string | null {
  try {
    const hash = createHash('sha256');
    for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      if (!e.isFile()) return null;
      hash.update(e.name).update('\0').update(fs.readFileSync(path.join(dir, e.name))).update('\0');
    }
    return hash.digest('hex');
  } catch {
    return null;
  }
}
