// What the user sees while a run goes: on a terminal, one line redrawn each second with a bar; in CI logs
// and pipes, plain lines (one per repetition, one per measurement). Always on stderr, so --json's stdout
// stays clean.

import { type Measurement, repeatsFor, type Timing } from '../plan/plan.ts';
import type { Run } from '../results/schema.ts';
import { formatCount, formatCpu, formatMs } from '../views/format.ts';
import type { MeasureProgress } from './measure.ts';

const BAR_WIDTH = 20;

export function measurementLabel(m: Measurement): string {
  const rate =
    m.rate === null ? '' : 'share' in m.rate ? ` at ${m.rate.share * 100} %` : ` at ${m.rate.perSec} req/s`;
  return `${m.target.name} ${m.scenario.id}${rate} c=${m.connections}`;
}

export function runLine(run: Run): string {
  if (run.repetitions.length === 0) return `${run.flags.join(', ')}: ${run.stderr?.split('\n')[0] ?? ''}`;
  const rps = run.requestsPerSec;
  const flags = run.flags.length > 0 ? ` [${run.flags.join(', ')}]` : '';
  return (
    `${formatCount(rps.median)} req/s (${formatCount(rps.min)}–${formatCount(rps.max)}), ` +
    `p99 ${formatMs(run.latencyMs.p99)}, server CPU ${formatCpu(run.server.cpuPercent)}, ` +
    `client CPU ${formatCpu(run.client.cpuPercent)}${flags}`
  );
}

export class Progress implements MeasureProgress {
  private readonly out: NodeJS.WritableStream;
  private readonly live: boolean;
  private readonly total: number;
  private readonly timing: Timing;
  private index = 0;
  private label = '';
  private phaseText = '';
  private lastSecond: number | null = null;
  private startedAt = 0;
  private expectedSec = 1;
  private repeats = 1;

  constructor(out: NodeJS.WritableStream, live: boolean, total: number, timing: Timing) {
    this.out = out;
    this.live = live;
    this.total = total;
    this.timing = timing;
  }

  private prefix(): string {
    const width = String(this.total).length;
    return `[${String(this.index).padStart(width)}/${this.total}] ${this.label}`;
  }

  private redraw(): void {
    if (!this.live) return;
    const elapsed = (performance.now() - this.startedAt) / 1000;
    const filled = Math.min(BAR_WIDTH, Math.round((elapsed / this.expectedSec) * BAR_WIDTH));
    const bar = '█'.repeat(filled) + '░'.repeat(BAR_WIDTH - filled);
    const rate = this.lastSecond === null ? '' : ` ${formatCount(this.lastSecond)} req/s`;
    this.out.write(`\r\x1b[2K${this.prefix()}  ${this.phaseText} ${bar}${rate}`);
  }

  log(line: string): void {
    if (this.live) this.out.write('\r\x1b[2K');
    this.out.write(`${line}\n`);
  }

  begin(index: number, m: Measurement): void {
    this.index = index;
    this.label = measurementLabel(m);
    this.lastSecond = null;
    this.startedAt = performance.now();
    this.repeats = repeatsFor(m, this.timing);
    this.expectedSec = Math.max(1, this.timing.warmupSec + this.repeats * this.timing.durationSec);
    this.phaseText = 'starting';
    this.redraw();
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

  repetitionDone = (repetition: number, requestsPerSec: number): void => {
    if (!this.live) {
      this.log(
        `${this.prefix()} repetition ${repetition}/${this.repeats}: ${formatCount(requestsPerSec)} req/s`,
      );
    }
  };

  end(run: Run | null): void {
    this.log(`${this.prefix()}: ${run ? runLine(run) : 'interrupted'}`);
  }
}
