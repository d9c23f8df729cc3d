import type * as Echarts from 'echarts';
import { Timeline } from './simulate';

/**
 * Apache ECharts, loaded on the first chart: a 4 MB module that a run printing only its summary
 * (or a command that fails on its input) never needs.
 */
export function echartsModule(): typeof Echarts {
  return (loaded ??= require('echarts') as typeof Echarts);
}
let loaded: typeof Echarts | undefined;

/** Points per series kept on the chart; longer series are bucketed keeping each bucket's min and max. */
export const CHART_POINTS = 1200;

/**
 * Min/max bucket downsampling: each bucket of consecutive points contributes its lowest and its
 * highest point, in time order, so spikes and dips survive (an average would flatten them).
 */
export function downsample(xs: readonly number[], ys: ReadonlyArray<number | null>, points = CHART_POINTS): Array<[number, number | null]> {
  const n = xs.length;
  if (n <= points) return xs.map((x, i) => [x, ys[i]]);
  const size = Math.ceil(n / Math.floor(points / 2));
  const out: Array<[number, number | null]> = [];
  for (let start = 0; start < n; start += size) {
    const end = Math.min(n, start + size);
    let lo = -1;
    let hi = -1;
    for (let i = start; i < end; i++) {
      const y = ys[i];
      if (y === null) continue;
      if (lo < 0 || y < ys[lo]!) lo = i;
      if (hi < 0 || y > ys[hi]!) hi = i;
    }
    if (lo < 0) out.push([xs[start], null]);
    else if (lo === hi) out.push([xs[lo], ys[lo]]);
    else for (const i of lo < hi ? [lo, hi] : [hi, lo]) out.push([xs[i], ys[i]]);
  }
  return out;
}

/**
 * chart.svg: replicas (current, desired, Ready, min, max), the load, and each HPA metric against
 * its target, one panel each over a shared time axis, rendered by Apache ECharts' server-side SVG
 * renderer. Pure: same timeline, same SVG.
 */
export function renderChart(timeline: Timeline, title: string): string {
  const steps = timeline.steps;
  const end = steps.length > 0 ? steps[steps.length - 1].t : 0;
  const [scale, axisName] = end <= 3 * 3600 ? [60, 'minutes'] : end <= 3 * 86400 ? [3600, 'hours'] : [86400, 'days'];
  const hours = steps.map((s) => s.t / scale);
  const panels: Array<{ name: string; unit: string; series: Array<{ name: string; data: Array<[number, number | null]>; dashed?: boolean; step?: boolean }> }> = [];
  const flat = (v: number) => hours.map(() => v);
  panels.push({
    name: 'replicas', unit: 'pods',
    series: [
      { name: 'desired', data: downsample(hours, steps.map((s) => s.desiredReplicas)), step: true },
      { name: 'current', data: downsample(hours, steps.map((s) => s.currentReplicas)), step: true },
      { name: 'ready', data: downsample(hours, steps.map((s) => s.readyPods)), step: true },
      { name: 'min', data: downsample(hours, flat(timeline.minReplicas)), dashed: true },
      { name: 'max', data: downsample(hours, flat(timeline.maxReplicas)), dashed: true },
    ],
  });
  panels.push({ name: 'load', unit: timeline.loadUnit, series: [{ name: `load (${timeline.loadUnit})`, data: downsample(hours, steps.map((s) => s.load)) }] });
  if (steps.some((s) => s.queueDepth !== null)) {
    panels.push({ name: 'queue', unit: 'jobs', series: [
      { name: 'queue depth (jobs waiting)', data: downsample(hours, steps.map((s) => s.queueDepth)) },
      { name: 'active jobs', data: downsample(hours, steps.map((s) => s.activeJobs)) },
    ] });
  }
  if (steps.some((s) => s.droppedRequests !== null)) {
    panels.push({ name: 'failed', unit: 'requests', series: [{ name: `failed requests per ${timeline.stepSeconds} s`, data: downsample(hours, steps.map((s) => s.droppedRequests)) }] });
  }
  timeline.metrics.forEach((m, i) => {
    panels.push({
      name: m.label, unit: m.unit,
      series: [
        { name: `${m.label}${m.unit ? ` (${m.unit})` : ''}`, data: downsample(hours, steps.map((s) => s.metrics[i])) },
        { name: `target ${m.target}`, data: downsample(hours, flat(m.target)), dashed: true },
      ],
    });
  });

  const panelHeight = 170;
  const gap = 60;
  const top = 70;
  const width = 1100;
  const height = top + panels.length * (panelHeight + gap) + 10;
  const last = hours[hours.length - 1] ?? 0;
  const chart = echartsModule().init(null, null, { renderer: 'svg', ssr: true, width, height });
  chart.setOption({
    animation: false,
    backgroundColor: '#ffffff',
    title: { text: title, left: 10, top: 8, textStyle: { fontSize: 15 } },
    legend: panels.map((p, i) => ({ top: top + i * (panelHeight + gap) - 28, left: 150, data: p.series.map((s) => s.name), textStyle: { fontSize: 11 }, itemHeight: 8 })),
    grid: panels.map((_, i) => ({ left: 70, right: 30, top: top + i * (panelHeight + gap), height: panelHeight })),
    xAxis: panels.map((_, i) => ({
      type: 'value', gridIndex: i, min: 0, max: last, name: i === panels.length - 1 ? axisName : '', nameLocation: 'middle', nameGap: 24,
      axisLabel: { fontSize: 10 }, splitLine: { show: false },
    })),
    yAxis: panels.map((p, i) => ({ type: 'value', gridIndex: i, name: p.unit, nameLocation: 'middle', nameGap: 48, nameTextStyle: { fontSize: 10 }, axisLabel: { fontSize: 10 } })),
    series: panels.flatMap((p, i) => p.series.map((s) => ({
      type: 'line', name: s.name, xAxisIndex: i, yAxisIndex: i, data: s.data, showSymbol: false, connectNulls: false,
      ...(s.step ? { step: 'end' } : {}),
      lineStyle: { width: s.dashed ? 1 : 1.5, ...(s.dashed ? { type: 'dashed' } : {}) },
    }))),
  });
  const svg = chart.renderToSVGString();
  chart.dispose();
  return stableIds(svg);
}

/**
 * zrender numbers each renderer instance (`zr0-`, `zr1-`...) and its CSS classes from process-wide
 * counters, so a second chart in the same process would differ in ids alone. Renumbering them in
 * order of appearance makes the same chart the same bytes.
 */
export function stableIds(svg: string): string {
  const classes = new Map<string, string>();
  return svg
    .replace(/zr\d+-cls-\d+/g, (c) => {
      if (!classes.has(c)) classes.set(c, `zr0-cls-${classes.size}`);
      return classes.get(c)!;
    })
    .replace(/\bzr\d+-/g, 'zr0-');
}
