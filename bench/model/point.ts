// Where a measurement was taken, as one string: the scenario, the connections, the share of the target's
// own throughput offered (open loop) and the servers' CPUs (cores). Two measurements at the same point, of
// two targets or of two runs, are compared; at different points, never.
import type { Measurement } from './schema.ts';

export function pointOfMeasurement(
  m: Pick<Measurement, 'scenario' | 'connections' | 'offeredShare'> & { readonly serverCpus?: number | null },
): string {
  return `${m.scenario}\u0000${m.connections}\u0000${m.offeredShare}\u0000${m.serverCpus ?? ''}`;
}
