import { truncateSync } from 'node:fs';
import { connect } from 'node:net';
import { startServer } from './helpers/server-process.ts';

const server = await startServer(process.argv[2] ?? 'async@node', ['--root', '/tmp/bigsite']);
const MIB = 1024 * 1024;
const socket = connect({ port: server.port, host: '127.0.0.1' });
let received = 0;
let paused = false;
socket.on('data', (d: Buffer) => {
  received += d.length;
  if (received > 2 * MIB && !paused) {
    paused = true;
    socket.pause();
  }
});
socket.on('end', () => console.log('end at', received));
socket.on('close', () => console.log('close at', received));
socket.on('error', (e) => console.log('error', e.message));
socket.write('GET /cut.bin HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
while (received <= 2 * MIB) await new Promise((r) => setTimeout(r, 20));
await new Promise((r) => setTimeout(r, 300));
truncateSync('/tmp/bigsite/cut.bin', 4 * MIB);
console.log('truncated; received', received);
socket.resume();
await new Promise((r) => setTimeout(r, 3000));
console.log('after 3 s received', received, 'stderr:', server.stderr());
await server.stop();
