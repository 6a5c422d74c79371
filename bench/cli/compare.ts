// npm run compare -- BASE.json NEW.json [--threshold 5]: Markdown on stdout; exit 1 when a statistically
// significant regression exceeds the threshold (for CI), 2 on a bad command line or an unreadable file.

import { userPath } from '../plan/resolve.ts';
import {
  compareResults,
  comparisonMarkdown,
  DEFAULT_THRESHOLD_PCT,
  hasSignificantRegression,
} from '../results/compare.ts';
import { readResults } from '../results/results-file.ts';

const USAGE = 'usage: npm run compare -- BASE.json NEW.json [--threshold PERCENT]';

interface CompareArgs {
  readonly base: string;
  readonly next: string;
  readonly thresholdPct: number;
}

function parseCompareArgs(argv: readonly string[]): CompareArgs | { error: string } {
  const files: string[] = [];
  let thresholdPct = DEFAULT_THRESHOLD_PCT;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--threshold' || arg.startsWith('--threshold=')) {
      const value = arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : argv[++i];
      const n = Number(value);
      if (value === undefined || value === '' || !Number.isFinite(n) || n < 0) {
        return { error: `--threshold must be a percentage (0 or more), got "${value ?? ''}"` };
      }
      thresholdPct = n;
    } else if (arg === '--help' || arg === '-h') {
      return { error: USAGE };
    } else if (arg.startsWith('-')) {
      return { error: `unknown flag "${arg}"; ${USAGE}` };
    } else {
      files.push(arg);
    }
  }
  if (files.length !== 2) return { error: `expected two results files, got ${files.length}; ${USAGE}` };
  return { base: files[0]!, next: files[1]!, thresholdPct };
}

function main(): void {
  const args = parseCompareArgs(process.argv.slice(2));
  if ('error' in args) {
    const help = process.argv.includes('--help') || process.argv.includes('-h');
    (help ? process.stdout : process.stderr).write(`${help ? '' : 'compare: '}${args.error}\n`);
    process.exit(help ? 0 : 2);
  }
  const base = readResults(userPath(args.base));
  if ('error' in base) {
    process.stderr.write(`compare: ${base.error}\n`);
    process.exit(2);
  }
  const next = readResults(userPath(args.next));
  if ('error' in next) {
    process.stderr.write(`compare: ${next.error}\n`);
    process.exit(2);
  }
  const report = compareResults(base, next, args.thresholdPct);
  process.stdout.write(`${comparisonMarkdown(report)}\n`);
  process.exitCode = hasSignificantRegression(report) ? 1 : 0;
}

main();
