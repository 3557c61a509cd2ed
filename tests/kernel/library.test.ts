// The library API: createKernel, kernel.spawn and its stdio options, exit statuses,
// kill(), the leak counters of kernel.stats(), and the node:wasi-shaped WASI class.

import { spawnSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernel, WASI } from '../helpers/cove.js';
import type { Kernel, Process, SpawnOptions } from '../helpers/cove.js';
import { compileCBytes, needsClang, clangMissing, helperSource } from '../helpers/cc.js';
import { distIndex, guestPath } from '../helpers/paths.js';
import { makeTempDir, removeTempDirs } from '../helpers/tmp.js';

afterAll(removeTempDirs);

const guest = (name: string) => readFileSync(guestPath(name));
const cat = guest('cat');
const dec = new TextDecoder();

/** Everything a "pipe" stream yields, as text. */
async function readAll(stream: ReadableStream<Uint8Array> | undefined): Promise<string> {
  if (!stream) throw new Error('no stream: was it spawned with "pipe"?');
  return new Response(stream).text();
}

/** Resolves with the process's exit status, or rejects if it takes longer than ms. */
function exitWithin(p: Process, ms: number): Promise<{ code: number; signal?: number }> {
  return Promise.race([
    p.exited,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`process ${p.pid} still running after ${ms} ms`)), ms)),
  ]);
}

/**
 * kernel.spawn with stdin "null" unless the test gives one: a guest's default stdin is the
 * host's, and the test runner's own stdin is no business of these guests.
 */
function spawn(k: Kernel, module: Uint8Array | WebAssembly.Module, opts: SpawnOptions = {}): Promise<Process> {
  return k.spawn(module, { stdin: 'null', ...opts });
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('kernel.spawn', () => {
  let k: Kernel;
  beforeAll(async () => {
    k = await createKernel({
      files: {
        '/etc/motd': 'welcome\n',
        '/data': { 'a.txt': 'alpha\n', sub: { 'b.bin': new Uint8Array([0x62, 0x0a]) } },
      },
    });
  });

  it('calls a stdout callback with every chunk the guest writes', async () => {
    const chunks: Uint8Array[] = [];
    const p = await spawn(k, cat, { args: ['cat', '/etc/motd', '/data/a.txt'], stdout: (c) => chunks.push(c.slice()) });
    expect(await p.exited).toEqual({ code: 0 });
    expect(chunks.map((c) => dec.decode(c)).join('')).toBe('welcome\nalpha\n');
  });

  it('gives "pipe" stdout and stderr as ReadableStreams that end when the guest exits', async () => {
    const p = await spawn(k, cat, { args: ['cat', '/data/a.txt', '/nonexistent'], stdout: 'pipe', stderr: 'pipe' });
    const [out, err, status] = await Promise.all([readAll(p.stdout), readAll(p.stderr), p.exited]);
    expect(out).toBe('alpha\n');
    expect(err).toBe('cat: /nonexistent: No such file or directory\n');
    expect(status).toEqual({ code: 1 });
  });

  it('takes stdin as a string: those bytes, then end of file', async () => {
    const p = await spawn(k, cat, { args: ['cat'], stdin: 'one\ntwo\n', stdout: 'pipe' });
    expect(await readAll(p.stdout)).toBe('one\ntwo\n');
    expect(await p.exited).toEqual({ code: 0 });
  });

  it('takes stdin as bytes', async () => {
    const p = await spawn(k, guest('wc'), { args: ['wc', '-c'], stdin: new Uint8Array(100_000), stdout: 'pipe' });
    expect((await readAll(p.stdout)).trim()).toBe('100000');
    expect(await p.exited).toEqual({ code: 0 });
  });

  it('gives "pipe" stdin as a WritableStream: the guest reads what is written until it is closed', async () => {
    const p = await spawn(k, cat, { args: ['cat'], stdin: 'pipe', stdout: 'pipe' });
    const out = readAll(p.stdout);
    const w = p.stdin!.getWriter();
    await w.write(new TextEncoder().encode('first '));
    await w.write(new TextEncoder().encode('second\n'));
    await w.close();
    expect(await out).toBe('first second\n');
    expect(await p.exited).toEqual({ code: 0 });
  });

  it('makes the files tree visible to the guest: directories, text and bytes', async () => {
    const ls = await spawn(k, guest('ls'), { args: ['ls', '/data', '/data/sub'], stdout: 'pipe' });
    expect(await readAll(ls.stdout)).toBe('/data:\na.txt\nsub\n\n/data/sub:\nb.bin\n');
    const c = await spawn(k, cat, { args: ['cat', '/data/sub/b.bin'], stdout: 'pipe' });
    expect(await readAll(c.stdout)).toBe('b\n');
  });

  it('shares the in-memory file system between the processes of one kernel', async () => {
    const w = await spawn(k, guest('tee'), { args: ['tee', '/tmp/shared.txt'], stdin: 'written by one\n', stdout: 'null' });
    expect(await w.exited).toEqual({ code: 0 });
    const r = await spawn(k, cat, { args: ['cat', '/tmp/shared.txt'], stdout: 'pipe' });
    expect(await readAll(r.stdout)).toBe('written by one\n');
  });

  it('passes args (argv[0] included) and env (object or K=V list) unchanged', async () => {
    const e1 = await spawn(k, guest('env'), { args: ['env'], env: { HOME: '/home/guest', EMPTY: '', 'WITH=EQ': 'x' }, stdout: 'pipe' });
    expect(await readAll(e1.stdout)).toBe('HOME=/home/guest\nEMPTY=\nWITH=EQ=x\n');
    const e2 = await spawn(k, guest('env'), { args: ['env'], env: ['A=1', 'B=2 3'], stdout: 'pipe' });
    expect(await readAll(e2.stdout)).toBe('A=1\nB=2 3\n');
    const echo = await spawn(k, guest('echo'), { args: ['echo', '--dir', 'x', ' spaced ', 'ünï'], stdout: 'pipe' });
    expect(await readAll(echo.stdout)).toBe('--dir x  spaced  ünï\n');
  });

  it('gives the guest an empty environment by default', async () => {
    const p = await spawn(k, guest('env'), { args: ['env'], stdout: 'pipe' });
    expect(await readAll(p.stdout)).toBe('');
  });

  it('sends "null" output to /dev/null and gives "null" stdin end of file at once', async () => {
    const p = await spawn(k, cat, { args: ['cat'], stdin: 'null', stdout: 'null' });
    expect(await exitWithin(p, 5000)).toEqual({ code: 0 });
    const wc = await spawn(k, guest('wc'), { args: ['wc', '-c'], stdin: 'null', stdout: 'pipe' });
    expect((await readAll(wc.stdout)).trim()).toBe('0');
  });

  it('reports exit codes: 0, 1, and whatever exit() was given', async () => {
    expect(await (await spawn(k, guest('true'), { stdout: 'null' })).exited).toEqual({ code: 0 });
    expect(await (await spawn(k, guest('false'), { stdout: 'null' })).exited).toEqual({ code: 1 });
  });

  it('delivers megabytes of output intact through a "pipe" (the guest waits while the pipe is full)', async () => {
    const big = new Uint8Array(3 << 20).map((_, i) => i % 251);
    const k2 = await createKernel({ files: { '/big': big }, bin: false });
    const p = await spawn(k2, cat, { args: ['cat', '/big'], stdout: 'pipe' });
    const out = new Uint8Array(await new Response(p.stdout).arrayBuffer());
    expect(await p.exited).toEqual({ code: 0 });
    expect(out.length).toBe(big.length);
    expect(out.every((b, i) => b === i % 251)).toBe(true);
  });

  it('runs many processes at once, each with its own stdio; kernel.wait() waits for all', async () => {
    const ps = await Promise.all(Array.from({ length: 8 }, (_, i) => spawn(k, cat, { args: ['cat'], stdin: `proc ${i}\n`, stdout: 'pipe' })));
    const outs = ps.map((p) => readAll(p.stdout));
    await k.wait();
    expect(k.stats().running).toBe(0);
    expect(await Promise.all(outs)).toEqual(ps.map((_, i) => `proc ${i}\n`));
    for (const p of ps) expect(await p.exited).toEqual({ code: 0 });
  });

  it('keeps kernels apart: each has its own in-memory file system', async () => {
    const other = await createKernel({ files: { '/only-here': 'x' }, bin: false });
    const here = await spawn(other, cat, { args: ['cat', '/only-here'], stdout: 'pipe' });
    expect(await readAll(here.stdout)).toBe('x');
    const there = await spawn(k, cat, { args: ['cat', '/only-here'], stdout: 'null', stderr: 'pipe' });
    expect(await readAll(there.stderr)).toMatch(/No such file/);
  });

  it('accepts a compiled WebAssembly.Module as well as bytes', async () => {
    const module = await WebAssembly.compile(cat);
    const p = await spawn(k, module, { args: ['cat', '/etc/motd'], stdout: 'pipe' });
    expect(await readAll(p.stdout)).toBe('welcome\n');
  });
});

const EXIT_WITH_C = '#include <stdlib.h>\nint main(int argc, char **argv) { exit(atoi(argv[1])); }\n';
// Says it is running, then spins in guest code without another syscall.
const SPIN_C = '#include <unistd.h>\nint main(void) { write(1, "spinning\\n", 9); for (;;); }\n';

/** Spawns the SPIN_C guest and resolves once it is spinning in guest code. */
async function spawnSpinning(k: Kernel, spin: Uint8Array): Promise<Process> {
  const p = await spawn(k, spin, { args: ['spin'], stdout: 'pipe' });
  const reader = p.stdout!.getReader();
  const first = await reader.read();
  expect(dec.decode(first.value)).toBe('spinning\n');
  // Drain the rest (there is none), so the stream ends with the process.
  void (async () => {
    while (!(await reader.read()).done);
  })();
  // The host sees the output before write() has returned to the guest: give it time to get
  // back into its loop, so that a kill finds it in guest code.
  await sleep(50);
  return p;
}

describe.skipIf(clangMissing)(needsClang('kernel.spawn with C guests'), () => {
  let k: Kernel;
  let exitWith: Uint8Array;
  let spin: Uint8Array;
  let trap: Uint8Array;
  beforeAll(async () => {
    k = await createKernel();
    exitWith = compileCBytes(EXIT_WITH_C);
    spin = compileCBytes(SPIN_C);
    trap = compileCBytes('int main(void) { __builtin_trap(); }\n');
  });

  it('reports exit(n) as code n (modulo 256, like a wait status)', async () => {
    for (const [n, code] of [[3, 3], [42, 42], [255, 255], [256, 0], [257, 1]] as const) {
      const p = await spawn(k, exitWith, { args: ['exit', String(n)] });
      expect(await p.exited, `exit(${n})`).toEqual({ code });
    }
  });

  it('reports a trap as SIGABRT (code 134) and the kernel keeps working', async () => {
    const p = await spawn(k, trap, { args: ['trap'], stderr: 'null' });
    expect(await p.exited).toEqual({ code: 134, signal: 6 });
    const again = await spawn(k, cat, { args: ['cat'], stdin: 'still alive', stdout: 'pipe' });
    expect(await readAll(again.stdout)).toBe('still alive');
  });

  // The line goes to the guest's own fd 2, as a shell's "Aborted" would.
  it('writes the line naming the trap to the stderr the caller chose', async () => {
    const p = await spawn(k, trap, { args: ['trap'], stderr: 'pipe' });
    const [err] = await Promise.all([readAll(p.stderr), p.exited]);
    expect(err).toBe('cove: trap: wasm trap: unreachable\n');
  });

  it('kill(9) ends a guest spinning in guest code: signal 9, code 137', async () => {
    const p = await spawnSpinning(k, spin);
    p.kill(9);
    expect(await exitWithin(p, 5000)).toEqual({ code: 137, signal: 9 });
  });

  it('kill(9) right after spawn is not lost, even before the guest runs', async () => {
    const p = await spawn(k, spin, { args: ['spin'], stdout: 'null' });
    p.kill(9);
    expect(await exitWithin(p, 5000)).toEqual({ code: 137, signal: 9 });
  });

  it('kill(9) ends a guest blocked reading a "pipe" stdin', async () => {
    const p = await spawn(k, cat, { args: ['cat'], stdin: 'pipe', stdout: 'pipe' });
    const reader = p.stdout!.getReader();
    const w = p.stdin!.getWriter();
    await w.write(new TextEncoder().encode('partial'));
    // cat has echoed what it got, so it is now blocked in the next read.
    expect(dec.decode((await reader.read()).value)).toBe('partial');
    p.kill(9);
    expect(await exitWithin(p, 5000)).toEqual({ code: 137, signal: 9 });
    expect(await reader.read()).toEqual({ done: true, value: undefined });
    // The guest is gone: writing to its stdin fails rather than hanging.
    await expect(w.write(new TextEncoder().encode('more'))).rejects.toThrow(/closed|EPIPE/);
  });

  it('kill(9) ends a guest blocked writing to a full "pipe" nobody reads', async () => {
    const k2 = await createKernel({ files: { '/big': new Uint8Array(1 << 20) }, bin: false });
    const p = await spawn(k2, cat, { args: ['cat', '/big'], stdout: 'pipe' });
    await sleep(200);
    p.kill(9);
    expect(await exitWithin(p, 5000)).toEqual({ code: 137, signal: 9 });
    await p.stdout!.cancel();
  });

  it('kill() without a signal sends SIGTERM, whose default action ends the guest (code 143)', async () => {
    const p = await spawnSpinning(k, spin);
    p.kill();
    expect(await exitWithin(p, 5000)).toEqual({ code: 143, signal: 15 });
  });

  it('kill() after exit does nothing', async () => {
    const p = await spawn(k, guest('true'));
    expect(await p.exited).toEqual({ code: 0 });
    p.kill(9);
    expect(await p.exited).toEqual({ code: 0 });
  });
});

describe('stdin "inherit" (the default): the host process\'s own stdin', () => {
  /** Runs guests one after the other, with default stdio, in a Node process of their own. */
  function runInNode(guests: string[], input: string) {
    const dir = makeTempDir('cove-inherit-');
    const script = join(dir, 'run.mjs');
    writeFileSync(
      script,
      `import { createKernel } from ${JSON.stringify(pathToFileURL(distIndex).href)};
       import { readFileSync } from 'node:fs';
       const k = await createKernel({ bin: false });
       for (const g of process.argv.slice(2)) {
         const p = await k.spawn(readFileSync(g), { args: ['guest'] });
         await p.exited;
       }
       // No process.exit: Node must find nothing left to wait for.
      `,
    );
    const r = spawnSync(process.execPath, [script, ...guests.map(guestPath)], { input, encoding: 'utf8', timeout: 15_000 });
    return { code: r.status, stdout: r.stdout, stderr: r.stderr, timedOut: r.error !== undefined };
  }

  it("gives a guest the host's stdin and output, and lets Node exit afterwards", () => {
    expect(runInNode(['cat'], 'typed\n')).toEqual({ code: 0, stdout: 'typed\n', stderr: '', timedOut: false });
  });

  // Inherited stdin is one channel for the whole kernel, like a terminal.
  it('leaves input a guest did not read to the next guest', () => {
    expect(runInNode(['hello', 'cat'], 'typed\n').stdout).toBe('hello, world\ntyped\n');
  });
});

describe.skipIf(clangMissing)(needsClang('kernel.stats(): nothing leaks across spawn/exit cycles'), () => {
  const LEAK_FIELDS = ['openFiles', 'channels', 'threads', 'processes', 'observers', 'heapBytes', 'inodes'] as const;
  const pick = (s: Record<string, number>) => Object.fromEntries(LEAK_FIELDS.map((f) => [f, s[f]]));
  let fsops: Uint8Array;
  let spin: Uint8Array;
  let host: string;
  beforeAll(() => {
    fsops = compileCBytes(helperSource('fsops'));
    spin = compileCBytes(SPIN_C);
    host = makeTempDir('cove-leak-');
    writeFileSync(join(host, 'h.txt'), 'host file\n');
  });

  /**
   * One warm-up run (a directory keeps the capacity its entries grew to), then the
   * baseline, then three more runs: every counter must be back at the baseline.
   */
  async function expectNoLeak(life: (k: Kernel) => Promise<void>): Promise<void> {
    const k = await createKernel({ files: { '/f.txt': 'memfs file\n' }, mounts: [{ guest: '/host', host }], bin: false });
    const settle = () => sleep(5); // host-side clean-up of a stream may finish a tick after exit
    await life(k);
    await settle();
    const baseline = pick(k.stats());
    for (let i = 0; i < 3; i++) {
      await life(k);
      await settle();
      expect(pick(k.stats()), `after run ${i + 1}`).toEqual(baseline);
    }
    expect(k.stats().running).toBe(0);
  }

  it('files opened on both file systems and left open at exit; stdout to a callback', () =>
    expectNoLeak(async (k) => {
      const p = await spawn(k, fsops, { args: ['fsops', 'cat', '/f.txt', 'cat', '/host/h.txt', 'ls', '/host'], stdout: () => {} });
      await p.exited;
    }));

  it('"pipe" stdout and stderr read to the end; stdin a string', () =>
    expectNoLeak(async (k) => {
      const p = await spawn(k, cat, { args: ['cat', '-', '/missing'], stdin: 'abc', stdout: 'pipe', stderr: 'pipe' });
      await Promise.all([readAll(p.stdout), readAll(p.stderr), p.exited]);
    }));

  it('"pipe" stdin written and closed', () =>
    expectNoLeak(async (k) => {
      const p = await spawn(k, cat, { args: ['cat'], stdin: 'pipe', stdout: 'null' });
      const w = p.stdin!.getWriter();
      await w.write(new Uint8Array(10_000));
      await w.close();
      await p.exited;
    }));

  it('"pipe" stdin the caller never closes, of a process that exits without reading it', () =>
    expectNoLeak(async (k) => {
      const p = await spawn(k, guest('true'), { stdin: 'pipe', stdout: 'null' });
      await p.exited;
    }));

  it('"pipe" stdout the caller cancels instead of reading', () =>
    expectNoLeak(async (k) => {
      const p = await spawn(k, cat, { args: ['cat', '/f.txt'], stdout: 'pipe' });
      await p.exited;
      await p.stdout!.cancel();
    }));

  it('temporary files and symlinks created and removed', () =>
    expectNoLeak(async (k) => {
      const ops = ['write', '/tmp/x', 'data', 'symlink', 'x', '/tmp/l', 'mkdir', '/tmp/d', 'unlink', '/tmp/x', 'unlink', '/tmp/l', 'rmdir', '/tmp/d'];
      const p = await spawn(k, fsops, { args: ['fsops', ...ops], stdout: 'null' });
      await p.exited;
    }));

  it('a trap', () =>
    expectNoLeak(async (k) => {
      const p = await spawn(k, compileCBytes('int main(void) { __builtin_trap(); }\n'), { stderr: 'null' });
      await p.exited;
    }));

  it('killed while blocked in the kernel', () =>
    expectNoLeak(async (k) => {
      const p = await spawn(k, cat, { args: ['cat'], stdin: 'pipe', stdout: 'pipe' });
      const out = readAll(p.stdout);
      await sleep(30);
      p.kill(9);
      await Promise.all([p.exited, out]);
    }));

  // The terminated worker's scratch buffer is found through its thread record (T_SCRATCH).
  it('killed while running guest code', () =>
    expectNoLeak(async (k) => {
      const p = await spawnSpinning(k, spin);
      p.kill(9);
      await p.exited;
    }));
});

describe.skipIf(clangMissing)(needsClang('WASI: the node:wasi drop-in'), () => {
  let fsops: WebAssembly.Module;
  let exitWith: WebAssembly.Module;
  beforeAll(() => {
    fsops = new WebAssembly.Module(compileCBytes(helperSource('fsops')));
    exitWith = new WebAssembly.Module(compileCBytes(EXIT_WITH_C));
  });

  /** Runs the guest with stdout going to a host file; returns the exit code and what it wrote. */
  async function runWasi(module: WebAssembly.Module, opts: ConstructorParameters<typeof WASI>[0]): Promise<{ code: number; stdout: string }> {
    const dir = makeTempDir('cove-wasi-out-');
    const outFile = join(dir, 'stdout');
    const fd = openSync(outFile, 'w');
    try {
      const wasi = new WASI({ ...opts, stdout: fd });
      const instance = await WebAssembly.instantiate(module, wasi.getImportObject());
      const code = wasi.start(instance);
      return { code, stdout: readFileSync(outFile, 'utf8') };
    } finally {
      closeSync(fd);
    }
  }

  it('runs a guest the node:wasi way: preopens, args; start() returns the exit code', async () => {
    const sandbox = makeTempDir('cove-wasi-');
    writeFileSync(join(sandbox, 'in.txt'), 'host data\n');
    const r = await runWasi(fsops, {
      version: 'preview1',
      args: ['fsops', 'cat', '/sandbox/in.txt', 'write', '/sandbox/out.txt', 'from guest', 'cat', '/sandbox/../in.txt'],
      env: { A: '1' },
      preopens: { '/sandbox': sandbox },
    });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('cat /sandbox/in.txt\thost data\\n\nwrite /sandbox/out.txt from guest\tOK\ncat /sandbox/../in.txt\tEPERM\n');
    expect(readFileSync(join(sandbox, 'out.txt'), 'utf8')).toBe('from guest');
    expect(readdirSync(sandbox).sort()).toEqual(['in.txt', 'out.txt']);
  });

  it('returns the guest exit code from start()', async () => {
    expect((await runWasi(exitWith, { version: 'preview1', args: ['exit', '7'] })).code).toBe(7);
    expect((await runWasi(exitWith, { version: 'preview1', args: ['exit', '0'] })).code).toBe(0);
  });

  it('passes env to the guest', async () => {
    const env = new WebAssembly.Module(guest('env'));
    const r = await runWasi(env, { version: 'preview1', args: ['env'], env: { K: 'v', L: 'w x' } });
    expect(r).toEqual({ code: 0, stdout: 'K=v\nL=w x\n' });
  });

  it('maps preopens { "/": dir } to the guest\'s root, like node:wasi', async () => {
    const sandbox = makeTempDir('cove-wasi-root-');
    writeFileSync(join(sandbox, 'in.txt'), 'at the root\n');
    const r = await runWasi(fsops, { version: 'preview1', args: ['fsops', 'cat', '/in.txt'], preopens: { '/': sandbox } });
    expect(r).toEqual({ code: 0, stdout: 'cat /in.txt\tat the root\\n\n' });
  });

  it('rejects a missing version, and a second start()', async () => {
    expect(() => new WASI({} as never)).toThrow(/version/);
    const wasi = new WASI({ version: 'preview1', args: ['exit', '0'] });
    const instance = await WebAssembly.instantiate(exitWith, wasi.getImportObject());
    wasi.start(instance);
    expect(() => wasi.start(instance)).toThrow(/already/);
  });
});
