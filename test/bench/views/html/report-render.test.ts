// The renderer without a browser: escaping, what counts as a result, percentages, computed findings.
import { describe, expect, it } from 'vitest';
import type { Measurement, Results } from '../../../../bench/model/schema.ts';
import { compareResults } from '../../../../bench/results/compare.ts';
import { summarize } from '../../../../bench/results/intervals.ts';
import { withReferenceRatios } from '../../../../bench/results/reference.ts';
import { columnsOf } from '../../../../bench/views/columns.ts';
import { throughputChart } from '../../../../bench/views/html/charts-scenario.ts';
import { renderReport } from '../../../../bench/views/html/render.ts';
import { placeText, rankColumn } from '../../../../bench/views/ranking.ts';
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
      measurements: renameTarget(sample, 'async@node', HOSTILE).measurements.map((r) =>
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
    const workers = large.rows.find((r) => r.measurement.target === 'workers@node');
    expect(workers?.standing).toBe('not-a-result');
    expect(workers?.shareOfBest).toBeNull();
    expect(large.best?.measurement.target).not.toBe('workers@node');
    expect(throughputChart(large, new Map()).data.labels).not.toContain('workers@node');

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
      expect(row.shareOfBest).toBeCloseTo(
        row.measurement.requestsPerSec.mean / best.measurement.requestsPerSec.mean,
        6,
      );
    }
    expect(small.rows.find((r) => r.measurement.target === 'async@bun')?.standing).toBe('lower-bound');
    // Rows are fastest first, and a run that is not a result comes last.
    const values = small.rows.filter((r) => r.shareOfBest !== null).map((r) => r.figure.value);
    expect(values).toEqual([...values].sort((a, b) => b - a));
    expect(small.rows.at(-1)?.measurement.target).toBe('async@deno');
  });

  it('ranks the large file by bytes per second', () => {
    const large = rankColumn(sample, column(sample, 'large'));
    expect(large.best?.figure.unit).toBe('B/s');
    expect(large.best?.figure.value).toBe(large.best?.measurement.bytesPerSec.mean);
  });

  it('shows a place for each figure, a range where the intervals overlap, and the interval on every bar', () => {
    const small = rankColumn(sample, column(sample, 'small'));
    // async@bun and nginx are both at the load generator's limit: neither is shown above the other.
    const place = (target: string) =>
      placeText(small.rows.find((r) => r.measurement.target === target)!.place);
    expect(place('async@bun')).toBe(place('nginx'));
    expect(place('async@bun')).toMatch(/^1–\d$/);
    expect(place('sequential@node')).toBe(
      String(small.rows.filter((r) => r.standing !== 'not-a-result').length),
    );
    const bars = throughputChart(small, new Map());
    const whiskers = bars.data.datasets[0]!.whiskers!;
    const means = bars.data.datasets[0]!.data as number[];
    whiskers.forEach((w, i) => {
      expect(w).not.toBeNull();
      expect(w![0]).toBeLessThanOrEqual(means[i]!);
    });
    const html = renderReport(sample);
    expect(html).toMatch(/<span class="tied">tied<\/span>/);
  });

  it('says which warm-ups never settled, and marks an open-loop point whose rate was not held', () => {
    const html = renderReport(sample);
    expect(html).toMatch(
      /Not settled when their warm-up ended \(after [\d.–]+ s, .*<b>node-http@node<\/b> in 3 of \d+ warm-ups/,
    );
    expect(html).toMatch(/<table class="warmups">/);
    expect(html).toMatch(/rate not held/);
  });

  it('derives the findings from the numbers', () => {
    expect(renderReport(sample)).toMatch(/<b>stalled<\/b> keeps .*? the least: <b>sequential@node<\/b>/);
    // Make the event-loop server the one that collapses under stalled clients: the finding follows.
    const at = (m: Measurement, level: number): Measurement => ({
      ...m,
      requestsPerSec: summarize(m.repetitions.map(() => level)),
    });
    const swapped: Results = {
      ...sample,
      measurements: sample.measurements.map((m): Measurement => {
        if (m.scenario !== 'stalled') return m;
        if (m.target === 'async@node') return at(m, 12);
        if (m.target === 'sequential@node') return at(m, 9_000);
        return m;
      }),
    };
    expect(renderReport(swapped)).toMatch(/<b>stalled<\/b> keeps .*? the least: <b>async@node<\/b>/);
  });

  it('marks an incomplete run at the top and lists failed targets with their stderr', () => {
    const html = renderReport(sample);
    expect(html).not.toContain('Incomplete run');
    expect(html).toContain('&lt;exited with code 1 before printing the ready line&gt;');
    const partial = renderReport({ ...sample, complete: false });
    expect(partial.indexOf('Incomplete run')).toBeLessThan(partial.indexOf('id="findings"'));
  });

  it('renders sparse results: no micro, no sweep, no runs at all', () => {
    const noSweep = {
      ...sample,
      micro: undefined,
      measurements: sample.measurements.filter((r) => r.scenario !== 'sweep'),
    };
    const html = renderReport(noSweep);
    expect(html).not.toContain('id="sweep"');
    expect(html).not.toContain('id="micro"');
    expect(() => renderReport({ ...sample, measurements: [], micro: [] })).not.toThrow();
  });

  it('compares against a baseline with the same verdicts as npm run compare', () => {
    // async@node 20 % slower in every repetition; the others unchanged but for a little noise.
    const slower: Results = {
      ...sample,
      runId: 'slower',
      measurements: withReferenceRatios(
        sample.measurements.map((m): Measurement => {
          const factor = (i: number) => (m.target === 'async@node' ? 0.8 : 1 + (i - 1) * 0.002);
          const repetitions = m.repetitions.map((rep, i) => ({
            ...rep,
            requestsPerSec: rep.requestsPerSec * factor(i),
            bytesPerSec: rep.bytesPerSec * factor(i),
          }));
          return {
            ...m,
            repetitions,
            requestsPerSec: summarize(repetitions.map((r) => r.requestsPerSec)),
            bytesPerSec: summarize(repetitions.map((r) => r.bytesPerSec)),
          };
        }),
      ),
    };
    const report = compareResults(sample, slower);
    const small = (target: string) => report.rows.find((c) => c.target === target && c.scenario === 'small');
    expect(small('async@node')?.verdict).toBe('regression');
    expect(small('async@node')?.change).toBeCloseTo(-0.2, 6);
    // nginx's small figure in the sample is client-bound: a ratio to it is a bound, so the figures decide.
    expect(small('async@node')?.by).toBe('figure');
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
