// A right but noisy HTTP server for the harness's tests: it serves the bundled site correctly, but each
// window of load gets a different speed from the one before: full speed, then every answer held for 20 ms,
// and so on. A window is a burst of at least BURST connections open at once (the load generator's); the
// single connections of the harness's checks start none. Alternating rather than random, so that the
// repetitions always disagree and the test that uses it cannot pass or fail by chance.
// node noisy-server.mjs ROOT; prints {"port":N} once listening on 127.0.0.1.
import { bundledSite, delayedInOrder, serve } from './tiny-http.mjs';

const [root] = process.argv.slice(2);
const site = bundledSite(root);

const BURST = 8;
const HOLD_MS = 20;
let slow = true;
let open = 0;
let counted = false;

serve((socket) => {
  open++;
  // A new window: the first time this many are open since the last time none were.
  if (open >= BURST && !counted) {
    counted = true;
    slow = !slow;
  }
  socket.on('close', () => {
    open--;
    if (open === 0) counted = false;
  });
  const answer = delayedInOrder(socket, () => (slow ? HOLD_MS : 0));
  return (path, close) => answer(site(path), close);
});
