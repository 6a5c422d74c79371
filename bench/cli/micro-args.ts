// The bench:micro command line read into its options, or a one-line error.
import { isError, readArgs, wholeNumber } from './args.ts';

export interface MicroArgs {
  readonly out: string | null;
  readonly json: boolean;
  readonly timeMs: number;
  readonly help: boolean;
}

export function parseMicroArgs(argv: readonly string[]): MicroArgs | { error: string } {
  const parsed = readArgs(
    argv,
    {
      out: { type: 'string' },
      json: { type: 'boolean' },
      time: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    'npm run bench:micro',
  );
  if (isError(parsed)) return parsed;
  const out = (parsed.values['out'] as string | undefined) ?? null;
  if (out === '') return { error: '--out needs a results.json file' };
  const time = parsed.values['time'] as string | undefined;
  const timeMs = time === undefined ? 500 : wholeNumber('--time', time, 10, 600_000);
  if (isError(timeMs)) return timeMs;
  return { out, json: parsed.values['json'] === true, timeMs, help: parsed.values['help'] === true };
}
