// `cove cc`: Debian's clang turned into a compiler for Cove guests, the way occlum-gcc wraps
// gcc. It adds the wasm32-wasi target and sysroot, cove's POSIX headers (guests/include) and
// libcove, and passes every user argument through. The flag list itself lives in
// build/cc-flags.mjs, shared with build/build-guests.mjs.

import { spawnSync } from 'node:child_process';
import { constants } from 'node:os';
import { dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clangArgs, findPackageRoot, findToolchain, MISSING_TOOLCHAIN } from '../../build/cc-flags.mjs';

/** Run clang for `cove cc <argv>`; returns its exit code (127 if the toolchain is missing). */
export function coveCc(argv: string[]): number {
  const toolchain = findToolchain();
  if (!toolchain) {
    process.stderr.write(`${MISSING_TOOLCHAIN}\n`);
    return 127;
  }
  // import.meta.url is this file in the sources and dist/<bundle>.js once bundled; both sit
  // below the package root, which holds guests/include and guests/libcove.
  const root = findPackageRoot(dirname(fileURLToPath(import.meta.url)));
  const result = spawnSync(toolchain.clang, clangArgs(root, toolchain, argv), { stdio: 'inherit' });
  if (result.error) {
    process.stderr.write(`cove cc: cannot run ${toolchain.clang}: ${result.error.message}\n`);
    return 127;
  }
  // Killed by a signal: report it the way a shell would.
  if (result.status === null) return 128 + (result.signal ? constants.signals[result.signal] : 0);
  return result.status;
}
