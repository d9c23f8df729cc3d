import Ajv2020 from 'ajv/dist/2020';
import addFormats from 'ajv-formats';
import * as fs from 'fs';
import { parse } from 'yaml';
import { renderSchema, SCHEMA_FILE } from '../lib/config/schema-files';
import { PRODUCTION_FILE } from './support';

describe('published JSON Schema (config/environment.schema.json)', () => {
  test('is up to date with the zod schema (run `npm run schema`)', () => {
    expect(fs.readFileSync(SCHEMA_FILE, 'utf-8')).toBe(renderSchema());
  });

  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  const validate = ajv.compile(JSON.parse(renderSchema()));
  test('accepts the production file, as an editor would', () => {
    expect(validate(parse(fs.readFileSync(PRODUCTION_FILE, 'utf-8')))).toBe(true);
  });
  test('flags an unknown key and a bad enum, as an editor would', () => {
    const env = parse(fs.readFileSync(PRODUCTION_FILE, 'utf-8'));
    env.workloads.backend.scaleUp.select = 'Largest';
    env.workloads.backend.extra = true;
    expect(validate(env)).toBe(false);
    const paths = validate.errors!.map((e) => e.instancePath);
    expect(paths).toContain('/workloads/backend/scaleUp/select');
    expect(paths).toContain('/workloads/backend');
  });
  test('the production file points editors at the schema', () => {
    expect(fs.readFileSync(PRODUCTION_FILE, 'utf-8').split('\n')[0]).toBe('# yaml-language-server: $schema=./environment.schema.json');
  });
});
