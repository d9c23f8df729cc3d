import { renderChart } from './chart';
import { count } from '../config/counts';
import { SimulationResult } from './simulate';
import { Summary } from './summary';

/** A file of a simulation's output directory. */
export interface SimulationFile {
  readonly path: string;
  readonly content: string;
}

/** The files `npm run simulate` writes (README, "Simulator"), as text. Pure and deterministic. */
export function simulationFiles(result: SimulationResult, title: string): SimulationFile[] {
  return [
    { path: 'timeline.csv', content: timelineCsv(result) },
    { path: 'timeline.json', content: `${JSON.stringify(result.timeline)}\n` },
    { path: 'summary.json', content: `${JSON.stringify(result.summary, null, 2)}\n` },
    { path: 'decisions.json', content: `${JSON.stringify(result.decisions, null, 2)}\n` },
    { path: 'chart.svg', content: `${renderChart(result.timeline, title)}\n` },
  ];
}

const csvName = (s: string) => s.replace(/[^A-Za-z0-9]+/g, '_').replace(/^_|_$/g, '');
const cell = (v: number | null) => (v === null ? '' : String(v));

export function timelineCsv(result: SimulationResult): string {
  const { timeline } = result;
  const metricHeads = timeline.metrics.flatMap((m) => [`${csvName(m.label)}${m.unit === '%' ? '_percent' : ''}`, `${csvName(m.label)}_target`]);
  const head = ['t_seconds', 'load', 'current_replicas', 'desired_replicas', 'pods', 'ready_pods', ...metricHeads, 'queue_depth', 'active_jobs', 'failed_requests'];
  const lines = [head.join(',')];
  for (const s of timeline.steps) {
    lines.push([
      s.t, s.load, s.currentReplicas, s.desiredReplicas, s.pods, s.readyPods,
      ...timeline.metrics.flatMap((m, i) => [cell(s.metrics[i]), m.target]),
      cell(s.queueDepth), cell(s.activeJobs), cell(s.droppedRequests),
    ].join(','));
  }
  return `${lines.join('\n')}\n`;
}

/** The few lines printed after a run. */
export function summaryText(s: Summary, hpaName: string): string {
  const lines = [
    `${hpaName} (${s.workload}), trace ${s.trace}, seed ${s.seed}: ${s.durationSeconds} s in ${s.stepSeconds} s steps`,
    `peak ${fmt(s.peakLoad)} ${s.loadUnit} at ${s.peakAt}${s.runShorterThanSustained
      ? ` (the ${s.durationSeconds} s run is shorter than the minute a load must hold to count as sustained: the figures are for the peak itself)`
      : s.sustainedPeakLoad < s.peakLoad ? ` (${fmt(s.sustainedPeakLoad)} held for a minute)` : ''}`
      + ` needs ${count(s.servingReplicas, 'replica', fmt)} to be served (${s.workload === 'worker' ? 'concurrency slots' : 'saturation rate'})${s.servingExceedsMax ? ', more than maxReplicas!' : ''};`
      + ` the HPA's metric targets ask for ${s.neededMoreThan !== undefined ? `more than ${count(s.neededMoreThan, 'replica', fmt)}` : s.neededReplicas === null ? 'no finite number of replicas' : fmt(s.neededReplicas)}${s.neededExceedsMax ? ' (more than maxReplicas)' : ''}`
      + (s.timeToNeededCapacitySeconds === null ? ', never reached' : s.timeToNeededCapacitySeconds > 0 ? `, reached ${s.timeToNeededCapacitySeconds} s after the load first needed them` : ''),
    s.shortOfCapacityFrom === null
      ? `capacity never fell short (${s.workload === 'worker' ? 'no job waited for a slot' : 'no request failed'})`
      : `capacity fell short from ${s.shortOfCapacityFrom} (${s.workload === 'worker' ? 'jobs waited for a slot' : 'requests failed'})`,
  ];
  if (s.backend) lines.push(`failed requests: ${fmt(s.backend.requestsOverSaturation)} of ${fmt(s.backend.requestsTotal)} (${s.backend.failedPercent} %), ${s.backend.secondsOverSaturation} s over saturation`);
  if (s.worker) lines.push(`peak backlog ${count(s.worker.peakBacklog, 'job', fmt)}${s.worker.peakBacklogAt ? ` at ${s.worker.peakBacklogAt}` : ''}; longest job wait ${s.worker.longestJobWaitSeconds} s; ${count(s.worker.jobsStarted, 'job', fmt)} started, ${s.worker.jobsRequeued} requeued`);
  lines.push(`replica-minutes ${s.replicaMinutes}; replicas ${s.minReplicasSeen}..${s.maxReplicasSeen}; ${count(s.scaleUps, 'scale-up')}, ${count(s.scaleDowns, 'scale-down')}, ${count(s.directionChanges, 'direction change')}; ${s.secondsAtMaxReplicas} s at maxReplicas`);
  // Upstream (pkg/controller/podautoscaler/horizontal.go): a target at 0 replicas is never scaled;
  // say so, or a run of 100 % failed requests reads like an HPA fault.
  if (s.maxReplicasSeen === 0) {
    lines.push('note: the target stayed at 0 replicas: the HPA controller does not scale a target at zero (condition ScalingActive False,'
      + ' reason ScalingDisabled: "scaling is disabled since the replica count of the target is zero"); start it with --initial-replicas 1 or more');
  }
  for (const note of s.traceNotes) lines.push(`trace: ${note}`);
  return `${lines.join('\n')}\n`;
}

// `+ 0` reads -0 as 0: a load or count is never printed "-0".
const fmt = (x: number) => (Number.isInteger(x) ? (x + 0).toLocaleString('en-US') : String(Math.round(x * 1000) / 1000 + 0));
