// The prose parts of the page: header and warnings, failed targets, and the aside (implementations,
// method, environment).
import type { Results } from '../../model/schema.ts';
import { median } from '../../results/stats.ts';
import { failuresOf } from '../failures.ts';
import { formatBytes, tcpText } from '../format.ts';
import { methodLine } from '../summary-md.ts';
import type { TargetInfo } from '../targets.ts';
import { warmupRuleText } from '../words.ts';
import { flagBadges } from './badges.ts';
import { type Html, html, join, slug } from './html.ts';

/** Last `lines` lines of a stderr tail: the end is where the error is. */
export function tailLines(text: string, lines = 30): string {
  const all = text.split('\n');
  return all.length <= lines ? text : all.slice(-lines).join('\n');
}

export function header(results: Results, targets: readonly TargetInfo[]): Html {
  const env = results.environment;
  const commit = env.git.commit
    ? `${env.git.commit.slice(0, 10)}${env.git.dirty ? ' (dirty)' : ''}`
    : 'no git commit';
  const meta = [
    `run ${results.runId}`,
    env.date,
    `${targets.length} targets`,
    `${env.engine.name} ${env.engine.version}`,
    commit,
  ];
  return html`<header class="top"><h1>HTTP server shootout</h1><p class="meta">${join(meta, ' · ')}</p>${warnings(
    results,
  )}<noscript><div class="banner info"><p>The charts need JavaScript; every number is also in the tables.</p></div></noscript></header>`;
}

function warnings(results: Results): Html {
  const parts: Html[] = [];
  if (!results.complete) {
    const partial = results.measurements.filter((r) => r.flags.includes('incomplete'));
    const detail =
      partial.length > 0
        ? ` Cut short: ${partial.map((r) => `${r.target} in ${r.scenario} (${r.repetitions.length} of ${results.method.repeats} repetitions)`).join(', ')}.`
        : '';
    parts.push(
      html`<div class="banner severe" id="incomplete"><p><b>Incomplete run.</b> The bench was interrupted: this page shows the ${results.measurements.length} measurements that finished; targets and scenarios after the interruption are missing.${detail}</p></div>`,
    );
  }
  const failures = failuresOf(results);
  if (failures.length > 0) {
    parts.push(
      html`<div class="banner caution"><p><b>${failures.length} target${failures.length === 1 ? '' : 's'} could not be measured:</b> ${failures
        .map((f) => `${f.target} (${f.flags.join(', ')})`)
        .join(', ')}. See <a href="#failures">failed targets</a> for their stderr.</p></div>`,
    );
  }
  return join(parts);
}

export function failuresSection(results: Results): Html {
  const failures = failuresOf(results);
  if (failures.length === 0) return html``;
  const items = failures.map(
    (f) =>
      html`<div class="failure"><h3>${f.target} ${flagBadges(f.flags)}</h3><p class="note">In: ${f.columns.join(
        ', ',
      )}</p>${
        f.stderr.length === 0
          ? html`<p class="note">No stderr was recorded.</p>`
          : f.stderr.map((s) => html`<pre>${tailLines(s)}</pre>`)
      }</div>`,
  );
  return html`<section id="failures"><h2>Failed targets</h2>${items}</section>`;
}

export function implementationsSection(results: Results, targets: readonly TargetInfo[]): Html {
  // Results written before implementations were listed once per id may repeat them: show each once.
  const unique = [...new Map(results.implementations.map((i) => [i.id, i])).values()];
  const items = unique.map((impl) => {
    const measured = targets.filter((t) => t.impl === impl.id).map((t) => t.name);
    const parser =
      impl.parser === 'core'
        ? "HTTP parsed by the project's shared core"
        : impl.parser === 'runtime'
          ? "HTTP parsed by the runtime's own server"
          : 'reference server';
    return html`<h3 id="impl-${slug(impl.id)}">${impl.id} <span class="muted">— ${impl.model}</span></h3><p>${
      impl.description
    }</p><p class="note">${parser}${measured.length > 0 ? `; measured as ${measured.join(', ')}` : '; not measured in this run'}.</p>`;
  });
  return html`<section id="implementations"><h2>The implementations</h2>${items}</section>`;
}

function facts(rows: ReadonlyArray<readonly [string, string]>): Html {
  return html`<dl class="facts">${rows.map(([k, v]) => html`<dt>${k}</dt><dd>${v}</dd>`)}</dl>`;
}

function wallTime(elapsedSec: number, plannedSec: number | undefined): string {
  const minutes = (seconds: number) => {
    const s = Math.round(seconds);
    return `${Math.floor(s / 60)} min ${s % 60} s`;
  };
  return minutes(elapsedSec) + (plannedSec !== undefined ? ` (planned ${minutes(plannedSec)})` : '');
}

/** Per target: its warm-ups (one per point of each visit), how long they took, and how many never settled. */
function warmupTable(results: Results): Html {
  const byTarget = new Map<string, { seconds: number[]; unsettled: number }>();
  for (const m of results.measurements) {
    for (const rep of m.repetitions) {
      if (rep.warmup === null || rep.warmup.windows === 0) continue;
      const entry = byTarget.get(m.target) ?? { seconds: [], unsettled: 0 };
      entry.seconds.push(rep.warmup.seconds);
      if (!rep.warmup.settled) entry.unsettled++;
      byTarget.set(m.target, entry);
    }
  }
  if (byTarget.size === 0) return html``;
  const rows = [...byTarget.entries()].map(
    ([target, e]) =>
      html`<tr><th scope="row">${target}</th><td>${e.seconds.length}</td><td>${median(e.seconds).toFixed(1)} s</td><td>${Math.max(...e.seconds).toFixed(1)} s</td><td>${
        e.unsettled === 0 ? '0' : html`<b>${e.unsettled}</b>`
      }</td></tr>`,
  );
  return html`<div class="table-wrap"><table class="warmups"><caption>Warm-ups: how long each target took to settle before its windows</caption><thead><tr><th scope="col">target</th><th scope="col">warm-ups</th><th scope="col">median</th><th scope="col">longest</th><th scope="col">never settled</th></tr></thead><tbody>${rows}</tbody></table></div>`;
}

export function methodSection(results: Results): Html {
  const m = results.method;
  const env = results.environment;
  const pin = env.pinning;
  const pinning = pin.enabled
    ? `server on CPU ${pin.serverCpus ?? '?'}, load generator on CPU ${pin.clientCpus ?? '?'} (taskset)`
    : 'off: server and load generator share the cores';
  const rows: Array<[string, string]> = [
    ['engine', `${env.engine.name} ${env.engine.version}`],
    [
      'engine ceiling',
      env.calibration == null
        ? 'not measured'
        : `${Math.round(env.calibration.requestsPerSec).toLocaleString('en-US')} req/s: small's load against a target that only answers, at the start of the run`,
    ],
    ['window', `${m.durationSec} s per repetition`],
    [
      'repetitions',
      `${m.repeats}${m.maxRepeats > m.repeats ? ` (up to ${m.maxRepeats} where the interval was wide)` : ''}, each on a server process of its own`,
    ],
    [
      'warm-up',
      m.warmup === null
        ? `${m.warmupSec} s, fixed`
        : m.warmupSec === 0
          ? 'none'
          : warmupRuleText(m.warmup, m.warmupSec),
    ],
    ['order', m.seed === null ? 'in the plan’s order' : `targets shuffled in every round, seed ${m.seed}`],
    ['scenarios', m.scenarios.join(', ')],
    ...(m.leftOut.length > 0
      ? [['left out', `${m.leftOut.join(', ')} (--scenarios or --full)`] as [string, string]]
      : []),
    ['pinning', pinning],
  ];
  if (m.quick) rows.push(['plan', '--quick']);
  if (m.elapsedSec !== undefined) rows.push(['wall time', wallTime(m.elapsedSec, m.plannedSec)]);
  return html`<section id="method"><h2>Method</h2>${facts(rows)}<p>${methodLine(results)}</p><p>Every target is started fresh for each round, waited for on its ready line, and checked before the load: <code>GET /</code> must return the bundled file byte-exact and a missing path 404.</p>${warmupTable(results)}<p>Reproduce with:</p><pre><code>${env.command}</code></pre></section>`;
}

export function environmentSection(results: Results): Html {
  const env = results.environment;
  const runtimes = [
    `node ${env.runtimes.node}`,
    env.runtimes.bun ? `bun ${env.runtimes.bun}` : 'bun not installed',
    env.runtimes.deno ? `deno ${env.runtimes.deno}` : 'deno not installed',
  ].join(', ');
  return html`<section id="environment"><h2>Environment</h2>${facts([
    ['CPU', env.cpu],
    ['cores', String(env.cores)],
    ['memory', formatBytes(env.memoryBytes)],
    ['OS', env.os],
    ['kernel', env.kernel],
    ['runtimes', runtimes],
    ...(env.tcp === undefined ? [] : [['TCP congestion control', tcpText(env.tcp)] as [string, string]]),
    [
      'git commit',
      env.git.commit
        ? `${env.git.commit}${env.git.dirty ? ' with uncommitted changes' : ''}`
        : 'not a git checkout',
    ],
    ['date', env.date],
    ['run id', results.runId],
  ])}</section>`;
}
