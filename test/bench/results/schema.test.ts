// results.json: one definition validates the current version and gives its types; the files written
// before it are read through their own frozen definitions and turned into the current shape.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RESULTS_VERSION } from '../../../bench/model/schema.ts';
import { validateResults } from '../../../bench/results/earlier-versions.ts';
import { makeMeasurement, makeResults } from '../fixtures.ts';

const valid = () =>
  JSON.parse(
    JSON.stringify(
      makeResults([
        makeMeasurement('async@node', [
          [100, 110],
          [105, 95],
        ]),
      ]),
    ),
  );

/** The sample the report tests use, written by version 1 of the harness. */
const sampleV1 = () =>
  JSON.parse(readFileSync(new URL('../../fixtures/results-v1-sample.json', import.meta.url), 'utf8'));

describe('validateResults', () => {
  it('accepts well-formed results, optional fields included', () => {
    const results = valid();
    results.measurements[0].probes = {
      timeWait: { server: 12, client: 0 },
      slowClients: { count: 4, byteIntervalMs: 200, completed: 3 },
    };
    results.micro = [{ name: 'parse', opsPerSec: 1e6, rme: 0.5, samples: 100 }];
    expect(validateResults(results)).toEqual(results);
  });

  it('keeps the side-by-side windows and how a ratio was taken, and reads files without them', () => {
    const results = valid();
    const beside = {
      target: 'nginx',
      figure: 20_000,
      referenceFigure: 10_000,
      serverCpuSeconds: 0.5,
      referenceCpuSeconds: 0.5,
      clientCpuPercent: 70,
      elapsedSec: 1,
      clientBound: false,
    };
    results.measurements[0].repetitions[0].beside = beside;
    const ratio = { mean: 2, median: 2, min: 2, max: 2, cv: 0, ci: null };
    results.measurements[0].vsReference = { target: 'nginx', ratio, how: 'side by side' };
    expect(validateResults(results)).toEqual(results);
    results.measurements[0].vsReference.how = 'somehow';
    expect(validateResults(results)).toHaveProperty('error');
    expect(validateResults(valid())).toEqual(valid()); // no beside, no how: as before them
  });

  it('names the path of the first problem', () => {
    const missingP99 = valid();
    delete missingP99.measurements[0].latencyMs.p99;
    expect(validateResults(missingP99)).toEqual({
      error: 'results.measurements[0].latencyMs.p99: expected "p99", got undefined',
    });

    const badFlag = valid();
    badFlag.measurements[0].flags = ['client-bound', 'fast'];
    expect(validateResults(badFlag)).toHaveProperty(
      'error',
      expect.stringContaining('results.measurements[0].flags[1]'),
    );

    const badSample = valid();
    badSample.measurements[0].repetitions[1].perSecond[0] = '105';
    expect(validateResults(badSample)).toHaveProperty(
      'error',
      expect.stringContaining(
        'results.measurements[0].repetitions[1].perSecond[0]: expected number, got "105"',
      ),
    );

    const badScenario = valid();
    badScenario.measurements[0].scenario = 'gigantic';
    expect(validateResults(badScenario)).toHaveProperty(
      'error',
      expect.stringContaining('results.measurements[0].scenario'),
    );
  });

  it('reads an earlier file in the current shape: runs become measurements, the spread a summary without interval', () => {
    const old = sampleV1();
    expect(old.version).toBe(1);
    const read = validateResults(old);
    if ('error' in read) throw new Error(read.error);
    expect(read.version).toBe(RESULTS_VERSION);
    expect(read.measurements).toHaveLength(old.runs.length);
    const first = read.measurements[0]!;
    const was = old.runs[0];
    expect(first.target).toBe(was.target);
    expect(first.requestsPerSec.median).toBe(was.requestsPerSec.median);
    expect(first.requestsPerSec.ci).toBeNull(); // one server process: its repetitions are no independent samples
    expect(first.repetitions.map((r) => r.round)).toEqual(
      was.repetitions.map((_: unknown, i: number) => i + 1),
    );
    const withTimeWait = old.runs.findIndex((r: { timeWait?: number }) => r.timeWait !== undefined);
    expect(read.measurements[withTimeWait]!.probes.timeWait!.server).toBe(old.runs[withTimeWait].timeWait);
  });

  it('reads a version 2 file, with the CPU accounting version 1 lacked', () => {
    const old = sampleV1();
    old.version = 2;
    for (const run of old.runs) {
      run.server.requestsPerCpuSecond = 1000;
      for (const rep of run.repetitions) {
        rep.harnessCpuPercent = 3;
        rep.serverCpuSeconds = 0.9;
        rep.requests = 100;
        rep.elapsedSec = 1;
      }
    }
    const read = validateResults(old);
    if ('error' in read) throw new Error(read.error);
    expect(read.measurements[0]!.server.requestsPerCpuSecond).toBe(1000);
    expect(read.measurements[0]!.repetitions[0]!.requests).toBe(100);
  });

  it('names the path in an old file as it was written', () => {
    const old = sampleV1();
    old.runs[2].latencyMs.p50 = 'fast';
    expect(validateResults(old)).toHaveProperty(
      'error',
      expect.stringContaining('results.runs[2].latencyMs.p50'),
    );
  });

  it('rejects other versions and non-objects', () => {
    expect(validateResults({ ...valid(), version: RESULTS_VERSION + 1 })).toHaveProperty(
      'error',
      `results.version: this reader knows versions 1 to ${RESULTS_VERSION}, got ${RESULTS_VERSION + 1}`,
    );
    expect(validateResults(null)).toHaveProperty('error', expect.stringContaining('results.version'));
    expect(validateResults([])).toHaveProperty('error', expect.stringContaining('results.version'));
  });

  it('rejects NaN and infinite figures', () => {
    const results = valid();
    results.measurements[0].requestsPerSec.mean = Number.POSITIVE_INFINITY;
    expect(validateResults(results)).toHaveProperty(
      'error',
      expect.stringContaining('requestsPerSec.mean: expected a finite number'),
    );
  });
});
