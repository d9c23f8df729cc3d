import * as path from 'path';
import { ConfigError, formatReport } from '../config/findings';
import { writeDist } from './dist-writer';
import { synthesizeConfigDir } from './synthesize';

export interface SynthCommandOptions {
  readonly configDir: string;
  readonly outDir: string;
  readonly strict: boolean;
}

export interface SynthCommandResult {
  readonly exitCode: 0 | 1;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * `npm run synth` as a function: exit 1 with every finding on errors (the output directory
 * untouched), exit 0 with warnings printed otherwise. main.ts only prints the result.
 */
export function runSynth(options: SynthCommandOptions): SynthCommandResult {
  try {
    const { files, warnings } = synthesizeConfigDir(options.configDir, { strict: options.strict });
    writeDist(options.outDir, files);
    const stderr = warnings.length > 0 ? `${formatReport(warnings)}\n` : '';
    return { exitCode: 0, stdout: `synthesized ${files.length} files into ${path.relative(process.cwd(), options.outDir) || options.outDir}\n`, stderr };
  } catch (e) {
    return { exitCode: 1, stdout: '', stderr: `${failureReport(e)}\nsynth failed; ${options.outDir} was left as it was\n` };
  }
}

/**
 * Bad input is a ConfigError and prints as findings; anything else is a bug in this tool, so its
 * stack trace is printed, labelled as such, for the bug report.
 */
export function failureReport(e: unknown): string {
  if (e instanceof ConfigError) return e.message;
  const stack = e instanceof Error ? (e.stack ?? `${e.name}: ${e.message}`) : String(e);
  return `internal error (a bug in luneo-autoscaling; please report it with this trace):\n${stack}`;
}
