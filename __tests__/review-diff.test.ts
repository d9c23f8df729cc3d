import * as fc from 'fast-check';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { synthesizeConfigDir, synthesizeEnvironments } from '../lib/output/synthesize';
import { committedOutput } from '../lib/review/git-output';
import { review, runReview } from '../lib/review/review-command';
import { diffOutputs, OutputFile, outputObjects } from '../lib/review/semantic-diff';
import { CONFIG_DIR, gitRepoWithOutput, productionCopy, readTree } from './support';

const files = (env: any): OutputFile[] => synthesizeEnvironments([env]).map((f) => ({ path: f.path, content: f.content }));
const BASE = files(productionCopy());

/** The change lines of one object, by kind and name. */
function changesOf(head: OutputFile[], kind: string, name: string, base = BASE) {
  const env = diffOutputs(base, head).find((e) => e.environment === 'production');
  return env?.objects.find((o) => o.kind === kind && o.name === name);
}

describe('semantic diff', () => {
  test('a file text is parsed once and its objects shared, frozen: no diff can change what another reads', () => {
    const hpa = BASE.find((f) => f.path.endsWith('horizontalpodautoscaler-luneo-backend-hpa.k8s.yaml'))!;
    const [first] = outputObjects([hpa]);
    const [again] = outputObjects([{ path: 'elsewhere/same.k8s.yaml', content: hpa.content }]);
    expect(again.object).toBe(first.object);
    expect(first.object.spec.maxReplicas).toBe(50);
    expect(Object.isFrozen(first.object.spec.metrics[0])).toBe(true);
    expect(() => {
      first.object.spec.maxReplicas = 60;
    }).toThrow(TypeError);
    expect(changesOf(files(productionCopy()), 'HorizontalPodAutoscaler', 'luneo-backend-hpa')).toBeUndefined();
  });

  test('a JSON file reads as the YAML parser reads it: the canonical JSON the synth writes, and anything else', () => {
    // What outputObjects read from every .json file before it took JSON.parse for canonical JSON.
    const viaYaml = (content: string) => {
      const docs = parseAllDocuments(content);
      const list = Array.isArray(docs) ? docs : [];
      return list.length && list.every((d) => d.errors.length === 0) ? list.map((d) => d.toJS()).filter((o) => o != null) : [content];
    };
    const read = (content: string) => outputObjects([{ path: 'dashboards/production.json', content }]).map((o) => o.object);
    const dashboard = BASE.find((f) => f.path === 'dashboards/production.json')!.content;
    expect(read(dashboard)).toEqual(viaYaml(dashboard));
    expect((read(dashboard)[0] as any).panels.length).toBeGreaterThan(0);
    // A duplicate key is a YAML error: the file stays text, whichever way it is written.
    expect(read('{"a": 1, "a": 2}\n')).toEqual(['{"a": 1, "a": 2}\n']);
    expect(read('{\n  "a": 1,\n  "a": 2\n}\n')).toEqual(['{\n  "a": 1,\n  "a": 2\n}\n']);
    expect(read('null\n')).toEqual([]);
    // Any JSON value, in both layouts, with the characters YAML treats specially.
    const special = fc.constantFrom('\u2028', '\u0085', '\u007f', '\ufeff', '\ud800', '\ud83d\ude00', '\u0000', '\t', '\n', '\r', '#', ': ', '"', '\\', '<<', '__proto__', '~', '.inf', '0x10', '&a', '*a', '!', '%');
    const text = fc.array(fc.oneof(special, fc.string({ unit: 'binary', maxLength: 4 })), { maxLength: 4 }).map((parts) => parts.join(''));
    const value = fc.letrec((tie) => ({
      v: fc.oneof({ depthSize: 'small' }, text, fc.double(), fc.integer(), fc.boolean(), fc.constant(null), fc.array(tie('v'), { maxLength: 3 }), fc.dictionary(text, tie('v'), { maxKeys: 3 })),
    })).v;
    fc.assert(fc.property(value, fc.constantFrom(undefined, 2), fc.boolean(), (v, indent, newline) => {
      const content = `${JSON.stringify(v, null, indent)}${newline ? '\n' : ''}`;
      expect(read(content)).toEqual(viaYaml(content));
    }), { numRuns: 300, seed: 7 });
  });

  test('nothing changed: no environment, no Markdown', () => {
    expect(diffOutputs(BASE, files(productionCopy()))).toEqual([]);
    expect(review(BASE, files(productionCopy()), 'HEAD').markdown).toBe('');
  });

  test('maxReplicas 50 -> 60', () => {
    const env = productionCopy();
    env.workloads.backend.replicas.max = 60;
    const o = changesOf(files(env), 'HorizontalPodAutoscaler', 'luneo-backend-hpa')!;
    expect(o.status).toBe('changed');
    expect(o.changes).toContain('maxReplicas 50 -> 60');
  });

  test('scaleDown policy Pods 2/300s -> 4/300s, and a window change', () => {
    const env = productionCopy();
    env.workloads.backend.scaleDown.pods = 4;
    env.workloads.backend.scaleDown.stabilization = '600s';
    const o = changesOf(files(env), 'HorizontalPodAutoscaler', 'luneo-backend-hpa')!;
    expect(o.changes).toEqual(expect.arrayContaining(['scaleDown policy Pods 2/300s -> 4/300s', 'scaleDown stabilizationWindowSeconds 300 -> 600']));
  });

  test('a policy removed, a target changed', () => {
    const env = productionCopy();
    delete env.workloads.backend.scaleUp.pods;
    env.workloads.backend.utilization.cpu = 60;
    const o = changesOf(files(env), 'HorizontalPodAutoscaler', 'luneo-backend-hpa')!;
    expect(o.changes).toEqual(expect.arrayContaining(['scaleUp policy removed: Pods 5/60s', 'metric Resource cpu target 70% -> 60%']));
  });

  test('a metric removed from the HPA and its adapter rule removed', () => {
    const env = productionCopy();
    delete env.metrics.luneo_worker_active_jobs;
    delete env.workloads.worker.concurrency;
    delete env.workloads.worker.useCase.peakConcurrentJobs;
    const head = files(env);
    expect(changesOf(head, 'HorizontalPodAutoscaler', 'luneo-worker-hpa')!.changes).toContain('metric removed: Pods luneo_worker_active_jobs 10 per pod');
    const adapter = changesOf(head, 'prometheus-adapter values', 'prometheus-adapter.yaml')!;
    expect(adapter.changes.some((c) => c.startsWith('adapter rule removed: luneo_worker_active_jobs (custom)'))).toBe(true);
    // the concurrency ConfigMap went with it
    expect(changesOf(head, 'ConfigMap', 'luneo-worker-concurrency')!.status).toBe('removed');
  });

  test('a metric added, and the adapter rule\'s query changed with the rate window', () => {
    const base = productionCopy();
    delete base.metrics.luneo_worker_active_jobs;
    delete base.workloads.worker.concurrency;
    delete base.workloads.worker.useCase.peakConcurrentJobs;
    const head = productionCopy();
    head.metrics.http_requests_per_second.rateWindow = '5m';
    const diff = changesOf(files(head), 'HorizontalPodAutoscaler', 'luneo-worker-hpa', files(base))!;
    expect(diff.changes).toContain('metric added: Pods luneo_worker_active_jobs 10 per pod');
    const adapter = changesOf(files(head), 'prometheus-adapter values', 'prometheus-adapter.yaml')!;
    expect(adapter.changes).toContain('adapter rule http_requests_per_second (custom) query: sum(rate(<<.Series>>{<<.LabelMatchers>>}[2m])) by (<<.GroupBy>>) -> sum(rate(<<.Series>>{<<.LabelMatchers>>}[5m])) by (<<.GroupBy>>)');
  });

  test('an HPA renamed (same target) is a rename with its changes, not a removal and an addition', () => {
    const env = productionCopy();
    env.workloads.backend.hpa = 'luneo-api-hpa';
    env.workloads.backend.replicas.min = 4;
    const prod = diffOutputs(BASE, files(env)).find((e) => e.environment === 'production')!;
    const hpas = prod.objects.filter((o) => o.kind === 'HorizontalPodAutoscaler');
    expect(hpas).toEqual([{ kind: 'HorizontalPodAutoscaler', name: 'luneo-api-hpa', status: 'renamed', from: 'luneo-backend-hpa', changes: ['minReplicas 3 -> 4'] }]);
  });

  test('an object added and an environment added', () => {
    const all = synthesizeConfigDir(CONFIG_DIR).files;
    const both = all.map((f) => ({ path: f.path, content: f.content }));
    const withoutStaging = all.filter((f) => f.environment !== 'staging').map((f) => ({ path: f.path, content: f.content }));
    const diff = diffOutputs(withoutStaging, both);
    expect(diff.map((e) => [e.environment, e.status])).toEqual([['staging', 'added']]);
    const hpa = diff[0].objects.find((o) => o.name === 'luneo-backend-hpa')!;
    expect(hpa.status).toBe('added');
    expect(hpa.changes[0]).toMatch(/^Deployment\/luneo-backend, \d+-\d+ replicas, Resource cpu 70%/);
    expect(diffOutputs(both, withoutStaging)[0]).toMatchObject({ environment: 'staging', status: 'removed' });
  });

  test('Markdown: HPA changes first per environment, then the rest, PromQL kept literal', () => {
    const env = productionCopy();
    env.workloads.backend.replicas.max = 60;
    env.metrics.http_requests_per_second.rateWindow = '5m';
    const md = review(BASE, files(env), 'main (abc1234)').markdown;
    expect(md).toMatch(/^## Autoscaling review: main \(abc1234\) -> working tree\n/);
    // one environment changed; dist/environments.md, shared by all, is no environment of its own
    const r = review(BASE, files(env), 'main (abc1234)');
    expect(r.diff.map((d) => d.environment).sort()).toEqual(['(all environments)', 'production']);
    expect(md).toMatch(new RegExp(`\n${r.diff.reduce((n, d) => n + d.objects.length, 0)} objects changed \\(semantic diff of the synthesized output\\): environment production \\(\\d+\\), the environment summary every environment shares \\(1\\)\\.`));
    expect(md).toMatch(/### production: HorizontalPodAutoscalers\n\n- \*\*HorizontalPodAutoscaler `luneo-backend-hpa` changed\*\*\n {2}- maxReplicas 50 -> 60\n/);
    expect(md).toMatch(/### Other changes\n\n(.|\n)*#### production\n\n(.|\n)*- \*\*prometheus-adapter values `prometheus-adapter.yaml` changed\*\*/);
    // `<<.Series>>` would vanish as an HTML tag, `_` would italicize
    expect(md).toContain('sum(rate(\\<\\<.Series>>{\\<\\<.LabelMatchers>>}\\[5m\\]))');
    expect(md).toContain('http\\_requests\\_per\\_second');
  });
});

describe('npm run review against git', () => {
  /** A throwaway repository holding config/ and a committed dist/ of the production config. */
  function repo(): string {
    return gitRepoWithOutput('review-git');
  }

  test('reads the base with git, prints nothing when nothing changed, the change when one did; dist/ untouched', () => {
    const dir = repo();
    const before = readTree(path.join(dir, 'dist'));
    expect(committedOutput('HEAD', 'dist', dir).map((f) => f.path)).toEqual(Object.keys(before).sort());
    expect(runReview({ base: 'HEAD', configDir: 'config', distDir: 'dist', cwd: dir })).toEqual({ exitCode: 0, stdout: '', stderr: '' });

    const file = path.join(dir, 'config', 'production.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf-8').replace('replicas: { min: 3, max: 50 }', 'replicas: { min: 3, max: 60 }'));
    // The simulated part on one preset: this test is about reading git, not the presets
    // (review-simulation.test.ts runs them all).
    const r = runReview({ base: 'HEAD', configDir: 'config', distDir: 'dist', cwd: dir, presets: ['step'] });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/HorizontalPodAutoscaler `luneo-backend-hpa` changed\*\*\n {2}- maxReplicas 50 -> 60/);
    expect(readTree(path.join(dir, 'dist'))).toEqual(before);

    const out = runReview({ base: 'HEAD', outDir: 'review-out', configDir: 'config', distDir: 'dist', cwd: dir, presets: ['step'] });
    expect(out.stdout).toMatch(/^wrote review\.md, .*review\.html to review-out\n$/);
    // the same review; with --out the Markdown also links the charts written beside it
    expect(fs.readFileSync(path.join(dir, 'review-out', 'review.md'), 'utf-8').replace(/!\[[^\n]*\]\(charts\/[^)]+\)\n\n/g, '')).toBe(r.stdout);
  });

  test('an unknown base revision and a config error are clear errors', () => {
    const dir = repo();
    const bad = runReview({ base: 'no-such-rev', configDir: 'config', distDir: 'dist', cwd: dir });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/^error --base: "no-such-rev" is not a commit of this repository \[review\/base-not-a-commit\]\n    fix: pass a branch, tag or commit/);
    const file = path.join(dir, 'config', 'production.yaml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf-8').replace('replicas: { min: 3, max: 50 }', 'replicas: { min: 3, max: 2 }'));
    const broken = runReview({ base: 'HEAD', configDir: 'config', distDir: 'dist', cwd: dir });
    expect(broken.exitCode).toBe(1);
    expect(broken.stderr).toMatch(/production\.yaml:\d+:\d+: error workloads\.backend\.replicas\.max/);
  });
});
