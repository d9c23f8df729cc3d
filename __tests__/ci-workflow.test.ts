import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { ROOT } from './support';

// The GitHub Actions workflow shipped for the GitOps repository: valid, and every step it runs exists.
const workflow = parse(fs.readFileSync(path.join(ROOT, '.github', 'workflows', 'autoscaling.yml'), 'utf-8'));
const steps: Array<{ name?: string; run?: string; uses?: string; if?: string }> = workflow.jobs.check.steps;
const scripts = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8')).scripts;

test('runs on pull requests and pushes to main, may comment on the pull request', () => {
  expect(Object.keys(workflow.on)).toEqual(['pull_request', 'push']);
  expect(workflow.permissions).toEqual({ contents: 'read', 'pull-requests': 'write' });
  expect(steps[0]).toMatchObject({ uses: 'actions/checkout@v4', with: { 'fetch-depth': 0 } });
});

test('install, check, test, synth --strict, capacity, drift check, review, comment: in that order, with scripts that exist', () => {
  const runs = steps.filter((s) => s.run).map((s) => s.run!.trim());
  const order = ['npm ci', 'npm run check', 'npm test', 'npm run synth -- --strict', 'npm run capacity', 'git status --porcelain -- dist reports', 'npm run review'];
  let at = -1;
  for (const o of order) {
    const i = runs.findIndex((r) => r.includes(o));
    expect(i).toBeGreaterThan(at);
    at = i;
  }
  for (const r of runs) for (const m of r.matchAll(/npm run ([\w:-]+)/g)) expect(scripts[m[1]]).toBeDefined();
  expect(steps.find((s) => s.run?.includes('git status'))!.run).toMatch(/exit 1/);
  const comment = steps.find((s) => s.uses?.startsWith('actions/github-script'))!;
  expect(comment.if).toMatch(/pull_request/);
  expect((comment as any).with.script).toContain('review/review.md');
});
