// How the servers whose runtime parses HTTP (node:http, Bun.serve, Deno.serve) answer conformance cases
// differently from the core: test data, checked by the conformance suite, so a change in a runtime shows
// up as a failure. Servers on the core's parser have none (a test holds them to that).
import type { Runtime } from '../../servers/registry.ts';

/** A conformance case on which an implementation answers differently from the core, and what it answers. */
export interface Deviation {
  /** Id of the case in test/conformance/cases.ts, or of a stateful check in conformance.test.ts ('half-close'). */
  readonly case: string;
  /** Runtimes the deviation applies to; all of the implementation's runtimes when absent. */
  readonly runtimes?: readonly Runtime[];
  /** The statuses the server actually answers with, in order; [] when it closes without a response. */
  readonly actual: readonly number[];
  /** A second answer the runtime gives on some runs (it depends on how the bytes are split across reads). */
  readonly orActual?: readonly number[];
  readonly why: string;
}

/** Where a runtime enforces timeouts on its own terms rather than by the --header-timeout/--idle-timeout flags. */
export interface TimeoutRule {
  /** The header timeout it really applies, whatever the flag says; null when a silent client is never cut off. */
  readonly headerMs?: number | null;
  /** null when an idle keep-alive connection is never closed. */
  readonly idleMs?: number | null;
  /** How late a timeout may fire: the period of the runtime's timer wheel. */
  readonly granularityMs?: number;
  readonly why: string;
}

const AFTER_BODY = 'node:http answers the request before reading its body, then';
const ON_BAD_CHUNK = `${AFTER_BODY} drops the connection on the bad chunk`;
const LLHTTP = ['node', 'deno'] as const;

/**
 * How node:http answers malformed input that the core rejects, checked by the conformance suite.
 * Node and Deno both parse with llhttp; Bun's node:http is built on its own parser.
 */
const NODE_HTTP_DEVIATIONS: readonly Deviation[] = [
  {
    case: 'unknown-method-405',
    actual: [400],
    why: 'the parser knows a fixed list of methods and rejects any other token',
  },
  { case: 'repeated-host', actual: [200], why: 'a second Host header is accepted; the first one wins' },
  { case: 'host-with-space', actual: [200], why: 'the Host value is not validated' },
  {
    case: 'te-unknown-coding',
    actual: [200],
    why: 'codings before the final chunked are ignored, even unknown ones',
  },
  { case: 'te-on-http10', actual: [200], why: 'Transfer-Encoding is accepted on an HTTP/1.0 request' },
  {
    case: 'target-too-long',
    actual: [404],
    why: 'the limit is on the whole head (16 KiB here), not on the target',
  },
  {
    case: 'version-1-2',
    actual: [400],
    why: 'an unknown minor version is a parse error, answered 400 instead of 505',
  },
  {
    case: 'request-line-two-parts',
    runtimes: LLHTTP,
    actual: [200],
    why: 'llhttp reads "GET /" with no version as HTTP/0.9',
  },
  {
    case: 'request-line-double-space',
    runtimes: LLHTTP,
    actual: [200],
    why: 'llhttp skips repeated spaces in the request line',
  },
  {
    case: 'version-2',
    runtimes: LLHTTP,
    actual: [200],
    why: 'llhttp accepts HTTP/2.0 in a request line and answers as HTTP/1.1',
  },
  {
    case: 'version-0-9',
    runtimes: LLHTTP,
    actual: [200],
    why: 'llhttp accepts HTTP/0.9 in a request line and answers as HTTP/1.1',
  },
  {
    case: 'too-many-headers',
    runtimes: LLHTTP,
    actual: [200],
    why: 'maxHeadersCount drops the extra headers instead of rejecting the request',
  },
  { case: 'chunk-size-not-hex', runtimes: LLHTTP, actual: [200], why: ON_BAD_CHUNK },
  { case: 'chunk-size-empty', runtimes: LLHTTP, actual: [200], why: ON_BAD_CHUNK },
  { case: 'chunk-line-bare-lf', runtimes: LLHTTP, actual: [200], why: ON_BAD_CHUNK },
  { case: 'chunk-size-overflow', runtimes: LLHTTP, actual: [200], why: ON_BAD_CHUNK },
  {
    case: 'chunk-data-too-long',
    runtimes: ['node'],
    actual: [200, 400],
    why: `${AFTER_BODY} answers 400 for the bad chunk`,
  },
  { case: 'chunk-data-too-long', runtimes: ['deno'], actual: [200], why: ON_BAD_CHUNK },
  {
    case: 'request-line-two-parts',
    runtimes: ['bun'],
    actual: [400],
    why: 'Bun rejects the line as malformed (the core agrees; only the framing differs)',
  },
  {
    case: 'cl-repeated',
    runtimes: ['bun'],
    actual: [200],
    why: 'Bun accepts two identical Content-Length headers, as RFC 9110 permits',
  },
  {
    case: 'version-2',
    runtimes: ['bun'],
    actual: [400],
    why: 'Bun answers an unsupported version with 400 instead of 505',
  },
  {
    case: 'version-0-9',
    runtimes: ['bun'],
    actual: [400],
    why: 'Bun answers an unsupported version with 400 instead of 505',
  },
  {
    case: 'http10-keep-alive',
    runtimes: ['bun'],
    actual: [200],
    why: 'Bun ignores keep-alive on HTTP/1.0 and closes after the first response',
  },
  ...[
    'chunk-size-not-hex',
    'chunk-size-empty',
    'chunk-data-too-long',
    'chunk-line-bare-lf',
    'chunk-size-overflow',
  ].map(
    (id): Deviation => ({
      case: id,
      runtimes: ['bun'],
      actual: [200, 400],
      why: `${AFTER_BODY} answers 400 for the bad chunk`,
    }),
  ),
];

const BUN_SAYS_505 = "Bun's parser answers a request line it cannot read with 505, not 400";
const BUN_BODY_LATE =
  'Bun.serve answers the request before reading its body, then answers 400 for the bad chunk';

/** How Bun.serve's own parser answers input that the core answers otherwise; checked by the conformance suite. */
const BUN_SERVE_DEVIATIONS: readonly Deviation[] = [
  {
    case: 'half-close',
    actual: [],
    orActual: [200],
    why: 'Bun.serve has no half-open setting: when the FIN arrives while the answer is still a pending Promise (a first read from disk), it closes without answering about half of the time, and answers otherwise',
  },
  {
    case: 'pipelining-cold-file',
    actual: [],
    why: 'Bun.serve drops the connection, with no response, when a pipelined request arrives while the answer to the one before is still a pending Promise (here: the first read of a file)',
  },
  {
    case: 'unknown-method-405',
    actual: [],
    why: 'Bun closes the connection on a method it does not know, without a response',
  },
  {
    case: 'connection-close',
    actual: [200],
    why: 'Bun closes after the response, as asked, but sends no Connection: close header',
  },
  {
    case: 'http10-keep-alive',
    actual: [200],
    why: 'Bun ignores keep-alive on HTTP/1.0 and closes after the first response',
  },
  {
    case: 'chunked-body-skipped',
    actual: [200, 400],
    why: 'Bun rejects a chunked body with trailer fields, which RFC 9112 allows',
  },
  { case: 'repeated-host', actual: [200], why: 'a second Host header is accepted' },
  { case: 'host-with-space', actual: [200], why: 'the Host value is not validated' },
  {
    case: 'cl-repeated',
    actual: [200],
    why: 'two identical Content-Length headers are accepted, as RFC 9110 permits',
  },
  { case: 'request-line-two-parts', actual: [505], why: BUN_SAYS_505 },
  { case: 'request-line-tab', actual: [505], why: BUN_SAYS_505 },
  { case: 'request-line-trailing-space', actual: [505], why: BUN_SAYS_505 },
  { case: 'target-raw-space', actual: [505], why: BUN_SAYS_505 },
  { case: 'version-lowercase', actual: [505], why: BUN_SAYS_505 },
  { case: 'version-garbage', actual: [505], why: BUN_SAYS_505 },
  { case: 'bare-lf-line', actual: [505], why: BUN_SAYS_505 },
  {
    case: 'target-non-ascii',
    actual: [404],
    why: 'bytes above 0x7f in the target are accepted and looked up',
  },
  {
    case: 'chunk-size-not-hex',
    actual: [400],
    orActual: [200, 400],
    why: 'Bun answers 400 at once, or first the request and then 400, depending on whether the body came in the same read',
  },
  {
    case: 'te-unknown-coding',
    actual: [400],
    why: 'an unknown transfer coding is answered 400 rather than 501',
  },
  { case: 'chunk-size-empty', actual: [200, 400], why: BUN_BODY_LATE },
  { case: 'chunk-data-too-long', actual: [200, 400], why: BUN_BODY_LATE },
  { case: 'chunk-line-bare-lf', actual: [200, 400], why: BUN_BODY_LATE },
  { case: 'chunk-size-overflow', actual: [200, 400], why: BUN_BODY_LATE },
  {
    case: 'target-too-long',
    actual: [404],
    why: 'the limit is on the whole head, not on the target, so an 8 KiB target is looked up',
  },
  {
    case: 'too-many-headers',
    actual: [200],
    why: 'there is no limit on the number of header fields below the size limit',
  },
];

const DENO_BODY = 'Deno closes the connection on a malformed chunked body without answering the request';

/** How Deno.serve (hyper) answers input that the core answers otherwise; checked by the conformance suite. */
const DENO_SERVE_DEVIATIONS: readonly Deviation[] = [
  {
    case: 'half-close',
    actual: [],
    orActual: [200],
    why: 'Deno.serve usually closes the connection when the client half-closes after its request, without answering it; on a busy machine the answer sometimes goes out first',
  },
  { case: 'missing-host', actual: [200], why: 'hyper accepts an HTTP/1.1 request without Host' },
  { case: 'bare-lf-line', actual: [200], why: 'hyper accepts a bare LF as a line ending' },
  { case: 'host-with-space', actual: [200], why: 'the Host value is not validated' },
  {
    case: 'cl-repeated',
    actual: [200],
    why: 'two identical Content-Length headers are accepted, as RFC 9110 permits',
  },
  {
    case: 'te-unknown-coding',
    actual: [200],
    why: 'codings before the final chunked are ignored, even unknown ones',
  },
  { case: 'version-2', actual: [400], why: 'an unsupported version is answered 400 rather than 505' },
  { case: 'version-1-2', actual: [400], why: 'an unsupported version is answered 400 rather than 505' },
  { case: 'version-0-9', actual: [400], why: 'an unsupported version is answered 400 rather than 505' },
  {
    case: 'target-too-long',
    actual: [404],
    why: 'the limit is on the whole head, not on the target, so an 8 KiB target is looked up',
  },
  { case: 'headers-too-large', actual: [200], why: "hyper's head limit is larger than 16 KiB" },
  { case: 'too-many-headers', actual: [200], why: 'hyper allows more than 100 header fields' },
  {
    case: 'chunked-body-split',
    actual: [200],
    why: 'Deno answers a request whose chunked body arrives in pieces, then closes instead of reading the next request',
  },
  ...[
    'chunk-size-not-hex',
    'chunk-size-empty',
    'chunk-data-too-long',
    'chunk-line-bare-lf',
    'chunk-size-overflow',
  ].map((id): Deviation => ({ case: id, actual: [], why: DENO_BODY })),
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
    granularityMs: 4000,
    why: 'Bun.serve has no header timeout setting: it cuts a silent or stalled client after about 10 s of its own, and checks idle timeouts on a 4 s tick, in whole seconds',
  },
  'deno-serve': {
    headerMs: null,
    idleMs: null,
    why: 'Deno.serve has no timeout settings: a client that connects and says nothing, or stays idle between requests, is never closed (hyper cuts a half-sent head only after 30 s)',
  },
};

/** The deviation recorded for a case on a target, if any. */
export function deviationFor(impl: string, runtime: Runtime, caseId: string): Deviation | undefined {
  return (DEVIATIONS[impl] ?? []).find(
    (d) => d.case === caseId && (d.runtimes === undefined || d.runtimes.includes(runtime)),
  );
}
