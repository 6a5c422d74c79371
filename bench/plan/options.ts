// The bench command line: defaults as one plain object, and a parser that returns the options or a
// one-line error naming the problem (the CLI prints it and exits 2). Checks that need the machine
// (which targets exist, how many cores) happen in resolve.ts.

import type { ScenarioId } from '../results/schema.ts';
import { SCENARIO_ORDER } from './scenarios.ts';

export type EngineName = 'autocannon' | 'wrk';

export interface BenchOptions {
  /** Target specs as typed (impl, impl@runtime, nginx); null means every target available here. */
  readonly targets: readonly string[] | null;
  /** null means the defaults (every scenario; fewer with --quick). */
  readonly scenarios: readonly ScenarioId[] | null;
  /** null means: chosen by the planner to fit the time budget. */
  readonly durationSec: number | null;
  readonly repeats: number | null;
  readonly warmupSec: number | null;
  /** Replaces the connection count of every scenario except the sweep. */
  readonly connections: number | null;
  readonly quick: boolean;
  readonly engine: EngineName;
  readonly serverCpus: string;
  readonly clientCpus: string;
  readonly pin: boolean;
  readonly out: string | null;
  readonly baseline: string | null;
  readonly url: string | null;
  readonly name: string | null;
  readonly json: boolean;
  readonly help: boolean;
}

export const DEFAULT_BENCH_OPTIONS: BenchOptions = {
  targets: null,
  scenarios: null,
  durationSec: null,
  repeats: null,
  warmupSec: null,
  connections: null,
  quick: false,
  engine: 'autocannon',
  serverCpus: '0',
  clientCpus: '1',
  pin: true,
  out: null,
  baseline: null,
  url: null,
  name: null,
  json: false,
  help: false,
};

const ENGINES: readonly EngineName[] = ['autocannon', 'wrk'];

/** Accepted ranges of the numeric flags, inclusive. */
const NUMBER_RANGES = {
  '--duration': [1, 3600],
  '--repeats': [1, 100],
  '--warmup': [0, 600],
  '--connections': [1, 10_000],
} as const;

function wholeNumber(
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

function list(flag: string, value: string | undefined): string[] | { error: string } {
  if (value === undefined || value.trim() === '') return { error: `${flag} needs a comma-separated list` };
  return value
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

function scenarioList(value: string | undefined): ScenarioId[] | { error: string } {
  const names = list('--scenarios', value);
  if ('error' in names) return names;
  for (const name of names) {
    if (!SCENARIO_ORDER.includes(name as ScenarioId)) {
      return { error: `unknown scenario "${name}"; valid: ${SCENARIO_ORDER.join(', ')}` };
    }
  }
  // Measure in the canonical order whatever order they were typed in.
  return SCENARIO_ORDER.filter((id) => names.includes(id));
}

function httpUrl(value: string | undefined): string | { error: string } {
  if (value === undefined) return { error: '--url needs a value like http://HOST:PORT' };
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { error: `--url "${value}" is not a URL; expected http://HOST:PORT` };
  }
  if (url.protocol !== 'http:') return { error: `--url must be http:// (got ${url.protocol}//)` };
  if (url.pathname !== '/' || url.search !== '') {
    return { error: `--url must be an origin (http://HOST:PORT) without a path, got "${value}"` };
  }
  return url.origin;
}

function isError(value: unknown): value is { error: string } {
  return typeof value === 'object' && value !== null && 'error' in value;
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions | { error: string } {
  const o: { -readonly [K in keyof BenchOptions]: BenchOptions[K] } = { ...DEFAULT_BENCH_OPTIONS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    const hasInline = eq > 0 && arg.startsWith('--');
    const flag = hasInline ? arg.slice(0, eq) : arg;
    const inline = hasInline ? arg.slice(eq + 1) : undefined;
    const next = (): string | undefined => inline ?? argv[++i];
    switch (flag) {
      case '--targets': {
        const v = list(flag, next());
        if (isError(v)) return v;
        o.targets = v;
        break;
      }
      case '--scenarios': {
        const v = scenarioList(next());
        if (isError(v)) return v;
        o.scenarios = v;
        break;
      }
      case '--duration':
      case '--repeats':
      case '--warmup':
      case '--connections': {
        const [min, max] = NUMBER_RANGES[flag];
        const v = wholeNumber(flag, next(), min, max);
        if (isError(v)) return v;
        if (flag === '--duration') o.durationSec = v;
        else if (flag === '--repeats') o.repeats = v;
        else if (flag === '--warmup') o.warmupSec = v;
        else o.connections = v;
        break;
      }
      case '--engine': {
        const v = next();
        if (!ENGINES.includes(v as EngineName)) {
          return { error: `--engine must be one of ${ENGINES.join(', ')}, got "${v ?? ''}"` };
        }
        o.engine = v as EngineName;
        break;
      }
      case '--server-cpus':
      case '--client-cpus': {
        const v = next();
        if (v === undefined || v === '') return { error: `${flag} needs a CPU list like 0 or 0-3` };
        if (flag === '--server-cpus') o.serverCpus = v;
        else o.clientCpus = v;
        break;
      }
      case '--out':
      case '--baseline':
      case '--name': {
        const v = next();
        if (v === undefined || v === '') return { error: `${flag} needs a value` };
        if (flag === '--out') o.out = v;
        else if (flag === '--baseline') o.baseline = v;
        else o.name = v;
        break;
      }
      case '--url': {
        const v = httpUrl(next());
        if (isError(v)) return v;
        o.url = v;
        break;
      }
      case '--quick':
      case '--no-pin':
      case '--json':
      case '--help':
      case '-h':
        if (hasInline) return { error: `${flag} takes no value` };
        if (flag === '--quick') o.quick = true;
        else if (flag === '--no-pin') o.pin = false;
        else if (flag === '--json') o.json = true;
        else o.help = true;
        break;
      default:
        return { error: `unknown flag "${arg}"; run npm run bench -- --help for the list` };
    }
  }
  if (o.name !== null && o.url === null) return { error: '--name labels a --url target; give --url too' };
  return o;
}
