// npm run vendor-schemas -- <dir>: extracts from upstream schema files the parts our output checks
// need, into lib/output/schemas/. <dir> holds the files cdk8s.yaml's import URLs point at:
//   k8s/v<version>/_definitions.json   (cdk8s-team kubernetes-schemas, for each KUBERNETES_VERSIONS)
//   crds/monitoring.coreos.com_<plural>.yaml  (prometheus-operator CRDs)
// Only definitions reachable from the kinds we emit are kept, without descriptions.
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { compileValidatorsSource } from '../lib/output/checks/compile-validators';
import { CRD_FILES, KUBERNETES_VERSIONS, ROOT_KINDS, SCHEMA_DIR } from '../lib/output/checks/schema-files';

const source = process.argv[2];
if (!source) {
  console.error('usage: npm run vendor-schemas -- <dir with k8s/v<version>/_definitions.json and crds/>');
  process.exit(2);
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

const write = (file: string, data: unknown) => {
  fs.writeFileSync(path.join(SCHEMA_DIR, file), `${JSON.stringify(data, null, 1)}\n`);
  console.log(`wrote lib/output/schemas/${file}`);
};

fs.mkdirSync(SCHEMA_DIR, { recursive: true });
for (const version of KUBERNETES_VERSIONS) {
  const defs = JSON.parse(fs.readFileSync(path.join(source, 'k8s', `v${version}`, '_definitions.json'), 'utf-8')).definitions;
  const kinds: Record<string, string> = {};
  for (const [name, def] of Object.entries<any>(defs)) {
    for (const gvk of def['x-kubernetes-group-version-kind'] ?? []) {
      const key = `${gvk.group ? `${gvk.group}/` : ''}${gvk.version}/${gvk.kind}`;
      if (ROOT_KINDS.includes(key)) kinds[key] = name;
    }
  }
  write(`kubernetes-${version}.json`, { source: `kubernetes-schemas v${version}`, kinds, definitions: closure(defs, Object.values(kinds)) });
}

const crds: Record<string, unknown> = {};
for (const file of CRD_FILES) {
  for (const doc of parseAllDocuments(fs.readFileSync(path.join(source, 'crds', file), 'utf-8'))) {
    const crd = doc.toJS();
    if (crd?.kind !== 'CustomResourceDefinition') continue;
    for (const v of crd.spec.versions) crds[`${crd.spec.group}/${v.name}/${crd.spec.names.kind}`] = strip(desiredState(v.schema.openAPIV3Schema));
  }
}
write('crds.json', crds);

fs.writeFileSync(path.join(SCHEMA_DIR, 'validators.js'), compileValidatorsSource());
console.log('wrote lib/output/schemas/validators.js');
