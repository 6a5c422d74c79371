// The contract's shutdown (SIGTERM, SIGINT): the server's shutdown runs once, and the process exits 0 as
// soon as it is done or failed, or after SHUTDOWN_GRACE_MS if it hangs, within the contract's 2 s. Real
// timers; the exit function records what a process.exit would have done. (test/contract.test.ts sends
// the signals to every real server.)
import { describe, expect, test } from 'vitest';
import { gracefulStop, SHUTDOWN_GRACE_MS } from '../../servers/core/shutdown.ts';

interface Run {
  /** Calls of shutdown so far. */
  readonly shutdowns: () => number;
  /** Every exit, with its code and the ms since the stop began. */
  readonly exits: { code: number; atMs: number }[];
  stop(): void;
  /** The first exit, or null when none came within `ms`. */
  firstExit(ms: number): Promise<{ code: number; atMs: number } | null>;
}

function run(shutdown: () => Promise<void>): Run {
  let shutdowns = 0;
  let started = 0;
  const exits: { code: number; atMs: number }[] = [];
  const stop = gracefulStop(
    () => {
      shutdowns++;
      return shutdown();
    },
    (code) => exits.push({ code, atMs: performance.now() - started }),
  );
  return {
    shutdowns: () => shutdowns,
    exits,
    stop: () => {
      started = performance.now();
      stop();
    },
    async firstExit(ms) {
      const deadline = performance.now() + ms;
      while (exits.length === 0 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 5));
      return exits[0] ?? null;
    },
  };
}

describe('graceful stop', () => {
  test('the grace period leaves room within the contract: 1.5 s of 2', () => {
    expect(SHUTDOWN_GRACE_MS).toBe(1500);
  });

  test('does nothing until it is called', async () => {
    const r = run(async () => {});
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(r.shutdowns()).toBe(0);
    expect(r.exits).toEqual([]);
  });

  test('exits 0 as soon as the shutdown is done, not at the end of the grace period', async () => {
    const r = run(() => new Promise((resolve) => setTimeout(resolve, 100)));
    r.stop();
    expect(r.shutdowns()).toBe(1);
    const exit = await r.firstExit(3000);
    expect(exit?.code).toBe(0);
    expect(exit!.atMs).toBeGreaterThanOrEqual(98);
    expect(exit!.atMs).toBeLessThan(SHUTDOWN_GRACE_MS - 500);
  });

  test('exits 0 as soon as the shutdown fails', async () => {
    const r = run(() => Promise.reject(new Error('a connection would not close')));
    r.stop();
    const exit = await r.firstExit(3000);
    expect(exit?.code).toBe(0);
    expect(exit!.atMs).toBeLessThan(SHUTDOWN_GRACE_MS - 500);
  });

  test('exits 0 after the grace period when the shutdown never ends', async () => {
    const r = run(() => new Promise(() => {}));
    r.stop();
    const exit = await r.firstExit(3000);
    expect(exit?.code).toBe(0);
    expect(exit!.atMs).toBeGreaterThanOrEqual(SHUTDOWN_GRACE_MS - 2);
    expect(exit!.atMs).toBeLessThan(2000); // the contract's 2 s
  });

  test('a second signal (a second Ctrl-C) starts nothing more', async () => {
    const r = run(() => new Promise((resolve) => setTimeout(resolve, 100)));
    r.stop();
    r.stop();
    r.stop();
    expect(r.shutdowns()).toBe(1);
    await r.firstExit(3000);
    // The shutdown's own exit, then the grace period's (a real process is gone by then): two, not six.
    await new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS + 100));
    expect(r.exits.map((e) => e.code)).toEqual([0, 0]);
  });
});
