/**
 * The scaling simulator's public API (see README, "Simulator"). Everything here is pure: no file
 * system, no clock, no global randomness; `lib/simulation/command.ts` is the only part that reads
 * and writes files.
 *
 * @example
 *   const model = modelFromEnvironment(env, 'backend');
 *   const trace = presetTrace('flash', { peak: model.peak, seed: 1 });
 *   const { timeline, summary, decisions } = simulate({ hpa, model, trace, seed: 1 });
 */
export { simulate, SimulationInputError, type SimulationInput, type SimulationResult, type Timeline, type TimelineStep } from './simulate';
export type { Summary } from './summary';
export type { Decision, LimitedBy, MetricColumn } from './explain';
export * from './model';
export { modelFromEnvironment } from './from-environment';
export { presetTrace, presetName, PRESETS, PRESET_DESCRIPTIONS, traceSampler, type PresetName, type PresetOptions, type Trace } from './trace';
export { parseTraceFile, parseTraceFiles, type TraceFileOptions, type TraceFileResult } from './trace-files';
export { simulationFiles, summaryText, timelineCsv, type SimulationFile } from './outputs';
export { renderChart, downsample } from './chart';
