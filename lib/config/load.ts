import * as fs from 'fs';
import * as path from 'path';
import { isMap, isPair, isScalar, isSeq, LineCounter, Node, parseDocument } from 'yaml';
import { ConfigError, FieldPath, Finding } from './findings';
import { Environment } from './schema';
import { validateEnvironment } from './validate';

/**
 * Reads and validates environment files. The only part of the config layer that touches the file
 * system; everything downstream receives a validated `Environment`.
 */

/** Parses and validates one environment file's text; findings carry file:line:column. */
export function parseEnvironment(text: string, file: string): { env?: Environment; findings: Finding[] } {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, uniqueKeys: true, prettyErrors: false });
  const at = (offset: number) => {
    const { line, col } = lineCounter.linePos(offset);
    return { file, line, column: col };
  };
  if (doc.errors.length > 0) {
    return {
      findings: doc.errors.map((e) => ({
        severity: 'error' as const, path: [], rule: 'yaml/syntax',
        message: e.message.split('\n')[0], hint: 'fix the YAML syntax', location: at(e.pos[0]),
      })),
    };
  }
  const { env, findings } = validateEnvironment(doc.toJS());
  return {
    env,
    findings: findings.map((f) => ({ ...f, location: at(offsetOf(doc.contents, f.path)) })),
  };
}

/** Loads `<dir>/<name>.yaml`; throws ConfigError with every finding when it has errors. */
export function loadEnvironmentFile(file: string): { env: Environment; warnings: Finding[] } {
  const display = path.relative(process.cwd(), file) || file;
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf-8');
  } catch (e) {
    throw new ConfigError([{ severity: 'error', path: [], rule: 'config/unreadable', message: (e as Error).message, location: { file: display, line: 1, column: 1 } }]);
  }
  const { env, findings } = parseEnvironment(text, display);
  if (!env) throw new ConfigError(findings);
  return { env, warnings: findings };
}

/** Lists the environment files of a config directory, sorted (so output order is stable). */
export function environmentFiles(dir: string): string[] {
  return fs.readdirSync(dir).filter((f) => /^[a-z0-9-]+\.yaml$/.test(f)).sort().map((f) => path.join(dir, f));
}

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
