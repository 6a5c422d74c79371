// The core's answer as a web-standard Response, for the runtimes whose HTTP servers speak
// Request/Response (Bun.serve, Deno.serve): they parse and frame, the core decides what to send.
import type { Answer, Site } from '../../core/answer.ts';

/** The request target as sent: the runtimes hand over an absolute URL; the core wants path and query. */
export function targetOf(url: string): string {
  const slash = url.indexOf('/', url.indexOf('//') + 2);
  return slash === -1 ? '/' : url.slice(slash);
}

function toResponse(answer: Answer): Response {
  const headers = new Headers();
  for (const [name, value] of answer.headers) headers.set(name, value);
  return new Response(answer.body as Uint8Array<ArrayBuffer> | null, { status: answer.status, headers });
}

/**
 * A Response, not a Promise, whenever the file table can answer at once: cheaper, and Bun drops a
 * connection whose pipelined requests wait on a pending Promise (see the registry).
 */
export function answerRequest(
  site: Site,
  req: Request,
  log: ((line: string) => void) | null,
  remote: () => string,
): Response | Promise<Response> {
  const target = targetOf(req.url);
  const reply = (answer: Answer): Response => {
    if (log !== null)
      log(`${remote()} "${req.method} ${target}" ${answer.status} ${answer.body?.length ?? 0}`);
    return toResponse(answer);
  };
  const answer = site.answer({
    method: req.method,
    target,
    ifNoneMatch: req.headers.get('if-none-match'),
    ifModifiedSince: req.headers.get('if-modified-since'),
    range: req.headers.get('range'),
    ifRange: req.headers.get('if-range'),
  });
  return answer instanceof Promise ? answer.then(reply) : reply(answer);
}
