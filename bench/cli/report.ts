// npm run report -- FILE.json [--baseline BASE.json] [--png]: draws index.html and summary.md again next
// to FILE, from the results alone, without measuring anything; with --png every chart as an image too.
import { existsSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { RESULTS_FORMAT_NAMES } from '../interop/formats.ts';
import type { Results } from '../model/schema.ts';
import { userPath } from '../plan/resolve.ts';
import { compareResults } from '../results/compare.ts';
import { readResults, writeFileAtomic } from '../results/results-file.ts';
import { columnsOf } from '../views/columns.ts';
import { renderHtml } from '../views/output.ts';
import { writeChartPngs } from '../views/png.ts';
import { summaryMarkdown } from '../views/summary-md.ts';
import { isError, readArgs, takeFormatPairs } from './args.ts';
import { REPORT_HELP } from './help.ts';
import { writeExports } from './interop.ts';

function fail(message: string): never {
  process.stderr.write(`report: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const pairs = takeFormatPairs(process.argv.slice(2), '--export');
  if (isError(pairs)) fail(pairs.error);
  const unknown = pairs.pairs.find((p) => !RESULTS_FORMAT_NAMES.includes(p.format));
  if (unknown !== undefined) {
    fail(`--export format "${unknown.format}" is not one of ${RESULTS_FORMAT_NAMES.join(', ')}`);
  }
  const parsed = readArgs(
    pairs.rest,
    { baseline: { type: 'string' }, png: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
    'npm run report',
    true,
  );
  if (isError(parsed)) fail(parsed.error);
  if (parsed.values['help'] === true) {
    process.stdout.write(REPORT_HELP);
    return;
  }
  const files = parsed.positionals;
  if (files.length !== 1)
    fail(`expected one results file, got ${files.length}; see npm run report -- --help`);
  const file = userPath(files[0]!);
  const results = readResults(file);
  if ('error' in results) fail(results.error);
  let baseline: Results | undefined;
  const baselinePath = parsed.values['baseline'] as string | undefined;
  if (baselinePath !== undefined) {
    const read = readResults(userPath(baselinePath));
    if ('error' in read) fail(`--baseline: ${read.error}`);
    baseline = read;
  }
  const dir = dirname(file);
  const comparison = baseline ? compareResults(baseline, results) : undefined;
  writeFileAtomic(join(dir, 'summary.md'), summaryMarkdown(results, comparison));
  const { html, error } = await renderHtml(results, baseline);
  writeFileAtomic(join(dir, 'index.html'), html);
  if (error) fail(`the HTML report could not be drawn: ${error}`);
  const written = [join(dir, 'index.html'), join(dir, 'summary.md')];
  if (parsed.values['png'] === true) {
    const pngs = await writeChartPngs(join(dir, 'index.html'), join(dir, 'charts'));
    if ('error' in pngs) {
      process.stderr.write(`report: ${pngs.error}\n`);
      process.exit(1);
    }
    // summary.md again, now with the two pictures that answer its questions.
    const image = (id: string) => {
      const path = join(dir, 'charts', `chart-${id}.png`);
      return existsSync(path) ? relative(dir, path) : undefined;
    };
    const first = columnsOf(results).find((c) => c.sweepConnections === null);
    const images = {
      matrix: first ? image(`matrix-${first.key}`) : undefined,
      latency: image('latency-load-event-loop'),
    };
    writeFileAtomic(join(dir, 'summary.md'), summaryMarkdown(results, comparison, images));
    written.push(`${join(dir, 'charts')}/ (${pngs.length} PNG files)`);
  }
  process.stdout.write(`${written.join('\n')}\n`);
  // An export that could not be written fails the command: a CI step would otherwise upload nothing.
  if (!writeExports(results, dir, pairs.pairs, process.stdout)) process.exitCode = 1;
}

await main();
