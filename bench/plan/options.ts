// The bench command line: defaults as one plain object, and a parser that returns the options or a
// one-line error naming the problem (the CLI prints it and exits 2). Checks that need the machine
// (which targets exist, how many cores) happen in resolve.ts.

import { isError, readArgs, wholeNumber } from '../cli/args.ts';
import type { EngineName } from '../engines/types.ts';
import type { ScenarioId } from '../results/schema.ts';
import { SCENARIO_ORDER } from './scenarios.ts';

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
  /** The latency scenario's open-loop rates, requests/s; null: shares of each target's small throughput. */
  readonly rates: readonly number[] | null;
  /** The idle scenario's idle connections, and the slowloris scenario's slow clients; null: the scenario's own. */
  readonly idleConnections: number | null;
  readonly slowClients: number | null;
  readonly quick: boolean;
  readonly engine: EngineName;
  /** The kernel's TCP congestion control for the run (then put back); null: leave the machine's. */
  readonly tcpCongestion: string | null;
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
  rates: null,
  idleConnections: null,
  slowClients: null,
  quick: false,
  engine: 'loadgen',
  tcpCongestion: null,
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

const ENGINES: readonly EngineName[] = ['loadgen', 'autocannon', 'wrk'];

/** Accepted ranges of the numeric flags, inclusive. */
const NUMBER_RANGES = {
  '--duration': [1, 3600],
  '--repeats': [1, 100],
  '--warmup': [0, 600],
  '--connections': [1, 10_000],
  '--idle-connections': [1, 100_000],
  '--slow-clients': [1, 10_000],
} as const;

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

function httpUrl(value: string): string | { error: string } {
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

const FLAGS = {
  targets: { type: 'string' },
  scenarios: { type: 'string' },
  duration: { type: 'string' },
  repeats: { type: 'string' },
  warmup: { type: 'string' },
  connections: { type: 'string' },
  rates: { type: 'string' },
  'idle-connections': { type: 'string' },
  'slow-clients': { type: 'string' },
  quick: { type: 'boolean' },
  engine: { type: 'string' },
  'tcp-congestion': { type: 'string' },
  'server-cpus': { type: 'string' },
  'client-cpus': { type: 'string' },
  'no-pin': { type: 'boolean' },
  out: { type: 'string' },
  baseline: { type: 'string' },
  url: { type: 'string' },
  name: { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

export function parseBenchArgs(argv: readonly string[]): BenchOptions | { error: string } {
  const parsed = readArgs(argv, FLAGS, 'npm run bench');
  if (isError(parsed)) return parsed;
  const v = parsed.values as {
    [K in keyof typeof FLAGS]?: (typeof FLAGS)[K]['type'] extends 'string' ? string : boolean;
  };
  const o: { -readonly [K in keyof BenchOptions]: BenchOptions[K] } = { ...DEFAULT_BENCH_OPTIONS };
  if (v.targets !== undefined) {
    const targets = list('--targets', v.targets);
    if (isError(targets)) return targets;
    o.targets = targets;
  }
  if (v.scenarios !== undefined) {
    const scenarios = scenarioList(v.scenarios);
    if (isError(scenarios)) return scenarios;
    o.scenarios = scenarios;
  }
  const numbers = [
    ['duration', 'durationSec'],
    ['repeats', 'repeats'],
    ['warmup', 'warmupSec'],
    ['connections', 'connections'],
    ['idle-connections', 'idleConnections'],
    ['slow-clients', 'slowClients'],
  ] as const;
  for (const [flag, field] of numbers) {
    const value = v[flag];
    if (value === undefined) continue;
    const [min, max] = NUMBER_RANGES[`--${flag}`];
    const n = wholeNumber(`--${flag}`, value, min, max);
    if (isError(n)) return n;
    o[field] = n;
  }
  if (v.rates !== undefined) {
    const items = list('--rates', v.rates);
    if (isError(items)) return items;
    const rates: number[] = [];
    for (const item of items) {
      const n = wholeNumber('--rates', item, 1, 10_000_000);
      if (isError(n)) return n;
      rates.push(n);
    }
    o.rates = rates;
  }
  if (v.engine !== undefined) {
    if (!ENGINES.includes(v.engine as EngineName)) {
      return { error: `--engine must be one of ${ENGINES.join(', ')}, got "${v.engine}"` };
    }
    o.engine = v.engine as EngineName;
  }
  if (v['tcp-congestion'] !== undefined) {
    const name = v['tcp-congestion'];
    if (!/^[a-z0-9_]+$/.test(name)) {
      return { error: `--tcp-congestion needs a congestion control's name, like cubic, got "${name}"` };
    }
    o.tcpCongestion = name;
  }
  for (const [flag, field] of [
    ['server-cpus', 'serverCpus'],
    ['client-cpus', 'clientCpus'],
  ] as const) {
    const value = v[flag];
    if (value === undefined) continue;
    if (value === '') return { error: `--${flag} needs a CPU list like 0 or 0-3` };
    o[field] = value;
  }
  for (const field of ['out', 'baseline', 'name'] as const) {
    const value = v[field];
    if (value === undefined) continue;
    if (value === '') return { error: `--${field} needs a value` };
    o[field] = value;
  }
  if (v.url !== undefined) {
    const url = httpUrl(v.url);
    if (isError(url)) return url;
    o.url = url;
  }
  o.quick = v.quick === true;
  o.pin = v['no-pin'] !== true;
  o.json = v.json === true;
  o.help = v.help === true;
  if (o.name !== null && o.url === null) return { error: '--name labels a --url target; give --url too' };
  return o;
}
