import { z } from 'zod';

/**
 * The shape of a conformance vectors file (README, HPA engine: "Conformance vectors format") as zod
 * schemas: the file, each vector's common fields, and per `kind` the `inputs` its runner reads
 * (lib/simulation/conformance/kinds.ts) and the `expected` fields it can assert. A file is checked
 * against these before any vector runs, so a malformed vector is a finding at its field
 * (conformance/shape), never a failed vector with a TypeError or "unknown kind".
 *
 * `inputs` are loose objects: the upstream transcription keeps documentation fields beside the
 * inputs (`scaleUpRulesGenerator`, `reportedPodPhase`: how the Go test built them), which the runner
 * does not read. `expected` is strict: a field the runner does not know would be silently never
 * compared, so it is an unknown key; and at least one field must be asserted (not null).
 */

/** The vectors format version this reader understands. */
export const VECTORS_SCHEMA_VERSION = 1;

/**
 * The controller's integers (replica counts, policy values, periods, windows) are Go int32: a vector
 * outside int32 tests nothing the controller can be given (2^40 replicas would wrap).
 */
const INT32_RANGE = 'beyond int32 (-2147483648 to 2147483647), the Go type of the controller\'s replica counts, policy values and periods';
// Range before safe-integer: 2^63 is past int32, not "past 2^53" (zod's .int() says the latter).
const int = z.number().superRefine((v, ctx) => {
  if (!Number.isInteger(v)) ctx.addIssue({ code: 'custom', message: `must be an integer, got ${v}` });
  else if (v < -2147483648 || v > 2147483647) ctx.addIssue({ code: 'custom', message: `is ${v}, ${INT32_RANGE}` });
});
const INT64_MIN = -(2n ** 63n);
const INT64_MAX = 2n ** 63n - 1n;
/**
 * An int64 milli-value: a number holding an integer, or its exact decimal string past 2^53, within
 * int64 (the runner converts it with BigInt, so "12abc" or 1.5 must never get that far).
 */
const int64 = z.union([z.number(), z.string()], { error: 'must be an integer: a number, or its exact decimal string past 2^53' }).superRefine((v, ctx) => {
  const message = typeof v === 'number'
    ? (!Number.isInteger(v) ? `must be an integer, got ${v}` : !Number.isSafeInteger(v) ? `is ${v}, beyond 2^53 where a JSON number is not held exactly: write it as its exact decimal string` : undefined)
    : !/^-?\d+$/.test(v) ? `must be an integer or its exact decimal string, got ${JSON.stringify(v)}`
      : BigInt(v) < INT64_MIN || BigInt(v) > INT64_MAX ? `is ${v}; it must be within int64 (-9223372036854775808 to 9223372036854775807)` : undefined;
  if (message) ctx.addIssue({ code: 'custom', message });
});
/** An age in seconds before the test's "now"; "zero" is Go's zero time, null no time. */
const age = z.union([z.number(), z.literal('zero'), z.literal('now'), z.null()]);

const event = z.looseObject({ replicaChange: int, ageSeconds: z.number(), outdated: z.boolean().optional() });
const events = z.array(event).nullish();
const recommendation = z.looseObject({ recommendation: int, ageSeconds: age });
const policy = z.looseObject({ type: z.enum(['Pods', 'Percent']), value: int, periodSeconds: int });
const rules = z.looseObject({
  stabilizationWindowSeconds: int.nullish(),
  selectPolicy: z.enum(['Max', 'Min', 'Disabled']).nullish(),
  policies: z.array(policy).nullish(),
  tolerance: z.number().nullish(),
});
const container = z.looseObject({ name: z.string(), requestMilli: int64.nullish(), restartPolicy: z.string().optional() });
const pod = z.looseObject({
  name: z.string(),
  phase: z.enum(['Pending', 'Running', 'Succeeded', 'Failed', 'Unknown']).optional(),
  deleted: z.boolean().optional(),
  startTimeAge: age.optional(),
  readyCondition: z.looseObject({ status: z.enum(['True', 'False', 'Unknown']), lastTransitionAge: age }).nullish(),
  containers: z.array(container).optional(),
  initContainers: z.array(container).optional(),
  podRequestMilli: int64.nullish(),
});
const resourceSample = z.looseObject({
  name: z.string(),
  timestampAge: age,
  windowSeconds: z.number().optional(),
  containers: z.array(z.looseObject({ name: z.string(), usageMilli: int64.nullable() })),
});

const EXPECTED_FIELDS = new Map<z.ZodType, readonly string[]>();

/** The fields a vector of `kind` may assert, for messages ("expectedReplicas, expectedCondition"). */
export function expectedFields(kind: string): string {
  return (EXPECTED_FIELDS.get(KIND_SCHEMAS[kind]?.expected) ?? []).join(', ');
}

/** Optional fields, each null or absent when not asserted; at least one must be asserted. */
function expectations(shape: Record<string, z.ZodType>): z.ZodType {
  const fields = Object.keys(shape);
  return remember(fields, z.strictObject(Object.fromEntries(fields.map((k) => [k, shape[k].nullish()]))).refine(
    (e) => fields.some((k) => (e as Record<string, unknown>)[k] != null),
    { message: `asserts nothing: give at least one of ${fields.join(', ')}` },
  ));
}

function remember(fields: readonly string[], schema: z.ZodType): z.ZodType {
  EXPECTED_FIELDS.set(schema, fields);
  return schema;
}

// The rate limits read scalingRules.SelectPolicy and .Policies (upstream dereferences them: a nil
// would panic); a nil event list is an empty one in Go.
const limitKind = {
  inputs: z.looseObject({ currentReplicas: int, scaleUpEvents: events, scaleDownEvents: events, scalingRules: rules }),
  expected: expectations({ limit: int }),
};

/** The replicaCalc functions, each with the inputs it needs beyond the common ones. */
const CALC_FUNCTIONS: Readonly<Record<string, readonly string[]>> = {
  GetResourceReplicas: ['targetUtilization'],
  GetMetricReplicas: ['targetUsageMilli'],
  GetObjectMetricReplicas: ['objectMetric', 'targetUsageMilli'],
  GetObjectPerPodMetricReplicas: ['objectMetric', 'perPodTargetUsageMilli', 'statusReplicas'],
  GetExternalMetricReplicas: ['externalMetric', 'targetUsageMilli'],
  GetExternalPerPodMetricReplicas: ['externalMetric', 'perPodTargetUsageMilli', 'statusReplicas'],
};

/**
 * What each replicaCalc function reads from `podMetrics`: resource samples (metrics.k8s.io, per
 * container) for GetResourceReplicas, one value per pod (custom.metrics.k8s.io) for GetMetricReplicas.
 */
export const POD_METRICS: Readonly<Record<string, z.ZodType>> = {
  GetResourceReplicas: resourceSample,
  GetMetricReplicas: z.looseObject({ name: z.string(), valueMilli: int64 }),
};

const replicaCalcInputs = z.looseObject({
  function: z.enum(Object.keys(CALC_FUNCTIONS) as [string, ...string[]]),
  currentReplicas: int,
  tolerances: z.looseObject({ scaleUp: z.number(), scaleDown: z.number() }),
  pods: z.array(pod),
  resourceName: z.string().optional(),
  container: z.string().optional(),
  metricName: z.string().optional(),
  targetUtilization: int.optional(),
  targetUsageMilli: int64.optional(),
  perPodTargetUsageMilli: int64.optional(),
  statusReplicas: int.optional(),
  podMetrics: z.array(z.looseObject({ name: z.string() })).optional(),
  objectMetric: z.looseObject({ describedObject: z.looseObject({ kind: z.string(), name: z.string() }), valueMilli: int64 }).optional(),
  externalMetric: z.looseObject({ valuesMilli: z.array(int64), selector: z.unknown() }).optional(),
}).superRefine((i, ctx) => {
  for (const field of CALC_FUNCTIONS[i.function] ?? []) {
    if ((i as Record<string, unknown>)[field] === undefined) {
      ctx.addIssue({ code: 'custom', path: [field], message: `is required for function ${i.function}` });
    }
  }
  // podMetrics items are checked per function by the reader (POD_METRICS), with their own messages.
});

/** Per kind (the controller function a vector exercises): the inputs its runner reads and what it can assert. */
export const KIND_SCHEMAS: Readonly<Record<string, { readonly inputs: z.ZodType; readonly expected: z.ZodType }>> = {
  scaleUpLimit: limitKind,
  scaleDownLimit: limitKind,
  behaviorRate: {
    inputs: z.looseObject({
      currentReplicas: int, prenormalizedDesiredReplicas: int, specMinReplicas: int, specMaxReplicas: int,
      effectiveScaleUpRules: rules.nullish(), effectiveScaleDownRules: rules.nullish(), scaleUpEvents: events, scaleDownEvents: events,
    }),
    expected: expectations({ expectedReplicas: int, expectedCondition: z.string() }),
  },
  stabilizeWithBehavior: {
    inputs: z.looseObject({
      recommendations: z.array(recommendation), currentReplicas: int, prenormalizedDesiredReplicas: int,
      scaleUpStabilizationWindowSeconds: int.nullish(), scaleDownStabilizationWindowSeconds: int.nullish(),
    }),
    expected: expectations({ expectedStabilizedReplicas: int, expectedRecommendations: z.array(int) }),
  },
  stabilizeLegacy: {
    inputs: z.looseObject({ recommendations: z.array(recommendation), prenormalizedDesiredReplicas: int, downscaleStabilisationWindowSeconds: int }),
    expected: expectations({ expectedStabilizedReplicas: int, expectedLogLength: int }),
  },
  convertWithRules: {
    inputs: z.looseObject({ currentReplicas: int, desiredReplicas: int, hpaMinReplicas: int, hpaMaxReplicas: int, scaleUpLimitFactor: z.number(), scaleUpLimitMinimum: z.number() }),
    expected: expectations({ expectedConvertedDesiredReplicas: int, expectedCondition: z.string() }),
  },
  storeScaleEvents: {
    inputs: z.looseObject({ prevReplicas: int, replicaChange: int, prevScaleEvents: events, scalingRules: rules.nullish() }),
    expected: expectations({ expectedReplicasChange: int, newScaleEvents: z.array(z.looseObject({ replicaChange: int, outdated: z.boolean() })) }),
  },
  replicaCalc: {
    inputs: replicaCalcInputs,
    expected: expectations({ expectedReplicas: int, expectedUtilization: int, expectedRawValue: int64, expectedUsage: int64, expectedError: z.string() }),
  },
  groupPods: {
    inputs: z.looseObject({
      pods: z.array(pod),
      metrics: z.record(z.string(), z.looseObject({ value: int64, timestampAge: age, windowSeconds: z.number().optional() })),
      resource: z.string(), cpuInitializationPeriodSeconds: z.number(), delayOfInitialReadinessStatusSeconds: z.number(),
    }),
    // The runner compares all four (the Go test does).
    expected: remember(['expectReadyPodCount', 'expectUnreadyPods', 'expectMissingPods', 'expectIgnoredPods'],
      z.strictObject({ expectReadyPodCount: int, expectUnreadyPods: z.array(z.string()), expectMissingPods: z.array(z.string()), expectIgnoredPods: z.array(z.string()) })),
  },
  calculateRequests: {
    inputs: z.looseObject({ pods: z.array(pod), container: z.string(), resource: z.string(), enablePodLevelResources: z.boolean() }),
    expected: expectations({ expectedRequests: z.record(z.string(), int64), expectedError: z.string() }),
  },
  reconcile: {
    inputs: z.looseObject({
      minReplicas: int.nullish(), maxReplicas: int, specReplicas: int, statusReplicas: int,
      recommendations: z.array(recommendation).nullish(),
      scaleUpRules: rules.nullish(), scaleDownRules: rules.nullish(),
      metricFetchErrors: z.array(z.enum(['Resource', 'Pods', 'Object', 'External'])).optional(),
      configurableToleranceGate: z.boolean().optional(),
      derived: z.looseObject({
        hpaMetrics: z.array(z.looseObject({ type: z.string() })),
        pods: z.array(pod),
        cpuPodMetrics: z.array(resourceSample).optional(),
        podsMetricValuesMilli: z.record(z.string(), int64).optional(),
        objectMetricValueMilli: int64.nullish(),
        externalMetricValuesMilli: z.array(int64).optional(),
        effectiveBehavior: z.unknown().optional(),
      }),
    }),
    expected: expectations({
      expectedDesiredReplicas: int, scaleUpdated: z.boolean(),
      expectedConditions: z.array(z.looseObject({ type: z.string(), status: z.string(), reason: z.string() })),
    }),
  },
};

export const VECTOR_KINDS = Object.keys(KIND_SCHEMAS);

/** A vector's fields common to every kind; `inputs` and `expected` are checked per kind afterwards. */
export const VectorSchema = z.looseObject({
  id: z.string().min(1, 'must be a non-empty string'),
  kind: z.enum(VECTOR_KINDS as [string, ...string[]]),
  function: z.string().optional(),
  source: z.looseObject({ file: z.string(), test: z.string(), case: z.string().nullable().optional() }).optional(),
  notes: z.string().optional(),
  inputs: z.record(z.string(), z.unknown()),
  expected: z.record(z.string(), z.unknown()),
});

/** The file around the vectors. */
export const VectorsFileSchema = z.looseObject({
  schemaVersion: z.literal(VECTORS_SCHEMA_VERSION),
  description: z.string().optional(),
  provenance: z.unknown().optional(),
  harnesses: z.record(z.string(), z.record(z.string(), z.unknown())).optional(),
  vectors: z.array(z.unknown()).min(1, 'is empty: nothing would be checked'),
});
