// The flags a measurement can carry, what each one means and what it does to a figure, and the thresholds
// that raise them: the one place every stage takes these words and rules from.

export type Flag =
  | 'client-bound' // the load generator's core was saturated: the figure is the client's limit
  | 'wrong-answers' // a response had the wrong status, length or bytes: the figure is not a result
  | 'errors' // connection errors or timeouts during the run
  | 'start-failed' // the target did not print its ready line
  | 'preflight-failed' // the check before the load failed
  | 'not-applicable' // a --url server does not serve the files the scenario asks for
  | 'died' // the server exited during the run
  | 'unstable' // the repetitions disagree by more than UNSTABLE_CV
  | 'reference' // nginx or the lesson's server: a reference, not one of the project's servers
  | 'remote' // --url target: resources not sampled
  | 'incomplete' // interrupted before all repetitions ran
  | 'unsupported' // the engine cannot measure this server's answers (stderr says why): not a result
  | 'rate-not-held' // open loop: the server served less than it was offered
  | 'shared-cpus' // servers and load generator shared CPUs: the client's work is in the server's figure
  | 'engine-lagged'; // open loop: the engine's own lateness is a fair part of the latency it measured

export const FLAGS: readonly Flag[] = [
  'client-bound',
  'wrong-answers',
  'errors',
  'start-failed',
  'preflight-failed',
  'not-applicable',
  'died',
  'unstable',
  'reference',
  'remote',
  'incomplete',
  'unsupported',
  'rate-not-held',
  'engine-lagged',
  'shared-cpus',
];

/** Above this coefficient of variation of the ranked figure across repetitions, a measurement is unstable. */
export const UNSTABLE_CV = 0.1;
/** The load generator counts as saturated at this share of the cores it can use. */
export const CLIENT_BOUND_SHARE = 0.9;
/** Open loop: served below this share of what was due in the window, the rate was not held. */
export const RATE_HELD_SHARE = 0.97;
/**
 * Open loop: the engine's lateness (sending a request later than it was due, on a free connection) could
 * distort the latency when its p99 is above this share of the measured p99, or its maximum is above
 * ENGINE_LAG_MAX_MS and this share's double of the measured maximum: a pause of the engine, not the server.
 */
export const ENGINE_LAG_SHARE = 0.2;
export const ENGINE_LAG_MAX_MS = 10;

const unstablePercent = `${Math.round(UNSTABLE_CV * 100)} %`;

/** Flags that make a figure meaningless as throughput: never drawn, ranked or compared as a result. */
export const NOT_A_RESULT: readonly Flag[] = [
  'wrong-answers',
  'errors',
  'unsupported',
  'start-failed',
  'preflight-failed',
  'not-applicable',
  'died',
];

/** Flags that say a target could not be measured at all: listed with their stderr tail. */
export const FAILURE_FLAGS: readonly Flag[] = ['start-failed', 'preflight-failed', 'not-applicable', 'died'];

/** How loudly a flag is shown: severe ones void the figure, caution ones change how it reads. */
export type FlagLevel = 'severe' | 'caution' | 'info';

const CAUTION: readonly Flag[] = [
  'client-bound',
  'unstable',
  'incomplete',
  'rate-not-held',
  'engine-lagged',
  'shared-cpus',
];

export function flagLevel(flag: Flag): FlagLevel {
  return NOT_A_RESULT.includes(flag) ? 'severe' : CAUTION.includes(flag) ? 'caution' : 'info';
}

/** One sentence per flag, for the report's legend and badge titles. */
export const FLAG_MEANING: Readonly<Record<Flag, string>> = {
  'client-bound':
    "The load generator's core was saturated: the figure is the client's limit, a lower bound on the server " +
    '(≥ in tables, striped bars in the charts). A faster engine or a bigger client measures further.',
  'wrong-answers':
    'Some responses had the wrong status, size or bytes: the figure is not a result. It is never drawn as a bar or ranked.',
  errors:
    'Connection errors or timeouts happened during the run: requests went unanswered, so the figure is not a ' +
    'result. It is never drawn as a bar or ranked.',
  unsupported:
    "The load engine cannot measure this server's answers (the reason is listed below): not a result. " +
    'The default engine can.',
  'start-failed':
    'The server never printed its ready line: nothing was measured (its stderr is listed below).',
  'preflight-failed':
    'The check before the load failed (GET / was not the bundled index.html byte-exact, the scenario’s own ' +
    'request got another answer than the right one, or a --url server answered two asks differently): not measured.',
  'not-applicable':
    'The scenario asks for files of the bundled site (or generated for the run), which this --url server does ' +
    'not serve (the reason is listed below): not measured. A --url with a path of its own measures that file.',
  died: 'The server exited during the run: the figure is not a result.',
  unstable:
    `The ranked figure varied by more than ${unstablePercent} (coefficient of variation) between repetitions: ` +
    'read with care.',
  reference:
    "A reference from outside the project's servers: nginx, the yardstick, or the lesson's own Python server.",
  remote: 'A server measured over the network (--url): its CPU and memory were not sampled.',
  incomplete: 'Interrupted before all repetitions ran: fewer repetitions than the method says.',
  'rate-not-held':
    `The server answered less than ${Math.round(RATE_HELD_SHARE * 100)} % of the requests due in the window at the offered rate: ` +
    'its latency is not that rate’s, and the point is not read as one.',
  'shared-cpus':
    'The servers and the load generator ran on the same CPUs (asked with --server-cpus and --client-cpus, ' +
    'or a machine too small to split): the engine took CPU time from the server, so the figure is not what ' +
    'the server does on its CPUs, and no figure of the run is a scaling figure.',
  'engine-lagged':
    `The load engine itself sent requests late (its p99 lateness above ${Math.round(ENGINE_LAG_SHARE * 100)} % of the measured p99, ` +
    `or a pause over ${ENGINE_LAG_MAX_MS} ms): part of the latency may be the engine's, not the server's.`,
};

/** A few words per flag, for the one-line legend under plain-text and Markdown tables. */
export const FLAG_SHORT: Readonly<Record<Flag, string>> = {
  'client-bound': 'the load generator was saturated, so the figure is its limit (≥)',
  'wrong-answers': 'some responses were wrong: not a result',
  errors: 'connection errors or timeouts: not a result',
  unsupported: 'the engine cannot read these answers: not a result',
  'start-failed': 'the server did not start: not a result',
  'preflight-failed': 'the server failed the check before the load: not a result',
  'not-applicable': "the --url server does not serve this scenario's files: not measured",
  died: 'the server exited during the run: not a result',
  unstable: `the figure varied by more than ${unstablePercent} between repetitions`,
  reference: "a reference (nginx, the lesson's server)",
  remote: 'a remote server, not sampled',
  incomplete: 'interrupted before every repetition ran',
  'rate-not-held': 'the server served less than the rate offered',
  'shared-cpus': 'servers and load generator shared CPUs: not a scaling figure',
  'engine-lagged': "the engine's own lateness may be in the latency",
};

export function isFlag(value: string): value is Flag {
  return (FLAGS as readonly string[]).includes(value);
}
