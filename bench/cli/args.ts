// One way to read a command line for every bench command: node:util's parseArgs (so `--flag value` and
// `--flag=value` both work everywhere), with its errors turned into one line that names the help.
import { type ParseArgsConfig, parseArgs } from 'node:util';
import type { FormatAndPath } from '../plan/options.ts';

type Options = NonNullable<ParseArgsConfig['options']>;

export interface ParsedArgs {
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: string[];
}

/** The flags and positionals, or a one-line error such as `unknown flag "--x"; see npm run bench -- --help`. */
export function readArgs(
  argv: readonly string[],
  options: Options,
  helpCommand: string,
  allowPositionals = false,
): ParsedArgs | { error: string } {
  // parseArgs takes "--repeats -1" for two flags; join a negative number to its flag so the value's own
  // check can say what is wrong with it.
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const next = argv[i + 1];
    const name = arg.startsWith('--') ? arg.slice(2) : null;
    if (name !== null && options[name]?.type === 'string' && next !== undefined && /^-\d/.test(next)) {
      args.push(`${arg}=${next}`);
      i++;
    } else {
      args.push(arg);
    }
  }
  try {
    const { values, positionals } = parseArgs({ args, options, allowPositionals, strict: true });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (e) {
    return { error: `${oneLine((e as Error).message)}; see ${helpCommand} -- --help` };
  }
}

/** parseArgs's messages run to two sentences with advice for scripts; keep the first, quoting the flag. */
function oneLine(message: string): string {
  const unknown = /^Unknown option '([^']+)'/.exec(message);
  if (unknown) return `unknown flag "${unknown[1]}"`;
  const missing = /^Option '([^']+?)(?: <value>)?' argument missing/.exec(message);
  if (missing) return `${missing[1]!.replace(/^-\w, /, '')} needs a value`;
  const noValue = /^Option '([^']+)' does not take an argument/.exec(message);
  if (noValue) return `${noValue[1]} takes no value`;
  const ambiguous = /^Option '([^']+)' argument is ambiguous/.exec(message);
  if (ambiguous) return `${ambiguous[1]} needs a value (write ${ambiguous[1]}=VALUE if it starts with -)`;
  const positional = /^Unexpected argument '([^']+)'/.exec(message);
  if (positional) return `unexpected argument "${positional[1]}"`;
  return message.split('\n')[0]!.replace(/\. To specify.*$/, '');
}

/** A whole number within [min, max], or a one-line error naming the flag. */
export function wholeNumber(
  flag: string,
  value: string | undefined,
  min: number,
  max: number,
): number | { error: string } {
  if (value === undefined) return { error: `${flag} needs a value` };
  if (!/^\d+$/.test(value)) return { error: `${flag} must be a whole number, got "${value}"` };
  const n = Number(value);
  if (n < min || n > max) return { error: `${flag} must be between ${min} and ${max}, got ${value}` };
  return n;
}

export function isError(value: unknown): value is { error: string } {
  return typeof value === 'object' && value !== null && 'error' in value;
}

/**
 * Takes every `FLAG FORMAT PATH` out of argv (a flag with two values, which parseArgs cannot read), in
 * order; the rest is left for readArgs. An error when a FLAG lacks its two values.
 */
export function takeFormatPairs(
  argv: readonly string[],
  flag: string,
): { pairs: FormatAndPath[]; rest: string[] } | { error: string } {
  const pairs: FormatAndPath[] = [];
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] !== flag) {
      rest.push(argv[i]!);
      continue;
    }
    const format = argv[i + 1];
    const path = argv[i + 2];
    if (format === undefined || path === undefined || format.startsWith('--') || path.startsWith('--')) {
      return { error: `${flag} needs a format and a file, like ${flag} bencher bencher.json` };
    }
    pairs.push({ format, path });
    i += 2;
  }
  return { pairs, rest };
}
