import { z } from 'zod';
import { checkConsistency } from './consistency';
import { Finding } from './findings';
import { applyExceptions, checkPractices } from './practices';
import { checkSafety } from './safety';
import { Environment, EnvironmentSchema } from './schema';

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
  if (!parsed.success) return { findings: parsed.error.issues.flatMap(issueFindings) };
  const env = parsed.data;
  const safety = checkSafety(env);
  const findings = [...checkConsistency(env), ...safety.filter((f) => f.severity === 'error'),
    ...applyExceptions([...checkPractices(env), ...safety.filter((f) => f.severity === 'warning')], env.exceptions ?? [])];
  if (findings.some((f) => f.severity === 'error')) return { findings };
  validated.add(deepFreeze(env));
  return { env, findings };
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.values(value).forEach(deepFreeze);
    Object.freeze(value);
  }
  return value;
}

export function issueFindings(issue: z.core.$ZodIssue): Finding[] {
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
  if (typeof v === 'object') return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}
