import { describe, expect, it } from 'vitest';
import { isRightAnswer, type LoadSpec } from '../../../bench/engines/types.ts';
import {
  childCpuSeconds,
  parseWrkReport,
  wrkTimeoutSec,
  wrongAnswersOf,
} from '../../../bench/engines/wrk.ts';
import { countTimeWaitIn } from '../../../bench/proc/tcp-states.ts';

const spec = (expectStatus: number, expectBodyBytes: number): LoadSpec => ({
  origin: 'http://127.0.0.1:1',
  path: '/',
  connections: 10,
  durationSec: 1,
  closeEachRequest: false,
  pipelining: 1,
  rate: null,
  timeoutMs: 500,
  idleConnections: 0,
  expect: {
    status: expectStatus,
    headBytes: 200,
    bodyBytes: expectBodyBytes,
    framing: 'length',
    bodyFile: '/dev/null',
    source: 'site',
    match: 'bytes',
    closes: false,
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
  wrong: 0,
  timeout: 0,
  p50: 100,
  p90: 200,
  p99: 300,
  p999: 400,
  max: 500,
  ...fields,
});

describe('answer checks', () => {
  it('accepts the expected status with the exact size of head and body, nothing else', () => {
    expect(isRightAnswer(spec(200, 3709), 200, 3709 + 200)).toBe(true);
    expect(isRightAnswer(spec(200, 3709), 404, 3709 + 200)).toBe(false);
    expect(isRightAnswer(spec(200, 3709), 200, 3709 + 199)).toBe(false);
    expect(isRightAnswer(spec(200, 3709), 200, 3709 + 201)).toBe(false);
  });
});

describe('wrk', () => {
  // 1000 answers of 200 + 3700 bytes each, 10 connections: up to 10 partial answers may be in flight at the end.
  const size = 3900;

  it('finds no wrong answer in exact totals, with partial answers in flight at the end', () => {
    expect(wrongAnswersOf(spec(200, 3700), report({}))).toBe(0);
    expect(wrongAnswersOf(spec(200, 3700), report({ bytes: 1000 * size + 9 * size + 100 }))).toBe(0);
  });

  it('counts statuses of 400 and more as wrong where 2xx is expected, not where 404 is', () => {
    expect(wrongAnswersOf(spec(200, 3700), report({ status: 7 }))).toBe(7);
    expect(wrongAnswersOf(spec(404, 3700), report({ status: 1000 }))).toBe(0);
    // The Lua script's own count of answers with a wrong status or body, when the totals look right.
    expect(wrongAnswersOf(spec(200, 3700), report({ wrong: 12 }))).toBe(12);
  });

  it('finds answers of the wrong size from the byte total: a 304, a 206, a 500 page in missing', () => {
    // A 304 (no body) for some of the thousand: too few bytes.
    expect(wrongAnswersOf(spec(200, 3700), report({ bytes: 990 * size + 10 * 200 }))).toBe(10);
    // A few bytes short on a single answer is still short.
    expect(wrongAnswersOf(spec(200, 3700), report({ bytes: 1000 * size - 3 }))).toBe(1);
    // Too many bytes for what can be in flight: longer answers.
    expect(wrongAnswersOf(spec(200, 3700), report({ bytes: 1000 * size + 20 * size }))).toBe(20);
    // A 500 page of another size in the missing scenario, where wrk counts every answer as a status error.
    expect(wrongAnswersOf(spec(404, 3700), report({ status: 1000, bytes: 900 * size + 100 * 500 }))).toBe(88);
  });

  it('reads the line the Lua script prints, and the CPU time bash reports for it', () => {
    const parsed = parseWrkReport(`Running 1s test\nWRK_RESULT ${JSON.stringify(report({ requests: 5 }))}\n`);
    expect(parsed?.requests).toBe(5);
    expect(parseWrkReport('no result here')).toBeNull();
    expect(childCpuSeconds('WRK_RESULT {}\n0m0.001s 0m0.002s\n1m0.850s 0m2.125s\n')).toBeCloseTo(62.975, 6);
    expect(childCpuSeconds('WRK_RESULT {}\n')).toBeNull();
  });

  it('times out in whole seconds, below the length of the run', () => {
    expect(wrkTimeoutSec({ ...spec(200, 1), durationSec: 5, timeoutMs: 2000 })).toBe(2);
    expect(wrkTimeoutSec({ ...spec(200, 1), durationSec: 2, timeoutMs: 2000 })).toBe(1);
    expect(wrkTimeoutSec({ ...spec(200, 1), durationSec: 1, timeoutMs: 500 })).toBe(1);
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
