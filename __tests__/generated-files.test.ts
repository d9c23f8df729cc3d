import * as fs from 'fs';
import * as path from 'path';
import { generatedFileRefusal, writeGeneratedFiles } from '../lib/cli/generated-file';
import { LAYER_SCHEMA_FILE, renderLayerSchema, renderSchema, SCHEMA_FILE } from '../lib/config/schema-files';
import { ROOT, runScript, tempDir } from './support';

/**
 * The commands that regenerate files of the project (npm run schema, vendor-schemas, example):
 * usage errors are exit 2 with the usage line, and a target that is a directory, a symbolic link or
 * outside the project is a finding naming the file and rule, with nothing written.
 */
describe('npm run schema', () => {
  test.each([[['--bogus']], [['--config', '/tmp/x']], [['--out', '/tmp/y']], [['extra']]])('%j is a usage error: exit 2, usage line, nothing written', (args) => {
    const before = fs.statSync(SCHEMA_FILE).mtimeMs;
    const r = runScript('scripts/write-schema.ts', args);
    expect(r).toMatchObject({ status: 2, stdout: '' });
    expect(r.stderr).toMatch(/usage: npm run schema/);
    expect(fs.statSync(SCHEMA_FILE).mtimeMs).toBe(before);
  });

  test('writes both schemas, fresh', () => {
    const r = runScript('scripts/write-schema.ts', []);
    expect(r).toMatchObject({ status: 0, stderr: '' });
    expect(r.stdout).toMatch(/^wrote config\/environment\.schema\.json and config\/layer\.schema\.json\n$/);
    expect(fs.readFileSync(SCHEMA_FILE, 'utf-8')).toBe(renderSchema());
    expect(fs.readFileSync(LAYER_SCHEMA_FILE, 'utf-8')).toBe(renderLayerSchema());
  });
});

describe('generated files are never written through a link, over a directory or outside the project', () => {
  const project = () => {
    const root = tempDir('gen-root');
    fs.mkdirSync(path.join(root, 'config'));
    return root;
  };
  const show = (root: string) => (f: string) => path.relative(root, f);

  test('a directory where the file goes: generated-file/not-a-file (was a raw EISDIR stack trace)', () => {
    const root = project();
    const target = path.join(root, 'config', 'layer.schema.json');
    fs.mkdirSync(target);
    const other = path.join(root, 'config', 'environment.schema.json');
    const findings = writeGeneratedFiles(root, [{ file: other, content: 'a' }, { file: target, content: 'b' }], show(root));
    expect(findings).toEqual([expect.objectContaining({ rule: 'generated-file/not-a-file', location: { file: 'config/layer.schema.json' }, message: 'config/layer.schema.json is a directory, not the generated file' })]);
    expect(fs.existsSync(other)).toBe(false); // all or none
  });

  test('a symbolic link to a file outside the project: refused, the file it points at untouched', () => {
    const root = project();
    const outside = path.join(tempDir('gen-outside'), 'precious.txt');
    fs.writeFileSync(outside, 'keep me');
    const target = path.join(root, 'config', 'layer.schema.json');
    fs.symlinkSync(outside, target);
    const [f] = writeGeneratedFiles(root, [{ file: target, content: 'overwritten' }], show(root));
    expect(f).toMatchObject({ rule: 'generated-file/symbolic-link', location: { file: 'config/layer.schema.json' } });
    expect(f.message).toContain(`is a symbolic link (to ${outside})`);
    expect(fs.readFileSync(outside, 'utf-8')).toBe('keep me');
    expect(fs.lstatSync(target).isSymbolicLink()).toBe(true);
  });

  test('a link inside the project is refused too, and a dangling one', () => {
    const root = project();
    fs.writeFileSync(path.join(root, 'config', 'real.json'), 'x');
    fs.symlinkSync('real.json', path.join(root, 'config', 'a.json'));
    fs.symlinkSync('nowhere.json', path.join(root, 'config', 'b.json'));
    expect(generatedFileRefusal(root, path.join(root, 'config', 'a.json'), 'a')?.rule).toBe('generated-file/symbolic-link');
    expect(generatedFileRefusal(root, path.join(root, 'config', 'b.json'), 'b')?.rule).toBe('generated-file/symbolic-link');
    expect(fs.existsSync(path.join(root, 'config', 'nowhere.json'))).toBe(false);
  });

  test('a directory that resolves outside the project: generated-file/outside-project', () => {
    const root = tempDir('gen-root2');
    const outside = tempDir('gen-outside2');
    fs.symlinkSync(outside, path.join(root, 'config'));
    const [f] = writeGeneratedFiles(root, [{ file: path.join(root, 'config', 'x.json'), content: 'x' }], show(root));
    expect(f.rule).toBe('generated-file/outside-project');
    expect(fs.readdirSync(outside)).toEqual([]);
  });

  test('a FIFO is not a file (never opened: that would block)', () => {
    const root = project();
    const fifo = path.join(root, 'config', 'x.json');
    require('child_process').execFileSync('mkfifo', [fifo]);
    expect(generatedFileRefusal(root, fifo, 'config/x.json')).toMatchObject({ rule: 'generated-file/not-a-file', message: 'config/x.json is a named pipe (FIFO), not the generated file' });
  });

  test('a regular file is replaced, atomically, with no temporary file left', () => {
    const root = project();
    const target = path.join(root, 'config', 'x.json');
    fs.writeFileSync(target, 'old');
    expect(writeGeneratedFiles(root, [{ file: target, content: 'new' }], show(root))).toEqual([]);
    expect(fs.readFileSync(target, 'utf-8')).toBe('new');
    expect(fs.readdirSync(path.join(root, 'config'))).toEqual(['x.json']);
  });
});

describe('the other generators', () => {
  test.each([[[]], [['a', 'b']], [['--bogus', 'dir']]])('vendor-schemas %j is a usage error (exit 2, usage line)', (args) => {
    const r = runScript('scripts/vendor-schemas.ts', args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage: npm run vendor-schemas -- <dir/);
  });

  test('vendor-schemas with an upstream directory missing its files: a finding, nothing written', () => {
    const before = fs.readFileSync(path.join(ROOT, 'lib', 'output', 'schemas', 'crds.json'), 'utf-8');
    const r = runScript('scripts/vendor-schemas.ts', [tempDir('no-upstream')]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/_definitions\.json cannot be read \(ENOENT\) \[vendor-schemas\/unreadable\]/);
    expect(r.stderr).not.toMatch(/internal error|^\s+at /m);
    expect(fs.readFileSync(path.join(ROOT, 'lib', 'output', 'schemas', 'crds.json'), 'utf-8')).toBe(before);
  });

  test.each([[['--bogus']], [['a', 'b']]])('example %j is a usage error (exit 2, usage line)', (args) => {
    const r = runScript('examples/platform-app/main.ts', args);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/usage: npm run example/);
  });

  test('example: a chart file that is a link to elsewhere is refused, the file it points at untouched', () => {
    const out = tempDir('ex-out');
    const outside = path.join(tempDir('ex-outside'), 'precious.txt');
    fs.writeFileSync(outside, 'keep me');
    fs.symlinkSync(outside, path.join(out, 'production.k8s.yaml'));
    const r = runScript('examples/platform-app/main.ts', [out]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/production\.k8s\.yaml is a symbolic link .*\[generated-file\/symbolic-link\]/);
    expect(fs.readFileSync(outside, 'utf-8')).toBe('keep me');
    expect(fs.existsSync(path.join(out, 'platform.k8s.yaml'))).toBe(false);
  });

  test('example: an output directory that is a link is refused; a fresh one is written', () => {
    const target = tempDir('ex-target');
    const link = path.join(tempDir('ex-link'), 'dist');
    fs.symlinkSync(target, link);
    const r = runScript('examples/platform-app/main.ts', [link]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/\[generated-file\/symbolic-link\]/);
    expect(fs.readdirSync(target)).toEqual([]);
    const fresh = path.join(tempDir('ex-fresh'), 'dist');
    const ok = runScript('examples/platform-app/main.ts', [fresh]);
    expect(ok).toMatchObject({ status: 0, stderr: '' });
    expect(fs.readdirSync(fresh).sort()).toEqual(['platform.k8s.yaml', 'production.k8s.yaml']);
  });
});
