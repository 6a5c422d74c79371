// The stalled scenario's slow clients: each holds a connection and sends its request head one byte at a
// time, then reads the answer and starts over (on a new connection if the server closed it). Against a
// server that serves one connection at a time, each of them holds everyone else up.
import { connect, type Socket } from 'node:net';

const REQUEST_HEAD_END = '\r\n\r\n';
const RECONNECT_DELAY_MS = 50;

export class SlowClients {
  private readonly host: string;
  private readonly port: number;
  private readonly byteIntervalMs: number;
  private readonly request: Buffer;
  private readonly sockets = new Set<Socket>();
  private readonly timers = new Set<NodeJS.Timeout>();
  private stopped = false;
  /** Requests that got a complete response head. */
  completed = 0;

  constructor(host: string, port: number, count: number, byteIntervalMs: number) {
    this.host = host;
    this.port = port;
    this.byteIntervalMs = byteIntervalMs;
    this.request = Buffer.from(`GET / HTTP/1.1\r\nHost: ${host}:${port}${REQUEST_HEAD_END}`, 'latin1');
    for (let i = 0; i < count; i++) this.open();
  }

  private later(fn: () => void, ms: number): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      fn();
    }, ms);
    this.timers.add(timer);
  }

  private open(): void {
    if (this.stopped) return;
    const socket = connect({ host: this.host, port: this.port });
    this.sockets.add(socket);
    socket.setNoDelay(true);
    let sent = 0;
    let head = '';
    let bodyLeft = 0;
    const sendNextByte = () => {
      if (this.stopped || socket.destroyed || sent >= this.request.length) return;
      socket.write(this.request.subarray(sent, sent + 1));
      sent++;
      this.later(sendNextByte, this.byteIntervalMs);
    };
    socket.on('connect', sendNextByte);
    socket.on('data', (chunk: Buffer) => {
      let text = chunk.toString('latin1');
      if (bodyLeft > 0) {
        const skipped = Math.min(bodyLeft, text.length);
        bodyLeft -= skipped;
        text = text.slice(skipped);
      }
      head += text;
      const headEnd = head.indexOf(REQUEST_HEAD_END);
      if (headEnd < 0) return;
      // The answer arrived: skip its body, then start the next slow request on this connection.
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head.slice(0, headEnd));
      bodyLeft = Math.max(0, Number(length?.[1] ?? 0) - (head.length - headEnd - REQUEST_HEAD_END.length));
      head = '';
      this.completed++;
      sent = 0;
      this.later(sendNextByte, this.byteIntervalMs);
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.sockets.delete(socket);
      this.later(() => this.open(), RECONNECT_DELAY_MS);
    });
  }

  stop(): void {
    this.stopped = true;
    for (const timer of this.timers) clearTimeout(timer);
    this.timers.clear();
    for (const socket of this.sockets) socket.destroy();
    this.sockets.clear();
  }
}
