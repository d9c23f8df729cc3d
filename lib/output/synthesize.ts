import { App } from 'cdk8s';
import { ConfigError, Finding } from '../config/findings';
import { environmentFiles, loadEnvironmentFile } from '../config/load';
import { Environment } from '../config/schema';
import { EnvironmentChart } from '../environment-chart';
import { RenderedFile, renderEnvironment } from './render';

export interface Synthesis {
  readonly files: RenderedFile[];
  readonly warnings: Finding[];
}

/**
 * config/*.yaml -> validated environments -> constructs -> files. Loads every environment before
 * failing, so one run reports the problems of all files.
 */
export function synthesizeConfigDir(configDir: string): Synthesis {
  const envs: Environment[] = [];
  const errors: Finding[] = [];
  const warnings: Finding[] = [];
  for (const file of environmentFiles(configDir)) {
    try {
      const loaded = loadEnvironmentFile(file);
      envs.push(loaded.env);
      warnings.push(...loaded.warnings);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      errors.push(...e.findings);
    }
  }
  if (errors.length > 0) throw new ConfigError([...errors, ...warnings]);
  if (envs.length === 0) throw new Error(`no environment files (<name>.yaml) in ${configDir}`);
  return { files: synthesizeEnvironments(envs), warnings };
}

/** Pure: builds one chart per environment, runs construct validation, renders the files. */
export function synthesizeEnvironments(envs: readonly Environment[]): RenderedFile[] {
  const app = new App({ outdir: 'unused' });
  const charts = envs.map((env) => new EnvironmentChart(app, env.environment, { env }));
  const problems = app.node.findAll().flatMap((c) => c.node.validate().map((msg) => `[${c.node.path}] ${msg}`));
  if (problems.length > 0) throw new Error(`construct validation failed:\n  ${problems.join('\n  ')}`);
  return charts.flatMap(renderEnvironment);
}
