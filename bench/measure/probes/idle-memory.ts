// The idle scenario: the server's memory before the engine opens its idle connections and once they are
// all open and answered, and how many were still open when the load ended.
import { processTree, rssBytes } from '../../proc/process-stats.ts';
import type { RunningTarget } from '../../targets/running.ts';
import type { Probe } from './probe.ts';

/** Resident memory of the server's whole process tree now; null for a remote server. */
function serverRss(target: RunningTarget): number | null {
  if (target.pid === null) return null;
  let total = 0;
  for (const pid of processTree(target.pid)) total += rssBytes(pid) ?? 0;
  return total > 0 ? total : null;
}

export const idleMemoryProbe: Probe = {
  start({ target, scenario }) {
    let before: number | null = null;
    let after: number | null = null;
    let seen: { opened: number; stillOpen: number } | null = null;
    return {
      hooks: {
        onIdle: () => {
          after = serverRss(target);
        },
      },
      beforeWindow: () => {
        before = serverRss(target);
        after = null;
      },
      afterWindow: (outcome) => {
        if (outcome.idle) seen = outcome.idle;
      },
      finish: () => {
        if (seen === null) return {};
        const perConnection =
          before !== null && after !== null && seen.opened > 0 ? (after - before) / seen.opened : null;
        return {
          idleMemory: {
            connections: scenario.idleConnections,
            stillOpen: seen.stillOpen,
            rssBeforeBytes: before,
            rssAfterBytes: after,
            rssPerIdleConnectionBytes: perConnection,
          },
        };
      },
    };
  },
};
