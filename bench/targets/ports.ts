// Ports for the reference targets, which cannot report the port they bound (nginx, the lesson's server):
// the harness picks a free one, then waits until something accepts on it.
import { connect, createServer } from 'node:net';

/** A port free right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      probe.close(() => resolve(port));
    });
  });
}

function accepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Waits until the port accepts; gives up (false) when `gone()` says the process died, or at the deadline. */
export async function waitUntilAccepting(
  port: number,
  gone: () => boolean,
  signal: AbortSignal,
  timeoutMs = 10_000,
): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await accepts(port))) {
    if (gone() || signal.aborted || Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return true;
}
