// The help text of every bench command, in one place: what --help prints and what errors point to.
import { ENGINES } from '../engines/registry.ts';
import { RESULTS_FORMATS } from '../interop/formats.ts';
import { SCENARIO_IDS, SCENARIOS } from '../model/scenarios.ts';
import { CORE_SCENARIOS, FLOOR_REPEATS, MAX_REPEATS } from '../plan/plan.ts';

/** The gate flags, shared by bench and compare. */
const GATES_HELP = `  --gate LINE          a threshold the exit status holds the run to (again for more), k6-style:
                       [TARGET:]SCENARIO.FIGURE OP LIMIT, e.g. small.p99 < 5ms, large.bytesPerSec >
                       2GiB, async@node:small.requestsPerSec > 40000, *.change > -5% (against the
                       baseline, failing only where significant). FIGURE: requestsPerSec, bytesPerSec,
                       p50, p90, p99, p999, max, change. Throughput reads the pessimistic end of the
                       95 % interval; latency the merged percentile. A figure that is not a result
                       fails; a client-bound one (a lower bound) passes only a throughput floor it
                       clears. Without TARGET: every target but nginx and the lesson's server
  --gates FILE         the gates of a file, one a line, # for comments (docs/ci-gates.txt)`;

const EXPORTS_HELP = RESULTS_FORMATS.map((f) => `                       ${f.name}: ${f.summary}`).join('\n');

export const BENCH_HELP = `Usage: npm run bench -- [flags]

Measures every target (every impl@runtime of the registry, plus nginx and the lesson's server as
references when installed), then writes reports/<run-id>/{results.json,summary.md,index.html} and
reports/latest. Every figure comes from at least ${FLOOR_REPEATS} repetitions, each on a server process of its own
after a warm-up that lasts until the server has settled, the targets interleaved in rounds; more rounds
(up to ${MAX_REPEATS}) go to targets whose interval is still wide. With no flags the run measures the core scenarios
(${CORE_SCENARIOS.join(', ')}) at that floor within 10 minutes, leaving out what does not fit; --quick at most 2.

Scenarios:
${SCENARIO_IDS.map((id) => `  ${id.padEnd(10)}${SCENARIOS[id].summary}`).join('\n')}

Engines:
${ENGINES.map((e) => `  ${e.name.padEnd(11)}${e.summary}`).join('\n')}

Flags:
  --targets LIST       comma-separated: impl, impl@runtime or nginx (default: all available)
  --scenarios LIST     comma-separated scenario ids (default: the core set, as much as fits)
  --full               every scenario, however long it takes (the plan line says how long)
  --duration S         seconds per repetition, e.g. 2 or 1.5 (default: the longest that fits, at most 3)
  --repeats N          rounds, hence repetitions of every figure (default: ${FLOOR_REPEATS}, more where wide)
  --warmup S           the most seconds the adaptive warm-up may take; 0 for none (default: 8)
  --seed N             the order of the targets in each round (default: drawn at random, recorded)
  --connections N      connections for every scenario except the sweep (default: per scenario)
  --rates LIST         the latency scenario's open-loop rates in requests/s, e.g. 5000,20000 (default:
                       25, 50, 75 and 90 % of each target's own small throughput from the same run)
  --idle-connections N the idle scenario's idle connections (default 10000)
  --slow-clients N     the slowloris scenario's slow clients (default 1000)
  --downloads N        the stream scenario's clients (default 16), with --download-mib N (the file,
                       default 300) and --download-rate-mb N (each client's rate, default 50; 0: no limit)
  --quick              a short run for CI and first contact: at most 2 minutes, small (and close if it fits)
  --engine NAME        ${ENGINES.map((e) => e.name).join(', ')} (default: ${ENGINES[0].name})
  --engine-processes N loadgen processes splitting the load (default: one per client CPU)
  --tcp-congestion CC  set the kernel's TCP congestion control to CC (e.g. cubic) for the run and put it
                       back after (root). BBR paces loopback connections and holds large back
  --server-cpus LIST   taskset CPU list for the servers (default: the first half of the machine's CPUs)
  --client-cpus LIST   taskset CPU list for the load generator and the harness (default: the rest, at
                       least one; 2 CPUs are 0 and 1). Lists that overlap flag every figure shared-cpus
  --no-pin             do not pin anything to CPUs
  --no-beside          no second window with nginx loaded beside the target: ratios to nginx then come
                       from figures measured apart in the same round, which carry the machine's drift
  --out DIR            write the three files into DIR instead of reports/<run-id>
  --baseline FILE      compare with an earlier results.json in summary.md and the report
  --url URL            measure an already-running server (resources not sampled): http://HOST:PORT
                       asks each scenario's own path; http://HOST:PORT/PATH asks that request in every
                       scenario but missing. A server that does not serve html/ is asked twice first and
                       every answer is held to what it answered; large, huge and stream then need a PATH
  --expect-status N    the status the --url request must answer with (default 200; 301 measures a redirect)
  --name LABEL         the name of the --url target in the report (default: HOST:PORT)
  --json               print results.json to stdout (progress stays on stderr)
${GATES_HELP}
  --export FORMAT PATH write the results for another tool after the run (again for more):
${EXPORTS_HELP}
                       artillery DIR: each scenario as an Artillery script (same request,
                       connections, window, rate; status and body length checked), measuring nothing
  --import artillery FILE
                       Artillery JSON reports of those scripts (again for more; the same point run
                       again is a repetition) as a results file and its report, engine artillery,
                       measuring nothing; --name LABEL names the target (default: remote)
  --help               this text

Exit status: 0 done and every gate passed, 1 crashed or an --export could not be written, 2 bad command
line, 3 a gate failed (one line each on stderr, every file written), 130/143 interrupted (partial results
written), 141 the reader of its output went away (partial results written).
`;

export const COMPARE_HELP = `Usage: npm run compare -- BASE.json NEW.json [--threshold PERCENT] [--gate LINE]… [--gates FILE]…

Per target and scenario, the change of the ranked figure (requests/s, or bytes/s where a scenario is
ranked by it) and of p99, with Welch's t-test on the per-repetition figures; where both runs measured the
reference, the change of each figure's ratio to it as well. Markdown on stdout.

Flags:
  --threshold PERCENT  a significant change smaller than this is not a regression (default: 5)
${GATES_HELP.replace('the run', 'NEW').replace('against the\n                       baseline', 'against\n                       BASE')}
  --help               this text

Exit status: without gates, 0 no significant regression beyond the threshold, 1 one or more; with gates,
0 every gate passed, 3 one failed (one line each on stderr); 2 bad command line or file.
`;

export const REPORT_HELP = `Usage: npm run report -- FILE.json [--baseline BASE.json] [--png] [--export FORMAT PATH]…

Draws index.html and summary.md again next to FILE.json, from the results alone, without measuring.

Flags:
  --baseline FILE      compare with an earlier results.json in both
  --png                also every chart as charts/<id>.png (drawn in chromium), and summary.md shows
                       the small matrix and the latency-against-load chart
  --export FORMAT PATH write the results for another tool (again for more):
${EXPORTS_HELP}
  --help               this text

Exit status: 0 done, 1 an --export could not be written or the PNGs could not be drawn, 2 bad command
line or file.
`;

export const MICRO_HELP = `Usage: npm run bench:micro -- [--out results.json] [--json] [--time MS]

tinybench over the core's hot functions, as operations per second with their margin of error.

Flags:
  --out FILE           merge the figures into an existing results.json and draw its report again
  --json               print the figures as JSON on stdout
  --time MS            time per function (default: 500, at least 10)
  --help               this text
`;
