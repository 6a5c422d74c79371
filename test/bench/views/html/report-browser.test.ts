// The report as a reader gets it: opened from file:// in Debian's chromium with the network blocked. Every
// chart must be drawn, with no console error, no page error and no request beyond the page itself.
// REPORT_SCREENSHOT=/tmp/report.png keeps a full-page screenshot for a human look.
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Measurement, Results } from '../../../../bench/model/schema.ts';
import { renderReport } from '../../../../bench/views/html/render.ts';
import { MATRIX_GROUPS } from '../../../../bench/views/matrix.ts';
import { CHROMIUM, CHROMIUM_ARGS } from '../../../../bench/views/png.ts';
import { REPO_ROOT } from '../../../../servers/launch.ts';
import { loadSample, renameTarget, SAMPLE_PATH } from './sample.ts';

// The project compiles without the DOM library (it is Node code); the few browser objects the functions
// run in the page touch are described here. Each such function reaches them through a cast of globalThis:
// it is serialised into the page, so it cannot call a helper defined out here.
interface PageCanvas {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  getContext(kind: '2d'): {
    getImageData(x: number, y: number, w: number, h: number): { readonly data: Uint8ClampedArray };
  } | null;
}
interface PageDocument {
  readonly documentElement: { readonly dataset: Record<string, string | undefined> };
  querySelectorAll(selector: 'canvas'): Iterable<PageCanvas>;
}

interface MatrixDataset {
  readonly label: string;
  readonly data: number[];
  readonly hatched: boolean[];
  readonly valueLabels: string[];
  readonly notes: string[];
  readonly referenceLines?: Array<{ label: string }>;
}

interface ChartJson {
  readonly id: string;
  readonly data: { readonly labels: string[]; readonly datasets: MatrixDataset[] };
}

/** The chart specs the page embeds (its JSON data block), as the client script reads them. */
const readSpecs = (): string =>
  (
    globalThis as unknown as { document: { getElementById(id: string): { textContent: string } } }
  ).document.getElementById('report-data').textContent;

function specsOf(text: string): ChartJson[] {
  return (JSON.parse(text) as { charts: ChartJson[] }).charts;
}

let dir: string;
let browser: Browser;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'report-browser-'));
  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: CHROMIUM_ARGS,
  });
});

afterAll(async () => {
  await browser?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

interface Opened {
  readonly page: Page;
  readonly problems: string[];
  readonly requests: string[];
}

/** Writes the page, opens it from file:// with every other request aborted and recorded. */
async function open(html: string, name: string, width = 1400): Promise<Opened> {
  const file = join(dir, name);
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  const problems: string[] = [];
  const requests: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('dialog', (d) => {
    problems.push(`dialog: ${d.message()}`);
    void d.dismiss();
  });
  page.on('request', (r) => {
    if (r.url() !== url) requests.push(r.url());
  });
  await page.route('**/*', (route) =>
    route.request().url().startsWith('file:') ? route.continue() : route.abort('blockedbyclient'),
  );
  await page.goto(url, { waitUntil: 'load' });
  try {
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { document: PageDocument }).document.documentElement.dataset.chartsDrawn !==
        undefined,
      null,
      {
        timeout: 10_000,
      },
    );
  } catch (e) {
    // The client script stopped before the end: what the page said is the useful part.
    throw new Error(`charts never finished drawing: ${problems.join('; ') || String(e)}`);
  }
  return { page, problems, requests };
}

/** Per canvas: its size and how many of its pixels are not transparent, read back from the 2D context. */
async function paint(
  page: Page,
): Promise<Array<{ id: string; width: number; height: number; inked: number }>> {
  return page.evaluate(() =>
    [...(globalThis as unknown as { document: PageDocument }).document.querySelectorAll('canvas')].map(
      (canvas) => {
        const ctx = canvas.getContext('2d');
        const { width, height } = canvas;
        let inked = 0;
        if (ctx && width > 0 && height > 0) {
          const pixels = ctx.getImageData(0, 0, width, height).data;
          for (let i = 3; i < pixels.length; i += 4) if (pixels[i] !== 0) inked++;
        }
        return { id: canvas.id, width, height, inked: inked / Math.max(1, width * height) };
      },
    ),
  );
}

function expectAllDrawn(canvases: Awaited<ReturnType<typeof paint>>): void {
  for (const c of canvases) {
    expect(c.width, c.id).toBeGreaterThan(100);
    expect(c.height, c.id).toBeGreaterThan(50);
    // The sample's charts ink 10–30 % of their pixels; a canvas chart.js never drew inks none.
    expect(c.inked, `${c.id} looks blank`).toBeGreaterThan(0.03);
  }
}

describe('the HTML report in chromium', () => {
  const sample = loadSample();

  it('draws every chart from file:// with no error and no network request', async () => {
    const { page, problems, requests } = await open(renderReport(sample), 'index.html');
    const canvases = await paint(page);
    const drawn = await page.evaluate(() =>
      Number(
        (globalThis as unknown as { document: PageDocument }).document.documentElement.dataset.chartsDrawn,
      ),
    );
    expect(canvases.length).toBeGreaterThanOrEqual(20);
    expect(drawn).toBe(canvases.length);
    for (const id of [
      'throughput-small',
      'latency-stalled-event-loop',
      'latency-stalled-worker-pool',
      'timeline-large',
      'sweep-p99',
      'server-rss',
      'time-wait',
      'micro',
      'efficiency-small',
      'latency-load-event-loop',
      'latency-load-worker-pool',
      'matrix-small',
      'matrix-close',
    ]) {
      expect(canvases.map((c) => c.id)).toContain(`chart-${id}`);
    }
    // The efficiency column in every scenario's table, with a figure for a client-bound run too.
    const smallTable = page.locator('#scenario-small table.figures').first();
    const head = await smallTable.locator('thead th').allTextContents();
    const column = head.indexOf('req per CPU-s');
    expect(column).toBeGreaterThan(0);
    const bunRow = smallTable.locator('tbody tr', { hasText: 'async@bun' });
    expect(await bunRow.locator('th, td').nth(column).textContent()).toMatch(/^\d+(\.\d+)?k$/);
    // Latency against load: the curve's points are the shares offered, a row per target measured there.
    const latencyHead = await page.locator('#latency table thead th').allTextContents();
    expect(latencyHead).toEqual(['target', '25 %', '50 %', '75 %', '90 %']);
    const latencyTargets = new Set(
      sample.measurements.filter((r) => r.scenario === 'latency').map((r) => r.target),
    );
    expect(await page.locator('#latency table tbody tr').count()).toBe(latencyTargets.size);
    // Not ranked as a scenario of its own: its runs are points of a curve.
    expect(await page.locator('#scenario-latency').count()).toBe(0);

    // The timeline from the engine's 100 ms counts, as a rate: ten points a second of each repetition.
    const timeline = specsOf(await page.evaluate(readSpecs)).find((c) => c.id === 'chart-timeline-small')!;
    expect(timeline.data.labels.slice(0, 2)).toEqual(['repetition 1 · 0.1 s', 'repetition 1 · 0.2 s']);
    expect(timeline.data.labels).toHaveLength(3 * 50 + 2);

    // Latency as small multiples: a panel per model with its own targets, and the references in each.
    const panels = specsOf(await page.evaluate(readSpecs)).filter((c) =>
      c.id.startsWith('chart-latency-small-'),
    );
    expect(panels.map((c) => c.id)).toEqual([
      'chart-latency-small-sequential',
      'chart-latency-small-event-loop',
      'chart-latency-small-worker-pool',
      'chart-latency-small-runtime-server',
    ]);
    const eventLoopPanel = panels[1]!.data.datasets.map((d) => d.label.replace(/ \(client-bound\)$/, ''));
    expect(eventLoopPanel).toEqual(['async@node', 'async@bun', 'nginx']);

    // At the top: at most five findings, then the model × runtime matrix of small.
    expect(await page.locator('#glance ul.findings li').count()).toBeLessThanOrEqual(5);
    expect(await page.locator('#glance canvas#chart-matrix-small').count()).toBe(1);
    const specs = specsOf(await page.evaluate(readSpecs));
    const matrix = specs.find((c) => c.id === 'chart-matrix-small')!;
    expect(matrix.data.labels).toHaveLength(MATRIX_GROUPS.length);
    expect(matrix.data.datasets.map((d) => d.label)).toEqual(['node', 'bun', 'deno']);
    // One bar per model and runtime measured in small, and only those.
    const smallRuns = sample.measurements.filter(
      (r) => r.scenario === 'small' && !r.flags.includes('reference'),
    );
    const measuredCells = new Set(
      smallRuns
        .filter(
          (r) =>
            !r.flags.some((f) => ['start-failed', 'preflight-failed', 'died', 'wrong-answers'].includes(f)),
        )
        .map((r) => `${sample.implementations.find((i) => i.id === r.impl)?.group} ${r.runtime}`),
    );
    const bars = matrix.data.datasets.flatMap((d) => d.data.filter((v) => v > 0));
    expect(bars).toHaveLength(measuredCells.size);
    // A lower bound is striped; a cell with no result says so instead of a bar.
    const bun = matrix.data.datasets[1]!;
    const eventLoop = matrix.data.labels.indexOf('event loop');
    expect(bun.hatched[eventLoop]).toBe(true);
    expect(bun.valueLabels[eventLoop]).toMatch(/^async@bun ≥ .* client-bound$/);
    const deno = matrix.data.datasets[2]!;
    expect(deno.data[eventLoop]).toBe(0);
    expect(deno.valueLabels[eventLoop]).toBe('deno: not measured');
    expect(deno.notes[eventLoop]).toContain('start-failed');
    // Its numbers beside it, a row per model and a column per runtime.
    expect(await page.locator('#glance table.matrix tbody tr').count()).toBe(MATRIX_GROUPS.length);
    expect(await page.locator('#glance table.matrix thead th').allTextContents()).toEqual([
      'model',
      'node',
      'bun',
      'deno',
    ]);
    // nginx as a reference line.
    expect(matrix.data.datasets[0]!.referenceLines!.map((l) => l.label)).toEqual([
      expect.stringMatching(/^nginx /),
    ]);
    expectAllDrawn(canvases);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    // The tables carry the numbers without JavaScript: the ranking has a row per target.
    const rows = await page.locator('table.ranking tbody tr').count();
    expect(rows).toBe(new Set(sample.measurements.map((r) => r.target)).size);
    const screenshot = process.env['REPORT_SCREENSHOT'];
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    await page.close();
  });

  it('reads at 800 px without the page scrolling sideways: wide tables scroll in their own box', async () => {
    const scrollWidth = (page: Page) =>
      page.evaluate(
        () =>
          (globalThis as unknown as { document: { documentElement: { scrollWidth: number } } }).document
            .documentElement.scrollWidth,
      );
    const { page, problems } = await open(renderReport(sample), 'narrow.html', 800);
    expect(await scrollWidth(page)).toBeLessThanOrEqual(800);
    // A window made narrower after the charts were drawn: they follow once chart.js sees the resize.
    const wide = await open(renderReport(sample), 'resized.html', 1400);
    await wide.page.setViewportSize({ width: 800, height: 900 });
    await wide.page.waitForTimeout(500);
    expect(await scrollWidth(wide.page)).toBeLessThanOrEqual(800);
    expect([...problems, ...wide.problems]).toEqual([]);
    // Printed: no navigation, and each scenario starts a page.
    await page.emulateMedia({ media: 'print' });
    const printed = await page.evaluate(() => {
      const g = globalThis as unknown as {
        document: { querySelector(s: string): unknown };
        getComputedStyle(e: unknown): { display: string; breakBefore: string };
      };
      return {
        nav: g.getComputedStyle(g.document.querySelector('nav.toc')).display,
        close: g.getComputedStyle(g.document.querySelector('#scenario-close')).breakBefore,
      };
    });
    expect(printed).toEqual({ nav: 'none', close: 'page' });
    await page.close();
    await wide.page.close();
  });

  it('draws every chart as a PNG beside the report, and summary.md shows the matrix and the latency curve', async () => {
    const out = join(dir, 'png-run');
    mkdirSync(out);
    copyFileSync(SAMPLE_PATH, join(out, 'results.json'));
    const cli = spawnSync(
      process.execPath,
      ['--import', 'tsx', join(REPO_ROOT, 'bench', 'cli', 'report.ts'), join(out, 'results.json'), '--png'],
      { cwd: REPO_ROOT, encoding: 'utf8' },
    );
    expect(cli.status, cli.stderr).toBe(0);
    const pngs = readdirSync(join(out, 'charts')).sort();
    const { page } = await open(readFileSync(join(out, 'index.html'), 'utf8'), 'png-run.html');
    const canvases = await paint(page);
    await page.close();
    expect(pngs).toEqual(canvases.map((c) => `${c.id}.png`).sort());
    for (const c of canvases) {
      // The size is the canvas's (PNG's IHDR: width and height at bytes 16 and 20).
      const png = readFileSync(join(out, 'charts', `${c.id}.png`));
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      expect([png.readUInt32BE(16), png.readUInt32BE(20)], c.id).toEqual([c.width, c.height]);
    }
    // Not blank: the matrix as an image has as much drawn on it as on the page.
    const viewer = await browser.newPage();
    await viewer.goto(pathToFileURL(join(out, 'charts', 'chart-matrix-small.png')).href);
    const inked = await viewer.evaluate(() => {
      const doc = (
        globalThis as unknown as {
          document: {
            querySelector(s: 'img'): { naturalWidth: number; naturalHeight: number };
            createElement(t: 'canvas'): {
              width: number;
              height: number;
              getContext(k: '2d'): {
                drawImage(i: unknown, x: number, y: number): void;
                getImageData(x: number, y: number, w: number, h: number): { data: Uint8ClampedArray };
              };
            };
          };
        }
      ).document;
      const img = doc.querySelector('img');
      const canvas = doc.createElement('canvas');
      canvas.width = img.naturalWidth;
      canvas.height = img.naturalHeight;
      const ctx = canvas.getContext('2d');
      ctx.drawImage(img, 0, 0);
      const px = ctx.getImageData(0, 0, canvas.width, canvas.height).data;
      let notWhite = 0;
      for (let i = 0; i < px.length; i += 4)
        if (px[i]! < 240 || px[i + 1]! < 240 || px[i + 2]! < 240) notWhite++;
      return notWhite / (canvas.width * canvas.height);
    });
    await viewer.close();
    expect(inked).toBeGreaterThan(0.03);
    const summary = readFileSync(join(out, 'summary.md'), 'utf8');
    expect(summary).toContain('![Which model, which runtime: small](charts/chart-matrix-small.png)');
    expect(summary).toContain(
      '![Latency against offered load: p99, event loop](charts/chart-latency-load-event-loop.png)',
    );
  });

  it('renders a run where almost everything failed, without an empty chart or an error', async () => {
    const sparse: Results = {
      ...sample,
      complete: false,
      micro: undefined,
      measurements: sample.measurements.filter(
        (r) => r.target === 'async@deno' || (r.target === 'sequential@node' && r.scenario === 'small'),
      ),
    };
    const { page, problems, requests } = await open(renderReport(sparse), 'sparse.html');
    const canvases = await paint(page);
    expect(canvases.map((c) => c.id).sort()).toEqual(
      [
        'chart-latency-small-sequential',
        'chart-efficiency-small',
        'chart-matrix-small',
        'chart-server-cpu',
        'chart-server-rss',
        'chart-client-cpu',
        'chart-throughput-small',
        'chart-timeline-small',
      ].sort(),
    );
    expectAllDrawn(canvases);
    expect(await page.locator('#incomplete').count()).toBe(1);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });

  it('keeps a hostile target name as text and draws the baseline comparison', async () => {
    const hostileName = '<img src=x onerror=alert(1)>@node';
    const current = renameTarget(sample, 'async@node', hostileName);
    const baseline: Results = {
      ...current,
      runId: 'baseline-run',
      measurements: current.measurements.map(
        (r): Measurement => ({
          ...r,
          requestsPerSec: { ...r.requestsPerSec, median: r.requestsPerSec.median * 1.15 },
        }),
      ),
    };
    const { page, problems, requests } = await open(renderReport(current, baseline), 'hostile.html');
    expect(await page.locator('main img, aside img, header img').count()).toBe(0);
    expect(await page.locator('table.ranking').textContent()).toContain(hostileName);
    const canvases = await paint(page);
    expect(canvases.map((c) => c.id)).toContain('chart-baseline-change');
    expectAllDrawn(canvases);
    expect(problems).toEqual([]);
    expect(requests).toEqual([]);
    await page.close();
  });
});
