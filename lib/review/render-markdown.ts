import { HpaComparison } from './simulation-comparison';
import { EnvironmentDiff, ObjectChange } from './semantic-diff';

/**
 * The review as Markdown fit for a pull-request comment: per environment, each object that
 * changed and how, in words. Pure.
 */

const STATUS_WORDS: Record<ObjectChange['status'], string> = { changed: 'changed', renamed: 'renamed', added: 'added', removed: 'removed' };

/** Backticks inside inline code would end it; GitHub renders a doubled fence around such text. */
function code(text: string): string {
  return text.includes('`') ? `\`\` ${text} \`\`` : `\`${text}\``;
}

function objectLines(o: ObjectChange): string[] {
  const title = o.status === 'renamed' ? `${o.kind} ${code(o.from!)} renamed to ${code(o.name)}` : `${o.kind} ${code(o.name)} ${STATUS_WORDS[o.status]}`;
  return [`- **${title}**`, ...o.changes.map((c) => `  - ${escapeMarkdown(c.replace(/\s*\n\s*/g, ' '))}`)];
}

/** Keeps PromQL and label text literal: `*`, `_`, `<` and `|` would otherwise format, vanish as HTML or break tables. */
export function escapeMarkdown(text: string): string {
  return text.replace(/([\\`*_<|[\]])/g, '\\$1');
}

export function renderDiffMarkdown(diff: readonly EnvironmentDiff[]): string[] {
  const lines: string[] = [];
  for (const env of diff) {
    const note = env.status === 'added' ? ' (new environment)' : env.status === 'removed' ? ' (environment removed)' : '';
    lines.push(`### ${env.environment}${note}`, '');
    for (const o of env.objects) lines.push(...objectLines(o));
    lines.push('');
  }
  return lines;
}

/** File name of a comparison chart, beside the Markdown. */
export function chartPath(environment: string, hpa: string, trace: string): string {
  return `charts/${[environment, hpa, trace].map((s) => s.replace(/[^A-Za-z0-9._-]+/g, '_')).join('--')}.svg`;
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
