// The committed guests/bin/*.wasm must behave like the native builds of the same sources.
// They run here under Node's node:wasi, an independent WASI implementation, so a failure
// points at the wasm build (wasi-libc, the 64 KiB stack, cove cc's flags), not at Cove.
// Where WASI preview1 cannot express something (file modes and owners for ls -l) or
// node:wasi leaves it out ("." and ".." in fd_readdir), the case is skipped here.

import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getFixtures } from './fixtures.js';
import { removeTempDirs, run, runNative, type RunOptions, runWasm, tempDir, testEnv, wasiCommand } from './util.js';

afterAll(removeTempDirs);

const fx = getFixtures();

function expectSameAsNative(name: string, args: readonly string[], opts: RunOptions = {}): void {
  const expected = runNative(name, args, opts);
  expect(runWasm(name, args, opts)).toEqual(expected);
}

describe('C guests under node:wasi', () => {
  it('hello, true, false', () => {
    expect(runWasm('hello', [])).toEqual({ stdout: 'hello, world\n', stderr: '', status: 0 });
    expect(runWasm('true', ['ignored']).status).toBe(0);
    expect(runWasm('false', []).status).toBe(1);
  });

  it.each([
    ['echo', ['-n', 'a', 'b']],
    ['echo', ['-e', 'x\\ty\\0101\\x42\\c', 'gone']],
    ['cat', [fx.text, fx.partial, fx.empty]],
    ['cat', [fx.partial, fx.missing]],
    ['wc', [fx.text, fx.lines, fx.partial]],
    ['wc', ['-lw', fx.lines, fx.missing]],
    ['head', ['-n', '3', fx.lines, fx.partial]],
    ['head', ['-c', '-20', fx.lines]],
    ['head', ['-n', 'bad', fx.lines]],
    ['tail', ['-n', '4', fx.lines]],
    ['tail', ['-n', '+98', fx.lines, fx.partial]],
    ['tail', ['-c', '7', fx.partial]],
    ['sort', [fx.words]],
    ['sort', ['-rn', fx.numbers]],
    ['sort', ['-nu', fx.numbers, fx.words]],
    ['sort', [fx.missing]],
    ['ls', [fx.tree]],
    ['ls', [join(fx.tree, 'sub'), join(fx.tree, 'a.txt'), fx.missing]],
    ['env', ['-i', 'A=1', 'B=2']],
    ['env', ['-u', 'TZ']],
    ['env', ['-i', 'x=1', 'cmd']],
    ['sleep', ['nope']],
  ] as const)('%s %j', (name, args) => {
    expectSameAsNative(name, args);
  });

  it('reads stdin', () => {
    const input = readFileSync(fx.lines);
    expectSameAsNative('cat', ['-'], { input: 'piped\n' });
    expectSameAsNative('wc', [], { input });
    expectSameAsNative('head', ['-n', '2'], { input });
    expectSameAsNative('tail', ['-n', '2'], { input });
    expectSameAsNative('sort', ['-r'], { input });
  });

  it('handles more data than its 64 KiB stack (static and heap buffers)', () => {
    const input = Array.from({ length: 30_000 }, (_, i) => `${(i * 7919) % 30_000}`).join('\n');
    expectSameAsNative('sort', ['-n'], { input });
    expectSameAsNative('tail', ['-n', '5'], { input });
    expectSameAsNative('wc', [], { input });
  });

  it('tee writes stdout and files', () => {
    const dir = tempDir('cove-wasm-tee-');
    writeFileSync(join(dir, 'old'), 'old\n');
    const r = runWasm('tee', ['-a', join(dir, 'old'), join(dir, 'new')], { input: 'data\n' });
    expect(r).toEqual({ stdout: 'data\n', stderr: '', status: 0 });
    expect(readFileSync(join(dir, 'old'), 'utf8')).toBe('old\ndata\n');
    expect(readFileSync(join(dir, 'new'), 'utf8')).toBe('data\n');
  });

  it('yes feeds a pipe until the reader leaves', () => {
    const r = run('/bin/sh', ['-c', '"$@" a b | head -n 2', 'sh', ...wasiCommand('yes')]);
    expect(r.stdout).toBe('a b\na b\n');
    expect(r.status).toBe(0);
  });

  it('sleep sleeps', () => {
    const start = process.hrtime.bigint();
    expect(runWasm('sleep', ['0.3'])).toEqual({ stdout: '', stderr: '', status: 0 });
    expect(Number(process.hrtime.bigint() - start) / 1e9).toBeGreaterThanOrEqual(0.3);
  });
});

describe('AssemblyScript guest under node:wasi', () => {
  it('prints its greeting, arguments and $GREETING, and exits with the code it was given', () => {
    const r = runWasm('hello-as', ['7', 'two words'], { env: { ...testEnv, GREETING: 'hi there' } });
    expect(r).toEqual({
      stdout:
        'hello from AssemblyScript\nargc=3\nargv[0]=hello-as\nargv[1]=7\nargv[2]=two words\nGREETING=hi there\n',
      stderr: '',
      status: 7,
    });
  });
  it('exits 0 with no arguments and reports an unset $GREETING', () => {
    const r = runWasm('hello-as', []);
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('GREETING=(unset)\n');
  });
  it('rejects a bad exit code with one line and status 2', () => {
    const r = runWasm('hello-as', ['300']);
    expect(r.stderr).toBe("hello-as: invalid exit code '300' (expected 0-255)\n");
    expect(r.status).toBe(2);
  });
});
