// The core's answer as a web-standard Response, for the runtimes whose HTTP servers speak
// Request/Response (Bun.serve, Deno.serve): they parse and frame, the core decides what to send.
import { type Answer, bodyLength, errorAnswer, type Site } from '../../core/answer.ts';
import { type FileBody, FileReader } from '../../core/file-body.ts';
import type { FileSystem } from '../../core/files.ts';

/** The request target as sent: the runtimes hand over an absolute URL; the core wants path and query. */
export function targetOf(url: string): string {
  const slash = url.indexOf('/', url.indexOf('//') + 2);
  return slash === -1 ? '/' : url.slice(slash);
}

/** The client asked to close after this answer (RFC 9112 §9.6): say so in the answer too. */
function wantsClose(req: Request): boolean {
  const connection = req.headers.get('connection');
  return connection !== null && /(^|,)\s*close\s*(,|$)/i.test(connection);
}

/**
 * A file too large for memory as a stream the runtime pulls a piece at a time, as fast as the client
 * reads. A file that changes under it errors the stream, and the runtime cuts the connection: never a
 * body of two versions under one Content-Length.
 */
export type FileStream = (
  fs: FileSystem,
  body: FileBody,
  where: string,
) => ReadableStream<Uint8Array> | Promise<ReadableStream<Uint8Array>>;

export function fileStream(fs: FileSystem, body: FileBody, where: string): ReadableStream<Uint8Array> {
  const reader = new FileReader(fs, body);
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        try {
          const piece = await reader.next();
          if (piece === null) {
            await reader.close();
            controller.close();
          } else {
            controller.enqueue(piece);
          }
        } catch (e) {
          console.error(`${where} answer cut short: ${(e as Error).message}`);
          await reader.close();
          controller.error(e);
        }
      },
      cancel: () => reader.close(),
    },
    { highWaterMark: 1 },
  );
}

function toResponse(
  answer: Answer,
  close: boolean,
  fs: FileSystem,
  where: string,
  stream: FileStream = fileStream,
): Response | Promise<Response> {
  const headers = new Headers();
  for (const [name, value] of answer.headers) headers.set(name, value);
  if (close) headers.set('Connection', 'close');
  const body = answer.body;
  if (body === null || body instanceof Uint8Array) {
    return new Response(body as Uint8Array<ArrayBuffer> | null, { status: answer.status, headers });
  }
  const payload = stream(fs, body, where);
  const respond = (s: ReadableStream<Uint8Array>) => new Response(s, { status: answer.status, headers });
  return payload instanceof Promise ? payload.then(respond) : respond(payload);
}

/** Reads and drops a request body: the core answers once the whole request is in, as the lesson does. */
async function drain(body: ReadableStream<Uint8Array>): Promise<boolean> {
  try {
    const reader = body.getReader();
    for (;;) {
      const { done } = await reader.read();
      if (done) return true;
    }
  } catch {
    return false; // the body's framing was broken: the runtime's parser gave up on it
  }
}

/**
 * A Response, not a Promise, whenever the file table can answer at once and there is no body to read:
 * cheaper, and Bun drops a connection whose pipelined requests wait on a pending Promise.
 */
export function answerRequest(
  site: Site,
  req: Request,
  log: ((line: string) => void) | null,
  remote: () => string,
  /** The runtime closes as asked but does not say so in the answer (Bun.serve): add the header here. */
  sayClose = false,
  /** How a file too large for memory becomes a body, where the runtime has a better way than pull(). */
  stream: FileStream = fileStream,
): Response | Promise<Response> {
  const target = targetOf(req.url);
  const close = sayClose && wantsClose(req);
  const reply = (answer: Answer): Response | Promise<Response> => {
    if (log !== null) log(`${remote()} "${req.method} ${target}" ${answer.status} ${bodyLength(answer)}`);
    return toResponse(answer, close, site.fileSystem, target, stream);
  };
  const ask = (): Response | Promise<Response> => {
    const answer = site.answer({
      method: req.method,
      target,
      ifNoneMatch: req.headers.get('if-none-match'),
      ifModifiedSince: req.headers.get('if-modified-since'),
      range: req.headers.get('range'),
      ifRange: req.headers.get('if-range'),
    });
    return answer instanceof Promise ? answer.then(reply) : reply(answer);
  };
  if (req.body === null) return ask();
  // A body whose chunked framing turns out to be broken is answered 400, not with the file.
  return drain(req.body).then((whole) =>
    whole ? ask() : toResponse(errorAnswer(400), true, site.fileSystem, target),
  );
}
