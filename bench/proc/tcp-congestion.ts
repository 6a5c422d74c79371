// The kernel's TCP congestion control: read for the record and, with --tcp-congestion, set for the run and
// put back afterwards. It matters on loopback because BBR paces every connection from its own estimate of
// the bandwidth, in TCP itself when no fq qdisc does it, and loopback has none. An answer of many segments
// then leaves at the pace, and the pace follows how the client reads (model/pacing.ts; the figures measured
// under each are in docs/performance.md).
import { readFileSync, writeFileSync } from 'node:fs';

const CURRENT = '/proc/sys/net/ipv4/tcp_congestion_control';
const AVAILABLE = '/proc/sys/net/ipv4/tcp_available_congestion_control';

function read(path: string): string | null {
  try {
    return readFileSync(path, 'utf8').trim();
  } catch {
    return null;
  }
}

/** The congestion control new TCP sockets get; null where the kernel does not say (not Linux). */
export function congestionControl(): string | null {
  return read(CURRENT);
}

let restoreTo: string | null = null;
let exitHooked = false;

/** Puts back the congestion control the run found. Safe to call more than once, and from an exit handler. */
export function restoreCongestionControl(): void {
  if (restoreTo === null) return;
  const previous = restoreTo;
  restoreTo = null;
  try {
    writeFileSync(CURRENT, previous);
  } catch (e) {
    process.stderr.write(
      `bench: could not put net.ipv4.tcp_congestion_control back to ${previous}: ${(e as Error).message}\n`,
    );
  }
}

/**
 * Sets the congestion control of the connections made and accepted from now on (an accepted one takes
 * the default of the moment, checked with ss, unless its listener chose one) until
 * restoreCongestionControl() or the process's exit. A one-line error when the name is not available
 * here or the file cannot be written (it takes root).
 */
export function setCongestionControl(name: string): { previous: string } | { error: string } {
  const previous = congestionControl();
  const available = read(AVAILABLE)?.split(/\s+/) ?? null;
  if (previous === null || available === null) {
    return { error: `--tcp-congestion: this system has no ${CURRENT} to set` };
  }
  if (!available.includes(name)) {
    return { error: `--tcp-congestion: "${name}" is not available here; available: ${available.join(', ')}` };
  }
  if (name === previous) return { previous };
  try {
    writeFileSync(CURRENT, name);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code ?? (e as Error).message;
    return { error: `--tcp-congestion needs root to write ${CURRENT} (${code})` };
  }
  // Every way out of the process puts it back, short of SIGKILL.
  if (!exitHooked) process.on('exit', restoreCongestionControl);
  exitHooked = true;
  restoreTo = previous;
  return { previous };
}
