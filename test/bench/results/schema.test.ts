import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { validateResults } from '../../../bench/results/schema.ts';
import { makeResults, makeRun } from '../fixtures.ts';

const valid = () =>
  JSON.parse(
    JSON.stringify(
      makeResults([
        makeRun('async@node', [
          [100, 110],
          [105, 95],
        ]),
      ]),
    ),
  );

describe('validateResults', () => {
  it('accepts well-formed results, optional fields included', () => {
    const results = valid();
    results.runs[0].timeWait = 12;
    results.runs[0].slowClients = { count: 4, byteIntervalMs: 200, completed: 3 };
    results.micro = [{ name: 'parse', opsPerSec: 1e6, rme: 0.5, samples: 100 }];
    expect(validateResults(results)).toBe(results);
  });

  it('accepts the sample file the report tests use', () => {
    const sample = JSON.parse(
      readFileSync(new URL('../../fixtures/results-sample.json', import.meta.url), 'utf8'),
    );
    expect(validateResults(sample)).not.toHaveProperty('error');
  });

  it('names the path of the first problem', () => {
    const missingP99 = valid();
    delete missingP99.runs[0].latencyMs.p99;
    expect(validateResults(missingP99)).toEqual({
      error: 'results.runs[0].latencyMs.p99: expected a finite number, got undefined',
    });

    const badFlag = valid();
    badFlag.runs[0].flags = ['client-bound', 'fast'];
    expect(validateResults(badFlag)).toHaveProperty(
      'error',
      expect.stringContaining('results.runs[0].flags[1]'),
    );

    const badSample = valid();
    badSample.runs[0].repetitions[1].perSecond[0] = '105';
    expect(validateResults(badSample)).toHaveProperty(
      'error',
      expect.stringContaining('results.runs[0].repetitions[1].perSecond[0]'),
    );

    const badScenario = valid();
    badScenario.runs[0].scenario = 'gigantic';
    expect(validateResults(badScenario)).toHaveProperty(
      'error',
      expect.stringContaining('results.runs[0].scenario'),
    );

    const badEngine = valid();
    badEngine.environment.engine.name = 'ab';
    expect(validateResults(badEngine)).toHaveProperty(
      'error',
      expect.stringContaining('environment.engine.name'),
    );
  });

  it('still reads version 1 files, written before the engine accounted for its own CPU', () => {
    const old = { ...valid(), version: 1 };
    expect(validateResults(old)).not.toHaveProperty('error');
  });

  it('rejects other versions and non-objects', () => {
    const future = { ...valid(), version: 3 };
    expect(validateResults(future)).toHaveProperty('error', expect.stringContaining('version'));
    expect(validateResults(null)).toEqual({ error: 'results: expected an object, got null' });
    expect(validateResults([])).toEqual({ error: 'results: expected an object, got an array' });
  });

  it('rejects NaN and infinite figures', () => {
    const results = valid();
    results.runs[0].requestsPerSec.median = Number.POSITIVE_INFINITY;
    expect(validateResults(results)).toHaveProperty(
      'error',
      expect.stringContaining('requestsPerSec.median'),
    );
  });
});
