// What a server does when accept() fails for want of file descriptors: it logs once per burst (not once
// per failure), waits a little longer each time, and accepts again; the connections already open close,
// descriptors come back, and the server goes on. The transports that own an accept loop use it.

/** First and longest wait between two accepts that failed. */
const FIRST_WAIT_MS = 10;
const LONGEST_WAIT_MS = 1000;

export class AcceptBackoff {
  private readonly log: (line: string) => void;
  private failures = 0;
  private waitMs = FIRST_WAIT_MS;

  constructor(log: (line: string) => void) {
    this.log = log;
  }

  /** After a failed accept: logs the start of a burst, then waits before the next try. */
  wait(err: unknown): Promise<void> {
    if (this.failures === 0) {
      this.log(`accept failed (${(err as Error)?.message ?? String(err)}); retrying until it works again`);
    }
    this.failures++;
    const ms = this.waitMs;
    this.waitMs = Math.min(LONGEST_WAIT_MS, this.waitMs * 2);
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** An accept worked: ends the burst, saying how long it was. */
  recovered(): void {
    if (this.failures === 0) return;
    this.log(`accepting again after ${this.failures} failed accept${this.failures === 1 ? '' : 's'}`);
    this.failures = 0;
    this.waitMs = FIRST_WAIT_MS;
  }
}
