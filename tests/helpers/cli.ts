// Runs the `cove` command line as a child process.

import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { coveBin } from './paths.js';

export interface CliResult {
  /** Exit code (null only if the CLI was killed by a signal). */
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliOptions {
  /** Bytes for stdin (through a pipe); stdin is empty otherwise. */
  input?: string | Uint8Array;
  env?: NodeJS.ProcessEnv;
  cwd?: string;
  /** Milliseconds before the CLI is killed and the call throws (default 15 s). */
  timeout?: number;
}

/** `node bin/cove.js ...args`, to completion. Throws if it does not finish in time. */
export function runCli(args: readonly string[], opts: CliOptions = {}): CliResult {
  const timeout = opts.timeout ?? 15_000;
  const r = spawnSync(process.execPath, [coveBin, ...args], {
    input: opts.input ?? '',
    env: opts.env ?? cliEnv(),
    cwd: opts.cwd,
    timeout,
    killSignal: 'SIGKILL',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) {
    const err = r.error as NodeJS.ErrnoException;
    if (err.code === 'ETIMEDOUT') {
      throw new Error(`cove ${args.join(' ')}: no exit within ${timeout} ms; stderr so far:\n${r.stderr?.toString() ?? ''}`);
    }
    throw err;
  }
  return { code: r.status, signal: r.signal, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

/** runCli without blocking: for tests that run concurrently (describe.concurrent). */
export function runCliAsync(args: readonly string[], opts: CliOptions = {}): Promise<CliResult> {
  const timeout = opts.timeout ?? 15_000;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [coveBin, ...args], { env: opts.env ?? cliEnv(), cwd: opts.cwd, stdio: 'pipe' });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`cove ${args.join(' ')}: no exit within ${timeout} ms; stderr so far:\n${Buffer.concat(err).toString()}`));
    }, timeout);
    child.on('error', (e) => {
      clearTimeout(timer);
      reject(e);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() });
    });
    child.stdin.on('error', () => {}); // the CLI may exit without reading its stdin
    child.stdin.end(opts.input ?? '');
  });
}

/** `node bin/cove.js ...args` as a running child, for tests that watch output as it streams. */
export function spawnCli(args: readonly string[], opts: Omit<CliOptions, 'input' | 'timeout'> = {}): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, [coveBin, ...args], { env: opts.env ?? cliEnv(), cwd: opts.cwd, stdio: 'pipe' });
}

/** A small, predictable environment for the CLI (the guest sees only --env anyway). */
export function cliEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC', ...extra };
}

/** Lines of text without the final empty one. */
export function lines(text: string): string[] {
  const out = text.split('\n');
  if (out[out.length - 1] === '') out.pop();
  return out;
}
