/**
 * The names Kubernetes gives a Deployment's pods, and the RE2 pattern (Prometheus `=~`, anchored)
 * that matches exactly those names for any valid Deployment name.
 *
 * Upstream (kubernetes/kubernetes):
 * - pkg/controller/deployment/sync.go: the ReplicaSet is named `<deployment>-<pod-template-hash>`.
 * - pkg/controller/controller_utils.go: ComputeHash is `rand.SafeEncodeString` of the decimal FNV-32a
 *   hash: 1 to 10 characters of `bcdfghjklmnpqrstvwxz2456789`.
 * - pkg/controller/controller_utils.go getPodsPrefix: a ReplicaSet's pods get
 *   `generateName: <replicaset>-`.
 * - staging/src/k8s.io/apiserver/pkg/storage/names/generate.go SimpleNameGenerator: the base is cut
 *   to 58 characters (maxGeneratedNameLength = 63 - 5) before 5 random characters of the same
 *   alphabet are appended.
 * So a Deployment of 46 characters or fewer always has `<deployment>-<hash>-<5>` pods; a longer one
 * has its hash (and the dash after it) cut, down to pods named `<first 58 characters>-...<5>`.
 */

/** SimpleNameGenerator: randomLength. */
export const POD_SUFFIX_LENGTH = 5;
/** SimpleNameGenerator: maxGeneratedNameLength (maxNameLength 63 - randomLength 5). */
export const MAX_GENERATED_BASE_LENGTH = 58;
/** The longest pod-template-hash: the decimal of a uint32 (4294967295) has 10 digits. */
export const MAX_TEMPLATE_HASH_LENGTH = 10;

/** The characters of `rand.String` and `rand.SafeEncodeString` (k8s.io/apimachinery/pkg/util/rand). */
const ALPHANUMS = 'bcdfghjklmnpqrstvwxz2456789';

/** The name the API server gives a pod of `deployment` whose template hash and random suffix are given. */
export function generatedPodName(deployment: string, templateHash: string, suffix: string): string {
  return `${deployment}-${templateHash}-`.slice(0, MAX_GENERATED_BASE_LENGTH) + suffix;
}

/**
 * An RE2 pattern matching the names of every pod of `deployment` (and of no Deployment whose name
 * only starts the same way, such as `<deployment>-canary`, while the names are not truncated).
 * Prometheus anchors `=~` patterns, so the pattern is the whole name.
 */
export function podNamePattern(deployment: string): string {
  const chars = '[a-z0-9]';
  const suffix = `${chars}{${POD_SUFFIX_LENGTH}}`;
  const prefix = `${deployment}-`;
  const escaped = escapeRegex(prefix);
  if (prefix.length >= MAX_GENERATED_BASE_LENGTH) return `${escapeRegex(prefix.slice(0, MAX_GENERATED_BASE_LENGTH))}${suffix}`;
  // Room left in the 58-character base for `<hash>-`: whole (hash of at most room-1 characters and
  // its dash) or cut (the first `room` characters of a longer hash, no dash).
  const room = MAX_GENERATED_BASE_LENGTH - prefix.length;
  if (room > MAX_TEMPLATE_HASH_LENGTH) return `${escaped}${chars}+-${suffix}`;
  const whole = room > 1 ? [`${chars}{1,${room - 1}}-`] : [];
  return `${escaped}(?:${[...whole, `${chars}{${room}}`].join('|')})${suffix}`;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** A stable pod-template-hash-like string (9 characters of the hash alphabet) for synthetic pods. */
export function syntheticTemplateHash(name: string): string {
  let h = 2166136261;
  for (const ch of name) h = Math.imul(h ^ ch.charCodeAt(0), 16777619) >>> 0;
  let out = '';
  for (let i = 0; i < 9; i++) { out += ALPHANUMS[h % ALPHANUMS.length]; h = Math.floor(h / ALPHANUMS.length) + (i + 1) * 7919; }
  return out;
}
