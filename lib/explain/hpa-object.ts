import { z } from 'zod';
import { Finding } from '../config/findings';
import { issueFindings } from '../config/validate';
import { HpaSpec, MAX_QUANTITY, milliValue, quantityInRange } from '../hpa';
import { specFindings } from './hpa-validation';
import { KubeObject, LocatedObject, objectName } from './kubectl-input';

/**
 * The part of an autoscaling/v2 HorizontalPodAutoscaler that `explain` reads, as kubectl prints
 * it (k8s.io/api/autoscaling/v2 types.go). Objects are loose: managedFields, annotations and any
 * field we do not read pass through unchecked.
 */

const QUANTITY_HINT = 'write a number with an optional suffix, unquoted or quoted: 500m, 1, 1.5, 1k, 2Gi (lower-case k; no spaces, no hex)';

/**
 * A Kubernetes quantity, parsed as apimachinery does, and within what a cluster holds (|value| <=
 * 2^63 - 1, MAX_QUANTITY): `1e400` parses but no API server stores it, and the controller's int64
 * arithmetic would turn it into Infinity or a wrapped count. Both are hpa/quantity, named by their
 * own rule (not the generic schema/rule) wherever simulate and explain read an HPA.
 */
const quantity = z.union([z.string(), z.number()]).superRefine((q, ctx) => {
  let parses = true;
  try {
    milliValue(q);
  } catch (e) {
    // A RangeError is a quantity that parses but is far out of range: the range message below.
    parses = e instanceof RangeError;
  }
  if (!parses) {
    ctx.addIssue({ code: 'custom', message: 'must be a Kubernetes quantity such as 500m, 1, 2Gi', params: { rule: 'hpa/quantity', hint: QUANTITY_HINT } });
  } else if (!quantityInRange(q)) {
    ctx.addIssue({
      code: 'custom', message: `is ${String(q)}, beyond the largest quantity Kubernetes holds (2^63 - 1 = ${MAX_QUANTITY})`,
      params: { rule: 'hpa/quantity', hint: 'the API server caps a quantity at 9223372036854775807, and the controller reads it in int64 milli-units: give the value the cluster shows (kubectl get hpa -o yaml)' },
    });
  }
});

const target = z.looseObject({
  type: z.string(),
  averageUtilization: z.number().int().optional(),
  averageValue: quantity.optional(),
  value: quantity.optional(),
});
const current = z.looseObject({ averageUtilization: z.number().int().optional(), averageValue: quantity.optional(), value: quantity.optional() });
const metricId = z.looseObject({ name: z.string(), selector: z.unknown().optional() });
const describedObject = z.looseObject({ kind: z.string(), name: z.string(), apiVersion: z.string().optional() });

const metricSpec = z.looseObject({
  type: z.string(),
  resource: z.looseObject({ name: z.string(), target }).optional(),
  containerResource: z.looseObject({ name: z.string(), container: z.string(), target }).optional(),
  pods: z.looseObject({ metric: metricId, target }).optional(),
  object: z.looseObject({ metric: metricId, describedObject, target }).optional(),
  external: z.looseObject({ metric: metricId, target }).optional(),
});

const metricStatus = z.looseObject({
  type: z.string().optional(),
  resource: z.looseObject({ name: z.string(), current }).optional(),
  containerResource: z.looseObject({ name: z.string(), container: z.string(), current }).optional(),
  pods: z.looseObject({ metric: metricId, current }).optional(),
  object: z.looseObject({ metric: metricId, describedObject: describedObject.optional(), current }).optional(),
  external: z.looseObject({ metric: metricId, current }).optional(),
});

const policy = z.looseObject({ type: z.string(), value: z.number().int(), periodSeconds: z.number().int() });
const rules = z.looseObject({
  stabilizationWindowSeconds: z.number().int().nullish(),
  selectPolicy: z.string().nullish(),
  policies: z.array(policy).nullish(),
  tolerance: quantity.nullish(),
});

const time = z.string().refine((t) => !Number.isNaN(Date.parse(t)), { message: 'must be an RFC 3339 time' });

const condition = z.looseObject({
  type: z.string(),
  status: z.string(),
  reason: z.string().optional(),
  message: z.string().optional(),
  lastTransitionTime: time.optional(),
});

/** Replica fields are int32 in the API (autoscaling/v2 types.go); a count is never negative. */
const int32 = z.number().int().min(-2147483648).max(2147483647);
const replicaCount = z.number().int().min(0, 'a replica count is never negative').max(2147483647);

export const HpaObjectSchema = z.looseObject({
  apiVersion: z.string(),
  kind: z.literal('HorizontalPodAutoscaler'),
  metadata: z.looseObject({ name: z.string(), namespace: z.string().optional() }),
  spec: z.looseObject({
    scaleTargetRef: z.looseObject({ kind: z.string(), name: z.string(), apiVersion: z.string().optional() }),
    minReplicas: int32.nullish(),
    maxReplicas: int32,
    metrics: z.array(metricSpec).nullish(),
    behavior: z.looseObject({ scaleUp: rules.nullish(), scaleDown: rules.nullish() }).nullish(),
  }),
  status: z.looseObject({
    currentReplicas: replicaCount.optional(),
    desiredReplicas: replicaCount.optional(),
    lastScaleTime: time.nullish(),
    currentMetrics: z.array(metricStatus).nullish(),
    conditions: z.array(condition).nullish(),
    observedGeneration: z.number().int().optional(),
  }).optional(),
});

export type HpaObject = z.infer<typeof HpaObjectSchema>;
export type HpaMetricStatus = z.infer<typeof metricStatus>;
export type HpaCondition = z.infer<typeof condition>;

/** The API versions whose HPA has the v2 shape (v2beta2 was served until Kubernetes 1.26). */
const V2_SHAPES = new Set(['autoscaling/v2', 'autoscaling/v2beta2']);

/**
 * Reads one object of a kubectl file as an HPA. A non-HPA, or an autoscaling/v1 or v2beta1 HPA
 * (other field names), is an error finding that says what to run instead.
 */
export function readHpa(located: LocatedObject, locate: (p: (string | number)[]) => { file: string; line: number; column: number },
  source: ScalarSource = () => undefined): { hpa?: HpaObject; findings: Finding[] } {
  const o: KubeObject = located.object;
  const at = (p: (string | number)[]) => locate([...located.path, ...p]);
  if (o.kind !== 'HorizontalPodAutoscaler') {
    return {
      findings: [{
        severity: 'error', path: [...located.path, 'kind'], rule: 'explain/not-an-hpa',
        message: `is ${objectName(o)}, not a HorizontalPodAutoscaler`,
        hint: 'kubectl get hpa <name> -n <namespace> -o yaml > hpa.yaml (pods go in --pods)', location: at(['kind']),
      }],
    };
  }
  if (!V2_SHAPES.has(String(o.apiVersion))) {
    return {
      findings: [{
        severity: 'error', path: [...located.path, 'apiVersion'], rule: 'explain/hpa-version',
        message: `is ${JSON.stringify(o.apiVersion)}; explain reads the autoscaling/v2 shape (metrics, behavior, currentMetrics)`,
        hint: 'kubectl get hpa.v2.autoscaling <name> -n <namespace> -o yaml', location: at(['apiVersion']),
      }],
    };
  }
  // Integers as written: the parsed number has lost `3.0`, `1e1` and the digits past 2^53.
  const written = writtenIntegerFindings(o, [], (p) => source([...located.path, ...p]))
    .map((f) => ({ ...f, path: [...located.path, ...f.path], location: at(f.path as (string | number)[]) }));
  const writtenAt = new Set(written.map((f) => JSON.stringify(f.path)));
  const parsed = HpaObjectSchema.safeParse(o, { reportInput: true });
  if (!parsed.success || written.length > 0) {
    const schema = parsed.success ? [] : parsed.error.issues.flatMap((i) => issueFindings(i, HpaObjectSchema)).map((f) => apiFinding({
      ...f, path: [...located.path, ...f.path], location: at(f.path as (string | number)[]),
    }, f.path));
    return { findings: [...written, ...schema.filter((f) => !writtenAt.has(JSON.stringify(f.path)))] };
  }
  const invalid = specFindings(parsed.data, [...located.path], at);
  if (invalid.length) return { findings: invalid };
  return { hpa: parsed.data, findings: [] };
}

/**
 * The integer fields of an autoscaling/v2 HPA that explain reads, with their width in the API
 * (k8s.io/api/autoscaling/v2 types.go) and a typical value for the fix.
 */
const INTEGER_FIELDS: Readonly<Record<string, { readonly type: 'int32' | 'int64'; readonly example: number }>> = {
  minReplicas: { type: 'int32', example: 1 },
  maxReplicas: { type: 'int32', example: 20 },
  averageUtilization: { type: 'int32', example: 70 },
  stabilizationWindowSeconds: { type: 'int32', example: 300 },
  value: { type: 'int32', example: 4 },
  periodSeconds: { type: 'int32', example: 60 },
  currentReplicas: { type: 'int32', example: 3 },
  desiredReplicas: { type: 'int32', example: 3 },
  observedGeneration: { type: 'int64', example: 1 },
};

/** The text of the scalar at a field path of the file (as written: `3.0`, `1e1`), or undefined. */
export type ScalarSource = (path: (string | number)[]) => string | undefined;

const INTEGER_RANGE: Readonly<Record<'int32' | 'int64', readonly [bigint, bigint]>> = {
  int32: [-(2n ** 31n), 2n ** 31n - 1n],
  int64: [-(2n ** 63n), 2n ** 63n - 1n],
};

/**
 * The integer fields of the HPA checked as written in the file, as the API server's decoder reads
 * them (k8s.io/apimachinery json/yaml into Go int32/int64): a float literal (`3.0`, `1e1`) is not an
 * integer (hpa/integer), and a whole number past the field's type is out of range at the type's
 * limit (schema/too-big, schema/too-small), quoting the digits written, not the float64 JavaScript
 * rounded them to. Paths are relative to the object.
 */
function writtenIntegerFindings(value: unknown, path: (string | number)[], source: ScalarSource): Finding[] {
  if (Array.isArray(value)) return value.flatMap((v, i) => writtenIntegerFindings(v, [...path, i], source));
  if (typeof value !== 'object' || value === null) return [];
  const findings: Finding[] = [];
  for (const [key, v] of Object.entries(value)) {
    const at = [...path, key];
    if (typeof v === 'object') { findings.push(...writtenIntegerFindings(v, at, source)); continue; }
    // `value` is an integer only in a scaling policy; a metric target's value is a quantity.
    const integer = Object.prototype.hasOwnProperty.call(INTEGER_FIELDS, key) && (key !== 'value' || path[path.length - 2] === 'policies') ? INTEGER_FIELDS[key] : undefined;
    if (!integer || typeof v !== 'number') continue;
    const raw = source(at)?.trim();
    if (raw === undefined) continue;
    // YAML's hexadecimal and octal integers (0x1F, 0o17) are integers too.
    const digits = /^[-+]?\d+$/.test(raw) || /^0x[0-9a-fA-F]+$|^0o[0-7]+$/.test(raw);
    if (!digits) {
      // A true fraction (20.5) is the schema's hpa/integer; here the integers written as floats.
      if (!Number.isFinite(v)) {
        const [min, max] = INTEGER_RANGE[integer.type];
        findings.push({ severity: 'error', path: at, rule: v > 0 ? 'schema/too-big' : 'schema/too-small',
          message: `must be at ${v > 0 ? 'most' : 'least'} ${v > 0 ? max : min} (${integer.type}), got ${raw}, out of range of any number`, hint: `write a whole number, such as ${key}: ${integer.example}` });
        continue;
      }
      if (!Number.isInteger(v)) continue;
      findings.push({ severity: 'error', path: at, rule: 'hpa/integer',
        message: `must be an integer (${integer.type}), got ${raw}: the API decodes ${integer.type} fields from integer literals only, never a decimal or exponent form`,
        hint: `write a whole number without a decimal point or exponent, such as ${key}: ${Number.isSafeInteger(v) ? v : integer.example}` });
      continue;
    }
    const [min, max] = INTEGER_RANGE[integer.type];
    const n = BigInt(raw);
    if (n > max || n < min) {
      const limit = n > max ? max : min;
      findings.push({ severity: 'error', path: at, rule: n > max ? 'schema/too-big' : 'schema/too-small',
        message: `must be at ${n > max ? 'most' : 'least'} ${limit} (${integer.type}), got ${raw}`, hint: `use at ${n > max ? 'most' : 'least'} ${limit}` });
    }
  }
  return findings;
}

/**
 * An integer field of the wrong type (`maxReplicas: "20"`, `averageUtilization: "70"`): hpa/integer,
 * saying the API's integer type and how to write it (a quoted number is the usual slip). The same
 * finding in explain and simulate --hpa, which both read an HPA through readHpa.
 */
function integerFinding(f: Finding): Finding | undefined {
  const field = f.path[f.path.length - 1];
  const integer = typeof field === 'string' && Object.prototype.hasOwnProperty.call(INTEGER_FIELDS, field) ? INTEGER_FIELDS[field] : undefined;
  if (!integer || f.rule !== 'schema/type' || !/^must be (number|int)\b/.test(f.message)) return undefined;
  const got = /got (.*)$/.exec(f.message)?.[1] ?? 'another type';
  const quoted = /^string "(-?\d+)"$/.exec(got);
  return { ...f, rule: 'hpa/integer', message: `must be an integer (${integer.type}), got ${got}`,
    // kubectl output may be YAML or JSON: the fix shows both spellings.
    hint: quoted ? `remove the quotes: ${field}: ${quoted[1]} (YAML), "${field}": ${quoted[1]} (JSON)` : `write a whole number, such as ${field}: ${integer.example}` };
}

/**
 * A schema finding about an HPA field in the Kubernetes API's terms: an integer field is hpa/integer
 * (integerFinding), and the generic schema hints, which name the project's config schema
 * (config/environment.schema.json), become `kubectl explain` of the field, since an HPA's fields are
 * the API's. `fieldPath` is the path within the object (without a List's `items[i]`).
 */
function apiFinding(f: Finding, fieldPath: readonly (string | number)[]): Finding {
  const integer = integerFinding(f);
  if (integer) return integer;
  if (!f.hint?.includes('environment.schema.json')) return f;
  const field = ['hpa', ...fieldPath.filter((p): p is string => typeof p === 'string')].join('.');
  return { ...f, hint: `kubectl explain ${field} --api-version=autoscaling/v2 describes the field` };
}

/** The spec in the engine's shape. */
export function engineSpec(hpa: HpaObject): HpaSpec {
  return hpa.spec as unknown as HpaSpec;
}
