import { z } from 'zod';
import { checkConsistency } from './consistency';
import { Finding } from './findings';
import { applyExceptions, checkPractices } from './practices';
import { checkSafety } from './safety';
import { Environment, EnvironmentSchema } from './schema';
import { deepFreeze } from './deep-freeze';

export interface Validation {
  /** The validated environment, present only when there are no errors. */
  readonly env?: Environment;
  readonly findings: Finding[];
}

/**
 * Environments this module has validated. They are deep-frozen, so they cannot change afterwards
 * and constructs given one need not validate it again.
 */
const validated = new WeakSet<object>();

export function isValidatedEnvironment(env: object): boolean {
  return validated.has(env);
}

/** Schema first, then the cross-entry rules; one pass returns every finding. */
export function validateEnvironment(input: unknown): Validation {
  const parsed = EnvironmentSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) return { findings: withoutSafeIntegerEcho(parsed.error.issues).flatMap((i) => issueFindings(i, EnvironmentSchema)) };
  const env = parsed.data;
  const safety = checkSafety(env);
  const findings = [...checkConsistency(env), ...safety.filter((f) => f.severity === 'error'),
    ...applyExceptions([...checkPractices(env), ...safety.filter((f) => f.severity === 'warning')], env.exceptions ?? [])];
  if (findings.some((f) => f.severity === 'error')) return { findings };
  validated.add(deepFreeze(env));
  return { env, findings };
}


/**
 * zod's `.int()` also reports a number past Number.MAX_SAFE_INTEGER as too big, with the int
 * check's own message ("must be a whole number"); where the field has a stricter bound of its own
 * (int32 replica counts), that one alone is the finding.
 */
function withoutSafeIntegerEcho(issues: readonly z.core.$ZodIssue[]): z.core.$ZodIssue[] {
  const key = (i: z.core.$ZodIssue) => JSON.stringify(i.path.map(String));
  const safeLimit = (i: z.core.$ZodIssue) => i.code === 'too_big' && Number(i.maximum) === Number.MAX_SAFE_INTEGER;
  const bounded = new Set(issues.filter((i) => i.code === 'too_big' && Number(i.maximum) < Number.MAX_SAFE_INTEGER).map(key));
  return issues.filter((i) => !(safeLimit(i) && bounded.has(key(i))));
}

/**
 * The findings of one zod issue, each with a fix that satisfies the rule it breaks. `root` is the
 * schema the issue came from: it tells whether a numeric field takes whole numbers only, so an
 * exclusive bound's fix names the nearest valid whole number ("use at least 1" for `> 0`) instead
 * of a bound that fails again; without it the fix says "greater than" / "less than".
 */
export function issueFindings(issue: z.core.$ZodIssue, root?: z.ZodType): Finding[] {
  return rawIssueFindings(issue).map((f) => (f.hint ? f : { ...f, hint: schemaHint(issue, root) }));
}

const SCHEMA_DOC = 'config/environment.schema.json describes the field';

function schemaHint(issue: z.core.$ZodIssue, root: z.ZodType | undefined): string {
  switch (issue.code) {
    case 'invalid_type':
      return `write ${issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : issue.expected === 'int' ? 'a whole number' : `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`} here (${SCHEMA_DOC})`;
    case 'invalid_value':
      return `use one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_big':
      return boundHint('most', issue.maximum, issue.inclusive !== false, issue.exact === true, issue.origin, root && integerAt(root, issue.path));
    case 'too_small':
      return boundHint('least', issue.minimum, issue.inclusive !== false, issue.exact === true, issue.origin, root && integerAt(root, issue.path));
    case 'not_multiple_of':
      return `use a multiple of ${String(issue.divisor)}`;
    case 'invalid_format':
      return `write it in the form the message names (${SCHEMA_DOC})`;
    case 'invalid_key':
      return 'rename the key as the message says';
    default:
      return `change the value so it meets the rule above (${SCHEMA_DOC})`;
  }
}

/**
 * The fix of a size or range bound. An inclusive bound is its own answer ("use at least 1"); an
 * exclusive one is not (`> 0` is not met by 0), so it becomes the nearest whole number beyond it
 * for an integer field, else "a value greater than 0".
 */
function boundHint(side: 'least' | 'most', bound: number | bigint, inclusive: boolean, exact: boolean, origin: string, integer: boolean | undefined): string {
  const unit = origin === 'string' ? ' characters' : origin === 'array' || origin === 'set' ? ' items' : origin === 'file' ? ' bytes' : '';
  if (exact) return `use exactly ${String(bound)}${unit}`;
  if (inclusive) return `use at ${side} ${String(bound)}${unit}`;
  const counted = unit !== '' || typeof bound === 'bigint' || integer === true;
  if (counted) {
    const n = typeof bound === 'bigint' ? bound : Number(bound);
    const nearest = typeof n === 'bigint' ? (side === 'least' ? n + 1n : n - 1n)
      : side === 'least' ? Math.floor(n) + 1 : Math.ceil(n) - 1;
    return `use at ${side} ${String(nearest)}${unit}`;
  }
  return `use a value ${side === 'least' ? 'greater' : 'less'} than ${String(bound)}`;
}

/**
 * Whether the field at `path` of `schema` takes whole numbers only (`z.number().int()`), looking
 * through wrappers, objects, records, arrays and unions; undefined when the path leads nowhere.
 */
export function integerAt(schema: z.ZodType, path: readonly PropertyKey[]): boolean | undefined {
  const def = (schema as unknown as { _zod: { def: Record<string, unknown> & { type: string } } })._zod.def;
  const next = (s: unknown, rest: readonly PropertyKey[]) => integerAt(s as z.ZodType, rest);
  switch (def.type) {
    case 'optional': case 'nullable': case 'default': case 'prefault': case 'readonly': case 'nonoptional': case 'catch':
      return next(def.innerType, path);
    case 'pipe':
      return next(def.in, path) ?? next(def.out, path);
    case 'lazy':
      return next((def.getter as () => unknown)(), path);
    case 'union': {
      const found = (def.options as unknown[]).map((o) => next(o, path)).filter((x) => x !== undefined);
      return found.length === 0 ? undefined : found.some((x) => x);
    }
    case 'intersection':
      return next(def.left, path) ?? next(def.right, path);
    case 'number':
      return path.length === 0 ? (schema as unknown as { isInt?: boolean }).isInt === true : undefined;
    case 'bigint':
      return path.length === 0 ? true : undefined;
  }
  if (path.length === 0) return undefined;
  const [head, ...rest] = path;
  switch (def.type) {
    case 'object': {
      const shape = def.shape as Record<string, unknown>;
      return typeof head === 'string' && Object.prototype.hasOwnProperty.call(shape, head) ? next(shape[head], rest) : undefined;
    }
    case 'record':
      return next(def.valueType, rest);
    case 'array':
      return next(def.element, rest);
    case 'tuple':
      return typeof head === 'number' && (def.items as unknown[])[head] !== undefined ? next((def.items as unknown[])[head], rest) : undefined;
    default:
      return undefined;
  }
}

function rawIssueFindings(issue: z.core.$ZodIssue): Finding[] {
  const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
  switch (issue.code) {
    case 'unrecognized_keys':
      return issue.keys.map((k) => ({
        severity: 'error', path: [...path, k], rule: 'schema/unknown-key',
        message: `unknown key "${k}"`, hint: 'remove it or check its spelling against config/environment.schema.json',
      }));
    case 'invalid_type':
      if (issue.input === undefined) {
        return [{ severity: 'error', path, rule: 'schema/required', message: `is required (${issue.expected})`, hint: 'add the field' }];
      }
      if (typeof issue.input === 'number' && !Number.isFinite(issue.input)) {
        return [{ severity: 'error', path, rule: 'schema/not-finite', message: `must be a finite number, got ${describe(issue.input)}`,
          hint: 'write a finite number (YAML reads .inf, .nan and numbers beyond about 1.8e308 as infinite or not a number)' }];
      }
      return [{ severity: 'error', path, rule: 'schema/type', message: `must be ${issue.expected}, got ${describe(issue.input)}` }];
    case 'invalid_value':
      return [{ severity: 'error', path, rule: 'schema/enum', message: `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}, got ${describe(issue.input)}` }];
    case 'invalid_key':
      return [{ severity: 'error', path, rule: 'schema/invalid-key', message: `key ${JSON.stringify(String(path[path.length - 1]))} ${issue.issues[0]?.message ?? 'is not allowed'}` }];
    case 'invalid_union':
      return [{ severity: 'error', path, rule: 'schema/value', message: unionMessage(issue) }];
    case 'custom':
      // A refinement may name the rule it enforces (params.rule); otherwise it is a generic schema rule.
      return [{
        severity: 'error', path, rule: typeof issue.params?.rule === 'string' ? issue.params.rule : 'schema/rule', message: issue.message,
        ...(typeof issue.params?.hint === 'string' ? { hint: issue.params.hint } : {}),
      }];
    case 'too_big':
      if ((issue.origin === 'int' || issue.origin === 'number') && Number(issue.maximum) === Number.MAX_SAFE_INTEGER) {
        return [{ severity: 'error', path, rule: 'schema/too-big', message: `must be at most ${Number.MAX_SAFE_INTEGER} (beyond it a whole number is not held exactly), got ${describe(issue.input)}` }];
      }
      return [{ severity: 'error', path, rule: 'schema/too-big', message: issue.message }];
    default:
      return [{ severity: 'error', path, rule: `schema/${issue.code.replace(/_/g, '-')}`, message: issue.message }];
  }
}

function unionMessage(issue: z.core.$ZodIssueInvalidUnion): string {
  // A union of a number and a string form (quantities): the string branch's rule is the informative one.
  const branch = issue.errors.find((errs) => errs.length > 0 && errs[0].code !== 'invalid_type') ?? issue.errors[0];
  return branch?.[0]?.message ?? issue.message;
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'number' && !Number.isFinite(v)) return String(v); // JSON.stringify would say null
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}
