// The deviations table is test data about the runtimes' own servers: it must name real cases, and the
// servers built on the core's parser must have none at all.
import { describe, expect, test } from 'vitest';
import { IMPLEMENTATIONS } from '../../servers/registry.ts';
import { CASES } from './cases.ts';
import { DEVIATIONS, TIMEOUT_RULES } from './deviations.ts';

/**
 * Checks of conformance.test.ts and large-files.test.ts that are not table cases but may carry a
 * deviation. Running out of descriptors (fd-exhaustion.test.ts) and a worker replaced
 * (multi-process.test.ts) may not: every target must recover from both.
 */
const STATEFUL_CHECKS = ['half-close', 'large-file-chunked', 'large-file-pipelined'];

describe('the deviations table', () => {
  // The core's servers answer every case as the core does, on every runtime and in every model.
  test.each(IMPLEMENTATIONS.filter((i) => i.parser === 'core').map((i) => [i.id]))(
    '%s parses with the core: no deviations and no timeout rules of its own',
    (id) => {
      expect(DEVIATIONS[id] ?? []).toEqual([]);
      expect(TIMEOUT_RULES[id]).toBeUndefined();
    },
  );

  test('every deviation belongs to an implementation whose runtime parses HTTP', () => {
    for (const id of [...Object.keys(DEVIATIONS), ...Object.keys(TIMEOUT_RULES)]) {
      expect(IMPLEMENTATIONS.find((i) => i.id === id)?.parser, id).toBe('runtime');
    }
  });

  test('every deviation names a case of the table or a stateful check, on a runtime the server runs on', () => {
    const ids = new Set([...CASES.map((c) => c.id), ...STATEFUL_CHECKS]);
    for (const [impl, list] of Object.entries(DEVIATIONS)) {
      const runtimes = IMPLEMENTATIONS.find((i) => i.id === impl)!.runtimes;
      for (const d of list) {
        expect(ids.has(d.case), `${impl}: ${d.case}`).toBe(true);
        for (const r of d.runtimes ?? []) expect(runtimes, `${impl}: ${d.case}`).toContain(r);
        expect(d.why.length, `${impl}: ${d.case}`).toBeGreaterThan(10);
      }
    }
  });
});
