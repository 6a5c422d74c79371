// node-http: the server a typical Node user would write. node:http parses and frames; the core answers.
import { createServer, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { makeLogger, runEntry } from '../adapter/node/entry.ts';
import { type Answer, bodyLength, type Question } from '../core/answer.ts';
import { FileReader } from '../core/file-body.ts';

/**
 * A file too large for memory, a piece at a time, each read once the socket has room (res.write says
 * when). A file that changes under it cuts the connection: never two versions under one Content-Length.
 */
async function sendFile(res: ServerResponse, reader: FileReader): Promise<void> {
  try {
    // res.writableLength: what node:http and the socket still hold of what was written, so the
    // reader knows which of its buffers it may read into again.
    const next = () => reader.next(res.writableLength);
    for (let piece = await next(); piece !== null; piece = await next()) {
      if (res.destroyed) break;
      if (!res.write(piece))
        await new Promise((resolve) => res.once('drain', resolve).once('close', resolve));
    }
    res.end();
  } catch (e) {
    process.stderr.write(`${res.req.url} answer cut short: ${(e as Error).message}\n`);
    res.destroy();
  } finally {
    await reader.close();
  }
}

/** The answers node:http's default clientError handler sends. */
function clientErrorResponse(code: string | undefined): string {
  const status =
    code === 'HPE_HEADER_OVERFLOW'
      ? '431 Request Header Fields Too Large'
      : code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? '408 Request Timeout'
        : '400 Bad Request';
  return `HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`;
}

function header(value: string | string[] | undefined): string | null {
  if (value === undefined) return null;
  return Array.isArray(value) ? value.join(', ') : value;
}

await runEntry('node-http', (options, site) => {
  const log = makeLogger(options.log);
  const server = createServer(
    {
      keepAliveTimeout: options.idleTimeoutMs,
      headersTimeout: options.headerTimeoutMs,
      // The whole request, body included, gets the header timeout, as in the core: a client trickling a
      // body must not hold the connection for ever.
      requestTimeout: options.headerTimeoutMs,
      // Node checks the header timeout on this period (30 s by default), so a short timeout needs a short period.
      connectionsCheckingInterval: Math.max(10, Math.min(1000, Math.floor(options.headerTimeoutMs / 4))),
      maxHeaderSize: 16 * 1024,
    },
    (req, res) => {
      const question: Question = {
        method: req.method ?? 'GET',
        target: req.url ?? '/',
        ifNoneMatch: header(req.headers['if-none-match']),
        ifModifiedSince: header(req.headers['if-modified-since']),
        range: header(req.headers.range),
        ifRange: header(req.headers['if-range']),
      };
      const send = (answer: Answer): void => {
        res.writeHead(answer.status, answer.headers.flat());
        const body = answer.body;
        if (body === null) res.end();
        else if (body instanceof Uint8Array) res.end(body);
        else void sendFile(res, new FileReader(site.fileSystem, body));
        if (log !== null) {
          const remote = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
          log(
            `${remote} "${req.method} ${req.url} HTTP/${req.httpVersion}" ${answer.status} ${bodyLength(answer)}`,
          );
        }
      };
      const answer = (): void => {
        let reply: Answer | Promise<Answer>;
        try {
          reply = site.answer(question);
        } catch {
          res.writeHead(500).end();
          return;
        }
        if (reply instanceof Promise) reply.then(send, () => res.writeHead(500).end());
        else send(reply);
      };
      // A body is read (and dropped) before the answer, as the core does: a body whose framing turns out to
      // be broken gets node:http's 400, not the file. Without a body there is nothing to wait for (and
      // waiting would let node:http reject a request pipelined after a Connection: close first).
      const length = req.headers['content-length'];
      const hasBody =
        req.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
      if (!hasBody || req.complete) answer();
      else {
        req.on('end', answer);
        req.resume();
      }
    },
  );
  server.maxHeadersCount = 100;
  // node:http keeps parsing after a request that said Connection: close and, when more bytes follow
  // before its answer is sent, rejects them with a 400 that replaces the answer. The core answers the
  // request and ignores the rest; so does this adapter. Every other parse error gets node:http's own
  // answer, as its default handler gives it.
  server.on('clientError', (err: NodeJS.ErrnoException, socket) => {
    if (err.code === 'HPE_CLOSED_CONNECTION') return;
    if (socket.writable && (socket as Socket).bytesWritten === 0) socket.write(clientErrorResponse(err.code));
    socket.destroy(err);
  });
  // Answer a request whose client half-closes right after sending it, then close (by default node:http
  // drops such a request unanswered).
  (server as { httpAllowHalfOpen?: boolean }).httpAllowHalfOpen = true;
  return {
    server,
    shutdown: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeIdleConnections();
      }),
  };
});
