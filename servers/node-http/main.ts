// node-http: the server a typical Node user would write. node:http parses and frames; the core answers.
import { createServer } from 'node:http';
import { makeLogger, runEntry } from '../adapter/node/entry.ts';
import type { Answer, Question } from '../core/answer.ts';

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
      requestTimeout: 0,
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
        if (answer.body === null) res.end();
        else res.end(answer.body);
        if (log !== null) {
          const remote = `${req.socket.remoteAddress}:${req.socket.remotePort}`;
          log(
            `${remote} "${req.method} ${req.url} HTTP/${req.httpVersion}" ${answer.status} ${answer.body?.length ?? 0}`,
          );
        }
      };
      // A request body is never needed; draining it keeps the connection usable for the next request.
      req.resume();
      let answer: Answer | Promise<Answer>;
      try {
        answer = site.answer(question);
      } catch {
        res.writeHead(500).end();
        return;
      }
      if (answer instanceof Promise) {
        answer.then(send, () => res.writeHead(500).end());
      } else {
        send(answer);
      }
    },
  );
  server.maxHeadersCount = 100;
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
