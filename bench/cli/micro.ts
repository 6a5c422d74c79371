// npm run bench:micro [-- --out results.json] [--json]: tinybench over the core's hot functions, as
// operations per second with their margin of error. --out merges them into an existing results.json
// (under "micro") and draws its report again, so they appear beside the load figures.
import { dirname, join } from 'node:path';
import { runMicro } from '../micro/run.ts';
import { userPath } from '../plan/resolve.ts';
import { readResults, resultsJson, writeFileAtomic } from '../results/results-file.ts';
import { formatCount } from '../views/format.ts';
import { renderHtml } from '../views/output.ts';
import { summaryMarkdown } from '../views/summary-md.ts';
import { MICRO_HELP } from './help.ts';
import { parseMicroArgs } from './micro-args.ts';

async function main(): Promise<void> {
  const args = parseMicroArgs(process.argv.slice(2));
  if ('error' in args) {
    process.stderr.write(`bench:micro: ${args.error}\n`);
    process.exit(2);
  }
  if (args.help) {
    process.stdout.write(MICRO_HELP);
    return;
  }
  const out = args.out === null ? null : userPath(args.out);
  const existing = out === null ? null : readResults(out);
  if (existing && 'error' in existing) {
    process.stderr.write(`bench:micro: --out ${existing.error}\n`);
    process.exit(2);
  }
  const micro = await runMicro(args.timeMs);
  const width = Math.max(...micro.map((m) => m.name.length));
  for (const m of micro) {
    process.stderr.write(
      `${m.name.padEnd(width)}  ${formatCount(m.opsPerSec).padStart(12)} ops/s  ±${m.rme.toFixed(2)} %  (${m.samples} samples)\n`,
    );
  }
  if (args.json) process.stdout.write(`${JSON.stringify(micro, null, 2)}\n`);
  if (out !== null && existing && !('error' in existing)) {
    const merged = { ...existing, micro };
    writeFileAtomic(out, resultsJson(merged));
    const dir = dirname(out);
    writeFileAtomic(join(dir, 'summary.md'), summaryMarkdown(merged));
    const { html } = await renderHtml(merged);
    writeFileAtomic(join(dir, 'index.html'), html);
    process.stderr.write(`merged into ${out}\n`);
  }
}

await main();
