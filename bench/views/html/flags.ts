// What each flag means to a reader: the legend under the ranking, and the title of every flag badge.
import type { Flag } from '../../results/schema.ts';
import { esc } from './html.ts';

export const FLAG_MEANING: Record<Flag, string> = {
  'client-bound':
    "The load generator's core was saturated: the figure is the client's limit, a lower bound on the server " +
    '(≥ in tables, striped bars in the charts). A faster engine (--engine wrk) or a bigger client measures further.',
  'wrong-answers':
    'Some responses had the wrong status or size: the figure is not a result. It is never drawn as a bar or ranked.',
  errors: 'Connection errors or timeouts happened during the run.',
  'start-failed':
    'The server never printed its ready line: nothing was measured (its stderr is listed below).',
  'preflight-failed':
    'GET / did not return the bundled index.html byte-exact, or a missing path did not answer 404: not measured.',
  died: 'The server exited during the run: the figure is not a result.',
  unstable:
    'Requests/s varied by more than 10 % (coefficient of variation) between repetitions: read with care.',
  reference: "A reference from outside the project (nginx), not one of the project's servers.",
  remote: 'A server measured over the network (--url): its CPU and memory were not sampled.',
  incomplete: 'Interrupted before all repetitions ran: fewer repetitions than the method says.',
};

/** Flags that change how a figure must be read get a warning colour; the others are informational. */
const SEVERE: readonly Flag[] = ['wrong-answers', 'start-failed', 'preflight-failed', 'died'];
const CAUTION: readonly Flag[] = ['client-bound', 'errors', 'unstable', 'incomplete'];

export function flagBadge(flag: Flag): string {
  const level = SEVERE.includes(flag) ? 'severe' : CAUTION.includes(flag) ? 'caution' : 'info';
  const meaning = FLAG_MEANING[flag] ?? 'Unknown flag.';
  return `<span class="flag flag-${level}" title="${esc(meaning)}">${esc(flag)}</span>`;
}

export function flagBadges(flags: readonly Flag[]): string {
  return flags.map(flagBadge).join(' ');
}

/** The legend: every flag that occurs in the results, with its meaning. */
export function flagLegend(present: readonly Flag[]): string {
  const items = (Object.keys(FLAG_MEANING) as Flag[])
    .filter((f) => present.includes(f))
    .map((f) => `<dt>${flagBadge(f)}</dt><dd>${esc(FLAG_MEANING[f])}</dd>`);
  return items.length === 0 ? '' : `<dl class="legend">${items.join('')}</dl>`;
}
