// What each flag means and what it does to a figure: the one place the terminal table, summary.md and the
// HTML report take their words and their rules from.
import type { Flag } from '../results/schema.ts';

/** Flags that make a figure meaningless as throughput: never drawn, ranked or compared as a result. */
export const NOT_A_RESULT: readonly Flag[] = [
  'wrong-answers',
  'errors',
  'unsupported',
  'start-failed',
  'preflight-failed',
  'died',
];

/** Flags that say a target could not be measured at all: listed with their stderr tail. */
export const FAILURE_FLAGS: readonly Flag[] = ['start-failed', 'preflight-failed', 'died'];

/** How loudly a flag is shown: severe ones void the figure, caution ones change how it reads. */
export type FlagLevel = 'severe' | 'caution' | 'info';

const CAUTION: readonly Flag[] = ['client-bound', 'unstable', 'incomplete'];

export function flagLevel(flag: Flag): FlagLevel {
  return NOT_A_RESULT.includes(flag) ? 'severe' : CAUTION.includes(flag) ? 'caution' : 'info';
}

/** One sentence per flag, for the report's legend and badge titles. */
export const FLAG_MEANING: Readonly<Record<Flag, string>> = {
  'client-bound':
    "The load generator's core was saturated: the figure is the client's limit, a lower bound on the server " +
    '(≥ in tables, striped bars in the charts). A faster engine or a bigger client measures further.',
  'wrong-answers':
    'Some responses had the wrong status or size: the figure is not a result. It is never drawn as a bar or ranked.',
  errors:
    'Connection errors or timeouts happened during the run: requests went unanswered, so the figure is not a ' +
    'result. It is never drawn as a bar or ranked.',
  unsupported:
    "The load engine cannot measure this server's answers (the reason is listed below): not a result. " +
    'The default engine can.',
  'start-failed':
    'The server never printed its ready line: nothing was measured (its stderr is listed below).',
  'preflight-failed':
    'GET / did not return the bundled index.html byte-exact, or a missing path did not answer 404: not measured.',
  died: 'The server exited during the run: the figure is not a result.',
  unstable:
    'The figure (requests/s; bytes/s for the big files) varied by more than 10 % (coefficient of variation) between repetitions: read with care.',
  reference:
    "A reference from outside the project's servers: nginx, the yardstick, or the lesson's own Python server.",
  remote: 'A server measured over the network (--url): its CPU and memory were not sampled.',
  incomplete: 'Interrupted before all repetitions ran: fewer repetitions than the method says.',
};

/** A few words per flag, for the one-line legend under plain-text and Markdown tables. */
const FLAG_SHORT: Readonly<Record<Flag, string>> = {
  'client-bound': 'the load generator was saturated, so the figure is its limit (≥)',
  'wrong-answers': 'some responses were wrong: not a result',
  errors: 'connection errors or timeouts: not a result',
  unsupported: 'the engine cannot read these answers: not a result',
  'start-failed': 'the server did not start: not a result',
  'preflight-failed': 'the server failed the check before the load: not a result',
  died: 'the server exited during the run: not a result',
  unstable: 'the figure varied by more than 10 % between repetitions',
  reference: "a reference (nginx, the lesson's server)",
  remote: 'a remote server, not sampled',
  incomplete: 'interrupted before every repetition ran',
};

/** "Flags: `a` …; `b` …" for the flags that occur, or '' when none does. */
export function flagLegendLine(present: readonly Flag[], code: (flag: string) => string): string {
  const shown = (Object.keys(FLAG_SHORT) as Flag[]).filter((f) => present.includes(f));
  if (shown.length === 0) return '';
  return `Flags: ${shown.map((f) => `${code(f)} ${FLAG_SHORT[f]}`).join('; ')}.`;
}
