// Gates read and judged on synthetic results: the syntax, what each kind of gate reads, and that a figure
// that is no measurement of the server fails a gate rather than passing it.
import { describe, expect, it } from 'vitest';
import type { Measurement } from '../../../bench/model/schema.ts';
import {
  checkGates,
  failureLine,
  type Gate,
  parseGate,
  parseGateFile,
} from '../../../bench/results/gates.ts';
import { summarize } from '../../../bench/results/intervals.ts';
import { makeBeside, makeMeasurement, makeResults, samplesAround } from '../fixtures.ts';

function gate(line: string): Gate {
  const parsed = parseGate(line);
  if ('error' in parsed) throw new Error(parsed.error);
  return parsed;
}

describe('parseGate', () => {
  it.each([
    ['small.p99 < 5ms', { target: null, scenario: 'small', figure: 'p99', op: '<', limit: 5 }],
    ['small.p99<500us', { figure: 'p99', limit: 0.5 }],
    ['small.p99 <= 1s', { op: '<=', limit: 1000 }],
    ['large.bytesPerSec > 2GiB', { figure: 'bytesPerSec', limit: 2 * 1024 ** 3 }],
    ['large.bytesPerSec >= 1.5GB/s', { op: '>=', limit: 1.5e9 }],
    ['async@node:small.requestsPerSec > 40000', { target: 'async@node', limit: 40_000 }],
    ['127.0.0.1:8080:small.requestsPerSec > 1', { target: '127.0.0.1:8080' }],
    ['*.change > -5%', { scenario: null, figure: 'change', limit: -0.05 }],
  ])('%s', (line, expected) => {
    expect(gate(line)).toMatchObject(expected);
  });

  it.each([
    ['small p99 < 5ms', /is not \[TARGET:\]SCENARIO.FIGURE OP LIMIT/],
    ['tiny.p99 < 5ms', /unknown scenario "tiny"/],
    ['small.p42 < 5ms', /unknown figure "p42"/],
    ['small.p99 < 5GiB', /p99 takes us, ms or s, got "GiB"/],
    ['small.requestsPerSec > 5ms', /requestsPerSec takes a plain number/],
    ['*.change > -5', /a change is a percentage/],
  ])('refuses %s', (line, message) => {
    const parsed = parseGate(line);
    expect('error' in parsed && parsed.error).toMatch(message);
  });

  it('reads a file of gates with comments, and names the line of a bad one', () => {
    const file = '# our gates\nsmall.p99 < 5ms   # tail\n\nlarge.bytesPerSec > 1GiB\n';
    expect(parseGateFile(file, 'gates.txt')).toHaveLength(2);
    expect(parseGateFile('small.p99 < 5ms\nsmall.p99 < five', 'gates.txt')).toEqual({
      error: expect.stringMatching(/^gates.txt:2: gate "small.p99 < five"/),
    });
  });
});

describe('checkGates', () => {
  // Three repetitions near 10,000, 10,400 and 9,600 req/s: mean 10,000, an interval of about ± 1,000.
  const steady = makeMeasurement('async@node', [
    samplesAround(10_000, 3, 0),
    samplesAround(10_400, 3, 0),
    samplesAround(9_600, 3, 0),
  ]);

  it('reads a throughput gate at the pessimistic end of the interval, not the mean', () => {
    const results = makeResults([steady]);
    const ci = steady.requestsPerSec.ci!;
    expect(ci.low).toBeLessThan(9_500);
    // The mean passes 9,500; the low end does not.
    const outcome = checkGates([gate('small.requestsPerSec > 9500')], results);
    expect(outcome.failures).toHaveLength(1);
    expect(failureLine(outcome.failures[0]!)).toMatch(
      /^gate failed: async@node, small, requestsPerSec [\d,]+ req\/s \(low end of the 95 % interval, mean 10,000 req\/s\), limit > 9,500 req\/s/,
    );
    expect(checkGates([gate('small.requestsPerSec < 12000')], results).failures).toHaveLength(0);
    expect(checkGates([gate('small.requestsPerSec < 10500')], results).failures).toHaveLength(1);
  });

  it('reads a latency gate off the merged percentiles', () => {
    const results = makeResults([steady]);
    expect(checkGates([gate('small.p99 < 3ms')], results).failures).toHaveLength(1);
    expect(checkGates([gate('small.p99 <= 3ms')], results).failures).toHaveLength(0);
  });

  it('passes a floor on throughput with a client-bound figure (a lower bound) only where its low end clears it', () => {
    const bound = makeMeasurement('bun-tcp@bun', [samplesAround(50_000, 3)], { flags: ['client-bound'] });
    const results = makeResults([bound]);
    // The server served at least this much: a floor below it holds, whatever the client held back.
    expect(checkGates([gate('small.requestsPerSec > 1000')], results).failures).toEqual([]);
    expect(checkGates([gate('small.requestsPerSec >= 1000')], results).failures).toEqual([]);
    // Everything else is not measured: a floor above the bound, a ceiling, a latency.
    const outcome = checkGates(
      [gate('small.requestsPerSec > 60000'), gate('small.requestsPerSec < 90000'), gate('small.p99 < 1s')],
      results,
    );
    expect(outcome.checked).toBe(3);
    expect(outcome.failures.map(failureLine)).toEqual([
      expect.stringMatching(
        /^gate failed: bun-tcp@bun, small, requestsPerSec not measured \(client-bound: the load generator was the limit/,
      ),
      expect.stringMatching(/^gate failed: bun-tcp@bun, small, requestsPerSec not measured \(client-bound/),
      expect.stringMatching(/^gate failed: bun-tcp@bun, small, p99 not measured \(client-bound/),
    ]);
    // A figure that is no result passes no floor, however high.
    const wrong = makeMeasurement('bun-tcp@bun', [samplesAround(50_000, 3)], {
      flags: ['client-bound', 'wrong-answers'],
    });
    expect(checkGates([gate('small.requestsPerSec > 1000')], makeResults([wrong])).failures).toHaveLength(1);
  });

  it('fails a figure that is not a result, and a scenario the run did not measure', () => {
    const wrong = makeMeasurement('async@node', [samplesAround(10_000, 3)], { flags: ['wrong-answers'] });
    const outcome = checkGates(
      [gate('small.p99 < 1s'), gate('large.bytesPerSec > 1MiB')],
      makeResults([wrong]),
    );
    expect(outcome.failures.map((f) => f.why)).toEqual([
      'not a result (wrong-answers)',
      'this run has no measurement the gate applies to',
    ]);
  });

  it('leaves the references out of "every target" but gates them by name', () => {
    const nginx = makeMeasurement('nginx', [samplesAround(10_000, 3)], { flags: ['reference'] });
    const results = makeResults([steady, nginx]);
    expect(checkGates([gate('small.p99 < 1s')], results).checked).toBe(1);
    expect(checkGates([gate('nginx:small.p99 < 1s')], results).checked).toBe(1);
    expect(checkGates([gate('async:small.p99 < 1s')], results).checked).toBe(1);
  });

  it('fails a change gate only where the change is significant', () => {
    const base = makeResults([steady]);
    const slower = makeMeasurement('async@node', [
      samplesAround(8_000, 3, 0),
      samplesAround(8_100, 3, 0),
      samplesAround(7_900, 3, 0),
    ]);
    const noisy = makeMeasurement('async@node', [
      samplesAround(4_000, 3, 0),
      samplesAround(14_000, 3, 0),
      samplesAround(9_000, 3, 0),
    ]);
    const failed = checkGates([gate('*.change > -5%')], makeResults([slower]), base).failures;
    expect(failed.map(failureLine)).toEqual([
      expect.stringMatching(
        /^gate failed: async@node, small, change -20 % \(requestsPerSec, significant \(p = [\d.e-]+, n = 3 and 3\), by the figure\), limit > -5 %/,
      ),
    ]);
    // 10 % slower on average, but the repetitions scatter too much to say so: not a failure.
    expect(checkGates([gate('*.change > -5%')], makeResults([noisy]), base).failures).toEqual([]);
    expect(checkGates([gate('*.change > -5%')], makeResults([slower]), null).failures[0]?.why).toBe(
      'no baseline was given',
    );
  });

  it('decides a change gate on side-by-side ratios even where the figures are client-bound', () => {
    const besideAt = (ratio: number) => makeBeside(20_000 * ratio, 20_000);
    const sideBySide = (ratios: readonly number[]): Measurement => {
      const m = makeMeasurement(
        'async@node',
        [samplesAround(60_000, 3), samplesAround(61_000, 3), samplesAround(59_000, 3)],
        {
          flags: ['client-bound'],
        },
      );
      const repetitions = m.repetitions.map((r, i) => ({ ...r, beside: besideAt(ratios[i]!) }));
      return {
        ...m,
        repetitions,
        vsReference: { target: 'nginx', ratio: summarize([...ratios]), how: 'side by side' },
      };
    };
    const base = makeResults([sideBySide([2, 2.04, 1.98])]);
    expect(
      checkGates([gate('small.change > -25%')], makeResults([sideBySide([1.96, 2.02, 2])]), base).failures,
    ).toEqual([]);
    expect(
      checkGates(
        [gate('small.change > -25%')],
        makeResults([sideBySide([1.2, 1.22, 1.18])]),
        base,
      ).failures.map(failureLine),
    ).toEqual([
      expect.stringMatching(/change -40(\.\d)? % .*by the ratio to the reference\), limit > -25 %/),
    ]);
    // Without side-by-side ratios, a client-bound figure decides nothing.
    const apart = makeMeasurement('async@node', [samplesAround(60_000, 3)], { flags: ['client-bound'] });
    expect(
      checkGates([gate('small.change > -25%')], makeResults([apart]), makeResults([apart])).failures[0]
        ?.value,
    ).toBe('not measured');
  });
});
