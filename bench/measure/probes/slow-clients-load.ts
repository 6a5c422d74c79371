// The slow clients of the stalled and slowloris scenarios: each holds a connection and sends its request
// head one byte at a time, then reads the answer and starts over (on a new connection if the server
// closed it). Against a server that serves one connection at a time, each of them holds everyone else up;
// a server with a header timeout cuts off a head that takes longer than it allows (408 and close).
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
  /** Requests that got a complete answer head other than 408. */
  completed = 0;
  /** Slow requests the server cut off: answered 408, or closed before the head was all sent. */
  cut = 0;

  /**
   * `padding`: bytes of an extra header line, to make a head that takes longer to send than the
   * servers' header timeout (10 s) and is cut off by it.
   */
  constructor(host: string, port: number, count: number, byteIntervalMs: number, padding = 0) {
    this.host = host;
    this.port = port;
    this.byteIntervalMs = byteIntervalMs;
    const extra = padding > 0 ? `X-Slow: ${'s'.repeat(padding)}\r\n` : '';
    this.request = Buffer.from(`GET / HTTP/1.1\r\nHost: ${host}:${port}\r\n${extra}\r\n`, 'latin1');
    // Spread the connects over the first byte interval, so a thousand of them do not land at once.
    for (let i = 0; i < count; i++) this.later(() => this.open(), (i * byteIntervalMs) / Math.max(1, count));
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
      const status = Number(/^HTTP\/1\.[01] (\d{3})/.exec(head)?.[1] ?? 0);
      if (status === 408) this.cut++;
      else this.completed++;
      const length = /\r\ncontent-length:\s*(\d+)/i.exec(head.slice(0, headEnd));
      bodyLeft = Math.max(0, Number(length?.[1] ?? 0) - (head.length - headEnd - REQUEST_HEAD_END.length));
      head = '';
      sent = 0;
      this.later(sendNextByte, this.byteIntervalMs);
    });
    socket.on('error', () => {});
    socket.on('close', () => {
      this.sockets.delete(socket);
      // Closed in the middle of a head, with no answer to it: the server gave up on this client.
      if (!this.stopped && sent > 0) this.cut++;
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
