// Helpers for the guest tests: build a guest natively with gcc, run programs, and run a
// guest's committed .wasm under an independent WASI implementation.

import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { findPackageRoot } from '../../build/cc-flags.mjs';

export const repoRoot = findPackageRoot(dirname(fileURLToPath(import.meta.url)));

/** Same environment for guests and coreutils: C locale (byte order, English messages), UTC. */
export const testEnv: NodeJS.ProcessEnv = { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC' };

const tempDirs: string[] = [];
let nativeDir: string | undefined;
const natives = new Map<string, string>();

/** A temp dir, removed by removeTempDirs (each test file calls it in afterAll). */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
}

/** Remove every dir tempDir made. Not a process 'exit' hook: vitest's workers skip those. */
export function removeTempDirs(): void {
  for (const dir of tempDirs.splice(0)) rmSync(dir, { recursive: true, force: true });
  nativeDir = undefined;
  natives.clear();
}

/**
 * Compile guests/src/<name>.c with the host's gcc (once per test process) and return the
 * executable's path. The guests are plain POSIX C, so the native build must behave exactly
 * like coreutils; that checks the guests themselves, independently of Cove.
 */
export function buildNative(name: string): string {
  const cached = natives.get(name);
  if (cached) return cached;
  nativeDir ??= tempDir('cove-natives-');
  const exe = join(nativeDir, name);
  const src = join(repoRoot, 'guests', 'src', `${name}.c`);
  const r = spawnSync('gcc', ['-std=c11', '-O2', '-Wall', '-Wextra', '-Werror', src, '-o', exe], { encoding: 'utf8' });
  if (r.error) throw new Error(`cannot run gcc: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`gcc failed on ${src}:\n${r.stderr}`);
  natives.set(name, exe);
  return exe;
}

export interface RunResult {
  stdout: string;
  stderr: string;
  status: number | null;
}

export interface RunOptions {
  /** Bytes for stdin, through a pipe. */
  input?: string | Buffer;
  /** A file to use as stdin directly (a regular file, not a pipe). */
  stdinFile?: string;
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** argv[0]; coreutils print it in messages, so give them their bare name. */
  argv0?: string;
}

/** Run a program to completion; stdout and stderr as latin1 so any byte round-trips. */
export function run(file: string, args: readonly string[], opts: RunOptions = {}): RunResult {
  const stdinFd = opts.stdinFile === undefined ? undefined : openSync(opts.stdinFile, 'r');
  try {
    const options: SpawnSyncOptions = {
      cwd: opts.cwd,
      env: opts.env ?? testEnv,
      argv0: opts.argv0,
      input: opts.input,
      stdio: [stdinFd ?? 'pipe', 'pipe', 'pipe'],
      timeout: 20_000,
    };
    const r = spawnSync(file, args, options);
    // A program that exits before reading its input (e.g. on a bad option) makes
    // writing that input fail with EPIPE: that is the program's normal behaviour.
    const earlyExit = (r.error as NodeJS.ErrnoException | undefined)?.code === 'EPIPE' && r.status !== null;
    if (r.error && !earlyExit) throw r.error;
    return { stdout: r.stdout.toString('latin1'), stderr: r.stderr.toString('latin1'), status: r.status };
  } finally {
    if (stdinFd !== undefined) closeSync(stdinFd);
  }
}

/** Run the coreutils program `name` (e.g. /usr/bin/wc) the way the guest is run. */
export function runCoreutils(name: string, args: readonly string[], opts: RunOptions = {}): RunResult {
  return run(`/usr/bin/${name}`, args, { argv0: name, ...opts });
}

/** Run the native build of guest `name`. */
export function runNative(name: string, args: readonly string[], opts: RunOptions = {}): RunResult {
  return run(buildNative(name), args, { argv0: name, ...opts });
}

/**
 * The command line that runs guests/bin/<name>.wasm (or `wasm`) as <name> under Node's own WASI (node:wasi), with
 * the host's / preopened as /. That is not Cove: it is an independent WASI implementation
 * that shows whether the committed binaries work at all. Paths given to the guest must be
 * absolute (its working directory is /).
 */
export function wasiCommand(name: string, wasm = join(repoRoot, 'guests', 'bin', `${name}.wasm`)): string[] {
  const runner = join(repoRoot, 'tests', 'guests', 'wasi-runner.mjs');
  return [process.execPath, '--no-warnings', runner, wasm, name];
}

/** Run guests/bin/<name>.wasm under node:wasi (see wasiCommand). */
export function runWasm(name: string, args: readonly string[], opts: RunOptions = {}): RunResult {
  const [node, ...rest] = wasiCommand(name);
  return run(node!, [...rest, ...args], opts);
}
