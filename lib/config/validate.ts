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
  if (!parsed.success) return { findings: withoutSafeIntegerEcho(parsed.error.issues).flatMap(issueFindings) };
  const env = parsed.data;
  const safety = checkSafety(env);
  const findings = [...checkConsistency(env), ...safety.filter((f) => f.severity === 'error'),
    ...applyExceptions([...checkPractices(env), ...safety.filter((f) => f.severity === 'warning')], env.exceptions ?? [])];
  if (findings.some((f) => f.severity === 'error')) return { findings };
  validated.add(deepFreeze(env));
  return { env, findings };
}


/** Every schema finding says what to do: the rule's own hint, else one derived from the issue. */
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

export function issueFindings(issue: z.core.$ZodIssue): Finding[] {
  return rawIssueFindings(issue).map((f) => (f.hint ? f : { ...f, hint: schemaHint(issue) }));
}

const SCHEMA_DOC = 'config/environment.schema.json describes the field';

function schemaHint(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type':
      return `write ${issue.expected === 'object' ? 'a mapping' : issue.expected === 'array' ? 'a list' : issue.expected === 'int' ? 'a whole number' : `${/^[aeiou]/.test(issue.expected) ? 'an' : 'a'} ${issue.expected}`} here (${SCHEMA_DOC})`;
    case 'invalid_value':
      return `use one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_big': {
      const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' || issue.origin === 'set' ? ' items' : '';
      return `use at most ${String(issue.maximum)}${unit}`;
    }
    case 'too_small': {
      const unit = issue.origin === 'string' ? ' characters' : issue.origin === 'array' || issue.origin === 'set' ? ' items' : '';
      return `use at least ${String(issue.minimum)}${unit}`;
    }
    case 'invalid_format':
      return `write it in the form the message names (${SCHEMA_DOC})`;
    case 'invalid_key':
      return 'rename the key as the message says';
    default:
      return `change the value so it meets the rule above (${SCHEMA_DOC})`;
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
