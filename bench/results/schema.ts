// results.json: the one object that measuring produces and reporting, comparing and summarising read.
// Bump RESULTS_VERSION on any incompatible change; validateResults() is the gate every reader goes through,
// and it still reads the versions before (their missing fields are optional here).
//
// Version 2: per-second counts are real counts inside the measurement window (version 1 estimated wrk's
// from bytes and scaled autocannon's last partial second); a right answer has the exact expected size;
// the engine's own CPU time, the harness's, open-loop rates and CPU efficiency are recorded.

export const RESULTS_VERSION = 2;
/** Versions this reader accepts. */
const READABLE_VERSIONS: readonly number[] = [1, 2];

export type ScenarioId =
  | 'small'
  | 'close'
  | 'large'
  | 'huge'
  | 'missing'
  | 'stalled'
  | 'slowloris'
  | 'idle'
  | 'latency'
  | 'sweep';

/** Why a figure must not be read as the server's throughput, or what else the reader must know. */
export type Flag =
  | 'client-bound' // the load generator's core was saturated: the figure is the client's limit
  | 'wrong-answers' // a response had the wrong status or length: the figure is not a result
  | 'errors' // connection errors or timeouts during the run
  | 'start-failed' // the target did not print its ready line
  | 'preflight-failed' // GET / was not the bundled index.html byte-exact, or a missing path was not 404
  | 'died' // the server exited during the run
  | 'unstable' // coefficient of variation of the figure (req/s; bytes/s in large and huge) over repetitions above 10 %
  | 'reference' // nginx: a reference, not one of the project's servers
  | 'remote' // --url target: resources not sampled
  | 'incomplete' // interrupted before all repetitions ran
  | 'unsupported'; // the engine cannot measure this server's answers (stderr says why): not a result

export interface Spread {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Coefficient of variation (stdev / mean) over the repetitions, as a fraction (0.03 = 3 %). */
  readonly cv: number;
}

export interface Latency {
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

export interface Repetition {
  readonly requestsPerSec: number;
  readonly bytesPerSec: number;
  /** Completed requests in each second of the repetition: the timeline, and the samples for compare. */
  readonly perSecond: readonly number[];
  readonly latencyMs: Latency;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  /** Responses whose status or size differed from what the scenario expects. */
  readonly wrongAnswers: number;
  readonly serverCpuPercent: number | null;
  readonly serverRssPeakBytes: number | null;
  /** The load engine's CPU, % of one core over the window: from its own accounting where it has one. */
  readonly clientCpuPercent: number | null;
  /** The harness's own CPU during the window, % of one core: it shares the load engine's cores. */
  readonly harnessCpuPercent?: number | null;
  /** Server CPU-seconds used during the repetition. */
  readonly serverCpuSeconds?: number | null;
  /** Completed responses in the repetition. */
  readonly requests?: number;
  /** Length of the measurement window, seconds. */
  readonly elapsedSec?: number;
  /** Completed responses in each interval of the window, finer than perSecond, for the timeline; engines that count them. */
  readonly timeline?: { readonly intervalMs: number; readonly counts: readonly number[] };
}

export interface Run {
  /** impl@runtime, "nginx", or the --name of a remote target. */
  readonly target: string;
  readonly impl: string;
  readonly runtime: string;
  readonly scenario: ScenarioId;
  readonly connections: number;
  readonly durationSec: number;
  readonly repetitions: readonly Repetition[];
  readonly requestsPerSec: Spread;
  /** Medians over the repetitions. */
  readonly latencyMs: Latency;
  readonly bytesPerSec: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly non2xx: number;
  readonly server: {
    readonly cpuPercent: number | null;
    readonly rssPeakBytes: number | null;
    /**
     * Requests served per CPU-second the server used (median over repetitions): how much work each answer
     * costs, valid even when the client was the limit. null where the server's CPU was not sampled.
     */
    readonly requestsPerCpuSecond?: number | null;
  };
  /** Open loop: the requests per second offered (latency from each request's due time); null for closed loop. */
  readonly offeredRate?: number | null;
  readonly client: { readonly cpuPercent: number | null };
  /** Sockets in TIME_WAIT on the server's port after the run (close scenario). */
  readonly timeWait?: number;
  /** Sockets in TIME_WAIT on the client side of the same connections (close scenario). */
  readonly timeWaitClient?: number;
  /** stalled scenario: the slow clients that ran beside the load, and how many requests they completed. */
  readonly slowClients?: {
    readonly count: number;
    readonly byteIntervalMs: number;
    readonly completed: number;
    /** Slow requests the server cut off with 408 (or a close) at its header timeout. */
    readonly cut?: number;
  };
  /** latency scenario: the share of the target's own closed-loop small throughput offered (0.25, 0.5...). */
  readonly offeredShare?: number;
  /** idle scenario: the keep-alive connections held open, idle, while the load ran. */
  readonly idle?: {
    readonly connections: number;
    /** Of them, still open when the load ended. */
    readonly stillOpen: number;
    readonly rssBeforeBytes: number | null;
    readonly rssAfterBytes: number | null;
    /** (after - before) / connections: what an idle connection costs the server. */
    readonly rssPerIdleConnectionBytes: number | null;
  };
  readonly flags: readonly Flag[];
  /** Tail of the server's stderr when it failed to start, failed the preflight or died. */
  readonly stderr?: string;
}

export interface MicroResult {
  readonly name: string;
  readonly opsPerSec: number;
  /** Relative margin of error, percent. */
  readonly rme: number;
  readonly samples: number;
}

export interface ImplementationInfo {
  readonly id: string;
  readonly model: string;
  /** The concurrency model it stands for (servers/registry.ts), 'reference' for nginx and the lesson's server. */
  readonly group?:
    | 'sequential'
    | 'event-loop'
    | 'worker-pool'
    | 'multi-process'
    | 'runtime-server'
    | 'reference';
  readonly description: string;
  readonly parser: 'core' | 'runtime' | 'reference';
}

export interface Environment {
  readonly cpu: string;
  readonly cores: number;
  readonly memoryBytes: number;
  readonly os: string;
  readonly kernel: string;
  readonly runtimes: { readonly node: string; readonly bun: string | null; readonly deno: string | null };
  readonly engine: { readonly name: 'loadgen' | 'autocannon' | 'wrk'; readonly version: string };
  readonly git: { readonly commit: string | null; readonly dirty: boolean };
  readonly pinning: {
    readonly enabled: boolean;
    readonly serverCpus: string | null;
    readonly clientCpus: string | null;
  };
  readonly date: string;
  readonly command: string;
  /**
   * The kernel's TCP congestion control the servers' connections had, and whether the run set it
   * (--tcp-congestion). Absent in files written before it was recorded.
   */
  readonly tcp?: { readonly congestionControl: string | null; readonly setByRun: boolean };
}

export interface Method {
  readonly durationSec: number;
  readonly warmupSec: number;
  readonly repeats: number;
  readonly scenarios: readonly ScenarioId[];
  readonly sweepConnections: readonly number[];
  /** Repetitions of each sweep point (fewer than repeats: the sweep is a curve); repeats when absent. */
  readonly sweepRepeats?: number;
  /** True when --quick chose the plan. */
  readonly quick?: boolean;
  /** Estimated and actual wall time of the whole run, seconds. */
  readonly plannedSec?: number;
  readonly elapsedSec?: number;
}

export interface Results {
  readonly version: number;
  readonly runId: string;
  /** False when the run was interrupted; what finished is still here. */
  readonly complete: boolean;
  readonly environment: Environment;
  readonly method: Method;
  readonly implementations: readonly ImplementationInfo[];
  readonly runs: readonly Run[];
  readonly micro?: readonly MicroResult[];
}

// ---- Validation: every reader of results.json goes through validateResults(). ----

/** Every scenario, in the order a run measures them and every view shows them: the sweep, a curve, last. */
export const SCENARIO_IDS: readonly ScenarioId[] = [
  'small',
  'close',
  'large',
  'huge',
  'missing',
  'stalled',
  'slowloris',
  'idle',
  'latency',
  'sweep',
];

/** Scenarios ranked by bytes/s: a few big answers, where requests/s says little. */
export const BY_BYTES: readonly ScenarioId[] = ['large', 'huge'];

export const FLAGS: readonly Flag[] = [
  'client-bound',
  'wrong-answers',
  'errors',
  'start-failed',
  'preflight-failed',
  'died',
  'unstable',
  'reference',
  'remote',
  'incomplete',
  'unsupported',
];

/** A shape check that stops at the first problem, naming where it is (e.g. "runs[2].latencyMs.p99"). */
class Invalid extends Error {}

type Obj = Record<string, unknown>;

function fail(path: string, expected: string, value: unknown): never {
  const got = value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value;
  throw new Invalid(`${path}: expected ${expected}, got ${got}`);
}

function object(value: unknown, path: string): Obj {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(path, 'an object', value);
  return value as Obj;
}

function array(value: unknown, path: string): unknown[] {
  if (!Array.isArray(value)) fail(path, 'an array', value);
  return value;
}

/** Checks every element of an array with check(element, "path[i]"). */
function each(value: unknown, path: string, check: (element: unknown, path: string) => void): void {
  const elements = array(value, path);
  for (let i = 0; i < elements.length; i++) check(elements[i], `${path}[${i}]`);
}

function number(value: unknown, path: string): void {
  if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'a finite number', value);
}

function num(o: Obj, key: string, path: string): void {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(`${path}.${key}`, 'a finite number', v);
}

function numOrNull(o: Obj, key: string, path: string): void {
  if (o[key] !== null) num(o, key, path);
}

function optionalNum(o: Obj, key: string, path: string): void {
  if (o[key] !== undefined) num(o, key, path);
}

function optionalNumOrNull(o: Obj, key: string, path: string): void {
  if (o[key] !== undefined && o[key] !== null) num(o, key, path);
}

function str(o: Obj, key: string, path: string): void {
  if (typeof o[key] !== 'string') fail(`${path}.${key}`, 'a string', o[key]);
}

function strOrNull(o: Obj, key: string, path: string): void {
  if (o[key] !== null) str(o, key, path);
}

function bool(o: Obj, key: string, path: string): void {
  if (typeof o[key] !== 'boolean') fail(`${path}.${key}`, 'a boolean', o[key]);
}

function oneOf(o: Obj, key: string, choices: readonly unknown[], path: string): void {
  if (!choices.includes(o[key])) fail(`${path}.${key}`, `one of ${choices.join(', ')}`, o[key]);
}

function checkLatency(value: unknown, path: string): void {
  const o = object(value, path);
  for (const key of ['p50', 'p90', 'p99', 'p999', 'max']) num(o, key, path);
}

function checkRepetition(value: unknown, path: string): void {
  const o = object(value, path);
  for (const key of ['requestsPerSec', 'bytesPerSec', 'errors', 'timeouts', 'non2xx', 'wrongAnswers']) {
    num(o, key, path);
  }
  each(o['perSecond'], `${path}.perSecond`, number);
  checkLatency(o['latencyMs'], `${path}.latencyMs`);
  for (const key of ['serverCpuPercent', 'serverRssPeakBytes', 'clientCpuPercent']) numOrNull(o, key, path);
  optionalNumOrNull(o, 'harnessCpuPercent', path);
  optionalNumOrNull(o, 'serverCpuSeconds', path);
  optionalNum(o, 'requests', path);
  optionalNum(o, 'elapsedSec', path);
  if (o['timeline'] !== undefined) {
    const timeline = object(o['timeline'], `${path}.timeline`);
    num(timeline, 'intervalMs', `${path}.timeline`);
    each(timeline['counts'], `${path}.timeline.counts`, number);
  }
}

function checkRun(value: unknown, path: string): void {
  const o = object(value, path);
  for (const key of ['target', 'impl', 'runtime']) str(o, key, path);
  oneOf(o, 'scenario', SCENARIO_IDS, path);
  for (const key of ['connections', 'durationSec', 'bytesPerSec', 'errors', 'timeouts', 'non2xx'])
    num(o, key, path);
  each(o['repetitions'], `${path}.repetitions`, checkRepetition);
  const rps = object(o['requestsPerSec'], `${path}.requestsPerSec`);
  for (const key of ['median', 'min', 'max', 'cv']) num(rps, key, `${path}.requestsPerSec`);
  checkLatency(o['latencyMs'], `${path}.latencyMs`);
  const server = object(o['server'], `${path}.server`);
  numOrNull(server, 'cpuPercent', `${path}.server`);
  numOrNull(server, 'rssPeakBytes', `${path}.server`);
  optionalNumOrNull(server, 'requestsPerCpuSecond', `${path}.server`);
  optionalNumOrNull(o, 'offeredRate', path);
  numOrNull(object(o['client'], `${path}.client`), 'cpuPercent', `${path}.client`);
  optionalNum(o, 'timeWait', path);
  optionalNum(o, 'timeWaitClient', path);
  each(o['flags'], `${path}.flags`, (flag, at) => {
    if (!FLAGS.includes(flag as Flag)) fail(at, `one of ${FLAGS.join(', ')}`, flag);
  });
  if (o['stderr'] !== undefined) str(o, 'stderr', path);
  if (o['slowClients'] !== undefined) {
    const slow = object(o['slowClients'], `${path}.slowClients`);
    for (const key of ['count', 'byteIntervalMs', 'completed']) num(slow, key, `${path}.slowClients`);
    optionalNum(slow, 'cut', `${path}.slowClients`);
  }
  optionalNum(o, 'offeredShare', path);
  if (o['idle'] !== undefined) {
    const idle = object(o['idle'], `${path}.idle`);
    for (const key of ['connections', 'stillOpen']) num(idle, key, `${path}.idle`);
    for (const key of ['rssBeforeBytes', 'rssAfterBytes', 'rssPerIdleConnectionBytes'])
      numOrNull(idle, key, `${path}.idle`);
  }
}

function checkEnvironment(value: unknown, path: string): void {
  const o = object(value, path);
  for (const key of ['cpu', 'os', 'kernel', 'date', 'command']) str(o, key, path);
  num(o, 'cores', path);
  num(o, 'memoryBytes', path);
  const runtimes = object(o['runtimes'], `${path}.runtimes`);
  str(runtimes, 'node', `${path}.runtimes`);
  strOrNull(runtimes, 'bun', `${path}.runtimes`);
  strOrNull(runtimes, 'deno', `${path}.runtimes`);
  const engine = object(o['engine'], `${path}.engine`);
  oneOf(engine, 'name', ['loadgen', 'autocannon', 'wrk'], `${path}.engine`);
  str(engine, 'version', `${path}.engine`);
  const git = object(o['git'], `${path}.git`);
  strOrNull(git, 'commit', `${path}.git`);
  bool(git, 'dirty', `${path}.git`);
  const pinning = object(o['pinning'], `${path}.pinning`);
  bool(pinning, 'enabled', `${path}.pinning`);
  strOrNull(pinning, 'serverCpus', `${path}.pinning`);
  strOrNull(pinning, 'clientCpus', `${path}.pinning`);
  if (o['tcp'] !== undefined) {
    const tcp = object(o['tcp'], `${path}.tcp`);
    strOrNull(tcp, 'congestionControl', `${path}.tcp`);
    bool(tcp, 'setByRun', `${path}.tcp`);
  }
}

function checkMethod(value: unknown, path: string): void {
  const o = object(value, path);
  for (const key of ['durationSec', 'warmupSec', 'repeats']) num(o, key, path);
  each(o['scenarios'], `${path}.scenarios`, (scenario, at) => {
    if (!SCENARIO_IDS.includes(scenario as ScenarioId))
      fail(at, `one of ${SCENARIO_IDS.join(', ')}`, scenario);
  });
  each(o['sweepConnections'], `${path}.sweepConnections`, number);
  if (o['quick'] !== undefined) bool(o, 'quick', path);
  optionalNum(o, 'sweepRepeats', path);
  optionalNum(o, 'plannedSec', path);
  optionalNum(o, 'elapsedSec', path);
}

function checkImplementation(value: unknown, path: string): void {
  const o = object(value, path);
  for (const key of ['id', 'model', 'description']) str(o, key, path);
  oneOf(o, 'parser', ['core', 'runtime', 'reference'], path);
  if (o['group'] !== undefined)
    oneOf(
      o,
      'group',
      ['sequential', 'event-loop', 'worker-pool', 'multi-process', 'runtime-server', 'reference'],
      path,
    );
}

function checkMicro(value: unknown, path: string): void {
  const o = object(value, path);
  str(o, 'name', path);
  for (const key of ['opsPerSec', 'rme', 'samples']) num(o, key, path);
}

/** The parsed contents of a results.json, checked field by field; or the first problem found. */
export function validateResults(value: unknown): Results | { error: string } {
  try {
    const o = object(value, 'results');
    if (!READABLE_VERSIONS.includes(o['version'] as number)) {
      return {
        error: `results.version: this reader knows versions ${READABLE_VERSIONS.join(' and ')}, got ${String(o['version'])}`,
      };
    }
    str(o, 'runId', 'results');
    bool(o, 'complete', 'results');
    checkEnvironment(o['environment'], 'results.environment');
    checkMethod(o['method'], 'results.method');
    each(o['implementations'], 'results.implementations', checkImplementation);
    each(o['runs'], 'results.runs', checkRun);
    if (o['micro'] !== undefined) each(o['micro'], 'results.micro', checkMicro);
    return value as Results;
  } catch (e) {
    if (e instanceof Invalid) return { error: e.message };
    throw e;
  }
}
