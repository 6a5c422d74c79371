// One GET over a plain socket, keeping the exact bytes: the preflight compares bodies byte for byte and
// needs the size of the whole response (head included), which an HTTP client library hides.
import { connect } from 'node:net';

export interface RawResponse {
  readonly status: number;
  readonly headBytes: number;
  readonly body: Buffer;
  /** How the body was delimited: Content-Length, chunked, or the server closing the connection. */
  readonly framing: 'length' | 'chunked' | 'close';
}

const HEAD_END = Buffer.from('\r\n\r\n');

function decodeChunked(data: Buffer): Buffer | null {
  const parts: Buffer[] = [];
  let at = 0;
  for (;;) {
    const lineEnd = data.indexOf('\r\n', at);
    if (lineEnd < 0) return null;
    const size = Number.parseInt(data.subarray(at, lineEnd).toString('latin1'), 16);
    if (!Number.isFinite(size)) return null;
    if (size === 0) return Buffer.concat(parts);
    const start = lineEnd + 2;
    if (data.length < start + size + 2) return null;
    parts.push(data.subarray(start, start + size));
    at = start + size + 2;
  }
}

/** Parses what arrived so far; null while the response is not complete. */
export function parseResponse(data: Buffer, ended: boolean): RawResponse | { error: string } | null {
  const headEnd = data.indexOf(HEAD_END);
  if (headEnd < 0) return ended ? { error: 'the connection closed before a complete response head' } : null;
  const head = data.subarray(0, headEnd).toString('latin1');
  const statusMatch = /^HTTP\/1\.[01] (\d{3})/.exec(head);
  if (!statusMatch) return { error: `not an HTTP response: ${JSON.stringify(head.slice(0, 60))}` };
  const status = Number(statusMatch[1]);
  const headBytes = headEnd + HEAD_END.length;
  const rest = data.subarray(headBytes);
  const length = /^content-length:\s*(\d+)\s*$/im.exec(head);
  if (length) {
    const size = Number(length[1]);
    if (rest.length >= size) return { status, headBytes, body: rest.subarray(0, size), framing: 'length' };
    return ended ? { error: `the body ended after ${rest.length} of ${size} bytes` } : null;
  }
  if (/^transfer-encoding:.*chunked/im.test(head)) {
    const body = decodeChunked(rest);
    if (body) return { status, headBytes, body, framing: 'chunked' };
    return ended ? { error: 'the chunked body ended early' } : null;
  }
  return ended ? { status, headBytes, body: rest, framing: 'close' } : null;
}

export function rawGet(host: string, port: number, path: string, timeoutMs = 5000): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const chunks: Buffer[] = [];
    const settle = (ended: boolean): boolean => {
      const result = parseResponse(Buffer.concat(chunks), ended);
      if (result === null) return false;
      socket.destroy();
      if ('error' in result) reject(new Error(result.error));
      else resolve(result);
      return true;
    };
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`no complete answer to GET ${path} within ${timeoutMs} ms`));
    });
    socket.on('connect', () => {
      socket.write(`GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\nConnection: close\r\n\r\n`);
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      settle(false);
    });
    socket.on('end', () => settle(true));
    socket.on('error', (e) => reject(e));
  });
}
