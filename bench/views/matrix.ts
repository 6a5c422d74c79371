// The comparison the report exists for, in one table: each concurrency model on each runtime. A cell holds
// the best result among the implementations of that model there (event loop on Bun: async@bun or
// bun-tcp@bun), a lower bound where the client was the limit, or says why it has none. The models are
// the registry's own groups.
import {
  MODEL_GROUP_LABEL,
  MODEL_GROUPS,
  type ModelGroup,
  RUNTIMES,
  type Runtime,
} from '../../servers/registry.ts';
import type { Results } from '../model/schema.ts';
import type { ColumnRanking, Ranked } from './ranking.ts';

export const MATRIX_GROUPS: readonly { readonly group: ModelGroup; readonly label: string }[] =
  MODEL_GROUPS.map((group) => ({ group, label: MODEL_GROUP_LABEL[group] }));
export const MATRIX_RUNTIMES: readonly Runtime[] = RUNTIMES;

export type MatrixCell =
  | { readonly kind: 'measured'; readonly row: Ranked }
  | { readonly kind: 'not-measured'; readonly why: string };

export interface ModelMatrix {
  readonly ranking: ColumnRanking;
  /** cells[g][r]: MATRIX_GROUPS[g] on MATRIX_RUNTIMES[r]. */
  readonly cells: readonly (readonly MatrixCell[])[];
  /** nginx and the lesson's server, where they were measured in this column. */
  readonly references: readonly Ranked[];
}

/** The concurrency model an implementation stands for ('reference' for nginx and the lesson's server). */
export function groupOf(results: Results, impl: string): string | undefined {
  return results.implementations.find((i) => i.id === impl)?.group;
}

export function modelMatrix(results: Results, ranking: ColumnRanking): ModelMatrix {
  const cells = MATRIX_GROUPS.map(({ group }) =>
    MATRIX_RUNTIMES.map((runtime): MatrixCell => {
      const rows = ranking.rows.filter(
        (r) => r.measurement.runtime === runtime && groupOf(results, r.measurement.impl) === group,
      );
      const best = rows.find((r) => r.standing !== 'not-a-result');
      if (best) return { kind: 'measured', row: best };
      if (rows.length === 0) return { kind: 'not-measured', why: 'no such target in this run' };
      return {
        kind: 'not-measured',
        why: rows.map((r) => `${r.measurement.target}: ${r.measurement.flags.join(', ')}`).join('; '),
      };
    }),
  );
  const references = ranking.rows.filter(
    (r) => r.measurement.flags.includes('reference') && r.standing !== 'not-a-result',
  );
  return { ranking, cells, references };
}
