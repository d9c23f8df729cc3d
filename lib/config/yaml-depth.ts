import { YAMLError } from 'yaml';
import { FieldPath, Finding, Location } from './findings';

/**
 * Runaway nesting (`[[[[...`), which the yaml library gives up on with a RESOURCE_EXHAUSTION error
 * whose message is the JavaScript engine's ("Maximum call stack size exceeded"). Every reader of a
 * YAML or JSON file a person hands the tool (environment files, explain's kubectl files,
 * simulate --hpa, conformance vectors) words it the same way through this, never with the engine's
 * message. `rule` is the reader's (yaml/too-deep, conformance/too-deep); `what` says how deep the
 * file should be, for the fix.
 */
export function isTooDeep(error: YAMLError): boolean {
  return error.code === 'RESOURCE_EXHAUSTION';
}

export function tooDeepFinding(rule: string, path: FieldPath, location: Location, what: string): Finding {
  return {
    severity: 'error', path, rule, location,
    message: 'nests too deeply for the YAML parser (runaway brackets or indentation?)',
    hint: `${what}: look for runaway brackets or indentation here`,
  };
}

/**
 * Deepest nesting a reader accepts: levels of block indentation (a key, a `-` entry) plus open flow
 * brackets. kubectl output nests about 20 levels (managedFields), an environment file 8; the yaml
 * library's parser recurses once per level and, past about a thousand, runs out of stack (a
 * RangeError, no error code) or reports RESOURCE_EXHAUSTION depending on how deep the caller's own
 * stack already is. Refusing past this fixed depth, before parsing, answers the same for every file
 * in every reader.
 */
export const MAX_YAML_DEPTH = 256;

/** Where a text first nests deeper than MAX_YAML_DEPTH, and the field holding the runaway nesting. */
export interface RunawayNesting {
  /** Character offset of the line or bracket that went one level too deep. */
  readonly offset: number;
  /** The field holding the runaway: the last key before a chain of single-child levels, or the key whose flow value runs away. */
  readonly path: FieldPath;
}

interface Level {
  readonly indent: number;
  readonly key: string | number;
  children: number;
  /** A key whose value starts on a later line: a `- ` at its own indent is its (compact) sequence. */
  readonly open?: boolean;
}

/**
 * Scans YAML (or JSON) text for nesting deeper than `max` without parsing it: block levels by
 * indentation and `- ` entries, flow levels by brackets outside quoted scalars and comments; block
 * scalars (`|`, `>`) are text. An approximation of the YAML grammar that never under-counts a real
 * file by much and never recurses; undefined when the text stays within `max`.
 */
export function runawayNesting(text: string, max = MAX_YAML_DEPTH): RunawayNesting | undefined {
  const stack: Level[] = [];
  const root = { children: 0 };
  let flow = 0;
  let quote: '"' | "'" | null = null;
  let blockScalarParent: number | null = null;
  let lineStart = 0;
  const pathOf = (flowRunaway: boolean): FieldPath => {
    let j = stack.length;
    if (!flowRunaway) {
      // The runaway chain: levels that each hold one child, up to the deepest; the field is the first of them.
      while (j > 0 && stack[j - 1].children <= 1) j--;
      j = Math.min(stack.length, j + 1);
    }
    return stack.slice(0, j).map((l) => l.key);
  };
  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd < 0) lineEnd = text.length;
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');
    const next = lineEnd + 1;
    let pos = 0;
    const indent = /^ */.exec(line)![0].length;
    const blank = indent === line.length || line[indent] === '#';
    if (blockScalarParent !== null && quote === null && flow === 0) {
      if (blank || indent > blockScalarParent) { lineStart = next; continue; }
      blockScalarParent = null;
    }
    let valueStart = -1;
    if (quote === null && flow === 0) {
      if (blank || line.startsWith('%')) { lineStart = next; continue; }
      if (/^(---|\.\.\.)(\s|$)/.test(line)) { stack.length = 0; root.children = 0; lineStart = next; continue; }
      let lastPopped: Level | undefined;
      const dash = /^-(\s|$)/.test(line.slice(indent));
      const holds = (l: Level) => l.indent < indent || (l.indent === indent && dash && l.open === true);
      while (stack.length > 0 && !holds(stack[stack.length - 1])) lastPopped = stack.pop();
      pos = indent;
      const push = (level: Level): boolean => {
        (stack.length ? stack[stack.length - 1] : root).children++;
        stack.push(level);
        return stack.length > max;
      };
      // `- ` and `? ` entries, several on one line (`- - - a`), each a level.
      for (let m = /^[-?](?:[ \t]+|$)/.exec(line.slice(pos)); m; m = /^[-?](?:[ \t]+|$)/.exec(line.slice(pos))) {
        const index = lastPopped && lastPopped.indent === pos && typeof lastPopped.key === 'number' ? lastPopped.key + 1 : 0;
        lastPopped = undefined;
        if (push({ indent: pos, key: index, children: 0 })) return { offset: lineStart + pos, path: pathOf(false) };
        pos += m[0].length;
      }
      const key = /^(?:"((?:[^"\\]|\\.)*)"|'((?:[^']|'')*)'|([^\s#'"[\]{},&*!|>%@`-][^#]*?|-[^\s#][^#]*?))[ \t]*:(?:[ \t]+|$)/.exec(line.slice(pos));
      if (key) {
        const open = /^\s*(#.*)?$/.test(line.slice(pos + key[0].length));
        if (push({ indent: pos, key: key[1] ?? key[2]?.replace(/''/g, "'") ?? key[3].trim(), children: 0, open })) return { offset: lineStart + pos, path: pathOf(false) };
        pos += key[0].length;
      }
      valueStart = pos;
      const c = line[pos];
      if (c === '|' || c === '>') {
        blockScalarParent = stack.length ? stack[stack.length - 1].indent : -1;
        lineStart = next;
        continue;
      }
      if (c !== '[' && c !== '{' && c !== '"' && c !== "'") { lineStart = next; continue; }
    }
    // Flow collections and quoted scalars, possibly spanning lines.
    let previous = valueStart >= 0 ? ':' : (flow > 0 ? ',' : '');
    for (; pos < line.length; pos++) {
      const c = line[pos];
      if (quote === '"') {
        if (c === '\\') pos++;
        else if (c === '"') quote = null;
        continue;
      }
      if (quote === "'") {
        if (c === "'" && line[pos + 1] === "'") pos++;
        else if (c === "'") quote = null;
        continue;
      }
      if (c === ' ' || c === '\t') continue;
      if (c === '#' && (pos === 0 || /\s/.test(line[pos - 1]))) break;
      if ((c === '"' || c === "'") && (previous === '' || '[{,:?'.includes(previous))) {
        quote = c;
      } else if (c === '[' || c === '{') {
        flow++;
        if (stack.length + flow > max) return { offset: lineStart + pos, path: pathOf(true) };
      } else if (c === ']' || c === '}') {
        flow = Math.max(0, flow - 1);
        if (flow === 0) { previous = c; break; }
      }
      previous = c;
    }
    lineStart = next;
  }
  return undefined;
}

/**
 * The too-deep finding of a text nested past MAX_YAML_DEPTH (runawayNesting), located at its line
 * and column in `file`, or undefined: what every reader checks before it hands the text to the
 * YAML parser, whose recursion would otherwise overflow the stack on deep indentation.
 */
export function runawayNestingFinding(text: string, rule: string, file: string, what: string): Finding | undefined {
  const deep = runawayNesting(text);
  if (!deep) return undefined;
  let line = 1;
  for (let i = text.indexOf('\n'); i >= 0 && i < deep.offset; i = text.indexOf('\n', i + 1)) line++;
  const column = deep.offset - (text.lastIndexOf('\n', deep.offset - 1) + 1) + 1;
  return tooDeepFinding(rule, deep.path, { file, line, column }, what);
}
