// The scenarios as data: what each one requests, with how many connections, what a right answer is, which
// figure ranks it, the points it is measured at, the probes that run beside its load and its text for
// every view. Nothing outside this file branches on a scenario's id: code reads these fields.

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
  | 'sweep'
  | 'stream'
  | 'cores';

/** The figure a scenario is ranked by: answers per second, or bytes per second where answers are few and big. */
export type RankedBy = 'requests' | 'bytes';

/**
 * What runs beside a scenario's load and adds figures of its own (bench/measure/probes/ holds one file
 * each, keyed by these names).
 */
export type ProbeName = 'slow-clients' | 'idle-memory' | 'time-wait';

/**
 * The points a scenario is measured at: once, at each connection count (a curve), at each offered rate, or
 * at 1, 2, 4… of the CPUs the machine gives the servers (a server pinned to that many, sized to them).
 */
export type Points =
  | { readonly kind: 'one' }
  | { readonly kind: 'connections'; readonly counts: readonly number[] }
  | { readonly kind: 'cpus' }
  /** Open loop at shares of the target's own closed-loop throughput in `of`, measured earlier in the run. */
  | { readonly kind: 'rates'; readonly shares: readonly number[]; readonly of: ScenarioId };

export interface SlowClientsSpec {
  readonly count: number;
  readonly byteIntervalMs: number;
  /** Extra bytes in each slow head: enough makes it take longer than the servers' header timeout. */
  readonly headPadding: number;
}

/** Downloads instead of the engine's load (stream): N clients, each at a limited rate, every byte checked. */
export interface DownloadsSpec {
  readonly clients: number;
  readonly fileBytes: number;
  /** Each client's rate, bytes per second; 0: as fast as it reads. */
  readonly rateBytesPerSec: number;
}

export interface Scenario {
  readonly id: ScenarioId;
  /** One line for --help and the plan. */
  readonly summary: string;
  /** The report's heading and paragraph: what it measures, for a reader who never saw the harness. */
  readonly title: string;
  readonly what: string;
  /** Request path, URL-encoded. */
  readonly path: string;
  /** File under the site root whose bytes are the right body; null when the body does not matter (404). */
  readonly file: string | null;
  readonly expectStatus: number;
  /** Connections of the load generator (a connections curve replaces it with each of its counts). */
  readonly connections: number;
  /** Send "Connection: close": a new TCP connection per request. */
  readonly closeEachRequest: boolean;
  readonly rankedBy: RankedBy;
  readonly points: Points;
  /**
   * The scenario this one adds something to, read as a share of it ("keeps 80 % of its small throughput"):
   * what slow clients, idle connections or a connection per request cost.
   */
  readonly variantOf: ScenarioId | null;
  readonly slowClients: SlowClientsSpec | null;
  /** Keep-alive connections opened before the load, each answered once and then left idle. */
  readonly idleConnections: number;
  /**
   * Asks for a particular file of the bundled site, or one generated into it: a --url server with content
   * of its own (or without the generated file) runs it only on a URL the user gives.
   */
  readonly needsSiteFile: boolean;
  /** Needs the generated file of the run's own copy of the site. */
  readonly generatedFile: { readonly name: string; readonly bytes: number } | null;
  readonly downloads: DownloadsSpec | null;
  readonly probes: readonly ProbeName[];
  /**
   * The server needs a configuration of its own (a longer idle timeout): it is measured in a server
   * process of its own rather than in one shared with the other scenarios.
   */
  readonly serverIdleTimeoutMs: number | null;
  /** Which targets it is for: every one, or those whose model can use more than one CPU. */
  readonly forTargets: 'all' | 'multi-core';
}

export const SWEEP_CONNECTIONS: readonly number[] = [1, 8, 64, 256];

/** One byte every this many milliseconds: a 36-byte head takes about 7 s, inside the servers' 10 s header timeout. */
export const SLOW_CLIENT_BYTE_INTERVAL_MS = 200;

/** A path no site has; the missing scenario expects 404 for it. */
export const MISSING_PATH = '/no-such-page-7d3f.html';

/** The huge scenario's file: generated into the run's own copy of the site, never committed, removed after. */
export const HUGE_FILE = 'huge-256mib.bin';
export const HUGE_BYTES = 256 * 1024 * 1024;

/** The stream scenario's file and clients: far more than any server keeps in memory, read slowly. */
export const STREAM_FILE = 'stream-300mib.bin';
export const STREAM_BYTES = 300 * 1024 * 1024;

/** Shares of each target's small throughput the latency scenario offers, lowest first. */
export const LATENCY_SHARES: readonly number[] = [0.25, 0.5, 0.75, 0.9];

/** The servers' idle timeout in the idle scenario: longer than any measurement. */
const IDLE_SCENARIO_TIMEOUT_MS = 600_000;

const percent = (share: number) => `${Math.round(share * 100)} %`;

const small: Scenario = {
  id: 'small',
  summary: 'GET / (index.html) with keep-alive, 50 connections',
  title: 'GET / over keep-alive connections',
  what:
    'Every connection stays open and sends the next request as soon as the answer arrives: the cost of ' +
    'reading, parsing and answering a request, with no connection set-up.',
  path: '/',
  file: 'index.html',
  expectStatus: 200,
  connections: 50,
  closeEachRequest: false,
  rankedBy: 'requests',
  points: { kind: 'one' },
  variantOf: null,
  slowClients: null,
  idleConnections: 0,
  needsSiteFile: false,
  generatedFile: null,
  downloads: null,
  probes: [],
  serverIdleTimeoutMs: null,
  forTargets: 'all',
};

export const SCENARIOS: Readonly<Record<ScenarioId, Scenario>> = {
  small,
  close: {
    ...small,
    id: 'close',
    summary: 'GET / with Connection: close, a new TCP connection per request; TIME_WAIT counted after',
    title: 'GET / with Connection: close',
    what:
      'A new TCP connection for every request: the three-way handshake and the teardown come back each time, ' +
      'and the server, closing first, keeps each finished socket in TIME_WAIT.',
    closeEachRequest: true,
    variantOf: 'small',
    probes: ['time-wait'],
  },
  large: {
    ...small,
    id: 'large',
    summary: 'the 1 MiB file, 16 connections: bytes/s',
    title: 'GET the 1 MiB file',
    what:
      'Few requests, many bytes: throughput is measured in bytes per second, where copying data into the ' +
      'socket matters more than parsing.',
    path: '/assets/1mib.bin',
    file: 'assets/1mib.bin',
    connections: 16,
    rankedBy: 'bytes',
    needsSiteFile: true,
  },
  huge: {
    ...small,
    id: 'huge',
    summary: `a ${HUGE_BYTES / 1024 / 1024} MiB file generated for the run, 8 connections: bytes/s and peak RSS`,
    title: 'GET a file too large to keep in memory',
    what:
      'A file of hundreds of megabytes, generated for the run: the server sends it from disk a piece at a time ' +
      'as the client reads, so its memory must stay flat while the bytes flow.',
    path: `/${HUGE_FILE}`,
    file: HUGE_FILE,
    connections: 8,
    rankedBy: 'bytes',
    needsSiteFile: true,
    generatedFile: { name: HUGE_FILE, bytes: HUGE_BYTES },
  },
  missing: {
    ...small,
    id: 'missing',
    summary: 'a path that does not exist: 404 is the right answer',
    title: 'GET a path that does not exist',
    what: 'The error path: 404 is the expected answer here, counted as correct, not as an error.',
    path: MISSING_PATH,
    file: null,
    expectStatus: 404,
  },
  stalled: {
    ...small,
    id: 'stalled',
    summary: 'small while 4 clients send their request heads one byte at a time',
    title: 'small, while slow clients trickle their headers',
    what:
      'The small load runs while a few extra clients hold connections open and send their request headers ' +
      'one byte at a time: what a slow client does to the others under each concurrency model.',
    variantOf: 'small',
    slowClients: { count: 4, byteIntervalMs: SLOW_CLIENT_BYTE_INTERVAL_MS, headPadding: 0 },
    probes: ['slow-clients'],
  },
  slowloris: {
    ...small,
    id: 'slowloris',
    summary:
      'small while 1,000 clients send their request heads one byte every 200 ms, each cut off by the header timeout',
    title: 'small, while a thousand slow clients trickle their headers',
    what:
      'A thousand extra clients hold a connection each and send their request heads one byte every 200 ms, ' +
      'until the header timeout cuts them off: an event loop keeps serving the others, a server that serves ' +
      'one connection at a time cannot.',
    variantOf: 'small',
    // About 90 bytes at 200 ms each: 18 s, well past the servers' 10 s header timeout.
    slowClients: { count: 1000, byteIntervalMs: SLOW_CLIENT_BYTE_INTERVAL_MS, headPadding: 40 },
    probes: ['slow-clients'],
  },
  idle: {
    ...small,
    id: 'idle',
    summary: 'small beside 10,000 idle keep-alive connections: what an idle connection costs',
    title: 'small beside ten thousand idle connections',
    what:
      'Ten thousand keep-alive connections are opened, asked once and left idle while the small load runs: ' +
      'what an idle connection costs each model in memory, and whether it slows the busy ones.',
    variantOf: 'small',
    idleConnections: 10_000,
    probes: ['idle-memory'],
    // Idle connections must outlive the measurement: the server's idle timeout would otherwise cut them.
    serverIdleTimeoutMs: IDLE_SCENARIO_TIMEOUT_MS,
  },
  latency: {
    ...small,
    id: 'latency',
    summary: `open loop at ${LATENCY_SHARES.map(percent).join(', ')} of each target's small throughput: p50/p99 against load`,
    title: 'latency against offered load, open loop',
    what:
      "Requests sent at a fixed rate, a share of the target's own small throughput, whether or not earlier ones " +
      'were answered, each latency counted from when the request was due: the curve where latency turns up.',
    points: { kind: 'rates', shares: LATENCY_SHARES, of: 'small' },
  },
  sweep: {
    ...small,
    id: 'sweep',
    summary: `small at ${SWEEP_CONNECTIONS.join(', ')} connections: where each model saturates`,
    title: 'small at increasing connection counts',
    what:
      'The same keep-alive load at each connection count: throughput and p99 latency against concurrency, ' +
      'the curve that shows where each model saturates and from where more connections only add queueing.',
    points: { kind: 'connections', counts: SWEEP_CONNECTIONS },
  },
  cores: {
    ...small,
    id: 'cores',
    summary:
      "small at 1, 2, 4… of the servers' CPUs, for the models that use more than one: req/s per core and scaling",
    title: 'small on more and more CPUs',
    what:
      'The small load against the servers that can use more than one CPU (several processes, a pool of ' +
      "threads, nginx's workers), each pinned to 1, 2, 4… of the servers' CPUs and sized to them: how much " +
      'each added CPU brings (scaling efficiency: req/s at N ÷ (N × req/s at 1)), and how evenly their ' +
      'processes shared the connections.',
    points: { kind: 'cpus' },
    forTargets: 'multi-core',
  },
  stream: {
    ...small,
    id: 'stream',
    summary: `16 clients download a ${STREAM_BYTES / 1024 / 1024} MiB file at 50 MB/s each: peak RSS, every byte checked`,
    title: 'sixteen slow downloads of a file far larger than memory',
    what:
      'Sixteen clients download the same generated file at once, each at a limited rate, so a server that ' +
      'reads ahead of a slow client piles the file up in memory: peak RSS of its whole process tree, with ' +
      "every download checked against the file's sha256 and a Range in the middle against the same bytes.",
    path: `/${STREAM_FILE}`,
    file: STREAM_FILE,
    connections: 16,
    rankedBy: 'bytes',
    needsSiteFile: true,
    generatedFile: { name: STREAM_FILE, bytes: STREAM_BYTES },
    downloads: { clients: 16, fileBytes: STREAM_BYTES, rateBytesPerSec: 50_000_000 },
  },
};

/** Every scenario, in the order a run measures them and every view shows them: the curves last. */
export const SCENARIO_IDS: readonly ScenarioId[] = [
  'small',
  'close',
  'large',
  'huge',
  'missing',
  'stalled',
  'slowloris',
  'idle',
  'stream',
  'latency',
  'sweep',
  'cores',
];

export function isScenarioId(value: string): value is ScenarioId {
  return (SCENARIO_IDS as readonly string[]).includes(value);
}

/**
 * A scenario's figures are ranked against each other; a curve of rates is read as a whole, and the
 * downloads of stream are paced by their clients, so their bytes/s is the clients' rate, not the server's.
 */
export function isRanked(scenario: Scenario): boolean {
  return scenario.points.kind !== 'rates' && scenario.downloads === null;
}
