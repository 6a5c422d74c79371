// One window of load over several engine processes, one per client core: the connections (and the rate,
// in proportion, and the idle connections) split between them, their schedules a step apart, and what
// they saw merged: counts summed, the second-by-second counts added up, the histograms merged.
import * as hdr from 'hdr-histogram-js';
import type { ChildEngine } from './child-engine.ts';
import type { LoadHooks, LoadOutcome, LoadSpec } from './types.ts';

/** n split as evenly as whole numbers allow, larger shares first. */
export function shares(n: number, parts: number): number[] {
  return Array.from({ length: parts }, (_, i) => Math.floor(n / parts) + (i < n % parts ? 1 : 0));
}

/** The spec each process gets: its connections, its part of the rate, its schedule one step later. */
export function splitSpec(spec: LoadSpec, parts: number): LoadSpec[] {
  const connections = shares(spec.connections, parts);
  const idle = shares(spec.idleConnections, parts);
  const step = spec.rate === null ? 0 : 1000 / spec.rate;
  return connections.map((c, i) => ({
    ...spec,
    connections: c,
    idleConnections: idle[i]!,
    rate: spec.rate === null ? null : (spec.rate * c) / spec.connections,
    phaseMs: (spec.phaseMs ?? 0) + i * step,
  }));
}

const sumOf = (outcomes: readonly LoadOutcome[], pick: (o: LoadOutcome) => number | undefined | null) => {
  const values = outcomes.map(pick);
  return values.every((v) => v === undefined || v === null)
    ? undefined
    : values.reduce<number>((a, v) => a + (v ?? 0), 0);
};

const addUp = (lists: readonly (readonly number[])[]) => {
  const out = new Array<number>(Math.max(0, ...lists.map((l) => l.length))).fill(0);
  for (const list of lists) {
    list.forEach((v, i) => {
      out[i]! += v;
    });
  }
  return out;
};

/** What several processes saw in one window, as one outcome. */
export function mergeOutcomes(outcomes: readonly LoadOutcome[]): LoadOutcome {
  if (outcomes.length === 1) return outcomes[0]!;
  const first = outcomes[0]!;
  let latencyMs = first.latencyMs;
  let histogram: string | undefined;
  if (outcomes.every((o) => o.histogram !== undefined)) {
    const merged = hdr.build({ lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3 });
    for (const o of outcomes) {
      const one = hdr.decodeFromCompressedBase64(o.histogram!);
      merged.add(one);
      one.destroy();
    }
    const ms = (p: number) => merged.getValueAtPercentile(p) / 1000;
    latencyMs =
      merged.totalCount === 0
        ? { p50: 0, p90: 0, p99: 0, p999: 0, max: 0 }
        : { p50: ms(50), p90: ms(90), p99: ms(99), p999: ms(99.9), max: merged.maxValue / 1000 };
    histogram = hdr.encodeIntoCompressedBase64(merged);
    merged.destroy();
  }
  const late = outcomes.map((o) => o.engineLatenessMs).filter((l) => l != null);
  const offered = outcomes.some((o) => o.offered != null)
    ? (sumOf(outcomes, (o) => o.offered) ?? null)
    : null;
  const unsent = outcomes.some((o) => o.unsent != null) ? (sumOf(outcomes, (o) => o.unsent) ?? null) : null;
  const timelines = outcomes.map((o) => o.timeline).filter((t) => t !== undefined);
  const idle = outcomes.map((o) => o.idle).filter((i) => i !== undefined);
  const total = (pick: (o: LoadOutcome) => number) => outcomes.reduce((a, o) => a + pick(o), 0);
  const sent = sumOf(outcomes, (o) => o.sent);
  const answered = sumOf(outcomes, (o) => o.answered);
  const lateAnswers = sumOf(outcomes, (o) => o.lateAnswers);
  const connectTimeouts = sumOf(outcomes, (o) => o.connectTimeouts);
  return {
    requests: total((o) => o.requests),
    bytes: total((o) => o.bytes),
    elapsedSec: Math.max(...outcomes.map((o) => o.elapsedSec)),
    perSecond: addUp(outcomes.map((o) => o.perSecond)),
    latencyMs,
    errors: total((o) => o.errors),
    timeouts: total((o) => o.timeouts),
    non2xx: total((o) => o.non2xx),
    wrongAnswers: total((o) => o.wrongAnswers),
    clientCpuSeconds: outcomes.every((o) => o.clientCpuSeconds !== null)
      ? total((o) => o.clientCpuSeconds!)
      : null,
    offeredRate: first.offeredRate === null ? null : total((o) => o.offeredRate ?? 0),
    ...(timelines.length === outcomes.length
      ? { timeline: { intervalMs: timelines[0]!.intervalMs, counts: addUp(timelines.map((t) => t.counts)) } }
      : {}),
    ...(idle.length > 0
      ? {
          idle: {
            opened: idle.reduce((a, i) => a + i.opened, 0),
            stillOpen: idle.reduce((a, i) => a + i.stillOpen, 0),
          },
        }
      : {}),
    ...(sent !== undefined ? { sent } : {}),
    ...(answered !== undefined ? { answered } : {}),
    ...(lateAnswers !== undefined ? { lateAnswers } : {}),
    ...(connectTimeouts !== undefined ? { connectTimeouts } : {}),
    offered,
    unsent,
    ...(histogram !== undefined ? { histogram } : {}),
    engineLatenessMs:
      late.length === 0
        ? null
        : { p99: Math.max(...late.map((l) => l!.p99)), max: Math.max(...late.map((l) => l!.max)) },
  };
}

/** One window over every process at once, with the hooks told once: started, each second's total, idle. */
export async function splitLoad(
  children: readonly ChildEngine[],
  spec: LoadSpec,
  hooks: LoadHooks,
  signal: AbortSignal,
): Promise<LoadOutcome> {
  const parts = Math.max(1, Math.min(children.length, spec.connections));
  if (parts === 1) return children[0]!.load(spec, hooks, signal);
  const specs = splitSpec(spec, parts);
  const seconds: number[] = [];
  const reported: number[] = [];
  let started = false;
  let idleCount = 0;
  let releaseIdle: () => void = () => {};
  const allIdle = new Promise<void>((resolve) => {
    releaseIdle = resolve;
  });
  const outcomes = await Promise.all(
    specs.map((one, i) => {
      let mine = 0;
      return children[i]!.load(
        one,
        {
          onStart: hooks.onStart,
          onWindowStart: () => {
            if (!started) hooks.onWindowStart?.();
            started = true;
          },
          onSecond: (count) => {
            const at = mine++;
            seconds[at] = (seconds[at] ?? 0) + count;
            reported[at] = (reported[at] ?? 0) + 1;
            if (reported[at] === parts) hooks.onSecond?.(seconds[at]!);
          },
          // Every process's idle connections are open before any of them starts its load.
          onIdle: async () => {
            if (++idleCount === parts) {
              await hooks.onIdle?.();
              releaseIdle();
            }
            await allIdle;
          },
        },
        signal,
      );
    }),
  );
  return mergeOutcomes(outcomes);
}
