import { Construct } from 'constructs';
import { alertingSettings } from '../config/observability-schema';
import { Environment } from '../config/schema';
import { recommendedLabels } from '../labels';
import { AlertRules } from './alert-rules';
import { AlertGroup, alertGroups, runbookDocument } from './alerts';
import { coverageFindings } from './coverage';
import { renderRunbook } from './runbooks';

export interface EnvironmentObservabilityProps {
  /** A validated environment. */
  readonly env: Environment;
}

/**
 * What operators watch for one environment, derived from its workloads and metric catalogue: the
 * PrometheusRule of autoscaling alerts and the runbook they link to.
 *
 * @example
 * const obs = new EnvironmentObservability(chart, 'Observability', { env });
 * fs.writeFileSync(`dist/runbooks/${env.environment}.md`, obs.runbook);
 */
export class EnvironmentObservability extends Construct {
  public readonly groups: readonly AlertGroup[];
  /** Markdown of `dist/runbooks/<environment>.md`. */
  public readonly runbook: string;

  constructor(scope: Construct, id: string, props: EnvironmentObservabilityProps) {
    super(scope, id);
    const { env } = props;
    const settings = alertingSettings(env.alerting);
    this.groups = alertGroups(env, settings);
    this.runbook = renderRunbook(env, this.groups);
    const labels = recommendedLabels({ name: 'luneo-autoscaling', component: 'monitoring', partOf: env.partOf });
    new AlertRules(this, 'Alerts', {
      namespace: env.namespace, groups: this.groups,
      labels: { ...labels, ...(settings.ruleSelector ?? env.prometheus.monitorSelector) },
      runbookUrl: runbookDocument(env, settings), runbook: this.runbook,
      findings: coverageFindings(env, this.groups),
    });
  }
}
