// Two fixes to autocannon 9's HTTP client (the version is pinned in package.json), applied in the load
// generator process only:
// 1. It writes the next request on a connection whose response said "Connection: close", then reconnects
//    only when it notices the server's FIN; connections pile up half-closed and requests wait seconds.
//    Like wrk, reconnect first when the response does not keep the connection alive.
//    Each connection it opens is counted (connectsSoFar), so a window can say how many it paid for.
// 2. It concatenates every response body into a string, which nobody reads unless expectBody, verifyBody
//    or onResponse are used (the harness uses none). For the 1 MiB file that string building, not the
//    server, was the limit. Sizes are still counted, from the raw bytes.
import { createRequire } from 'node:module';

interface ClientInternals {
  on(event: 'headers', listener: (info: { shouldKeepAlive: boolean }) => void): void;
  _destroyConnection(): void;
  _connect(): void;
  /** Set when the last response head said the connection will not be kept alive. */
  closeAfterResponse?: boolean;
}

interface ClientClass {
  prototype: { _doRequest(this: ClientInternals): void; _connect(this: ClientInternals): void };
}

let connects = 0;

/** Connections autocannon's clients have opened in this process so far. */
export function connectsSoFar(): number {
  return connects;
}

interface QueueClass {
  prototype: { addBody(data: unknown): void };
}

export function patchAutocannon(): (client: ClientInternals) => void {
  const require = createRequire(import.meta.url);
  const Client = require('autocannon/lib/httpClient.js') as ClientClass;
  const Queue = require('autocannon/lib/pipelinedRequestsQueue.js') as QueueClass;

  Queue.prototype.addBody = () => {};

  const connect = Client.prototype._connect;
  Client.prototype._connect = function (this: ClientInternals) {
    connects++;
    connect.call(this);
  };
  const doRequest = Client.prototype._doRequest;
  Client.prototype._doRequest = function (this: ClientInternals) {
    if (this.closeAfterResponse) {
      this.closeAfterResponse = false;
      // _connect() opens a new connection and sends the next request on it.
      this._destroyConnection();
      this._connect();
      return;
    }
    doRequest.call(this);
  };
  // Passed to autocannon as setupClient: watch each response head for the end of keep-alive.
  return (client) => {
    client.on('headers', (info) => {
      client.closeAfterResponse = !info.shouldKeepAlive;
    });
  };
}
