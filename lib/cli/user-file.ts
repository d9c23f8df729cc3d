import * as fs from 'fs';

/**
 * Why a path given on the command line cannot be read as a file, or undefined when it is a regular
 * file. Stats first (following symlinks) and never opens anything else: reading a named pipe
 * (FIFO) blocks until a writer comes, a character device (/dev/zero, /dev/urandom) never ends.
 */
export function notARegularFile(file: string): { code: 'missing' | 'directory' | 'not-regular' | 'unreadable'; why: string } | undefined {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return code === 'ENOENT' ? { code: 'missing', why: 'does not exist' } : { code: 'unreadable', why: `cannot be read (${code ?? (e as Error).message})` };
  }
  if (stat.isFile()) return undefined;
  if (stat.isDirectory()) return { code: 'directory', why: 'is a directory, not a file' };
  const kind = stat.isFIFO() ? 'a named pipe (FIFO)' : stat.isSocket() ? 'a socket' : stat.isCharacterDevice() ? 'a character device' : stat.isBlockDevice() ? 'a block device' : 'not a file';
  return { code: 'not-regular', why: `is ${kind}, not a regular file` };
}
