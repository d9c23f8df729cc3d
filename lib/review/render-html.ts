import { formatDuration } from '../report/durations';
import { comparisonSeries } from './comparison-chart';
import { EnvironmentDiff, renameTitle } from './semantic-diff';
import { failure, HpaComparison, ran, TraceComparison, VersionRun } from './simulation-comparison';

/**
 * The review as one self-contained HTML page: the semantic diff, and per changed HPA and trace an
 * interactive chart of both versions' replicas (zoom with the wheel or the slider; hovering shows
 * the decision behind each step) with the decision log as a table. ECharts is inlined, so the page
 * needs no network. Pure: the ECharts bundle comes in as text.
 */

export interface HtmlReviewInput {
  readonly title: string;
  readonly diff: readonly EnvironmentDiff[];
  readonly comparisons: readonly HpaComparison[];
  /** node_modules/echarts/dist/echarts.min.js */
  readonly echartsSource: string;
}

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

/** JSON inside <script>: `<` escaped so no `</script>` or `<!--` can end or confuse the element. */
const scriptJson = (x: unknown) => JSON.stringify(x).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

function decisionRows(version: string, v: VersionRun): string[] {
  if (!ran(v)) return [`<tr><td>${version}</td><td colspan="5">could not be simulated: ${escapeHtml(failure(v) ?? '')}</td></tr>`];
  return v.result.decisions.map((d) => `<tr class="${d.kind}"><td>${version}</td><td>${escapeHtml(d.at)}</td><td>${d.kind}</td><td>${d.from} &rarr; ${d.to}</td>`
    + `<td>${escapeHtml(d.limitedBy)}</td><td>${escapeHtml(d.text)}</td></tr>`);
}

function chartData(id: string, run: TraceComparison) {
  const s = comparisonSeries(run);
  const decisions = (v: VersionRun) => (ran(v) ? v.result.decisions.map((d) => [d.t / 60, d.text]) : []);
  return { id, title: run.trace, ...s, baseDecisions: decisions(run.base), headDecisions: decisions(run.head) };
}

export function renderReviewHtml(input: HtmlReviewInput): string {
  const body: string[] = [`<h1>${escapeHtml(input.title)}</h1>`];
  if (input.diff.length === 0) body.push('<p>No change in the synthesized output.</p>');
  for (const env of input.diff) {
    body.push(`<h2>${escapeHtml(env.environment)}${env.status === 'changed' ? '' : ` (${env.status})`}</h2>`, '<ul class="diff">');
    for (const o of env.objects) {
      const title = o.status === 'renamed' ? renameTitle(o, (text) => `<code>${escapeHtml(text)}</code>`)
        : `${o.kind} <code>${escapeHtml(o.name)}</code> ${o.status}`;
      body.push(`<li><strong>${title}</strong><ul>${o.changes.map((c) => `<li>${escapeHtml(c)}</li>`).join('')}</ul></li>`);
    }
    body.push('</ul>');
  }
  const charts: ReturnType<typeof chartData>[] = [];
  for (const c of input.comparisons) {
    body.push(`<h2>Simulated: ${escapeHtml(c.environment)} / ${escapeHtml(c.hpa)}</h2>`,
      '<p>Both versions run against the same traces with the same seed and the same workload model; only the HPA differs.</p>');
    for (const run of c.runs) {
      const id = `chart-${charts.length}`;
      charts.push(chartData(id, run));
      body.push(`<section class="run" data-trace="${escapeHtml(run.trace)}">`, `<h3>${escapeHtml(run.trace)}${run.recorded ? ' (recorded)' : ''}, seed ${run.seed}</h3>`);
      body.push(run.deltas.length ? `<ul class="deltas">${run.deltas.map((d) => `<li>${escapeHtml(d)}</li>`).join('')}</ul>` : '<p>Same behaviour in both versions.</p>');
      if (ran(run.head) && ran(run.base)) {
        const b = run.base.summary;
        const h = run.head.summary;
        body.push(`<p class="summary">time to peak capacity ${escapeHtml(b.timeToNeededCapacitySeconds === null ? 'never' : formatDuration(b.timeToNeededCapacitySeconds))} &rarr; ${escapeHtml(h.timeToNeededCapacitySeconds === null ? 'never' : formatDuration(h.timeToNeededCapacitySeconds))}; replica-minutes ${b.replicaMinutes} &rarr; ${h.replicaMinutes}</p>`);
      }
      body.push(`<div class="chart" id="${id}" role="img" aria-label="replicas of both versions against the ${escapeHtml(run.trace)} trace"></div>`);
      body.push('<details><summary>Decision log</summary><table class="decisions"><thead><tr><th>version</th><th>time</th><th>kind</th><th>replicas</th><th>limited by</th><th>why</th></tr></thead><tbody>',
        ...decisionRows('base', run.base), ...decisionRows('this change', run.head), '</tbody></table></details>', '</section>');
    }
  }
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(input.title)}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1100px; color: #1f2328; padding: 0 1em; }
code { background: #f6f8fa; padding: 0 .3em; border-radius: 4px; }
.chart { width: 100%; height: 380px; margin: 1em 0; }
table.decisions { border-collapse: collapse; width: 100%; font-size: 13px; }
table.decisions th, table.decisions td { border: 1px solid #d0d7de; padding: 3px 6px; text-align: left; vertical-align: top; }
tr.scale-up td:nth-child(3) { color: #1a7f37; } tr.scale-down td:nth-child(3) { color: #cf222e; }
</style>
<script>${input.echartsSource}</script>
</head>
<body>
${body.join('\n')}
<script type="application/json" id="review-data">${scriptJson(charts)}</script>
<script>
(function () {
  var charts = JSON.parse(document.getElementById('review-data').textContent);
  /** The decision behind the step at x: the last one at or before it. */
  function behind(list, x) {
    var found = null;
    for (var i = 0; i < list.length && list[i][0] <= x + 1e-9; i++) found = list[i][1];
    return found;
  }
  charts.forEach(function (c) {
    var el = document.getElementById(c.id);
    var chart = echarts.init(el, null, { renderer: 'canvas' });
    var pairs = function (ys) { return c.minutes.map(function (x, i) { return [x, ys[i]]; }); };
    var series = [{ type: 'line', name: 'load (' + c.loadUnit + ')', yAxisIndex: 1, data: pairs(c.load), showSymbol: false, lineStyle: { width: 1, color: '#bbbbbb' }, itemStyle: { color: '#bbbbbb' }, areaStyle: { color: '#eeeeee' } }];
    if (c.base) series.push({ type: 'line', name: 'base replicas', step: 'end', data: pairs(c.base), showSymbol: false, lineStyle: { type: 'dashed', color: '#888888' }, itemStyle: { color: '#888888' } });
    if (c.head) series.push({ type: 'line', name: 'this change: replicas', step: 'end', data: pairs(c.head), showSymbol: false, lineStyle: { width: 2, color: '#1f6feb' }, itemStyle: { color: '#1f6feb' } });
    chart.setOption({
      animation: false,
      legend: { top: 0 },
      grid: { left: 60, right: 70, top: 40, bottom: 80 },
      tooltip: {
        trigger: 'axis', confine: true, extraCssText: 'max-width: 520px; white-space: normal;',
        formatter: function (params) {
          var x = params[0].value[0];
          var lines = ['<b>minute ' + x.toFixed(2) + '</b>'];
          params.forEach(function (p) { lines.push(p.marker + p.seriesName + ': ' + p.value[1]); });
          var b = behind(c.baseDecisions, x), h = behind(c.headDecisions, x);
          if (b) lines.push('<i>base</i>: ' + b.replace(/</g, '&lt;'));
          if (h) lines.push('<i>this change</i>: ' + h.replace(/</g, '&lt;'));
          return lines.join('<br>');
        }
      },
      dataZoom: [{ type: 'inside', xAxisIndex: 0 }, { type: 'slider', xAxisIndex: 0, bottom: 10 }],
      xAxis: { type: 'value', name: 'minutes', nameLocation: 'middle', nameGap: 28, min: 0, max: c.minutes[c.minutes.length - 1] },
      yAxis: [{ type: 'value', name: 'replicas', minInterval: 1 }, { type: 'value', name: c.loadUnit, splitLine: { show: false } }],
      series: series
    });
    el.setAttribute('data-rendered', 'true');
    window.addEventListener('resize', function () { chart.resize(); });
  });
  document.body.setAttribute('data-charts', String(charts.length));
})();
</script>
</body>
</html>
`;
}
