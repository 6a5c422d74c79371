// The contract's shutdown, once for every runtime: on SIGTERM or SIGINT stop accepting, let responses in
// flight finish, and exit 0 within 2 s whatever happens. The entries only wire the signals to it.

/** How long a shutdown may take before the process exits anyway; the contract allows 2 s. */
export const SHUTDOWN_GRACE_MS = 1500;

/**
 * A stop function for the signal handlers: the first call starts the shutdown and exits 0 when it is
 * done or when the grace period ends, whichever comes first; later calls (a second Ctrl-C) do nothing.
 */
export function gracefulStop(shutdown: () => Promise<void>, exit: (code: number) => void): () => void {
  let stopping = false;
  return () => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => exit(0), SHUTDOWN_GRACE_MS);
    shutdown().then(
      () => exit(0),
      () => exit(0),
    );
  };
}
