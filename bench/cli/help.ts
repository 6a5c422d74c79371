// npm run bench -- --help
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
  --quick              a short run for CI and first contact: at most 2 minutes
  --engine NAME        autocannon (default) or wrk; use wrk when a run is flagged client-bound
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
