// The C guests, compiled natively with gcc, must behave like GNU coreutils on this machine:
// same stdout, same exit status, same error message. This validates the guests themselves;
// running the .wasm builds under Cove is tested with the kernel.

import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { getFixtures } from './fixtures.js';
import { buildNative, removeTempDirs, run, runCoreutils, runNative, type RunOptions, type RunResult, tempDir } from './util.js';

afterAll(removeTempDirs);

const fx = getFixtures();

/** coreutils add "Try 'x --help' for more information." to usage errors; our guests don't. */
function withoutHint(stderr: string): string {
  return stderr.replace(/^Try '.*--help' for more information\.\n/m, '');
}

function expectSameAsCoreutils(name: string, args: readonly string[], opts: RunOptions = {}): RunResult {
  const expected = runCoreutils(name, args, opts);
  const actual = runNative(name, args, opts);
  expect(actual.stdout).toBe(expected.stdout);
  expect(actual.stderr).toBe(withoutHint(expected.stderr));
  expect(actual.status).toBe(expected.status);
  return actual;
}

describe('hello, true, false', () => {
  it('hello greets', () => {
    expect(runNative('hello', [])).toEqual({ stdout: 'hello, world\n', stderr: '', status: 0 });
  });
  it.each([[[]], [['x', '-y']]])('true/false %j', (args) => {
    expectSameAsCoreutils('true', args);
    expectSameAsCoreutils('false', args);
    expect(runNative('false', args).status).toBe(1);
  });
});

describe('echo', () => {
  it.each([
    [['hello', 'world']],
    [[]],
    [['-n', 'no newline']],
    [['-n']],
    [['-e', 'a\\tb\\nc\\\\d']],
    [['-e', '\\x41\\x4a\\0101\\101\\0\\e[0m|\\a\\b\\f\\r\\v']],
    [['-e', 'stop\\chere', 'never']],
    [['-E', 'raw\\n']],
    [['-neE', 'x']],
    [['-', '--', '-x', '-nx', '-e']],
    [['-e', 'trailing\\']],
    [['-e', 'unknown \\q and \\x and \\0']],
  ])('%j', (args) => {
    expectSameAsCoreutils('echo', args);
  });
});

describe('cat', () => {
  it.each([
    [[fx.text]],
    [[fx.text, fx.partial, fx.empty, fx.lines]],
    [['-u', fx.partial]],
    [['--', fx.partial]],
    [[fx.missing]],
    [[fx.partial, fx.missing, fx.text]],
    [[fx.tree]],
    [['-z']],
  ])('%j', (args) => {
    expectSameAsCoreutils('cat', args);
  });
  it('reads stdin when given no file or "-"', () => {
    expectSameAsCoreutils('cat', [], { input: 'from stdin\n' });
    expectSameAsCoreutils('cat', [fx.partial, '-', fx.partial], { input: 'middle\n' });
  });
});

describe('wc', () => {
  it.each([
    [[fx.text]],
    [['-l', fx.text]],
    [['-w', fx.text]],
    [['-c', fx.text]],
    [['-lw', fx.text]],
    [['-c', '-l', fx.lines]],
    [[fx.text, fx.lines, fx.partial, fx.empty]],
    [['-l', fx.lines, fx.partial]],
    [[fx.empty]],
    [[fx.missing]],
    [['-c', fx.text, fx.missing]],
    [[fx.missing, fx.lines]],
    [[fx.tree, fx.text]],
    [['-q']],
  ])('%j', (args) => {
    expectSameAsCoreutils('wc', args);
  });
  it('counts a pipe on stdin (width 7) and a file on stdin (width from its size)', () => {
    const input = readFileSync(fx.lines);
    expectSameAsCoreutils('wc', [], { input });
    expectSameAsCoreutils('wc', ['-l'], { input });
    expectSameAsCoreutils('wc', ['-', fx.partial], { input });
    expectSameAsCoreutils('wc', [], { stdinFile: fx.lines });
    expectSameAsCoreutils('wc', ['-w', '-'], { stdinFile: fx.text });
  });
  it('counts the fixtures right (so the comparisons above compare something)', () => {
    expect(runNative('wc', [fx.lines, fx.partial]).stdout).toBe(
      ` 100  595 2767 ${fx.lines}\n   2    7   34 ${fx.partial}\n 102  602 2801 total\n`,
    );
  });
  it('counts words across buffer boundaries', () => {
    const input = 'word '.repeat(40_000) + 'x'.repeat(70_000) + ' tail\n';
    expect(expectSameAsCoreutils('wc', [], { input }).stdout).toBe('      1   40002  270006\n');
  });
});

describe('head', () => {
  it.each([
    [[fx.lines]],
    [['-n', '5', fx.lines]],
    [['-n5', fx.lines]],
    [['-5', fx.lines]],
    [['-n', '+3', fx.lines]],
    [['-n', '0', fx.lines]],
    [['-n', '1000', fx.lines]],
    [['-c', '17', fx.lines]],
    [['-c17', fx.text]],
    [['-n', '-3', fx.lines]],
    [['-n', '-1', fx.partial]],
    [['-n', '-100', fx.lines]],
    [['-c', '-10', fx.lines]],
    [[fx.partial, '-n', '2']],
    [['-n', '3', fx.lines, fx.text, fx.partial]],
    [['-n', 'abc', fx.lines]],
    [['-c', '1x', fx.lines]],
    [[fx.missing, fx.partial]],
    [['-Q']],
  ])('%j', (args) => {
    expectSameAsCoreutils('head', args);
  });
  it('reads stdin, with a "standard input" header among several inputs', () => {
    const input = readFileSync(fx.lines);
    expectSameAsCoreutils('head', ['-n', '3'], { input });
    expectSameAsCoreutils('head', ['-n', '-97'], { input });
    expectSameAsCoreutils('head', ['-n', '2', fx.partial, '-'], { input });
  });
  it('stops reading at the limit (yes | head ends)', () => {
    const r = run('/bin/sh', ['-c', '"$0" y | "$1" -n 3', '/usr/bin/yes', buildNative('head')]);
    expect(r).toEqual({ stdout: 'y\ny\ny\n', stderr: '', status: 0 });
  });
});

describe('tail', () => {
  it.each([
    [[fx.lines]],
    [['-n', '5', fx.lines]],
    [['-n5', fx.lines]],
    [['-3', fx.lines]],
    [['-n', '+95', fx.lines]],
    [['-n', '+0', fx.partial]],
    [['-n', '0', fx.lines]],
    [['-n', '1000', fx.lines]],
    [['-n', '1', fx.partial]],
    [['-n', '2', fx.partial]],
    [['-c', '17', fx.lines]],
    [['-c', '+500', fx.lines]],
    [['-c', '0', fx.lines]],
    [['-c', '100000', fx.text]],
    [['-n', '2', fx.lines, fx.empty, fx.partial]],
    [['-n', 'x', fx.lines]],
    [[fx.missing, fx.partial]],
    [['-Q']],
  ])('%j', (args) => {
    expectSameAsCoreutils('tail', args);
  });
  it('reads stdin', () => {
    const input = readFileSync(fx.lines);
    expectSameAsCoreutils('tail', ['-n', '3'], { input });
    expectSameAsCoreutils('tail', ['-c', '+5'], { input: 'abcdefgh' });
    expectSameAsCoreutils('tail', ['-n', '1', '-', fx.partial], { input });
    expectSameAsCoreutils('tail', [], { input: '' });
  });
});

describe('sort', () => {
  it.each([
    [[fx.words]],
    [['-r', fx.words]],
    [['-u', fx.words]],
    [['-ru', fx.words]],
    [['-n', fx.numbers]],
    [['-rn', fx.numbers]],
    [['-nu', fx.numbers]],
    [['-n', '-r', '-u', fx.numbers]],
    [[fx.numbers, fx.words, fx.partial]],
    [['-n', fx.lines, fx.text]],
    [[fx.text]],
    [[fx.empty]],
    [[fx.missing]],
    [['-x', fx.words]],
  ])('%j', (args) => {
    expectSameAsCoreutils('sort', args);
  });
  it('reads stdin', () => {
    expectSameAsCoreutils('sort', [], { input: 'b\na\nc' });
    expectSameAsCoreutils('sort', ['-n', '-', fx.numbers], { input: '10\n9\n-1\n' });
  });
  it('sorts more input than fits in 64 KiB', () => {
    const input = Array.from({ length: 20_000 }, (_, i) => `${(i * 7919) % 20_000} item`).join('\n');
    const r = expectSameAsCoreutils('sort', ['-n'], { input });
    expect(r.stdout.startsWith('0 item\n1 item\n2 item\n')).toBe(true);
  });
});

describe('ls', () => {
  const opts: RunOptions = { cwd: fx.tree };
  it.each([
    [[]],
    [['-a']],
    [['-1']],
    [['-l']],
    [['-la']],
    [['-a', '-l', '-1']],
    [['sub']],
    [['-l', 'sub']],
    [['a.txt', 'sub', 'B.txt']],
    [['-l', 'sub', 'a.txt', 'sticky', 'link']],
    [['sub', 'sticky']],
    [['link', 'dangling']],
    [['-l', 'link', 'dangling']],
    [['does-not-exist']],
    [['does-not-exist', 'sub']],
    [['does-not-exist', 'a.txt']],
    [['.', 'sub']],
    [['-j']],
  ])('%j', (args) => {
    expectSameAsCoreutils('ls', args, opts);
  });
  it('lists an absolute path', () => {
    expectSameAsCoreutils('ls', ['-l', fx.tree]);
  });
  it('shows every mode, date and link form the fixtures were made to cover', () => {
    const out = runNative('ls', ['-la'], opts).stdout;
    for (const expected of [/^total \d+$/m, /^-rwsr-xr-x 1 root root +\d+ .* run\.sh$/m, /^drwxrwxrwt .* sticky$/m,
      /^-rw------- .* Jan  1  2099 private$/m, /^-rw-r--r-- .* 5000 Feb  3  2001 B\.txt$/m,
      /^lrwxrwxrwx .* link -> a\.txt$/m, /^lrwxrwxrwx .* dangling -> nowhere$/m, / \d\d:\d\d \.hidden$/m, / \.\.$/m]) {
      expect(out).toMatch(expected);
    }
  });
});

describe('tee', () => {
  /** Run tee in a fresh dir; returns its result and the files it wrote. */
  function teeIn(program: 'native' | 'coreutils', args: string[], input: string) {
    const dir = tempDir('cove-tee-');
    writeFileSync(join(dir, 'existing'), 'old contents\n');
    const r = program === 'native' ? runNative('tee', args, { cwd: dir, input }) : runCoreutils('tee', args, { cwd: dir, input });
    const files = args.filter((a) => !a.startsWith('-') || a === '-').map((a) => {
      const path = join(dir, a);
      return existsSync(path) ? readFileSync(path, 'latin1') : null;
    });
    return { ...r, files };
  }
  it.each([
    [['out1', 'out2']],
    [['existing']],
    [['-a', 'existing', 'new']],
    [[]],
    [['missing-dir/x', 'ok']],
    [['-z']],
  ])('%j', (args) => {
    const input = 'line one\nline two\n';
    const expected = teeIn('coreutils', args, input);
    expect(teeIn('native', args, input)).toEqual({ ...expected, stderr: withoutHint(expected.stderr) });
  });
  it('copies more than one buffer', () => {
    const dir = tempDir('cove-tee-');
    mkdirSync(join(dir, 'd'));
    const input = 'abcdefghij'.repeat(20_000);
    const r = runNative('tee', ['d/copy'], { cwd: dir, input });
    expect(r.stdout).toBe(input);
    expect(readFileSync(join(dir, 'd', 'copy'), 'latin1')).toBe(input);
  });
});

describe('yes', () => {
  it.each([[[]], [['a', 'b c']], [['--']], [['x'.repeat(20_000)]]])('%j | head', (args) => {
    const pipeline = (yes: string) => run('/bin/sh', ['-c', '"$0" "$@" | head -n 3', yes, ...args]);
    const expected = pipeline('/usr/bin/yes');
    expect(pipeline(buildNative('yes'))).toEqual(expected);
    expect(expected.stdout.split('\n')).toHaveLength(4);
  });
});

describe('env', () => {
  it.each([
    [[]],
    [['-i']],
    [['-']],
    [['-i', 'A=1', 'B=x=y', 'A=2']],
    [['-u', 'TZ']],
    [['-uTZ', 'NEW=1']],
    [['-u', 'TZ', '-u', 'PATH', '-u', 'UNSET']],
    [['-u']],
    [['-x']],
  ])('%j', (args) => {
    expectSameAsCoreutils('env', args);
  });
  it('refuses to run a command, for now', () => {
    expect(runNative('env', ['-i', 'A=1', 'true'])).toEqual({
      stdout: '',
      stderr: "env: cannot run 'true': running commands is not supported yet\n",
      status: 125,
    });
  });
});

describe('sleep', () => {
  function timed(args: string[]): { result: RunResult; seconds: number } {
    const start = process.hrtime.bigint();
    const result = runNative('sleep', args);
    return { result, seconds: Number(process.hrtime.bigint() - start) / 1e9 };
  }
  it('sleeps for the sum of its intervals', () => {
    const { result, seconds } = timed(['0.2', '0.1s', '0.001m']);
    expect(result).toEqual({ stdout: '', stderr: '', status: 0 });
    expect(seconds).toBeGreaterThanOrEqual(0.36);
    expect(seconds).toBeLessThan(5);
  });
  it('returns at once for 0', () => {
    expect(timed(['0']).seconds).toBeLessThan(2);
  });
  it.each([[['abc']], [['1x']], [['-1']], [[]], [['--', 'nan']]])('rejects %j like GNU', (args) => {
    expectSameAsCoreutils('sleep', args);
  });
});
