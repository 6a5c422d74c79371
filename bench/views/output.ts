// Writes a run's three files (results.json, summary.md, index.html), each atomically, and points
// reports/latest at the newest run.
import { cpSync, lstatSync, mkdirSync, renameSync, rmSync, symlinkSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Measurement, Results } from '../model/schema.ts';
import { compareResults } from '../results/compare.ts';
import { histogramLog } from '../results/histograms.ts';
import { resultsJson, writeFileAtomic } from '../results/results-file.ts';
import { summaryMarkdown } from './summary-md.ts';

export interface WrittenReport {
  readonly dir: string;
  readonly html: string;
  /** Set when the HTML renderer failed; the page written says so. */
  readonly renderError?: string;
}

function fallbackPage(results: Results, error: string): string {
  const escapeHtml = (s: string) =>
    s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c]!);
  return `<!doctype html><meta charset="utf-8"><title>Benchmark ${escapeHtml(results.runId)}</title>
<p>The report could not be drawn: ${escapeHtml(error)}. The figures are in results.json and summary.md next to this
file; <code>npm run report -- results.json</code> draws it again.</p>\n`;
}

/** The HTML page, from the report renderer; loaded lazily so a broken renderer never loses the results. */
export async function renderHtml(
  results: Results,
  baseline?: Results,
): Promise<{ html: string; error?: string }> {
  try {
    const { renderReport } = await import('./html/render.ts');
    return { html: renderReport(results, baseline) };
  } catch (e) {
    const error = (e as Error).message;
    return { html: fallbackPage(results, error), error };
  }
}

/** results.json first (the record), then the two views of it. */
export async function writeReport(dir: string, results: Results, baseline?: Results): Promise<WrittenReport> {
  mkdirSync(dir, { recursive: true });
  writeFileAtomic(join(dir, 'results.json'), resultsJson(results));
  const comparison = baseline ? compareResults(baseline, results) : undefined;
  writeFileAtomic(join(dir, 'summary.md'), summaryMarkdown(results, comparison));
  const { html, error } = await renderHtml(results, baseline);
  const htmlPath = join(dir, 'index.html');
  writeFileAtomic(htmlPath, html);
  return { dir, html: htmlPath, ...(error ? { renderError: error } : {}) };
}

/** The file of a measurement's merged histogram: histograms/<target>-<scenario>-c<connections>[-<share>][-<n>cpu].hlog. */
export function histogramLogName(m: Measurement): string {
  const share =
    m.offeredShare === null
      ? m.offeredRate === null
        ? ''
        : `-${m.offeredRate}rps`
      : `-${Math.round(m.offeredShare * 100)}pct`;
  const cpus = m.serverCpus == null ? '' : `-${m.serverCpus}cpu`;
  return `${m.target}-${m.scenario}-c${m.connections}${share}${cpus}.hlog`.replace(/[^\w.@-]+/g, '_');
}

/**
 * Each measurement's latencies, every request of every repetition, as an HdrHistogram log beside
 * results.json (histograms/), for HdrHistogram's own tools and plotters. Only where the engine sent them.
 */
export function writeHistogramLogs(
  dir: string,
  results: Results,
  histograms: readonly (readonly string[])[],
): void {
  results.measurements.forEach((m, i) => {
    const list = histograms[i] ?? [];
    if (list.length === 0 || list.length !== m.repetitions.length) return;
    const seconds = m.repetitions.reduce((total, r) => total + r.elapsedSec, 0);
    const log = histogramLog(
      list,
      `${m.target} ${m.scenario}`,
      `${m.target} in ${m.scenario} at ${m.connections} connections, ${list.length} repetitions merged; values in µs (run ${results.runId})`,
      seconds,
    );
    if (log === null) return;
    mkdirSync(join(dir, 'histograms'), { recursive: true });
    writeFileAtomic(join(dir, 'histograms', histogramLogName(m)), log);
  });
}

/** reports/latest: a relative symlink to the run's folder, swapped in by rename; a copy where links fail. */
export function pointLatest(runDir: string): void {
  const latest = join(dirname(runDir), 'latest');
  const temporary = `${latest}.${process.pid}.tmp`;
  try {
    symlinkSync(basename(runDir), temporary);
    try {
      // A copied folder from an earlier fallback cannot be replaced by rename: remove it first.
      if (lstatSync(latest).isDirectory()) rmSync(latest, { recursive: true, force: true });
    } catch {
      // No previous latest.
    }
    renameSync(temporary, latest);
  } catch {
    rmSync(temporary, { recursive: true, force: true });
    rmSync(latest, { recursive: true, force: true });
    cpSync(runDir, latest, { recursive: true });
  }
}
