// The implementations as data. The serve CLI, the tests and the bench harness all read this list,
// so adding a server here is the whole of registering it.

export type Runtime = 'node' | 'bun' | 'deno';
export const RUNTIMES: readonly Runtime[] = ['node', 'bun', 'deno'];

/**
 * The concurrency models the project compares: one connection at a time, an event loop, a pool of threads,
 * several processes each with an event loop, and the runtime's own HTTP server (whose model is the
 * runtime's business).
 */
export type ModelGroup = 'sequential' | 'event-loop' | 'worker-pool' | 'multi-process' | 'runtime-server';
export const MODEL_GROUPS: readonly ModelGroup[] = [
  'sequential',
  'event-loop',
  'worker-pool',
  'multi-process',
  'runtime-server',
];

/** How each model is named where models are compared (the report's matrix, its findings). */
export const MODEL_GROUP_LABEL: Readonly<Record<ModelGroup, string>> = {
  sequential: 'one connection at a time',
  'event-loop': 'event loop',
  'worker-pool': 'worker pool',
  'multi-process': 'several processes',
  'runtime-server': "the runtime's own HTTP server",
};

export interface Implementation {
  readonly id: string;
  /** Short name of the concurrency model, for tables. */
  readonly model: string;
  /** The concurrency model it stands for, for comparing models across runtimes. */
  readonly group: ModelGroup;
  /** One paragraph for humans: the README and the report show it. */
  readonly description: string;
  /** Entry file, relative to the repository root. Named *.bun.ts or *.deno.ts when it needs that runtime's API. */
  readonly entry: string;
  /** A second file it starts itself (a worker thread's script), bundled beside the entry for Node. */
  readonly workerEntry?: string;
  /** Who parses HTTP: the shared core, or the runtime's own HTTP server. */
  readonly parser: 'core' | 'runtime';
  /** Keeps connections open between requests; false for the lesson's one-request-per-connection server. */
  readonly keepAlive: boolean;
  /** Runtimes it runs on; the first is its home runtime. */
  readonly runtimes: readonly Runtime[];
  /** Runtimes it does not run on, with the reason (the error seen). */
  readonly unsupported: Partial<Record<Runtime, string>>;
}

export const IMPLEMENTATIONS: readonly Implementation[] = [
  {
    id: 'sequential',
    model: 'one connection at a time',
    group: 'sequential',
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
  },
  {
    id: 'async',
    model: 'event loop (node:net)',
    group: 'event-loop',
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
  },
  {
    id: 'workers',
    model: 'worker_threads pool',
    group: 'worker-pool',
    description:
      'The main thread owns every socket (a socket cannot move between threads in Node) and does only I/O; ' +
      'each connection is assigned to one worker thread, round-robin, which parses its bytes, keeps its state ' +
      'and builds its answers. Bytes cross between threads by message passing. It shows what a thread pool ' +
      'buys, and what the hand-offs cost, when the work per request is small.',
    entry: 'servers/workers/main.ts',
    workerEntry: 'servers/workers/worker.ts',
    parser: 'core',
    keepAlive: true,
    runtimes: ['node', 'bun', 'deno'],
    unsupported: {},
  },
  {
    id: 'cluster',
    model: 'node:cluster, N event loops',
    group: 'multi-process',
    description:
      'node:cluster: a primary process that serves nothing and N worker processes (--workers N, default ' +
      'one per CPU the server may run on), each running the async server as it is. The primary opens the ' +
      'listening socket and shares it; each worker accepts from its one queue itself (SCHED_NONE, on Node ' +
      "and Deno; Bun's cluster has each worker listen with SO_REUSEPORT instead). The event loops share no " +
      'memory and each can have a core to itself. A worker that dies is replaced; its connections are lost.',
    entry: 'servers/cluster/main.ts',
    parser: 'core',
    keepAlive: true,
    runtimes: ['node', 'bun', 'deno'],
    unsupported: {},
  },
  {
    id: 'reuseport',
    model: 'SO_REUSEPORT, N event loops',
    group: 'multi-process',
    description:
      'N worker processes (--workers N, default one per CPU the server may run on), each running the async ' +
      'server with a listening socket of its own on the same port (SO_REUSEPORT, which node:net has since ' +
      'Node 22.12). No process hands connections to another: the kernel picks a socket for each new ' +
      'connection by a hash of its addresses and ports, so the spread is even only on average.',
    entry: 'servers/reuseport/main.ts',
    parser: 'core',
    keepAlive: true,
    runtimes: ['node', 'bun', 'deno'],
    unsupported: {},
  },
  {
    id: 'node-http',
    model: 'node:http',
    group: 'runtime-server',
    description:
      "What a typical Node user would write: http.createServer, with the core's path resolution, file table " +
      "and response headers. Node's own parser (llhttp) reads the requests, so malformed input is answered " +
      'the way Node answers it; the differences are listed as deviations.',
    entry: 'servers/node-http/main.ts',
    parser: 'runtime',
    keepAlive: true,
    runtimes: ['node', 'bun', 'deno'],
    unsupported: {},
  },
  {
    id: 'bun-serve',
    model: 'Bun.serve',
    group: 'runtime-server',
    description:
      "Bun's native HTTP server, written in Zig on uSockets: Bun parses the requests and frames the responses; " +
      'the core supplies path resolution, the file table and the response headers. It is what a Bun user ' +
      'would write, and the bar the hand-written bun-tcp server is measured against.',
    entry: 'servers/bun-serve/main.bun.ts',
    parser: 'runtime',
    keepAlive: true,
    runtimes: ['bun'],
    unsupported: {
      node: 'Bun.serve is a Bun global: "Bun is not defined"',
      deno: 'Bun.serve is a Bun global: "Bun is not defined"',
    },
  },
  {
    id: 'bun-tcp',
    model: 'event loop (Bun.listen)',
    group: 'event-loop',
    description:
      "The hand-written server on Bun's raw TCP API: Bun.listen hands each socket's bytes to the shared core, " +
      'exactly as async does on node:net. Same parser, same answers, same event-loop model; what differs is ' +
      "the runtime's socket layer.",
    entry: 'servers/bun-tcp/main.bun.ts',
    parser: 'core',
    keepAlive: true,
    runtimes: ['bun'],
    unsupported: {
      node: 'Bun.listen is a Bun global: "Bun is not defined"',
      deno: 'Bun.listen is a Bun global: "Bun is not defined"',
    },
  },
  {
    id: 'deno-serve',
    model: 'Deno.serve',
    group: 'runtime-server',
    description:
      "Deno's native HTTP server, built on Rust's hyper: Deno parses the requests and frames the responses; " +
      'the core supplies path resolution, the file table and the response headers. It is what a Deno user ' +
      'would write, and the bar the hand-written deno-tcp server is measured against.',
    entry: 'servers/deno-serve/main.deno.ts',
    parser: 'runtime',
    keepAlive: true,
    runtimes: ['deno'],
    unsupported: {
      node: 'Deno.serve is a Deno global: "Deno is not defined"',
      bun: 'Deno.serve is a Deno global: "Deno is not defined"',
    },
  },
  {
    id: 'deno-tcp',
    model: 'event loop (Deno.listen)',
    group: 'event-loop',
    description:
      "The hand-written server on Deno's raw TCP API: a read loop per Deno.Conn hands bytes to the shared " +
      'core, exactly as async does on node:net. Same parser, same answers; what differs is the runtime, whose ' +
      'reads and writes are promises rather than callbacks.',
    entry: 'servers/deno-tcp/main.deno.ts',
    parser: 'core',
    keepAlive: true,
    runtimes: ['deno'],
    unsupported: {
      node: 'Deno.listen is a Deno global: "Deno is not defined"',
      bun: 'Deno.listen is a Deno global: "Deno is not defined"',
    },
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
