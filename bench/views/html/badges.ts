// Flags as badges: the words and levels come from model/flags.ts, the one place that defines them.
import { FLAG_MEANING, type Flag, flagLevel } from '../../model/flags.ts';
import { type Html, html, join } from './html.ts';

export function flagBadge(flag: Flag): Html {
  return html`<span class="flag flag-${flagLevel(flag)}" title="${FLAG_MEANING[flag] ?? 'Unknown flag.'}">${flag}</span>`;
}

export function flagBadges(flags: readonly Flag[]): Html {
  return join(flags.map(flagBadge), ' ');
}

/** The legend: every flag that occurs in the results, with its meaning. */
export function flagLegend(present: readonly Flag[]): Html {
  const items = (Object.keys(FLAG_MEANING) as Flag[])
    .filter((f) => present.includes(f))
    .map((f) => html`<dt>${flagBadge(f)}</dt><dd>${FLAG_MEANING[f]}</dd>`);
  return items.length === 0 ? html`` : html`<dl class="legend">${items}</dl>`;
}
