import * as fs from 'fs';
import * as path from 'path';
import { Document, isAlias, isCollection, isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument, visit } from 'yaml';
import { ConfigError, FieldPath, Finding, formatLocation, Location } from './findings';
import { composeLayers, EXTENDS_KEY, Layer, LAYER_FILE } from './layers';
import { Environment } from './schema';
import { validateEnvironment } from './validate';
import { decodeUtf8Text } from './text-encoding';

// The byte-level readers moved to text-encoding.ts (shared with the trace reader); kept here for callers.
export { bytePosition, firstInvalidUtf8 } from './text-encoding';
import { displayPath } from './user-paths';
import { runawayNestingFinding, tooDeepFinding } from './yaml-depth';

/**
 * Reads and validates environment files. The only part of the config layer that touches the file
 * system; everything downstream receives a validated `Environment`. Every problem with the input
 * (directory, file, encoding, YAML, aliases, schema, consistency) comes back as a finding, never
 * as an exception: a thrown error that is not a ConfigError is a bug.
 *
 * Split in layers so a caller that composes several files (a base and an environment overlay)
 * can reuse each: `readConfigText` (bytes -> text), `parseYaml` (text -> plain value plus a
 * locator), `parseEnvironment` (text -> validated environment).
 */

/** Maps a field path of a parsed file to where it is written (its deepest existing ancestor). */
export type Locator = ((fieldPath: FieldPath) => Location) & {
  /**
   * Set when every field of the environment is written in this one file (it extends no base):
   * a caller that needs only the file (the summary's own-value marks) need not locate.
   */
  readonly file?: string;
  /**
   * Set on the locator of a layered environment: a finding located in a base file is then said to
   * be in this environment too, since the base is shared and only this environment triggers it.
   */
  readonly environment?: { readonly name: string; readonly file: string };
  /**
   * The file that states the value at exactly this field path; undefined for a value no file states
   * (a default). The summary marks an environment's own values with it.
   */
  readonly writtenIn?: (fieldPath: FieldPath) => string | undefined;
};

/**
 * Aliases one document may expand. The yaml library's own default; a "billion laughs" document
 * exceeds it after a few levels, and a reviewed config never needs more.
 * @see https://eemeli.org/yaml/#options (maxAliasCount)
 */
export const MAX_ALIAS_COUNT = 100;

/**
 * Largest config file read (4 MiB): ten times a 500-workload environment. Larger is not a
 * reviewed file, and parsing it would only cost time and memory.
 */
export const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

const fileFinding = (file: string, rule: string, message: string, hint: string, line?: number, column?: number): Finding => ({
  severity: 'error', path: [], rule, message, hint, location: line === undefined ? { file } : { file, line, column },
});

/**
 * Reads a config file as UTF-8 text. A UTF-8 byte order mark is dropped (editors on Windows add
 * one); UTF-16 and invalid UTF-8 are findings at the first offending byte, since a replacement
 * character would otherwise end up in a name or a query.
 */
export function readConfigText(file: string, display = displayPath(file)): { text?: string; findings: Finding[] } {
  let bytes: Buffer;
  try {
    const stat = fs.statSync(file);
    // A named pipe (FIFO) would block the read forever, a device never end: regular files only.
    if (!stat.isFile() && !stat.isDirectory()) {
      const kind = stat.isFIFO() ? 'a named pipe (FIFO)' : stat.isSocket() ? 'a socket' : stat.isCharacterDevice() ? 'a character device' : 'a device';
      return { findings: [fileFinding(display, 'config/not-a-file', `${display} is ${kind}, not a regular file`, 'make it a regular YAML file, or remove it from the config directory')] };
    }
    const size = stat.size;
    if (size > MAX_CONFIG_BYTES) {
      return { findings: [fileFinding(display, 'config/too-large', `${display} is ${size} bytes, more than the ${MAX_CONFIG_BYTES} an environment file may have`,
        'an environment file is reviewed by people: split it (a shared _base.yaml and per-environment files), or check it is the right file')] };
    }
    bytes = fs.readFileSync(file);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    const why = err.code === 'EISDIR' ? 'is a directory, not a file'
      : err.code === 'EACCES' || err.code === 'EPERM' ? 'is not readable (permission denied)'
        : err.code === 'ENOENT' ? 'does not exist (a dangling symbolic link?)'
          : `cannot be read (${err.code ?? err.message})`;
    return { findings: [fileFinding(display, 'config/unreadable', `${display} ${why}`, 'make it a readable file, or remove it from the config directory')] };
  }
  const decoded = decodeUtf8Text(bytes);
  if (decoded.problem) {
    const p = decoded.problem;
    return { findings: [fileFinding(display, 'config/encoding', p.message, p.hint, p.line, p.column)] };
  }
  return { text: decoded.text, findings: [] };
}

/**
 * Parses one YAML document into a plain value. Syntax errors, duplicate keys (named, at the
 * duplicate), unresolved tags, collection keys, several documents and alias expansion beyond
 * MAX_ALIAS_COUNT are findings; `value` is present only when there are none.
 */
export function parseYaml(text: string, file: string): { value?: unknown; locate: Locator; findings: Finding[]; layer?: Layer } {
  const runaway = runawayNestingFinding(text, 'yaml/too-deep', file, 'an environment file is a few levels deep');
  if (runaway) return { locate: () => runaway.location!, findings: [runaway] };
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number): Location => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const locate: Locator = (fieldPath) => at(offsetOf(doc.contents, fieldPath));
  const findings: Finding[] = [];
  const push = (offset: number, rule: string, message: string, hint: string) =>
    findings.push({ severity: 'error', path: pathAtOffset(doc.contents, offset), rule, message, hint, location: at(offset) });

  for (const e of [...doc.errors, ...doc.warnings]) {
    const offset = e.pos[0];
    if (e.code === 'DUPLICATE_KEY') {
      const key = keyAtOffset(doc, offset);
      push(offset, 'yaml/duplicate-key', `key ${JSON.stringify(key ?? text.slice(e.pos[0], e.pos[1]))} is defined twice in the same mapping; YAML keeps only one of them`, 'remove or merge the duplicate');
    } else if (e.code === 'MULTIPLE_DOCS') {
      push(offset, 'yaml/multiple-documents', 'the file holds more than one YAML document (a `---` separator)', 'keep one environment per file');
    } else if (e.code === 'TAG_RESOLVE_FAILED') {
      push(offset, 'yaml/unsupported-tag', e.message.split('\n')[0], 'remove the tag; environment files use plain YAML values');
    } else if (e.code === 'RESOURCE_EXHAUSTION') {
      // Named at the field holding the runaway nesting, not at the thousandth list inside it.
      const at = pathAtOffset(doc.contents, offset);
      while (typeof at[at.length - 1] === 'number') at.pop();
      findings.push(tooDeepFinding('yaml/too-deep', at, locate(at), 'an environment file is a few levels deep'));
    } else if (e.code === 'BAD_ALIAS') {
      push(offset, 'yaml/unknown-alias', e.message.split('\n')[0], 'define the anchor (&name) before using it');
    } else {
      push(offset, 'yaml/syntax', e.message.split('\n')[0], 'fix the YAML syntax');
    }
  }
  if (findings.length > 0) {
    // The parser may report runaway nesting at several offsets of the same field: once is enough.
    const seen = new Set<string>();
    const unique = findings.filter((f) => {
      const key = `${f.rule} ${f.path.join('.')} ${f.rule === 'yaml/too-deep' ? '' : `${f.location?.line}:${f.location?.column}`}`;
      return !seen.has(key) && !!seen.add(key);
    });
    return { locate, findings: unique };
  }

  let aliases = false;
  visit(doc, {
    Alias: () => {
      aliases = true;
    },
    Pair: (_key, pair) => {
      if (isCollection(pair.key)) {
        const offset = (pair.key as Node).range?.[0] ?? 0;
        push(offset, 'yaml/complex-key', 'a mapping key must be a plain scalar, not a list or mapping', 'use a string key');
      } else if (isScalar(pair.key) && pair.key.value === '<<' && pair.key.type === 'PLAIN') {
        // YAML 1.2 has no merge key: `<<` would be an ordinary key, and the values it meant to merge lost.
        push(pair.key.range?.[0] ?? 0, 'yaml/merge-key', 'merge keys (`<<: *anchor`) are not part of YAML 1.2 and are not merged',
          'write the fields out, or put shared values in a base file (extends: _base.yaml)');
      }
    },
  });
  if (findings.length > 0) return { locate, findings };

  const expanded = documentValue(doc, at);
  if (expanded.findings.length > 0) return { locate, findings: expanded.findings };
  return { value: expanded.value, locate, findings, layer: { file, doc, lineCounter, aliases } };
}

/**
 * A parsed YAML document as a plain value, its aliases expanded up to MAX_ALIAS_COUNT nodes. The
 * yaml library throws a ReferenceError past that limit ("Excessive alias count", a "billion laughs"
 * document) and for an alias that names no anchor; here each is a finding at the alias, with its
 * field path, located by `at` (offset -> file:line[:column]): yaml/alias-limit at the first alias,
 * where expansion starts, or yaml/unknown-alias at the alias named. Every command that reads YAML
 * (the config, simulate --hpa, explain, conformance vectors) expands through this one function.
 */
export function documentValue(doc: Document, at: (offset: number) => Location): { value: unknown; findings: [] } | { value?: undefined; findings: Finding[] } {
  try {
    return { value: doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }), findings: [] };
  } catch (e) {
    if (!(e instanceof ReferenceError)) throw e;
    let offset = 0;
    const finding = (rule: string, message: string, hint: string): Finding =>
      ({ severity: 'error', path: pathAtOffset(doc.contents, offset), rule, message, hint, location: at(offset) });
    if (/unresolved alias/i.test(e.message)) {
      const name = /: (\S+)$/.exec(e.message)?.[1];
      visit(doc, { Alias: (_k, node) => { if (node.source === name) { offset = node.range?.[0] ?? 0; return visit.BREAK; } return undefined; } });
      return { findings: [finding('yaml/unknown-alias', `alias *${name} names no anchor defined before it`, 'define the anchor (&name) before using it')] };
    }
    visit(doc, { Alias: (_k, node) => { offset = node.range?.[0] ?? 0; return visit.BREAK; } });
    return { findings: [finding('yaml/alias-limit', `aliases expand to more than ${MAX_ALIAS_COUNT} nodes (the yaml library stops there: a "billion laughs" document would exhaust memory)`,
      'write the values out, or use fewer nested aliases')] };
  }
}

/** Parses and validates one environment file's text; findings carry file:line:column. */
export function parseEnvironment(text: string, file: string): { env?: Environment; findings: Finding[]; locate: Locator } {
  const parsed = parseYaml(text, file);
  if (parsed.findings.length > 0) return parsed;
  if (parsed.value === null || parsed.value === undefined) {
    return { locate: parsed.locate, findings: [fileFinding(file, 'config/empty-file', 'the file holds no environment', 'write the environment, or remove the file', 1, 1)] };
  }
  const { env, findings } = validateEnvironment(parsed.value);
  return { env, locate: parsed.locate, findings: findings.map((f) => locateFinding(f, parsed.locate)) };
}

/** Adds the location of a finding and of the entries it relates to. */
export function locateFinding(f: Finding, locate: Locator): Finding {
  const location = f.location ?? locate(f.path);
  const env = locate.environment;
  const inherited = env && location.file !== env.file && !f.message.startsWith('in environment ');
  return {
    ...f,
    ...(inherited ? { message: `in environment ${env.name} (${env.file}): ${f.message}` } : {}),
    location,
    ...(f.related ? { related: f.related.map((r) => ({ ...r, location: r.location ?? locate(r.path) })) } : {}),
  };
}

/**
 * For an error about a whole mapping (an exclusive-field rule such as "exactly one of
 * maxUnavailable or minAvailable") whose fields come from more than one file: every field is listed
 * with the file and line it came from, and the fix says how to drop a base's field (`<key>: null`),
 * since merging keeps the base's fields beside the environment's.
 */
function explainMergedMapping(f: Finding, value: unknown, locate: Locator, envFile: string): Finding {
  if (f.severity !== 'error') return f;
  let node: unknown = value;
  for (const key of f.path) node = node !== null && typeof node === 'object' ? (node as Record<string | number, unknown>)[key] : undefined;
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return f;
  const fields = Object.keys(node).map((key) => ({ key, location: locate([...f.path, key]) }));
  const inherited = fields.filter((x) => x.location.file !== envFile);
  if (inherited.length === 0 || inherited.length === fields.length) return f;
  const where = fields.map((x) => `${x.key} from ${formatLocation(x.location)}`).join(', ');
  const nulls = inherited.map((x) => `${x.key}: null`).join(', ');
  return {
    ...f,
    message: `${f.message}; the merged value has ${where}`,
    related: [...(f.related ?? []), ...fields.map((x) => ({ path: [...f.path, x.key], location: x.location }))],
    hint: `a base's field stays beside the ones ${envFile} sets; to drop it, write ${nulls} there (null removes an inherited field)${f.hint ? `, or ${f.hint}` : ''}`,
  };
}

/**
 * Loads `<dir>/<name>.yaml`, composed with the base files it extends (see layers.ts); throws
 * ConfigError with every finding when it has errors. Findings name the file and line each
 * effective value came from. The environment's name must be its file name, so that
 * `dist/<environment>/` and the file a reviewer edits always agree.
 */
export function loadEnvironmentFile(file: string): { env: Environment; warnings: Finding[]; locate: Locator; layers: string[] } {
  const read = readLayers(file);
  if (!read.layers) throw new ConfigError(read.findings);
  const composed = composeLayers(read.layers);
  const value = read.value ?? composed.doc.toJS();
  const envFile = displayPath(file);
  const locate: Locator = Object.assign((p: FieldPath) => composed.locate(p),
    read.layers.length > 1 ? { environment: { name: path.basename(file, '.yaml'), file: envFile } } : { file: envFile },
    { writtenIn: composed.writtenIn });
  const layers = read.layers.map((l) => l.file);
  const parsed = validateLayered(value, locate);
  parsed.findings = parsed.findings.map((f) => explainMergedMapping(f, value, locate, envFile));
  if (layers.length === 1) parsed.findings = withExtendsHint(parsed.findings, file);
  const name = path.basename(file, '.yaml');
  if (parsed.env && RESERVED_ENVIRONMENT_NAMES.includes(parsed.env.environment)) {
    parsed.findings.push(locateFinding({ severity: 'error', path: ['environment'], rule: 'config/reserved-name',
      message: `"${parsed.env.environment}" names a directory of dist/ that is not an environment (${RESERVED_ENVIRONMENT_NAMES.join(', ')})`,
      hint: 'choose another environment name' }, parsed.locate));
    parsed.env = undefined;
  } else if (parsed.env && parsed.env.environment !== name) {
    parsed.findings.push(locateFinding({ severity: 'error', path: ['environment'], rule: 'config/environment-name',
      message: `environment "${parsed.env.environment}" is defined in ${path.basename(file)}; output goes to dist/<environment>/, so the two must agree`,
      hint: `set environment: ${name}, or rename the file` }, parsed.locate));
    parsed.env = undefined;
  }
  if (!parsed.env) throw new ConfigError(parsed.findings);
  return { env: parsed.env, warnings: parsed.findings, locate: parsed.locate, layers };
}

function validateLayered(value: unknown, locate: Locator): { env?: Environment; findings: Finding[]; locate: Locator } {
  const { env, findings } = validateEnvironment(value);
  return { env, locate, findings: findings.map((f) => locateFinding(f, locate)) };
}

/**
 * A file without `extends:` beside a base file misses every field the base would give it: its
 * "is required" errors then say so in their fix, instead of only asking for each field.
 */
function withExtendsHint(findings: Finding[], file: string): Finding[] {
  if (!findings.some((f) => f.rule === 'schema/required')) return findings;
  let bases: string[];
  try {
    bases = fs.readdirSync(path.dirname(file)).filter((n) => LAYER_FILE.test(n)).sort();
  } catch {
    return findings;
  }
  if (bases.length === 0) return findings;
  const hint = `add extends: ${bases[0]} as the first line of ${path.basename(file)} to take the shared values from the base${bases.length > 1 ? ` (bases here: ${bases.join(', ')})` : ''}, or add the field`;
  return findings.map((f) => (f.rule === 'schema/required' ? { ...f, hint } : f));
}


/**
 * dist/ directories that are not environments: Argo CD Applications, Helm values, runbooks,
 * dashboard JSON. A test checks every top-level directory the renderer writes is listed here.
 */
export const RESERVED_ENVIRONMENT_NAMES = ['argocd', 'dashboards', 'helm-values', 'runbooks'];

/** How many bases deep a chain of `extends` may go (a cycle is reported before this). */
export const MAX_LAYERS = 8;

/**
 * Reads an environment file and the chain of base files it extends (`extends: _base.yaml`, a file
 * in the same directory), most general first. Each file gets the reader's and parser's findings;
 * a bad `extends` (not a `_<name>.yaml`, missing, a cycle) is a finding at its line.
 */
export function readLayers(file: string): { layers?: Layer[]; findings: Finding[]; value?: unknown } {
  const chain: Layer[] = [];
  const seen: string[] = [];
  let current = file;
  for (;;) {
    const display = displayPath(current);
    const read = readConfigText(current, display);
    if (read.text === undefined) return { findings: read.findings };
    const parsed = parseYaml(read.text, display);
    if (parsed.findings.length > 0 || !parsed.layer) return { findings: parsed.findings };
    if (parsed.value === null || parsed.value === undefined) {
      return { findings: [fileFinding(display, 'config/empty-file', 'the file holds no environment', 'write the environment, or remove the file', 1, 1)] };
    }
    chain.unshift(parsed.layer);
    seen.push(path.resolve(current));
    const base = typeof parsed.value === 'object' && !Array.isArray(parsed.value) ? (parsed.value as Record<string, unknown>)[EXTENDS_KEY] : undefined;
    // One file without aliases: its value is already the effective one (composing changes nothing).
    if (base === undefined) return { layers: chain, findings: [], ...(chain.length === 1 && parsed.layer.aliases === false ? { value: parsed.value } : {}) };
    const bad = (rule: string, message: string, hint: string): { findings: Finding[] } =>
      ({ findings: [{ severity: 'error', path: [EXTENDS_KEY], rule, message, hint, location: parsed.locate([EXTENDS_KEY]) }] });
    if (typeof base !== 'string' || !LAYER_FILE.test(base)) {
      return bad('config/extends', `must name a base file of the same directory, _<name>.yaml, got ${JSON.stringify(base)}`, 'e.g. extends: _base.yaml');
    }
    const next = path.join(path.dirname(current), base);
    if (seen.includes(path.resolve(next))) {
      // The cycle alone, not the environment that walked into it: every environment extending it
      // finds the same problem, and it is reported once (synthesize's distinct findings).
      const cycle = seen.slice(seen.indexOf(path.resolve(next))).map((f) => path.basename(f));
      return bad('config/extends-cycle', `${base} closes a cycle of bases (${[...cycle, base].join(' -> ')})`, 'remove the cycle');
    }
    if (chain.length >= MAX_LAYERS) return bad('config/extends-depth', `more than ${MAX_LAYERS} files deep`, 'flatten the chain of bases');
    if (!fs.existsSync(next)) return bad('config/extends-missing', `${displayPath(next)} does not exist`, `create it, or fix the name`);
    current = next;
  }
}

/** An environment file is `<name>.yaml` with a lower-case DNS label as name. */
export const ENVIRONMENT_FILE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?\.yaml$/;

/**
 * Lists the environment files of a config directory, sorted (so output order is stable), with
 * findings about the directory: missing, not a directory, or holding no environment file are
 * errors; a YAML file that is not picked up (`.yml`, a name that is no DNS label) is an error
 * too, because a reviewer would expect it to take effect.
 */
export function scanConfigDir(dir: string): { files: string[]; findings: Finding[]; layers?: string[] } {
  const display = displayPath(dir);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const [rule, why, hint] = code === 'ENOENT'
      ? ['config/missing-dir', `config directory ${display} does not exist`, 'create it with one <environment>.yaml per environment, or pass --config <dir>']
      : code === 'ENOTDIR'
        ? ['config/not-a-directory', `${display} is a file, not a config directory`, 'pass the directory that holds the environment files (--config <dir>)']
        : ['config/unreadable', `config directory ${display} cannot be read (${code ?? (e as Error).message})`, 'make it readable'];
    return { files: [], findings: [fileFinding(display, rule, why, hint)] };
  }
  const names = entries.map((e) => e.name).sort();
  const files = names.filter((n) => ENVIRONMENT_FILE.test(n)).map((n) => path.join(dir, n));
  const findings: Finding[] = names
    .filter((n) => /\.ya?ml$/i.test(n) && !ENVIRONMENT_FILE.test(n) && !LAYER_FILE.test(n) && !n.startsWith('.'))
    .map((n) => fileFinding(displayPath(path.join(dir, n)), 'config/file-name',
      `${n} is not read: environment files are named <name>.yaml, with a lower-case RFC 1123 label as name (shared bases _<name>.yaml)`,
      `rename it to ${n.toLowerCase().replace(/\.ya?ml$/i, '').replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, '') || 'environment'}.yaml, or move it out of the config directory`));
  if (files.length === 0 && findings.length === 0) {
    findings.push(fileFinding(display, 'config/no-environments', `config directory ${display} holds no environment file (<name>.yaml)`,
      'add one file per environment, e.g. production.yaml'));
  }
  const layers = names.filter((n) => LAYER_FILE.test(n)).map((n) => path.join(dir, n));
  return { files, findings, ...(layers.length > 0 ? { layers } : {}) };
}

/**
 * The error for a config entry that is no regular file (a FIFO, a device, a directory named like a
 * YAML file), found without opening it; undefined for a regular file.
 */
function notRegular(file: string): Finding | undefined {
  let regular: boolean;
  try {
    regular = fs.statSync(file).isFile();
  } catch {
    regular = false;
  }
  return regular ? undefined : readConfigText(file).findings[0];
}

/**
 * Base files (`_<name>.yaml`) of the config directory that no environment extends: an edit there
 * would take effect nowhere, which a reviewer would not expect. Warnings, at line 1 of each; one
 * that is not a regular file is the error any config file gets (config/not-a-file).
 */
export function unusedLayerFindings(layers: readonly string[], used: ReadonlySet<string>): Finding[] {
  return layers.filter((f) => !used.has(displayPath(f))).map((f): Finding => notRegular(f) ?? ({
    severity: 'warning', path: [], rule: 'config/unused-base',
    message: `no environment extends ${path.basename(f)}, so its values take effect nowhere`,
    hint: `extend it (extends: ${path.basename(f)}) or remove it`,
    location: { file: displayPath(f), line: 1, column: 1 },
  }));
}

/** The environment files of a config directory; throws ConfigError when the directory has problems. */
export function environmentFiles(dir: string): string[] {
  const { files, findings } = scanConfigDir(dir);
  if (findings.length > 0) throw new ConfigError(findings);
  return files;
}

/** How findings name a file: lib/config/user-paths.ts. */
export { displayPath };

/**
 * Offset of the node at `fieldPath`, or of its deepest existing ancestor (a missing field is
 * reported where it should have been). For a mapping key, the key itself is the better anchor.
 */
export function offsetOf(root: unknown, fieldPath: FieldPath): number {
  let node = root as Node | null;
  let offset = node?.range?.[0] ?? 0;
  for (const segment of fieldPath) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(segment));
      if (!pair) break;
      offset = (pair.key as Node).range?.[0] ?? offset;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
      node = node.items[segment] as Node;
      offset = node.range?.[0] ?? offset;
    } else {
      break;
    }
  }
  return offset;
}

/** The field path of the innermost node whose range holds `offset` (a key counts as its pair). */
function pathAtOffset(root: unknown, offset: number): Array<string | number> {
  const out: Array<string | number> = [];
  let node = root as Node | null;
  const within = (n: unknown) => !!n && !!(n as Node).range && (n as Node).range![0] <= offset && offset < (n as Node).range![2];
  for (;;) {
    if (isMap(node)) {
      // A pair spans from its key to the end of its value (tags and anchors included).
      const pair = node.items.find((p) => {
        const start = (p.key as Node | null)?.range?.[0];
        const end = (p.value as Node | null)?.range?.[2] ?? (p.key as Node | null)?.range?.[2];
        return start !== undefined && end !== undefined && start <= offset && offset < end;
      });
      if (!pair || !isScalar(pair.key)) break;
      out.push(String(pair.key.value));
      if (within(pair.key)) break;
      node = pair.value as Node | null;
    } else if (isSeq(node)) {
      const i = node.items.findIndex((item) => within(item));
      if (i < 0) break;
      out.push(i);
      node = node.items[i] as Node;
    } else {
      break;
    }
    if (isAlias(node)) break;
  }
  return out;
}

/** The key of the mapping entry whose key starts at `offset`. */
function keyAtOffset(doc: Parameters<typeof visit>[0], offset: number): string | undefined {
  let key: string | undefined;
  visit(doc, {
    Pair: (_k, pair) => {
      if (isScalar(pair.key) && pair.key.range?.[0] === offset) {
        key = String(pair.key.value);
        return visit.BREAK;
      }
      return undefined;
    },
  });
  return key;
}

/**
 * The effective environment of a file as one self-contained YAML document: its bases merged in,
 * comments and styles kept, `extends` gone. What a reviewer would have written without layering;
 * it validates against config/environment.schema.json. Throws ConfigError on unreadable input.
 */
export function effectiveEnvironmentText(file: string): string {
  const read = readLayers(file);
  if (!read.layers) throw new ConfigError(read.findings);
  const { doc } = composeLayers(read.layers);
  const from = read.layers.map((l) => path.basename(l.file)).reverse().join(' + ');
  doc.commentBefore = ` yaml-language-server: $schema=./environment.schema.json\n Effective configuration of ${from}, generated; edit those files instead.`;
  return doc.toString({ lineWidth: 0 });
}
