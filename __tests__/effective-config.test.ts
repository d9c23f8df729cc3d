import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { runSynth } from '../lib/output/synth-command';
import { CONFIG_DIR, runScript, tempDir } from './support';

/**
 * npm run config:effective validates the effective environment as synth does: the document is
 * printed on stdout (it is what was asked for), the findings synth would report, at the same
 * file:line, on stderr, and exit 1 when one is an error.
 */
const STAGING = fs.readFileSync(path.join(CONFIG_DIR, 'staging.yaml'), 'utf-8');
const BACKEND_REPLICAS = 'replicas: { min: 2, max: 10 }';
const lineOf = (text: string, needle: string) => text.split('\n').findIndex((l) => l.includes(needle)) + 1;

function configWith(files: Record<string, string>): string {
  const dir = tempDir('eff');
  for (const f of fs.readdirSync(CONFIG_DIR).filter((n) => n.endsWith('.yaml'))) fs.copyFileSync(path.join(CONFIG_DIR, f), path.join(dir, f));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}
const effective = (dir: string, env: string) => runScript('scripts/effective-config.ts', ['--config', dir, env]);
const findingLines = (stderr: string) => stderr.split('\n').filter((l) => /\[[a-z0-9-]+\/[a-z0-9-]+\]$/.test(l)).map((l) => l.trim());

describe('npm run config:effective validates what it prints', () => {
  test('the stock staging: printed, no findings, exit 0', () => {
    const r = effective(configWith({}), 'staging');
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(parse(r.stdout).workloads.backend.replicas).toEqual({ min: 2, max: 10 });
  });

  test.each([
    ['a value of the wrong type', BACKEND_REPLICAS.replace('min: 2', 'min: two'), 'schema/type', 'workloads.backend.replicas.min', /must be number, got string "two"/],
    ['a misspelt key', BACKEND_REPLICAS.replace('replicas:', 'replica:'), 'schema/unknown-key', 'workloads.backend.replica', /unknown key "replica"/],
  ])('%s: the document on stdout, synth\'s findings on stderr, exit 1', (_name, edited, rule, field, says) => {
    const text = STAGING.replace(BACKEND_REPLICAS, edited);
    expect(text).not.toBe(STAGING);
    const dir = configWith({ 'staging.yaml': text });
    const r = effective(dir, 'staging');
    expect(r.status).toBe(1);
    expect(parse(r.stdout).workloads.backend).toMatchObject(parse(`{ ${edited} }`)); // the document, as asked, invalid value and all
    expect(r.stdout).toMatch(/^# yaml-language-server/);
    const line = findingLines(r.stderr).find((l) => l.endsWith(`[${rule}]`));
    expect(line).toMatch(new RegExp(`staging\\.yaml:${lineOf(text, edited)}:\\d+: error ${field.replace(/\./g, '\\.')}: `));
    expect(line).toMatch(says);
    expect(r.stderr).toMatch(/\(printed on stdout\) is not valid: synth fails on these findings\n$/);
    // The same findings as synth, word for word.
    const synth = runSynth({ configDir: dir, outDir: path.join(tempDir('eff-out'), 'dist'), strict: false });
    expect(synth.exitCode).toBe(1);
    expect(findingLines(synth.stderr)).toEqual(expect.arrayContaining(findingLines(r.stderr)));
  });

  test('a reserved environment name is a finding here too, as in synth', () => {
    const dir = configWith({ 'argocd.yaml': STAGING.replace('environment: staging', 'environment: argocd') });
    const r = effective(dir, 'argocd');
    expect(r.status).toBe(1);
    expect(findingLines(r.stderr)).toEqual([expect.stringMatching(/argocd\.yaml:\d+:1: error environment: "argocd" names a directory of dist\/ .*\[config\/reserved-name\]$/)]);
  });

  test('best-practice warnings are printed as synth prints them, exit 0', () => {
    const dir = configWith({ 'staging.yaml': STAGING.replace(BACKEND_REPLICAS, 'replicas: { min: 1, max: 10 }') });
    const r = effective(dir, 'staging');
    expect(r.status).toBe(0);
    expect(findingLines(r.stderr)).toEqual([expect.stringMatching(/staging\.yaml:\d+:\d+: warning workloads\.backend\.replicas\.min: .*\[practice\/min-replicas-below-2\]$/)]);
    expect(r.stderr).not.toMatch(/not valid/);
  });
});
