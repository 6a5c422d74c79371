// The bench command line read into BenchOptions, or a one-line error naming the problem (the CLI prints
// it and exits 2).
import { findEngine } from '../engines/registry.ts';
import { RESULTS_FORMAT_NAMES } from '../interop/formats.ts';
import { isScenarioId, SCENARIO_IDS, type ScenarioId } from '../model/scenarios.ts';
import { type BenchOptions, DEFAULT_BENCH_OPTIONS, type FormatAndPath } from '../plan/options.ts';
import { isError, readArgs, takeFormatPairs, wholeNumber } from './args.ts';
import { GATE_FLAGS, readGates } from './gate-args.ts';

/** What --export writes: the results formats, and artillery (the scenarios as Artillery scripts). */
export const EXPORT_FORMATS: readonly string[] = [...RESULTS_FORMAT_NAMES, 'artillery'];
export const IMPORT_FORMATS: readonly string[] = ['artillery'];

/** Accepted ranges of the numeric flags, inclusive. */
const NUMBER_RANGES = {
  '--repeats': [1, 100],
  '--warmup': [0, 600],
  '--connections': [1, 10_000],
  '--idle-connections': [1, 100_000],
  '--slow-clients': [1, 10_000],
  '--downloads': [1, 1000],
  '--download-mib': [1, 100_000],
  '--download-rate-mb': [0, 100_000],
  '--seed': [0, 2 ** 31 - 1],
  '--engine-processes': [1, 256],
  '--expect-status': [100, 599],
} as const;

/** A number of seconds with up to one decimal, within [min, max]: 1.5 is a window, 0.3 is not. */
function seconds(flag: string, value: string, min: number, max: number): number | { error: string } {
  if (!/^\d+(\.\d)?$/.test(value))
    return { error: `${flag} must be a number of seconds like 2 or 1.5, got "${value}"` };
  const n = Number(value);
  if (n < min || n > max) return { error: `${flag} must be between ${min} and ${max} s, got ${value}` };
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
    if (!isScenarioId(name)) {
      return { error: `unknown scenario "${name}"; valid: ${SCENARIO_IDS.join(', ')}` };
    }
  }
  // Measure in the canonical order whatever order they were typed in.
  return SCENARIO_IDS.filter((id) => names.includes(id));
}

/** A full http:// URL, path and query included: the request the --url target is measured on. */
function httpUrl(value: string): string | { error: string } {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return { error: `--url "${value}" is not a URL; expected http://HOST:PORT[/PATH]` };
  }
  if (url.protocol !== 'http:') return { error: `--url must be http:// (got ${url.protocol}//)` };
  if (url.hash !== '') return { error: `--url: a #fragment is never sent to the server, got "${value}"` };
  return url.href;
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
  downloads: { type: 'string' },
  'download-mib': { type: 'string' },
  'download-rate-mb': { type: 'string' },
  quick: { type: 'boolean' },
  full: { type: 'boolean' },
  seed: { type: 'string' },
  engine: { type: 'string' },
  'engine-processes': { type: 'string' },
  'tcp-congestion': { type: 'string' },
  'server-cpus': { type: 'string' },
  'client-cpus': { type: 'string' },
  'no-pin': { type: 'boolean' },
  'no-beside': { type: 'boolean' },
  out: { type: 'string' },
  baseline: { type: 'string' },
  url: { type: 'string' },
  'expect-status': { type: 'string' },
  name: { type: 'string' },
  json: { type: 'boolean' },
  ...GATE_FLAGS,
  help: { type: 'boolean', short: 'h' },
} as const;

/** The --export and --import pairs, each format checked against its list. */
function formatPairs(
  argv: readonly string[],
): { exports: FormatAndPath[]; imports: FormatAndPath[]; rest: string[] } | { error: string } {
  const exported = takeFormatPairs(argv, '--export');
  if (isError(exported)) return exported;
  const imported = takeFormatPairs(exported.rest, '--import');
  if (isError(imported)) return imported;
  for (const [flag, pairs, valid] of [
    ['--export', exported.pairs, EXPORT_FORMATS],
    ['--import', imported.pairs, IMPORT_FORMATS],
  ] as const) {
    const unknown = pairs.find((p) => !valid.includes(p.format));
    if (unknown !== undefined) {
      return { error: `${flag} format "${unknown.format}" is not one of ${valid.join(', ')}` };
    }
  }
  return { exports: exported.pairs, imports: imported.pairs, rest: imported.rest };
}

export function parseBenchArgs(argv: readonly string[]): BenchOptions | { error: string } {
  const pairs = formatPairs(argv);
  if (isError(pairs)) return pairs;
  const parsed = readArgs(pairs.rest, FLAGS, 'npm run bench');
  if (isError(parsed)) return parsed;
  const v = parsed.values as {
    [K in keyof typeof FLAGS]?: (typeof FLAGS)[K] extends { multiple: true }
      ? string[]
      : (typeof FLAGS)[K]['type'] extends 'string'
        ? string
        : boolean;
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
  if (v.duration !== undefined) {
    const d = seconds('--duration', v.duration, 0.5, 3600);
    if (isError(d)) return d;
    o.durationSec = d;
  }
  const numbers = [
    ['seed', 'seed'],
    ['engine-processes', 'engineProcesses'],
    ['repeats', 'repeats'],
    ['warmup', 'warmupSec'],
    ['connections', 'connections'],
    ['idle-connections', 'idleConnections'],
    ['slow-clients', 'slowClients'],
    ['downloads', 'downloads'],
    ['download-mib', 'downloadMib'],
    ['download-rate-mb', 'downloadRateMb'],
    ['expect-status', 'expectStatus'],
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
    const engine = findEngine(v.engine);
    if (isError(engine)) return engine;
    o.engine = engine.name as BenchOptions['engine'];
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
  o.full = v.full === true;
  if (o.full && o.quick) return { error: '--full and --quick ask for opposite plans; give one' };
  if (o.full && o.scenarios !== null)
    return { error: '--full measures every scenario; leave out --scenarios' };
  o.pin = v['no-pin'] !== true;
  o.beside = v['no-beside'] !== true;
  o.json = v.json === true;
  o.help = v.help === true;
  const gates = readGates(v.gate, v.gates);
  if (isError(gates)) return gates;
  o.gates = gates;
  o.exports = pairs.exports;
  o.imports = pairs.imports;
  if (o.name !== null && o.url === null && o.imports.length === 0)
    return { error: '--name labels a --url target; give --url too' };
  if (o.expectStatus !== null && o.url === null) {
    return { error: "--expect-status is the answer a --url target's request must get; give --url too" };
  }
  return checkCombinations(o);
}

/** Flags that make no sense together, named in one line. */
function checkCombinations(o: BenchOptions): BenchOptions | { error: string } {
  const artillery = o.exports.some((e) => e.format === 'artillery');
  if (artillery && o.exports.length > 1) {
    return {
      error:
        '--export artillery writes the scenarios without measuring; give the results formats in another run',
    };
  }
  if (o.imports.length > 0 && o.exports.some((e) => e.format === 'artillery')) {
    return {
      error: '--import and --export artillery are two steps: export the scripts, run them, then import',
    };
  }
  if (o.baseline === null && o.gates.some((g) => g.figure === 'change')) {
    return { error: 'a change gate compares with a baseline: give --baseline FILE' };
  }
  return o;
}
