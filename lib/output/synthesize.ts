import { App } from 'cdk8s';
import { ConfigError, Finding } from '../config/findings';
import { loadEnvironmentFile, locateFinding, Locator, scanConfigDir } from '../config/load';
import { Environment } from '../config/schema';
import { ArgoCdChart } from '../delivery/argocd-chart';
import { LuneoAutoscaling } from '../environment-chart';
import { checkEnvironmentSet } from '../config/environment-set';
import { checkOutput } from './checks';
import { renderEnvironmentSummary, SUMMARY_FILE } from './environment-summary';
import { RenderedFile, renderArgoCd, renderEnvironment } from './render';
import { Construct } from 'constructs';

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
  for (const file of scan.files) {
    try {
      const loaded = loadEnvironmentFile(file);
      envs.push(loaded.env);
      sources.set(loaded.env.environment, loaded.locate);
      findings.push(...loaded.warnings);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      findings.push(...e.findings);
    }
  }
  const graded = options.strict ? findings.map((f) => ({ ...f, severity: 'error' as const })) : findings;
  if (graded.some((f) => f.severity === 'error')) throw new ConfigError(graded);
  return { files: synthesizeEnvironments(envs, sources), warnings: findings };
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
  const problems = (root: Construct) => root.node.findAll().flatMap((c) => c.node.validate().map((message): Finding => ({
    severity: 'error', path: [], rule: 'construct/validation', message, location: { file: c.node.path },
  })));
  // The environments are checked before the Argo CD chart reads their manifests, so a failed
  // construct validation is a finding, not an exception out of toJson().
  const invalid = charts.flatMap(problems);
  if (invalid.length > 0) throw new ConfigError(invalid);
  // Its own chart (dist/argocd/): an id no environment can take, since environment names are DNS labels.
  const delivery = envs.some((e) => e.argocd)
    ? new ArgoCdChart(app, 'Argo CD', { environments: charts.map((c) => ({ env: c.env, manifests: c.toJson() })) })
    : undefined;
  const undeliverable = delivery ? problems(delivery) : [];
  if (undeliverable.length > 0) throw new ConfigError(undeliverable);
  const summary = renderEnvironmentSummary(envs);
  const files = [
    ...charts.flatMap(renderEnvironment), ...(delivery ? renderArgoCd(delivery) : []),
    { path: SUMMARY_FILE, content: summary, environment: '', kind: 'report' as const, object: summary },
  ];
  // Output findings caused by a config value are reported at that value (see lib/provenance.ts).
  const output = checkOutput(files, 'dist', (environment, configPath) => sources.get(environment)?.(configPath));
  if (output.length > 0) throw new ConfigError(output);
  return files;
}
