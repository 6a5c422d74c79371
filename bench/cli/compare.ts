// npm run compare -- BASE.json NEW.json [--threshold 5] [--gate LINE]… [--gates FILE]…: Markdown on
// stdout; exit 1 when a statistically significant regression exceeds the threshold (for CI), 2 on a bad
// command line or an unreadable file. With gates, the gates decide instead: 3 when one fails (its lines on
// stderr), the absolute ones read from NEW, the change gates against BASE.
import { userPath } from '../plan/resolve.ts';
import {
  agreement,
  compareResults,
  DEFAULT_THRESHOLD,
  hasSignificantRegression,
} from '../results/compare.ts';
import type { Gate } from '../results/gates.ts';
import { readResults } from '../results/results-file.ts';
import { agreementMarkdown, comparisonMarkdown } from '../views/compare-md.ts';
import { isError, readArgs } from './args.ts';
import { GATE_FLAGS, readGates } from './gate-args.ts';
import { COMPARE_HELP } from './help.ts';
import { applyGates } from './interop.ts';

interface CompareArgs {
  readonly base: string;
  readonly next: string;
  readonly threshold: number;
  /** With gates, they decide the exit status; without, a significant regression beyond the threshold does. */
  readonly gates: readonly Gate[];
  readonly help: boolean;
}

export function parseCompareArgs(argv: readonly string[]): CompareArgs | { error: string } {
  const parsed = readArgs(
    argv,
    { threshold: { type: 'string' }, ...GATE_FLAGS, help: { type: 'boolean', short: 'h' } },
    'npm run compare',
    true,
  );
  if (isError(parsed)) return parsed;
  const help = parsed.values['help'] === true;
  const value = parsed.values['threshold'] as string | undefined;
  let threshold = DEFAULT_THRESHOLD;
  if (value !== undefined) {
    const n = Number(value);
    if (value === '' || !Number.isFinite(n) || n < 0) {
      return { error: `--threshold must be a percentage (0 or more), got "${value}"` };
    }
    threshold = n / 100;
  }
  const files = parsed.positionals;
  if (!help && files.length !== 2) {
    return { error: `expected two results files, got ${files.length}; see npm run compare -- --help` };
  }
  const gates = readGates(
    parsed.values['gate'] as string[] | undefined,
    parsed.values['gates'] as string[] | undefined,
  );
  if (isError(gates)) return gates;
  return { base: files[0] ?? '', next: files[1] ?? '', threshold, gates, help };
}

function fail(message: string): never {
  process.stderr.write(`compare: ${message}\n`);
  process.exit(2);
}

function main(): void {
  const args = parseCompareArgs(process.argv.slice(2));
  if (isError(args)) fail(args.error);
  if (args.help) {
    process.stdout.write(COMPARE_HELP);
    return;
  }
  const base = readResults(userPath(args.base));
  if ('error' in base) fail(base.error);
  const next = readResults(userPath(args.next));
  if ('error' in next) fail(next.error);
  const report = compareResults(base, next, args.threshold);
  process.stdout.write(`${comparisonMarkdown(report)}\n\n${agreementMarkdown(agreement(base, next))}\n`);
  if (args.gates.length > 0) process.exitCode = applyGates(args.gates, next, base);
  else process.exitCode = hasSignificantRegression(report) ? 1 : 0;
}

main();
