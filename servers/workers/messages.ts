// The messages between the main thread (sockets) and the workers (HTTP). Numbers, not strings, in `t`:
// one of these crosses the thread boundary for every chunk read and every response written. The two
// directions have their own tables; a number means one thing in each.

export interface WorkerInit {
  readonly root: string;
  readonly idleTimeoutMs: number;
  readonly headerTimeoutMs: number;
  readonly log: boolean;
}

/** Main → worker. */
export const TO_WORKER = {
  /** A new connection. */
  OPEN: 0,
  /** Bytes read from it. */
  DATA: 1,
  /** The peer half-closed. */
  PEER_ENDED: 2,
  /** The socket is gone. */
  GONE: 3,
  /** Shut down: finish responses in flight, then close every connection. */
  SHUTDOWN: 4,
  /**
   * `n` bytes of the connection's responses reached the kernel: credit for building more. A buffer the
   * worker marked for reuse comes back with it.
   */
  FLUSHED: 5,
} as const;

export type ToWorker =
  | { readonly t: typeof TO_WORKER.OPEN; readonly id: number; readonly remote: string }
  | { readonly t: typeof TO_WORKER.DATA; readonly id: number; readonly b: Uint8Array }
  | { readonly t: typeof TO_WORKER.PEER_ENDED; readonly id: number }
  | { readonly t: typeof TO_WORKER.GONE; readonly id: number }
  | { readonly t: typeof TO_WORKER.SHUTDOWN }
  | {
      readonly t: typeof TO_WORKER.FLUSHED;
      readonly id: number;
      readonly n: number;
      readonly b?: ArrayBuffer;
    };

/** Worker → main. */
export const FROM_WORKER = {
  /** Write these bytes. */
  WRITE: 1,
  /** Close our side once what was written is sent. */
  END: 2,
  /** Close the socket now: the peer did not close within the linger time. */
  DESTROY: 3,
  /** The worker is ready to take connections. */
  READY: 5,
} as const;

export type FromWorker =
  /** `r`: hand `b`'s buffer back with the FLUSHED message, for the worker to copy into again. */
  | { readonly t: typeof FROM_WORKER.WRITE; readonly id: number; readonly b: Uint8Array; readonly r?: true }
  | { readonly t: typeof FROM_WORKER.END; readonly id: number }
  | { readonly t: typeof FROM_WORKER.DESTROY; readonly id: number }
  | { readonly t: typeof FROM_WORKER.READY };
