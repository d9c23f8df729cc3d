import { goDuration, seconds } from '../config/primitives';
import { Environment } from '../config/schema';
import { AdapterRule, MetricCatalogue } from './catalogue';

/**
 * Values for the prometheus-adapter Helm chart. We hand the rules to the chart (not a ConfigMap of
 * our own through `rules.existing`) because the chart registers the external metrics API only when
 * `rules.external` is non-empty, and rolls the adapter on rule changes only for its own ConfigMap.
 */
export interface AdapterChartValues {
  readonly prometheus: { readonly url: string; readonly port: number; readonly path: string };
  /** A Go duration (the chart passes it to --metrics-relist-interval, parsed by time.ParseDuration: `1d` would fail). */
  readonly metricsRelistInterval: string;
  readonly rules: {
    readonly default: false;
    readonly custom: AdapterRule[];
    readonly external: AdapterRule[];
  };
}

export function adapterChartValues(env: Environment, catalogue: MetricCatalogue): AdapterChartValues {
  return {
    prometheus: { url: env.prometheus.url, port: env.prometheus.port, path: '' },
    metricsRelistInterval: goDuration(seconds(env.adapter.metricsRelistInterval)),
    rules: { default: false, custom: catalogue.adapterRules('custom'), external: catalogue.adapterRules('external') },
  };
}

