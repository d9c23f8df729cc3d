import { createHash } from 'crypto';
import { HpaComparison } from './simulation-comparison';
import { EnvironmentDiff, ObjectChange, renameTitle } from './semantic-diff';
import { count } from '../config/counts';

/**
 * The review as Markdown fit for a pull-request comment. What a reviewer needs first comes first
 * and always fits: the HPA changes, then the simulated behaviour of each changed HPA; everything
 * else (adapter rules, alerts, dashboards, ...) after it, collapsed in a <details> section when
 * long, each object capped at MAX_LINES_PER_OBJECT lines, and the whole Markdown kept under
 * MAX_MARKDOWN characters (GitHub refuses comments over 65,536) by leaving out the last objects,
 * with a pointer to review.html, which always has every line. Pure.
 */

/** Change lines shown per object; the rest are counted and left to review.html. */
export const MAX_LINES_PER_OBJECT = 25;
/** The other changes are collapsed in a <details> section once longer than this (characters). */
export const OTHER_CHANGES_INLINE = 4000;
/** The whole Markdown stays under this many characters. */
export const MAX_MARKDOWN = 50000;
/** A change line is clipped to this many characters. */
export const MAX_LINE = 400;

const STATUS_WORDS: Record<ObjectChange['status'], string> = { changed: 'changed', renamed: 'renamed', added: 'added', removed: 'removed' };

/** Backticks inside inline code would end it; GitHub renders a doubled fence around such text. */
function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function objectLines(o: ObjectChange, maxLines = MAX_LINES_PER_OBJECT): string[] {
  const title = o.status === 'renamed' ? renameTitle(o, code) : `${o.kind} ${code(o.name)} ${STATUS_WORDS[o.status]}`;
  const shown = o.changes.slice(0, maxLines).map((c) => {
    const line = c.replace(/\s*\n\s*/g, ' ');
    return `  - ${escapeMarkdown(line.length > MAX_LINE ? `${line.slice(0, MAX_LINE - 3)}...` : line)}`;
  });
  const rest = o.changes.length - shown.length;
  return [`- **${title}**`, ...shown, ...(rest > 0 ? [`  - ... ${count(rest, 'more change', String, 'more changes')} (all of them in review.html)`] : [])];
}

/** Keeps PromQL and label text literal: `*`, `_`, `<` and `|` would otherwise format, vanish as HTML or break tables. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_<|[\]])/g, '\\$1');
}

const isHpa = (o: ObjectChange) => o.kind === 'HorizontalPodAutoscaler';
// dist/argocd holds every environment's Applications: a reserved directory, not an environment.
const envTitle = (env: EnvironmentDiff) => (env.environment === 'argocd' ? 'Argo CD Applications (dist/argocd)'
  : `${env.environment}${env.status === 'added' ? ' (new environment)' : env.status === 'removed' ? ' (environment removed)' : ''}`);

/** The HPA changes, per environment; empty when no HPA changed. */
export function renderHpaMarkdown(diff: readonly EnvironmentDiff[]): string[] {
  const lines: string[] = [];
  for (const env of diff) {
    const hpas = env.objects.filter(isHpa);
    if (hpas.length === 0) continue;
    lines.push(`### ${envTitle(env)}: HorizontalPodAutoscalers`, '');
    for (const o of hpas) lines.push(...objectLines(o));
    lines.push('');
  }
  return lines;
}

/**
 * Every other change, per environment, within `budget` characters: collapsed when longer than
 * OTHER_CHANGES_INLINE; objects past the budget are counted and left to review.html.
 */
export function renderOtherMarkdown(diff: readonly EnvironmentDiff[], budget = MAX_MARKDOWN): string[] {
  const blocks: Array<{ env: string; lines: string[] }> = [];
  let total = 0;
  for (const env of diff) {
    for (const o of env.objects.filter((x) => !isHpa(x))) {
      blocks.push({ env: envTitle(env), lines: objectLines(o) });
      total++;
    }
  }
  if (blocks.length === 0) return [];
  const body: string[] = [];
  let size = 0;
  let shown = 0;
  let env = '';
  for (const b of blocks) {
    const head = b.env !== env ? [`#### ${b.env}`, ''] : [];
    const cost = [...head, ...b.lines].join('\n').length + 1;
    if (size + cost > budget - 400) break;
    if (head.length && body.length) body.push('');
    body.push(...head, ...b.lines);
    size += cost;
    env = b.env;
    shown++;
  }
  if (shown < total) body.push('', `... and ${count(total - shown, 'more changed object', String, 'more changed objects')}, left out to keep this comment short: every change is in review.html.`);
  const summary = `Other changes: ${count(total, 'object')} (prometheus-adapter rules, alerts, dashboards, ...)`;
  if (size <= OTHER_CHANGES_INLINE && shown === total) return ['### Other changes', '', ...body, ''];
  return ['<details>', `<summary>${summary}</summary>`, '', ...body, '', '</details>', ''];
}

/** File name of a comparison chart, beside the Markdown. */
export function chartPath(environment: string, hpa: string, trace: string): string {
  return `charts/${[environment, hpa, trace].map(fileNamePart).join('--')}.svg`;
}

/**
 * A name as part of a file name: unchanged when it is safe; otherwise lower-cased, its unsafe runs
 * become `_` and a short hash of the name is added, so two names that read alike once made safe
 * (`a b.csv`, `a_b.csv`, `a  b.csv`), or alike to a case-insensitive file system (macOS, Windows:
 * `Peak.csv`, `peak.csv`), never share one chart file, and the same name always gets the same one.
 */
function fileNamePart(name: string): string {
  const safe = name.toLowerCase().replace(/[^a-z0-9._-]+/g, '_');
  return safe === name ? name : `${safe}-${createHash('sha256').update(name).digest('hex').slice(0, 8)}`;
}

/** Per changed HPA: the deltas per trace, and (with charts) both versions' replicas drawn on one chart. */
export function renderComparisonsMarkdown(comparisons: readonly HpaComparison[], withCharts: boolean): string[] {
  const lines: string[] = [];
  for (const c of comparisons) {
    lines.push(`### Simulated: ${c.environment} / ${code(c.hpa)}`, '',
      `Each trace runs through the base and this change with seed ${c.runs[0]?.seed ?? ''} and the same workload model, so the differences are the HPA's.`, '',
      '| trace | what changes |', '| --- | --- |');
    for (const r of c.runs) {
      const what = r.deltas.length ? r.deltas.map(escapeMarkdown).join('; ') : 'same behaviour';
      lines.push(`| ${escapeMarkdown(r.trace)}${r.recorded ? ' (recorded)' : ''} | ${what} |`);
    }
    lines.push('');
    if (withCharts) {
      for (const r of c.runs.filter((x) => x.deltas.length > 0)) lines.push(`![${c.hpa}: ${r.trace}, base dashed, this change solid](${chartPath(c.environment, c.hpa, r.trace)})`, '');
    }
  }
  return lines;
}
