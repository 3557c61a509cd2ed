#!/usr/bin/env node
// SPDX-License-Identifier: Apache-2.0
// Compiles tests/wasi/programs/*.c to tests/wasi/bin/*.wasm.
//
// The .wasm files are committed so the conformance tests run without a C
// toolchain; rerun this after editing a program. Needs clang with the
// wasm32-wasi target and wasi-libc (Debian: clang, lld, wasi-libc).
//
//   node tests/wasi/build.mjs            build every program
//   node tests/wasi/build.mjs fd_basic   build only the named ones
//   CLANG=clang-14 node tests/wasi/build.mjs
//   node tests/wasi/build.mjs --oracle   build to oracle-bin/ with -DCOVE_ORACLE
//                                        (see programs/check.h; not committed)
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const srcDir = join(here, 'programs');
const oracle = process.argv.includes('--oracle');
const outDir = join(here, oracle ? 'oracle-bin' : 'bin');
const clang = process.env.CLANG ?? 'clang';

// Fixed flags so a rebuild with the same toolchain gives the same bytes.
const flags = [
  '--target=wasm32-wasi',
  '--sysroot=/usr',
  '-O2',
  '-Wall',
  '-Wextra',
  '-Wno-unused-parameter',
  '-Wl,--strip-debug',
  ...(oracle ? ['-DCOVE_ORACLE'] : []),
];

const wanted = process.argv.slice(2).filter((a) => a !== '--oracle');
const programs = readdirSync(srcDir)
  .filter((f) => f.endsWith('.c'))
  .map((f) => f.slice(0, -2))
  .filter((name) => wanted.length === 0 || wanted.includes(name))
  .sort();

if (wanted.length > 0 && programs.length !== wanted.length) {
  const missing = wanted.filter((w) => !programs.includes(w));
  console.error(`no such program: ${missing.join(', ')}`);
  process.exit(1);
}

mkdirSync(outDir, { recursive: true });
for (const name of programs) {
  const out = join(outDir, `${name}.wasm`);
  execFileSync(clang, [...flags, join(srcDir, `${name}.c`), '-o', out], {
    stdio: 'inherit',
  });
  console.log(`built ${name}.wasm`);
}
console.log(`${programs.length} programs built`);
