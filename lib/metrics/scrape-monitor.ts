import { Construct } from 'constructs';
import { PodMonitor } from '../../imports/podmonitor-monitoring.coreos.com';
import { ServiceMonitor } from '../../imports/servicemonitor-monitoring.coreos.com';
import { dnsLabel, labels } from '../config/primitives';
import { Scrape, ScrapeSchema } from '../config/schema';
import { propsValidation } from '../config/construct-validation';

export interface ScrapeMonitorProps {
  /** Name of the ServiceMonitor/PodMonitor (the workload's Deployment name reads best). */
  readonly name: string;
  readonly namespace: string;
  /** How and what to scrape: kind, port name, path, interval (and timeout) and the Service/pod selector. */
  readonly scrape: Scrape;
  /** Labels the Prometheus monitor selector matches (e.g. release: kube-prometheus-stack). */
  readonly monitorSelector: Record<string, string>;
  /** Recommended labels of the workload; merged under the monitor selector labels. */
  readonly labels: Record<string, string>;
}

/** The label Prometheus Operator copies into `job`: the workload's own name label when selected by it. */
export const PREFERRED_JOB_LABEL = 'app.kubernetes.io/name';

/**
 * The scrape job's name, known at synth time. Without `jobLabel` a ServiceMonitor's job is the
 * Service's name (which the config does not know) and a PodMonitor's is `<namespace>/<name>`; with
 * `jobLabel` set to a key of the selector, the job is that selector's value, which every scraped
 * object carries by construction. Alerts and panels select `up{job=...}` with it.
 */
export function scrapeJob(scrape: Scrape): { jobLabel: string; job: string } {
  const keys = Object.keys(scrape.selector).sort();
  const jobLabel = PREFERRED_JOB_LABEL in scrape.selector ? PREFERRED_JOB_LABEL : keys[0];
  return { jobLabel, job: scrape.selector[jobLabel] };
}

/**
 * Tells the Prometheus Operator to scrape a workload's metrics port: a ServiceMonitor (through the
 * Service) or a PodMonitor (pods directly), restricted to the workload's namespace. Its validation
 * rejects port names no Service or container port can have and intervals or timeouts Prometheus would
 * replace with its global default or refuse (`scrape/*` rules).
 *
 * @example
 * new ScrapeMonitor(chart, 'Scrape', {
 *   name: 'luneo-worker', namespace: 'luneo-production',
 *   scrape: { kind: 'PodMonitor', port: 'metrics', path: '/metrics', interval: '30s', scrapeTimeout: '10s',
 *             selector: { 'app.kubernetes.io/name': 'luneo-worker' } },
 *   monitorSelector: { release: 'kube-prometheus-stack' }, labels: {},
 * });
 */
export class ScrapeMonitor extends Construct {
  constructor(scope: Construct, id: string, props: ScrapeMonitorProps) {
    super(scope, id);
    this.node.addValidation(propsValidation(props, {
      name: dnsLabel, namespace: dnsLabel, scrape: ScrapeSchema, monitorSelector: labels, labels,
    }));
    const { scrape } = props;
    const metadata = { name: props.name, namespace: props.namespace, labels: { ...props.labels, ...props.monitorSelector } };
    const endpoint = {
      port: scrape.port, path: scrape.path, interval: scrape.interval,
      ...(scrape.scrapeTimeout !== undefined ? { scrapeTimeout: scrape.scrapeTimeout } : {}),
    };
    const common = {
      ...(Object.keys(scrape.selector).length > 0 ? { jobLabel: scrapeJob(scrape).jobLabel } : {}),
      selector: { matchLabels: scrape.selector },
      namespaceSelector: { matchNames: [scrape.namespace ?? props.namespace] },
    };
    if (scrape.kind === 'ServiceMonitor') {
      new ServiceMonitor(this, 'Resource', { metadata, spec: { ...common, endpoints: [endpoint] } });
    } else {
      new PodMonitor(this, 'Resource', { metadata, spec: { ...common, podMetricsEndpoints: [endpoint] } });
    }
  }
}
