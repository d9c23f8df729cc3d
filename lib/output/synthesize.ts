import { App } from 'cdk8s';
import { Construct } from 'constructs';
import { ConfigError, Finding, parseFormattedFinding } from '../config/findings';
import { loadEnvironmentFile, locateFinding, Locator, scanConfigDir, unusedLayerFindings } from '../config/load';
import { Environment } from '../config/schema';
import { ArgoCdChart } from '../delivery/argocd-chart';
import { LuneoAutoscaling } from '../environment-chart';
import { checkEnvironmentSet } from '../config/environment-set';
import { checkOutput } from './checks';
import { renderEnvironmentSummary, SUMMARY_FILE } from './environment-summary';
import { RenderedFile, renderArgoCd, renderEnvironment } from './render';

export interface Synthesis {
  readonly files: RenderedFile[];
  readonly warnings: Finding[];
}

export interface SynthesisOptions {
  /** Best-practice warnings fail the synth (CI runs this way). */
  readonly strict?: boolean;
}

/**
 * config/*.yaml -> validated environments -> constructs -> checked files. Loads every environment
 * before failing, so one run reports the problems of all files.
 */
export function synthesizeConfigDir(configDir: string, options: SynthesisOptions = {}): Synthesis {
  const envs: Environment[] = [];
  const sources = new Map<string, Locator>();
  const scan = scanConfigDir(configDir);
  const findings: Finding[] = [...scan.findings];
  const usedLayers = new Set<string>();
  for (const file of scan.files) {
    try {
      const loaded = loadEnvironmentFile(file);
      envs.push(loaded.env);
      sources.set(loaded.env.environment, loaded.locate);
      findings.push(...loaded.warnings);
      loaded.layers.forEach((l) => usedLayers.add(l));
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      findings.push(...e.findings);
    }
  }
  if (scan.findings.length === 0 && envs.length === scan.files.length) findings.push(...unusedLayerFindings(scan.layers ?? [], usedLayers));
  const graded = distinct(options.strict ? findings.map((f) => ({ ...f, severity: 'error' as const })) : findings);
  if (graded.some((f) => f.severity === 'error')) throw new ConfigError(graded);
  return { files: synthesizeEnvironments(envs, sources), warnings: distinct(findings) };
}

/**
 * Pure: builds one chart per environment, runs construct validation and the output checks.
 * `sources` locates config paths per environment (from the loader); without it, output findings
 * name the dist file and the emitted field.
 */
export function synthesizeEnvironments(envs: readonly Environment[], sources: ReadonlyMap<string, Locator> = new Map()): RenderedFile[] {
  const across = checkEnvironmentSet(envs).map(({ environment, finding }) => {
    const locate = sources.get(environment);
    return locate ? locateFinding(finding, locate) : { ...finding, location: { file: `(environment ${environment})` } };
  });
  if (across.length > 0) throw new ConfigError(across);
  const app = new App({ outdir: 'unused' });
  const charts = envs.map((env) => new LuneoAutoscaling(app, env.environment, { env }));
  constructProblems(app);
  const environmentFiles = charts.flatMap(renderEnvironment);
  // The Applications, in a chart of their own (dist/argocd/), see each environment's rendered objects.
  // Its id is no DNS label, so no environment can take it.
  const delivery = envs.some((e) => e.argocd)
    ? new ArgoCdChart(app, 'Argo CD', {
      environments: charts.map((c) => ({
        env: c.env,
        manifests: environmentFiles.filter((f) => f.environment === c.env.environment && f.kind === 'manifest').map((f) => f.object as any),
      })),
    })
    : undefined;
  if (delivery) constructProblems(delivery);
  const summary = renderEnvironmentSummary(envs, (environment, configPath) => {
    // Only a value a file states exactly is its own, not a default under a written mapping.
    const locate = sources.get(environment);
    if (locate?.writtenIn) {
      const file = locate.writtenIn(configPath);
      return file === undefined ? undefined : { file };
    }
    return locate?.file !== undefined ? { file: locate.file } : locate?.(configPath);
  });
  const files = [
    ...environmentFiles, ...(delivery ? renderArgoCd(delivery) : []),
    { path: SUMMARY_FILE, content: summary, environment: '', kind: 'report' as const, object: summary },
  ];
  // Output findings caused by a config value are reported at that value (see lib/provenance.ts).
  const output = checkOutput(files, 'dist', (environment, configPath) => sources.get(environment)?.(configPath));
  if (output.length > 0) throw new ConfigError(output);
  return files;
}

/** Runs construct validation under `scope`; throws ConfigError with every problem. */
function constructProblems(scope: Construct): void {
  const problems = scope.node.findAll().flatMap((c) => c.node.validate().map((message): Finding => ({
    rule: 'construct/validation', message, ...parseFormattedFinding(message), severity: 'error', path: [], location: { file: c.node.path },
  })));
  if (problems.length > 0) throw new ConfigError(problems);
}

/**
 * Each finding once: a problem in a shared base is found in every environment that extends it, at
 * the same file, line, field and rule; it is reported once, naming every environment it was found in
 * (the loader's "in environment <name> (<file>): " prefix, see locateFinding). Environments with the
 * same message share it; when each environment has its own message there (it names the
 * environment's namespace, say), the one finding gives each environment's message after its name.
 * Several findings of one environment at one place (one per workload, say) stay separate.
 */
function distinct(findings: readonly Finding[]): Finding[] {
  interface Entry { finding: Finding; message: string; environments: string[]; hints: string[] }
  const byMessage = new Map<string, Entry>();
  for (const f of findings) {
    const m = /^in environment (\S+ \([^)]*\)): ([\s\S]*)$/.exec(f.message);
    const message = m ? m[2] : f.message;
    const key = JSON.stringify([f.location, f.rule, f.path, message, f.severity]);
    const entry: Entry = byMessage.get(key) ?? { finding: f, message, environments: [], hints: [] };
    byMessage.set(key, entry);
    if (m && !entry.environments.includes(m[1])) entry.environments.push(m[1]);
    if (f.hint !== undefined && !entry.hints.includes(f.hint)) entry.hints.push(f.hint);
  }
  // Entries at one place whose environments do not overlap are one finding told per environment.
  const byPlace = new Map<string, Entry[][]>();
  for (const e of byMessage.values()) {
    const f = e.finding;
    const place = JSON.stringify([f.location, f.rule, f.path, f.severity, e.environments.length === 0 ? f.message : '']);
    const groups = byPlace.get(place) ?? [];
    byPlace.set(place, groups);
    const disjoint = groups.find((g) => g.every((x) => x.environments.length > 0 && x.environments.every((n) => !e.environments.includes(n))));
    if (e.environments.length > 0 && disjoint) disjoint.push(e);
    else groups.push([e]);
  }
  const named = (envs: readonly string[]) => `in environment${envs.length > 1 ? 's' : ''} ${envs.join(' and ')}`;
  return [...byPlace.values()].flat().map((group) => {
    const [first] = group;
    if (first.environments.length === 0) return first.finding;
    const hints = [...new Set(group.flatMap((e) => e.hints))];
    return {
      ...first.finding,
      message: group.map((e) => `${named(e.environments)}: ${e.message}`).join('; '),
      ...(hints.length > 0 ? { hint: hints.join('; ') } : {}),
    };
  });
}
