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

export function countTimeWait(port: number): TimeWaitCount {
  let server = 0;
  let client = 0;
  for (const file of ['/proc/net/tcp', '/proc/net/tcp6']) {
    let table: string;
    try {
      table = readFileSync(file, 'utf8');
    } catch {
      continue;
    }
    const counts = countTimeWaitIn(table, port);
    server += counts.server;
    client += counts.client;
  }
  return { server, client };
}
