import * as fs from 'fs';
import * as path from 'path';
import { runSynth } from '../lib/output/synth-command';
import { CONFIG_DIR, tempDir } from './support';

// dist/environments.md shows layered changes: alerting, dashboard, scrape, SLO and catalogue values,
// and any other effective value that differs between environments.
const read = (name: string) => fs.readFileSync(path.join(CONFIG_DIR, name), 'utf-8');

function summary(staging: string, base = read('_base.yaml')): string {
  const dir = tempDir('summary');
  fs.writeFileSync(path.join(dir, '_base.yaml'), base);
  fs.writeFileSync(path.join(dir, 'production.yaml'), read('production.yaml'));
  fs.writeFileSync(path.join(dir, 'staging.yaml'), staging);
  const out = path.join(tempDir('summary-out'), 'dist');
  const r = runSynth({ configDir: dir, outDir: out, strict: false });
  if (r.exitCode !== 0) throw new Error(r.stderr);
  return fs.readFileSync(path.join(out, 'environments.md'), 'utf-8');
}
/** The cells of the row labelled `label` in the section titled `section`. */
function row(md: string, section: string, label: string): string[] | undefined {
  const part = md.split('\n## ').find((s) => s.startsWith(`${section}\n`));
  const line = part?.split('\n').find((l) => l.startsWith(`| ${label} |`) || l.startsWith(`| **≠ ${label}** |`));
  return line?.split(' | ').slice(1).map((c) => c.replace(/ \|$/, ''));
}

describe('dist/environments.md shows staging\'s layered changes', () => {
  const staging = `${read('staging.yaml')}
alerting:
  hpa: { maxedOutFor: 30m }
  severity: { HpaFlapping: info }
dashboard:
  namespace: monitoring
`.replace('    replicas: { min: 2, max: 6 }\n', '    replicas: { min: 2, max: 6 }\n    scrape: { interval: 15s }\n');
  const md = summary(staging);

  test('alerting.hpa.maxedOutFor 15m (base) vs 30m (staging\'s own), marked as differing', () => {
    expect(md).toContain('| **≠ alerting.hpa.maxedOutFor** | 15m | 30m ✎ |');
  });
  test('severity HpaFlapping: the default warning vs info', () => {
    expect(md).toContain('| **≠ alerting.severity.HpaFlapping** | warning | info ✎ |');
  });
  test('dashboard.namespace: the environment namespace by default vs monitoring', () => {
    expect(md).toContain('| **≠ dashboard.namespace** | luneo-production | monitoring ✎ |');
  });
  test('worker scrape interval 30s vs 15s', () => {
    const cells = row(md, 'Workload `worker`', 'scrape')!;
    expect(cells[0]).toContain('every 30s');
    expect(cells[1]).toMatch(/every 15s.* ✎$/);
    expect(md).toContain('| **≠ scrape** |');
  });
  test('unchanged values are shown once per environment, not marked', () => {
    expect(md).toContain('| alerting.hpa.mismatchFor | 15m | 15m |');
  });
});

describe('any other effective value that differs is listed', () => {
  test('a catalogue target and a simulation setting changed in staging only', () => {
    const staging = `${read('staging.yaml')}
metrics:
  luneo_worker_active_jobs:
    target: { averageValue: "8" }
`.replace('      peakConcurrentJobs: 150', '      peakConcurrentJobs: 150\n      description: staging load tests');
    const md = summary(staging);
    const catalogue = row(md, 'Metric catalogue', 'luneo_worker_active_jobs')!;
    expect(catalogue[0]).toContain('target 10 jobs');
    expect(catalogue[1]).toMatch(/target 8 jobs.* ✎$/);
    expect(md).toContain('| **≠ workloads.worker.useCase.description** | 500 concurrent render jobs | staging load tests ✎ |');
  });
  test('without other differences the page says so', () => {
    expect(summary(read('staging.yaml'))).toContain('No other effective value differs between the environments.');
  });
});

describe('a value is marked only where it differs and only where a file states it', () => {
  test('one severity stated in staging: the other alerting rows are neither ≠ nor ✎', () => {
    const md = summary(`${read('staging.yaml')}alerting:\n  severity: { HpaFlapping: info }\n`);
    expect(md).toContain('| **≠ alerting.severity.HpaFlapping** | warning | info ✎ |');
    // alerting.runbook differs: each environment has its own runbook.
    const rows = md.split('\n').filter((l) => /^\| (\*\*≠ )?alerting\./.test(l) && !l.includes('alerting.severity.HpaFlapping') && !l.includes('alerting.runbook**'));
    expect(rows.length).toBeGreaterThan(13);
    for (const l of rows) {
      expect(l).not.toContain('≠');
      expect(l).not.toContain('✎');
    }
    expect(md).toContain('| alerting.resourceRateWindow | 5m | 5m |');
  });
  test('a value staging states equal to the base is marked ✎ but not ≠', () => {
    const md = summary(`${read('staging.yaml')}alerting:\n  resourceRateWindow: 5m\n`);
    expect(md).toContain('| alerting.resourceRateWindow | 5m | 5m ✎ |');
  });
  test('the same duration written two ways (900s here, 15m in the base) is marked ✎ but not ≠, shown as written', () => {
    expect(read('_base.yaml')).toMatch(/mismatchFor: 15m/);
    const md = summary(`${read('staging.yaml')}alerting:\n  hpa: { mismatchFor: 900s }\n`);
    expect(md).toContain('| alerting.hpa.mismatchFor | 15m | 900s ✎ |');
    // A different length still differs.
    expect(summary(`${read('staging.yaml')}alerting:\n  hpa: { mismatchFor: 901s }\n`)).toContain('| **≠ alerting.hpa.mismatchFor** | 15m | 901s ✎ |');
  });
  test('alerting.ruleSelector: the default prometheus.monitorSelector where not set', () => {
    const md = summary(`${read('staging.yaml')}alerting:\n  ruleSelector: { release: rules }\n`);
    expect(md).toContain('| **≠ alerting.ruleSelector.release** | kube-prometheus-stack | rules ✎ |');
  });
});

describe('a catalogue entry that differs only in its description', () => {
  const md = summary(`${read('staging.yaml')}metrics:\n  http_requests_per_second: { description: Requests per second per staging pod }\n`);
  test('the catalogue row is not ≠ (its cells are the same) and not ✎ (no field it shows is stated)', () => {
    const line = md.split('\n').find((l) => l.includes('http_requests_per_second') && l.startsWith('| ') && l.includes('target'))!;
    expect(line).toMatch(/^\| http_requests_per_second \|/);
    const [, a, b] = line.replace(/ \|$/, '').split(' | ');
    expect(a).toBe(b);
    expect(line).not.toContain('✎');
  });
  test('the description is listed under "Other differences" with both values', () => {
    expect(md).not.toContain('No other effective value differs');
    const cells = row(md, 'Other differences', 'metrics.http_requests_per_second.description')!;
    expect(cells[1]).toBe('Requests per second per staging pod ✎');
    expect(cells[0]).not.toBe(cells[1].replace(' ✎', ''));
    expect(cells[0].length).toBeGreaterThan(0);
  });
});
