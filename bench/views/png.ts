// Every chart of a drawn report as a PNG beside it, for a pull request, a slide or a README: the page is
// opened in chromium (through playwright-core, the browser the tests use), and each canvas is read back
// as chart.js drew it, on a white ground so the image reads on a dark page too.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const CHROMIUM = '/usr/bin/chromium';
/** Headless on a machine with no network beyond loopback: nothing in the background that would call out. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** The width the page is drawn at: the report's own layout at a desktop size. */
const PAGE_WIDTH = 1400;

// The harness compiles without the DOM library; the little of it the page function touches.
interface PageCanvas {
  readonly id: string;
  readonly width: number;
  readonly height: number;
  toDataURL(type: string): string;
}
interface PageDocument {
  readonly documentElement: { readonly dataset: Record<string, string | undefined> };
  querySelectorAll(selector: 'canvas'): Iterable<PageCanvas>;
  createElement(tag: 'canvas'): PageCanvas & {
    width: number;
    height: number;
    getContext(kind: '2d'): {
      fillStyle: string;
      fillRect(x: number, y: number, w: number, h: number): void;
      drawImage(image: PageCanvas, x: number, y: number): void;
    } | null;
  };
}

/** Writes `<canvas id>.png` into `outDir` for every chart of the page; their paths, or why it could not. */
export async function writeChartPngs(
  htmlPath: string,
  outDir: string,
): Promise<string[] | { error: string }> {
  if (!existsSync(CHROMIUM)) {
    return { error: `drawing PNGs needs chromium at ${CHROMIUM}: apt-get install chromium` };
  }
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const page = await browser.newPage({
      viewport: { width: PAGE_WIDTH, height: 900 },
      deviceScaleFactor: 1,
    });
    const url = pathToFileURL(htmlPath).href;
    // The page is self-contained: anything else it asked for would be a fault, not a resource.
    await page.route('**/*', (route) =>
      route.request().url().startsWith('file:') ? route.continue() : route.abort('blockedbyclient'),
    );
    await page.goto(url, { waitUntil: 'load' });
    await page.waitForFunction(
      () =>
        (globalThis as unknown as { document: PageDocument }).document.documentElement.dataset.chartsDrawn !==
        undefined,
      null,
      { timeout: 20_000 },
    );
    const images = await page.evaluate(() => {
      const doc = (globalThis as unknown as { document: PageDocument }).document;
      return [...doc.querySelectorAll('canvas')].map((canvas) => {
        const flat = doc.createElement('canvas');
        flat.width = canvas.width;
        flat.height = canvas.height;
        const ctx = flat.getContext('2d');
        if (ctx) {
          ctx.fillStyle = '#ffffff';
          ctx.fillRect(0, 0, flat.width, flat.height);
          ctx.drawImage(canvas, 0, 0);
        }
        return { id: canvas.id, data: flat.toDataURL('image/png') };
      });
    });
    mkdirSync(outDir, { recursive: true });
    return images.map(({ id, data }) => {
      const path = join(outDir, `${id}.png`);
      writeFileSync(path, Buffer.from(data.slice(data.indexOf(',') + 1), 'base64'));
      return path;
    });
  } finally {
    await browser.close();
  }
}
