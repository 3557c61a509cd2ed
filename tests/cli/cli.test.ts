// The `cove` command line: help and version, how bad input is reported (one line on
// stderr, a non-zero exit, never a stack trace), exit codes, streamed stdio, host signals,
// and what `cove run` passes to the guest (stdin, --env, args, --dir, --strace).

import { spawnSync } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readFileSync, writeFileSync } from 'node:fs';
import { constants as osConstants } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clangMissing, compileC, needsClang } from '../helpers/cc.js';
import { cliEnv, lines, runCliAsync, spawnCli } from '../helpers/cli.js';
import { coveBin, guestPath, repoRoot } from '../helpers/paths.js';
import { makeTempDir, removeTempDirs } from '../helpers/tmp.js';

afterAll(removeTempDirs);

const version = (JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string }).version;
const hello = guestPath('hello');

/** What every report of bad input looks like: exactly one "cove: ..." line, no stack frames. */
function expectOneLineError(r: { code: number | null; stdout: string; stderr: string }, message: RegExp): void {
  expect(r.code, r.stderr).not.toBe(0);
  expect(r.code).not.toBeNull();
  expect(lines(r.stderr), r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(/^cove: /);
  expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stdout).toBe('');
}

describe.concurrent('help and version', () => {
  it('--help prints the commands on stdout and exits 0', async () => {
    const r = await runCliAsync(['--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^Usage:/m);
    expect(r.stdout).toContain('cove run');
    expect(r.stdout).toContain('--version');
  });

  it('run --help lists the options of run and exits 0', async () => {
    const r = await runCliAsync(['run', '--help']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const opt of ['--dir HOST::GUEST', '--env NAME=VALUE', '--log LEVEL', '--strace']) expect(r.stdout).toContain(opt);
  });

  it('--version prints "cove <package version>" and exits 0', async () => {
    const r = await runCliAsync(['--version']);
    expect(r).toEqual({ code: 0, signal: null, stdout: `cove ${version}\n`, stderr: '' });
  });

  it('with no command at all, shows the usage and fails', async () => {
    const r = await runCliAsync([]);
    expect(r.code).not.toBe(0);
    expect(r.stdout + r.stderr).toMatch(/Usage:/);
  });
});

describe.concurrent('bad input: one line on stderr, a non-zero exit, no stack trace', () => {
  let dir: string;
  beforeAll(() => {
    dir = makeTempDir('cove-cli-bad-');
    writeFileSync(join(dir, 'garbage.wasm'), 'this is not wasm\n');
    // A valid module with nothing in it: no _start, so not a WASI command.
    writeFileSync(join(dir, 'empty.wasm'), new Uint8Array([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]));
    writeFileSync(join(dir, 'file.txt'), 'a file, not a directory\n');
    mkdirSync(join(dir, 'subdir'));
  });

  const cases: Array<[what: string, args: () => string[], message: RegExp]> = [
    ['a module file that does not exist', () => ['run', join(dir, 'missing.wasm')], /missing\.wasm: no such file/],
    ['a directory as the module', () => ['run', join(dir, 'subdir')], /subdir: is a directory/],
    ['bytes that are not WebAssembly', () => ['run', join(dir, 'garbage.wasm')], /garbage\.wasm: not a valid WebAssembly module/],
    ['a valid module that is not a WASI command (no _start)', () => ['run', join(dir, 'empty.wasm')], /empty\.wasm: .*_start/],
    ['--dir ::x (no host side)', () => ['run', '--dir', '::x', hello], /--dir ::x: expected HOST::GUEST/],
    ['--dir x:: (no guest side)', () => ['run', '--dir', 'x::', hello], /--dir x::: expected HOST::GUEST/],
    ['--dir with an empty value', () => ['run', '--dir=', hello], /--dir/],
    ['--dir of a host directory that does not exist', () => ['run', '--dir', `${join(dir, 'nope')}::/x`, hello], /nope: no such directory/],
    ['--dir of a host file', () => ['run', '--dir', `${join(dir, 'file.txt')}::/x`, hello], /file\.txt: not a directory/],
    ['--dir as the last argument, without a value', () => ['run', '--dir'], /--dir needs a value/],
    ['--env =x (no name)', () => ['run', '--env', '=x', hello], /--env =x: expected NAME=VALUE/],
    ['--env NAME for a name the host does not have', () => ['run', '--env', 'COVE_TEST_UNSET_VAR', hello], /COVE_TEST_UNSET_VAR is not set/],
    ['an unknown option', () => ['run', '--bogus', hello], /unknown option --bogus/],
    ['--log with an unknown level', () => ['run', '--log', 'bogus', hello], /--log bogus/],
    ['run without a module', () => ['run'], /no module/],
    ['an unknown command', () => ['frobnicate'], /unknown command 'frobnicate'/],
  ];

  for (const [what, args, message] of cases) {
    it(what, async () => {
      expectOneLineError(await runCliAsync(args()), message);
    });
  }

  it.skipIf(clangMissing)(needsClang('a module importing something Cove does not provide'), async () => {
    const wasm = compileC(
      '__attribute__((import_module("env"), import_name("mystery"))) int mystery(int);\nint main(void) { return mystery(1); }\n',
      ['-Wl,--allow-undefined'],
    );
    expectOneLineError(await runCliAsync(['run', wasm]), /imports env\.mystery, which Cove does not provide/);
  });
});

describe.skipIf(clangMissing)(needsClang('exit codes'), { concurrent: true }, () => {
  it("is the guest's exit status", async () => {
    const wasm = compileC('#include <stdlib.h>\nint main(void) { exit(3); }\n');
    expect(await runCliAsync(['run', wasm])).toEqual({ code: 3, signal: null, stdout: '', stderr: '' });
  });

  it('is 0 and 1 for true and false', async () => {
    expect((await runCliAsync(['run', guestPath('true')])).code).toBe(0);
    expect((await runCliAsync(['run', guestPath('false')])).code).toBe(1);
  });

  it('is 134 (128 + SIGABRT) for a trap, with one line naming the trap after what the guest wrote', async () => {
    const wasm = compileC('#include <stdio.h>\nint main(void) { puts("before"); fflush(stdout); __builtin_trap(); }\n');
    const r = await runCliAsync(['run', wasm]);
    expect(r.code).toBe(134);
    expect(r.stdout).toBe('before\n');
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^cove: .*wasm trap: unreachable$/m);
    expect(r.stderr).not.toMatch(/^\s+at /m);
  });

  it('is 134 for a stack overflow (unbounded recursion), also one line', async () => {
    const wasm = compileC('int f(volatile int n) { volatile char pad[256]; pad[0] = n; return f(n + 1) + pad[0]; }\nint main(void) { return f(0); }\n');
    const r = await runCliAsync(['run', wasm]);
    expect(r.code).toBe(134);
    expect(lines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/^cove: .*wasm trap/);
  });
});

describe.skipIf(clangMissing)(needsClang('stdio is streamed'), () => {
  // Writes, sleeps 300 ms, writes again: the first line must be out long before the end.
  const SLOW_C = `
    #include <stdio.h>
    #include <time.h>
    int main(void) {
      struct timespec pause = {0, 300 * 1000 * 1000};
      printf("first\\n"); fflush(stdout);
      fprintf(stderr, "err-first\\n");
      nanosleep(&pause, NULL);
      printf("second\\n"); fflush(stdout);
      fprintf(stderr, "err-second\\n");
      return 0;
    }
  `;

  it('stdout and stderr reach the host as the guest writes them, not at exit', async () => {
    const wasm = compileC(SLOW_C);
    const child = spawnCli(['run', wasm]);
    child.stdin.end();
    const seen: Record<string, number> = {};
    let out = '';
    let err = '';
    const mark = (text: string) => {
      for (const l of lines(text)) seen[l] ??= performance.now();
    };
    child.stdout.on('data', (b: Buffer) => mark((out += b.toString())));
    child.stderr.on('data', (b: Buffer) => mark((err += b.toString())));
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    const end = performance.now();
    expect(code).toBe(0);
    expect(out).toBe('first\nsecond\n');
    expect(err).toBe('err-first\nerr-second\n');
    // The guest slept 300 ms between its writes; allow for a busy machine.
    expect(end - seen.first!).toBeGreaterThan(200);
    expect(end - seen['err-first']!).toBeGreaterThan(200);
    expect(seen.second! - seen.first!).toBeGreaterThan(200);
  });
});

describe.skipIf(clangMissing)(needsClang('host signals and a closed stdout'), () => {
  /**
   * Resolves with how the child ended, as a shell reports it ($?): the exit code, or
   * 128 + the signal that killed it. Rejects after ms.
   */
  function exitCode(child: ReturnType<typeof spawnCli>, ms: number): Promise<number | null> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`cove still running after ${ms} ms`)), ms);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        resolve(signal ? 128 + osConstants.signals[signal] : code);
      });
    });
  }

  /** Starts `cove run` of a guest that says "ready" and sleeps 30 s; resolves once it is ready. */
  async function startSleeper() {
    const wasm = compileC('#include <stdio.h>\n#include <unistd.h>\nint main(void) { puts("ready"); fflush(stdout); sleep(30); return 0; }\n');
    const child = spawnCli(['run', wasm]);
    child.stdin.end();
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    return child;
  }

  it('SIGINT to cove ends the guest: $? is 130 (128 + SIGINT)', async () => {
    const child = await startSleeper();
    child.kill('SIGINT');
    expect(await exitCode(child, 10_000)).toBe(130);
  });

  it('SIGTERM to cove ends the guest: $? is 143 (128 + SIGTERM)', async () => {
    const child = await startSleeper();
    child.kill('SIGTERM');
    expect(await exitCode(child, 10_000)).toBe(143);
  });

  it('a guest writing to a stdout nobody reads any more gets SIGPIPE: exit 141 (yes | head)', async () => {
    const child = spawnCli(['run', guestPath('yes')]);
    child.stdin.end();
    await new Promise<void>((resolve) => child.stdout.once('data', () => resolve()));
    child.stdout.destroy();
    expect(await exitCode(child, 10_000)).toBe(141);
  });
});

describe.concurrent('what cove run gives the guest', () => {
  it('stdin from a pipe', async () => {
    const r = await runCliAsync(['run', guestPath('cat')], { input: 'through the pipe\nline 2\n' });
    expect(r).toEqual({ code: 0, signal: null, stdout: 'through the pipe\nline 2\n', stderr: '' });
  });

  it('stdin from a regular file', async () => {
    const dir = makeTempDir('cove-cli-stdin-');
    const file = join(dir, 'in.txt');
    writeFileSync(file, 'from a file\n');
    const fd = openSync(file, 'r');
    try {
      const r = spawnSync(process.execPath, [coveBin, 'run', guestPath('cat')], { stdio: [fd, 'pipe', 'pipe'], encoding: 'utf8', timeout: 15_000 });
      expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual({ code: 0, stdout: 'from a file\n', stderr: '' });
    } finally {
      closeSync(fd);
    }
  });

  it('a large stdin, all of it', async () => {
    const input = 'x'.repeat(1 << 20);
    const r = await runCliAsync(['run', guestPath('wc'), '-c'], { input });
    expect(r.stdout.trim()).toBe(String(1 << 20));
  });

  it('--env NAME=VALUE and --env NAME (the host value), and nothing else of the host environment', async () => {
    const r = await runCliAsync(['run', '--env', 'A=1', '--env=B=two words', '--env', 'FROM_HOST', guestPath('env')], {
      env: cliEnv({ FROM_HOST: 'host value', NOT_PASSED: 'secret' }),
    });
    expect(r).toEqual({ code: 0, signal: null, stdout: 'A=1\nB=two words\nFROM_HOST=host value\n', stderr: '' });
  });

  it('every argument after the module, options included, as the guest argv (argv[0] is the module)', async () => {
    const r = await runCliAsync(['run', guestPath('echo'), '--dir', '/x', '--env', 'A=1', '--strace', '--', 'a  b']);
    expect(r).toEqual({ code: 0, signal: null, stdout: '--dir /x --env A=1 --strace -- a  b\n', stderr: '' });
  });

  it('"--" ends the options, so a module name may start with "-"', async () => {
    const dir = makeTempDir('cove-cli-dash-');
    writeFileSync(join(dir, '-hello.wasm'), readFileSync(hello));
    const r = await runCliAsync(['run', '--', '-hello.wasm'], { cwd: dir });
    expect(r).toEqual({ code: 0, signal: null, stdout: 'hello, world\n', stderr: '' });
  });

  it('--dir HOST::GUEST mounts HOST at GUEST; --dir PATH mounts it at the same path', async () => {
    const dir = makeTempDir('cove-cli-dir-');
    writeFileSync(join(dir, 'a.txt'), 'mounted\n');
    const r1 = await runCliAsync(['run', '--dir', `${dir}::/data`, guestPath('cat'), '/data/a.txt']);
    expect(r1).toEqual({ code: 0, signal: null, stdout: 'mounted\n', stderr: '' });
    const r2 = await runCliAsync(['run', '--dir', dir, guestPath('cat'), `${dir}/a.txt`]);
    expect(r2).toEqual({ code: 0, signal: null, stdout: 'mounted\n', stderr: '' });
  });

  it('--dir HOST::/ makes HOST the root the guest sees (as wasmtime does)', async () => {
    const dir = makeTempDir('cove-cli-root-');
    writeFileSync(join(dir, 'a.txt'), 'at the root\n');
    const r = await runCliAsync(['run', '--dir', `${dir}::/`, guestPath('cat'), '/a.txt']);
    expect(r).toEqual({ code: 0, signal: null, stdout: 'at the root\n', stderr: '' });
  });

  it('--dir with a relative host path, resolved against the working directory', async () => {
    const dir = makeTempDir('cove-cli-rel-');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'a.txt'), 'relative\n');
    const r = await runCliAsync(['run', '--dir', 'sub::/d', guestPath('cat'), '/d/a.txt'], { cwd: dir });
    expect(r.stdout).toBe('relative\n');
  });

  it('--strace prints each syscall, decoded, with its result, on stderr', async () => {
    const dir = makeTempDir('cove-cli-strace-');
    writeFileSync(join(dir, 'a.txt'), 'traced\n');
    const r = await runCliAsync(['run', '--strace', '--dir', `${dir}::/data`, guestPath('cat'), '/data/a.txt', '/data/missing']);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('traced\n');
    // fd 3 is the first preopen (/data): paths are shown as strings, results as numbers and errno names.
    expect(r.stderr).toMatch(/^.*path_open\(3, .*"a\.txt".*\) = 0$/m);
    expect(r.stderr).toMatch(/^.*path_open\(3, .*"missing".*\) = 44 ENOENT$/m);
    expect(r.stderr).toMatch(/^.*fd_write\(1, .*\) = 0$/m);
    expect(r.stderr).toMatch(/^.*proc_exit\(1\)/m);
    expect(r.stderr).toContain('cat: /data/missing: No such file or directory');
  });

  it('without --strace or --log, stderr is only what the guest writes', async () => {
    const dir = makeTempDir('cove-cli-quiet-');
    const r = await runCliAsync(['run', '--dir', `${dir}::/d`, guestPath('cat'), '/d/nope']);
    expect(r).toEqual({ code: 1, signal: null, stdout: '', stderr: 'cat: /d/nope: No such file or directory\n' });
  });

  it('preopens exactly the --dir list: without one, no path is reachable', async () => {
    const r = await runCliAsync(['run', guestPath('cat'), '/tmp/x']);
    expect(r).toEqual({ code: 1, signal: null, stdout: '', stderr: 'cat: /tmp/x: Capabilities insufficient\n' });
  });

  it('--log info reports process start and exit', async () => {
    const r = await runCliAsync(['run', '--log', 'info', hello]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('hello, world\n');
    expect(r.stderr).toMatch(/process \d+ started/);
    expect(r.stderr).toMatch(/process \d+ exited: status 0/);
  });
});
