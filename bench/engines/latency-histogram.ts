// Latency percentiles at microsecond resolution. autocannon's own histogram rounds to whole milliseconds,
// which hides everything interesting about a server answering in 0.2 ms. Log-linear buckets: exact below
// 64 µs, then 64 linear steps per power of two (under 1.6 % error), constant memory whatever the count.
import type { Latency } from '../model/schema.ts';

const SUB_BUCKETS = 64;
const SUB_BITS = 6;
/** Powers of two covered above the exact range: up to 2^40 µs, far beyond any timeout. */
const MAGNITUDES = 40;

function bucketOf(micros: number): number {
  const v = Math.max(0, Math.round(micros));
  if (v < SUB_BUCKETS) return v;
  const magnitude = Math.floor(Math.log2(v)) - SUB_BITS + 1;
  const sub = Math.floor(v / 2 ** magnitude) - SUB_BUCKETS / 2;
  return Math.min(SUB_BUCKETS + (magnitude - 1) * (SUB_BUCKETS / 2) + sub, SUB_BUCKETS * MAGNITUDES - 1);
}

/** The middle of a bucket, in microseconds. */
function bucketMiddle(bucket: number): number {
  if (bucket < SUB_BUCKETS) return bucket;
  const offset = bucket - SUB_BUCKETS;
  const magnitude = Math.floor(offset / (SUB_BUCKETS / 2)) + 1;
  const sub = (offset % (SUB_BUCKETS / 2)) + SUB_BUCKETS / 2;
  return (sub + 0.5) * 2 ** magnitude;
}

export class LatencyHistogram {
  private readonly counts = new Float64Array(SUB_BUCKETS * MAGNITUDES);
  private total = 0;
  private maxMicros = 0;

  recordMs(ms: number): void {
    const micros = ms * 1000;
    this.counts[bucketOf(micros)]! += 1;
    this.total++;
    if (micros > this.maxMicros) this.maxMicros = micros;
  }

  get count(): number {
    return this.total;
  }

  /** The value below which p percent of the recorded latencies fall, in milliseconds. */
  percentileMs(p: number): number {
    if (this.total === 0) return 0;
    const rank = Math.max(1, Math.ceil((p / 100) * this.total));
    let seen = 0;
    for (let bucket = 0; bucket < this.counts.length; bucket++) {
      seen += this.counts[bucket]!;
      if (seen >= rank) return Math.min(bucketMiddle(bucket), this.maxMicros) / 1000;
    }
    return this.maxMicros / 1000;
  }

  latency(): Latency {
    return {
      p50: this.percentileMs(50),
      p90: this.percentileMs(90),
      p99: this.percentileMs(99),
      p999: this.percentileMs(99.9),
      max: this.maxMicros / 1000,
    };
  }
}
