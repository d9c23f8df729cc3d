// jest's node environment, plus: the temp directories a test file created through
// __tests__/support.ts (tempDir, PRODUCTION_FILE, the git template) are removed when that file
// ends. Teardown runs after every hook of the file, its own afterAll included (which may still read
// them, or close a browser using one as its profile), so no test has to order its hooks around it.
'use strict';
const fs = require('fs');
const { TestEnvironment } = require('jest-environment-node');

/** The global (in the test file's sandbox) support.ts lists its temp directories in. */
const TEMP_DIRS = '__luneoTempDirs';

class TempDirEnvironment extends TestEnvironment {
  async teardown() {
    const made = this.global && this.global[TEMP_DIRS];
    if (Array.isArray(made)) {
      for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
    }
    await super.teardown();
  }
}

module.exports = TempDirEnvironment;
module.exports.TEMP_DIRS = TEMP_DIRS;
