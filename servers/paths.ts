// Where the repository and the bundled site are. Kept apart from launch.ts so that server entries can
// import it without pulling in what starts servers (esbuild among it).
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const DEFAULT_ROOT = join(REPO_ROOT, 'html');
