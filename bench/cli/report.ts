// npm run report -- FILE.json [--baseline BASE.json]: draws index.html and summary.md again next to FILE,
// from the results alone, without measuring anything.
import { dirname, join } from 'node:path';
import { userPath } from '../plan/resolve.ts';
import { compareResults } from '../results/compare.ts';
import { readResults, writeFileAtomic } from '../results/results-file.ts';
import { renderHtml } from '../views/output.ts';
import { summaryMarkdown } from '../views/summary-md.ts';

const USAGE = 'usage: npm run report -- FILE.json [--baseline BASE.json]';

function fail(message: string): never {
  process.stderr.write(`report: ${message}\n`);
  process.exit(2);
}

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const files: string[] = [];
  let baselinePath: string | null = null;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--baseline') {
      baselinePath = argv[++i] ?? fail('--baseline needs a file');
    } else if (arg.startsWith('-')) {
      fail(`unknown flag "${arg}"; ${USAGE}`);
    } else {
      files.push(arg);
    }
  }
  if (files.length !== 1) fail(`expected one results file, got ${files.length}; ${USAGE}`);
  const file = userPath(files[0]!);
  const results = readResults(file);
  if ('error' in results) fail(results.error);
  let baseline: Exclude<ReturnType<typeof readResults>, { error: string }> | undefined;
  if (baselinePath !== null) {
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
