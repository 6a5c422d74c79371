// Server flags, shared by every entry on every runtime. Pure: argv in, options or a one-line error out.

export interface ServerOptions {
  readonly port: number;
  readonly host: string;
  /** Site root; null means the bundled html/ (the entry fills it in). */
  readonly root: string | null;
  /** One access-log line per request on stderr. */
  readonly log: boolean;
  /** Keep-alive idle timeout: a connection with no request in progress is closed after this long. */
  readonly idleTimeoutMs: number;
  /** A request head must arrive whole within this long of its first byte, or the connection is closed. */
  readonly headerTimeoutMs: number;
  /** Worker threads (workers) or processes (cluster, reuseport); 0 means one per CPU it may run on. */
  readonly workers: number;
}

export const DEFAULT_OPTIONS: ServerOptions = {
  port: 7890,
  host: '127.0.0.1',
  root: null,
  log: false,
  idleTimeoutMs: 5000,
  headerTimeoutMs: 10_000,
  workers: 0,
};

export const SERVER_USAGE =
  'flags: --port N (0 = any free port) --host H --root DIR --log --idle-timeout MS --header-timeout MS --workers N';

function integer(flag: string, value: string | undefined, min: number, max: number): number | string {
  if (value === undefined) return `${flag} needs a value`;
  if (!/^\d+$/.test(value)) return `${flag} must be a whole number, got "${value}"`;
  const n = Number(value);
  if (n < min || n > max) return `${flag} must be between ${min} and ${max}, got ${value}`;
  return n;
}

export function parseServerArgs(argv: readonly string[]): ServerOptions | { error: string } {
  const o = { ...DEFAULT_OPTIONS };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const eq = arg.indexOf('=');
    // Stryker disable next-line EqualityOperator,StringLiteral: known flags start with "--", so an '=' at 0 or no "--" is unknown either way
    const flag = eq > 0 && arg.startsWith('--') ? arg.slice(0, eq) : arg;
    // Stryker disable next-line EqualityOperator,StringLiteral: known flags start with "--", so an '=' at 0 or no "--" is unknown either way
    const inline = eq > 0 && arg.startsWith('--') ? arg.slice(eq + 1) : undefined;
    const next = (): string | undefined => inline ?? argv[++i];
    let n: number | string;
    switch (flag) {
      case '--port':
        n = integer(flag, next(), 0, 65535);
        if (typeof n === 'string') return { error: n };
        o.port = n;
        break;
      case '--host': {
        const v = next();
        if (!v) return { error: '--host needs a value' };
        o.host = v;
        break;
      }
      case '--root': {
        const v = next();
        if (!v) return { error: '--root needs a value' };
        o.root = v;
        break;
      }
      case '--log':
        o.log = true;
        break;
      case '--idle-timeout':
        n = integer(flag, next(), 1, 3_600_000);
        if (typeof n === 'string') return { error: n };
        o.idleTimeoutMs = n;
        break;
      case '--header-timeout':
        n = integer(flag, next(), 1, 3_600_000);
        if (typeof n === 'string') return { error: n };
        o.headerTimeoutMs = n;
        break;
      case '--workers':
        n = integer(flag, next(), 0, 256);
        if (typeof n === 'string') return { error: n };
        o.workers = n;
        break;
      default:
        return { error: `unknown flag "${arg}"; ${SERVER_USAGE}` };
    }
  }
  return o;
}

/** What the ready line says: the contract between a server and whatever started it. */
export interface ReadyLine {
  readonly event: 'ready';
  readonly impl: string;
  readonly runtime: string;
  readonly version: string;
  readonly pid: number;
  readonly host: string;
  readonly port: number;
}

/** The one line a server prints on stdout once it is listening. Everything else goes to stderr. */
export function readyLine(fields: Omit<ReadyLine, 'event'>): string {
  return JSON.stringify({ event: 'ready', ...fields } satisfies ReadyLine);
}

/** How many workers to start: the --workers flag, or one per CPU the process may run on (its affinity). */
export function workerCount(requested: number, available: number): number {
  return requested > 0 ? requested : Math.max(1, available);
}

/**
 * What each process of a multi-process server prints on stderr when it stops: how many connections it
 * accepted, so a test or a run can see that every process took its share (and how evenly).
 */
export interface ServedLine {
  readonly event: 'served';
  readonly impl: string;
  /** The worker's slot, 1 to N; a replacement keeps the slot of the worker it replaces. */
  readonly worker: number;
  readonly pid: number;
  readonly connections: number;
}

export function servedLine(fields: Omit<ServedLine, 'event'>): string {
  return JSON.stringify({ event: 'served', ...fields } satisfies ServedLine);
}
