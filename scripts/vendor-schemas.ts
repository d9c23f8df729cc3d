// npm run vendor-schemas -- <dir>: extracts from upstream schema files the parts our output checks
// need, into lib/output/schemas/. <dir> holds the files cdk8s.yaml's import URLs point at:
//   k8s/v<version>/_definitions.json   (cdk8s-team kubernetes-schemas, for each KUBERNETES_VERSIONS)
//   crds/monitoring.coreos.com_<plural>.yaml  (prometheus-operator CRDs)
// Only definitions reachable from the kinds we emit are kept, without descriptions. Exactly one
// argument (exit 2 with the usage line otherwise); an unreadable or malformed upstream file is a
// finding (`vendor-schemas/unreadable`), and the outputs are written as generated files (nothing
// through a symbolic link, nothing outside the project; all or none: lib/cli/generated-file.ts).
import * as fs from 'fs';
import * as path from 'path';
import { exitWithUsage, parseCommandLine } from '../lib/cli/command-line';
import { parseAllDocuments } from 'yaml';
import { printCommandResult } from '../lib/cli/internal-error';
import { displayPath, resolveUserPath } from '../lib/cli/paths';
import { GeneratedFile, writeGeneratedFiles } from '../lib/cli/generated-file';
import { formatReport } from '../lib/config/findings';
import { compileValidatorsSource } from '../lib/output/checks/compile-validators';
import { CRD_FILES, KUBERNETES_VERSIONS, ROOT_KINDS, SCHEMA_DIR } from '../lib/output/checks/schema-files';

const USAGE = 'usage: npm run vendor-schemas -- <dir with k8s/v<version>/_definitions.json and crds/>';
let source: string;
try {
  const { positionals } = parseCommandLine({ options: {}, allowPositionals: true }, { '': 'a path' });
  if (positionals.length !== 1) throw new TypeError(positionals.length === 0 ? 'the upstream directory is missing' : `Unexpected argument '${positionals[1]}'`);
  source = resolveUserPath(positionals[0]);
} catch (e) {
  exitWithUsage(e, USAGE);
}

function strip(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strip);
  if (node === null || typeof node !== 'object') return node;
  return Object.fromEntries(Object.entries(node).filter(([k, v]) => !(k === 'description' && typeof v === 'string')).map(([k, v]) => [k, strip(v)]));
}

function closure(defs: Record<string, unknown>, roots: string[]): Record<string, unknown> {
  const kept: Record<string, unknown> = {};
  const visit = (name: string) => {
    if (kept[name] || !defs[name]) return;
    kept[name] = strip(defs[name]);
    JSON.stringify(defs[name]).replace(/"#\/definitions\/([^"]+)"/g, (_m, ref) => (visit(ref), ''));
  };
  roots.forEach(visit);
  return Object.fromEntries(Object.keys(kept).sort().map((k) => [k, kept[k]]));
}

/**
 * We emit desired state only: `status` belongs to the controller and Argo CD's `operation` is an
 * imperative sync request. Dropping both from the vendored schema makes emitting them an error
 * (the schemas are closed) and keeps the compiled validators small (Application's status is 2/3 of it).
 */
function desiredState(schema: any): unknown {
  const { status: _status, operation: _operation, ...properties } = schema.properties ?? {};
  return { ...schema, properties };
}

class Unreadable extends Error {}
const read = (file: string): string => {
  try {
    return fs.readFileSync(file, 'utf-8');
  } catch (e) {
    throw new Unreadable(`${displayPath(file)} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
};
const outputs: GeneratedFile[] = [];
const k8s: NonNullable<Parameters<typeof compileValidatorsSource>[0]> = {};
let crdSchemas: Record<string, unknown> = {};
const write = (file: string, data: unknown) => outputs.push({ file: path.join(SCHEMA_DIR, file), content: `${JSON.stringify(data, null, 1)}\n` });

function vendor(): void {
  for (const version of KUBERNETES_VERSIONS) {
    const defs = parseJson(path.join(source, 'k8s', `v${version}`, '_definitions.json')).definitions;
    const kinds: Record<string, string> = {};
    for (const [name, def] of Object.entries<any>(defs)) {
      for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
        const key = `${gvk.group ? `${gvk.group}/` : ''}${gvk.version}/${gvk.kind}`;
        if (ROOT_KINDS.includes(key)) kinds[key] = name;
      }
    }
    k8s[version] = { kinds, definitions: closure(defs, Object.values(kinds)) };
    write(`kubernetes-${version}.json`, { source: `kubernetes-schemas v${version}`, ...k8s[version] });
  }

  const crds: Record<string, unknown> = {};
  for (const file of CRD_FILES) {
    for (const doc of parseAllDocuments(read(path.join(source, 'crds', file)))) {
      const crd = doc.toJS();
      if (crd?.kind !== 'CustomResourceDefinition') continue;
      for (const v of crd.spec.versions) crds[`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`] = strip(desiredState(v.schema.openAPIV3Schema));
    }
  }
  write('crds.json', crds);
  crdSchemas = crds;
  // The validators are compiled from the schemas just extracted, not from the vendored ones being replaced.
  outputs.push({ file: path.join(SCHEMA_DIR, 'validators.js'), content: compileValidatorsSource(k8s, crdSchemas) });
}

function parseJson(file: string): any {
  const text = read(file);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new Unreadable(`${displayPath(file)} is not JSON (${(e as Error).message})`);
  }
}

printCommandResult(() => {
  try {
    vendor();
  } catch (e) {
    if (!(e instanceof Unreadable)) throw e;
    return { exitCode: 1, stdout: '', stderr: `${formatReport([{ severity: 'error', path: [], rule: 'vendor-schemas/unreadable', message: e.message,
      hint: 'give the directory cdk8s.yaml\'s import URLs were downloaded into', location: { file: displayPath(source) } }])}\n` };
  }
  const root = path.join(__dirname, '..');
  const show = (f: string) => displayPath(f);
  const refused = writeGeneratedFiles(root, outputs, show);
  if (refused.length > 0) return { exitCode: 1, stdout: '', stderr: `${formatReport(refused)}\nnothing was written\n` };
  return { exitCode: 0, stdout: outputs.map((o) => `wrote ${show(o.file)}\n`).join(''), stderr: '' };
});
