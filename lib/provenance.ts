import { ApiObject } from 'cdk8s';
import { FieldPath } from './config/findings';

/**
 * The source map from emitted fields back to the environment file: given a field of an object the
 * EnvironmentChart emitted (or of the adapter values), the config path that produced it. An output
 * check that fails on `spec.maxReplicas` of an HPA is then reported at
 * `workloads.<key>.replicas.max`, on the line the reviewer edits, not only in the dist file.
 *
 * Objects are recognised by their construct path (`<chart>/<workload key>/<construct id>/...`),
 * which EnvironmentChart fixes; fields by the emitted object itself (a policy's `type`, a metric's
 * name), so the map does not depend on the order in which a construct emits them.
 */
export type FieldSource = (emitted: FieldPath) => FieldPath;

type Obj = Record<string, any>;
type Table = Array<[prefix: FieldPath, config: FieldPath]>;

/** The longest table prefix of `emitted` wins; `entry` when none matches. */
function lookup(table: Table, entry: FieldPath, emitted: FieldPath): FieldPath {
  let best: FieldPath = entry;
  let length = -1;
  for (const [prefix, config] of table) {
    if (prefix.length > length && prefix.length <= emitted.length && prefix.every((p, i) => p === emitted[i])) {
      best = config;
      length = prefix.length;
    }
  }
  return best;
}

/** The source of one object an EnvironmentChart emitted; undefined for objects it did not build. */
export function objectSource(api: ApiObject, emittedObject: Obj): FieldSource | undefined {
  const [, key, part] = api.node.path.split('/');
  if (!key || !part) return undefined;
  const w: FieldPath = ['workloads', key];
  switch (part) {
    case 'Autoscaler':
      return (emitted) => hpaField(emittedObject, w, emitted);
    case 'Scrape': {
      const endpoint = emittedObject.kind === 'PodMonitor' ? 'podMetricsEndpoints' : 'endpoints';
      return (emitted) => lookup([
        [['metadata', 'name'], [...w, 'deployment']],
        [['spec', 'selector'], [...w, 'scrape', 'selector']],
        [['spec', 'namespaceSelector'], [...w, 'scrape', 'namespace']],
        ...(['port', 'path', 'interval'] as const).map((f): Table[number] => [['spec', endpoint, 0, f], [...w, 'scrape', f]]),
      ], [...w, 'scrape'], emitted);
    }
    case 'Concurrency':
      return (emitted) => lookup([
        [['metadata', 'name'], [...w, 'concurrency', 'configMap']],
        [['data', 'MAX_CONCURRENT_JOBS'], [...w, 'concurrency', 'maxConcurrentJobs']],
        [['data', 'QUEUES'], [...w, 'concurrency', 'queues']],
        [['data', 'JOB_TIMEOUT_SECONDS'], [...w, 'concurrency', 'jobTimeout']],
        [['data', 'SHUTDOWN_GRACE_PERIOD_SECONDS'], [...w, 'concurrency', 'shutdownGracePeriod']],
      ], [...w, 'concurrency'], emitted);
    case 'DisruptionBudget':
      return (emitted) => lookup([
        [['metadata', 'name'], [...w, 'deployment']],
        [['spec', 'selector'], [...w, 'podSelector']],
      ], [...w, 'disruptionBudget'], emitted);
    case 'VerticalScaling':
      return (emitted) => lookup([
        [['metadata', 'name'], [...w, 'deployment']],
        [['spec', 'targetRef'], [...w, 'deployment']],
      ], [...w, 'verticalScaling'], emitted);
    default:
      return undefined;
  }
}

const DIRECTIONS = ['scaleUp', 'scaleDown'] as const;

function hpaField(hpa: Obj, w: FieldPath, emitted: FieldPath): FieldPath {
  const [, section, a, b, c] = emitted;
  if (emitted[0] === 'metadata' && section === 'name') return [...w, 'hpa'];
  if (emitted[0] !== 'spec') return w;
  if (section === 'minReplicas') return [...w, 'replicas', 'min'];
  if (section === 'maxReplicas') return [...w, 'replicas', 'max'];
  if (section === 'scaleTargetRef') return [...w, 'deployment'];
  if (section === 'metrics' && typeof a === 'number') {
    const metric: Obj = hpa.spec?.metrics?.[a] ?? {};
    const resource = metric.resource ?? metric.containerResource;
    if (resource?.name) return [...w, 'utilization', resource.name];
    const name = (metric.pods ?? metric.external ?? metric.object)?.metric?.name;
    return name ? ['metrics', name] : [...w, 'utilization'];
  }
  if (section === 'behavior' && DIRECTIONS.includes(a as typeof DIRECTIONS[number])) {
    const dir = [...w, a as string];
    if (b === 'stabilizationWindowSeconds') return [...dir, 'stabilization'];
    if (b === 'selectPolicy') return [...dir, 'select'];
    if (b === 'policies' && typeof c === 'number') {
      if (emitted[5] === 'periodSeconds') return [...dir, 'every'];
      const type = hpa.spec?.behavior?.[a as string]?.policies?.[c]?.type;
      return type === 'Percent' ? [...dir, 'percent'] : type === 'Pods' ? [...dir, 'pods'] : dir;
    }
    return dir;
  }
  return w;
}

/** The source of the prometheus-adapter values: each rule from its catalogue metric. */
export function adapterValuesSource(values: Obj): FieldSource {
  return (emitted) => {
    const [section, list, index] = emitted;
    if (section === 'prometheus') return ['prometheus', ...(emitted[1] === 'url' || emitted[1] === 'port' ? [emitted[1]] : [])];
    if (section === 'metricsRelistInterval') return ['adapter', 'metricsRelistInterval'];
    if (section === 'rules' && (list === 'custom' || list === 'external') && typeof index === 'number') {
      const name = values.rules?.[list]?.[index]?.name?.as;
      if (name) return ['metrics', name];
    }
    return ['metrics'];
  };
}
