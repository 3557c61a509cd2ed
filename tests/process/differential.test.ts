// Differential tests of processes and pipes: each C program in ./c is built natively (gcc,
// glibc, Linux) and with `cove cc`, run on both, and the transcripts must be identical.
// The programs print errno names and relations rather than raw numbers (see c/common.h),
// and both runs see the same paths: the Cove build's directory is mounted at the native
// build's path, the scratch directory at its own.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../helpers/cli.js';
import { makeTempDir, removeTempDirs } from '../helpers/tmp.js';
import { buildPrograms, type ProgramSet } from './programs.js';

afterAll(removeTempDirs);

let set: ProgramSet;
beforeAll(() => {
  set = buildPrograms(fileURLToPath(new URL('./c/', import.meta.url)));
});

interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
}

const ENV = { PATH: '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC' };

function runNative(name: string, args: string[], cwd = '/'): Run {
  const r = spawnSync(join(set.native, name), args, { cwd, env: ENV, timeout: 60_000, killSignal: 'SIGKILL', maxBuffer: 64 << 20 });
  if (r.error) throw r.error;
  return { stdout: r.stdout.toString('latin1'), stderr: r.stderr.toString('latin1'), status: r.status };
}

/** The same program under Cove: the wasm build mounted where the native one is. */
async function runCove(name: string, args: string[], mounts: string[] = []): Promise<Run> {
  const dirs = [`${set.wasm}::${set.native}`, ...mounts].flatMap((d) => ['--dir', d]);
  const r = await runCliAsync(['run', ...dirs, join(set.wasm, name), ...args], { timeout: 120_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.code };
}

async function expectSame(name: string, args: string[], mounts: string[] = []): Promise<Run> {
  const native = runNative(name, args);
  expect(native.status, native.stderr).toBe(0);
  const cove = await runCove(name, args, mounts);
  expect(cove.stdout, cove.stderr).toBe(native.stdout);
  expect(cove.status, cove.stderr).toBe(native.status);
  return native;
}

describe.concurrent('differential: Linux and Cove print the same', { timeout: 180_000 }, () => {
  it('pipes and fds: FIONREAD, EOF, F_GETPIPE_SZ/F_SETPIPE_SZ, O_NONBLOCK/EAGAIN, partial and atomic writes, dup*, fcntl', async () => {
    const scratch = makeTempDir('cove-fds-');
    const r = await expectSame('fds', [scratch], [`${scratch}::${scratch}`]);
    // The native run must have exercised what it claims (a broken build would not).
    expect(r.stdout).toContain('F_GETPIPE_SZ: 65536\n');
    expect(r.stdout).toContain('write 200 <= PIPE_BUF with 100 free (atomic): -1 EAGAIN\n');
    expect(r.stdout).toContain('write 100000 (partial): 65536\n');
    expect(r.stdout).toContain('F_SETPIPE_SZ 4096 below the data: -1 EBUSY\n');
  });

  it('processes: posix_spawn(p), file actions, waitpid/WNOHANG/ECHILD, getppid, kill, SIGPIPE, exec, cwd, env', async () => {
    const scratch = makeTempDir('cove-spawn-');
    const r = await expectSame('spawn', [set.native, scratch], [`${scratch}::${scratch}`]);
    expect(r.stdout).toContain('waitpid WNOHANG while it runs: 0\n');
    expect(r.stdout).toContain('waitpid(-1) with no children: -1 ECHILD\n');
    expect(r.stdout).toContain('SIGTERM: killed by 15 (right pid: 1)\n');
    expect(r.stdout).toContain('SIGKILL: killed by 9 (right pid: 1)\n');
    expect(r.stdout).toContain('writer after the reader closed: killed by 13 (right pid: 1)\n');
    expect(r.stdout).toContain('child: getppid() is the parent: 1, getpid() is not: 1\n');
    expect(r.stdout).toContain(`child cwd: ${scratch}\n`);
    expect(r.stdout).toContain('execv: exited 5 (right pid: 1)\n');
  });

  it('stress: 6 writers, random records up to PIPE_BUF, one pipe: every byte checked', async () => {
    const r = await expectSame('stress', [set.native, '6', '400']);
    expect(r.stdout).toBe('writers 6, records 2400, errors 0\n');
  });

  it('stress: 8 writers through a 4096-byte pipe (every record fills it)', async () => {
    const r = await expectSame('stress', [set.native, '8', '250', '4096']);
    expect(r.stdout).toBe('F_SETPIPE_SZ: 4096\nwriters 8, records 2000, errors 0\n');
  });
});

describe('host side', { timeout: 180_000 }, () => {
  // A host file opened by one process (worker) and closed by another: Node's workers
  // track "unmanaged" fds by default, warn when another worker closes one, and close
  // them again when the opening worker exits -- by then possibly someone else's fd.
  // Hence trackUnmanagedFds: false in kernel/host/node/platform.ts.
  it('a host file passed to a child leaves no Node warnings', async () => {
    const scratch = makeTempDir('cove-hostfd-');
    const r = await runCove('spawn', [set.native, scratch], [`${scratch}::${scratch}`]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});
