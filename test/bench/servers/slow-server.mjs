// A right HTTP server for the harness's tests that holds every answer for DELAY ms (0: none): the same
// program fast and slow, so a run against the slow one is a real regression of the fast one.
// node slow-server.mjs ROOT DELAY; prints {"port":N} once listening on 127.0.0.1.
import { bundledSite, delayedInOrder, serve } from './tiny-http.mjs';

const [root, delayArg] = process.argv.slice(2);
const delay = Number(delayArg ?? 0);
const site = bundledSite(root);

serve((socket) => {
  const answer = delayedInOrder(socket, () => delay);
  return (path, close) => answer(site(path), close);
});
