// How the servers whose runtime parses HTTP (node:http, Bun.serve, Deno.serve) answer conformance cases
// differently from the core: test data, checked by the conformance suite, so a change in a runtime shows
// up as a failure. Servers on the core's parser have none (a test holds them to that).
import type { Runtime } from '../../servers/registry.ts';

/**
 * A conformance case on which an implementation answers differently from the core: what it answers, how
 * it leaves the connection, and why that is the runtime's doing rather than the adapter's.
 */
export interface Deviation {
  /** Id of the case in test/conformance/cases.ts, or of a stateful check in conformance.test.ts ('half-close'). */
  readonly case: string;
  /** Runtimes the deviation applies to; all of the implementation's runtimes when absent. */
  readonly runtimes?: readonly Runtime[];
  /** The statuses the server actually answers with, in order; [] when it closes without a response. */
  readonly actual: readonly number[];
  /** Other answers the runtime gives on some runs (it depends on timing or on how the bytes are split). */
  readonly alternatives?: readonly (readonly number[])[];
  /**
   * How the connection is left: closed cleanly ('fin'), reset, or kept open (the runtime took the input
   * for a good request on a keep-alive connection). A close must come promptly, never after a hang.
   */
  readonly ends: 'fin' | 'reset' | 'open';
  readonly why: string;
}

/** Where a runtime enforces timeouts on its own terms rather than by the --header-timeout/--idle-timeout flags. */
export interface TimeoutRule {
  /** The header timeout it really applies, whatever the flag says; null when a silent client is never cut off. */
  readonly headerMs?: number | null;
  /** null when an idle keep-alive connection is never closed. */
  readonly idleMs?: number | null;
  /** How long a request body trickled a byte at a time may take; null when nothing cuts it off. */
  readonly bodyMs?: number | null;
  /** How late a timeout may fire: the period of the runtime's timer wheel. */
  readonly granularityMs?: number;
  readonly why: string;
}

const LLHTTP = ['node', 'deno'] as const;

/**
 * How node:http answers input that the core answers otherwise. Node and Deno both parse with llhttp;
 * Bun's node:http is built on its own parser. The adapter reads a request's body before answering and
 * answers a request whose client half-closes, so what remains here is the parsers' own decisions.
 */
const NODE_HTTP_DEVIATIONS: readonly Deviation[] = [
  {
    case: 'unknown-method-405',
    actual: [400],
    ends: 'fin',
    why: 'the parser knows a fixed list of methods and rejects any other token before the adapter sees it',
  },
  {
    case: 'repeated-host',
    actual: [200],
    ends: 'open',
    why: 'a second Host header is accepted; the first one wins',
  },
  {
    case: 'host-with-space',
    actual: [200],
    ends: 'open',
    why: 'the parser does not validate the Host value',
  },
  {
    case: 'te-unknown-coding',
    actual: [200],
    ends: 'open',
    why: 'the parser ignores codings before the final chunked, even unknown ones',
  },
  {
    case: 'te-on-http10',
    actual: [200],
    ends: 'fin',
    why: 'the parser accepts Transfer-Encoding on an HTTP/1.0 request',
  },
  {
    case: 'target-too-long',
    actual: [404],
    ends: 'open',
    why: 'the parser limits the whole head (16 KiB here), not the target',
  },
  {
    case: 'version-1-2',
    actual: [400],
    ends: 'fin',
    why: 'the parser takes an unknown minor version for a parse error, answered 400 instead of 505',
  },
  {
    case: 'request-line-two-parts',
    runtimes: LLHTTP,
    actual: [200],
    ends: 'fin',
    why: 'llhttp reads "GET /" with no version as HTTP/0.9',
  },
  {
    case: 'request-line-double-space',
    runtimes: LLHTTP,
    actual: [200],
    ends: 'open',
    why: 'llhttp skips repeated spaces in the request line',
  },
  {
    case: 'version-2',
    runtimes: LLHTTP,
    actual: [200],
    ends: 'fin',
    why: 'llhttp accepts HTTP/2.0 in a request line and the request is answered as HTTP/1.1',
  },
  {
    case: 'version-0-9',
    runtimes: LLHTTP,
    actual: [200],
    ends: 'fin',
    why: 'llhttp accepts HTTP/0.9 in a request line and the request is answered as HTTP/1.1',
  },
  {
    case: 'too-many-headers',
    // Node 20 did the same; Node 24's node:http answers 431 and closes, as the core does.
    runtimes: ['deno'],
    actual: [200],
    ends: 'open',
    why: 'node:http drops header fields past maxHeadersCount instead of rejecting the request',
  },
  {
    case: 'connection-close',
    runtimes: ['deno'],
    actual: [200],
    alternatives: [[400]],
    ends: 'fin',
    why: "Deno's node:http keeps parsing after a Connection: close request and, when the answer is not ready at once (a file re-checked on disk), rejects the request pipelined after it with a 400 that replaces the answer; its clientError event cannot stop that, as it does on Node",
  },
  {
    case: 'request-line-two-parts',
    runtimes: ['bun'],
    actual: [400],
    ends: 'fin',
    why: "Bun's parser rejects the line as malformed; the core agrees on the status, only the connection's framing differs",
  },
  {
    case: 'cl-repeated',
    runtimes: ['bun'],
    actual: [200],
    ends: 'open',
    why: "Bun's parser accepts two identical Content-Length headers, as RFC 9110 permits",
  },
  {
    case: 'version-2',
    runtimes: ['bun'],
    actual: [400],
    ends: 'fin',
    why: "Bun's parser answers an unsupported version with 400 instead of 505",
  },
  {
    case: 'version-0-9',
    runtimes: ['bun'],
    actual: [400],
    ends: 'fin',
    why: "Bun's parser answers an unsupported version with 400 instead of 505",
  },
  {
    case: 'http10-keep-alive',
    runtimes: ['bun'],
    actual: [200],
    ends: 'fin',
    why: "Bun's node:http ignores keep-alive on HTTP/1.0 and closes after the first response",
  },
];

const BUN_SAYS_505 = "Bun's parser answers a request line it cannot read with 505, not 400";
const BUN_BODY_ENDS =
  "Bun's parser takes the malformed chunk line for the end of the body, so the request is answered, and rejects what follows with 400";

/** How Bun.serve's own parser and server answer input that the core answers otherwise. */
const BUN_SERVE_DEVIATIONS: readonly Deviation[] = [
  {
    case: 'half-close',
    actual: [],
    alternatives: [[200]],
    ends: 'fin',
    why: 'Bun.serve has no half-open setting: when the FIN arrives while the answer is still a pending Promise (a first read from disk), it closes without answering about half of the time, and answers otherwise',
  },
  {
    case: 'large-file-chunked',
    actual: [200],
    ends: 'fin',
    why: 'Bun.serve sends a body given as a stream (a file too large to keep in memory, read a piece at a time and checked) chunked, dropping the Content-Length the core gives; Bun.file bodies keep it but add a Content-Disposition header and, pipelined, are cut off mid-body',
  },
  {
    case: 'large-file-pipelined',
    actual: [],
    ends: 'fin',
    why: 'Bun.serve closes the connection, with nothing sent, when a second request is pipelined behind an answer whose body is a stream',
  },
  {
    case: 'pipelining-cold-file',
    actual: [],
    ends: 'fin',
    why: 'Bun.serve drops the connection, with no response, when a pipelined request arrives while the answer to the one before is still a pending Promise (here: the first read of a file)',
  },
  {
    case: 'unknown-method-405',
    actual: [],
    ends: 'fin',
    why: 'Bun.serve closes the connection on a method it does not know, before the handler sees the request',
  },
  {
    case: 'http10-keep-alive',
    actual: [200],
    ends: 'fin',
    why: 'Bun.serve ignores keep-alive on HTTP/1.0 and closes after the first response',
  },
  {
    case: 'chunked-body-skipped',
    actual: [200, 400],
    ends: 'fin',
    why: "Bun's parser rejects the trailer fields after a chunked body, which RFC 9112 allows",
  },
  { case: 'repeated-host', actual: [200], ends: 'open', why: "Bun's parser accepts a second Host header" },
  {
    case: 'host-with-space',
    actual: [200],
    ends: 'open',
    why: "Bun's parser does not validate the Host value",
  },
  {
    case: 'cl-repeated',
    actual: [200],
    ends: 'open',
    why: "Bun's parser accepts two identical Content-Length headers, as RFC 9110 permits",
  },
  { case: 'request-line-two-parts', actual: [505], ends: 'fin', why: BUN_SAYS_505 },
  { case: 'request-line-tab', actual: [505], ends: 'fin', why: BUN_SAYS_505 },
  { case: 'request-line-trailing-space', actual: [505], ends: 'fin', why: BUN_SAYS_505 },
  { case: 'target-raw-space', actual: [505], ends: 'fin', why: BUN_SAYS_505 },
  { case: 'version-lowercase', actual: [505], ends: 'fin', why: BUN_SAYS_505 },
  { case: 'version-garbage', actual: [505], ends: 'fin', why: BUN_SAYS_505 },
  { case: 'bare-lf-line', actual: [505], ends: 'fin', why: BUN_SAYS_505 },
  {
    case: 'target-non-ascii',
    actual: [404],
    ends: 'open',
    why: "Bun's parser accepts bytes above 0x7f in the target, and the path is looked up",
  },
  {
    case: 'te-unknown-coding',
    actual: [400],
    ends: 'fin',
    why: "Bun's parser answers an unknown transfer coding with 400 rather than 501",
  },
  {
    case: 'chunk-size-not-hex',
    actual: [200, 400],
    alternatives: [[400]],
    ends: 'fin',
    why: `${BUN_BODY_ENDS}; or with 400 at once, when the whole body came in the first read`,
  },
  { case: 'chunk-size-empty', actual: [200, 400], ends: 'fin', why: BUN_BODY_ENDS },
  { case: 'chunk-data-too-long', actual: [200, 400], ends: 'fin', why: BUN_BODY_ENDS },
  { case: 'chunk-line-bare-lf', actual: [200, 400], ends: 'fin', why: BUN_BODY_ENDS },
  { case: 'chunk-size-overflow', actual: [200, 400], ends: 'fin', why: BUN_BODY_ENDS },
  {
    case: 'target-too-long',
    actual: [404],
    ends: 'open',
    why: "Bun's parser limits the whole head, not the target, so an 8 KiB target is looked up",
  },
  {
    case: 'too-many-headers',
    actual: [200],
    ends: 'open',
    why: "Bun's parser has no limit on the number of header fields below the size limit",
  },
];

const DENO_BODY =
  'Deno.serve (hyper) closes the connection when a chunked body turns out malformed, without sending the 400 the adapter answers';

/** How Deno.serve (hyper) answers input that the core answers otherwise. */
const DENO_SERVE_DEVIATIONS: readonly Deviation[] = [
  {
    case: 'half-close',
    actual: [],
    alternatives: [[200]],
    ends: 'fin',
    why: 'Deno.serve has no half-open setting: it usually closes the connection when the client half-closes after its request, without answering it; on a busy machine the answer sometimes goes out first',
  },
  {
    case: 'missing-host',
    actual: [200],
    ends: 'open',
    why: 'hyper accepts an HTTP/1.1 request without Host',
  },
  { case: 'bare-lf-line', actual: [200], ends: 'open', why: 'hyper accepts a bare LF as a line ending' },
  { case: 'host-with-space', actual: [200], ends: 'open', why: 'hyper does not validate the Host value' },
  {
    case: 'cl-repeated',
    actual: [200],
    ends: 'open',
    why: 'hyper accepts two identical Content-Length headers, as RFC 9110 permits',
  },
  {
    case: 'te-unknown-coding',
    actual: [200],
    ends: 'open',
    why: 'hyper ignores codings before the final chunked, even unknown ones',
  },
  {
    case: 'version-2',
    actual: [400],
    ends: 'fin',
    why: 'hyper answers an unsupported version 400 rather than 505',
  },
  {
    case: 'version-1-2',
    actual: [400],
    ends: 'fin',
    why: 'hyper answers an unsupported version 400 rather than 505',
  },
  {
    case: 'version-0-9',
    actual: [400],
    ends: 'fin',
    why: 'hyper answers an unsupported version 400 rather than 505',
  },
  {
    case: 'target-too-long',
    actual: [404],
    ends: 'open',
    why: 'hyper limits the whole head, not the target, so an 8 KiB target is looked up',
  },
  { case: 'headers-too-large', actual: [200], ends: 'open', why: "hyper's head limit is larger than 16 KiB" },
  { case: 'too-many-headers', actual: [200], ends: 'open', why: 'hyper allows more than 100 header fields' },
  {
    case: 'chunked-body-split',
    actual: [200],
    ends: 'fin',
    why: 'hyper answers a request whose chunked body arrives in pieces, then closes instead of reading the next request',
  },
  ...[
    'chunk-size-not-hex',
    'chunk-size-empty',
    'chunk-data-too-long',
    'chunk-line-bare-lf',
    'chunk-size-overflow',
  ].map((id): Deviation => ({ case: id, actual: [], ends: 'fin', why: DENO_BODY })),
];

/** Deviations per implementation id. */
export const DEVIATIONS: Readonly<Record<string, readonly Deviation[]>> = {
  'node-http': NODE_HTTP_DEVIATIONS,
  'bun-serve': BUN_SERVE_DEVIATIONS,
  'deno-serve': DENO_SERVE_DEVIATIONS,
};

/** Timeout rules per implementation id. */
export const TIMEOUT_RULES: Readonly<Record<string, TimeoutRule>> = {
  'bun-serve': {
    headerMs: 10_000,
    bodyMs: null,
    granularityMs: 4000,
    why: 'Bun.serve has no header or request timeout setting: it cuts a silent or stalled client after about 10 s of its own, checks idle timeouts on a 4 s tick, in whole seconds, and a client that sends a body byte now and then is never cut',
  },
  'deno-serve': {
    headerMs: null,
    idleMs: null,
    bodyMs: null,
    why: 'Deno.serve has no timeout settings: a client that connects and says nothing, stays idle between requests or trickles a body, is never closed (hyper cuts a half-sent head only after 30 s)',
  },
};

/** The deviation recorded for a case on a target, if any. */
export function deviationFor(impl: string, runtime: Runtime, caseId: string): Deviation | undefined {
  return (DEVIATIONS[impl] ?? []).find(
    (d) => d.case === caseId && (d.runtimes === undefined || d.runtimes.includes(runtime)),
  );
}
