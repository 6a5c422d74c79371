// deno-serve: Deno's native HTTP server (Deno.serve) parses and frames; the core answers.
import { logger, runDenoEntry } from '../adapter/deno/entry.deno.ts';
import { answerRequest } from '../adapter/web/fetch-answer.ts';

await runDenoEntry('deno-serve', (options, site) => {
  const log = logger(options.log);
  const server = Deno.serve({ hostname: options.host, port: options.port, onListen: () => {} }, (req, info) =>
    answerRequest(site, req, log, () => `${info.remoteAddr.hostname}:${info.remoteAddr.port}`),
  );
  return {
    port: server.addr.port,
    shutdown: () => server.shutdown(),
  };
});
