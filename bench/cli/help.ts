// The help text of every bench command, in one place: what --help prints and what errors point to.
import { SCENARIO_ORDER, SCENARIOS } from '../plan/scenarios.ts';

export const BENCH_HELP = `Usage: npm run bench -- [flags]

Measures every target (every impl@runtime of the registry, plus nginx as a reference when installed) in
every scenario, then writes reports/<run-id>/{results.json,summary.md,index.html} and reports/latest.
With no flags it plans at most 10 minutes; --quick at most 2.

Scenarios:
${SCENARIO_ORDER.map((id) => `  ${id.padEnd(9)}${SCENARIOS[id].summary}`).join('\n')}

Flags:
  --targets LIST       comma-separated: impl, impl@runtime or nginx (default: all available)
  --scenarios LIST     comma-separated scenario ids (default: all; --quick leaves out the sweep)
  --duration S         seconds per repetition (default: the longest that fits the budget, at most 5)
  --repeats N          recorded repetitions per measurement (default: fits the budget, at most 3)
  --warmup S           unrecorded warm-up seconds before the repetitions (default: fits, at most 2)
  --connections N      connections for every scenario except the sweep (default: per scenario)
  --rates LIST         the latency scenario's open-loop rates in requests/s, e.g. 5000,20000 (default:
                       25, 50, 75 and 90 % of each target's own small throughput from the same run)
  --idle-connections N the idle scenario's idle connections (default 10000)
  --slow-clients N     the slowloris scenario's slow clients (default 1000)
  --quick              a short run for CI and first contact: at most 2 minutes
  --engine NAME        loadgen (default: the project's own, on Bun), autocannon or wrk (Debian's)
  --tcp-congestion CC  set the kernel's TCP congestion control to CC (e.g. cubic) for the run and put it
                       back after (root). BBR paces loopback connections and holds large back
  --server-cpus LIST   taskset CPU list for the servers (default: 0)
  --client-cpus LIST   taskset CPU list for the load generator and the harness (default: 1)
  --no-pin             do not pin anything to CPUs
  --out DIR            write the three files into DIR instead of reports/<run-id>
  --baseline FILE      compare with an earlier results.json in summary.md and the report
  --url URL            measure an already-running server at http://HOST:PORT (resources not sampled)
  --name LABEL         the name of the --url target in the report (default: HOST:PORT)
  --json               print results.json to stdout (progress stays on stderr)
  --help               this text

Exit status: 0 done, 2 bad command line, 130/143 interrupted (partial results written).
`;

export const COMPARE_HELP = `Usage: npm run compare -- BASE.json NEW.json [--threshold PERCENT]

Per target and scenario, the change of the median figure (requests/s; bytes/s for the large file) and of
p99, with Welch's t-test on the per-repetition figures. Markdown on stdout.

Flags:
  --threshold PERCENT  a significant change smaller than this is not a regression (default: 5)
  --help               this text

Exit status: 0 no significant regression beyond the threshold, 1 one or more, 2 bad command line or file.
`;

export const REPORT_HELP = `Usage: npm run report -- FILE.json [--baseline BASE.json] [--png]

Draws index.html and summary.md again next to FILE.json, from the results alone, without measuring.

Flags:
  --baseline FILE      compare with an earlier results.json in both
  --png                also every chart as charts/<id>.png (drawn in chromium), and summary.md shows
                       the small matrix and the latency-against-load chart
  --help               this text
`;

export const MICRO_HELP = `Usage: npm run bench:micro -- [--out results.json] [--json] [--time MS]

tinybench over the core's hot functions, as operations per second with their margin of error.

Flags:
  --out FILE           merge the figures into an existing results.json and draw its report again
  --json               print the figures as JSON on stdout
  --time MS            time per function (default: 500, at least 10)
  --help               this text
`;
