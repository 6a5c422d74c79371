// One GET over a plain socket, keeping the exact bytes (see responses.ts): the preflight's request.
import { connect } from 'node:net';
import { parseResponses, type RawResponse } from './responses.ts';

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
    const settle = (ended: boolean): void => {
      const { responses, error } = parseResponses(Buffer.concat(chunks), ended);
      const first = responses[0];
      if (first === undefined && error === null && !ended) return;
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
      settle(false);
    });
    socket.on('end', () => settle(true));
    socket.on('error', (e) => reject(e));
  });
}
