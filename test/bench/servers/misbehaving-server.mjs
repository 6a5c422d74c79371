// A server that gets the bundled index.html right but misbehaves in one way, for the tests of the engine
// as a judge (argv[3]):
//   twice     writes every answer twice
//   hang      answers normally for HANG_AFTER_MS (argv[4]) after its first request, then never again
//             (SIGUSR1 starts the clock again at the next request: the checks before the load do not count)
// node misbehaving-server.mjs ROOT MODE [ARG]; prints {"port":N} once listening on 127.0.0.1, and
// {"handled":N} (requests it read) when it gets SIGUSR2.
import { answerBytes, bundledSite, serve } from './tiny-http.mjs';

const [root, mode, arg] = process.argv.slice(2);
const site = bundledSite(root);
let handled = 0;
let firstAt = null;

serve((socket) => (path, close) => {
  handled++;
  firstAt ??= Date.now();
  if (mode === 'hang' && Date.now() - firstAt > Number(arg ?? 600)) return;
  const bytes = answerBytes(...site(path), close);
  socket.write(mode === 'twice' ? Buffer.concat([bytes, bytes]) : bytes);
  if (close) socket.end();
});
process.on('SIGUSR1', () => {
  firstAt = null;
  handled = 0;
});
process.on('SIGUSR2', () => process.stdout.write(`${JSON.stringify({ handled })}\n`));
