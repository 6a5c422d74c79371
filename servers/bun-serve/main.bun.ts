// bun-serve: Bun's native HTTP server (Bun.serve) parses and frames; the core answers.
import { logger, runBunEntry } from '../adapter/bun/entry.bun.ts';
import { directFileStream } from '../adapter/bun/file-stream.bun.ts';
import { answerRequest } from '../adapter/web/fetch-answer.ts';

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
      return answerRequest(
        site,
        req,
        log,
        () => {
          const ip = srv.requestIP(req);
          return `${ip?.address}:${ip?.port}`;
        },
        true,
        directFileStream,
      );
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
