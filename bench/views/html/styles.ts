// The page's CSS, inlined. Colours are variables so prefers-color-scheme can swap them, and client.js
// reads the same variables to colour chart text and grid lines.
export const STYLES = `
:root {
  color-scheme: light dark;
  --bg: #ffffff; --panel: #f6f7f9; --text: #1d2330; --muted: #596273; --grid: rgba(0, 0, 0, 0.09);
  --border: #dde1e7; --accent: #2f6fb0; --bar: #9dbbe0;
  --severe: #a8231b; --severe-bg: #fde8e6; --caution: #7a4f00; --caution-bg: #fff1cc;
  --info: #34557d; --info-bg: #e5edf7;
  --font: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  --mono: ui-monospace, "SFMono-Regular", "DejaVu Sans Mono", Menlo, Consolas, monospace;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #14171c; --panel: #1c2028; --text: #e3e6eb; --muted: #a1a9b7; --grid: rgba(255, 255, 255, 0.11);
    --border: #2d333e; --accent: #80b1e8; --bar: #35557d;
    --severe: #ff9b93; --severe-bg: #3a1c1a; --caution: #f3c86f; --caution-bg: #3a2e13;
    --info: #a3c4ec; --info-bg: #1c293a;
  }
}
* { box-sizing: border-box; }
html { font-family: var(--font); }
body { margin: 0; background: var(--bg); color: var(--text); font: 15px/1.5 var(--font); }
a { color: var(--accent); }
code, pre { font-family: var(--mono); font-size: 12.5px; }
pre { white-space: pre-wrap; overflow-wrap: anywhere; background: var(--panel); border: 1px solid var(--border);
  border-radius: 6px; padding: 10px 12px; margin: 6px 0 12px; }
header.top { padding: 22px 32px 14px; border-bottom: 1px solid var(--border); }
header.top h1 { font-size: 26px; margin: 0 0 2px; }
.meta { color: var(--muted); margin: 0; }
nav.toc { position: sticky; top: 0; z-index: 2; background: var(--bg); border-bottom: 1px solid var(--border);
  padding: 8px 32px; font-size: 14px; display: flex; flex-wrap: wrap; gap: 2px 18px; }
nav.toc a { text-decoration: none; }
.layout { display: grid; grid-template-columns: minmax(0, 1fr) 330px; gap: 36px; padding: 20px 32px 40px;
  max-width: 1900px; margin: 0 auto; }
@media (max-width: 1439px) { .layout { grid-template-columns: minmax(0, 1fr); } }
aside { font-size: 14px; }
aside h2:first-child { margin-top: 0; }
aside h3 { font-size: 15px; margin: 16px 0 2px; }
aside p { margin: 4px 0 8px; }
section { margin-bottom: 40px; scroll-margin-top: 48px; }
h2 { font-size: 20px; margin: 0 0 10px; padding-bottom: 4px; border-bottom: 1px solid var(--border); }
h2 .sub { font-weight: 400; color: var(--muted); font-size: 15px; }
.lead { margin: 0 0 12px; max-width: 80ch; }
.muted, .sub { color: var(--muted); }
.sub { display: block; font-size: 11.5px; font-weight: 400; }
ul.findings { padding-left: 20px; margin: 0; max-width: 110ch; }
ul.findings > li { margin-bottom: 6px; }
ul.findings ul { padding-left: 18px; margin: 4px 0; }
.banner { border-radius: 8px; padding: 10px 14px; margin: 12px 0 0; border: 1px solid; }
.banner.severe { color: var(--severe); background: var(--severe-bg); }
.banner.caution { color: var(--caution); background: var(--caution-bg); }
.banner.info { color: var(--info); background: var(--info-bg); }
.banner p { margin: 0; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(440px, 1fr)); gap: 16px; }
figure.chart { margin: 0; background: var(--panel); border: 1px solid var(--border); border-radius: 8px;
  padding: 12px 14px; min-width: 0; }
figure.chart.wide { grid-column: 1 / -1; }
.charts.three { grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); }
figcaption { font-weight: 600; margin-bottom: 6px; }
.canvas-box { position: relative; width: 100%; }
.note { color: var(--muted); font-size: 13px; margin: 6px 0 0; }
.table-wrap { overflow-x: auto; margin: 10px 0; }
table { border-collapse: collapse; font-size: 13px; font-variant-numeric: tabular-nums; width: 100%; }
caption { caption-side: bottom; text-align: left; color: var(--muted); font-size: 12px; padding-top: 6px; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--border); text-align: right; vertical-align: top; }
thead th { font-weight: 600; border-bottom: 2px solid var(--border); vertical-align: bottom; }
th[scope="row"], thead th:first-child { text-align: left; white-space: nowrap; }
table.ranking td { min-width: 84px; }
table.ranking th, table.ranking td { padding: 5px 6px; }
.pct { display: block; font-weight: 600; padding: 0 4px; border-radius: 3px;
  background: linear-gradient(var(--bar), var(--bar)) no-repeat; background-size: var(--pct) 100%; }
.pct.lower-bound { background-image: repeating-linear-gradient(135deg, var(--bar) 0 4px, transparent 4px 7px); }
.fig { display: block; color: var(--muted); font-size: 12px; }
.flags { display: block; margin-top: 2px; }
.flag { display: inline-block; font-size: 11px; line-height: 16px; padding: 0 6px; border-radius: 8px;
  white-space: nowrap; border: 1px solid; cursor: help; }
.flag-severe { color: var(--severe); background: var(--severe-bg); }
.flag-caution { color: var(--caution); background: var(--caution-bg); }
.flag-info { color: var(--info); background: var(--info-bg); }
.not-result { color: var(--severe); font-weight: 600; white-space: nowrap; }
.na { color: var(--muted); }
dl.legend { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; font-size: 13px; margin: 8px 0; }
dl.legend dd { margin: 0; }
dl.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 12px; margin: 6px 0 12px; }
dl.facts dt { color: var(--muted); }
dl.facts dd { margin: 0; overflow-wrap: anywhere; }
details { margin: 10px 0; }
summary { cursor: pointer; color: var(--accent); }
.change-improvement { color: #3d9a50; font-weight: 600; }
.change-regression { color: var(--severe); font-weight: 600; }
.change-inconclusive, .change-not-enough-data { color: var(--caution); }
.failure { border-left: 3px solid var(--severe); padding-left: 12px; margin-bottom: 16px; }
.failure h3 { margin: 0 0 4px; font-size: 16px; }
/* Printed: no navigation, one scenario to a page, figures kept whole (client.js unfolds the tables). */
@media print {
  nav.toc { display: none; }
  section[id^="scenario-"], #sweep, #latency { break-before: page; }
  figure.chart { break-inside: avoid; }
}
`;
