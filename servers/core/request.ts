// What the parser hands to the rest of the core: the request head, already validated.
// Only the headers the server acts on are decoded to strings; the rest are checked and skipped.

export type BodyFraming =
  | { readonly kind: 'none' }
  | { readonly kind: 'length'; readonly length: number }
  | { readonly kind: 'chunked' };

export interface RequestHead {
  /** Method token as sent (case-sensitive, e.g. "GET"). */
  readonly method: string;
  /** Request target as sent: origin-form "/a?b", absolute-form "http://h/a", "*" or authority-form. */
  readonly target: string;
  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  readonly minorVersion: 0 | 1;
  /** Persistence after this request: HTTP/1.1 unless "Connection: close", HTTP/1.0 only with "keep-alive". */
  readonly keepAlive: boolean;
  readonly ifNoneMatch: string | null;
  readonly ifModifiedSince: string | null;
  readonly range: string | null;
  /** If-Range: serve the Range only while the file is still this version (an ETag or a date). */
  readonly ifRange: string | null;
  readonly body: BodyFraming;
}

/** Statuses the parser can ask for; every one of them closes the connection. */
export type ParseErrorStatus = 400 | 414 | 431 | 501 | 505;

export type ParseResult =
  | { readonly kind: 'incomplete' }
  | { readonly kind: 'head'; readonly head: RequestHead; readonly consumed: number }
  | { readonly kind: 'error'; readonly status: ParseErrorStatus; readonly reason: string };

export const LIMITS = {
  /** Longest request target accepted; longer is 414. */
  maxTargetBytes: 8 * 1024,
  /** Largest header section (request line included, final CRLF excluded); larger is 431. */
  maxHeadBytes: 16 * 1024,
  /** Most header fields; more is 431. */
  maxHeaders: 100,
} as const;
