// npm run report -- FILE.json [--baseline BASE.json]: draws index.html and summary.md again next to FILE,
// from the results alone, without measuring anything.
import { dirname, join } from 'node:path';
import { userPath } from '../plan/resolve.ts';
import { compareResults } from '../results/compare.ts';
import { readResults, writeFileAtomic } from '../results/results-file.ts';
import type { Results } from '../results/schema.ts';
import { renderHtml } from '../views/output.ts';
import { summaryMarkdown } from '../views/summary-md.ts';
import { isError, readArgs } from './args.ts';
import { REPORT_HELP } from './help.ts';

function fail(message: string): never {
  process.stderr.write(`report: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const parsed = readArgs(
    process.argv.slice(2),
    { baseline: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
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
  process.stdout.write(`${join(dir, 'index.html')}\n${join(dir, 'summary.md')}\n`);
}

await main();
