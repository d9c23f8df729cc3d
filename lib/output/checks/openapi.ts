import { ErrorObject } from 'ajv';
import { Finding } from '../../config/findings';

/**
 * Validates synthesized objects against the OpenAPI schemas of every supported Kubernetes version
 * and against the pinned CRD schemas, with ajv validators compiled ahead of time
 * (lib/output/schemas/validators.js, see compile-validators.ts).
 */
type Validator = ((data: unknown) => boolean) & { errors?: ErrorObject[] | null };
// eslint-disable-next-line @typescript-eslint/no-require-imports
const VALIDATORS: Record<string, Validator> = require('../schemas/validators.js');

const byKind = new Map<string, Array<{ target: string; validate: Validator }>>();
for (const [key, validate] of Object.entries(VALIDATORS)) {
  const [gvk, target] = key.split('|');
  byKind.set(gvk, [...(byKind.get(gvk) ?? []), { target, validate }]);
}

const gvkOf = (obj: { apiVersion: string; kind: string }) => `${obj.apiVersion}/${obj.kind}`;

/** Findings for one object; a kind no vendored schema knows is itself an error. */
export function schemaFindings(obj: { apiVersion: string; kind: string }, file: string): Finding[] {
  const targets = byKind.get(gvkOf(obj));
  if (!targets) {
    return [{ severity: 'error', path: ['kind'], rule: 'output/unknown-schema', location: { file },
      message: `no vendored schema for ${gvkOf(obj)}`, hint: 'add the kind to ROOT_KINDS or CRD_FILES and run npm run vendor-schemas' }];
  }
  return targets.flatMap(({ target, validate }) => (validate(obj) ? [] : (validate.errors ?? []).map((e) => ({
    severity: 'error' as const,
    path: [...e.instancePath.split('/').slice(1).map((p) => (/^\d+$/.test(p) ? Number(p) : p)), ...(e.keyword === 'additionalProperties' ? [String(e.params.additionalProperty)] : [])],
    rule: 'output/openapi-schema',
    message: `${e.keyword === 'additionalProperties' ? 'is not a field of this kind' : e.message} (${target})`,
    location: { file },
  }))));
}
