// The scripts the page inlines: chart.js from node_modules and our client.js. Read at render time, so the
// report always carries the installed chart.js, and escaped so nothing inside can close the <script> early.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let chartJs: string | undefined;
let clientJs: string | undefined;

/** Makes script text safe inside <script>…</script>: "</script" and "<!--" would end or confuse the block. */
export function inlineScript(source: string): string {
  return source.replace(/<\/(script)/gi, '<\\/$1').replace(/<!--/g, '<\\!--');
}

export function chartJsSource(): string {
  if (chartJs === undefined) {
    // chart.js's exports map does not expose dist/chart.umd.js; its main entry sits in the same folder.
    const main = createRequire(import.meta.url).resolve('chart.js');
    const source = readFileSync(join(dirname(main), 'chart.umd.js'), 'utf8');
    // The source-map comment would point the browser's developer tools at a file that is not there.
    chartJs = inlineScript(source.replace(/^\/\/# sourceMappingURL=.*$/m, ''));
  }
  return chartJs;
}

export function clientSource(): string {
  if (clientJs === undefined) {
    const file = join(dirname(fileURLToPath(import.meta.url)), 'client.js');
    clientJs = inlineScript(readFileSync(file, 'utf8'));
  }
  return clientJs;
}
