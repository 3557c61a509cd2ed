// SPDX-License-Identifier: Apache-2.0
// Shared by conformance.test.ts and compare-node.mjs: the list of guest runs
// (runs.json) and how to execute one of them under a runner that speaks the
// `cove run` command line.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const wasiDir = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(wasiDir, '..', '..');

/** The runners we know, as argv prefixes (everything before --dir). */
export const runners = {
  cove: [process.execPath, join(repoRoot, 'bin', 'cove.js'), 'run'],
  node: [process.execPath, join(wasiDir, 'node-wasi-run.mjs')],
};

export function loadRuns() {
  const { runs } = JSON.parse(readFileSync(join(wasiDir, 'runs.json'), 'utf8'));
  return runs.map((r) => ({
    name: r.name,
    prog: r.prog,
    guest: r.guest === undefined ? 'fs-tests.dir' : r.guest,
    args: r.args ?? [],
    env: r.env ?? [],
    exit: r.exit ?? 0,
    expected: r.expected ?? r.name,
    pending: r.pending ?? null,
  }));
}

export function expectedOutput(run) {
  return readFileSync(join(wasiDir, 'expected', `${run.expected}.out`), 'utf8');
}

/**
 * Runs one guest in a fresh scratch directory and reports what happened.
 * The scratch directory is removed afterwards; `leftovers` lists what the
 * guest failed to clean up.
 */
export function runGuest(runner, run, timeoutMs = 60_000, binDir = 'bin') {
  const scratch = mkdtempSync(join(tmpdir(), 'cove-wasi-'));
  try {
    const [cmd, ...prefix] = runner;
    const argv = [...prefix];
    if (run.guest !== null) argv.push('--dir', `${scratch}::${run.guest}`);
    for (const kv of run.env) argv.push('--env', kv);
    argv.push(join('tests', 'wasi', binDir, `${run.prog}.wasm`), run.guest ?? '-', ...run.args);
    const r = spawnSync(cmd, argv, {
      cwd: repoRoot,
      input: '', // stdin is an empty pipe
      encoding: 'utf8',
      timeout: timeoutMs,
      killSignal: 'SIGKILL',
    });
    return {
      argv: [cmd, ...argv],
      status: r.status,
      signal: r.signal,
      timedOut: r.error?.code === 'ETIMEDOUT',
      stdout: r.stdout ?? '',
      stderr: r.stderr ?? '',
      leftovers: existsSync(scratch) ? readdirSync(scratch) : [],
    };
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}
