// What a server does when accept() fails for want of descriptors (deno-tcp, deno-serve): one log line when
// a burst of failures starts and one when it ends, and waits that double from 10 ms up to 1 s between
// tries. Real timers: each wait is measured, never shorter than promised, and far from the next step.
import { describe, expect, test } from 'vitest';
import { AcceptBackoff } from '../../servers/core/accept-backoff.ts';

const emfile = new Error('Too many open files (os error 24)');

/** How long one wait took, in ms. */
async function timed(backoff: AcceptBackoff, err: unknown = emfile): Promise<number> {
  const started = performance.now();
  await backoff.wait(err);
  return performance.now() - started;
}

function logged(): { lines: string[]; backoff: AcceptBackoff } {
  const lines: string[] = [];
  return { lines, backoff: new AcceptBackoff((line) => lines.push(line)) };
}

describe('accept backoff', () => {
  test('waits 10 ms, then twice as long each time, up to 1 s', async () => {
    const { backoff } = logged();
    const waits: number[] = [];
    for (let i = 0; i < 9; i++) waits.push(await timed(backoff));
    const promised = [10, 20, 40, 80, 160, 320, 640, 1000, 1000];
    // Never shorter than promised (a timer may fire a millisecond early); upper bounds only where the
    // wrong step would be far longer, so that a busy machine, whose timers fire late, cannot fail them.
    for (const [i, ms] of waits.entries())
      expect(ms, `wait ${i + 1}`).toBeGreaterThanOrEqual(promised[i]! - 2);
    expect(waits[0]).toBeLessThan(500); // not 1 s (a longest wait first)
    expect(waits[1]).toBeLessThan(500); // not 1 s: the wait grows toward the longest, never past it
    expect(waits[8]).toBeLessThan(2000); // 1 s, not 2.56 s: the longest wait holds
  });

  test('logs the start of a burst once, with the error, however many accepts fail', async () => {
    const { lines, backoff } = logged();
    await backoff.wait(emfile);
    await backoff.wait(new Error('another'));
    await backoff.wait(emfile);
    expect(lines).toEqual([
      'accept failed (Too many open files (os error 24)); retrying until it works again',
    ]);
  });

  test('names an error that is not an Error by its text', async () => {
    for (const [err, text] of [
      ['EMFILE', 'EMFILE'],
      [null, 'null'],
      [undefined, 'undefined'],
      [24, '24'],
    ] as const) {
      const { lines, backoff } = logged();
      await backoff.wait(err);
      expect(lines).toEqual([`accept failed (${text}); retrying until it works again`]);
    }
  });

  test('logs the end of a burst with its length, once, and nothing when nothing failed', async () => {
    const { lines, backoff } = logged();
    backoff.recovered();
    expect(lines).toEqual([]);
    await backoff.wait(emfile);
    backoff.recovered();
    backoff.recovered();
    await backoff.wait(emfile);
    await backoff.wait(emfile);
    await backoff.wait(emfile);
    backoff.recovered();
    expect(lines.filter((l) => l.startsWith('accepting'))).toEqual([
      'accepting again after 1 failed accept',
      'accepting again after 3 failed accepts',
    ]);
    // Each burst is announced anew.
    expect(lines.filter((l) => l.startsWith('accept failed'))).toHaveLength(2);
  });

  test('after a recovery the next burst starts again from the shortest wait', async () => {
    const { backoff } = logged();
    for (let i = 0; i < 5; i++) await backoff.wait(emfile); // 10 + 20 + 40 + 80 + 160 ms: next would be 320
    backoff.recovered();
    const next = await timed(backoff);
    expect(next).toBeGreaterThanOrEqual(8);
    expect(next).toBeLessThan(200);
  });
});
