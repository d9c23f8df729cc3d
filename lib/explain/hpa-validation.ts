import { Finding } from '../config/findings';
import { milliValue } from '../hpa';
import type { HpaObject } from './hpa-object';

/**
 * The API server's checks on an HPA spec that the arithmetic depends on (kubernetes
 * pkg/apis/autoscaling/validation/validation.go, ValidateHorizontalPodAutoscaler): an object read
 * from a cluster always passes them, so a failure means a hand-edited or generated file. Explaining
 * such a spec would divide by a zero target or clamp to an empty range, so each broken rule is an
 * error finding at the field, never a NaN, an Infinity or a negative replica count in the output.
 */

type At = (path: (string | number)[]) => { file: string; line: number; column: number };

const SOURCES: Readonly<Record<string, string>> = {
  Resource: 'resource', ContainerResource: 'containerResource', Pods: 'pods', Object: 'object', External: 'external',
};

function positive(q: string | number | undefined): boolean {
  if (q === undefined) return false;
  try {
    return milliValue(q) > 0n;
  } catch {
    return false;
  }
}

/** Findings for every rule of the spec the API server enforces and explain relies on. */
export function specFindings(hpa: HpaObject, base: (string | number)[], at: At): Finding[] {
  const findings: Finding[] = [];
  const add = (p: (string | number)[], message: string, hint: string) => findings.push({
    severity: 'error', path: [...base, ...p], rule: 'explain/api-validation',
    message: `${message} (the API server rejects it)`, hint, location: at(p),
  });
  const spec = hpa.spec;
  const metrics = spec.metrics ?? [];
  const min = spec.minReplicas ?? 1;
  // minReplicas 0 needs the HPAScaleToZero feature gate and an Object or External metric (pods
  // metrics cannot be read from zero pods).
  const zeroAllowed = metrics.some((m) => m.type === 'Object' || m.type === 'External');
  if (min < 0 || (min === 0 && !zeroAllowed)) {
    add(['spec', 'minReplicas'], `is ${min}; it must be at least 1${min === 0 ? ' (0 only with the HPAScaleToZero feature gate and an Object or External metric)' : ''}`,
      'set minReplicas to 1 or more');
  }
  if (spec.maxReplicas < 1) {
    add(['spec', 'maxReplicas'], `is ${spec.maxReplicas}; it must be at least 1`, 'set maxReplicas to the most replicas the workload may run');
  } else if (spec.maxReplicas < min) {
    add(['spec', 'maxReplicas'], `is ${spec.maxReplicas}, below minReplicas (${min}); it must be at least minReplicas`, 'raise maxReplicas or lower minReplicas');
  }

  metrics.forEach((m, i) => {
    const key = SOURCES[m.type];
    if (!key) {
      add(['spec', 'metrics', i, 'type'], `is ${JSON.stringify(m.type)}; it must be one of ${Object.keys(SOURCES).join(', ')}`, 'use a metric source type of autoscaling/v2');
      return;
    }
    const source = (m as Record<string, unknown>)[key] as { target?: { type: string; averageUtilization?: number; averageValue?: string | number; value?: string | number } } | undefined;
    if (!source) {
      add(['spec', 'metrics', i, key], `is required for type ${m.type}`, `add spec.metrics[${i}].${key}, or fix the type`);
      return;
    }
    const target = source.target;
    if (!target) return; // the schema already reports a missing target
    const t = ['spec', 'metrics', i, key, 'target'];
    const fieldOf: Record<string, 'averageUtilization' | 'averageValue' | 'value'> = { Utilization: 'averageUtilization', AverageValue: 'averageValue', Value: 'value' };
    const field = fieldOf[target.type];
    if (!field) {
      add([...t, 'type'], `is ${JSON.stringify(target.type)}; it must be Utilization, AverageValue or Value`, 'set target.type to the field the target gives');
      return;
    }
    if (field === 'averageUtilization' && m.type !== 'Resource' && m.type !== 'ContainerResource') {
      add([...t, 'type'], `is Utilization, which only Resource and ContainerResource metrics have (a percentage of the pods' requests)`, 'use AverageValue (per pod) or Value (in total)');
      return;
    }
    const v = target[field];
    if (v === undefined) {
      add([...t, field], `is required when target.type is ${target.type}`, `give target.${field}, or set target.type to the field that is given`);
    } else if (field === 'averageUtilization' ? !((v as number) > 0) : !positive(v)) {
      add([...t, field], `is ${v}; it must be greater than 0: the usage ratio is current / target`, 'give the per-pod (AverageValue), total (Value) or percent-of-request (Utilization) value to keep the metric at');
    }
  });

  for (const direction of ['scaleUp', 'scaleDown'] as const) {
    const rules = spec.behavior?.[direction];
    if (!rules) continue;
    const r = ['spec', 'behavior', direction];
    const w = rules.stabilizationWindowSeconds;
    if (w != null && (w < 0 || w > 3600)) add([...r, 'stabilizationWindowSeconds'], `is ${w}; it must be in [0, 3600] seconds`, 'a window of at most one hour');
    if (rules.selectPolicy != null && !['Max', 'Min', 'Disabled'].includes(rules.selectPolicy)) {
      add([...r, 'selectPolicy'], `is ${JSON.stringify(rules.selectPolicy)}; it must be Max, Min or Disabled`, 'Max (the policy allowing the largest change) is the default');
    }
    if (rules.tolerance != null && !(positive(rules.tolerance) || milliOrNull(rules.tolerance) === 0n)) {
      add([...r, 'tolerance'], `is ${rules.tolerance}; it must not be negative`, 'a ratio such as 0.1, or leave it out for the controller flag');
    }
    (rules.policies ?? []).forEach((p, j) => {
      if (!['Pods', 'Percent'].includes(p.type)) add([...r, 'policies', j, 'type'], `is ${JSON.stringify(p.type)}; it must be Pods or Percent`, 'Pods (a number of pods) or Percent (of the current count)');
      if (!(p.value > 0)) add([...r, 'policies', j, 'value'], `is ${p.value}; it must be greater than 0`, 'to stop scaling in this direction, use selectPolicy: Disabled');
      if (!(p.periodSeconds > 0 && p.periodSeconds <= 1800)) add([...r, 'policies', j, 'periodSeconds'], `is ${p.periodSeconds}; it must be in (0, 1800] seconds`, 'a period of at most 30 minutes');
    });
  }
  return findings;
}

function milliOrNull(q: string | number): bigint | null {
  try {
    return milliValue(q);
  } catch {
    return null;
  }
}
