import { IValidation } from 'constructs';
import { z } from 'zod';
import { formatFinding } from './findings';
import { issueFindings } from './validate';

/**
 * Validation for a construct's props, from the same zod rules the config loader applies, so a
 * TypeScript user who builds constructs by hand gets the same findings at synth time.
 */
export function propsValidation(props: object, shape: z.core.$ZodLooseShape): IValidation {
  return {
    validate: () => {
      const parsed = objectSchema(shape).safeParse(props, { reportInput: true });
      return parsed.success ? [] : parsed.error.issues.flatMap((i) => issueFindings(i, objectSchema(shape))).map(formatFinding);
    },
  };
}

// zod compiles an object schema on its first parse; building one per construct instance made
// validation of a 500-workload environment spend most of its time compiling. Schemas are reused
// per distinct shape (same keys, same field schemas; an inline `.optional()` counts as its inner schema).
const compiled = new Map<string, z.ZodObject>();
const ids = new WeakMap<object, number>();
let nextId = 0;

function schemaId(schema: z.core.$ZodType): string {
  const def = schema._zod.def as { type: string; innerType?: z.core.$ZodType };
  if (def.type === 'optional' && def.innerType) return `${schemaId(def.innerType)}?`;
  let id = ids.get(schema);
  if (id === undefined) {
    id = nextId++;
    ids.set(schema, id);
  }
  return String(id);
}

function objectSchema(shape: z.core.$ZodLooseShape): z.ZodObject {
  const key = Object.keys(shape).map((k) => `${k}:${schemaId(shape[k])}`).join(',');
  let schema = compiled.get(key);
  if (!schema) compiled.set(key, (schema = z.object(shape)));
  return schema;
}
