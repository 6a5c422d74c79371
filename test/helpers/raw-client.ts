// A deliberately dumb HTTP client on a raw socket: the tests must see exactly the bytes a server sends,
// and must not trust the project's own parser to read them.
import { connect, type Socket } from 'node:net';

export interface RawResponse {
  readonly status: number;
  readonly statusLine: string;
  /** Header names lower-cased; repeated headers joined with ", ". */
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

export interface Exchange {
  /** Every complete response read, in order. */
  readonly responses: RawResponse[];
  /** Whether the server closed the connection. */
  readonly closed: boolean;
  /** Bytes after the last complete response. */
  readonly rest: Buffer;
}

/**
 * Parses consecutive responses from raw bytes. A response without Content-Length runs to the end of
 * the data (that is how a close-delimited body is framed). HEAD answers need `headFor` to skip bodies.
 */
export function parseResponses(
  data: Buffer,
  noBody: (index: number) => boolean = () => false,
): {
  responses: RawResponse[];
  rest: Buffer;
} {
  const responses: RawResponse[] = [];
  let at = 0;
  while (at < data.length) {
    const end = data.indexOf('\r\n\r\n', at);
    if (end === -1) break;
    const lines = data.subarray(at, end).toString('latin1').split('\r\n');
    const statusLine = lines[0]!;
    const m = /^HTTP\/1\.[01] (\d{3}) /.exec(statusLine + ' ');
    if (!m) throw new Error(`not a status line: ${JSON.stringify(statusLine)}`);
    const status = Number(m[1]);
    const headers: Record<string, string> = {};
    for (const line of lines.slice(1)) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
    }
    let bodyEnd: number;
    const skip =
      noBody(responses.length) || status === 304 || status === 204 || (status >= 100 && status < 200);
    if (skip) bodyEnd = end + 4;
    else if (headers['content-length'] !== undefined) bodyEnd = end + 4 + Number(headers['content-length']);
    else if (headers['transfer-encoding']?.includes('chunked')) {
      // Only the runtimes' own servers ever chunk; decode minimally.
      let p = end + 4;
      const parts: Buffer[] = [];
      for (;;) {
        const le = data.indexOf('\r\n', p);
        if (le === -1) return { responses, rest: data.subarray(at) };
        const size = Number.parseInt(data.subarray(p, le).toString('latin1'), 16);
        if (size === 0) {
          bodyEnd = data.indexOf('\r\n\r\n', le - 2) + 4;
          break;
        }
        parts.push(data.subarray(le + 2, le + 2 + size));
        p = le + 2 + size + 2;
      }
      responses.push({ status, statusLine, headers, body: Buffer.concat(parts) });
      at = bodyEnd;
      continue;
    } else bodyEnd = data.length;
    if (bodyEnd > data.length) break;
    responses.push({ status, statusLine, headers, body: data.subarray(end + 4, bodyEnd) });
    at = bodyEnd;
  }
  return { responses, rest: data.subarray(at) };
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

/** Sends raw bytes (or pieces of them), collects what comes back until enough responses arrive or the server closes. */
export function exchange(
  port: number,
  pieces: string | Buffer | (string | Buffer)[],
  opts: SendOptions = {},
): Promise<Exchange> {
  const list = Array.isArray(pieces) ? pieces : [pieces];
  const want = opts.responses ?? Number.POSITIVE_INFINITY;
  const timeoutMs = opts.timeoutMs ?? 5000;
  return new Promise((resolve, reject) => {
    const socket: Socket = connect({ port, host: opts.host ?? '127.0.0.1' });
    const chunks: Buffer[] = [];
    let closed = false;
    let settled = false;
    const finish = (): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      const { responses, rest } = parseResponses(Buffer.concat(chunks), opts.noBody);
      socket.destroy();
      resolve({ responses, closed, rest });
    };
    const timer = setTimeout(finish, timeoutMs);
    socket.on('data', (d: Buffer) => {
      chunks.push(d);
      if (
        want !== Number.POSITIVE_INFINITY &&
        parseResponses(Buffer.concat(chunks), opts.noBody).responses.length >= want
      ) {
        finish();
      }
    });
    socket.on('end', () => {
      closed = true;
      finish();
    });
    socket.on('close', () => {
      closed = true;
      finish();
    });
    socket.on('error', (err: NodeJS.ErrnoException) => {
      if (err.code === 'ECONNRESET') {
        closed = true;
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
