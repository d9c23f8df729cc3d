import { DNS_LABEL } from '../../config/primitives';
import { error, FieldPath, Finding } from '../../config/findings';

/**
 * The API server's validation of autoscaling/v2 HorizontalPodAutoscaler
 * (pkg/apis/autoscaling/validation), applied to what we emit: what a schema cannot say (ranges,
 * "exactly one of", the target type each source allows). The config rules catch the same mistakes
 * earlier with a config location; this is the backstop for objects built by hand in TypeScript.
 */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;

type Path = Array<string | number>;
type Obj = Record<string, any>;

const positive = (q: unknown) => (typeof q === 'number' ? q > 0 : typeof q === 'string' && /^\+?[0-9.]/.test(q) && Number.parseFloat(q) !== 0);

export function hpaApiFindings(hpa: Obj): Finding[] {
  const out: Finding[] = [];
  const fail = (path: FieldPath, rule: string, message: string) => out.push(error(path, `hpa-api/${rule}`, message));
  const { metadata = {}, spec = {} } = hpa;
  if (!DNS_SUBDOMAIN.test(metadata.name ?? '') || metadata.name.length > 253) fail(['metadata', 'name'], 'name', 'must be a DNS-1123 subdomain');
  if (!DNS_LABEL.test(metadata.namespace ?? '')) fail(['metadata', 'namespace'], 'namespace', 'must be a DNS-1123 label');
  const ref = spec.scaleTargetRef ?? {};
  if (!ref.kind) fail(['spec', 'scaleTargetRef', 'kind'], 'required', 'is required');
  if (!ref.name) fail(['spec', 'scaleTargetRef', 'name'], 'required', 'is required');
  if (spec.minReplicas !== undefined && spec.minReplicas < 1) fail(['spec', 'minReplicas'], 'min-replicas', 'must be greater than or equal to 1');
  if (!(spec.maxReplicas >= 1)) fail(['spec', 'maxReplicas'], 'max-replicas', 'must be greater than or equal to 1');
  if (spec.maxReplicas < (spec.minReplicas ?? 1)) fail(['spec', 'maxReplicas'], 'max-below-min', 'must be greater than or equal to `minReplicas`');
  (spec.metrics ?? []).forEach((m: Obj, i: number) => metricFindings(m, ['spec', 'metrics', i], fail));
  for (const dir of ['scaleUp', 'scaleDown'] as const) {
    const rules = spec.behavior?.[dir];
    if (rules) scalingRulesFindings(rules, ['spec', 'behavior', dir], fail);
  }
  return out;
}

type Fail = (path: FieldPath, rule: string, message: string) => void;

const SOURCE_FIELD: Record<string, string> = { Resource: 'resource', ContainerResource: 'containerResource', Pods: 'pods', Object: 'object', External: 'external' };

function metricFindings(m: Obj, at: Path, fail: Fail): void {
  const field = SOURCE_FIELD[m.type];
  if (!field) return fail([...at, 'type'], 'metric-type', `must be one of ${Object.keys(SOURCE_FIELD).join(', ')}`);
  const source = m[field];
  if (!source) return fail([...at, field], 'required', `must populate information for the given metric source "${m.type}"`);
  for (const other of Object.values(SOURCE_FIELD)) if (other !== field && m[other]) fail([...at, other], 'metric-source', `must populate the given metric source only ("${m.type}")`);
  const src: Path = [...at, field];
  const t = source.target ?? {};
  targetFindings(t, [...src, 'target'], fail);
  switch (m.type) {
    case 'Resource':
    case 'ContainerResource':
      if (!source.name) fail([...src, 'name'], 'required', 'must specify a resource name');
      if (m.type === 'ContainerResource' && !source.container) fail([...src, 'container'], 'required', 'must specify a container');
      if ((t.averageUtilization === undefined) === (t.averageValue === undefined)) fail([...src, 'target'], 'target-kind', 'must set exactly one of averageUtilization or averageValue');
      break;
    case 'Pods':
      metricNameFindings(source, src, fail);
      if (t.averageValue === undefined) fail([...src, 'target', 'averageValue'], 'target-kind', 'must specify a positive target averageValue (Pods metrics support AverageValue only)');
      break;
    case 'Object':
      metricNameFindings(source, src, fail);
      if (t.value === undefined && t.averageValue === undefined) fail([...src, 'target'], 'target-kind', 'must set either a target value or averageValue');
      break;
    default:
      metricNameFindings(source, src, fail);
      if ((t.value === undefined) === (t.averageValue === undefined)) fail([...src, 'target'], 'target-kind', 'must set exactly one of value or averageValue');
  }
}

function metricNameFindings(source: Obj, at: Path, fail: Fail): void {
  const name = source.metric?.name;
  if (!name) fail([...at, 'metric', 'name'], 'required', 'must specify a metric name');
  else if (/[/%]/.test(name) || name === '.' || name === '..') fail([...at, 'metric', 'name'], 'metric-name', 'must be a valid path segment name');
}

function targetFindings(t: Obj, at: Path, fail: Fail): void {
  const field: Record<string, string> = { Utilization: 'averageUtilization', Value: 'value', AverageValue: 'averageValue' };
  if (!field[t.type]) return fail([...at, 'type'], 'target-type', 'must be one of Utilization, Value, AverageValue');
  if (t[field[t.type]] === undefined) fail([...at, field[t.type]], 'required', `must be set for a target of type ${t.type}`);
  if (t.averageUtilization !== undefined && !(t.averageUtilization >= 1)) fail([...at, 'averageUtilization'], 'positive-target', 'must be greater than 0');
  for (const q of ['value', 'averageValue']) if (t[q] !== undefined && !positive(t[q])) fail([...at, q], 'positive-target', 'must be positive');
}

function scalingRulesFindings(r: Obj, at: Path, fail: Fail): void {
  const w = r.stabilizationWindowSeconds;
  if (w !== undefined && !(w >= 0 && w <= MAX_STABILIZATION_WINDOW_SECONDS)) fail([...at, 'stabilizationWindowSeconds'], 'stabilization-window', `must be between 0 and ${MAX_STABILIZATION_WINDOW_SECONDS}`);
  if (r.selectPolicy !== undefined && !['Max', 'Min', 'Disabled'].includes(r.selectPolicy)) fail([...at, 'selectPolicy'], 'select-policy', 'must be one of Max, Min, Disabled');
  if (r.policies !== undefined && r.policies.length === 0) fail([...at, 'policies'], 'policies', 'must specify at least one Policy');
  (r.policies ?? []).forEach((p: Obj, i: number) => {
    const pat: Path = [...at, 'policies', i];
    if (!['Pods', 'Percent'].includes(p.type)) fail([...pat, 'type'], 'policy-type', 'must be Pods or Percent');
    if (!(p.value > 0)) fail([...pat, 'value'], 'policy-value', 'must be greater than zero');
    if (!(p.periodSeconds >= 1 && p.periodSeconds <= MAX_PERIOD_SECONDS)) fail([...pat, 'periodSeconds'], 'policy-period', `must be between 1 and ${MAX_PERIOD_SECONDS}`);
  });
}
