// How each runtime runs an entry file: what comes between the binary and the file. Apart from launch.ts
// so that a server that starts copies of itself (reuseport) can import it without esbuild.
import type { Runtime } from './registry.ts';

export const RUN_ARGS: Readonly<Record<Runtime, readonly string[]>> = {
  node: [],
  bun: ['run', '--silent'],
  deno: ['run', '--allow-all', '--quiet', '--no-prompt'],
};
