// Latency from every request of every repetition: the engines' HdrHistograms merged, percentiles read off
// the merge and the maximum the maximum. Percentiles of separate repetitions cannot be averaged: a worst
// case seen in one repetition of three would be lost.
import * as hdr from 'hdr-histogram-js';
import type { Latency } from '../model/schema.ts';

/** The merge of histograms in compressed base64 (µs), as one histogram; null for none. */
export function mergeHistograms(encoded: readonly string[]): hdr.Histogram | null {
  if (encoded.length === 0) return null;
  const merged = hdr.build({ lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3 });
  for (const text of encoded) {
    const one = hdr.decodeFromCompressedBase64(text);
    merged.add(one);
    one.destroy();
  }
  return merged;
}

/** The percentiles of a histogram of µs, in ms. */
export function latencyOf(histogram: hdr.Histogram): Latency {
  if (histogram.totalCount === 0) return { p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };
  const ms = (p: number) => histogram.getValueAtPercentile(p) / 1000;
  return { p50: ms(50), p90: ms(90), p99: ms(99), p999: ms(99.9), max: histogram.maxValue / 1000 };
}

/** The merged percentiles, or null when there is nothing to merge. */
export function mergedLatency(encoded: readonly string[]): Latency | null {
  const merged = mergeHistograms(encoded);
  if (merged === null) return null;
  const latency = latencyOf(merged);
  merged.destroy();
  return latency;
}

/**
 * The merged histogram as an HdrHistogram log (the format of HdrHistogram's HistogramLogWriter, which its
 * own tools and plotters read): one interval of `seconds`, tagged, with a comment saying what it holds.
 */
export function histogramLog(
  encoded: readonly string[],
  tag: string,
  comment: string,
  seconds: number,
): string | null {
  const merged = mergeHistograms(encoded);
  if (merged === null) return null;
  merged.tag = tag;
  let text = '';
  const writer = new hdr.HistogramLogWriter((line) => {
    text += line;
  });
  writer.outputComment(comment);
  writer.outputLogFormatVersion();
  writer.outputStartTime(0);
  writer.outputLegend();
  // Values are µs; the log's max column is in ms (HdrHistogram's usual unit ratio for µs values).
  writer.outputIntervalHistogram(merged, 0, seconds, 1000);
  merged.destroy();
  return text;
}
