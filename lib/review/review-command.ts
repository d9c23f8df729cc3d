import * as fs from 'fs';
import * as path from 'path';
import { ConfigError } from '../config/findings';
import { synthesizeConfigDir } from '../output/synthesize';
import { committedOutput, describeRevision, ReviewInputError } from './git-output';
import { renderDiffMarkdown } from './render-markdown';
import { diffOutputs, EnvironmentDiff, OutputFile } from './semantic-diff';

export interface ReviewCommandOptions {
  /** Git revision whose committed output is the base. @default HEAD */
  readonly base: string;
  /** Where to write review.md (and its charts, review.html); stdout only when absent. */
  readonly outDir?: string;
  readonly configDir: string;
  /** The committed output directory, relative to the repository root. @default dist */
  readonly distDir: string;
  readonly cwd: string;
}

export interface CommandResult {
  readonly exitCode: 0 | 1;
  readonly stdout: string;
  readonly stderr: string;
}

export interface Review {
  readonly baseLabel: string;
  readonly diff: readonly EnvironmentDiff[];
  readonly markdown: string;
}

/** Pure: the review of two output trees. `markdown` is '' when nothing changed. */
export function review(base: readonly OutputFile[], head: readonly OutputFile[], baseLabel: string): Review {
  const diff = diffOutputs(base, head);
  if (diff.length === 0) return { baseLabel, diff, markdown: '' };
  const count = diff.reduce((n, e) => n + e.objects.length, 0);
  const markdown = [
    `## Autoscaling review: ${baseLabel} -> working tree`, '',
    `${count} object${count === 1 ? '' : 's'} changed in ${diff.length} environment${diff.length === 1 ? '' : 's'} (semantic diff of the synthesized output).`, '',
    ...renderDiffMarkdown(diff),
  ].join('\n');
  return { baseLabel, diff, markdown: `${markdown.trimEnd()}\n` };
}

/**
 * `npm run review`: the committed output at `base` against a fresh, in-memory synth of the working
 * tree (dist/ is not written). Prints nothing and exits 0 when nothing changed.
 */
export function runReview(options: ReviewCommandOptions): CommandResult {
  let head: OutputFile[];
  try {
    head = synthesizeConfigDir(path.resolve(options.cwd, options.configDir)).files.map((f) => ({ path: f.path, content: f.content }));
  } catch (e) {
    if (e instanceof ConfigError) return { exitCode: 1, stdout: '', stderr: `${e.message}\nreview failed: the working tree does not synthesize\n` };
    throw e;
  }
  let base: OutputFile[];
  let label: string;
  try {
    base = committedOutput(options.base, options.distDir, options.cwd);
    label = describeRevision(options.base, options.cwd);
  } catch (e) {
    if (e instanceof ReviewInputError) return { exitCode: 1, stdout: '', stderr: `review: --base ${options.base} is not a commit of this repository (${e.message})\n` };
    throw e;
  }
  const r = review(base, head, label);
  if (!r.markdown) return { exitCode: 0, stdout: '', stderr: '' };
  if (!options.outDir) return { exitCode: 0, stdout: r.markdown, stderr: '' };
  const out = path.resolve(options.cwd, options.outDir);
  fs.mkdirSync(out, { recursive: true });
  fs.writeFileSync(path.join(out, 'review.md'), r.markdown);
  return { exitCode: 0, stdout: `wrote ${path.relative(options.cwd, path.join(out, 'review.md')) || 'review.md'}\n`, stderr: '' };
}
