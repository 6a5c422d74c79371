// Samples the server's whole process tree (CPU and resident memory) and the load generator's CPU while
// a window of load runs. CPU % is of one core: 100 means one core busy for the whole window. The CPU is
// counted from the window's start (windowStarted(), when the engine says its connections are open) to
// stop(), so CPU %, CPU-seconds and requests per CPU-second all describe the same span.
import { cpuSeconds, processTree, rssBytes } from './process-stats.ts';

export interface ResourceUsage {
  readonly serverCpuPercent: number | null;
  /** Server CPU-seconds (all processes and threads of its tree) while the sampler ran. */
  readonly serverCpuSeconds: number | null;
  readonly serverRssPeakBytes: number | null;
  readonly clientCpuPercent: number | null;
}

const SAMPLE_INTERVAL_MS = 250;
/** Re-scan the server's descendants every this many samples (scanning /proc costs more than sampling). */
const TREE_REFRESH_SAMPLES = 4;

/** CPU seconds of a set of processes since each was first seen; processes that exit keep their share. */
class CpuMeter {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();

  observe(pids: readonly number[]): void {
    for (const pid of pids) {
      const seconds = cpuSeconds(pid);
      if (seconds === null) continue;
      if (!this.first.has(pid)) this.first.set(pid, seconds);
      this.last.set(pid, seconds);
    }
  }

  seconds(): number {
    let total = 0;
    for (const [pid, last] of this.last) total += last - (this.first.get(pid) ?? last);
    return total;
  }

  /** Counts from now: what each process has used so far is left out. */
  rebase(): void {
    for (const [pid, last] of this.last) this.first.set(pid, last);
  }
}

export class ResourceSampler {
  private readonly serverPid: number | null;
  private serverPids: number[] = [];
  private readonly clientPids = new Set<number>();
  private clientSince = 0;
  private readonly serverCpu = new CpuMeter();
  private readonly clientCpu = new CpuMeter();
  private rssPeak: number | null = null;
  private samples = 0;
  private startedAt = performance.now();
  private readonly timer: NodeJS.Timeout;
  private usage: ResourceUsage | null = null;

  /** serverPid null: a remote server, nothing to sample on this machine. */
  constructor(serverPid: number | null) {
    this.serverPid = serverPid;
    this.sample();
    this.timer = setInterval(() => this.sample(), SAMPLE_INTERVAL_MS);
  }

  /** The window starts now: CPU is counted from here (memory peaks from the start, idle connections included). */
  windowStarted(): void {
    if (this.usage) return;
    this.sample();
    this.serverCpu.rebase();
    this.clientCpu.rebase();
    this.startedAt = performance.now();
    this.clientSince = this.startedAt;
  }

  /** A process of the load generator (several, one per client core, for a split engine). */
  addClientPid(pid: number): void {
    if (this.clientPids.size === 0) this.clientSince = performance.now();
    this.clientPids.add(pid);
    this.clientCpu.observe([pid]);
  }

  private sample(): void {
    if (this.serverPid !== null) {
      if (this.samples % TREE_REFRESH_SAMPLES === 0) this.serverPids = processTree(this.serverPid);
      this.serverCpu.observe(this.serverPids);
      let rss = 0;
      for (const pid of this.serverPids) rss += rssBytes(pid) ?? 0;
      if (rss > 0) this.rssPeak = Math.max(this.rssPeak ?? 0, rss);
    }
    if (this.clientPids.size > 0) this.clientCpu.observe([...this.clientPids]);
    this.samples++;
  }

  /** Ends sampling; later calls return the same figures. */
  stop(): ResourceUsage {
    if (this.usage) return this.usage;
    clearInterval(this.timer);
    this.sample();
    const now = performance.now();
    const percent = (seconds: number, since: number) =>
      now > since ? (seconds / ((now - since) / 1000)) * 100 : 0;
    this.usage = {
      serverCpuPercent: this.serverPid === null ? null : percent(this.serverCpu.seconds(), this.startedAt),
      serverCpuSeconds: this.serverPid === null ? null : this.serverCpu.seconds(),
      serverRssPeakBytes: this.rssPeak,
      clientCpuPercent:
        this.clientPids.size === 0 ? null : percent(this.clientCpu.seconds(), this.clientSince),
    };
    return this.usage;
  }
}
