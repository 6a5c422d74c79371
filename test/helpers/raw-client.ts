// A deliberately dumb HTTP client on a raw socket: the tests must see exactly the bytes a server sends,
// and must not trust the project's own request parser to read them (responses.ts is plain on purpose).
import { connect, type Socket } from 'node:net';
import { parseResponses, type RawResponse } from '../../bench/measure/responses.ts';

export type { RawResponse };

/** How the server ended the connection: a clean close (FIN), a reset (RST), or not at all while we waited. */
export type Ending = 'fin' | 'reset' | 'open';

export interface Exchange {
  /** Every complete response read, in order. */
  readonly responses: RawResponse[];
  /** Whether the server closed the connection (cleanly or by a reset). */
  readonly closed: boolean;
  readonly ended: Ending;
  /** Milliseconds from the connect to the close, or to when we stopped waiting. */
  readonly elapsedMs: number;
  /** Bytes after the last complete response. */
  readonly rest: Buffer;
}

/** The responses in what a server sent, as the tests read them: unparseable bytes stay in `rest`. */
export function parseReply(data: Buffer, ended = true, noBody?: (index: number) => boolean) {
  return parseResponses(data, ended, noBody);
}

export interface SendOptions {
  /** Stop waiting after this many complete responses (the server may keep the connection open). */
  readonly responses?: number;
  /** Give up after this long; the exchange is returned as it stands. */
  readonly timeoutMs?: number;
  /** Requests whose answers have no body (HEAD), by index. */
  readonly noBody?: (index: number) => boolean;
  /** Pieces to send one after another, with this delay between them. */
  readonly delayMs?: number;
  readonly host?: string;
}

/**
 * Sends raw bytes (or pieces of them) and collects what comes back until `responses` complete answers
 * arrived (when given), the server closes, or `timeoutMs` passes. A FIN and a reset are told apart: a
 * reset can destroy answers the server sent, so a server that says it closes must close cleanly.
 */
export function exchange(
  port: number,
  pieces: string | Buffer | (string | Buffer)[],
  opts: SendOptions = {},
): Promise<Exchange> {
  const list = Array.isArray(pieces) ? pieces : [pieces];
  const want = opts.responses ?? Number.POSITIVE_INFINITY;
  const timeoutMs = opts.timeoutMs ?? 5000;
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const socket: Socket = connect({ port, host: opts.host ?? '127.0.0.1' });
    const chunks: Buffer[] = [];
    let ended: Ending = 'open';
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const elapsedMs = Date.now() - started;
      const { responses, rest } = parseResponses(Buffer.concat(chunks), ended !== 'open', opts.noBody);
      socket.destroy();
      resolve({ responses, closed: ended !== 'open', ended, elapsedMs, rest });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      if (
        want !== Number.POSITIVE_INFINITY &&
        parseResponses(Buffer.concat(chunks), false, opts.noBody).responses.length >= want
      ) {
        finish();
      }
    });
    socket.on('end', () => {
      if (ended === 'open') ended = 'fin';
      finish();
    });
    socket.on('close', () => {
      if (ended === 'open') ended = 'reset'; // closed with no FIN seen and no error: destroyed under us
      finish();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNRESET' || err.code === 'EPIPE') {
        if (ended === 'open') ended = 'reset';
        finish();
      } else if (!settled) {
        settled = true;
        clearTimeout(timer);
        reject(err);
      }
    });
    socket.on('connect', async () => {
      for (let i = 0; i < list.length; i++) {
        if (socket.destroyed) return;
        socket.write(list[i]!);
        if (opts.delayMs && i < list.length - 1) await new Promise((r) => setTimeout(r, opts.delayMs));
      }
    });
  });
}

/** One GET with Connection: close; the common case in tests. */
export async function get(
  port: number,
  path: string,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  const extra = Object.entries(headers)
    .map(([k, v]) => `${k}: ${v}\r\n`)
    .join('');
  const ex = await exchange(
    port,
    `GET ${path} HTTP/1.1\r\nHost: localhost\r\n${extra}Connection: close\r\n\r\n`,
  );
  const r = ex.responses[0];
  if (r === undefined) throw new Error(`no response to GET ${path}`);
  return r;
}
