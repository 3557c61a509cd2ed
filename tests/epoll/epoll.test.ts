// epoll, eventfd, poll and select: differential tests against Linux. Each C program in
// ./c is built natively (gcc, glibc) and with `cove cc`, run on both, and the
// transcripts must be identical (the programs print event and errno names, never fd
// numbers). Then one test per limitation listed in the header of Akaros's epoll
// (user/iplib/epoll.c), quoted, showing it does not apply to Cove; the growth test;
// raw WASI poll_oneoff on a piped stdin; and the kernel heap after epoll-heavy runs.

import { execFile, spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { compileCBytes } from '../helpers/cc.js';
import { runCliAsync } from '../helpers/cli.js';
import { createKernel, type Kernel } from '../helpers/cove.js';
import { buildPrograms, type ProgramSet } from '../process/programs.js';

let set: ProgramSet;
beforeAll(() => {
  set = buildPrograms(join(import.meta.dirname, 'c'));
});

interface Run {
  stdout: string;
  stderr: string;
  status: number | null;
}

const ENV = { PATH: '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC' };

function runNative(name: string, args: string[]): Promise<Run> {
  return new Promise((resolve, reject) => {
    execFile(join(set.native, name), args, { cwd: '/', env: ENV, timeout: 60_000, killSignal: 'SIGKILL', maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      if (err && typeof err.code !== 'number') reject(err);
      else resolve({ stdout, stderr, status: err ? (err.code as number) : 0 });
    });
  });
}

/** The same program under Cove, its build mounted where the native one is. */
async function runCove(name: string, args: string[]): Promise<Run> {
  const r = await runCliAsync(['run', '--dir', `${set.wasm}::${set.native}`, join(set.wasm, name), ...args], { timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr, status: r.code };
}

/** Runs `name DIR args...` on both; same stdout, both exit 0. Returns the native run. */
async function expectSame(name: string, args: string[] = [], coveArgs = args): Promise<Run> {
  const [native, cove] = await Promise.all([runNative(name, [set.native, ...args]), runCove(name, [set.native, ...coveArgs])]);
  expect(native.status, native.stderr).toBe(0);
  expect(cove.stdout, cove.stderr).toBe(native.stdout);
  expect(cove.status, cove.stderr).toBe(0);
  return native;
}

describe.concurrent('differential: epoll, eventfd, poll and select on Linux and Cove', () => {
  it('LT re-reported until drained, ET once per edge, ONESHOT re-armed by MOD, events per kind, ready-list order, epoll_data, errnos', async () => {
    const r = await expectSame('semantics');
    // The native run must have exercised what it claims.
    expect(r.stdout).toContain('again (not drained): 1 1:IN\n');
    expect(r.stdout).toContain('no new edge: 0\n');
    expect(r.stdout).toContain('re-armed: 1 8:IN\n');
    expect(r.stdout).toContain('read end, writers gone: 1 20:HUP\n');
    expect(r.stdout).toContain('write end, readers gone: 1 24:OUT|ERR|WRNORM\n');
    expect(r.stdout).toContain('MOD of a missing fd: -1 ENOENT\n');
    expect(r.stdout).toContain('ADD twice: -1 EEXIST\n');
    expect(r.stdout).toContain('bad fd: -1 EBADF\n');
    expect(r.stdout).toContain('regular file: -1 EPERM\n');
    expect(r.stdout).toContain('epfd not an epoll: -1 EINVAL\n');
    expect(r.stdout).toContain('fd == epfd: -1 EINVAL\n');
    expect(r.stdout).toContain('epoll_wait maxevents 0: -1 EINVAL\n');
    expect(r.stdout).toContain('EXCLUSIVE|ONESHOT: -1 EINVAL\n');
    expect(r.stdout).toContain('MOD with EXCLUSIVE: -1 EINVAL\n');
  });

  it('eventfd: counter, EFD_SEMAPHORE, EFD_NONBLOCK EAGAIN, overflow, short buffers, flags, edges', async () => {
    const r = await expectSame('eventfd');
    expect(r.stdout).toContain('write 2^64-1: -1 EINVAL\n');
    expect(r.stdout).toContain('write 1 more (nonblock): -1 EAGAIN\n');
    expect(r.stdout).toContain('read 7 bytes: -1 EINVAL\n');
    expect(r.stdout).toContain('sem read at 0: -1 EAGAIN\n');
    expect(r.stdout).toContain('ET, writing 0 is an edge too: 1 1:IN\n');
  });

  it('nested epoll: readiness through levels, stale entries, ELOOP for cycles, depth limit', async () => {
    const r = await expectSame('nested');
    expect(r.stdout).toContain('outer, pipe drained (stale entry): 0\n');
    expect(r.stdout).toContain('b in a (cycle): -1 ELOOP\n');
    expect(r.stdout).toContain('chain: e4 in e5: -1 ELOOP\n');
  });

  it("close while registered: the last fd removes it, one of two dup'ed fds keeps it reporting", async () => {
    const r = await expectSame('close');
    expect(r.stdout).toContain("reported under the closed fd's data: 1 3:IN\n");
    expect(r.stdout).toContain('DEL the closed fd: -1 EBADF\n');
    expect(r.stdout).toContain('three registrations: 3 ');
  });

  it('poll() and select() over pipes, eventfds and epoll fds', async () => {
    const r = await expectSame('pollselect');
    expect(r.stdout).toContain('read end, writers gone: 1 HUP\n');
    expect(r.stdout).toContain('write end, readers gone: 1 OUT|ERR\n');
    expect(r.stdout).toContain('negative fd ignored, bad fd NVAL: 2 - OUT NVAL\n');
  });

  it('across processes: timeouts 0/positive/-1, blocking eventfd, a shared epoll, EPOLL_CLOEXEC, EPOLLEXCLUSIVE', async () => {
    const r = await expectSame('procs');
    expect(r.stdout).toContain('timeout -1, a child writes after 100 ms: 1 1:IN\n');
    expect(r.stdout).toContain('child: EPOLL_CLOEXEC epoll fd: EBADF\n');
    expect(r.stdout).toContain('the waiting child was woken by the eventfd: yes\n');
  });

  // 10,000+ registered pipes in Cove. Linux here cannot go past its hard RLIMIT_NOFILE
  // without CAP_SYS_RESOURCE (20,000 fds on this machine), so the native run registers
  // as many as that allows; the transcript does not include the count.
  it('growth: 12,000 registered pipes (RLIMIT_NOFILE raised), one ready', async () => {
    const hard = Number(spawnSync('sh', ['-c', 'ulimit -Hn'], { encoding: 'utf8' }).stdout.trim());
    const nativeN = Number.isFinite(hard) ? Math.min(12_000, Math.floor((hard - 64) / 2)) : 12_000;
    const r = await expectSame('growth', [String(nativeN)], ['12000']);
    expect(r.stdout).toContain('pipes registered: all\n');
    expect(r.stdout).toContain('one ready: 1, the right one: yes\n');
    expect(r.stdout).toContain('poll over all: 1, the right one: yes\n');
  });
});

// The header of Akaros's user/iplib/epoll.c lists its incompatibilities with Linux's
// epoll; Cove's must have none of them (DESIGN.md). Each `it` quotes one and runs the
// matching section of c/akaros.c on both systems. Not applicable yet: the two about
// BSD sockets ("If you add a BSD socket FD to an epoll set, you'll get taps on both
// the data FD and the listen FD." / "If you add the same BSD socket listener to
// multiple epoll sets, you will likely fail."): Cove has no sockets yet.
describe.concurrent('Akaros epoll limitations that do not apply to Cove', () => {
  const cases: Array<[quote: string, section: string, expected: string]> = [
    ["you can't epoll on an epoll fd (or any user fd)", 'nested', 'outer, pipe ready in inner: 1 3:IN\n'],
    ["there's no EPOLLONESHOT or level-triggered support", 'lt-oneshot', 'LT, not drained: again: 1 1:IN\n'],
    ["you can only tap one FD at a time, so you can't add the same FD to multiple epoll sets", 'many-sets', 'set 2: 1 12:IN\n'],
    ['there is no support for growing the epoll set ("Epoll set cannot grow yet!")', 'growing', 'then 1500 pipes added: 1500 ok\n'],
    ['closing the epoll is a little dangerous, if there are outstanding INDIR events', 'close-epoll', 'a new epoll after closing three busy ones: 1 5:IN\n'],
    ['epoll_create1 does not support CLOEXEC', 'cloexec', 'child: EPOLL_CLOEXEC epoll: EBADF\n'],
    ['EPOLL_CTL_MOD is just a DEL then an ADD. There might be races associated with that.', 'modify', 'a keeps its place, reported once with the new data: 2 3:IN 2:IN\n'],
    [
      'If you close a tracked FD without removing it from the epoll set ... that FD may be used again by your program, and if you add *that* one to another epoll set before removing it from the current one, weird things may happen',
      'close-tracked',
      'set 2 unaffected: 1 2:IN\n',
    ],
    ['epoll_pwait is probably racy', 'pwait', 'woken by a child: 1 data 1\n'],
    ["You can't dup an epoll fd (same as other user FDs)", 'dup', 'original closed, wait on the dup: 1 1:IN\n'],
  ];
  // One run of every section on each system (a Cove run costs a Node start-up); each
  // test compares its own section of the two transcripts.
  let both: Promise<[Run, Run]> | undefined;
  const sectionOf = (text: string, name: string) => {
    const start = text.indexOf(`== ${name}\n`);
    if (start < 0) return `(no section ${name})`;
    const end = text.indexOf('\n== ', start + 1);
    return text.slice(start, end < 0 ? undefined : end + 1);
  };
  for (const [quote, section, expected] of cases) {
    it(`"${quote}"`, async () => {
      both ??= Promise.all([runNative('akaros', [set.native, 'all']), runCove('akaros', [set.native, 'all'])]);
      const [native, cove] = await both;
      expect(native.status, native.stderr).toBe(0);
      expect(cove.status, cove.stderr).toBe(0);
      expect(sectionOf(cove.stdout, section)).toBe(sectionOf(native.stdout, section));
      expect(sectionOf(native.stdout, section)).toContain(expected);
    });
  }
});

describe("Cove's in-memory /dev (library API)", () => {
  it('epoll_ctl on devices: EPERM for null, zero, full, urandom; /dev/random is pollable', async () => {
    const native = await runNative('devices', []);
    expect(native.status, native.stderr).toBe(0);
    const k = await createKernel({ bin: false });
    let out = '';
    const dec = new TextDecoder();
    const p = await k.spawn(readFileSync(join(set.wasm, 'devices')), { args: ['devices'], stdin: 'null', stdout: (c) => (out += dec.decode(c, { stream: true })) });
    expect(await p.exited).toEqual({ code: 0 });
    expect(out).toBe(native.stdout);
    expect(native.stdout).toContain('/dev/null: ADD: -1 EPERM\n');
    expect(native.stdout).toContain('/dev/random: ADD: 0\n');
  });
});

describe('WASI poll_oneoff on stdin (library API, stdin a pipe)', () => {
  it('an open empty pipe is not ready; data makes it ready; closing the writer is a hang-up', async () => {
    const wasm = compileCBytes(readFileSync(join(import.meta.dirname, 'wasi', 'poll_stdin.c'), 'utf8'));
    const k = await createKernel({ bin: false });
    const p = await k.spawn(wasm, { args: ['poll_stdin'], stdin: 'pipe', stdout: 'pipe', stderr: 'pipe' });
    const reader = p.stdout!.getReader();
    const dec = new TextDecoder();
    let out = '';
    const until = async (marker: string) => {
      while (!out.includes(marker)) {
        const { value, done } = await reader.read();
        if (done) throw new Error(`stdout ended before "${marker}":\n${out}`);
        out += dec.decode(value, { stream: true });
      }
    };
    const writer = p.stdin!.getWriter();
    await until('waiting for data\n');
    await writer.write(new TextEncoder().encode('hello'));
    await until('waiting for end of file\n');
    await writer.close();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      out += dec.decode(value, { stream: true });
    }
    expect(await p.exited).toEqual({ code: 0 });
    expect(out).toBe(
      [
        'empty open pipe, timeout 0: errno 0, 1 event(s) [user 2 type 0 error 0]',
        'empty open pipe, timeout 50 ms: errno 0, 1 event(s) [user 2 type 0 error 0]',
        'stdout writable: errno 0, 1 event(s) [user 3 type 2 error 0 nbytes 0 hangup 0]',
        'bad fd: errno 0, 1 event(s) [user 4 type 1 error 8 nbytes 0 hangup 0]',
        'waiting for data',
        'blocking, data arrives: errno 0, 1 event(s) [user 1 type 1 error 0 nbytes 5 hangup 0]',
        'read 5: hello',
        'drained, timeout 0: errno 0, 1 event(s) [user 2 type 0 error 0]',
        'waiting for end of file',
        'blocking, writer closes: errno 0, 1 event(s) [user 1 type 1 error 0 nbytes 0 hangup 1]',
        'read 0',
        '',
      ].join('\n'),
    );
  });
});

describe('kernel.stats(): epoll and eventfd leave nothing behind', () => {
  const FIELDS = ['openFiles', 'channels', 'threads', 'processes', 'observers', 'heapBytes', 'heapBlocks'] as const;
  const pick = (s: Record<string, number>) => Object.fromEntries(FIELDS.map((f) => [f, s[f]]));

  it('after programs that close epolls with events pending, nest them, and exit with items registered', async () => {
    const k: Kernel = await createKernel({ bin: false });
    const programs: Array<[string, string[]]> = [
      ['nested', []],
      ['close', []],
      ['eventfd', []],
      ['akaros', [set.native, 'close-epoll']],
      ['akaros', [set.native, 'many-sets']],
    ];
    const life = async () => {
      for (const [name, args] of programs) {
        const p = await k.spawn(readFileSync(join(set.wasm, name)), { args: [name, ...args], stdin: 'null', stdout: () => {}, stderr: () => {} });
        expect(await p.exited, name).toEqual({ code: 0 });
      }
      await new Promise((r) => setTimeout(r, 5));
    };
    await life();
    const baseline = pick(k.stats());
    await life();
    expect(pick(k.stats())).toEqual(baseline);
  });
});
