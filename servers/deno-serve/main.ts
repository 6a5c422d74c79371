// deno-serve: Deno's native HTTP server (Deno.serve) parses and frames; the core answers.
import type { Answer } from '../core/answer.ts';
import { logger, runDenoEntry } from '../deno/entry.ts';

/** The request target as sent: Deno hands over an absolute URL; the core wants the path and query. */
function targetOf(url: string): string {
  const slash = url.indexOf('/', url.indexOf('//') + 2);
  return slash === -1 ? '/' : url.slice(slash);
}

function toResponse(answer: Answer): Response {
  const headers = new Headers();
  for (const [name, value] of answer.headers) headers.set(name, value);
  return new Response(answer.body as Uint8Array<ArrayBuffer> | null, { status: answer.status, headers });
}

await runDenoEntry('deno-serve', (options, site) => {
  const log = logger(options.log);
  const server = Deno.serve(
    { hostname: options.host, port: options.port, onListen: () => {} },
    (req, info) => {
      const target = targetOf(req.url);
      const reply = (answer: Answer): Response => {
        if (log !== null) {
          const addr = info.remoteAddr;
          log(
            `${addr.hostname}:${addr.port} "${req.method} ${target}" ${answer.status} ${answer.body?.length ?? 0}`,
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
      return answer instanceof Promise ? answer.then(reply) : reply(answer);
    },
  );
  return {
    port: server.addr.port,
    shutdown: () => server.shutdown(),
  };
});
