import * as fs from 'fs';
import { displayPath } from '../cli/paths';
import { notARegularFile } from '../cli/user-file';
import { Finding, formatReport } from '../config/findings';
import { decodeUtf8Text } from '../config/text-encoding';
import { ControllerSettings, Pod } from '../hpa';
import { explainHpa, Explanation } from './explain-hpa';
import { readHpa } from './hpa-object';
import { parseKubectlFile, ParsedKubectlFile } from './kubectl-input';
import { selectPods } from './pods';
import { renderExplanation } from './render-text';
import type { CommandResult } from '../cli/command-result';

export interface ExplainCommandOptions {
  /** kubectl get hpa ... -o yaml|json output: one HPA or a List of them. */
  readonly file: string;
  /** kubectl get pods ... -o yaml|json output (a List), optional. */
  readonly podsFile?: string;
  /** The instant to explain at, in Unix ms (default: now). */
  readonly now: number;
  readonly format: 'text' | 'json';
  readonly settings?: Partial<ControllerSettings>;
}

export type { CommandResult } from '../cli/command-result';

/**
 * Most replicas explain models without --pods: 100,000 stand-in pods (one per replica of
 * status.currentReplicas), about a second and 300 MB; 1,000,000 took 7 s and 1.4 GB.
 */
export const MAX_STAND_IN_PODS = 100_000;

/**
 * Largest kubectl output read, bytes: 32 MiB. `kubectl get hpa -A -o yaml` of a cluster with 5,000
 * HPAs is about 20 MiB; past the limit the YAML library's node tree would take gigabytes first.
 */
export const MAX_KUBECTL_BYTES = 32 * 1024 * 1024;

/** What each input file holds, as the fix for a wrong or missing file says how to save it. */
const SAVE: Readonly<Record<'hpa' | 'pods', string>> = {
  hpa: 'pass saved `kubectl get hpa <name> -n <namespace> -o yaml` output (or -o json)',
  pods: 'pass --pods saved `kubectl get pods -n <namespace> -l <the target\'s selector> -o yaml` output (or -o json), or leave --pods out',
};

/** How to save kubectl output as UTF-8 where the shell would not (Windows PowerShell 5's `>` writes UTF-16). */
export const ENCODING_HINT = 'kubectl prints UTF-8; in Windows PowerShell save it with `kubectl get ... -o yaml | Out-File -Encoding utf8 <file>` (its `>` writes UTF-16)';

function read(file: string, role: 'hpa' | 'pods'): { parsed?: ParsedKubectlFile; findings: Finding[] } {
  const display = displayPath(file);
  const bad = notARegularFile(file);
  if (bad?.code === 'not-regular' || bad?.code === 'directory') {
    return { findings: [{ severity: 'error', path: [], rule: 'explain/not-a-file', message: `${display} ${bad.why}`, hint: SAVE[role], location: { file: display } }] };
  }
  const size = bad ? 0 : fs.statSync(file).size;
  if (size > MAX_KUBECTL_BYTES) {
    const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
    return { findings: [{ severity: 'error', path: [], rule: 'explain/too-large', message: `${display} is ${mib(size)}; kubectl output read by explain may be at most ${mib(MAX_KUBECTL_BYTES)}`,
      hint: role === 'hpa' ? 'save one namespace (`kubectl get hpa -n <namespace> -o yaml`) or one HPA at a time'
        : 'save only the target\'s pods (`kubectl get pods -n <namespace> -l <the target\'s selector> -o yaml`)', location: { file: display } }] };
  }
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(file);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    const why = code === 'ENOENT' ? 'does not exist (ENOENT)' : `cannot be read (${code ?? (e as Error).message})`;
    return { findings: [{ severity: 'error', path: [], rule: 'explain/unreadable', message: `${display} ${why}`, hint: SAVE[role], location: { file: display } }] };
  }
  // Decoded as the config reader decodes (UTF-16/32, NUL, invalid UTF-8 are findings): Windows
  // PowerShell's `>` saves kubectl output as UTF-16, which would otherwise read as no object at all.
  const decoded = decodeUtf8Text(bytes);
  if (decoded.problem) {
    const p = decoded.problem;
    return { findings: [{ severity: 'error', path: [], rule: 'explain/encoding', message: p.message, hint: `${p.hint}: ${ENCODING_HINT}`, location: { file: display, line: p.line, column: p.column } }] };
  }
  const parsed = parseKubectlFile(decoded.text, display, role);
  return { parsed, findings: parsed.findings };
}

/**
 * `npm run explain` as a function (the only file access of explain): every HPA of the file
 * explained, or exit 1 with located findings and no stack trace.
 */
export function runExplain(options: ExplainCommandOptions): CommandResult {
  const findings: Finding[] = [];
  const hpaFile = read(options.file, 'hpa');
  findings.push(...hpaFile.findings);
  const hpas = (hpaFile.parsed?.objects ?? []).map((o) => readHpa(o, hpaFile.parsed!.locate, hpaFile.parsed!.source));
  for (const h of hpas) findings.push(...h.findings);
  if (hpaFile.parsed && hpaFile.parsed.objects.length === 0 && hpaFile.findings.length === 0) {
    findings.push({ severity: 'error', path: ['items'], rule: 'explain/empty-list', message: 'the List has no items', hint: 'kubectl get hpa <name> -n <namespace> -o yaml', location: hpaFile.parsed.locate(['items']) });
  }
  let podsFile: ReturnType<typeof read> | null = null;
  if (options.podsFile) {
    podsFile = read(options.podsFile, 'pods');
    findings.push(...podsFile.findings);
    // No pods would make every metric fail with the engine's "no metrics returned": a wrong
    // namespace or selector, not what the cluster did.
    if (podsFile.parsed && podsFile.parsed.objects.length === 0 && podsFile.findings.length === 0) {
      findings.push({
        severity: 'error', path: ['items'], rule: 'explain/empty-list', message: 'the pods file has no Pod, so every metric would read as missing',
        hint: 'kubectl get pods -n <namespace> -l <the target\'s selector> -o yaml (check the namespace and labels), or leave --pods out', location: podsFile.parsed.locate(['items']),
      });
    }
  }
  // Without --pods explain stands in one pod per replica: past the cap that is gigabytes, then
  // V8 out of heap (2147483647 replicas), for no more insight than a smaller copy gives.
  const tooMany = new Set<number>();
  if (!options.podsFile) {
    hpas.forEach(({ hpa }, i) => {
      const n = hpa?.status?.currentReplicas;
      if (n === undefined || n <= MAX_STAND_IN_PODS) return;
      tooMany.add(i);
      const at = [...hpaFile.parsed!.objects[i].path, 'status', 'currentReplicas'];
      findings.push({ severity: 'error', path: at, rule: 'explain/too-many-replicas', location: hpaFile.parsed!.locate(at),
        message: `is ${n.toLocaleString('en-US')}: without --pods explain models one stand-in pod per replica, at most ${MAX_STAND_IN_PODS.toLocaleString('en-US')} (MAX_STAND_IN_PODS)`,
        hint: `check the value (the API's int32 limit is no replica count a cluster runs), or explain a copy of the HPA with status.currentReplicas ${MAX_STAND_IN_PODS} or less` });
    });
  }
  const explanations: Explanation[] = [];
  for (const [i, { hpa }] of hpas.entries()) {
    if (!hpa || tooMany.has(i)) continue;
    let pods: { pods: Pod[]; unfiltered: boolean } | undefined;
    if (podsFile?.parsed) {
      const selection = selectPods(podsFile.parsed.objects, hpa.spec.scaleTargetRef, podsFile.parsed.locate);
      findings.push(...selection.findings);
      pods = { pods: selection.pods, unfiltered: selection.unfiltered };
    }
    explanations.push(explainHpa({ hpa, pods, now: options.now, settings: options.settings }));
  }
  const unique = dedupe(findings);
  if (unique.some((f) => f.severity === 'error')) {
    return { exitCode: 1, stdout: '', stderr: `${formatReport(unique)}\nexplain failed\n` };
  }
  const stdout = options.format === 'json'
    ? `${JSON.stringify(explanations.length === 1 ? explanations[0] : explanations, null, 2)}\n`
    : explanations.map(renderExplanation).join('\n');
  return { exitCode: 0, stdout, stderr: '' };
}

/** The same pods file is checked once per HPA; report each finding once. */
function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = JSON.stringify([f.location, f.path, f.rule]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
