import { z } from 'zod';
import { checkConsistency } from './consistency';
import { Finding } from './findings';
import { applyExceptions, checkPractices } from './practices';
import { Environment, EnvironmentSchema } from './schema';

export interface Validation {
  /** The validated environment, present only when there are no errors. */
  readonly env?: Environment;
  readonly findings: Finding[];
}

/** Schema first, then the cross-entry rules; one pass returns every finding. */
export function validateEnvironment(input: unknown): Validation {
  const parsed = EnvironmentSchema.safeParse(input, { reportInput: true });
  if (!parsed.success) return { findings: parsed.error.issues.flatMap(issueFindings) };
  const env = parsed.data;
  const findings = [...checkConsistency(env), ...applyExceptions(checkPractices(env), env.exceptions ?? [])];
  return { env: findings.some((f) => f.severity === 'error') ? undefined : env, findings };
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
    default:
      return [{ severity: 'error', path, rule: `schema/${issue.code === 'custom' ? 'rule' : issue.code.replace(/_/g, '-')}`, message: issue.message }];
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
