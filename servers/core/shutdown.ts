// The contract's shutdown, once for every runtime: on SIGTERM or SIGINT stop accepting, let responses in
// flight finish, and exit 0 within 2 s whatever happens. The entries only wire the signals to it.

/** How long a shutdown may take before the process exits anyway; the contract allows 2 s. */
export const SHUTDOWN_GRACE_MS = 1500;
/**
 * The grace of each worker process of a multi-process server: shorter, so that the primary, which waits
 * for its workers and kills what is left at its own deadline, finds them gone and their last words said.
 */
export const WORKER_SHUTDOWN_GRACE_MS = 1200;

/**
 * A stop function for the signal handlers: the first call starts the shutdown and exits 0 when it is
 * done or when the grace period ends, whichever comes first; later calls (a second Ctrl-C) do nothing.
 */
export function gracefulStop(
  shutdown: () => Promise<void>,
  exit: (code: number) => void,
  graceMs: number = SHUTDOWN_GRACE_MS,
): () => void {
  let stopping = false;
  return () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => exit(0), graceMs);
    shutdown().then(
      () => exit(0),
      () => exit(0),
    );
  };
}
