// Where things are: the repository, the built CLI and library, the committed guests.

import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
/** The `cove` command (needs `node build/build.mjs` first; npm test does that). */
export const coveBin = join(repoRoot, 'bin', 'cove.js');
/** The built library (what `import ... from "cove"` gets). */
export const distIndex = join(repoRoot, 'dist', 'index.js');

/** guests/bin/<name>.wasm */
export function guestPath(name: string): string {
  return join(repoRoot, 'guests', 'bin', `${name}.wasm`);
}
