import * as fs from 'fs';
import * as path from 'path';
import { runSynth } from '../lib/output/synth-command';
import { CONFIG_DIR, tempDir } from './support';

// Findings on a layered environment (a file extending _base.yaml): fair to the numbers the
// environment sets, and naming what to edit when the base and the environment combine badly.
const BASE = fs.readFileSync(path.join(CONFIG_DIR, '_base.yaml'), 'utf-8');
const STAGING = fs.readFileSync(path.join(CONFIG_DIR, 'staging.yaml'), 'utf-8');

function synth(files: Record<string, string>, strict = true) {
  const dir = tempDir('layered');
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return runSynth({ configDir: dir, outDir: path.join(tempDir('layered-out'), 'dist'), strict });
}

/** config/dev.yaml of the report: staging's shape with its own worker range. */
const dev = (workerReplicas: string, extra = '') => STAGING.replace('environment: staging', 'environment: dev')
  .replace('namespace: luneo-staging', 'namespace: luneo-dev').replace('destination: { name: staging }', 'destination: { name: dev }')
  .replace('replicas: { min: 2, max: 6 }', `replicas: ${workerReplicas}`).replace('peakConcurrentJobs: 150', 'peakConcurrentJobs: 50').replace('    replicas: { min: 2, max: 10 }\n', `    replicas: { min: 2, max: 10 }\n${extra}`);

describe('practice/scale-down-faster compares the policies, not the maxReplicas cap', () => {
  test('worker 1-2 replicas: no scale-down-faster (the base policies add 2 per 120s, remove at most 1 per 600s)', () => {
    const r = synth({ '_base.yaml': BASE, 'dev.yaml': dev('{ min: 1, max: 2 }') }, false);
    expect(r.exitCode).toBe(0);
    expect(r.stderr).not.toContain('scale-down-faster');
    expect(r.stderr).toContain('[practice/min-replicas-below-2]');
  });
  test('worker 2-2 replicas: only fixed-replicas, no "remove 0 ... add only 0"', () => {
    const r = synth({ '_base.yaml': BASE, 'dev.yaml': dev('{ min: 2, max: 2 }') }, false);
    expect(r.stderr).not.toContain('scale-down-faster');
    expect(r.stderr).toContain('[practice/fixed-replicas]');
  });
});

describe('an exclusive-field rule on a merged mapping', () => {
  const pdb = '    disruptionBudget: { minAvailable: 1 }\n';
  test('names both origins and the null fix', () => {
    const r = synth({ '_base.yaml': BASE, 'dev.yaml': dev('{ min: 2, max: 6 }', pdb) });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/dev\.yaml:\d+:\d+: error workloads\.backend\.disruptionBudget: set exactly one of maxUnavailable or minAvailable/);
    expect(r.stderr).toMatch(/see: workloads\.backend\.disruptionBudget\.maxUnavailable \(\S*_base\.yaml:73:\d+\)/);
    expect(r.stderr).toMatch(/fix: .*write maxUnavailable: null there/);
  });
  test('the fix it names works', () => {
    const r = synth({ '_base.yaml': BASE, 'dev.yaml': dev('{ min: 2, max: 6 }', '    disruptionBudget: { minAvailable: 1, maxUnavailable: null }\n') });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
  });
});

describe('a file without extends: beside a base', () => {
  test('its "required" errors say to add extends: _base.yaml', () => {
    const r = synth({ '_base.yaml': BASE, 'dev.yaml': dev('{ min: 2, max: 6 }').replace('extends: _base.yaml\n', '') });
    expect(r.exitCode).toBe(1);
    const required = r.stderr.split('\n').filter((l) => l.includes('[schema/required]'));
    expect(required.length).toBeGreaterThan(0);
    expect(r.stderr.match(/fix: add extends: _base\.yaml as the first line of dev\.yaml/g)?.length).toBe(required.length);
  });
  test('without a base in the directory there is nothing to extend: no such hint', () => {
    const r = synth({ 'dev.yaml': dev('{ min: 2, max: 6 }').replace('extends: _base.yaml\n', '') });
    expect(r.stderr).toContain('[schema/required]');
    expect(r.stderr).not.toContain('extends:');
  });
});

describe('a finding in the shared base is reported once, naming the environments', () => {
  const PRODUCTION = fs.readFileSync(path.join(CONFIG_DIR, 'production.yaml'), 'utf-8');
  const baseLine = (needle: string) => BASE.split('\n').findIndex((l) => l.includes(needle)) + 1;

  test('a matchLabels key Prometheus cannot hold: one finding at the base line and field, not one per generated rule', () => {
    const r = synth({ '_base.yaml': BASE.replace('matchLabels: { queue: render }', 'matchLabels: { queue-name: render }'), 'production.yaml': PRODUCTION, 'staging.yaml': STAGING });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('1 error(s), 0 warning(s)');
    expect(r.stderr).toMatch(new RegExp(`_base\\.yaml:${baseLine('matchLabels: { queue: render }')}:\\d+: error metrics\\.luneo_queue_depth\\.matchLabels\\.queue-name: in environments production \\(\\S+\\) and staging \\(\\S+\\): "queue-name" is not a Prometheus label name .*\\[catalogue/prometheus-label-name\\]`));
    expect(r.stderr).not.toMatch(/spec\.groups|Observability\/Alerts/);
  });

  test('catalogue/namespace-mismatch whose message names each environment\'s namespace: one finding with both messages', () => {
    const r = synth({ '_base.yaml': BASE.replace('    matchLabels: { queue: render }', '    matchLabels: { queue: render }\n    namespace: luneo-queues'), 'production.yaml': PRODUCTION, 'staging.yaml': STAGING });
    expect(r.exitCode).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.includes('[catalogue/namespace-mismatch]'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(new RegExp(`_base\\.yaml:${baseLine('matchLabels: { queue: render }') + 1}:\\d+: error metrics\\.luneo_queue_depth\\.namespace: in environment production \\(\\S+\\): .*"luneo-production".*; in environment staging \\(\\S+\\): .*"luneo-staging"`));
    expect(r.stderr).toContain('1 error(s), 0 warning(s)');
  });
});
