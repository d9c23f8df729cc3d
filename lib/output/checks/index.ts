import { FieldPath, Finding, formatPath, Location } from '../../config/findings';
import { RenderedFile, sourceOf } from '../render';
import { hpaApiFindings } from './hpa-api-rules';
import { manifestFindings, unservedMetricFindings } from './manifest-rules';
import { schemaFindings } from './openapi';

/**
 * Checks on what is about to be written to dist/, run before it replaces the old tree: schemas of
 * every supported Kubernetes version and CRD, API-server rules, manifest hygiene, and the
 * metric wiring between HPAs and the adapter values of the same environment.
 */
export function checkOutput(files: readonly RenderedFile[], distName = 'dist', locate?: ConfigLocator): Finding[] {
  const at = (f: RenderedFile) => `${distName}/${f.path}`;
  const located = (f: RenderedFile, findings: Finding[]) => findings.map((x) => ({ ...x, location: x.location ?? { file: at(f) } }));
  const findings: Finding[] = [];
  const byPath = new Map<string, RenderedFile[]>();
  for (const f of files) byPath.set(f.path, [...(byPath.get(f.path) ?? []), f]);
  for (const group of byPath.values()) if (group.length > 1) findings.push(collision(group, at(group[0]), locate));
  const remapped = new Set<Finding>(findings);
  for (const f of files.filter((x) => x.kind === 'manifest')) {
    const obj = f.object as { apiVersion: string; kind: string };
    findings.push(...located(f, [...schemaFindings(obj, at(f)), ...manifestFindings(obj), ...(obj.kind === 'HorizontalPodAutoscaler' ? hpaApiFindings(obj) : [])]));
  }
  for (const values of files.filter((x) => x.kind === 'adapter-values')) {
    const hpas = files.filter((x) => x.environment === values.environment && x.kind === 'manifest' && (x.object as any).kind === 'HorizontalPodAutoscaler');
    findings.push(...unservedMetricFindings(hpas.map((h) => ({ object: h.object as any, file: at(h) })), values.object as any));
  }
  if (!locate) return findings;
  const fileAt = new Map(files.map((f) => [at(f), f]));
  return findings.map((x) => (remapped.has(x) ? x : toConfig(x, fileAt.get(x.location?.file ?? ''), locate)));
}

/** Where a config path of an environment is written (file:line:column), if it has a config file. */
export type ConfigLocator = (environment: string, configPath: FieldPath) => Location | undefined;

/**
 * An output finding caused by a config value, reported at that value: the config file, line and
 * path, with the emitted file and field it showed up in kept in the message.
 */
function toConfig(x: Finding, file: RenderedFile | undefined, locate: ConfigLocator): Finding {
  const source = file && sourceOf(file);
  if (!file || !source) return x;
  const configPath = source(x.path);
  const location = locate(file.environment, configPath);
  if (!location) return x;
  return { ...x, path: configPath, location, message: `${x.message} (in ${x.location?.file ?? file.path} at ${formatPath(x.path)})` };
}

/** Objects sharing a file: one finding naming every config entry that produced one, once each. */
function collision(group: readonly RenderedFile[], file: string, locate?: ConfigLocator): Finding {
  const obj = group[0].object as { kind?: string; metadata?: { name?: string } };
  const what = `${obj.kind} "${obj.metadata?.name}"`;
  const entries: FieldPath[] = [];
  for (const f of group) {
    const p = sourceOf(f)?.(['metadata', 'name']);
    if (p && !entries.some((e) => formatPath(e) === formatPath(p))) entries.push(p);
  }
  const env = group[0].environment;
  const hint = 'give each of them its own name';
  if (entries.length < 2 || !locate) {
    return { severity: 'error', path: ['metadata', 'name'], rule: 'output/name-collision', location: { file }, hint,
      message: `${group.length} objects named ${what} in one environment would overwrite each other${entries.length > 0 ? ` (from ${entries.map(formatPath).join(', ')})` : ''}` };
  }
  return {
    severity: 'error', path: entries[0], rule: 'output/name-collision', hint,
    location: locate(env, entries[0]) ?? { file },
    message: `${what} is also produced by the config ${entries.length > 2 ? 'entries' : 'entry'} below; they would overwrite each other in ${file}`,
    related: entries.slice(1).map((p) => ({ path: p, location: locate(env, p) })),
  };
}
