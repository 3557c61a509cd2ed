// Builds the C test programs of tests/process/c (and any other directory of them) twice:
// natively with gcc, and for Cove with `cove cc` (its exact flags, the package's libcove
// and headers). Both builds of a set go into one cache directory with the same file
// names, native/<name> and wasm/<name>, so a differential test can run the native build
// with `native/` paths and the Cove build with `wasm/` mounted at the native directory's
// path: both runs then see identical paths and arguments.
//
// The cache (os.tmpdir()/cove-test-programs/<hash>) is keyed by the sources, libcove.a,
// guests/include and the compilers, so a test run builds each set once per machine.

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { clangArgs, findToolchain, MISSING_TOOLCHAIN } from '../../build/cc-flags.mjs';
import { repoRoot } from '../helpers/paths.js';

const FLAGS = ['-std=c11', '-O2', '-Wall', '-Wextra', '-Werror'];

// clang -O runs any wasm-opt on PATH (npm puts binaryen's there): keep node_modules off it.
const clangEnv = { ...process.env, PATH: (process.env.PATH ?? '').split(':').filter((p) => !p.includes('node_modules')).join(':') };

export interface ProgramSet {
  /** Native executables: <native>/<name>. */
  native: string;
  /** Cove builds, same names: <wasm>/<name>. */
  wasm: string;
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...filesUnder(path));
    else out.push(path);
  }
  return out;
}

function version(cmd: string): string {
  const r = spawnSync(cmd, ['--version'], { encoding: 'utf8', env: clangEnv });
  return r.status === 0 ? r.stdout.split('\n')[0]! : `${cmd}: missing`;
}

function compile(cmd: string, args: string[], what: string): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8', env: clangEnv });
  if (r.error) throw new Error(`cannot run ${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${what} failed:\n${r.stderr}`);
}

/**
 * Builds every `<name>.c` in `srcDir` (a directory of programs; other files there, like
 * headers, are their includes) natively and with cove cc.
 */
export function buildPrograms(srcDir: string): ProgramSet {
  const toolchain = findToolchain();
  if (!toolchain) throw new Error(MISSING_TOOLCHAIN);
  const hash = createHash('sha256');
  hash.update(`${version('gcc')}\0${version(toolchain.clang)}\0${FLAGS.join(' ')}\0`);
  const inputs = [...filesUnder(srcDir), ...filesUnder(join(repoRoot, 'guests', 'include')), join(repoRoot, 'build', 'cc-flags.mjs')];
  const libcove = join(repoRoot, 'guests', 'libcove', 'libcove.a');
  if (existsSync(libcove)) inputs.push(libcove);
  for (const file of inputs) hash.update(`${relative(repoRoot, file)}\0`).update(readFileSync(file));
  const dir = join(tmpdir(), 'cove-test-programs', hash.digest('hex').slice(0, 24));
  const set = { native: join(dir, 'native'), wasm: join(dir, 'wasm') };
  if (existsSync(dir)) return set;

  // Build beside the cache entry and rename it into place: test files build in parallel.
  const tmp = `${dir}.${process.pid}.${Math.random().toString(36).slice(2)}`;
  mkdirSync(join(tmp, 'native'), { recursive: true });
  mkdirSync(join(tmp, 'wasm'), { recursive: true });
  try {
    for (const file of readdirSync(srcDir).filter((f) => f.endsWith('.c')).sort()) {
      const name = file.slice(0, -2);
      const src = join(srcDir, file);
      compile('gcc', [...FLAGS, src, '-o', join(tmp, 'native', name)], `gcc ${file}`);
      compile(toolchain.clang, clangArgs(repoRoot, toolchain, [...FLAGS, src, '-o', join(tmp, 'wasm', name)]), `cove cc ${file}`);
    }
    try {
      renameSync(tmp, dir);
    } catch (e) {
      if (!existsSync(dir)) throw e; // else another test file won the race
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  return set;
}
