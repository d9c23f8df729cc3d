import { downsample, echartsModule, stableIds } from '../simulation/chart';
import { SimulationResult } from '../simulation/simulate';
import { ran, TraceComparison } from './simulation-comparison';

/**
 * The two versions of an HPA on one chart: each version's replica count (the count the controller
 * set at each sync) and, on the right axis, the load both ran against. Rendered by Apache ECharts'
 * server-side SVG renderer for the Markdown report (the HTML page draws the same data
 * interactively). Pure: same runs, same bytes.
 */
export function comparisonSeries(run: TraceComparison): {
  minutes: number[]; load: number[]; loadUnit: string; base: number[] | null; head: number[] | null; maxReplicas: number[];
} {
  const any: SimulationResult | null = ran(run.head) ? run.head.result : ran(run.base) ? run.base.result : null;
  const steps = any?.timeline.steps ?? [];
  const replicas = (v: TraceComparison['base']) => (ran(v) ? v.result.timeline.steps.map((s) => s.desiredReplicas) : null);
  return {
    minutes: steps.map((s) => s.t / 60),
    load: steps.map((s) => s.load),
    loadUnit: any?.timeline.loadUnit ?? '',
    base: replicas(run.base),
    head: replicas(run.head),
    maxReplicas: [ran(run.base) ? run.base.result.timeline.maxReplicas : NaN, ran(run.head) ? run.head.result.timeline.maxReplicas : NaN],
  };
}

export function renderComparisonSvg(run: TraceComparison, title: string): string {
  const s = comparisonSeries(run);
  const chart = echartsModule().init(null, null, { renderer: 'svg', ssr: true, width: 900, height: 360 });
  const series: object[] = [
    { type: 'line', name: `load (${s.loadUnit})`, yAxisIndex: 1, data: downsample(s.minutes, s.load), showSymbol: false, lineStyle: { width: 1, color: '#bbbbbb' }, areaStyle: { color: '#eeeeee' }, itemStyle: { color: '#bbbbbb' } },
  ];
  if (s.base) series.push({ type: 'line', name: 'base replicas', step: 'end', data: downsample(s.minutes, s.base), showSymbol: false, lineStyle: { width: 1.5, type: 'dashed', color: '#888888' }, itemStyle: { color: '#888888' } });
  if (s.head) series.push({ type: 'line', name: 'this change: replicas', step: 'end', data: downsample(s.minutes, s.head), showSymbol: false, lineStyle: { width: 2, color: '#1f6feb' }, itemStyle: { color: '#1f6feb' } });
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    title: { text: title, left: 10, top: 8, textStyle: { fontSize: 14 } },
    legend: { top: 34, left: 60, textStyle: { fontSize: 11 } },
    grid: { left: 60, right: 70, top: 70, bottom: 45 },
    xAxis: { type: 'value', min: 0, max: s.minutes[s.minutes.length - 1] ?? 0, name: 'minutes', nameLocation: 'middle', nameGap: 26, splitLine: { show: false } },
    yAxis: [
      { type: 'value', name: 'replicas', nameLocation: 'middle', nameGap: 40, minInterval: 1 },
      { type: 'value', name: s.loadUnit, nameLocation: 'middle', nameGap: 50, splitLine: { show: false } },
    ],
    series,
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return stableIds(svg);
}
