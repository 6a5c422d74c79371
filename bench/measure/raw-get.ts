// One GET over a plain socket, keeping the exact bytes (see responses.ts): the preflight's request.
import { connect } from 'node:net';
import { parseResponses, type RawResponse } from './responses.ts';

/** Head plus Content-Length, once the head is in and declares a length; null otherwise. */
function expectedSize(bytes: Buffer): number | null {
  const end = bytes.indexOf('\r\n\r\n');
  if (end === -1) return null;
  const length = /\r\ncontent-length:[ \t]*(\d+)[ \t]*\r\n/i.exec(
    bytes.subarray(0, end + 2).toString('latin1'),
  );
  return length ? end + 4 + Number(length[1]) : null;
}

/**
 * `close`: ask with Connection: close, as the close scenario does; otherwise ask as a keep-alive client
 * (no Connection header), since servers answer the two with different heads (a Connection header or not).
 */
export function rawGet(
  host: string,
  port: number,
  path: string,
  { close = true, timeoutMs = 5000 }: { close?: boolean; timeoutMs?: number } = {},
): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port });
    const chunks: Buffer[] = [];
    let received = 0;
    // Joining and parsing everything on every chunk would take quadratic time over a 256 MiB body: parse
    // again only once the declared length is in, or (no length) when what has arrived has doubled.
    let parseAt = 0;
    const settle = (ended: boolean): void => {
      if (!ended && received < parseAt) return;
      const bytes = Buffer.concat(chunks);
      const { responses, error } = parseResponses(bytes, ended);
      const first = responses[0];
      if (first === undefined && error === null && !ended) {
        parseAt = expectedSize(bytes) ?? received * 2;
        return;
      }
      socket.destroy();
      if (first !== undefined) resolve(first);
      else reject(new Error(error ?? 'the connection closed before a complete response head'));
    };
    socket.setTimeout(timeoutMs, () => {
      socket.destroy();
      reject(new Error(`no complete answer to GET ${path} within ${timeoutMs} ms`));
    });
    socket.on('connect', () => {
      socket.write(
        `GET ${path} HTTP/1.1\r\nHost: ${host}:${port}\r\n${close ? 'Connection: close\r\n' : ''}\r\n`,
      );
    });
    socket.on('data', (chunk: Buffer) => {
      chunks.push(chunk);
      received += chunk.length;
      settle(false);
    });
    socket.on('end', () => settle(true));
    socket.on('error', (e) => reject(e));
  });
}
