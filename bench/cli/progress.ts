// What the user sees while a run goes: on a terminal, one line redrawn with a bar; in CI logs and pipes,
// plain lines (one per point measured). Always on stderr, so --json's stdout stays clean.
import type { RunnerProgress } from '../measure/runner.ts';
import type { PointOutcome } from '../measure/visit.ts';
import type { Point, Visit } from '../plan/plan.ts';
import { formatCount, formatMs } from '../views/format.ts';

const BAR_WIDTH = 20;

function pointLabel(outcome: PointOutcome): string {
  const { point } = outcome;
  const rate =
    point.rate === null
      ? ''
      : 'share' in point.rate
        ? ` at ${point.rate.share * 100} %`
        : ` at ${point.rate.perSec} req/s`;
  return `${point.scenario.id}${rate} c=${point.connections}`;
}

/** One point's line: its figure, or why there is none. */
export function pointLine(outcome: PointOutcome): string {
  const rep = outcome.repetition;
  const flags = outcome.flags.filter((f) => f !== 'reference');
  if (rep === null) return `${flags.join(', ')}: ${outcome.stderr?.split('\n')[0] ?? ''}`;
  const warm = rep.warmup;
  const warmText =
    warm === null || warm.windows === 0
      ? 'no warm-up'
      : `warm-up ${warm.seconds.toFixed(1)} s${warm.settled ? '' : ', not settled'}`;
  const server = rep.serverCpuPercent === null ? '' : `, server CPU ${Math.round(rep.serverCpuPercent)} %`;
  const b = rep.beside;
  const beside =
    b === undefined || b.referenceFigure <= 0
      ? ''
      : `; beside ${b.target}: ${(b.figure / b.referenceFigure).toFixed(2)}×${b.clientBound ? ' (client-bound, not used)' : ''}`;
  return (
    `${formatCount(rep.requestsPerSec)} req/s, p99 ${formatMs(rep.latencyMs.p99)}${server} (${warmText})${beside}` +
    (flags.length > 0 ? ` [${flags.join(', ')}]` : '')
  );
}

export class Progress implements RunnerProgress {
  private readonly out: NodeJS.WritableStream;
  private readonly live: boolean;
  private label = '';
  private phaseText = '';
  private lastSecond: number | null = null;
  private startedAt = 0;
  private expectedSec = 1;

  constructor(out: NodeJS.WritableStream, live: boolean, expectedVisitSec: number) {
    this.out = out;
    this.live = live;
    this.expectedSec = Math.max(1, expectedVisitSec);
  }

  private redraw(): void {
    if (!this.live) return;
    const elapsed = (performance.now() - this.startedAt) / 1000;
    const filled = Math.min(BAR_WIDTH, Math.round((elapsed / this.expectedSec) * BAR_WIDTH));
    const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
    const rate = this.lastSecond === null ? '' : ` ${formatCount(this.lastSecond)}`;
    this.out.write(`\r\x1b[2K${this.label}  ${this.phaseText} ${bar}${rate}`);
  }

  log(line: string): void {
    if (this.live) this.out.write('\r\x1b[2K');
    this.out.write(`${line}\n`);
  }

  beginVisit(visit: Visit, index: number, total: number): void {
    const width = String(total).length;
    this.label = `[${String(index).padStart(width)}/${total}] round ${visit.round} ${visit.target.name}`;
    this.startedAt = performance.now();
    this.phase('starting');
  }

  phase = (text: string): void => {
    this.phaseText = text;
    this.lastSecond = null;
    this.redraw();
  };

  second = (count: number): void => {
    this.lastSecond = count;
    this.redraw();
  };

  pointDone(_visit: Visit, outcome: PointOutcome): void {
    this.log(`${this.label} ${pointLabel(outcome)}: ${pointLine(outcome)}`);
  }

  /** Each reason once: the same one for every later visit says nothing new. */
  private readonly besideReasons = new Set<string>();

  besideSkipped(_visit: Visit, point: Point, why: string): void {
    if (this.besideReasons.has(why)) return;
    this.besideReasons.add(why);
    this.log(`${this.label} ${point.scenario.id}: not measured side by side: ${why}`);
  }

  extraRound(round: number, targets: readonly string[]): void {
    this.log(`round ${round}: more repetitions where the interval is still wide: ${targets.join(', ')}`);
  }
}
