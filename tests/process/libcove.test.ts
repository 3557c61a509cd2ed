// guests/include and guests/libcove as `cove cc` uses them: the POSIX headers compile
// cleanly over wasi-libc's (#include_next), have Linux's values, and libcove's functions
// are the ones linked (they replace wasi-libc's fcntl, ioctl and getpid without
// duplicate symbols); every program gets libcove's start-up code, which starts it in
// the working directory its parent passed as PWD.

import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { clangArgs, findToolchain, MISSING_TOOLCHAIN } from '../../build/cc-flags.mjs';
import { runCliAsync } from '../helpers/cli.js';
import { repoRoot } from '../helpers/paths.js';
import { makeTempDir, removeTempDirs } from '../helpers/tmp.js';

afterAll(removeTempDirs);

const toolchain = findToolchain();
if (!toolchain) throw new Error(MISSING_TOOLCHAIN);
const clangEnv = { ...process.env, PATH: (process.env.PATH ?? '').split(':').filter((p) => !p.includes('node_modules')).join(':') };

/** cove cc on an inline source; returns clang's result and the output path. */
function coveCc(source: string, flags: string[] = []): { status: number | null; stderr: string; out: string } {
  const dir = makeTempDir('cove-libcove-');
  const src = join(dir, 'prog.c');
  const out = join(dir, flags.includes('-fsyntax-only') ? 'none' : 'prog.wasm');
  writeFileSync(src, source);
  const args = ['-std=c11', '-Wall', '-Wextra', '-Werror', ...flags, src, ...(flags.includes('-fsyntax-only') ? [] : ['-o', out])];
  const r = spawnSync(toolchain!.clang, clangArgs(repoRoot, toolchain!, args), { encoding: 'utf8', env: clangEnv });
  return { status: r.status, stderr: r.stderr, out };
}

function imports(wasm: string): string[] {
  return WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasm))).map((i) => `${i.module}.${i.name}`);
}

function functionNames(wasm: string): string {
  const module = new WebAssembly.Module(readFileSync(wasm));
  return Buffer.from(WebAssembly.Module.customSections(module, 'name')[0]!).toString('latin1');
}

const HEADERS = ['unistd.h', 'fcntl.h', 'spawn.h', 'sys/wait.h', 'signal.h', 'sys/ioctl.h'];

describe('guests/include', () => {
  it.each([
    ['each header alone', HEADERS.map((h) => `#include <${h}>\n`)],
    ['all of them, with stdlib.h (its hidden W* macros) before and after', [`#include <stdlib.h>\n${HEADERS.map((h) => `#include <${h}>`).join('\n')}\n#include <stdlib.h>\n`]],
  ])('%s compiles with -Wall -Wextra -Werror, with and without _GNU_SOURCE', (_, sources) => {
    for (const body of sources) {
      for (const prefix of ['', '#define _GNU_SOURCE\n', '#define _POSIX_C_SOURCE 200809L\n']) {
        const r = coveCc(`${prefix}${body}int main(void) { return 0; }\n`, ['-fsyntax-only']);
        expect(r.stderr, `${prefix}${body}`).toBe('');
        expect(r.status).toBe(0);
      }
    }
  });

  it("keeps wasi-libc's declarations (#include_next) and has Linux's values", () => {
    const r = coveCc(
      `#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <unistd.h>
_Static_assert(O_CLOEXEC == 0x20000000, "COVE_O_CLOEXEC");
_Static_assert(O_NONBLOCK == 4 && FD_CLOEXEC == 1, "wasi-libc's");
_Static_assert(F_DUPFD == 0 && F_GETFD == 1 && F_SETFD == 2 && F_GETFL == 3 && F_SETFL == 4, "F_*");
_Static_assert(F_DUPFD_CLOEXEC == 1030 && F_SETPIPE_SZ == 1031 && F_GETPIPE_SZ == 1032, "Linux F_*");
_Static_assert(FIONREAD == 1 && FIONBIO == 2, "cove.ioctl's");
_Static_assert(WNOHANG == 1 && WUNTRACED == 2, "W*");
_Static_assert(WIFEXITED(0x0300) && WEXITSTATUS(0x0300) == 3 && !WIFSIGNALED(0x0300), "exited 3");
_Static_assert(WIFSIGNALED(9) && WTERMSIG(9) == 9 && !WIFEXITED(9), "killed by 9");
_Static_assert(SIGPIPE == 13 && SIGKILL == 9 && SIGTERM == 15, "signals");
_Static_assert(POSIX_SPAWN_SETPGROUP == 2, "glibc's");
int main(void) {
  /* wasi-libc's own, through the wrappers' #include_next */
  char b[1]; int fds[2];
  return (int)read(0, b, 0) + (int)lseek(0, 0, SEEK_CUR) + pipe2(fds, O_CLOEXEC) + dup3(0, 9, 0) + getppid();
}
`,
      ['-fsyntax-only'],
    );
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
  });

  it('GNU extensions need _GNU_SOURCE, as with glibc', () => {
    const r = coveCc('#include <unistd.h>\nint main(void) { int f[2]; return pipe2(f, 0); }\n', ['-fsyntax-only']);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toMatch(/pipe2/);
  });
});

describe('libcove: what gets linked', () => {
  it("libcove's fcntl, ioctl and getpid replace wasi-libc's, with no duplicate symbols", async () => {
    // fdopen and freopen are wasi-libc objects that call fcntl themselves.
    const r = coveCc(`#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <sys/ioctl.h>
#include <unistd.h>
int main(void) {
  int p[2];
  if (pipe(p)) return 1;
  FILE *f = fdopen(p[1], "a");
  fputs("abc", f);
  fflush(f);
  int n = -1;
  ioctl(p[0], FIONREAD, &n);
  printf("getpid %d, pipe size %d, FIONREAD %d, freopen %d\\n", getpid(), fcntl(p[0], F_GETPIPE_SZ), n,
         freopen("/dev/null", "r", stdin) != NULL);
  return 0;
}
`);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(imports(r.out)).toEqual(expect.arrayContaining(['cove.fcntl', 'cove.ioctl', 'cove.getpid', 'cove.pipe2']));
    // wasi-libc's emulated getpid says 42; Cove's first process is 1. Its fcntl knows no F_GETPIPE_SZ.
    const run = await runCliAsync(['run', '--dir', '/dev', r.out]);
    expect(run.stdout).toBe('getpid 1, pipe size 65536, FIONREAD 3, freopen 1\n');
    expect(run.code).toBe(0);
  });

  it('a program that uses none of it still gets only wasi_snapshot_preview1 imports, plus the start-up code', () => {
    const r = coveCc('int main(void) { return 0; }\n');
    expect(r.status).toBe(0);
    expect(new Set(imports(r.out).map((i) => i.split('.')[0]))).toEqual(new Set(['wasi_snapshot_preview1']));
    expect(functionNames(r.out)).toContain('__cove_start_in_pwd');
  });

  it('cove cc links the start-up object explicitly (-u), whatever the program calls', () => {
    const args = clangArgs(repoRoot, toolchain!, ['prog.c', '-o', 'prog.wasm']);
    const lib = args.indexOf(join(repoRoot, 'guests', 'libcove', 'libcove.a'));
    expect(lib).toBeGreaterThan(0);
    expect(args[lib + 1]).toBe('-Wl,-u,__cove_start_in_pwd');
    expect(args.indexOf('-lwasi-emulated-getpid')).toBeGreaterThan(lib);
  });

  it('every committed guest has the start-up code', () => {
    for (const name of ['cat', 'echo', 'ls', 'sh', 'true', 'hello']) {
      expect(functionNames(join(repoRoot, 'guests', 'bin', `${name}.wasm`)), name).toContain('__cove_start_in_pwd');
    }
  });
});

describe('libcove: start-up in $PWD', () => {
  const PROG = `#include <stdio.h>
#include <unistd.h>
int main(void) {
  char buf[256];
  printf("cwd %s\\n", getcwd(buf, sizeof buf));
  FILE *f = fopen("here.txt", "r");
  printf("relative open %s", f && fgets(buf, sizeof buf, f) ? buf : "failed\\n");
  return 0;
}
`;

  it('a program starts in the directory named by PWD', async () => {
    const r = coveCc(PROG);
    expect(r.status).toBe(0);
    const dir = makeTempDir('cove-pwd-');
    writeFileSync(join(dir, 'here.txt'), 'found\n');
    const run = await runCliAsync(['run', '--dir', `${dir}::/data`, '--env', 'PWD=/data', r.out]);
    expect(run.stdout).toBe('cwd /data\nrelative open found\n');
  });

  it('a PWD that does not exist leaves it in /', async () => {
    const r = coveCc(PROG);
    const dir = makeTempDir('cove-pwd-');
    const run = await runCliAsync(['run', '--dir', `${dir}::/data`, '--env', 'PWD=/nowhere', r.out]);
    expect(run.stdout).toBe('cwd /\nrelative open failed\n');
    expect(run.code).toBe(0);
  });
});

describe('libcove: Cove-specific behaviour', () => {
  it('posix_spawnattr_setpgroup other than 0 is ENOTSUP; unknown spawn flags are EINVAL', async () => {
    const r = coveCc(`#include <errno.h>
#include <spawn.h>
#include <stdio.h>
int main(void) {
  posix_spawnattr_t a;
  posix_spawnattr_init(&a);
  int bad = posix_spawnattr_setflags(&a, 0x40);
  posix_spawnattr_setflags(&a, POSIX_SPAWN_SETPGROUP);
  posix_spawnattr_setpgroup(&a, 77);
  char *argv[] = {"true", 0};
  pid_t pid;
  int err = posix_spawn(&pid, "/bin/true", 0, &a, argv, 0);
  printf("%d %d\\n", bad == EINVAL, err == ENOTSUP);
  return 0;
}
`);
    expect(r.stderr).toBe('');
    const run = await runCliAsync(['run', r.out]);
    expect(run.stdout).toBe('1 1\n');
  });
});
