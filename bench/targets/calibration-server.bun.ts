// The calibration target: the least a server can do. It answers every request with the same prepared
// bytes (the bundled index.html, as small asks for it) without parsing more than where a request ends, so
// the load engine against it measures the engine's own ceiling on this machine, not a server.
// bun run calibration-server.bun.ts ROOT; prints {"event":"ready","port":N} once listening on 127.0.0.1.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2] ?? '.';
const body = readFileSync(join(root, 'index.html'));
const head = `HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: ${body.length}\r\n\r\n`;
const answer = Buffer.concat([Buffer.from(head, 'latin1'), body]);
const END = Buffer.from('\r\n\r\n');

interface State {
  pending: Buffer;
}

const server = Bun.listen<State>({
  hostname: '127.0.0.1',
  port: 0,
  socket: {
    open(socket) {
      socket.data = { pending: Buffer.alloc(0) };
    },
    data(socket, data) {
      let bytes = socket.data.pending.length === 0 ? data : Buffer.concat([socket.data.pending, data]);
      let answers = 0;
      for (let end = bytes.indexOf(END); end !== -1; end = bytes.indexOf(END)) {
        answers++;
        bytes = bytes.subarray(end + 4);
      }
      socket.data.pending = Buffer.from(bytes);
      for (let i = 0; i < answers; i++) socket.write(answer);
    },
  },
});
process.stdout.write(`${JSON.stringify({ event: 'ready', port: server.port })}\n`);
process.on('SIGTERM', () => process.exit(0));
