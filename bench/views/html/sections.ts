// The prose parts of the page: header and warnings, failed targets, and the aside (implementations,
// method, environment). Every value from the results goes through esc().
import type { Results } from '../../results/schema.ts';
import { failuresOf, type TargetInfo, tailLines } from './analysis.ts';
import { flagBadges } from './flags.ts';
import { formatBytes } from './format.ts';
import { esc, slug } from './html.ts';

export function header(results: Results, targets: readonly TargetInfo[]): string {
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
  return (
    '<header class="top"><h1>HTTP server shootout</h1>' +
    `<p class="meta">${meta.map(esc).join(' · ')}</p>` +
    warnings(results) +
    '<noscript><div class="banner info"><p>The charts need JavaScript; every number is also in the tables.</p></div></noscript>' +
    '</header>'
  );
}

function warnings(results: Results): string {
  const parts: string[] = [];
  if (!results.complete) {
    const partial = results.runs.filter((r) => r.flags.includes('incomplete'));
    const detail =
      partial.length > 0
        ? ` Cut short: ${partial.map((r) => `${esc(r.target)} in ${esc(r.scenario)} (${r.repetitions.length} of ${results.method.repeats} repetitions)`).join(', ')}.`
        : '';
    parts.push(
      `<div class="banner severe" id="incomplete"><p><b>Incomplete run.</b> The bench was interrupted: this page ` +
        `shows the ${results.runs.length} measurements that finished; targets and scenarios after the interruption are missing.${detail}</p></div>`,
    );
  }
  const failures = failuresOf(results);
  if (failures.length > 0) {
    parts.push(
      `<div class="banner caution"><p><b>${failures.length} target${failures.length === 1 ? '' : 's'} could not be measured:</b> ` +
        `${failures.map((f) => `${esc(f.target)} (${esc(f.flags.join(', '))})`).join(', ')}. ` +
        'See <a href="#failures">failed targets</a> for their stderr.</p></div>',
    );
  }
  return parts.join('');
}

export function failuresSection(results: Results): string {
  const failures = failuresOf(results);
  if (failures.length === 0) return '';
  const items = failures.map(
    (f) =>
      `<div class="failure"><h3>${esc(f.target)} ${flagBadges(f.flags)}</h3>` +
      `<p class="note">In: ${esc(f.scenarios.join(', '))}</p>` +
      (f.stderr.length === 0
        ? '<p class="note">No stderr was recorded.</p>'
        : f.stderr.map((s) => `<pre>${esc(tailLines(s))}</pre>`).join('')) +
      '</div>',
  );
  return `<section id="failures"><h2>Failed targets</h2>${items.join('')}</section>`;
}

export function implementationsSection(results: Results, targets: readonly TargetInfo[]): string {
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
    return (
      `<h3 id="impl-${slug(impl.id)}">${esc(impl.id)} <span class="muted">— ${esc(impl.model)}</span></h3>` +
      `<p>${esc(impl.description)}</p>` +
      `<p class="note">${esc(parser)}${measured.length > 0 ? `; measured as ${esc(measured.join(', '))}` : '; not measured in this run'}.</p>`
    );
  });
  return `<section id="implementations"><h2>The implementations</h2>${items.join('')}</section>`;
}

function facts(rows: ReadonlyArray<readonly [string, string]>): string {
  return `<dl class="facts">${rows.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${esc(v)}</dd>`).join('')}</dl>`;
}

function wallTime(elapsedSec: number, plannedSec: number | undefined): string {
  const minutes = (seconds: number) => {
    const s = Math.round(seconds);
    return `${Math.floor(s / 60)} min ${s % 60} s`;
  };
  return minutes(elapsedSec) + (plannedSec !== undefined ? ` (planned ${minutes(plannedSec)})` : '');
}

export function methodSection(results: Results): string {
  const m = results.method;
  const env = results.environment;
  const pin = env.pinning;
  const pinning = pin.enabled
    ? `server on CPU ${pin.serverCpus ?? '?'}, load generator on CPU ${pin.clientCpus ?? '?'} (taskset)`
    : 'off: server and load generator share the cores';
  return (
    '<section id="method"><h2>Method</h2>' +
    facts([
      ['engine', `${env.engine.name} ${env.engine.version}`],
      ['duration', `${m.durationSec} s per repetition`],
      ['repetitions', `${m.repeats}, after an unrecorded warm-up of ${m.warmupSec} s`],
      ['scenarios', m.scenarios.join(', ')],
      ['sweep', `${m.sweepConnections.join(', ')} connections`],
      ['pinning', pinning],
      ...(m.quick ? ([['plan', '--quick']] as const) : []),
      ...(m.elapsedSec !== undefined ? ([['wall time', wallTime(m.elapsedSec, m.plannedSec)]] as const) : []),
    ]) +
    '<p>Every target is started fresh, waited for on its ready line, and checked before the load: ' +
    '<code>GET /</code> must return the bundled file byte-exact and a missing path 404. Each figure is the ' +
    'median over the repetitions; whiskers and ranges are the min and max.</p>' +
    `<p>Reproduce with:</p><pre><code>${esc(env.command)}</code></pre>` +
    '</section>'
  );
}

export function environmentSection(results: Results): string {
  const env = results.environment;
  const runtimes = [
    `node ${env.runtimes.node}`,
    env.runtimes.bun ? `bun ${env.runtimes.bun}` : 'bun not installed',
    env.runtimes.deno ? `deno ${env.runtimes.deno}` : 'deno not installed',
  ].join(', ');
  return (
    '<section id="environment"><h2>Environment</h2>' +
    facts([
      ['CPU', env.cpu],
      ['cores', String(env.cores)],
      ['memory', formatBytes(env.memoryBytes)],
      ['OS', env.os],
      ['kernel', env.kernel],
      ['runtimes', runtimes],
      [
        'git commit',
        env.git.commit
          ? `${env.git.commit}${env.git.dirty ? ' with uncommitted changes' : ''}`
          : 'not a git checkout',
      ],
      ['date', env.date],
      ['run id', results.runId],
    ]) +
    '</section>'
  );
}
