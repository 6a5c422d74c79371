// IMF-fixdate (RFC 9110 §5.6.7) for Date and Last-Modified, and its parser for If-Modified-Since.

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

function two(n: number): string {
  return n < 10 ? '0' + n : String(n);
}

export function formatHttpDate(ms: number): string {
  const d = new Date(ms);
  return (
    `${DAYS[d.getUTCDay()]}, ${two(d.getUTCDate())} ${MONTHS[d.getUTCMonth()]} ${d.getUTCFullYear()} ` +
    `${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())} GMT`
  );
}

/** Milliseconds since the epoch, or NaN for anything that is not a valid HTTP date. */
export function parseHttpDate(value: string): number {
  // Date.parse accepts all three formats RFC 9110 asks recipients to accept (IMF-fixdate, RFC 850, asctime).
  return value.length > 64 ? Number.NaN : Date.parse(value);
}

/** NaN equals no second, so the first call always formats: -1 would have been a real second, 1969's last. */
let cachedSecond = Number.NaN;
// Stryker disable next-line StringLiteral: never returned, since no second equals the NaN it starts with
let cachedDate = '';

/** The Date header value for now; formatted at most once per second, since it only changes that often. */
export function currentHttpDate(now: number = Date.now()): string {
  // Stryker disable next-line ArithmeticOperator: a finer key only formats more often; the text is per second anyway
  const second = Math.floor(now / 1000);
  // Stryker disable next-line ConditionalExpression: formatting every time gives the same text, only slower
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedDate = formatHttpDate(now);
  }
  return cachedDate;
}
