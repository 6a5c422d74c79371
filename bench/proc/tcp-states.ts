// Sockets in TIME_WAIT, from /proc/net/tcp and tcp6: the cost a closed connection leaves behind.
import { readFileSync } from 'node:fs';

const TIME_WAIT = '06';

export interface TimeWaitCount {
  /** Entries whose local port is the server's: the server closed first. */
  readonly server: number;
  /** Entries whose remote port is the server's: the client closed first (visible on loopback only). */
  readonly client: number;
}

/** Counts the TIME_WAIT entries of one table's text (the format of /proc/net/tcp). */
export function countTimeWaitIn(table: string, port: number): TimeWaitCount {
  let server = 0;
  let client = 0;
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 4 || fields[3] !== TIME_WAIT) continue;
    const localPort = Number.parseInt(fields[1]!.split(':')[1] ?? '', 16);
    const remotePort = Number.parseInt(fields[2]!.split(':')[1] ?? '', 16);
    if (localPort === port) server++;
    if (remotePort === port) client++;
  }
  return { server, client };
}

/** The texts of /proc/net/tcp and tcp6 that could be read: none where this is not Linux. */
function tcpTables(): string[] {
  return ['/proc/net/tcp', '/proc/net/tcp6'].flatMap((file) => {
    try {
      return [readFileSync(file, 'utf8')];
    } catch {
      return [];
    }
  });
}

export function countTimeWait(port: number): TimeWaitCount {
  let server = 0;
  let client = 0;
  for (const table of tcpTables()) {
    const counts = countTimeWaitIn(table, port);
    server += counts.server;
    client += counts.client;
  }
  return { server, client };
}

/** The states a server's own sockets can be in once accepted or queued, by their code in /proc/net/tcp. */
const STATE_NAMES: Readonly<Record<string, string>> = {
  '01': 'ESTABLISHED',
  '04': 'FIN_WAIT1',
  '05': 'FIN_WAIT2',
  '07': 'CLOSE',
  '08': 'CLOSE_WAIT',
  '09': 'LAST_ACK',
  '0B': 'CLOSING',
};
const LISTEN = '0A';

/**
 * What the kernel holds on a server's port besides TIME_WAIT: the connections waiting in its listeners'
 * accept queues (a LISTEN entry's rx_queue), and every other socket of the port by state, the queued ones
 * included. A server that stopped accepting leaves the first high; one that accepted and stopped
 * answering, or never closed, leaves ESTABLISHED or CLOSE_WAIT sockets.
 */
export interface PortSockets {
  readonly waitingToBeAccepted: number;
  readonly byState: Readonly<Record<string, number>>;
}

export function portSocketsIn(table: string, port: number): PortSockets {
  let waiting = 0;
  const byState: Record<string, number> = {};
  for (const line of table.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 5) continue;
    if (Number.parseInt(fields[1]!.split(':')[1] ?? '', 16) !== port) continue;
    if (fields[3] === LISTEN) {
      waiting += Number.parseInt(fields[4]!.split(':')[1] ?? '0', 16) || 0;
      continue;
    }
    const name = STATE_NAMES[fields[3]!];
    if (name !== undefined) byState[name] = (byState[name] ?? 0) + 1;
  }
  return { waitingToBeAccepted: waiting, byState };
}

/** portSocketsIn over /proc/net/tcp and tcp6; null where neither can be read (not Linux). */
export function portSockets(port: number): PortSockets | null {
  const tables = tcpTables();
  // The second table's header line names no port, so the two read as one.
  return tables.length === 0 ? null : portSocketsIn(tables.join('\n'), port);
}

/** "12 waiting to be accepted; on the port: ESTABLISHED 50, CLOSE_WAIT 3". */
export function portSocketsText(s: PortSockets): string {
  const states = Object.entries(s.byState)
    .sort((a, b) => b[1] - a[1])
    .map(([state, n]) => `${state} ${n}`);
  return `${s.waitingToBeAccepted} waiting to be accepted; on the port: ${states.length === 0 ? 'nothing else' : states.join(', ')}`;
}
