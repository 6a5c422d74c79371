// deno-serve: Deno's native HTTP server (Deno.serve) parses and frames; the core answers.
import { logger, runDenoEntry } from '../adapter/deno/entry.deno.ts';
import { checkedFileStream } from '../adapter/deno/file-stream.deno.ts';
import { answerRequest } from '../adapter/web/fetch-answer.ts';
import { AcceptBackoff } from '../core/accept-backoff.ts';

await runDenoEntry('deno-serve', (options, site) => {
  const log = logger(options.log);
  const handler = (req: Request, info: Deno.ServeHandlerInfo<Deno.NetAddr>) =>
    answerRequest(
      site,
      req,
      log,
      () => `${info.remoteAddr.hostname}:${info.remoteAddr.port}`,
      false,
      checkedFileStream,
    );
  const listen = (port: number) =>
    Deno.serve(
      {
        hostname: options.host,
        port,
        onListen: () => {},
        onError: () => new Response(null, { status: 500 }),
      },
      handler,
    );
  let server = listen(options.port);
  const port = server.addr.port;
  let stopping = false;
  // Deno.serve stops listening for good when accept() fails for want of file descriptors (EMFILE): it
  // ends its server. Listen again on the same port, a little later each time, until descriptors are free.
  const backoff = new AcceptBackoff((line) => console.error(line));
  const watch = (s: Deno.HttpServer<Deno.NetAddr>): void => {
    s.finished.then(
      () => relisten(),
      (err) => relisten(err),
    );
  };
  const relisten = async (err?: unknown): Promise<void> => {
    for (let reason: unknown = err ?? new Error('Deno.serve stopped listening'); !stopping; ) {
      await backoff.wait(reason);
      try {
        server = listen(port);
        backoff.recovered();
        watch(server);
        return;
      } catch (e) {
        reason = e;
      }
    }
  };
  watch(server);
  return {
    port,
    shutdown: () => {
      stopping = true;
      return server.shutdown();
    },
  };
});
