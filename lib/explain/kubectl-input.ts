import { Document, isScalar, LineCounter, parseAllDocuments, parseDocument } from 'yaml';
import { FieldPath, Finding } from '../config/findings';
import { documentValue, offsetOf } from '../config/load';
import { isTooDeep, runawayNestingFinding, tooDeepFinding } from '../config/yaml-depth';

/**
 * Reads what `kubectl get ... -o yaml` or `-o json` prints: one object, or a `List` of them.
 * Pure: takes the file's text and its display name; every problem is a finding located at
 * file:line:column and field path, never an exception.
 */

/** A Kubernetes object as kubectl prints it; fields we do not read are kept but ignored. */
export interface KubeObject {
  readonly apiVersion?: string;
  readonly kind?: string;
  readonly metadata?: { readonly name?: string; readonly namespace?: string; readonly [key: string]: unknown };
  readonly [key: string]: unknown;
}

/** One object of the file and the field path of its root in the file (`[]` or `['items', i]`). */
export interface LocatedObject {
  readonly object: KubeObject;
  readonly path: FieldPath;
}

export interface ParsedKubectlFile {
  readonly objects: LocatedObject[];
  readonly findings: Finding[];
  /** Locates a field path of the file (for findings about its content). */
  readonly locate: (path: FieldPath) => { file: string; line: number; column: number };
  /** The text of the scalar at a field path as written in the file (`3.0`, `1e1`), or undefined. */
  readonly source?: (path: FieldPath) => string | undefined;
}

/** The text of the scalar at `path` in a parsed document, as written (quotes included), or undefined. */
export function scalarSource(doc: Document, text: string, path: FieldPath): string | undefined {
  const node = doc.getIn(path, true);
  if (!isScalar(node) || !node.range) return undefined;
  return text.slice(node.range[0], node.range[1]);
}

/** How to save each kind of file explain reads, for the fix of a file that holds no object. */
const SAVE_COMMAND: Readonly<Record<'hpa' | 'pods', string>> = {
  hpa: 'kubectl get hpa <name> -n <namespace> -o yaml > hpa.yaml',
  pods: 'kubectl get pods -n <namespace> -l <the target\'s selector> -o yaml > pods.yaml',
};

/**
 * Parses kubectl YAML or JSON output (JSON is YAML 1.2, so one parser serves both); `role` says
 * which output the file should hold (an HPA, or the pods of --pods), for the fixes.
 */
export function parseKubectlFile(text: string, file: string, role: 'hpa' | 'pods' = 'hpa'): ParsedKubectlFile {
  const runaway = runawayNestingFinding(text, 'yaml/too-deep', file, role === 'hpa' ? 'kubectl prints an HPA a few levels deep' : 'kubectl prints pods a few levels deep');
  if (runaway) return { objects: [], locate: () => runaway.location as { file: string; line: number; column: number }, findings: [runaway] };
  const lineCounter = new LineCounter();
  // A stream: kubectl prints one document, but a hand-saved file may end with `---` (an empty
  // document), which is still one object.
  const docs = parseAllDocuments(text, { lineCounter, prettyErrors: false });
  const stream = Array.isArray(docs) ? docs : [];
  // An empty document parses as a zero-width null scalar.
  const empty = (d: (typeof stream)[number]) => d.errors.length === 0 && (d.contents === null || (isScalar(d.contents) && d.contents.value === null && d.contents.range?.[0] === d.contents.range?.[1]));
  const filled = stream.filter((d) => !empty(d));
  const doc = filled[0] ?? stream[0] ?? parseDocument(text, { lineCounter, prettyErrors: false });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  const locate = (path: FieldPath) => at(offsetOf(doc.contents, path));
  const source = (path: FieldPath) => scalarSource(doc as Document, text, path);
  const several = filled.length > 1 ? { pos: [filled[1].range[0]] } : undefined;
  if (several) {
    // kubectl prints several objects as one List, never as a YAML stream; a stream is a hand-made file.
    return {
      objects: [], locate,
      findings: [{
        severity: 'error', path: [], rule: 'explain/several-documents', location: at(several.pos[0]),
        message: 'holds more than one YAML document (a second starts here); explain reads one: an object or a List of them',
        hint: role === 'hpa' ? 'save them as kubectl prints several: kubectl get hpa -n <namespace> -o yaml (a List), or one file per HPA' : SAVE_COMMAND[role],
      }],
    };
  }
  const deep = doc.errors.find(isTooDeep);
  if (deep) {
    const what = role === 'hpa' ? 'kubectl prints an HPA a few levels deep' : 'kubectl prints pods a few levels deep';
    return { objects: [], locate, findings: [tooDeepFinding('yaml/too-deep', [], at(deep.pos[0]), what)] };
  }
  if (doc.errors.length > 0) {
    return {
      objects: [], locate,
      findings: doc.errors.map((e) => ({
        severity: 'error' as const, path: [], rule: 'yaml/syntax', message: e.message.split('\n')[0],
        hint: 'pass the file exactly as kubectl printed it (-o yaml or -o json)', location: at(e.pos[0]),
      })),
    };
  }
  // Aliases expand within the config loader's limit: an alias bomb is yaml/alias-limit at its line.
  const expanded = documentValue(doc, at);
  if (expanded.findings.length > 0) return { objects: [], locate, findings: expanded.findings };
  const root = expanded.value;
  if (!isObject(root)) {
    return {
      objects: [], locate,
      findings: [{
        severity: 'error', path: [], rule: 'explain/not-a-kubernetes-object', message: 'is not a Kubernetes object (expected a mapping with apiVersion and kind)',
        hint: SAVE_COMMAND[role], location: locate([]),
      }],
    };
  }
  if (root.kind === 'List' && root.items !== undefined && root.items !== null && !Array.isArray(root.items)) {
    return {
      objects: [], locate,
      findings: [{ severity: 'error', path: ['items'], rule: 'explain/not-a-list', message: 'must be a list of objects', hint: SAVE_COMMAND[role], location: locate(['items']) }],
    };
  }
  if (root.kind === 'List' || (typeof root.kind === 'string' && root.kind.endsWith('List') && Array.isArray(root.items))) {
    const items = Array.isArray(root.items) ? root.items : [];
    return {
      locate, findings: [], source,
      objects: items.map((object, i) => ({ object: (isObject(object) ? object : {}) as KubeObject, path: ['items', i] })),
    };
  }
  return { objects: [{ object: root as KubeObject, path: [] }], findings: [], locate, source };
}

export function isObject(x: unknown): x is Record<string, any> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

/** `kind/name` as kubectl names an object in messages. */
export function objectName(o: KubeObject): string {
  const name = typeof o.metadata?.name === 'string' ? o.metadata.name : '(unnamed)';
  return `${typeof o.kind === 'string' ? o.kind : '(no kind)'}/${name}`;
}
