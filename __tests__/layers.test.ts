import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { effectiveEnvironmentText, loadEnvironmentFile, scanConfigDir } from '../lib/config/load';
import { LAYER_SCHEMA_FILE, renderLayerSchema, renderSchema } from '../lib/config/schema-files';
import { runSynth } from '../lib/output/synth-command';
import { CONFIG_DIR, tempDir } from './support';

const file = (name: string) => path.join(CONFIG_DIR, name);
const lineOf = (name: string, needle: string) => fs.readFileSync(file(name), 'utf-8').split('\n').findIndex((l) => l.includes(needle)) + 1;

describe('environment layering (config/_base.yaml + one file per environment)', () => {
  const production = loadEnvironmentFile(file('production.yaml'));
  const staging = loadEnvironmentFile(file('staging.yaml'));

  test('the config dir lists the environments, and the base apart', () => {
    expect(scanConfigDir(CONFIG_DIR)).toEqual({ files: [file('production.yaml'), file('staging.yaml')], findings: [], layers: [file('_base.yaml')] });
  });

  test('staging states what differs; everything else is production\'s policy, from the base', () => {
    const p = production.env;
    const s = staging.env;
    expect([s.environment, s.namespace]).toEqual(['staging', 'luneo-staging']);
    expect(s.workloads.backend.replicas).toEqual({ min: 2, max: 10 });
    expect(s.workloads.worker.replicas).toEqual({ min: 2, max: 6 });
    expect(p.workloads.backend.replicas).toEqual({ min: 3, max: 50 });
    for (const key of ['backend', 'worker'] as const) {
      for (const field of ['scaleUp', 'scaleDown', 'utilization', 'containers', 'scrape', 'podSelector', 'disruptionBudget'] as const) {
        expect(s.workloads[key][field]).toEqual(p.workloads[key][field]);
      }
    }
    expect(s.metrics).toEqual(p.metrics);
    // A mapping merges key by key: staging overrides the peak and keeps the base's description.
    expect(s.workloads.worker.useCase).toEqual({ description: '500 concurrent render jobs', peakConcurrentJobs: 150 });
    expect(s.argocd).toMatchObject({ project: 'luneo-platform', destination: { name: 'staging' } });
  });

  test('each location names the file and line where the effective value is written', () => {
    const at = (l: typeof production, p: Array<string | number>) => l.locate(p);
    expect(at(production, ['workloads', 'backend', 'replicas', 'max'])).toMatchObject({ file: 'config/production.yaml', line: lineOf('production.yaml', 'replicas: { min: 3, max: 50 }') });
    expect(at(staging, ['workloads', 'backend', 'replicas', 'max'])).toMatchObject({ file: 'config/staging.yaml', line: lineOf('staging.yaml', 'replicas: { min: 2, max: 10 }') });
    expect(at(staging, ['workloads', 'backend', 'utilization', 'cpu'])).toMatchObject({ file: 'config/_base.yaml', line: lineOf('_base.yaml', 'utilization: { cpu: 70') });
    expect(at(staging, ['metrics', 'luneo_queue_depth', 'target', 'averageValue'])).toMatchObject({ file: 'config/_base.yaml', line: lineOf('_base.yaml', 'target: { averageValue: "50" }') });
    expect(at(staging, ['workloads', 'worker', 'useCase', 'peakConcurrentJobs'])).toMatchObject({ file: 'config/staging.yaml', line: lineOf('staging.yaml', 'peakConcurrentJobs: 150') });
    expect(at(staging, ['workloads', 'worker', 'useCase', 'description'])).toMatchObject({ file: 'config/_base.yaml', line: lineOf('_base.yaml', 'description: 500 concurrent render jobs') });
  });

  test('lists replace, null removes, and an environment may extend a base that extends another', () => {
    const dir = tempDir('layers');
    fs.writeFileSync(path.join(dir, '_root.yaml'), fs.readFileSync(file('_base.yaml'), 'utf-8'));
    fs.writeFileSync(path.join(dir, '_base.yaml'), 'extends: _root.yaml\nworkloads:\n  worker:\n    concurrency: { queues: [render, thumbnails] }\n');
    fs.writeFileSync(path.join(dir, 'canary.yaml'), [
      'extends: _base.yaml', 'environment: canary', 'namespace: luneo-canary', 'argocd: null',
      'workloads:', '  backend: { replicas: { min: 2, max: 4 }, verticalScaling: null }', '  worker: { replicas: { min: 2, max: 20 } }', '',
    ].join('\n'));
    const { env } = loadEnvironmentFile(path.join(dir, 'canary.yaml'));
    expect(env.workloads.worker.concurrency!.queues).toEqual(['render', 'thumbnails']);
    expect(env.workloads.worker.concurrency!.maxConcurrentJobs).toBe(25);
    expect(env.workloads.backend).not.toHaveProperty('verticalScaling');
    expect(env).not.toHaveProperty('argocd');
    expect(env.workloads.worker.verticalScaling).toEqual({ updateMode: 'Off', controlledResources: ['cpu', 'memory'] });
  });

  test('a required field an environment removed with null is reported at the line that removed it', () => {
    const dir = tempDir('nulls');
    fs.writeFileSync(path.join(dir, '_base.yaml'), fs.readFileSync(file('_base.yaml'), 'utf-8'));
    const text = fs.readFileSync(file('staging.yaml'), 'utf-8')
      .replace('    replicas: { min: 2, max: 10 }', '    replicas: { min: 2, max: 10 }\n    hpa: null')
      .replace('namespace: luneo-staging', 'namespace: null');
    fs.writeFileSync(path.join(dir, 'staging.yaml'), text);
    const line = (needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;
    let findings: Array<{ path: Array<string | number>; location?: { file: string; line: number } }> = [];
    try {
      loadEnvironmentFile(path.join(dir, 'staging.yaml'));
    } catch (e) {
      findings = (e as { findings: typeof findings }).findings;
    }
    const at = (p: string) => findings.find((f) => f.path.join('.') === p)?.location;
    expect(at('workloads.backend.hpa')).toMatchObject({ file: expect.stringMatching(/staging\.yaml$/), line: line('hpa: null') });
    expect(at('namespace')).toMatchObject({ file: expect.stringMatching(/staging\.yaml$/), line: line('namespace: null') });
  });

  test('an alias keeps the base\'s value when the environment replaces the anchored node', () => {
    const dir = tempDir('aliases');
    const base = fs.readFileSync(file('_base.yaml'), 'utf-8')
      .replace('disruptionBudget: { maxUnavailable: 1 }', 'disruptionBudget: &pdb { maxUnavailable: 1 }')
      .replace(/(worker:[\s\S]*disruptionBudget: )\{ maxUnavailable: 1 \}/, '$1*pdb');
    expect(base.match(/&pdb|\*pdb/g)).toEqual(['&pdb', '*pdb']);
    fs.writeFileSync(path.join(dir, '_base.yaml'), base);
    fs.writeFileSync(path.join(dir, 'production.yaml'), fs.readFileSync(file('production.yaml'), 'utf-8')
      .replace('    replicas: { min: 3, max: 50 }', '    replicas: { min: 3, max: 50 }\n    disruptionBudget: { maxUnavailable: 2 }'));
    const { env, locate } = loadEnvironmentFile(path.join(dir, 'production.yaml'));
    expect(env.workloads.backend.disruptionBudget).toEqual({ maxUnavailable: 2 });
    expect(env.workloads.worker.disruptionBudget).toEqual({ maxUnavailable: 1 });
    expect(locate(['workloads', 'worker', 'disruptionBudget', 'maxUnavailable'])).toMatchObject({ file: expect.stringMatching(/_base\.yaml$/), line: base.split('\n').findIndex((l) => l.includes('&pdb')) + 1 });
  });

  test('a problem in the base is reported once, at the base, though two environments extend it', () => {
    const dir = tempDir('base-error');
    for (const f of ['_base.yaml', 'production.yaml', 'staging.yaml']) fs.copyFileSync(file(f), path.join(dir, f));
    fs.writeFileSync(path.join(dir, '_base.yaml'), fs.readFileSync(file('_base.yaml'), 'utf-8').replace('metricsRelistInterval: 1m', 'metricsRelistInterval: 10s'));
    const r = runSynth({ configDir: dir, outDir: path.join(tempDir('base-error-out'), 'dist'), strict: false });
    expect(r.exitCode).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.includes('[adapter/relist-interval]'));
    expect(lines.length).toBeGreaterThan(0);
    expect(new Set(lines).size).toBe(lines.length);
    // Once per workload it breaks, naming both environments that inherit it.
    expect(lines).toHaveLength(2);
    for (const l of lines) expect(l).toMatch(/in environments production \(\S*production\.yaml\) and staging \(\S*staging\.yaml\): /);
    expect(lines.every((l) => l.includes(`_base.yaml:${lineOf('_base.yaml', 'metricsRelistInterval: 1m')}:`))).toBe(true);
  });

  test('a cycle of bases two environments extend is one finding, naming the cycle, not each walk into it', () => {
    const dir = tempDir('base-cycle');
    for (const f of ['production.yaml', 'staging.yaml']) fs.writeFileSync(path.join(dir, f), fs.readFileSync(file(f), 'utf-8').replace('extends: _base.yaml', 'extends: _b1.yaml'));
    fs.writeFileSync(path.join(dir, '_b1.yaml'), 'extends: _b2.yaml\n');
    fs.writeFileSync(path.join(dir, '_b2.yaml'), 'extends: _b1.yaml\n');
    const r = runSynth({ configDir: dir, outDir: path.join(tempDir('base-cycle-out'), 'dist'), strict: false });
    expect(r.exitCode).toBe(1);
    const lines = r.stderr.split('\n').filter((l) => l.includes('[config/extends-cycle]'));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/_b2\.yaml:1:1: error extends: _b1\.yaml closes a cycle of bases \(_b1\.yaml -> _b2\.yaml -> _b1\.yaml\) \[config\/extends-cycle\]$/);
  });

  test('the effective text of an environment is one whole environment that loads to the same values', () => {
    for (const name of ['production', 'staging']) {
      const text = effectiveEnvironmentText(file(`${name}.yaml`));
      expect(text.split('\n')[0]).toBe('# yaml-language-server: $schema=./environment.schema.json');
      const dir = tempDir('effective');
      fs.writeFileSync(path.join(dir, `${name}.yaml`), text);
      expect(loadEnvironmentFile(path.join(dir, `${name}.yaml`)).env).toEqual(loadEnvironmentFile(file(`${name}.yaml`)).env);
    }
  });

  describe('editor schemas', () => {
    const ajv = new Ajv2020({ strict: false, allErrors: true });
    addFormats(ajv);
    test('config/layer.schema.json is fresh (run `npm run schema`)', () => {
      expect(fs.readFileSync(LAYER_SCHEMA_FILE, 'utf-8')).toBe(renderLayerSchema());
    });
    test('each file validates as a layer; each effective environment as an environment', () => {
      const layer = ajv.compile(JSON.parse(renderLayerSchema()));
      const whole = ajv.compile(JSON.parse(renderSchema()));
      for (const name of ['_base.yaml', 'production.yaml', 'staging.yaml']) {
        expect({ name, ok: layer(parse(fs.readFileSync(file(name), 'utf-8'))), errors: layer.errors }).toMatchObject({ name, ok: true });
        expect(fs.readFileSync(file(name), 'utf-8').split('\n')[0]).toBe('# yaml-language-server: $schema=./layer.schema.json');
      }
      for (const name of ['production.yaml', 'staging.yaml']) expect(whole(parse(effectiveEnvironmentText(file(name))))).toBe(true);
      expect(layer({ workloads: { backend: { replicas: { min: 'three' } } } })).toBe(false);
    });
  });
});
