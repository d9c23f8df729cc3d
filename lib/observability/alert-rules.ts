import { Construct } from 'constructs';
import { PrometheusRule, PrometheusRuleSpecGroupsRulesExpr } from '../../imports/prometheusrule-monitoring.coreos.com';
import { Finding, formatFinding } from '../config/findings';
import { AlertGroup } from './alerts';
import { promqlFindings, ruleQueries, runbookFindings } from './coverage';

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
 * has no section in the runbook (`alerting/runbook-missing`).
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
    this.node.addValidation({
      validate: () => [
        ...(props.findings ?? []),
        ...promqlFindings(ruleQueries(props.groups), 'alerting'),
        ...runbookFindings(props.groups, props.runbookUrl, props.runbook),
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
