// One window of load as a repetition of results.json: what the engine saw, with the server's and the
// client's resources sampled meanwhile.
import type { LoadOutcome } from '../engines/types.ts';
import type { Repetition } from '../model/schema.ts';
import type { ResourceUsage } from '../proc/sampler.ts';

/**
 * `harnessCpuSeconds`: what the harness itself used meanwhile on the client cores. The engine's CPU comes
 * from its own accounting when it has one (the whole window, to its end); the sampler's figure misses
 * the end of a window that ends between two samples.
 */
export function toRepetition(
  outcome: LoadOutcome,
  usage: ResourceUsage,
  harnessCpuSeconds: number | null = null,
): Omit<Repetition, 'round' | 'warmup'> {
  const seconds = outcome.elapsedSec > 0 ? outcome.elapsedSec : 1;
  const percent = (cpu: number | null) => (cpu === null ? null : (cpu / seconds) * 100);
  return {
    requestsPerSec: outcome.requests / seconds,
    bytesPerSec: outcome.bytes / seconds,
    perSecond: outcome.perSecond,
    latencyMs: outcome.latencyMs,
    errors: outcome.errors,
    timeouts: outcome.timeouts,
    non2xx: outcome.non2xx,
    wrongAnswers: outcome.wrongAnswers,
    serverCpuPercent: usage.serverCpuPercent,
    serverCpuSeconds: usage.serverCpuSeconds,
    serverRssPeakBytes: usage.serverRssPeakBytes,
    clientCpuPercent: percent(outcome.clientCpuSeconds) ?? usage.clientCpuPercent,
    harnessCpuPercent: percent(harnessCpuSeconds),
    requests: outcome.requests,
    elapsedSec: outcome.elapsedSec,
    sent: outcome.sent ?? null,
    answered: outcome.answered ?? null,
    lateAnswers: outcome.lateAnswers ?? null,
    offered: outcome.offered ?? null,
    unsent: outcome.unsent ?? null,
    connectTimeouts: outcome.connectTimeouts ?? null,
    connectionsOpened: outcome.connectionsOpened ?? null,
    engineLatenessMs: outcome.engineLatenessMs ?? null,
    ...(outcome.timeline ? { timeline: outcome.timeline } : {}),
  };
}
