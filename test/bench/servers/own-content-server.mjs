// A server with content of its own (not html/), for the --url tests: GET / and GET /page.html answer a page
// that is not the bundled index.html; anything else is 404. argv[2] picks how it answers:
//   steady     the same bytes every time
//   timestamp  the page carries a counter of fixed width that changes with every answer (same length)
//   wrong      right for the first few answers (the preflight), then every 10th is one byte short
// node own-content-server.mjs MODE; prints {"port":N} once listening on 127.0.0.1.
import { send, serve } from './tiny-http.mjs';

const mode = process.argv[2] ?? 'steady';
const page = (n) =>
  Buffer.from(
    `<!doctype html><title>own content</title><p>Nothing of the bundled site here.</p>\n` +
      `<p>answer ${String(mode === 'timestamp' ? n : 0).padStart(12, '0')}</p>\n${'<p>filler</p>\n'.repeat(40)}`,
  );
const notFound = Buffer.from('<!doctype html><title>404</title><p>not here</p>\n');
let served = 0;

function answer(path) {
  served++;
  if (path !== '/' && path !== '/page.html') return [404, 'Not Found', notFound];
  const body = page(served);
  if (mode === 'wrong' && served > 5 && served % 10 === 0) return [200, 'OK', body.subarray(1)];
  return [200, 'OK', body];
}

serve((socket) => (path, close) => send(socket, answer(path), close));
