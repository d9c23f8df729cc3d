import { Construct } from 'constructs';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/prometheusrule-monitoring.coreos.com';
import { Finding, formatFinding } from '../config/findings';
import { AlertGroup } from './alerts';
import { promqlFindings, ruleQueries, runbookFindings } from './coverage';

/**
 * The most a PrometheusRule may hold, in bytes of its rule groups as JSON: the API server stores an
 * object in etcd, whose default request limit is 1.5 MiB; 1 MiB leaves room for the YAML/metadata
 * around it, and is also what prometheus-operator fits into each rule ConfigMap it generates.
 */
export const PROMETHEUS_RULE_MAX_BYTES = 1024 * 1024;

/**
 * Sizes of group lists measured in full, by identity: an environment that fits one PrometheusRule
 * has its groups measured by ruleGroupsFit and then by its AlertRules, the same array both times,
 * whose JSON is not written twice. Group lists are values (readonly AlertGroup[], never changed
 * once built).
 */
const measured = new WeakMap<readonly AlertGroup[], number>();

/** Size of groups as the PrometheusRule's spec carries them (JSON bytes). */
export function ruleGroupsBytes(groups: readonly AlertGroup[]): number {
  let size = measured.get(groups);
  if (size === undefined) {
    size = Buffer.byteLength(JSON.stringify(groups));
    measured.set(groups, size);
  }
  return size;
}

/**
 * Whether `ruleGroupsBytes(groups) <= max`, group by group (`[`, `]` and a comma between them,
 * as JSON.stringify writes an array), stopping at the first that passes it: the groups of 500
 * workloads would be 10 MB of JSON written only to be measured.
 */
export function ruleGroupsFit(groups: readonly AlertGroup[], max: number): boolean {
  const known = measured.get(groups);
  if (known !== undefined) return known <= max;
  let bytes = 2 + Math.max(0, groups.length - 1);
  for (const g of groups) {
    bytes += Buffer.byteLength(JSON.stringify(g));
    if (bytes > max) return false;
  }
  // Every group was measured: this is ruleGroupsBytes(groups).
  measured.set(groups, bytes);
  return bytes <= max;
}

export interface AlertRulesProps {
  /** Name of the PrometheusRule. @default 'luneo-autoscaling' */
  readonly name?: string;
  /** Namespace of the PrometheusRule (the Prometheus ruleNamespaceSelector must include it). */
  readonly namespace: string;
  /** The rule groups (see `alertGroups`). */
  readonly groups: readonly AlertGroup[];
  /** Object labels: the recommended labels plus those the Prometheus ruleSelector matches. */
  readonly labels: Readonly<Record<string, string>>;
  /** The runbook document every runbook_url must point into (URL or repository path, without `#`). */
  readonly runbookUrl: string;
  /** The runbook's markdown; each alert's section heading must be in it. */
  readonly runbook: string;
  /** Findings found while deriving the groups (e.g. uncovered catalogue metrics). @default [] */
  readonly findings?: readonly Finding[];
}

/**
 * A monitoring.coreos.com/v1 PrometheusRule holding the autoscaling alerts of an environment.
 * Synth fails when an expression does not parse (`alerting/promql-syntax`) or an alert's runbook_url
 * has no section in the runbook (`alerting/runbook-missing`), or the rules outgrow one object
 * (`alerting/too-large`, see `PROMETHEUS_RULE_MAX_BYTES`).
 *
 * @example
 * const settings = alertingSettings(env.alerting);
 * new AlertRules(chart, 'Alerts', {
 *   namespace: env.namespace, groups: alertGroups(env, settings), labels: { release: 'kube-prometheus-stack' },
 *   runbookUrl: runbookDocument(env, settings), runbook: renderRunbook(env, groups),
 * });
 */
export class AlertRules extends Construct {
  public readonly resource: PrometheusRule;

  constructor(scope: Construct, id: string, props: AlertRulesProps) {
    super(scope, id);
    const size = ruleGroupsBytes(props.groups);
    this.node.addValidation({
      validate: () => [
        ...(props.findings ?? []),
        ...promqlFindings(ruleQueries(props.groups), 'alerting'),
        ...runbookFindings(props.groups, props.runbookUrl, props.runbook),
        ...(size > PROMETHEUS_RULE_MAX_BYTES ? [{ severity: 'error' as const, path: ['spec', 'groups'], rule: 'alerting/too-large',
          message: `the alert rules are ${size} bytes; one PrometheusRule should hold at most ${PROMETHEUS_RULE_MAX_BYTES} (etcd refuses large objects)` }] : []),
      ].map(formatFinding),
    });
    this.resource = new PrometheusRule(this, 'Resource', {
      metadata: { name: props.name ?? 'luneo-autoscaling', namespace: props.namespace, labels: { ...props.labels } },
      spec: {
        groups: props.groups.map((g) => ({
          name: g.name,
          rules: g.rules.map((r) => ({
            alert: r.alert,
            expr: PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr),
            ...(r.for === '0s' ? {} : { for: r.for }),
            labels: { ...r.labels },
            annotations: { ...r.annotations },
          })),
        })),
      },
    });
  }
}
