import { Document, isMap, isPair, isScalar, isSeq, LineCounter, Node, Pair, visit, YAMLMap } from 'yaml';
import { FieldPath, Location } from './findings';

/**
 * Environment layering: an environment file may start with `extends: _base.yaml` and then state
 * only what differs from that base. The merge works on the YAML syntax trees, not on plain values,
 * so every field of the effective environment still knows the file and line it was written at:
 * a finding names the base when the value came from the base, the environment file otherwise.
 *
 * Merge rules (the overlay is the environment, or a base that itself extends another):
 * - mappings merge key by key, recursively (so `workloads.backend.replicas` can be overridden alone);
 * - a scalar or a list in the overlay replaces the base's value whole (lists are not concatenated:
 *   a reviewer reading `queues: [render]` sees the whole effective list);
 * - `null` in the overlay removes the key (e.g. `verticalScaling: null` in one environment).
 * Keys the overlay adds come first (in its order), then the base's keys in the base's order.
 */

/** The key an environment file names its base with. */
export const EXTENDS_KEY = 'extends';
/** A base (shared layer) file name: `_<name>.yaml`; never an environment of its own. */
export const LAYER_FILE = /^_[a-z0-9]([-a-z0-9]*[a-z0-9])?\.yaml$/;

/** One parsed file: its document and how to turn its offsets into lines. */
export interface Layer {
  readonly file: string;
  readonly doc: Document;
  readonly lineCounter: LineCounter;
  /** Whether the document holds an alias (`*name`), so merging must first expand it. @default true */
  readonly aliases?: boolean;
}

export interface Composed {
  /** The effective document: nodes of the layers, merged. Stringify it to read the effective file. */
  readonly doc: Document;
  /** Where the value at a field path was written (its deepest existing ancestor), in whichever layer. */
  readonly locate: (fieldPath: FieldPath) => Location;
  /**
   * The file of the layer that states the value at exactly `fieldPath`; undefined when no layer
   * states it (a default), though an ancestor mapping may be written (`alerting:` with one key).
   */
  readonly writtenIn: (fieldPath: FieldPath) => string | undefined;
}

const isNullNode = (n: unknown) => isScalar(n) && n.value === null;
const keyOf = (p: Pair) => (isScalar(p.key) ? String(p.key.value) : undefined);

/** Merges `layers`, most general first (the base, then each file extending it). */
export function composeLayers(layers: readonly Layer[]): Composed {
  const owner = new WeakMap<object, Layer>();
  for (const layer of layers) {
    if (layer.aliases !== false) expandAliases(layer.doc);
    // One file: every node is its own but the new root mapping (below), so no need to record each.
    if (layers.length > 1) visit(layer.doc, { Node: (_k, node) => void owner.set(node, layer), Pair: (_k, pair) => void owner.set(pair, layer) });
  }
  let root: unknown = null;
  const removed: Removals = new WeakMap();
  layers.forEach((layer, i) => {
    root = i === 0 ? withoutExtends(layer.doc.contents) : merge(root, withoutExtends(layer.doc.contents), removed);
  });
  const doc = new Document();
  doc.contents = root as Node;
  const last = layers[layers.length - 1];
  const single = layers.length === 1 ? layers[0] : undefined;
  /** The layer a node was written in; undefined for nodes made by the merge (they have no position). */
  const ownerOf = (node: Node): Layer | undefined => (single ? (node === root && root !== single.doc.contents ? undefined : single) : owner.get(node));
  const index = new PairIndex();
  const locate = (fieldPath: FieldPath): Location => {
    const node = deepestNode(root, fieldPath, index, removed);
    const written = node && ownerOf(node);
    const layer = written ?? last;
    const offset = (written ? (node as Node).range?.[0] : undefined) ?? 0;
    const { line, col } = layer.lineCounter.linePos(offset);
    return { file: layer.file, line, column: col };
  };
  const writtenIn = (fieldPath: FieldPath): string | undefined => {
    const node = deepestNode(root, fieldPath, index, removed, true);
    return node ? (ownerOf(node) ?? last).file : undefined;
  };
  return { doc, locate, writtenIn };
}

/**
 * Replaces each alias by a copy of the node it names, within its own file, before merging: an
 * overlay may replace the anchored node (`backend.scrape: &scrape`) while another entry of the base
 * still refers to it (`worker.scrape: *scrape`), and the reference must keep the base's value. The
 * copy keeps the anchor's position, so a finding in it points at the anchored lines. The parser
 * has already refused documents whose aliases expand beyond MAX_ALIAS_COUNT.
 */
function expandAliases(doc: Document): void {
  visit(doc, {
    Alias: (_k, alias) => {
      const target = alias.resolve(doc);
      if (!target) return undefined;
      const copy = target.clone() as Node;
      copy.anchor = undefined;
      return copy;
    },
  });
}

function withoutExtends(contents: unknown): unknown {
  if (!isMap(contents)) return contents;
  const map = new YAMLMap();
  map.flow = contents.flow;
  map.items = contents.items.filter((p) => keyOf(p) !== EXTENDS_KEY);
  // A file's header comment (its editor schema line, what the file is) describes the file, not
  // its first key; it would read as a comment on that key in the effective document.
  const first = map.items[0]?.key as Node | undefined;
  if (first && isScalar(first) && /yaml-language-server/.test(first.commentBefore ?? '')) first.commentBefore = undefined;
  return map;
}

/**
 * The `key: null` pairs of the overlay, by the merged mapping they were removed from: a finding
 * about a field that is no longer there (a required one, say) is reported at the line that
 * removed it.
 */
type Removals = WeakMap<YAMLMap, Map<string, Pair>>;

function merge(base: unknown, overlay: unknown, removed: Removals): unknown {
  if (!isMap(base) || !isMap(overlay)) return overlay;
  const merged = new YAMLMap();
  const nulls = overlay.items.filter((p) => isNullNode(p.value) && keyOf(p) !== undefined);
  if (nulls.length > 0) removed.set(merged, new Map(nulls.map((p) => [keyOf(p)!, p])));
  merged.flow = base.flow && overlay.flow;
  merged.commentBefore = overlay.commentBefore ?? base.commentBefore;
  const baseKeys = new Set(base.items.map(keyOf));
  const overlayPairs = new Map(overlay.items.map((p) => [keyOf(p), p] as const));
  for (const p of overlay.items) {
    if (!baseKeys.has(keyOf(p)) && !isNullNode(p.value)) merged.items.push(p);
  }
  for (const p of base.items) {
    const o = overlayPairs.get(keyOf(p));
    if (!o) merged.items.push(p);
    else if (!isNullNode(o.value)) {
      const pair = new Pair(o.key, merge(p.value, o.value, removed));
      merged.items.push(pair);
    }
  }
  return merged;
}

/**
 * The first pair of a mapping with a given scalar key, from an index built on first use: locating
 * every workload of a 500-workload environment would otherwise scan its mapping once per lookup.
 * For the composed tree, whose mappings are not changed after composition.
 */
class PairIndex {
  private readonly byMap = new WeakMap<YAMLMap, Map<string, Pair>>();

  pair(map: YAMLMap, key: string): Pair | undefined {
    let index = this.byMap.get(map);
    if (!index) {
      index = new Map();
      for (const p of map.items) {
        if (isPair(p) && isScalar(p.key) && !index.has(String(p.key.value))) index.set(String(p.key.value), p as Pair);
      }
      this.byMap.set(map, index);
    }
    return index.get(key);
  }
}

/**
 * The node to report a field path at: for a mapping entry its key (the line that states it), for
 * a list item the item; the deepest one that exists. Keys belong to the layer that wrote them. A
 * key a layer removed with `null` is reported at that `null`'s key.
 */
function deepestNode(root: unknown, fieldPath: FieldPath, index: PairIndex, removed: Removals, exact = false): Node | undefined {
  let node = root as Node | null;
  let anchor: Node | undefined = node ?? undefined;
  for (const segment of fieldPath) {
    if (isMap(node)) {
      const pair = index.pair(node, String(segment));
      if (!pair) {
        const removal = removed.get(node)?.get(String(segment));
        if (removal) anchor = removal.key as Node;
        else if (exact) return undefined;
        break;
      }
      anchor = pair.key as Node;
      node = pair.value as Node | null;
    } else if (isSeq(node) && typeof segment === 'number' && node.items[segment]) {
      node = node.items[segment] as Node;
      anchor = node;
    } else {
      if (exact) return undefined;
      break;
    }
  }
  return anchor;
}
