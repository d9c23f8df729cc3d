// jest's module loader (jest-runtime) with what one test file compiled reused by the next one in
// the same worker process. jest gives every test file a fresh module registry, so each file
// compiles every module it loads again (cdk8s, cdk8s-plus, imports/k8s.ts, zod, yaml, echarts...):
// in a cold `npm test` that was about a third of the time spent outside the tests themselves.
// Here each module is compiled through vm.Script, and from its second load on with V8's code cache
// of the previous load, taken after that file ran, so the functions it compiled lazily come too
// (the technique of the v8-compile-cache package). Source files are read once per process (checked
// against their mtime and size). Nothing is written to disk: a `--no-cache` run stays cold.
// Modules still run once per test file in its own registry: isolation is unchanged. Anything not
// as expected (another jest version, a syntax error to report) goes through jest's own code.
'use strict';
const fs = require('fs');
const vm = require('vm');
const Runtime = require('jest-runtime').default;

/** filename -> { source, header, script } until its second load, then { source, header, data }. */
const compiled = new Map();
/** filename -> { mtimeMs, size, buffer, text } */
const files = new Map();

function stat(filename) {
  try {
    const s = fs.statSync(filename);
    return { mtimeMs: s.mtimeMs, size: s.size };
  } catch {
    return undefined;
  }
}

function cachedFile(filename) {
  const now = stat(filename);
  const known = files.get(filename);
  if (known && now && known.mtimeMs === now.mtimeMs && known.size === now.size) return known;
  if (!now) return undefined;
  const entry = { ...now, buffer: fs.readFileSync(filename), text: undefined };
  files.set(filename, entry);
  return entry;
}

class CodeCachingRuntime extends Runtime {
  constructor(...args) {
    super(...args);
    const fileCache = this.fileCache;
    if (fileCache && typeof fileCache.readFile === 'function' && fileCache.strings instanceof Map) {
      fileCache.readFileBuffer = (filename) => {
        let buffer = fileCache.buffers.get(filename);
        if (!buffer) {
          buffer = cachedFile(filename)?.buffer ?? fs.readFileSync(filename);
          fileCache.buffers.set(filename, buffer);
        }
        return buffer;
      };
      fileCache.readFile = (filename) => {
        let text = fileCache.strings.get(filename);
        if (text === undefined) {
          const entry = cachedFile(filename);
          text = entry ? (entry.text ??= entry.buffer.toString()) : fs.readFileSync(filename).toString();
          fileCache.strings.set(filename, text);
        }
        return text;
      };
    }
    const executor = this.executor;
    if (executor && typeof executor.compile === 'function' && Array.isArray(executor.injectedModuleParameters)) {
      const jestCompile = executor.compile.bind(executor);
      executor.compile = (source, filename) => compile(executor, jestCompile, source, filename);
    }
  }
}

function compile(executor, jestCompile, source, filename) {
  const context = executor.environment.getVmContext();
  if (context == null || executor.resolution.isCoreModule(filename)) return jestCompile(source, filename);
  // The module body on its own lines after the wrapper's, so its positions are the file's.
  const header = `(function (${executor.injectedModuleParameters.join(', ')}) {`;
  const known = compiled.get(filename);
  const same = known !== undefined && known.source === source && known.header === header;
  if (same && known.script) {
    known.data = known.script.createCachedData();
    known.script = undefined;
  }
  let script;
  try {
    script = new vm.Script(`${header}\n${source}\n})`, {
      filename,
      lineOffset: -1,
      cachedData: same ? known.data : undefined,
      importModuleDynamically: (specifier, _script, importAttributes) => executor.dynamicImport(specifier, filename, context, importAttributes),
    });
  } catch {
    return jestCompile(source, filename); // jest reports syntax errors its own way
  }
  if (!same) compiled.set(filename, { source, header, script });
  return script.runInContext(context);
}

module.exports = CodeCachingRuntime;
