/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';
import { BrowserContext, chromium, Page } from 'playwright-core';
import { loadEnvironmentFile } from '../../lib/config/load';
import { modelFromEnvironment } from '../../lib/simulation/from-environment';
import { presetTrace } from '../../lib/simulation/trace';
import { diffOutputs } from '../../lib/review/semantic-diff';
import { renderReviewHtml } from '../../lib/review/render-html';
import { compareHpa } from '../../lib/review/simulation-comparison';
import { synthesizeEnvironments } from '../../lib/output/synthesize';
import { tempDir } from '../temp-dirs';

// The review page in real headless Chromium (Debian's /usr/bin/chromium): it must load with every
// request but its own file blocked, log no console error, draw each chart and show the decisions.

const ROOT = path.join(__dirname, '..', '..');
jest.setTimeout(120_000);

let context: BrowserContext;
let dir: string;
let page: Page;
const consoleErrors: string[] = [];
const blocked: string[] = [];

beforeAll(async () => {
  dir = tempDir('review-page');
  const { env } = loadEnvironmentFile(path.join(ROOT, 'config', 'production.yaml'));
  const changed = JSON.parse(JSON.stringify(env));
  changed.workloads.backend.scaleDown.pods = 4;
  changed.workloads.backend.replicas.max = 60;
  const files = (e: any) => synthesizeEnvironments([e]).map((f) => ({ path: f.path, content: f.content }));
  const base = files(env);
  const head = files(changed);
  const spec = (fs_: typeof base) => require('yaml').parse(fs_.find((f) => f.path.endsWith('horizontalpodautoscaler-luneo-backend-hpa.k8s.yaml'))!.content).spec;
  const model = modelFromEnvironment(env, 'backend');
  const comparison = compareHpa({
    environment: 'production', hpa: 'luneo-backend-hpa', workload: 'backend', base: spec(base), head: spec(head), model,
    recorded: [{ ...presetTrace('flash', { peak: model.peak * 0.5, seed: 3 }), name: 'recorded-flash.csv' }],
  });
  const html = renderReviewHtml({
    title: 'Autoscaling review: test', diff: diffOutputs(base, head), comparisons: [comparison],
    echartsSource: fs.readFileSync(require.resolve('echarts/dist/echarts.min.js'), 'utf-8'),
  });
  fs.writeFileSync(path.join(dir, 'review.html'), html);

  // A fresh profile per run (playwright passes it as --user-data-dir).
  context = await chromium.launchPersistentContext(tempDir('chromium'), {
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync'],
    viewport: { width: 1200, height: 900 },
  });
  const url = pathToFileURL(path.join(dir, 'review.html')).href;
  await context.route('**/*', (route) => {
    if (route.request().url() === url) return route.continue();
    blocked.push(route.request().url());
    return route.abort();
  });
  page = await context.newPage();
  page.on('console', (m) => { if (m.type() === 'error') consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => consoleErrors.push(String(e)));
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('body[data-charts]');
});

afterAll(async () => {
  await context?.close();
});

test('loads with no network request and no console error', () => {
  expect(blocked).toEqual([]);
  expect(consoleErrors).toEqual([]);
});

test('draws one chart per trace, both versions on each', async () => {
  const charts = await page.$$eval('.chart', (els) => els.map((el) => ({ rendered: el.getAttribute('data-rendered'), canvas: !!el.querySelector('canvas') })));
  expect(charts.length).toBe(6); // 5 presets + the recorded trace
  for (const c of charts) expect(c).toEqual({ rendered: 'true', canvas: true });
  const names = await page.evaluate(() => (window as any).echarts.getInstanceByDom(document.getElementById('chart-0')).getOption().series.map((s: any) => s.name));
  expect(names).toEqual(['load (req/s)', 'base replicas', 'this change: replicas']);
  expect(await page.textContent('body')).toContain('recorded-flash.csv (recorded)');
});

test('zooms (dataZoom) and hovering shows the decision behind the step', async () => {
  const zoom = await page.evaluate(() => {
    const chart = (window as any).echarts.getInstanceByDom(document.getElementById('chart-0'));
    chart.dispatchAction({ type: 'dataZoom', start: 10, end: 40 });
    const dz = chart.getOption().dataZoom;
    return { count: dz.length, start: dz[0].start, end: dz[0].end };
  });
  expect(zoom).toEqual({ count: 2, start: 10, end: 40 });
  await page.evaluate(() => (window as any).echarts.getInstanceByDom(document.getElementById('chart-0')).dispatchAction({ type: 'dataZoom', start: 0, end: 100 }));

  // Hover the step preset (load jumps at minute 10) a few minutes after the jump.
  const box = (await page.$('#chart-0'))!;
  await box.scrollIntoViewIfNeeded();
  const b = (await box.boundingBox())!;
  const x = await page.evaluate(() => (window as any).echarts.getInstanceByDom(document.getElementById('chart-0')).convertToPixel({ xAxisIndex: 0 }, 15));
  await page.mouse.move(b.x + x, b.y + b.height / 2);
  await page.waitForFunction(() => [...document.querySelectorAll('div')].some((d) => /this change<\/i>: /.test(d.innerHTML) && d.offsetParent !== null));
  const tip = await page.evaluate(() => [...document.querySelectorAll('div')].filter((d) => /this change<\/i>: /.test(d.innerHTML) && d.children.length < 40).map((d) => d.textContent).pop());
  expect(tip).toMatch(/minute 1[45]\.\d\d/);
  expect(tip).toMatch(/base replicas: \d+/);
  expect(tip).toMatch(/this change: .*(scale|held|replicas)/);
});

test('shows the diff and the decision log', async () => {
  const body = await page.textContent('body');
  expect(body).toContain('maxReplicas 50 -> 60');
  expect(body).toContain('scaleDown policy Pods 2/300s -> 4/300s');
  const rows = await page.$$eval('section.run:first-of-type table.decisions tbody tr', (trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  expect(rows.length).toBeGreaterThan(4);
  expect(rows.some((r) => r[0] === 'base' && r[2] === 'scale-up')).toBe(true);
  expect(rows.some((r) => r[0] === 'this change' && r[2] === 'scale-down' && /→/.test(r[3]!))).toBe(true);
});
