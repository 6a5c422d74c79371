// A server that leaves requests unanswered while it keeps running: the record keeps what it said on stderr
// (a stall otherwise leaves nothing to go on), without its workers' routine "served" lines.
import { expect, test } from 'vitest';
import { unansweredNote } from '../../../bench/measure/visit.ts';

test("unanswered requests bring the server's own stderr lines into the record", () => {
  const note = unansweredNote(
    { errors: 0, timeouts: 100 },
    true,
    '{"event":"served","worker":0,"connections":5}\naccept failed (Bad file descriptor); retrying until it works again\n',
  );
  expect(note).toContain(
    '100 requests failed or went unanswered (0 errors, 100 timeouts) while the server ran.',
  );
  expect(note).toContain('accept failed (Bad file descriptor)');
  expect(note).not.toContain('"served"');
});

test('a server that said nothing is recorded as having said nothing', () => {
  expect(unansweredNote({ errors: 3, timeouts: 0 }, true, '')).toMatch(/Its stderr: \(nothing\)$/);
});

test('nothing to record when every request was answered, or when the server died (recorded as such)', () => {
  expect(unansweredNote({ errors: 0, timeouts: 0 }, true, 'something')).toBeNull();
  expect(unansweredNote({ errors: 0, timeouts: 5 }, false, 'something')).toBeNull();
});

test("the kernel's account of the port goes with it", () => {
  expect(
    unansweredNote(
      { errors: 0, timeouts: 1 },
      true,
      '',
      () => '50 waiting to be accepted; on the port: ESTABLISHED 50',
    ),
  ).toContain('The kernel right after: 50 waiting to be accepted; on the port: ESTABLISHED 50.');
  // Read only when something went unanswered: /proc/net/tcp is long after close's load.
  let read = 0;
  unansweredNote({ errors: 0, timeouts: 0 }, true, '', () => {
    read++;
    return null;
  });
  expect(read).toBe(0);
});
