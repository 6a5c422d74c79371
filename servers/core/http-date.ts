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

let cachedSecond = -1;
let cachedDate = '';

/** The Date header value for now; formatted at most once per second, since it only changes that often. */
export function currentHttpDate(now: number = Date.now()): string {
  const second = Math.floor(now / 1000);
  if (second !== cachedSecond) {
    cachedSecond = second;
    cachedDate = formatHttpDate(now);
  }
  return cachedDate;
}
