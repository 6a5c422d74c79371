// Readers of the export formats, written from each format's published description and not from our
// writers, so a file that round-trips here is one the other tool reads:
// - github-action-benchmark (benchmark-action/github-action-benchmark, README "customBiggerIsBetter and
//   customSmallerIsBetter", src/extract.ts): a non-empty JSON array; each entry has `name` (string),
//   `value` (number), `unit` (string), optionally `range` and `extra` (strings).
// - Bencher Metric Format (bencher.dev/docs/reference/bencher-metric-format): an object of benchmark names
//   (at most 1024 characters) to objects of measure slugs (at most 64) to a metric with a required number
//   `value` and optional numbers `lower_value` and `upper_value`; the built-in `latency` is in ns and
//   `throughput` in operations per second.
// - HdrHistogram interval logs (HdrHistogram/HdrHistogram, HistogramLogWriter.java and the V2 encoding of
//   AbstractHistogram.java): comment lines start with #, a legend line of quoted column names, then
//   `[Tag=T,]start,length,max,histogram` with the histogram in base64: a big-endian header (cookie
//   0x1c849314 for the compressed form, payload length) around a zlib stream holding the V2 encoding
//   (cookie 0x1c849313, payload length, normalizing index offset, significant digits, lowest discernible
//   value as int64, highest trackable value as int64, a double conversion ratio) and the counts as
//   ZigZag LEB128 numbers, a negative one being a run of empty buckets.
import { inflateSync } from 'node:zlib';

export interface TrackerEntry {
  readonly name: string;
  readonly value: number;
  readonly unit: string;
  readonly range?: string;
  readonly extra?: string;
}

function fail(message: string): never {
  throw new Error(message);
}

export function readCustomBenchmarkFile(text: string): TrackerEntry[] {
  const data: unknown = JSON.parse(text);
  if (!Array.isArray(data)) fail('not an array of entries');
  if (data.length === 0) fail('no benchmark result (the action refuses an empty file)');
  return data.map((entry: unknown, i) => {
    if (typeof entry !== 'object' || entry === null) fail(`entry ${i} is not an object`);
    const e = entry as Record<string, unknown>;
    if (typeof e['name'] !== 'string' || e['name'] === '') fail(`entry ${i}: name`);
    if (typeof e['value'] !== 'number' || !Number.isFinite(e['value'])) fail(`entry ${i}: value`);
    if (typeof e['unit'] !== 'string' || e['unit'] === '') fail(`entry ${i}: unit`);
    for (const optional of ['range', 'extra']) {
      if (e[optional] !== undefined && typeof e[optional] !== 'string') fail(`entry ${i}: ${optional}`);
    }
    return e as unknown as TrackerEntry;
  });
}

export interface BmfMetric {
  readonly value: number;
  readonly lower_value?: number;
  readonly upper_value?: number;
}

export function readBmf(text: string): Map<string, Map<string, BmfMetric>> {
  const data: unknown = JSON.parse(text);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) fail('not an object');
  const benchmarks = new Map<string, Map<string, BmfMetric>>();
  for (const [name, measures] of Object.entries(data)) {
    if (name.length === 0 || name.length > 1024) fail(`benchmark name length ${name.length}`);
    if (typeof measures !== 'object' || measures === null) fail(`${name}: not an object of measures`);
    const byMeasure = new Map<string, BmfMetric>();
    for (const [slug, metric] of Object.entries(measures as Record<string, unknown>)) {
      if (slug.length === 0 || slug.length > 64) fail(`${name}: measure slug length ${slug.length}`);
      const m = metric as Record<string, unknown>;
      if (typeof m['value'] !== 'number') fail(`${name}/${slug}: value is required`);
      for (const bound of ['lower_value', 'upper_value']) {
        if (m[bound] !== undefined && typeof m[bound] !== 'number') fail(`${name}/${slug}: ${bound}`);
      }
      byMeasure.set(slug, m as unknown as BmfMetric);
    }
    benchmarks.set(name, byMeasure);
  }
  return benchmarks;
}

export interface LoggedInterval {
  readonly tag: string | null;
  readonly startSec: number;
  readonly lengthSec: number;
  /** The interval's maximum, in the log's unit (ms for µs values written with a ratio of 1000). */
  readonly max: number;
  readonly histogram: DecodedHistogram;
}

export interface DecodedHistogram {
  readonly significantDigits: number;
  readonly lowest: number;
  /** Counts by index. */
  readonly counts: readonly number[];
  readonly totalCount: number;
  /** The value at a percentile: the highest value equivalent to the bucket where the count is reached. */
  valueAtPercentile(percentile: number): number;
}

/** ZigZag LEB128 as HdrHistogram writes it: up to 9 bytes, the ninth holding 8 bits. */
function readZigZag(bytes: Buffer, at: { offset: number }): number {
  let value = 0n;
  let shift = 0n;
  for (let i = 0; i < 9; i++) {
    const b = bytes[at.offset++]!;
    value |= BigInt(i === 8 ? b : b & 0x7f) << shift;
    if (i < 8 && (b & 0x80) === 0) break;
    shift += 7n;
  }
  const decoded = (value >> 1n) ^ -(value & 1n);
  return Number(decoded);
}

export function decodeCompressedHistogram(base64: string): DecodedHistogram {
  const outer = Buffer.from(base64, 'base64');
  if (outer.readInt32BE(0) !== 0x1c849314) fail(`compressed cookie ${outer.readInt32BE(0).toString(16)}`);
  const compressedLength = outer.readInt32BE(4);
  const inner = inflateSync(outer.subarray(8, 8 + compressedLength));
  if (inner.readInt32BE(0) !== 0x1c849313) fail(`encoding cookie ${inner.readInt32BE(0).toString(16)}`);
  const payloadLength = inner.readInt32BE(4);
  const significantDigits = inner.readInt32BE(12);
  const lowest = Number(inner.readBigInt64BE(16));
  const counts: number[] = [];
  const at = { offset: 40 };
  while (at.offset < 40 + payloadLength) {
    const n = readZigZag(inner, at);
    if (n < 0) for (let k = 0; k < -n; k++) counts.push(0);
    else counts.push(n);
  }
  // The bucket layout of AbstractHistogram: sub-buckets enough for the digits, doubling per bucket.
  const subBucketHalfCountMagnitude = Math.ceil(Math.log2(2 * 10 ** significantDigits)) - 1;
  const subBucketHalfCount = 2 ** subBucketHalfCountMagnitude;
  const unitMagnitude = Math.floor(Math.log2(lowest));
  const valueFromIndex = (index: number) => {
    let bucket = (index >> subBucketHalfCountMagnitude) - 1;
    let subBucket = (index & (subBucketHalfCount - 1)) + subBucketHalfCount;
    if (bucket < 0) {
      subBucket -= subBucketHalfCount;
      bucket = 0;
    }
    return { value: subBucket * 2 ** (bucket + unitMagnitude), width: 2 ** (bucket + unitMagnitude) };
  };
  const totalCount = counts.reduce((a, b) => a + b, 0);
  return {
    significantDigits,
    lowest,
    counts,
    totalCount,
    valueAtPercentile(percentile) {
      const wanted = Math.max(1, Math.ceil((percentile / 100) * totalCount));
      let seen = 0;
      for (let i = 0; i < counts.length; i++) {
        seen += counts[i]!;
        if (seen >= wanted) {
          const { value, width } = valueFromIndex(i);
          return value + width - 1;
        }
      }
      return 0;
    },
  };
}

export function readHistogramLog(text: string): LoggedInterval[] {
  const intervals: LoggedInterval[] = [];
  let legendSeen = false;
  for (const line of text.split('\n')) {
    if (line.trim() === '' || line.startsWith('#')) continue;
    if (line.startsWith('"StartTimestamp"')) {
      legendSeen = true;
      continue;
    }
    const fields = line.trim().split(',');
    const tag = fields[0]!.startsWith('Tag=') ? fields.shift()!.slice(4) : null;
    if (fields.length !== 4) fail(`an interval line has ${fields.length} fields: ${line}`);
    const [start, length, max, histogram] = fields as [string, string, string, string];
    intervals.push({
      tag,
      startSec: Number(start),
      lengthSec: Number(length),
      max: Number(max),
      histogram: decodeCompressedHistogram(histogram),
    });
  }
  if (!legendSeen) fail('no legend line');
  return intervals;
}
