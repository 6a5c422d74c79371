// The messages between the main thread (sockets) and the workers (HTTP). Numbers, not strings, in `t`:
// one of these crosses the thread boundary for every chunk read and every response written.

export interface WorkerInit {
  readonly root: string;
  readonly idleTimeoutMs: number;
  readonly headerTimeoutMs: number;
  readonly log: boolean;
}

/** Main → worker. */
export type ToWorker =
  | { readonly t: 0; readonly id: number; readonly remote: string } // a new connection
  | { readonly t: 1; readonly id: number; readonly b: Uint8Array } // bytes read from it
  | { readonly t: 2; readonly id: number } // the peer half-closed
  | { readonly t: 3; readonly id: number } // the socket is gone
  | { readonly t: 4 } // shut down: finish responses in flight, then close every connection
  | { readonly t: 5; readonly id: number; readonly n: number }; // n bytes of its responses reached the kernel

/** Worker → main. */
export type FromWorker =
  | { readonly t: 1; readonly id: number; readonly b: Uint8Array } // write these bytes
  | { readonly t: 2; readonly id: number } // close the connection after what was written
  | { readonly t: 5 }; // ready to take connections
