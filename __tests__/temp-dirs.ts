import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

/**
 * A new directory `$TMPDIR/luneo-<prefix>-XXXXXX`, removed when the test file ends: by the test
 * environment (jest.environment.js), after the file's last afterAll, so hooks may still read it
 * and a browser may still hold it as its profile. Every test-made temp dir comes from here.
 */
export function tempDir(prefix: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `luneo-${prefix}-`));
  tempDirs().push(dir);
  return dir;
}

/** The list jest.environment.js empties at teardown: on the test file's global, shared by every module registry the file loads this into. */
function tempDirs(): string[] {
  const g = globalThis as { __luneoTempDirs?: string[] };
  return (g.__luneoTempDirs ??= []);
}
