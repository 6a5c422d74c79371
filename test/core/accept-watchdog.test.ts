// When a listener that has stopped accepting (node:net on Deno after EMFILE) is found out: the watchdogs'
// decisions, tick by tick, against the times and counts the adapter reports, and how the counts are read
// from Linux's listing of TCP sockets. The fd-exhaustion conformance test runs them for real, on every
// node:net server on Deno (cluster and reuseport workers included) with a low limit on open files.
import { describe, expect, test } from 'vitest';
import {
  AcceptWatchdog,
  BacklogWatchdog,
  IDLE_MS,
  listeningSockets,
  PROBE_WAIT_MS,
  pastListeners,
  probeHost,
  RELISTENS_BEFORE_GIVING_UP,
  STALL_MS,
  TICK_MS,
  type WatchdogAction,
} from '../../servers/core/accept-watchdog.ts';

/** Ticks every TICK_MS from `from` (exclusive) to `to` (inclusive); the actions that were not 'wait'. */
function ticks(dog: AcceptWatchdog, from: number, to: number): [number, WatchdogAction][] {
  const out: [number, WatchdogAction][] = [];
  for (let t = from + TICK_MS; t <= to; t += TICK_MS) {
    const action = dog.tick(t);
    if (action !== 'wait') out.push([t, action]);
  }
  return out;
}

describe('the accept watchdog', () => {
  test('the periods it is built on: a tick well inside the idle and probe waits', () => {
    expect([IDLE_MS, PROBE_WAIT_MS, TICK_MS, RELISTENS_BEFORE_GIVING_UP]).toEqual([1000, 1000, 250, 5]);
  });

  test('waits while connections are accepted, and probes once nothing was accepted for IDLE_MS', () => {
    const dog = new AcceptWatchdog(0);
    expect(dog.tick(TICK_MS)).toBe('wait');
    dog.accepted(500);
    expect(ticks(dog, TICK_MS, 500 + IDLE_MS - 1)).toEqual([]);
    expect(dog.tick(500 + IDLE_MS)).toBe('probe');
  });

  test('probes exactly at IDLE_MS after the start, not a tick before', () => {
    const dog = new AcceptWatchdog(1000);
    expect(ticks(dog, 1000, 1000 + IDLE_MS)).toEqual([[1000 + IDLE_MS, 'probe']]);
  });

  test('a probe accepted in time: no relisten, and the next probe only after another quiet IDLE_MS', () => {
    const dog = new AcceptWatchdog(0);
    expect(ticks(dog, 0, 1000)).toEqual([[1000, 'probe']]);
    dog.accepted(1100);
    expect(ticks(dog, 1000, 2000)).toEqual([]);
    expect(ticks(dog, 2000, 2100 + IDLE_MS)).toEqual([[2250, 'probe']]);
  });

  test('a probe neither accepted nor refused within PROBE_WAIT_MS: listen again', () => {
    const dog = new AcceptWatchdog(0);
    expect(ticks(dog, 0, 1000)).toEqual([[1000, 'probe']]);
    expect(ticks(dog, 1000, 1000 + PROBE_WAIT_MS - 1)).toEqual([]);
    expect(dog.tick(1000 + PROBE_WAIT_MS)).toBe('relisten');
  });

  test('after listening again, the next probe waits for IDLE_MS of quiet first', () => {
    const dog = new AcceptWatchdog(0);
    expect(ticks(dog, 0, 2000)).toEqual([
      [1000, 'probe'],
      [2000, 'relisten'],
    ]);
    expect(ticks(dog, 2000, 3000)).toEqual([[3000, 'probe']]);
  });

  test('a probe that failed (no descriptor free, or refused) shows nothing: probe again after IDLE_MS', () => {
    const dog = new AcceptWatchdog(0);
    expect(dog.tick(1000)).toBe('probe');
    dog.probeFailed(1100);
    // Never a relisten for it, however long it has been since it went out.
    expect(ticks(dog, 1000, 2099)).toEqual([]);
    expect(ticks(dog, 2000, 2250)).toEqual([[2250, 'probe']]);
  });

  test('a probe out while the event loop was held up gets its whole wait again', () => {
    const dog = new AcceptWatchdog(0);
    expect(dog.tick(1000)).toBe('probe');
    expect(dog.tick(1250)).toBe('wait');
    // The loop was held up for 1.5 s: the probe's accept could not have run either.
    expect(dog.tick(2750)).toBe('wait');
    expect(ticks(dog, 2750, 2750 + PROBE_WAIT_MS - TICK_MS)).toEqual([]);
    expect(dog.tick(2750 + PROBE_WAIT_MS)).toBe('relisten');
  });

  test('a tick just within twice TICK_MS of the one before is on time', () => {
    const dog = new AcceptWatchdog(0);
    expect(dog.tick(1000)).toBe('probe');
    expect(dog.tick(1000 + 2 * TICK_MS)).toBe('wait');
    expect(dog.tick(1000 + 4 * TICK_MS)).toBe('relisten');
  });

  test('a late tick with no probe out probes as usual', () => {
    const dog = new AcceptWatchdog(0);
    expect(dog.tick(5000)).toBe('probe');
  });

  test(`gives up after ${RELISTENS_BEFORE_GIVING_UP} relistens in a row that did not help`, () => {
    const dog = new AcceptWatchdog(0);
    const actions = ticks(dog, 0, 2000 * (RELISTENS_BEFORE_GIVING_UP + 1)).map(([, a]) => a);
    expect(actions).toEqual([
      ...Array.from({ length: RELISTENS_BEFORE_GIVING_UP }, () => ['probe', 'relisten']).flat(),
      'probe',
      'give-up',
    ]);
  });

  test('a connection accepted between relistens starts the count again', () => {
    const dog = new AcceptWatchdog(0);
    let t = 0;
    const stuckOnce = (): WatchdogAction[] => {
      const out = ticks(dog, t, t + 2000).map(([, a]) => a);
      t += 2000;
      return out;
    };
    for (let i = 0; i < RELISTENS_BEFORE_GIVING_UP; i++) expect(stuckOnce()).toEqual(['probe', 'relisten']);
    dog.accepted(t);
    for (let i = 0; i < RELISTENS_BEFORE_GIVING_UP; i++) expect(stuckOnce()).toEqual(['probe', 'relisten']);
    expect(stuckOnce()).toEqual(['probe', 'give-up']);
  });

  test('a failed probe does not start the count again', () => {
    const dog = new AcceptWatchdog(0);
    let t = 0;
    for (let i = 0; i < RELISTENS_BEFORE_GIVING_UP; i++) {
      expect(ticks(dog, t, t + 2000).map(([, a]) => a)).toEqual(['probe', 'relisten']);
      t += 2000;
    }
    expect(dog.tick(t + 1000)).toBe('probe');
    dog.probeFailed(t + 1000);
    expect(ticks(dog, t + 1000, t + 3000).map(([, a]) => a)).toEqual(['probe', 'give-up']);
  });
});

describe('where a probe connects', () => {
  test.each([
    ['0.0.0.0', '127.0.0.1'],
    ['::', '::1'],
    ['127.0.0.1', '127.0.0.1'],
    ['::1', '::1'],
    ['localhost', 'localhost'],
    ['10.1.2.3', '10.1.2.3'],
  ])('a server on %s is reached at %s', (host, probe) => {
    expect(probeHost(host)).toBe(probe);
  });
});

/** Ticks every TICK_MS from `from` (exclusive) to `to` (inclusive), `waiting` at each; the actions not 'wait'. */
function backlogTicks(
  dog: BacklogWatchdog,
  from: number,
  to: number,
  waiting: number | null,
): [number, WatchdogAction][] {
  const out: [number, WatchdogAction][] = [];
  for (let t = from + TICK_MS; t <= to; t += TICK_MS) {
    const action = dog.tick(t, waiting);
    if (action !== 'wait') out.push([t, action]);
  }
  return out;
}

describe('the backlog watchdog (a listener that shares its port)', () => {
  test('the stall it is built on: four ticks', () => {
    expect(STALL_MS).toBe(1000);
  });

  test('nothing waiting, or nothing known, for however long: it never acts', () => {
    const dog = new BacklogWatchdog();
    expect(backlogTicks(dog, 0, 60_000, 0)).toEqual([]);
    expect(backlogTicks(dog, 60_000, 120_000, null)).toEqual([]);
  });

  test('connections waiting at every tick for STALL_MS with nothing accepted: listen again', () => {
    const dog = new BacklogWatchdog();
    expect(dog.tick(250, 3)).toBe('wait');
    expect(backlogTicks(dog, 250, 250 + STALL_MS - TICK_MS, 3)).toEqual([]);
    expect(dog.tick(250 + STALL_MS, 1)).toBe('relisten');
  });

  test('a connection accepted meanwhile starts the wait again', () => {
    const dog = new BacklogWatchdog();
    expect(backlogTicks(dog, 0, 750, 2)).toEqual([]);
    dog.accepted();
    // The first tick after it starts the wait.
    expect(backlogTicks(dog, 750, 1750, 2)).toEqual([]);
    expect(dog.tick(2000, 2)).toBe('relisten');
  });

  test('a tick with nobody waiting starts the wait again (another worker took them)', () => {
    const dog = new BacklogWatchdog();
    expect(backlogTicks(dog, 0, 750, 5)).toEqual([]);
    expect(dog.tick(1000, 0)).toBe('wait');
    expect(backlogTicks(dog, 1000, 2000, 5)).toEqual([]);
    expect(dog.tick(2250, 5)).toBe('relisten');
  });

  test('a tick that could not count shows nothing, and keeps the wait going', () => {
    const dog = new BacklogWatchdog();
    expect(dog.tick(250, 4)).toBe('wait');
    expect(dog.tick(500, null)).toBe('wait');
    expect(dog.tick(750, null)).toBe('wait');
    expect(dog.tick(1000, 4)).toBe('wait');
    expect(dog.tick(1250, 4)).toBe('relisten');
  });

  test('after a loop held up, the connections get their whole wait again', () => {
    const dog = new BacklogWatchdog();
    expect(dog.tick(250, 4)).toBe('wait');
    expect(dog.tick(500, 4)).toBe('wait');
    // Held up for 1.5 s: the accept could not have run either.
    expect(dog.tick(2000, 4)).toBe('wait');
    expect(backlogTicks(dog, 2000, 2000 + STALL_MS - TICK_MS, 4)).toEqual([]);
    expect(dog.tick(2000 + STALL_MS, 4)).toBe('relisten');
  });

  test('a tick just within twice TICK_MS of the one before is on time', () => {
    const dog = new BacklogWatchdog();
    expect(dog.tick(250, 4)).toBe('wait');
    expect(dog.tick(250 + 2 * TICK_MS, 4)).toBe('wait');
    expect(dog.tick(250 + 4 * TICK_MS, 4)).toBe('relisten');
  });

  test('after listening again, the next relisten needs a whole STALL_MS of waiting again', () => {
    const dog = new BacklogWatchdog();
    expect(backlogTicks(dog, 0, 1250, 4)).toEqual([[1250, 'relisten']]);
    expect(backlogTicks(dog, 1250, 2250, 4)).toEqual([]);
    expect(dog.tick(2500, 4)).toBe('relisten');
  });

  test(`gives up after ${RELISTENS_BEFORE_GIVING_UP} relistens in a row that did not help`, () => {
    const dog = new BacklogWatchdog();
    const period = STALL_MS + TICK_MS;
    const actions = backlogTicks(dog, 0, period * (RELISTENS_BEFORE_GIVING_UP + 1), 7).map(([, a]) => a);
    expect(actions).toEqual([...Array(RELISTENS_BEFORE_GIVING_UP).fill('relisten'), 'give-up']);
  });

  test('a connection accepted between relistens starts the count again', () => {
    const dog = new BacklogWatchdog();
    const period = STALL_MS + TICK_MS;
    let t = 0;
    const stuckOnce = (): WatchdogAction[] => {
      const out = backlogTicks(dog, t, t + period, 7).map(([, a]) => a);
      t += period;
      return out;
    };
    for (let i = 0; i < RELISTENS_BEFORE_GIVING_UP; i++) expect(stuckOnce()).toEqual(['relisten']);
    dog.accepted();
    for (let i = 0; i < RELISTENS_BEFORE_GIVING_UP; i++) expect(stuckOnce()).toEqual(['relisten']);
    expect(stuckOnce()).toEqual(['give-up']);
  });
});

/** The start of a real /proc/net/tcp: two listeners (the second with 2 connections waiting), then others. */
const PROC_NET_TCP = [
  '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
  '   0: 0100007F:9B2D 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 3411572 1 00000000771af01d 100 0 0 10 0',
  '   1: 0100007F:1F05 00000000:0000 0A 00000000:0000001C 00:00000000 00000000  1000        0 3414217 3 00000000dc0562db 100 0 0 10 0',
  '   2: 0100007F:A1B2 0100007F:1F05 01 00000000:00000000 00:00000000 00000000  1000        0 3414250 1 0000000012345678 20 4 30 10 -1',
  '',
].join('\n');

describe("the listening sockets in Linux's /proc/net/tcp", () => {
  test('each listener with its port, inode and the connections waiting in its accept queue', () => {
    expect(listeningSockets(PROC_NET_TCP)).toEqual([
      { port: 0x9b2d, inode: '3411572', waiting: 0 },
      { port: 7941, inode: '3414217', waiting: 28 },
    ]);
  });

  test('an IPv6 listener of /proc/net/tcp6', () => {
    const tcp6 = [
      '  sl  local_address                         remote_address                        st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A 00000000:00000003 00:00000000 00000000     0        0 998877 1 0000000000000000 100 0 0 10 0',
      '',
    ].join('\n');
    expect(listeningSockets(tcp6)).toEqual([{ port: 8080, inode: '998877', waiting: 3 }]);
  });

  test('a line cut short, the last one without its newline, is not read', () => {
    const cut = PROC_NET_TCP.slice(0, PROC_NET_TCP.indexOf('3414217') + 4);
    expect(listeningSockets(cut)).toEqual([{ port: 0x9b2d, inode: '3411572', waiting: 0 }]);
  });

  test('the header alone, or nothing, lists no socket', () => {
    expect(listeningSockets(`${PROC_NET_TCP.split('\n')[0]}\n`)).toEqual([]);
    expect(listeningSockets('')).toEqual([]);
  });

  test('the header is never taken for a socket, whatever it says', () => {
    const header = '  0: 0100007F:1F05 00000000:0000 0A 00000000:00000001 00:00000000 00000000 0 0 42 1\n';
    expect(listeningSockets(header)).toEqual([]);
  });

  test('a listener line needs its first ten columns, up to the inode', () => {
    const header = PROC_NET_TCP.split('\n')[0];
    const ten =
      '   0: 0100007F:1F05 00000000:0000 0A 00000000:00000001 00:00000000 00000000  1000        0 42';
    expect(listeningSockets(`${header}\n${ten}\n`)).toEqual([{ port: 7941, inode: '42', waiting: 1 }]);
    const nine = ten.slice(0, ten.lastIndexOf(' '));
    expect(listeningSockets(`${header}\n${nine}\n`)).toEqual([]);
  });

  test('a reader has gone past the listeners once a line of another state is whole', () => {
    const lines = PROC_NET_TCP.split('\n');
    expect(pastListeners(`${lines.slice(0, 3).join('\n')}\n`)).toBe(false);
    expect(pastListeners(`${lines.slice(0, 3).join('\n')}\n${lines[3]!.slice(0, 30)}`)).toBe(false);
    expect(pastListeners(PROC_NET_TCP)).toBe(true);
    expect(pastListeners(`${lines[0]}\n`)).toBe(false);
  });
});
