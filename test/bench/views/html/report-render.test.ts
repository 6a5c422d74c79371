// The renderer without a browser: escaping, what counts as a result, percentages, computed findings.
import { describe, expect, it } from 'vitest';
import { compareResults } from '../../../../bench/results/compare.ts';
import type { Results, Run } from '../../../../bench/results/schema.ts';
import { throughputChart } from '../../../../bench/views/html/charts-scenario.ts';
import { renderReport } from '../../../../bench/views/html/render.ts';
import { columnsOf, rankColumn } from '../../../../bench/views/ranking.ts';
import { loadSample, renameTarget } from './sample.ts';

const sample = loadSample();
const HOSTILE = '<img src=x onerror=alert(1)>@node</script><!--';

function column(results: Results, key: string) {
  const found = columnsOf(results).find((c) => c.key === key);
  if (!found) throw new Error(`no column ${key}`);
  return found;
}

/** The JSON data block the client script reads, parsed back. */
function chartData(html: string): { charts: Array<{ id: string; data: { labels: string[] } }> } {
  const match = html.match(/<script type="application\/json" id="report-data">([^<]*)<\/script>/);
  if (!match?.[1]) throw new Error('no data block');
  return JSON.parse(match[1]);
}

describe('renderReport', () => {
  it('escapes target names, stderr and the command line', () => {
    const hostile: Results = {
      ...renameTarget(sample, 'async@node', HOSTILE),
      environment: { ...sample.environment, command: 'npm run bench -- --name "<b>x</b>" & echo' },
      runs: renameTarget(sample, 'async@node', HOSTILE).runs.map((r) =>
        r.target === 'async@deno' ? { ...r, stderr: '</pre><script>alert(2)</script>' } : r,
      ),
    };
    const html = renderReport(hostile);
    expect(html).not.toContain('<img src=x');
    expect(html).not.toContain('<script>alert(2)');
    expect(html).not.toContain('<b>x</b>');
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;@node&lt;/script&gt;&lt;!--');
    expect(html).toContain('&lt;/pre&gt;&lt;script&gt;alert(2)&lt;/script&gt;');
    expect(html).toContain('--name &quot;&lt;b&gt;x&lt;/b&gt;&quot; &amp; echo');
    // Three scripts (data, chart.js, client): nothing from the data closes one early.
    expect(html.match(/<\/script/gi)).toHaveLength(3);
    expect(html.match(/<!--/g)).toBeNull();
    // The name survives intact inside the data the charts draw.
    expect(chartData(html).charts.some((c) => c.data.labels.includes(HOSTILE))).toBe(true);
  });

  it('never draws or ranks a run with wrong answers as a result', () => {
    const large = rankColumn(sample, column(sample, 'large'));
    const workers = large.rows.find((r) => r.run.target === 'workers@node');
    expect(workers?.standing).toBe('not-a-result');
    expect(workers?.shareOfBest).toBeNull();
    expect(large.best?.run.target).not.toBe('workers@node');
    expect(throughputChart(large, new Map(), 3).data.labels).not.toContain('workers@node');

    const html = renderReport(sample);
    const bars = chartData(html).charts.find((c) => c.id === 'chart-throughput-large');
    expect(bars?.data.labels).not.toContain('workers@node');
    expect(html).toContain('Not drawn, not a result: workers@node (wrong-answers)');
  });

  it('gives every measured target its share of the best, client-bound runs as lower bounds', () => {
    const small = rankColumn(sample, column(sample, 'small'));
    const best = small.best!;
    expect(best.shareOfBest).toBe(1);
    for (const row of small.rows) {
      if (row.standing === 'not-a-result') continue;
      expect(row.shareOfBest).toBeCloseTo(row.run.requestsPerSec.median / best.run.requestsPerSec.median, 6);
    }
    expect(small.rows.find((r) => r.run.target === 'async@bun')?.standing).toBe('lower-bound');
    // Rows are fastest first, and a run that is not a result comes last.
    const values = small.rows.filter((r) => r.shareOfBest !== null).map((r) => r.figure.value);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(small.rows.at(-1)?.run.target).toBe('async@deno');
  });

  it('ranks the large file by bytes per second', () => {
    const large = rankColumn(sample, column(sample, 'large'));
    expect(large.best?.figure.unit).toBe('B/s');
    expect(large.best?.figure.value).toBe(large.best?.run.bytesPerSec);
  });

  it('derives the findings from the numbers', () => {
    expect(renderReport(sample)).toMatch(/Under <b>stalled<\/b> clients, <b>sequential@node<\/b>/);
    // Make the event-loop server the one that collapses under stalled clients: the finding follows.
    const swapped: Results = {
      ...sample,
      runs: sample.runs.map((r): Run => {
        if (r.scenario !== 'stalled') return r;
        if (r.target === 'async@node') return { ...r, requestsPerSec: { ...r.requestsPerSec, median: 12 } };
        if (r.target === 'sequential@node')
          return { ...r, requestsPerSec: { ...r.requestsPerSec, median: 9_000 } };
        return r;
      }),
    };
    expect(renderReport(swapped)).toMatch(/Under <b>stalled<\/b> clients, <b>async@node<\/b>/);
  });

  it('marks an incomplete run at the top and lists failed targets with their stderr', () => {
    const html = renderReport(sample);
    expect(html).not.toContain('Incomplete run');
    expect(html).toContain('&lt;exited with code 1 before printing the ready line&gt;');
    const partial = renderReport({ ...sample, complete: false });
    expect(partial.indexOf('Incomplete run')).toBeLessThan(partial.indexOf('id="findings"'));
  });

  it('renders sparse results: no micro, no sweep, no runs at all', () => {
    const noSweep = { ...sample, micro: undefined, runs: sample.runs.filter((r) => r.scenario !== 'sweep') };
    const html = renderReport(noSweep);
    expect(html).not.toContain('id="sweep"');
    expect(html).not.toContain('id="micro"');
    expect(() => renderReport({ ...sample, runs: [], micro: [] })).not.toThrow();
  });

  it('compares against a baseline with the same verdicts as npm run compare', () => {
    // async@node 20 % slower in every repetition; the others unchanged but for a little noise.
    const slower: Results = {
      ...sample,
      runId: 'slower',
      runs: sample.runs.map((r): Run => {
        const factor = (i: number) => (r.target === 'async@node' ? 0.8 : 1 + (i - 1) * 0.002);
        return {
          ...r,
          repetitions: r.repetitions.map((rep, i) => ({
            ...rep,
            requestsPerSec: rep.requestsPerSec * factor(i),
            bytesPerSec: rep.bytesPerSec * factor(i),
          })),
          requestsPerSec: { ...r.requestsPerSec, median: r.requestsPerSec.median * factor(1) },
          bytesPerSec: r.bytesPerSec * factor(1),
        };
      }),
    };
    const report = compareResults(sample, slower);
    const small = (target: string) => report.rows.find((c) => c.target === target && c.scenario === 'small');
    expect(small('async@node')?.verdict).toBe('regression');
    expect(small('async@node')?.change).toBeCloseTo(-0.2, 6);
    expect(small('sequential@node')?.verdict).toBe('no significant change');
    expect(small('async@deno')?.verdict).toBe('not comparable');
    const html = renderReport(slower, sample);
    expect(html).toContain('id="baseline"');
    expect(html).toContain('<span class="change-regression">regression</span>');
  });

  it('inlines everything: no external script, style, image or link', () => {
    const html = renderReport(sample);
    expect(html).not.toMatch(/<(script|img|link|iframe)[^>]+(src|href)=/i);
    expect(html).not.toMatch(/sourceMappingURL/);
  });
});

describe('implementations', () => {
  it('describes each implementation once, however often the results list it', () => {
    const doubled: Results = {
      ...sample,
      implementations: [...sample.implementations, ...sample.implementations],
    };
    const html = renderReport(doubled);
    for (const impl of sample.implementations) {
      expect(html.split(`<h3 id="impl-${impl.id}"`).length - 1).toBe(1);
    }
  });
});
