// npm run bench:stream [-- --targets a,b --downloads 16 --download-mib 300 --download-rate-mb 50]: a shortcut
// for the stream scenario of the main harness, once per target (`npm run bench -- --scenarios stream`
// gives it the floor's repetitions). Its figures land in results.json and the report like any other.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const BENCH = fileURLToPath(new URL('./bench.ts', import.meta.url));
const args = process.argv.slice(2);
const repeats = args.includes('--repeats') ? [] : ['--repeats', '1'];
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', BENCH, '--scenarios', 'stream', ...repeats, ...args],
  {
    stdio: 'inherit',
  },
);
process.exit(result.status ?? 1);
