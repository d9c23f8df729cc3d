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
