import { Finding } from '../../config/findings';
import { RenderedFile } from '../render';
import { hpaApiFindings } from './hpa-api-rules';
import { manifestFindings, unservedMetricFindings } from './manifest-rules';
import { schemaFindings } from './openapi';

/**
 * Checks on what is about to be written to dist/, run before it replaces the old tree: schemas of
 * every supported Kubernetes version and CRD, API-server rules, manifest hygiene, and the
 * metric wiring between HPAs and the adapter values of the same environment.
 */
export function checkOutput(files: readonly RenderedFile[], distName = 'dist'): Finding[] {
  const at = (f: RenderedFile) => `${distName}/${f.path}`;
  const located = (f: RenderedFile, findings: Finding[]) => findings.map((x) => ({ ...x, location: x.location ?? { file: at(f) } }));
  const findings: Finding[] = [];
  const seen = new Set<string>();
  for (const f of files) {
    if (seen.has(f.path)) {
      findings.push({ severity: 'error', path: ['metadata', 'name'], rule: 'output/name-collision', location: { file: at(f) },
        message: 'two objects of this kind and name in one environment would overwrite each other', hint: 'give one of them another name' });
    }
    seen.add(f.path);
  }
  for (const f of files.filter((x) => x.kind === 'manifest')) {
    const obj = f.object as { apiVersion: string; kind: string };
    findings.push(...located(f, [...schemaFindings(obj, at(f)), ...manifestFindings(obj), ...(obj.kind === 'HorizontalPodAutoscaler' ? hpaApiFindings(obj) : [])]));
  }
  for (const values of files.filter((x) => x.kind === 'adapter-values')) {
    const hpas = files.filter((x) => x.environment === values.environment && x.kind === 'manifest' && (x.object as any).kind === 'HorizontalPodAutoscaler');
    findings.push(...unservedMetricFindings(hpas.map((h) => ({ object: h.object as any, file: at(h) })), values.object as any));
  }
  return findings;
}
