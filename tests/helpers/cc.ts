// Compiles C test programs to WASI modules, so tests can carry their guests inline:
//
//   const wasm = compileC(`#include <stdio.h>\nint main(void) { puts("hi"); }`);
//
// Plain Debian clang + wasi-libc (clang --target=wasm32-wasi --sysroot=/usr -O2), not
// `cove cc`, so these guests depend on nothing of Cove's. Results are cached under
// os.tmpdir()/cove-test-cc, keyed by a hash of the source, the flags and the compiler,
// so a test run compiles each program once per machine.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CLANG = process.env.COVE_CLANG || 'clang';
const SYSROOT = process.env.COVE_WASI_SYSROOT || '/usr';
const BASE_FLAGS = ['--target=wasm32-wasi', `--sysroot=${SYSROOT}`, '-O2'];
const cacheDir = join(tmpdir(), 'cove-test-cc');
// clang -O runs any wasm-opt it finds on PATH, and npm puts binaryen's (from AssemblyScript)
// there: keep node_modules off clang's PATH so the output does not depend on how tests run.
const clangEnv = { ...process.env, PATH: (process.env.PATH ?? '').split(':').filter((p) => !p.includes('node_modules')).join(':') };

function probe(): { version: string } | { missing: string } {
  const v = spawnSync(CLANG, ['--version'], { encoding: 'utf8', env: clangEnv });
  if (v.error || v.status !== 0) return { missing: `${CLANG} not found (apt-get install clang lld wasi-libc libclang-rt-14-dev-wasm32)` };
  if (!existsSync(join(SYSROOT, 'lib', 'wasm32-wasi', 'libc.a'))) return { missing: `wasi-libc not found under ${SYSROOT} (apt-get install wasi-libc)` };
  return { version: v.stdout.split('\n')[0] ?? '' };
}

const toolchain = probe();

/** Why C guests cannot be built here, or undefined when they can. Use with describe.skipIf. */
export const clangMissing: string | undefined = 'missing' in toolchain ? toolchain.missing : undefined;

/** A title suffix for suites that need clang: says why they were skipped. */
export function needsClang(title: string): string {
  return clangMissing ? `${title} (skipped: ${clangMissing})` : title;
}

/** Compiles `source` (C) to a WASI command module; returns the .wasm path (cached). */
export function compileC(source: string, flags: readonly string[] = []): string {
  if ('missing' in toolchain) throw new Error(toolchain.missing);
  const hash = createHash('sha256').update(`${toolchain.version}\0${BASE_FLAGS.join(' ')}\0${flags.join(' ')}\0${source}`).digest('hex').slice(0, 24);
  const out = join(cacheDir, `${hash}.wasm`);
  if (existsSync(out)) return out;
  mkdirSync(cacheDir, { recursive: true });
  // Build beside the target and rename into place: test files compile in parallel.
  const tmp = `${out}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  const src = `${tmp}.c`;
  writeFileSync(src, source);
  try {
    const r = spawnSync(CLANG, [...BASE_FLAGS, ...flags, src, '-o', tmp], { encoding: 'utf8', env: clangEnv });
    if (r.error) throw new Error(`cannot run ${CLANG}: ${r.error.message}`);
    if (r.status !== 0) throw new Error(`clang failed:\n${r.stderr}\n--- source ---\n${source}`);
    renameSync(tmp, out);
  } finally {
    rmSync(src, { force: true });
    rmSync(tmp, { force: true });
  }
  return out;
}

/** compileC, returning the module's bytes. */
export function compileCBytes(source: string, flags: readonly string[] = []): Uint8Array<ArrayBuffer> {
  return readFileSync(compileC(source, flags));
}

/** C source of a test program kept beside the helpers (tests/helpers/c/<name>.c), with includes inlined. */
export function helperSource(name: string): string {
  const dir = fileURLToPath(new URL('./c/', import.meta.url));
  return readFileSync(join(dir, `${name}.c`), 'utf8').replace(/^#include "([^"]+)"$/gm, (_, file: string) => readFileSync(join(dir, file), 'utf8'));
}

/**
 * C: `static const char *errname(int e)` — the symbolic name of an errno ("ENOENT"), for
 * inline guests that print what a call failed with (tests/helpers/c/errname.h).
 */
export const ERRNAME_C = readFileSync(fileURLToPath(new URL('./c/errname.h', import.meta.url)), 'utf8');
