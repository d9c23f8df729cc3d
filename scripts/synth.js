#!/usr/bin/env node
// `npm run synth`: runs main.ts from an esbuild bundle (dependencies included) cached under .build/,
// keyed by a hash of the sources and of this script, with V8's code cache beside it, so a synth
// costs one Node start instead of a TypeScript compile. Arguments pass through (see main.ts). Plain
// JS on purpose: nothing has to be transpiled before the cache is consulted.
'use strict';
const crypto = require('crypto');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const buildDir = path.join(root, '.build');

function sourceFiles(entry) {
  const full = path.join(root, entry);
  if (!fs.statSync(full).isDirectory()) return [full];
  return fs.readdirSync(full).sort().flatMap((e) => sourceFiles(path.join(entry, e)));
}

const hash = crypto.createHash('sha256');
for (const file of ['main.ts', 'lib', 'imports', 'package-lock.json', 'scripts/synth.js'].flatMap(sourceFiles)) {
  hash.update(path.relative(root, file)).update('\0').update(fs.readFileSync(file));
}
const bundle = path.join(buildDir, `synth-${hash.digest('hex').slice(0, 16)}.js`);

if (!fs.existsSync(bundle)) {
  fs.mkdirSync(buildDir, { recursive: true });
  const tmp = `${bundle}.${process.pid}`;
  // Dependencies are bundled too: one file to read and compile instead of a few hundred modules to
  // resolve, and esbuild leaves out what is never imported (zod's locales, most of yaml's API).
  // Syntax/whitespace minification shrinks what V8 parses; identifiers are not renamed, so traces of
  // internal errors stay readable. No `keepNames`: its wrapper on every function made synth 3x slower.
  require('esbuild').buildSync({
    entryPoints: [path.join(root, 'main.ts')], outfile: tmp, bundle: true, platform: 'node',
    target: 'node20', logLevel: 'warning', minifySyntax: true, minifyWhitespace: true,
  });
  fs.renameSync(tmp, bundle);
  for (const old of fs.readdirSync(buildDir)) {
    if (/^synth-[0-9a-f]+\.(js|v8cache)$/.test(old) && !bundle.startsWith(path.join(buildDir, old.replace(/\.\w+$/, '')))) {
      fs.rmSync(path.join(buildDir, old), { force: true });
    }
  }
}
runWithCodeCache(bundle);

/**
 * Runs the bundle as a CommonJS module, with V8's code cache kept next to it: the functions compiled
 * by one run are reused by the next instead of being parsed and compiled again (the technique of
 * the v8-compile-cache package). A missing or rejected cache only costs that compile.
 */
function runWithCodeCache(file) {
  const vm = require('vm');
  const Module = require('module');
  const cacheFile = file.replace(/\.js$/, '.v8cache');
  let cachedData;
  try { cachedData = fs.readFileSync(cacheFile); } catch { cachedData = undefined; }
  const script = new vm.Script(Module.wrap(fs.readFileSync(file, 'utf-8')), { filename: file, cachedData });
  const mod = new Module(file, module);
  mod.filename = file;
  mod.paths = Module._nodeModulePaths(path.dirname(file));
  const save = () => {
    if (cachedData && !script.cachedDataRejected) return;
    const tmp = `${cacheFile}.${process.pid}`;
    try {
      fs.writeFileSync(tmp, script.createCachedData());
      fs.renameSync(tmp, cacheFile);
    } catch {
      fs.rmSync(tmp, { force: true });
    }
  };
  process.once('exit', save);
  script.runInThisContext()(mod.exports, (id) => mod.require(id), mod, file, path.dirname(file));
}
