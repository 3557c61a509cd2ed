// Cove's shell (guests/src/sh.c, /bin/sh in Cove) against the host's /bin/sh (dash on
// Debian): the same command strings, the same stdout and exit status, and the same
// stderr where the message is the shell's own. The native build of sh.c runs the same
// cases on Linux, which separates shell bugs from kernel bugs.
//
// Commands come from the guests (echo, cat, wc, head, yes in Cove's /bin; coreutils on
// the host) and from small test programs (./c: args, getenv, selfkill, fdwrite,
// readline) built natively and with `cove cc`; the Cove builds are mounted where the
// native ones are, so every path is the same in all three runs. $0 is "sh" everywhere
// (sh -c 'script' sh), so messages match ("sh: 1: ...").

import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCliAsync } from '../helpers/cli.js';
import { guestPath } from '../helpers/paths.js';
import { makeTempDir, removeTempDirs } from '../helpers/tmp.js';
import { buildNative } from '../guests/util.js';
import { buildPrograms, type ProgramSet } from '../process/programs.js';

afterAll(removeTempDirs);

let progs: ProgramSet;
let nativeSh: string;
let scratch: string; // HOME, and where files are made
const sh = guestPath('sh');

beforeAll(() => {
  progs = buildPrograms(fileURLToPath(new URL('./c/', import.meta.url)));
  nativeSh = buildNative('sh');
  scratch = makeTempDir('cove-sh-');
  mkdirSync(join(scratch, 'sub', 'deep'), { recursive: true });
  writeFileSync(join(scratch, 'data.txt'), 'alpha\nbeta\ngamma\n');
  writeFileSync(join(scratch, 'script.sh'), '# a script\necho "script $0 has $# args: $*"\nargs "$@"\nexit 5\n');
  writeFileSync(join(scratch, 'exec.sh'), 'echo "run as a command: $1"\n');
  chmodSync(join(scratch, 'exec.sh'), 0o755);
});

interface Result {
  stdout: string;
  stderr: string;
  status: number | null;
}

function hostEnv(): NodeJS.ProcessEnv {
  return { PATH: `${progs.native}:/usr/bin:/bin`, HOME: scratch, LC_ALL: 'C' };
}

function runHost(shell: string, args: string[], input = ''): Result {
  const r = spawnSync(shell, args, { argv0: 'sh', cwd: '/', env: hostEnv(), input, timeout: 30_000, killSignal: 'SIGKILL' });
  if (r.error) throw r.error;
  return { stdout: r.stdout.toString(), stderr: r.stderr.toString(), status: r.status };
}

/** Cove's sh.wasm with the test programs first in PATH, then /bin. */
async function runCove(args: string[], input = ''): Promise<Result> {
  const r = await runCliAsync(
    [
      'run',
      '--dir', `${progs.wasm}::${progs.native}`,
      '--dir', `${scratch}::${scratch}`,
      '--env', `PATH=${progs.native}:/bin`,
      '--env', `HOME=${scratch}`,
      '/bin/sh', // Cove's own, from its namespace (so it also gets "/" preopened)
      ...args,
    ],
    { input, timeout: 120_000 },
  );
  return { stdout: r.stdout, stderr: r.stderr, status: r.code };
}

/** The script under dash, native sh.c and Cove's sh: same stdout and status (and stderr if asked). */
async function same(script: string, opts: { stderr?: boolean; input?: string; args?: string[] } = {}): Promise<Result> {
  const args = ['-c', script, 'sh', ...(opts.args ?? [])];
  const expected = runHost('/bin/sh', args, opts.input);
  const native = runHost(nativeSh, args, opts.input);
  const cove = await runCove(args, opts.input);
  for (const [who, r] of [['native sh.c', native], ['Cove', cove]] as const) {
    expect(r.stdout, `${who} stdout; stderr:\n${r.stderr}`).toBe(expected.stdout);
    expect(r.status, `${who} status; stderr:\n${r.stderr}`).toBe(expected.status);
    if (opts.stderr) expect(r.stderr, `${who} stderr`).toBe(expected.stderr);
  }
  return expected;
}

describe.concurrent('sh: commands and pipelines', { timeout: 180_000 }, () => {
  it.each([
    ['echo hello world'],
    ['args a "b c" d'],
    ['echo hello | cat'],
    ['echo a b c | wc -w'],
    ['echo deep' + ' | cat'.repeat(30)],
    ['yes | head -3'],
    ['yes | head -1; echo "status $?"'],
    ['args x | cat | cat; echo $?'],
    ['false | true; echo $?; true | false; echo $?'],
    ['! true; echo $?; ! false; echo $?; ! false | false; echo $?'],
    ['cat data.txt | head -2 | wc -l'],
  ])('%s', async (script) => {
    await same(`cd ${scratch} && ${script}`);
  });

  it('a pipeline of 60 commands', async () => {
    const r = await same('echo through' + ' | cat'.repeat(60));
    expect(r.stdout).toBe('through\n');
  });

  it('yes | head -1 ends with status 0 (yes dies of SIGPIPE, silently)', async () => {
    const r = await same('yes | head -1', { stderr: true });
    expect(r).toEqual({ stdout: 'y\n', stderr: '', status: 0 });
  });
});

describe.concurrent('sh: lists, exit statuses', { timeout: 180_000 }, () => {
  it.each([
    ['true && echo and; false && echo no; false || echo or; true || echo no; echo end'],
    ['false && echo a || echo b'],
    ['true || echo a && echo b'],
    ['false && echo a && echo b; echo $?'],
    ['echo one; echo two ; echo three;'],
    ['exit 3'],
    ['echo a; exit 4; echo b'],
    ['false; exit'],
    ['exit 300'],
    ['false; echo $?; true; echo $?'],
    ['echo a\necho b\n\n# a comment\necho c # trailing comment'],
    ['true &&\necho continued'],
    ['echo a |\ncat'],
    ['echo a\\\nb'],
    ['nosuchcommand; echo $?'],
    ['selfkill 15; echo $?'],
    ['selfkill 9; echo $?'],
    ['selfkill 13; echo $?'],
    ['selfkill 9 | cat; echo $?'],
  ])('%s', async (script) => {
    await same(script, { stderr: true });
  });

  it('killed by signal N is 128+N', async () => {
    const r = await same('selfkill 15; echo $?');
    expect(r.stdout).toBe('143\n');
  });
});

describe.concurrent('sh: redirections', { timeout: 180_000 }, () => {
  it.each([
    ['echo one > f1; echo two >> f1; cat < f1; cat f1 | wc -l'],
    ['args x > f2 2>&1; cat f2'],
    ['cat nonexistent-file 2>&1 | wc -l'],
    ['fdwrite 2 to-stdout 2>&1 >/dev/null'],
    ['fdwrite 2 nowhere >/dev/null 2>&1; echo $?'],
    ['fdwrite 9 nine 9>f9; cat f9'],
    ['fdwrite 9 via-stdout 9>&1'],
    ['fdwrite 1 to-stderr 1>&2 2>/dev/null; fdwrite 1 x >&2 2>&-'],
    ['fdwrite 1 closed >&-; echo $?'],
    ['cat 0<data.txt | wc -l; cat 5<data.txt <&5 | head -1'],
    ['cat 0<>data.txt | head -1'],
    ['echo clobber >| f4; cat f4'],
    ['> fempty; wc -c < fempty'],
    ['cat < /nonexistent; echo $?'],
    ['pwd > fp; cat fp'],
    ['echo a >f5 >f6; cat f5 f6 | wc -l'],
    ['fdwrite 7 x 7>&-; echo $?'],
    ['fdwrite 1 bad >&8; echo $?'],
  ])('%s', async (script) => {
    await same(`cd ${scratch} && ${script}`, { stderr: true });
  });
});

describe.concurrent('sh: variables and expansion', { timeout: 180_000 }, () => {
  it.each([
    ['X=1; echo $X ${X}y "$X" \'$X\''],
    ['X="a  b   c"; args $X "$X"'],
    ['args "$UNSET" $UNSET "" \'\' x""y'],
    ['X=a; X=$X$X; Y=$X-$X; echo $X $Y'],
    ['export E1=v1; E2=v2; getenv E1 E2; export E2; getenv E2'],
    ['E3=temp getenv E3; getenv E3'],
    ['X=outer; X=inner getenv X; echo $X'],
    ['args "${U:-default}" "${U-d2}" "${#U}" "${U:+alt}" ${U}'],
    ['X=val; args "${X:-default}" "${X-d2}" "${#X}" "${X:+alt}"'],
    ['X=; args "${X:-colon}" "${X-nocolon}" "${X:+alt}" "${X+set}"'],
    [': ${Y:=assigned}; echo $Y'],
    [': ${Q:=in-a-pipeline} | cat; echo "Q=$Q"'],
    ['IFS=:; X=a:b:c; args $X'],
    ['X="  lead trail  "; args $X'],
    ['args $$ | wc -l'],
    ['args ~ ~/x "~" a~'],
    ['unset HOME; cd; echo $?', { stderr: false }],
    ['X=1; unset X; args "${X-unset}"'],
  ] as Array<[string, { stderr?: boolean }?]>)('%s', async (script, opts) => {
    await same(script, { stderr: opts?.stderr ?? true });
  });

  it('$0, $#, $@, "$@", $*, "$*", shift', async () => {
    await same('args "$0" "$#"; args "$@"; args $@; args "$*"; args $*; shift; args "$@"; args "$1" "${2}"', {
      args: ['a b', 'c', ''],
    });
    await same('args "$@" "$#"');
  });
});

describe.concurrent('sh: quoting and comments', { timeout: 180_000 }, () => {
  it.each([
    ["args 'single $X \"q\"' \"double \\$X \\\"q\\\" \\\\ \\a\" back\\ slash \\$ a\\\\b"],
    ["args \"a'b\" 'a\"b' \"\" '' x\"\"y \"a\"'b'c"],
    ['args "multi\nline" \'also\nthis\''],
    ['echo a # b'],
    ['echo a#b'],
    ['# whole line\necho after'],
    ['args \\# "#" \'#\''],
    ['args a\\\\b "a\\\\b" \'a\\\\b\''],
    ['X=\'$HOME\'; args $X "$X"'],
  ])('%s', async (script) => {
    await same(script, { stderr: true });
  });
});

describe.concurrent('sh: builtins', { timeout: 180_000 }, () => {
  it('cd, pwd, PWD and OLDPWD, logical ..', async () => {
    await same(`cd ${scratch}/sub/deep; pwd; cd ..; pwd; cd ../sub/./deep/..; pwd; cd -; echo "$PWD $OLDPWD"; cd; pwd`);
  });
  it('children start in the working directory', async () => {
    await same(`cd ${scratch}; cat data.txt | head -1; cd sub; cat ../data.txt | wc -l; sh -c 'cat ../data.txt' | head -2`);
  });
  it('cd errors', async () => {
    await same('cd /nonexistent; echo $?; cd /nonexistent/x || echo failed', { stderr: true });
    await same(`cd ${scratch}/data.txt; echo $?`, { stderr: true });
  });
  it('cd in a pipeline does not change the shell', async () => {
    await same(`cd ${scratch}; cd sub | cat; pwd; exit 3 | cat; echo still here`);
  });
  it('builtins in pipelines are subshells: a closed pipe does not kill the shell', async () => {
    await same('pwd | true; export | true; cd / | true; echo survived');
  });
  it('exec replaces the shell', async () => {
    await same('exec args replaced; echo not reached');
    await same(`cd ${scratch}; exec > fexec; echo into the file; exec >&2; cat fexec`, { stderr: true });
  });
  it('export and unset reach the environment', async () => {
    await same('export A=1 B; B=2; getenv A B; unset A; getenv A; export C; getenv C');
  });
});

describe.concurrent('sh: commands by path, scripts, stdin', { timeout: 180_000 }, () => {
  it('a mounted program run by its path', async () => {
    await same(`${progs.native}/args by-path`);
  });
  it('a relative path', async () => {
    await same(`cd ${progs.native}; ./args relative`);
  });
  it('a text file run as a command is a script for sh', async () => {
    await same(`${scratch}/exec.sh arg1`);
  });
  it('sh script args: $0, $#, $@, exit status', async () => {
    const args = [join(scratch, 'script.sh'), 'x', 'y z'];
    const expected = runHost('/bin/sh', args);
    expect(expected.status).toBe(5);
    expect(runHost(nativeSh, args)).toEqual(expected);
    expect(await runCove(args)).toEqual(expected);
  });
  it('a missing script', async () => {
    const r = await runCove(['/nonexistent.sh']);
    expect(r.status).toBe(127);
    expect(r.stderr).toContain('cannot open /nonexistent.sh');
  });
  it('a directory as a command is not executable (126)', async () => {
    await same(`${scratch}; echo $?`, { stderr: true });
  });
  it('commands from stdin', async () => {
    const input = 'echo from stdin\nargs a "b c"\nexit 4\necho not reached\n';
    const expected = runHost('/bin/sh', [], input);
    expect(expected).toEqual({ stdout: 'from stdin\n[a]\n[b c]\n', stderr: '', status: 4 });
    expect(runHost(nativeSh, [], input)).toEqual(expected);
    expect(await runCove([], input)).toEqual(expected);
  });
  it('a command reading the same stdin gets the line after its own (POSIX; dash reads ahead)', async () => {
    const input = 'readline\nthis line is data\necho after\n';
    const want = { stdout: '[this line is data]\nafter\n', stderr: '', status: 0 };
    expect(runHost(nativeSh, [], input)).toEqual(want);
    expect(await runCove([], input)).toEqual(want);
  });
  it('stdin script: a command split over lines and an unterminated quote', async () => {
    const input = 'echo "two\nlines" &&\necho next\necho "open\n';
    const expected = runHost('/bin/sh', [], input);
    const cove = await runCove([], input);
    expect(cove.stdout).toBe(expected.stdout);
    expect(cove.status).toBe(expected.status);
    // $0 (the messages' prefix) is argv[0]: "sh" for the host's, "/bin/sh" in Cove.
    expect(cove.stderr).toBe(expected.stderr.replace(/^sh:/, '/bin/sh:'));
  });
  it('-i: interactive, with the "$ " prompt on stderr', async () => {
    const r = await runCove(['-i'], 'echo hi\nnosuch\necho "$?"\nexit 3\n');
    expect(r.stdout).toBe('hi\n127\n');
    expect(r.status).toBe(3);
    expect(r.stderr).toBe('$ $ /bin/sh: 2: nosuch: not found\n$ $ ');
  });
  it('-i: a syntax error does not end an interactive shell', async () => {
    const r = await runCove(['-i'], 'echo a |\n| b\necho survived\n');
    expect(r.stdout).toBe('survived\n');
    expect(r.status).toBe(0);
  });
  it('sh -c with an empty command', async () => {
    await same('');
  });
});

describe.concurrent('sh: syntax errors', { timeout: 180_000 }, () => {
  it.each([
    ['echo a |'],
    ['| echo a'],
    ['echo a && && echo b'],
    ['echo "unterminated'],
    ["echo 'unterminated"],
    ['echo a; ; echo b'],
    ['echo a >'],
    ['echo a\necho b |\n| c'],
    ['echo ok\necho bad |;\necho not reached'],
  ])('%s', async (script) => {
    await same(script, { stderr: true });
  });

  it('what Cove\'s sh does not support is an error, not a surprise', async () => {
    for (const script of ['if true; then echo x; fi', 'echo a &', '(echo a)', 'cat <<EOF', 'echo $(echo a)', 'f() { echo; }']) {
      const r = await runCove(['-c', script, 'sh']);
      expect(r.status, script).toBe(2);
      expect(r.stdout, script).toBe('');
      expect(r.stderr, script).toMatch(/^sh: 1: /);
    }
  });
});

describe('sh: preopens of a redirected child', { timeout: 180_000 }, () => {
  // wasi-libc finds its preopens by asking fd_prestat_get for fd 3, 4, ... and stops at
  // the first EBADF. A child whose fd 3 (a preopen in its parent) was redirected to a
  // file gets EBADF there, so it loses every preopen above it and finds no file by path
  // (here: the inner sh cannot find echo). kernel/wasi/fd.ts answers an open fd that
  // is not a preopen, below the highest preopen, with success and a non-directory tag
  // (wasi-libc skips those) instead of EBADF.
  it('a child whose fd 3 was redirected still finds programs by path', async () => {
    const r = await runCove(['-c', 'sh -c "echo inner" 3>/dev/null', 'sh']);
    expect(r.stdout).toBe('inner\n');
  });
});

describe('sh: the committed sh.wasm is the built one', { timeout: 180_000 }, () => {
  it('exists and is a WASI command', () => {
    const bytes = readFileSync(sh);
    const module = new WebAssembly.Module(bytes);
    expect(WebAssembly.Module.exports(module).map((e) => e.name)).toContain('_start');
    expect(WebAssembly.Module.imports(module).some((i) => i.module === 'cove' && i.name === 'spawn')).toBe(true);
  });
});
