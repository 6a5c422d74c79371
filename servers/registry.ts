// The implementations as data. The serve CLI, the tests and the bench harness all read this list,
// so adding a server here is the whole of registering it.

export type Runtime = 'node' | 'bun' | 'deno';
export const RUNTIMES: readonly Runtime[] = ['node', 'bun', 'deno'];

/** A conformance case on which an implementation answers differently from the core, and what it answers. */
export interface Deviation {
  /** Id of the case in test/conformance/cases.ts, or of a stateful check in conformance.test.ts ('half-close'). */
  readonly case: string;
  /** Runtimes the deviation applies to; all of the implementation's runtimes when absent. */
  readonly runtimes?: readonly Runtime[];
  /** The statuses the server actually answers with, in order; [] when it closes without a response. */
  readonly actual: readonly number[];
  /** A second answer the runtime gives on some runs (it depends on how the bytes are split across reads). */
  readonly orActual?: readonly number[];
  readonly why: string;
}

export interface Implementation {
  readonly id: string;
  /** Short name of the concurrency model, for tables. */
  readonly model: string;
  /** One paragraph for humans: the README and the report show it. */
  readonly description: string;
  /** Entry file, relative to the repository root. */
  readonly entry: string;
  /** Who parses HTTP: the shared core, or the runtime's own HTTP server. */
  readonly parser: 'core' | 'runtime';
  /** Keeps connections open between requests; false for the lesson's one-request-per-connection server. */
  readonly keepAlive: boolean;
  /** Runtimes it runs on; the first is its home runtime. */
  readonly runtimes: readonly Runtime[];
  /** Runtimes it does not run on, with the reason (the error seen). */
  readonly unsupported: Partial<Record<Runtime, string>>;
  readonly deviations: readonly Deviation[];
  /** Where the runtime enforces timeouts on its own terms rather than by the --header-timeout/--idle-timeout flags. */
  readonly timeouts?: {
    /** The header timeout it really applies, whatever the flag says; null when a silent client is never cut off. */
    readonly headerMs?: number | null;
    /** null when an idle keep-alive connection is never closed. */
    readonly idleMs?: number | null;
    /** How late a timeout may fire: the period of the runtime's timer wheel. */
    readonly granularityMs?: number;
    readonly why: string;
  };
}

const AFTER_BODY = 'node:http answers the request before reading its body, then';
const ON_BAD_CHUNK = `${AFTER_BODY} drops the connection on the bad chunk`;
const LLHTTP = ['node', 'deno'] as const;

/**
 * How node:http answers malformed input that the core rejects, checked by the conformance suite.
 * Node and Deno both parse with llhttp; Bun's node:http is built on its own parser.
 */
const NODE_HTTP_DEVIATIONS: readonly Deviation[] = [
  {
    case: 'half-close',
    actual: [],
    why: 'node:http closes the connection when the client half-closes after its request, without answering it',
  },
  {
    case: 'unknown-method-405',
    actual: [400],
    why: 'the parser knows a fixed list of methods and rejects any other token',
  },
  { case: 'repeated-host', actual: [200], why: 'a second Host header is accepted; the first one wins' },
  { case: 'host-with-space', actual: [200], why: 'the Host value is not validated' },
  {
    case: 'te-unknown-coding',
    actual: [200],
    why: 'codings before the final chunked are ignored, even unknown ones',
  },
  { case: 'te-on-http10', actual: [200], why: 'Transfer-Encoding is accepted on an HTTP/1.0 request' },
  {
    case: 'target-too-long',
    actual: [404],
    why: 'the limit is on the whole head (16 KiB here), not on the target',
  },
  {
    case: 'version-1-2',
    actual: [400],
    why: 'an unknown minor version is a parse error, answered 400 instead of 505',
  },
  {
    case: 'request-line-two-parts',
    runtimes: LLHTTP,
    actual: [200],
    why: 'llhttp reads "GET /" with no version as HTTP/0.9',
  },
  {
    case: 'request-line-double-space',
    runtimes: LLHTTP,
    actual: [200],
    why: 'llhttp skips repeated spaces in the request line',
  },
  {
    case: 'version-2',
    runtimes: LLHTTP,
    actual: [200],
    why: 'llhttp accepts HTTP/2.0 in a request line and answers as HTTP/1.1',
  },
  {
    case: 'version-0-9',
    runtimes: LLHTTP,
    actual: [200],
    why: 'llhttp accepts HTTP/0.9 in a request line and answers as HTTP/1.1',
  },
  {
    case: 'too-many-headers',
    runtimes: LLHTTP,
    actual: [200],
    why: 'maxHeadersCount drops the extra headers instead of rejecting the request',
  },
  { case: 'chunk-size-not-hex', runtimes: LLHTTP, actual: [200], why: ON_BAD_CHUNK },
  { case: 'chunk-size-empty', runtimes: LLHTTP, actual: [200], why: ON_BAD_CHUNK },
  { case: 'chunk-line-bare-lf', runtimes: LLHTTP, actual: [200], why: ON_BAD_CHUNK },
  { case: 'chunk-size-overflow', runtimes: LLHTTP, actual: [200], why: ON_BAD_CHUNK },
  {
    case: 'chunk-data-too-long',
    runtimes: ['node'],
    actual: [200, 400],
    why: `${AFTER_BODY} answers 400 for the bad chunk`,
  },
  { case: 'chunk-data-too-long', runtimes: ['deno'], actual: [200], why: ON_BAD_CHUNK },
  {
    case: 'request-line-two-parts',
    runtimes: ['bun'],
    actual: [400],
    why: 'Bun rejects the line as malformed (the core agrees; only the framing differs)',
  },
  {
    case: 'cl-repeated',
    runtimes: ['bun'],
    actual: [200],
    why: 'Bun accepts two identical Content-Length headers, as RFC 9110 permits',
  },
  {
    case: 'version-2',
    runtimes: ['bun'],
    actual: [400],
    why: 'Bun answers an unsupported version with 400 instead of 505',
  },
  {
    case: 'version-0-9',
    runtimes: ['bun'],
    actual: [400],
    why: 'Bun answers an unsupported version with 400 instead of 505',
  },
  {
    case: 'http10-keep-alive',
    runtimes: ['bun'],
    actual: [200],
    why: 'Bun ignores keep-alive on HTTP/1.0 and closes after the first response',
  },
  ...[
    'chunk-size-not-hex',
    'chunk-size-empty',
    'chunk-data-too-long',
    'chunk-line-bare-lf',
    'chunk-size-overflow',
  ].map(
    (id): Deviation => ({
      case: id,
      runtimes: ['bun'],
      actual: [200, 400],
      why: `${AFTER_BODY} answers 400 for the bad chunk`,
    }),
  ),
];

const BUN_SAYS_505 = "Bun's parser answers a request line it cannot read with 505, not 400";
const BUN_BODY_LATE =
  'Bun.serve answers the request before reading its body, then answers 400 for the bad chunk';

/** How Bun.serve's own parser answers input that the core answers otherwise; checked by the conformance suite. */
const BUN_SERVE_DEVIATIONS: readonly Deviation[] = [
  {
    case: 'half-close',
    actual: [],
    why: 'Bun.serve closes the connection when the client half-closes after its request, without answering it',
  },
  {
    case: 'pipelining-cold-file',
    actual: [],
    why: 'Bun.serve drops the connection, with no response, when a pipelined request arrives while the answer to the one before is still a pending Promise (here: the first read of a file)',
  },
  {
    case: 'unknown-method-405',
    actual: [],
    why: 'Bun closes the connection on a method it does not know, without a response',
  },
  {
    case: 'connection-close',
    actual: [200],
    why: 'Bun closes after the response, as asked, but sends no Connection: close header',
  },
  {
    case: 'http10-keep-alive',
    actual: [200],
    why: 'Bun ignores keep-alive on HTTP/1.0 and closes after the first response',
  },
  {
    case: 'chunked-body-skipped',
    actual: [200, 400],
    why: 'Bun rejects a chunked body with trailer fields, which RFC 9112 allows',
  },
  { case: 'repeated-host', actual: [200], why: 'a second Host header is accepted' },
  { case: 'host-with-space', actual: [200], why: 'the Host value is not validated' },
  {
    case: 'cl-repeated',
    actual: [200],
    why: 'two identical Content-Length headers are accepted, as RFC 9110 permits',
  },
  { case: 'request-line-two-parts', actual: [505], why: BUN_SAYS_505 },
  { case: 'request-line-tab', actual: [505], why: BUN_SAYS_505 },
  { case: 'request-line-trailing-space', actual: [505], why: BUN_SAYS_505 },
  { case: 'target-raw-space', actual: [505], why: BUN_SAYS_505 },
  { case: 'version-lowercase', actual: [505], why: BUN_SAYS_505 },
  { case: 'version-garbage', actual: [505], why: BUN_SAYS_505 },
  { case: 'bare-lf-line', actual: [505], why: BUN_SAYS_505 },
  {
    case: 'target-non-ascii',
    actual: [404],
    why: 'bytes above 0x7f in the target are accepted and looked up',
  },
  {
    case: 'chunk-size-not-hex',
    actual: [400],
    orActual: [200, 400],
    why: 'Bun answers 400 at once, or first the request and then 400, depending on whether the body came in the same read',
  },
  {
    case: 'te-unknown-coding',
    actual: [400],
    why: 'an unknown transfer coding is answered 400 rather than 501',
  },
  { case: 'chunk-size-empty', actual: [200, 400], why: BUN_BODY_LATE },
  { case: 'chunk-data-too-long', actual: [200, 400], why: BUN_BODY_LATE },
  { case: 'chunk-line-bare-lf', actual: [200, 400], why: BUN_BODY_LATE },
  { case: 'chunk-size-overflow', actual: [200, 400], why: BUN_BODY_LATE },
  {
    case: 'target-too-long',
    actual: [404],
    why: 'the limit is on the whole head, not on the target, so an 8 KiB target is looked up',
  },
  {
    case: 'too-many-headers',
    actual: [200],
    why: 'there is no limit on the number of header fields below the size limit',
  },
];

const DENO_BODY = 'Deno closes the connection on a malformed chunked body without answering the request';

/** How Deno.serve (hyper) answers input that the core answers otherwise; checked by the conformance suite. */
const DENO_SERVE_DEVIATIONS: readonly Deviation[] = [
  {
    case: 'half-close',
    actual: [],
    orActual: [200],
    why: 'Deno.serve usually closes the connection when the client half-closes after its request, without answering it; on a busy machine the answer sometimes goes out first',
  },
  { case: 'missing-host', actual: [200], why: 'hyper accepts an HTTP/1.1 request without Host' },
  { case: 'bare-lf-line', actual: [200], why: 'hyper accepts a bare LF as a line ending' },
  { case: 'host-with-space', actual: [200], why: 'the Host value is not validated' },
  {
    case: 'cl-repeated',
    actual: [200],
    why: 'two identical Content-Length headers are accepted, as RFC 9110 permits',
  },
  {
    case: 'te-unknown-coding',
    actual: [200],
    why: 'codings before the final chunked are ignored, even unknown ones',
  },
  { case: 'version-2', actual: [400], why: 'an unsupported version is answered 400 rather than 505' },
  { case: 'version-1-2', actual: [400], why: 'an unsupported version is answered 400 rather than 505' },
  { case: 'version-0-9', actual: [400], why: 'an unsupported version is answered 400 rather than 505' },
  {
    case: 'target-too-long',
    actual: [404],
    why: 'the limit is on the whole head, not on the target, so an 8 KiB target is looked up',
  },
  { case: 'headers-too-large', actual: [200], why: "hyper's head limit is larger than 16 KiB" },
  { case: 'too-many-headers', actual: [200], why: 'hyper allows more than 100 header fields' },
  {
    case: 'chunked-body-split',
    actual: [200],
    why: 'Deno answers a request whose chunked body arrives in pieces, then closes instead of reading the next request',
  },
  ...[
    'chunk-size-not-hex',
    'chunk-size-empty',
    'chunk-data-too-long',
    'chunk-line-bare-lf',
    'chunk-size-overflow',
  ].map((id): Deviation => ({ case: id, actual: [], why: DENO_BODY })),
];

export const IMPLEMENTATIONS: readonly Implementation[] = [
  {
    id: 'sequential',
    model: 'one connection at a time',
    description:
      'The lesson, in Node: accept one connection, read one request, answer it with Connection: close, close, ' +
      'then take the next connection from the queue. Other clients wait, however fast or slow the one being ' +
      'served is; a client that stalls holds everyone up until the header timeout cuts it off. Every request ' +
      'pays for a new TCP connection.',
    entry: 'servers/sequential/main.ts',
    parser: 'core',
    keepAlive: false,
    runtimes: ['node', 'bun', 'deno'],
    unsupported: {},
    deviations: [],
  },
  {
    id: 'async',
    model: 'event loop (node:net)',
    description:
      "One thread, one event loop, many connections: node:net hands each socket's bytes to the shared core, " +
      'which parses, answers from an in-memory file table and keeps the connection alive. Pipelined requests ' +
      'are answered in order. Nothing blocks, so a slow client costs only its own socket; but all the work ' +
      'runs on one core.',
    entry: 'servers/async/main.ts',
    parser: 'core',
    keepAlive: true,
    runtimes: ['node', 'bun', 'deno'],
    unsupported: {},
    deviations: [],
  },
  {
    id: 'workers',
    model: 'worker_threads pool',
    description:
      'The main thread owns every socket (a socket cannot move between threads in Node) and does only I/O; ' +
      'each connection is assigned to one worker thread, round-robin, which parses its bytes, keeps its state ' +
      'and builds its answers. Bytes cross between threads by message passing. It shows what a thread pool ' +
      'buys, and what the hand-offs cost, when the work per request is small.',
    entry: 'servers/workers/main.ts',
    parser: 'core',
    keepAlive: true,
    runtimes: ['node', 'bun', 'deno'],
    unsupported: {},
    deviations: [],
  },
  {
    id: 'node-http',
    model: 'node:http',
    description:
      "What a typical Node user would write: http.createServer, with the core's path resolution, file table " +
      "and response headers. Node's own parser (llhttp) reads the requests, so malformed input is answered " +
      'the way Node answers it; the differences are listed as deviations.',
    entry: 'servers/node-http/main.ts',
    parser: 'runtime',
    keepAlive: true,
    runtimes: ['node', 'bun', 'deno'],
    unsupported: {},
    deviations: NODE_HTTP_DEVIATIONS,
  },
  {
    id: 'bun-serve',
    model: 'Bun.serve',
    description:
      "Bun's native HTTP server, written in Zig on uSockets: Bun parses the requests and frames the responses; " +
      'the core supplies path resolution, the file table and the response headers. It is what a Bun user ' +
      'would write, and the bar the hand-written bun-tcp server is measured against.',
    entry: 'servers/bun-serve/main.ts',
    parser: 'runtime',
    keepAlive: true,
    runtimes: ['bun'],
    unsupported: {
      node: 'Bun.serve is a Bun global: "Bun is not defined"',
      deno: 'Bun.serve is a Bun global: "Bun is not defined"',
    },
    deviations: BUN_SERVE_DEVIATIONS,
    timeouts: {
      headerMs: 10_000,
      granularityMs: 4000,
      why: 'Bun.serve has no header timeout setting: it cuts a silent or stalled client after about 10 s of its own, and checks idle timeouts on a 4 s tick, in whole seconds',
    },
  },
  {
    id: 'bun-tcp',
    model: 'event loop (Bun.listen)',
    description:
      "The hand-written server on Bun's raw TCP API: Bun.listen hands each socket's bytes to the shared core, " +
      'exactly as async does on node:net. Same parser, same answers, same event-loop model; what differs is ' +
      "the runtime's socket layer.",
    entry: 'servers/bun-tcp/main.ts',
    parser: 'core',
    keepAlive: true,
    runtimes: ['bun'],
    unsupported: {
      node: 'Bun.listen is a Bun global: "Bun is not defined"',
      deno: 'Bun.listen is a Bun global: "Bun is not defined"',
    },
    deviations: [],
  },
  {
    id: 'deno-serve',
    model: 'Deno.serve',
    description:
      "Deno's native HTTP server, built on Rust's hyper: Deno parses the requests and frames the responses; " +
      'the core supplies path resolution, the file table and the response headers. It is what a Deno user ' +
      'would write, and the bar the hand-written deno-tcp server is measured against.',
    entry: 'servers/deno-serve/main.ts',
    parser: 'runtime',
    keepAlive: true,
    runtimes: ['deno'],
    unsupported: {
      node: 'Deno.serve is a Deno global: "Deno is not defined"',
      bun: 'Deno.serve is a Deno global: "Deno is not defined"',
    },
    deviations: DENO_SERVE_DEVIATIONS,
    timeouts: {
      headerMs: null,
      idleMs: null,
      why: 'Deno.serve has no timeout settings: a client that connects and says nothing, or stays idle between requests, is never closed (hyper cuts a half-sent head only after 30 s)',
    },
  },
  {
    id: 'deno-tcp',
    model: 'event loop (Deno.listen)',
    description:
      "The hand-written server on Deno's raw TCP API: a read loop per Deno.Conn hands bytes to the shared " +
      'core, exactly as async does on node:net. Same parser, same answers; what differs is the runtime, whose ' +
      'reads and writes are promises rather than callbacks.',
    entry: 'servers/deno-tcp/main.ts',
    parser: 'core',
    keepAlive: true,
    runtimes: ['deno'],
    unsupported: {
      node: 'Deno.listen is a Deno global: "Deno is not defined"',
      bun: 'Deno.listen is a Deno global: "Deno is not defined"',
    },
    deviations: [],
  },
];

export interface Target {
  readonly impl: Implementation;
  readonly runtime: Runtime;
}

export function targetName(t: Target): string {
  return `${t.impl.id}@${t.runtime}`;
}

/** Every impl@runtime the registry claims to run. */
export function allTargets(): Target[] {
  return IMPLEMENTATIONS.flatMap((impl) => impl.runtimes.map((runtime) => ({ impl, runtime })));
}

/** "async", "async@bun" -> a target, or a one-line error naming the valid choices. */
export function findTarget(spec: string): Target | { error: string } {
  const [id, runtimeName, extra] = spec.split('@');
  const impl = IMPLEMENTATIONS.find((i) => i.id === id);
  if (!impl || extra !== undefined) {
    return {
      error: `unknown implementation "${spec}"; valid: ${IMPLEMENTATIONS.map((i) => i.id).join(', ')}`,
    };
  }
  const runtime = (runtimeName ?? impl.runtimes[0]) as Runtime;
  if (!RUNTIMES.includes(runtime)) {
    return { error: `unknown runtime "${runtimeName}"; valid: ${RUNTIMES.join(', ')}` };
  }
  if (!impl.runtimes.includes(runtime)) {
    const why = impl.unsupported[runtime];
    return {
      error:
        `${impl.id} does not run on ${runtime}` +
        (why ? `: ${why}` : '') +
        `; it runs on ${impl.runtimes.join(', ')}`,
    };
  }
  return { impl, runtime };
}
