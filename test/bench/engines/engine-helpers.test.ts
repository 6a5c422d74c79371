import { describe, expect, it } from 'vitest';
import { isRightAnswer, type LoadSpec } from '../../../bench/engines/types.ts';
import { parseWrkReport, requestsPerSecondFromBytes, wrongAnswersOf } from '../../../bench/engines/wrk.ts';
import { countTimeWaitIn } from '../../../bench/proc/tcp-states.ts';

const spec = (expectStatus: number, expectBodyBytes: number): LoadSpec => ({
  origin: 'http://127.0.0.1:1',
  path: '/',
  connections: 1,
  durationSec: 1,
  closeEachRequest: false,
  pipelining: 1,
  rate: null,
  timeoutMs: 500,
  expect: {
    status: expectStatus,
    headBytes: 200,
    bodyBytes: expectBodyBytes,
    framing: 'length',
    bodyFile: '/dev/null',
  },
});

const report = (fields: Partial<Record<string, number>>) => ({
  durationUs: 1_000_000,
  requests: 1000,
  bytes: 1000 * 3900,
  connect: 0,
  read: 0,
  write: 0,
  status: 0,
  timeout: 0,
  p50: 100,
  p90: 200,
  p99: 300,
  p999: 400,
  max: 500,
  ...fields,
});

describe('answer checks', () => {
  it('accepts the expected status with a size between the body and the body plus a head', () => {
    expect(isRightAnswer(spec(200, 3709), 200, 3709 + 180)).toBe(true);
    expect(isRightAnswer(spec(200, 3709), 404, 3709 + 180)).toBe(false);
    expect(isRightAnswer(spec(200, 3709), 200, 500)).toBe(false);
    expect(isRightAnswer(spec(200, 3709), 200, 3709 + 10_000)).toBe(false);
  });

  it('derives wrong answers from wrk totals', () => {
    expect(wrongAnswersOf(spec(200, 3709), report({}))).toBe(0);
    expect(wrongAnswersOf(spec(200, 3709), report({ status: 7 }))).toBe(7);
    // A 404 page instead of index.html: the mean size is far too small.
    expect(wrongAnswersOf(spec(200, 3709), report({ bytes: 1000 * 300 }))).toBe(1000);
    // The missing scenario expects every response to be 404 (counted by wrk as status errors).
    expect(wrongAnswersOf(spec(404, 150), report({ bytes: 1000 * 300, status: 990 }))).toBe(10);
  });
});

describe('wrk output', () => {
  it('reads the line the Lua script prints', () => {
    const parsed = parseWrkReport(`Running 1s test\nWRK_RESULT ${JSON.stringify(report({ requests: 5 }))}\n`);
    expect(parsed?.requests).toBe(5);
    expect(parseWrkReport('no result here')).toBeNull();
  });

  it('turns bytes read per second into responses per second', () => {
    expect(requestsPerSecondFromBytes([3900 * 10, 3900 * 20], report({}))).toEqual([10, 20]);
    expect(requestsPerSecondFromBytes([100], report({ requests: 0 }))).toEqual([0]);
  });
});

describe('TIME_WAIT counting', () => {
  it('counts entries in state 06 by the side the server port is on', () => {
    const table = [
      '  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode',
      '   0: 0100007F:1F90 0100007F:C350 06 00000000:00000000 03:00000A2B 00000000     0        0 0 3',
      '   1: 0100007F:1F90 0100007F:C351 06 00000000:00000000 03:00000A2B 00000000     0        0 0 3',
      '   2: 0100007F:C352 0100007F:1F90 06 00000000:00000000 03:00000A2B 00000000     0        0 0 3',
      '   3: 0100007F:1F90 0100007F:C353 01 00000000:00000000 00:00000000 00000000     0        0 1 1',
      '   4: 00000000:1F90 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 2 1',
    ].join('\n');
    expect(countTimeWaitIn(table, 0x1f90)).toEqual({ server: 2, client: 1 });
    expect(countTimeWaitIn(table, 1234)).toEqual({ server: 0, client: 0 });
  });
});
