// A deliberately wrong HTTP server for the harness's tests: right for the first few requests (so it passes
// the preflight), then every Nth answer is wrong in one of three ways chosen by argv[3]:
//   length   GET / answered with the body one byte short under a Content-Length one byte short
//   status   a missing path answered 500 instead of 404
//   body     GET / answered with one byte of the body changed (same length)
// node wrong-server.mjs ROOT MODE [EVERY]; prints {"port":N} once listening on 127.0.0.1.
import { bundledSite, NOT_FOUND, send, serve } from './tiny-http.mjs';

const [root, mode, everyText] = process.argv.slice(2);
const every = Number(everyText ?? 10);
const site = bundledSite(root);
let served = 0;

function answer(path) {
  served++;
  const wrong = served > 5 && served % every === 0;
  const [status, reason, body] = site(path);
  if (status === 200) {
    if (wrong && mode === 'length') return [200, 'OK', body.subarray(0, body.length - 1)];
    if (wrong && mode === 'body') {
      const changed = Buffer.from(body);
      changed[10] ^= 0xff;
      return [200, 'OK', changed];
    }
  }
  if (status === 404 && wrong && mode === 'status') return [500, 'Internal Server Error', NOT_FOUND];
  return [status, reason, body];
}

serve((socket) => (path, close) => send(socket, answer(path), close));
