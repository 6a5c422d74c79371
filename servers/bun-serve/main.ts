// bun-serve: Bun's native HTTP server (Bun.serve) parses and frames; the core answers.

import { logger, runBunEntry } from '../bun/entry.ts';
import type { Answer } from '../core/answer.ts';

/** The request target as sent: Bun hands over an absolute URL; the core wants the path and query. */
function targetOf(url: string): string {
  const slash = url.indexOf('/', url.indexOf('//') + 2);
  return slash === -1 ? '/' : url.slice(slash);
}

function toResponse(answer: Answer): Response {
  const headers = new Headers();
  for (const [name, value] of answer.headers) headers.set(name, value);
  return new Response(answer.body, { status: answer.status, headers });
}

await runBunEntry('bun-serve', (options, site) => {
  const log = logger(options.log);
  const server = Bun.serve({
    hostname: options.host,
    port: options.port,
    reusePort: false,
    // Bun counts idle time in whole seconds, up to 255, and has no separate header timeout.
    idleTimeout: Math.min(255, Math.max(1, Math.round(options.idleTimeoutMs / 1000))),
    maxRequestBodySize: 1024 * 1024,
    fetch(req, srv) {
      const target = targetOf(req.url);
      const reply = (answer: Answer): Response => {
        if (log !== null) {
          const ip = srv.requestIP(req);
          log(
            `${ip?.address}:${ip?.port} "${req.method} ${target}" ${answer.status} ${answer.body?.length ?? 0}`,
          );
        }
        return toResponse(answer);
      };
      const answer = site.answer({
        method: req.method,
        target,
        ifNoneMatch: req.headers.get('if-none-match'),
        ifModifiedSince: req.headers.get('if-modified-since'),
        range: req.headers.get('range'),
      });
      // A Response, not a Promise, whenever the file table can answer at once: cheaper, and Bun drops
      // a connection whose pipelined requests wait on a pending Promise (see the registry).
      return answer instanceof Promise ? answer.then(reply) : reply(answer);
    },
    error() {
      return new Response('internal error\n', { status: 500 });
    },
  });
  return {
    port: server.port ?? options.port,
    shutdown: () => server.stop(false),
  };
});
