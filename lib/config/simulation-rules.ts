import { error, Finding } from './findings';
import { Environment } from './schema';

/**
 * Rules of `workloads.<name>.simulation` that need the rest of the file: a signal must name a
 * catalogue metric that workload scales on (else it maps nothing, and a typo goes unnoticed).
 */
export function checkSimulation(env: Environment): Finding[] {
  const findings: Finding[] = [];
  for (const [key, w] of Object.entries(env.workloads)) {
    for (const metric of Object.keys(w.simulation?.signals ?? {})) {
      const m = env.metrics[metric];
      if (!m || m.workload !== key) {
        const own = Object.entries(env.metrics).filter(([, x]) => x.workload === key).map(([name]) => name);
        findings.push(error(['workloads', key, 'simulation', 'signals', metric], 'simulation/unknown-metric',
          m ? `"${metric}" is a metric of workload "${m.workload}", not of "${key}"` : `"${metric}" is not in the metric catalogue`,
          `map one of this workload's metrics: ${own.join(', ') || '(none)'}`));
      }
    }
  }
  return findings;
}
