// Two engines against one server in interleaved windows (A, B, A, B…), so that the machine's drift falls on
// both, and a verdict: their medians agree within a share, or why they could not be compared, each a
// reason a user can act on: an engine at its limit, other processes on the two cores, or a server that was
// not the limit (a connection per request costs the client about what it costs the server).
import { readFileSync } from 'node:fs';
import type { LoadEngine, LoadOutcome, LoadSpec } from '../../bench/engines/types.ts';
import { CLOCK_TICKS, cpuSeconds, processTree } from '../../bench/proc/process-stats.ts';

/** An engine whose core was this busy was the limit, not the server. */
const SATURATED = 0.9;
/** Other processes took more than this share of the server's or the engines' core: not a fair window. */
const OTHERS_LIMIT = 0.15;
/** Below this share of its core the server was not what limited the load. */
const SERVER_LIMIT = 0.8;
/**
 * A busy machine excuses a disagreement in proportion to how busy, up to this far and no further: windows
 * interleaved a second apart share most of the drift, so an engine counting wrong still shows through.
 */
const BUSY_EXCUSES_AT_MOST = 0.4;

/** How far apart two engines' medians may be when other work took this share of a core. */
function excusedBy(others: number, agreeWithin: number): number {
  return Math.min(BUSY_EXCUSES_AT_MOST, agreeWithin + others / 2);
}

export type Verdict =
  | { readonly kind: 'agree' | 'disagree'; readonly ratio: number }
  | { readonly kind: 'client-bound' | 'machine-busy' | 'server-not-the-limit'; readonly why: string };

export interface CrossCheckSetup {
  readonly engines: Readonly<Record<'a' | 'b', { readonly name: string; readonly engine: LoadEngine }>>;
  readonly spec: LoadSpec;
  /** The server's process, whose tree's CPU is its load. */
  readonly serverPid: number;
  /** The CPUs of the server and of the engines (one each here). */
  readonly serverCpu: number;
  readonly clientCpu: number;
  readonly pairs: number;
  readonly agreeWithin: number;
}

export interface CrossCheck {
  readonly verdict: Verdict;
  /** One line with every window's figure and what the cores did meanwhile, for the record. */
  readonly text: string;
}

const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const percent = (share: number) => `${Math.round(share * 100)} %`;

/** Busy seconds of each CPU so far, from /proc/stat: user, system and stolen time. */
function cpuBusySeconds(): number[] {
  return readFileSync('/proc/stat', 'utf8')
    .split('\n')
    .filter((line) => /^cpu\d+ /.test(line))
    .map((line) => {
      // cpuN user nice system idle iowait irq softirq steal: the interrupts' share is left out, since
      // the loopback traffic's own is not charged to the server or the engine.
      const ticks = line.trim().split(/\s+/).slice(1, 9).map(Number);
      return ticks.reduce((sum, t, i) => (i >= 3 && i <= 6 ? sum : sum + t), 0) / CLOCK_TICKS;
    });
}

function treeCpuSeconds(pid: number): number {
  return processTree(pid).reduce((sum, p) => sum + (cpuSeconds(p) ?? 0), 0);
}

interface Window {
  readonly outcome: LoadOutcome;
  /** Shares of one core over the window: the server's tree, the engine, and the others on each core. */
  readonly server: number;
  readonly engine: number;
  readonly othersOnServer: number;
  readonly othersOnClient: number;
}

async function window(setup: CrossCheckSetup, engine: LoadEngine): Promise<Window> {
  const server = treeCpuSeconds(setup.serverPid);
  const cores = cpuBusySeconds();
  const started = performance.now();
  const outcome = await engine.load(setup.spec, {}, new AbortController().signal);
  const wall = (performance.now() - started) / 1000;
  const serverUsed = treeCpuSeconds(setup.serverPid) - server;
  const engineUsed = outcome.clientCpuSeconds ?? 0;
  const after = cpuBusySeconds();
  const used = (cpu: number) => after[cpu]! - cores[cpu]!;
  return {
    outcome,
    server: serverUsed / outcome.elapsedSec,
    engine: engineUsed / outcome.elapsedSec,
    othersOnServer: Math.max(0, used(setup.serverCpu) - serverUsed) / wall,
    othersOnClient: Math.max(0, used(setup.clientCpu) - engineUsed) / wall,
  };
}

/** One window of each to warm the server, then `pairs` interleaved pairs. */
export async function crossCheck(setup: CrossCheckSetup): Promise<CrossCheck> {
  const seen: Record<'a' | 'b', Window[]> = { a: [], b: [] };
  for (let i = 0; i <= setup.pairs; i++) {
    for (const side of ['a', 'b'] as const) {
      const w = await window(setup, setup.engines[side].engine);
      if (i > 0) seen[side].push(w);
    }
  }
  const figure = (w: Window) => w.outcome.requests / w.outcome.elapsedSec;
  const med = (side: 'a' | 'b', pick: (w: Window) => number) => median(seen[side].map(pick));
  const all = [...seen.a, ...seen.b];
  const othersOnServer = median(all.map((w) => w.othersOnServer));
  const othersOnClient = median(all.map((w) => w.othersOnClient));
  const ratio = med('a', figure) / med('b', figure);
  const describe = (side: 'a' | 'b') =>
    `${setup.engines[side].name} ${seen[side].map((w) => Math.round(figure(w))).join(', ')} req/s ` +
    `(median ${Math.round(med(side, figure))}; its core ${percent(med(side, (w) => w.engine))}, ` +
    `the server's ${percent(med(side, (w) => w.server))})`;
  const text =
    `${describe('a')}; ${describe('b')}; ${setup.engines.a.name}/${setup.engines.b.name} ${ratio.toFixed(3)}; ` +
    `work other than the server's and the engine's took ${percent(othersOnServer)} of the server's core and ${percent(othersOnClient)} of the engines'`;
  return { verdict: verdictOf(setup, seen, ratio, othersOnServer, othersOnClient), text };
}

function verdictOf(
  setup: CrossCheckSetup,
  seen: Readonly<Record<'a' | 'b', readonly Window[]>>,
  ratio: number,
  othersOnServer: number,
  othersOnClient: number,
): Verdict {
  if (Math.abs(ratio - 1) <= setup.agreeWithin) return { kind: 'agree', ratio };
  const busiest = (['a', 'b'] as const)
    .map((side) => ({ name: setup.engines[side].name, busy: median(seen[side].map((w) => w.engine)) }))
    .sort((x, y) => y.busy - x.busy)[0]!;
  if (busiest.busy >= SATURATED) {
    return {
      kind: 'client-bound',
      why: `${busiest.name} kept its core ${percent(busiest.busy)} busy: the engine was the limit, not the server; a client with more cores (--client-cpus) measures further`,
    };
  }
  // The server's core had room (neither the server nor anything else filled it): the load was not the server's.
  const server = Math.max(...(['a', 'b'] as const).map((side) => median(seen[side].map((w) => w.server))));
  if (server + othersOnServer < SERVER_LIMIT) {
    return {
      kind: 'server-not-the-limit',
      why: `the server's core was ${percent(1 - server - othersOnServer)} idle and neither engine's was full: each engine measured its own turnaround (a new connection per request costs the client about what it costs the server); measure from a second machine`,
    };
  }
  const others = Math.max(othersOnServer, othersOnClient);
  if (
    others > OTHERS_LIMIT &&
    Math.abs(Math.log(ratio)) <= Math.log(1 + excusedBy(others, setup.agreeWithin))
  ) {
    return {
      kind: 'machine-busy',
      why: `work other than the server's and the engines' took ${percent(othersOnServer)} of the server's core and ${percent(othersOnClient)} of the engines' during the windows: measure again on a quiet machine`,
    };
  }
  return { kind: 'disagree', ratio };
}
