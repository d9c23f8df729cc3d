import {
  Condition, ControllerSettings, ControllerState, DEFAULT_SETTINGS, FRESH_STATE, HpaSpec, MetricsSnapshot, Pod, reconcile, Time,
} from '../hpa';

/** What the cluster looks like to the controller at one sync, given the replica count then. */
export interface Observation {
  readonly pods: readonly Pod[];
  readonly metrics: MetricsSnapshot;
}

export interface SyncRecord {
  readonly time: Time;
  readonly replicas: number;
  readonly desiredReplicas: number;
  readonly conditions: readonly Condition[];
}

export interface ControllerRunProps {
  readonly spec: HpaSpec;
  readonly initialReplicas: number;
  readonly durationSeconds: number;
  readonly settings?: Partial<ControllerSettings>;
  /** The cluster at time t with `replicas` pods requested; pure, so a run is repeatable. */
  readonly observe: (time: Time, replicas: number) => Observation;
}

/**
 * Runs one HPA's reconcile every sync period (default 15 s) from t = 0 to the duration, as a fresh
 * controller would. A new replica count is observed from the next sync on.
 */
export function runController(props: ControllerRunProps): SyncRecord[] {
  const settings = { ...DEFAULT_SETTINGS, ...props.settings };
  const records: SyncRecord[] = [];
  let state: ControllerState = FRESH_STATE;
  let replicas = props.initialReplicas;
  let conditions: readonly Condition[] = [];
  let desired = replicas;
  for (let t = 0; t <= props.durationSeconds * 1000; t += settings.syncPeriodSeconds * 1000) {
    const { pods, metrics } = props.observe(t, replicas);
    const r = reconcile({
      spec: props.spec, specReplicas: replicas, statusReplicas: replicas, previousDesiredReplicas: desired,
      pods, metrics, state, conditions, now: t, settings,
    });
    records.push({ time: t, replicas, desiredReplicas: r.desiredReplicas, conditions: r.conditions });
    ({ state, conditions } = r);
    desired = r.desiredReplicas;
    replicas = r.desiredReplicas;
  }
  return records;
}
