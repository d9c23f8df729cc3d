import * as fs from 'fs';
import * as path from 'path';
import { ROOT } from './support';

// The floors of lib/ (README, "Layout"): a file may import its own floor and the floors below it,
// never a higher one. A top-level entry not listed here counts as a command (the top floor), so a
// new folder is only ever constrained, never a loophole.
const FLOORS: Record<string, number> = {
  hpa: 0, // the HPA engine: pure, imports nothing of ours
  config: 1,
  labels: 2, metrics: 2, scaling: 2, observability: 2, delivery: 2, 'environment-chart': 2, // constructs
};
const TOP = 3; // commands: output (synth), simulation, review, explain, ...
const FLOOR_NAMES = ['the HPA engine', 'config', 'constructs', 'commands'];

/**
 * Edges that break the rule today, each to be removed when fixed (an entry that no longer occurs
 * fails this test too, so the list cannot go stale).
 */
const KNOWN_VIOLATIONS = new Set<string>([]);

function files(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.join(dir, e.name);
    return e.isDirectory() ? files(p) : /\.ts$/.test(e.name) && !e.name.endsWith('.d.ts') ? [p] : [];
  });
}

/** Every module a file imports, exports from, or requires, by specifier. */
function specifiers(file: string): string[] {
  const text = fs.readFileSync(file, 'utf-8');
  const found: string[] = [];
  for (const m of text.matchAll(/(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*['"]([^'"]+)['"]|(?:^|[\s;])import\s*['"]([^'"]+)['"]|\b(?:require|import)\(\s*['"]([^'"]+)['"]\s*\)/gm)) {
    found.push(m[1] ?? m[2] ?? m[3]);
  }
  return found;
}

/** The project file a relative specifier resolves to (repository-relative), or null for a package. */
function resolve(from: string, spec: string): string | null {
  if (!spec.startsWith('.')) return null;
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, path.join(base, 'index.ts')]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return path.relative(ROOT, candidate).split(path.sep).join('/');
  }
  return path.relative(ROOT, base).split(path.sep).join('/');
}

/** The floor of a repository-relative path under lib/, or null outside lib/. */
function floorOf(rel: string): number | null {
  const m = /^lib\/([^/]+?)(?:\.ts)?(?:\/|$)/.exec(rel);
  if (!m) return null;
  return FLOORS[m[1]] ?? TOP;
}

const LIB = path.join(ROOT, 'lib');
const edges = files(LIB).flatMap((file) => specifiers(file).map((spec) => ({
  from: path.relative(ROOT, file).split(path.sep).join('/'), spec, to: resolve(file, spec),
})));

test('the edge list covers every lib file', () => {
  expect(edges.length).toBeGreaterThan(50);
  expect(edges.some((e) => e.from.startsWith('lib/hpa/') && e.to?.startsWith('lib/hpa/'))).toBe(true);
});

test('lib/hpa imports nothing outside lib/hpa: no project module and no package', () => {
  const outside = edges.filter((e) => e.from.startsWith('lib/hpa/') && !(e.to?.startsWith('lib/hpa/')));
  expect(outside.map((e) => `${e.from} -> ${e.spec}`)).toEqual([]);
});

test('a lower floor never imports a higher one', () => {
  const violations = edges
    .filter((e) => e.to !== null)
    .filter((e) => {
      const from = floorOf(e.from);
      const to = floorOf(e.to!);
      return from !== null && to !== null && to > from;
    })
    .map((e) => `${e.from} -> ${e.to}`);
  const unexpected = violations.filter((v) => !KNOWN_VIOLATIONS.has(v))
    .map((v) => {
      const [from, to] = v.split(' -> ');
      return `${v} (${FLOOR_NAMES[floorOf(from)!]} imports ${FLOOR_NAMES[floorOf(to)!]})`;
    });
  expect(unexpected).toEqual([]);
  expect([...KNOWN_VIOLATIONS].filter((v) => !violations.includes(v))).toEqual([]);
});
