// When a listener that has stopped accepting (node:net on Deno after EMFILE) is found out: the watchdog's
// decisions, tick by tick, against the times the adapter reports. The fd-exhaustion conformance test runs
// it for real, on the four node:net servers on Deno with a low limit on open files.
import { describe, expect, test } from 'vitest';
import {
  AcceptWatchdog,
  IDLE_MS,
  PROBE_WAIT_MS,
  probeHost,
  RELISTENS_BEFORE_GIVING_UP,
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
