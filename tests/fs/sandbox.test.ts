// Confinement (DESIGN.md: "A guest cannot reach any host path outside what was mounted
// for it, whatever .., symlinks or absolute paths it uses"). A host directory is mounted
// at /sandbox; beside it, outside the mount, lies a canary. Every way out — "..", absolute
// paths, host symlinks and guest-made symlinks (absolute, relative, through directories,
// chained, dangling), trailing slashes — must fail with the right errno, and the canary
// must never be read, written, created next to, or deleted.
//
// Errnos (docs/WASI-SEMANTICS.md 3.1, cap-std's rule as in wasmtime): resolution that
// would step above the directory fd it starts from, through ".." or a symlink, or that
// meets an absolute symlink, fails with EPERM. An absolute path in a guest is wasi-libc's
// business: it picks the preopen with the longest matching prefix, so it names Cove's
// namespace (the in-memory root, where the mount is /sandbox), never the host's.
// Symlink loops are ELOOP.

import { type Stats, existsSync, lstatSync, mkdirSync, readFileSync, readdirSync, readlinkSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernel } from '../helpers/cove.js';
import type { Kernel } from '../helpers/cove.js';
import { clangMissing, compileCBytes, ERRNAME_C, needsClang } from '../helpers/cc.js';
import { expectOps, fsopsModule } from '../helpers/fsops.js';
import { makeTempDir, removeTempDirs } from '../helpers/tmp.js';

afterAll(removeTempDirs);

describe.skipIf(clangMissing)(needsClang('escaping a mounted directory'), () => {
  let root: string; // host: <root>/mount is mounted, <root>/outside is not
  let mount: string;
  let outside: string;
  let canary: string;
  let canaryBefore: Stats;
  /** Whether this host file system updates atime on a read (relatime/strictatime), so reads are visible. */
  let atimeTracked = false;
  let k: Kernel;

  beforeAll(async () => {
    root = makeTempDir('cove-sandbox-');
    mount = join(root, 'mount');
    outside = join(root, 'outside');
    mkdirSync(join(mount, 'sub'), { recursive: true });
    mkdirSync(join(outside, 'secret'), { recursive: true });
    canary = join(outside, 'canary.txt');
    writeFileSync(canary, 'canary\n');
    writeFileSync(join(outside, 'secret', 'key'), 'key\n');
    writeFileSync(join(mount, 'a.txt'), 'inside\n');

    // Host symlinks inside the mount, made with the host's own fs (not by the guest).
    symlinkSync('../a.txt', join(mount, 'sub', 'up')); // stays inside: must work
    symlinkSync(canary, join(mount, 'abs-out'));
    symlinkSync('../outside/canary.txt', join(mount, 'rel-out'));
    symlinkSync('../outside', join(mount, 'dir-out'));
    symlinkSync(outside, join(mount, 'abs-dir-out'));
    symlinkSync('/etc/passwd', join(mount, 'passwd'));
    symlinkSync('/', join(mount, 'root-link'));
    symlinkSync('..', join(mount, 'dotdot'));
    symlinkSync('../../outside/canary.txt', join(mount, 'sub', 'deep-out'));
    symlinkSync('sub/deep-out', join(mount, 'chain')); // inside, then out
    symlinkSync(join(mount, 'a.txt'), join(mount, 'abs-in')); // absolute, even if it points inside
    symlinkSync('loop2', join(mount, 'loop1'));
    symlinkSync('loop1', join(mount, 'loop2'));
    symlinkSync('self', join(mount, 'self'));

    // Make reads of the canary visible: relatime updates atime when it is older than mtime.
    utimesSync(canary, new Date(1_000_000_000_000), new Date(1_500_000_000_000));
    const probe = join(root, 'probe');
    writeFileSync(probe, 'probe');
    utimesSync(probe, new Date(1_000_000_000_000), new Date(1_500_000_000_000));
    readFileSync(probe);
    atimeTracked = statSync(probe).atimeMs !== 1_000_000_000_000;
    canaryBefore = statSync(canary);

    await fsopsModule();
    k = await createKernel({ mounts: [{ guest: '/sandbox', host: mount }], bin: false });
  });

  /** Nothing outside the mount was read, written, created or deleted. */
  function expectOutsideUntouched(): void {
    expect(readdirSync(root).sort()).toEqual(['mount', 'outside', 'probe']);
    expect(readdirSync(outside).sort()).toEqual(['canary.txt', 'secret']);
    expect(readdirSync(join(outside, 'secret'))).toEqual(['key']);
    const now = statSync(canary);
    expect(now.ino).toBe(canaryBefore.ino);
    expect(now.size).toBe(canaryBefore.size);
    expect(now.mtimeMs).toBe(canaryBefore.mtimeMs);
    expect(now.ctimeMs, 'canary ctime (chmod, link, rename, times)').toBe(canaryBefore.ctimeMs);
    if (atimeTracked) expect(now.atimeMs, 'canary atime: it was read').toBe(canaryBefore.atimeMs);
    expect(existsSync('/created-by-guest')).toBe(false);
  }

  it('".." cannot climb above the mount, however it is spelled', async () => {
    await expectOps(k, [
      ['cat /sandbox/../outside/canary.txt', 'EPERM'],
      ['cat /sandbox/../../../../../../etc/passwd', 'EPERM'],
      ['cat /sandbox/sub/../../outside/canary.txt', 'EPERM'],
      ['cat /sandbox/sub/./.././../outside/canary.txt', 'EPERM'],
      ['cat /sandbox/a.txt/../../outside/canary.txt', 'ENOTDIR'],
      ['ls /sandbox/..', 'EPERM'],
      ['stat /sandbox/../outside', 'EPERM'],
      ['open /sandbox/..', 'EPERM'],
      // ".." inside the mount is fine as long as it stays inside.
      ['cat /sandbox/sub/../a.txt', 'inside\\n'],
      ['cat /sandbox/sub/../sub/../a.txt', 'inside\\n'],
    ]);
    expectOutsideUntouched();
  });

  it('".." relative to a working directory inside the mount cannot climb out either', async () => {
    await expectOps(k, [
      ['chdir /sandbox/sub', 'OK'],
      ['cat ../a.txt', 'inside\\n'],
      ['cat ../../outside/canary.txt', 'EPERM'],
      ['cat ../../../etc/passwd', 'EPERM'],
      ['ls ../..', 'EPERM'],
    ]);
    expectOutsideUntouched();
  });

  it("absolute paths name Cove's namespace, never the host's file system", async () => {
    await expectOps(k, [
      ['cat /etc/passwd', 'ENOENT'],
      [`cat ${canary}`, 'ENOENT'],
      [`cat ${mount}/a.txt`, 'ENOENT'],
      [`ls ${root}`, 'ENOENT'],
      ['ls /', '. .. tmp dev sandbox'],
      // The "/" preopen is a directory fd like any other: nothing is above it.
      ['ls /..', 'EPERM'],
      ['cat /../sandbox/a.txt', 'EPERM'],
    ]);
    expectOutsideUntouched();
  });

  it('host symlinks that point out of the mount, or are absolute, are not followed: EPERM', async () => {
    await expectOps(k, [
      ['cat /sandbox/abs-out', 'EPERM'],
      ['cat /sandbox/rel-out', 'EPERM'],
      ['cat /sandbox/passwd', 'EPERM'],
      ['stat /sandbox/passwd', 'EPERM'],
      ['ls /sandbox/dir-out', 'EPERM'],
      ['cat /sandbox/dir-out/canary.txt', 'EPERM'],
      ['cat /sandbox/abs-dir-out/canary.txt', 'EPERM'],
      ['cat /sandbox/dir-out/secret/key', 'EPERM'],
      ['ls /sandbox/dotdot', 'EPERM'],
      ['cat /sandbox/dotdot/outside/canary.txt', 'EPERM'],
      ['ls /sandbox/root-link', 'EPERM'],
      ['cat /sandbox/sub/deep-out', 'EPERM'],
      ['cat /sandbox/chain', 'EPERM'],
      // An absolute target is refused even when it names a host path inside the mount.
      ['cat /sandbox/abs-in', 'EPERM'],
      // A relative symlink that stays inside works.
      ['cat /sandbox/sub/up', 'inside\\n'],
    ]);
    expectOutsideUntouched();
  });

  it('the links themselves can be inspected: lstat and readlink do not follow', async () => {
    await expectOps(k, [
      ['lstat /sandbox/passwd', 'symlink size=11 nlink=1'],
      ['readlink /sandbox/passwd', '/etc/passwd'],
      ['readlink /sandbox/rel-out', '../outside/canary.txt'],
      ['lstat /sandbox/dir-out', 'symlink size=10 nlink=1'],
      ['nofollow /sandbox/rel-out', 'ELOOP'],
    ]);
    expectOutsideUntouched();
  });

  it('trailing slashes do not change the verdict', async () => {
    await expectOps(k, [
      ['ls /sandbox/dir-out/', 'EPERM'],
      ['ls /sandbox/abs-dir-out/', 'EPERM'],
      ['stat /sandbox/dotdot/', 'EPERM'],
      ['lstat /sandbox/dir-out/', 'EPERM'],
      ['cat /sandbox/rel-out/', 'EPERM'],
      ['ls /sandbox/../', 'EPERM'],
      ['ls /sandbox/sub/../../', 'EPERM'],
      ['cat /sandbox/a.txt/', 'ENOTDIR'],
      ['ls /sandbox/sub/', '. .. deep-out up'],
    ]);
    expectOutsideUntouched();
  });

  it('symlink loops end in ELOOP', async () => {
    await expectOps(k, [
      ['cat /sandbox/loop1', 'ELOOP'],
      ['cat /sandbox/self', 'ELOOP'],
      ['stat /sandbox/loop2', 'ELOOP'],
      ['ls /sandbox/loop1/', 'ELOOP'],
      ['cat /sandbox/loop1/x', 'ELOOP'],
      ['lstat /sandbox/loop1', 'symlink size=5 nlink=1'],
      ['opencreat /sandbox/self', 'ELOOP'],
    ]);
    expectOutsideUntouched();
  });

  it('nothing outside can be written, created, truncated, removed, renamed or linked', async () => {
    await expectOps(k, [
      ['write /sandbox/rel-out pwned', 'EPERM'],
      ['write /sandbox/abs-out pwned', 'EPERM'],
      ['append /sandbox/dir-out/canary.txt pwned', 'EPERM'],
      ['truncate /sandbox/rel-out 0', 'EPERM'],
      ['create /sandbox/../outside/new.txt', 'EPERM'],
      ['opencreat /sandbox/dir-out/new.txt', 'EPERM'],
      ['mkdir /sandbox/../newdir', 'EPERM'],
      ['mkdir /sandbox/dir-out/newdir', 'EPERM'],
      ['unlink /sandbox/../outside/canary.txt', 'EPERM'],
      ['unlink /sandbox/dir-out/canary.txt', 'EPERM'],
      ['rmdir /sandbox/dir-out/secret', 'EPERM'],
      ['rename /sandbox/a.txt /sandbox/../outside/moved', 'EPERM'],
      ['rename /sandbox/dir-out/canary.txt /sandbox/stolen', 'EPERM'],
      ['link /sandbox/dir-out/canary.txt /sandbox/hard', 'EPERM'],
      ['link /sandbox/a.txt /sandbox/dir-out/hard', 'EPERM'],
      ['symlink /etc/passwd /sandbox/../outside/evil', 'EPERM'],
      ['utimens /sandbox/rel-out 0 0 0 0', 'EPERM'],
      ['utimens /sandbox/../outside/canary.txt 0 0 0 0', 'EPERM'],
    ]);
    expect(existsSync(join(mount, 'stolen'))).toBe(false);
    expect(existsSync(join(mount, 'hard'))).toBe(false);
    expectOutsideUntouched();
  });

  it('symlinks the guest makes may point out (not absolute), but following them out fails', async () => {
    await expectOps(k, [
      ['symlink ../outside/canary.txt /sandbox/g-rel', 'OK'],
      ['symlink /etc/passwd /sandbox/g-abs', 'EPERM'],
      ['symlink .. /sandbox/g-up', 'OK'],
      ['symlink ../outside/created-by-guest /sandbox/g-dangling', 'OK'],
      ['symlink ../../../../../../../../../created-by-guest /sandbox/sub/g-deep', 'OK'],
      ['symlink g-loop /sandbox/g-loop', 'OK'],
      ['cat /sandbox/g-rel', 'EPERM'],
      ['write /sandbox/g-rel pwned', 'EPERM'],
      ['lstat /sandbox/g-abs', 'ENOENT'],
      ['ls /sandbox/g-up', 'EPERM'],
      ['create /sandbox/g-up/created-by-guest', 'EPERM'],
      // O_CREAT through a dangling link must not create its target outside.
      ['opencreat /sandbox/g-dangling', 'EPERM'],
      ['write /sandbox/sub/g-deep pwned', 'EPERM'],
      ['cat /sandbox/g-loop', 'ELOOP'],
      ['readlink /sandbox/g-rel', '../outside/canary.txt'],
    ]);
    // They are ordinary symlinks in the host directory, with the targets as written.
    expect(readlinkSync(join(mount, 'g-rel'))).toBe('../outside/canary.txt');
    expect(lstatSync(join(mount, 'g-up')).isSymbolicLink()).toBe(true);
    expect(existsSync(join(mount, 'g-abs'))).toBe(false);
    expect(existsSync(join(outside, 'created-by-guest'))).toBe(false);
    expectOutsideUntouched();
  });

  it('from the "/" preopen, leaving the mount leads into the namespace, never the host', async () => {
    // wasi-libc resolves "/./sandbox/..." from the "/" preopen (the longest prefix that
    // matches is ""), not from the /sandbox one: ".." from the mount's root is then the
    // in-memory root, where nothing of the host is.
    await expectOps(k, [
      ['cat /./sandbox/a.txt', 'inside\\n'],
      ['cat /./sandbox/rel-out', 'ENOENT'],
      ['cat /./sandbox/sub/deep-out', 'ENOENT'],
      ['ls /./sandbox/dir-out', 'ENOENT'],
      ['ls /./sandbox/dotdot', '. .. tmp dev sandbox'],
      ['cat /./sandbox/dotdot/outside/canary.txt', 'ENOENT'],
      ['write /./sandbox/g-dangling pwned', 'ENOENT'],
      ['cat /./sandbox/abs-out', 'EPERM'],
      ['cat /./sandbox/passwd', 'EPERM'],
      ['ls /./sandbox/root-link', 'EPERM'],
      ['cat /./sandbox/../../outside/canary.txt', 'EPERM'],
    ]);
    expectOutsideUntouched();
  });

  it('a directory fd whose directory was renamed away and replaced by a symlink out stays inside', async () => {
    // The guest holds a directory fd, renames that directory, and puts a symlink pointing
    // out of the mount where it was. What the fd names must not follow the new symlink.
    mkdirSync(join(mount, 'held'));
    writeFileSync(join(mount, 'held', 'own.txt'), 'own\n');
    const wasm = compileCBytes(String.raw`
      #include <dirent.h>
      #include <fcntl.h>
      #include <stdio.h>
      #include <string.h>
      #include <sys/stat.h>
      #include <unistd.h>
      ${ERRNAME_C}
      static void report(const char *what, int r) { printf("%s\t%s\n", what, r < 0 ? errname(errno) : "OK"); }
      int main(void) {
        int dfd = open("/sandbox/held", O_RDONLY | O_DIRECTORY);
        report("open held", dfd);
        report("rename held", rename("/sandbox/held", "/sandbox/held-away"));
        report("symlink", symlink("../outside", "/sandbox/held"));
        int fd = openat(dfd, "canary.txt", O_RDONLY);
        char buf[64] = {0};
        if (fd >= 0) read(fd, buf, sizeof buf - 1);
        printf("openat canary.txt\t%s%s\n", fd < 0 ? errname(errno) : "READ ", buf);
        struct stat st;
        report("fstatat canary.txt", fstatat(dfd, "canary.txt", &st, 0));
        report("openat O_CREAT planted", openat(dfd, "planted", O_WRONLY | O_CREAT, 0644));
        report("mkdirat newdir", mkdirat(dfd, "newdir", 0755));
        report("unlinkat canary.txt", unlinkat(dfd, "canary.txt", 0));
        DIR *d = fdopendir(dfd);
        if (!d) {
          printf("readdir\t%s\n", errname(errno));
          return 0;
        }
        struct dirent *e;
        char names[256] = "";
        errno = 0;
        while ((e = readdir(d)) != NULL) { strcat(names, " "); strcat(names, e->d_name); }
        printf("readdir\t%s\n", errno ? errname(errno) : names);
        return 0;
      }
    `);
    const p = await k.spawn(wasm, { args: ['held'], stdin: 'null', stdout: 'pipe', stderr: 'pipe' });
    const [out] = await Promise.all([new Response(p.stdout).text(), p.exited]);
    const r = Object.fromEntries(
      out
        .split('\n')
        .filter(Boolean)
        .map((l) => l.split('\t')),
    );
    expect(r['open held']).toBe('OK');
    expect(r['rename held']).toBe('OK');
    expect(r['symlink']).toBe('OK');
    // Either the fd still names the renamed directory (POSIX) or nothing (Cove: ENOENT);
    // never the directory the symlink points to.
    expect(r['openat canary.txt']).toBe('ENOENT');
    expect(r['fstatat canary.txt']).toBe('ENOENT');
    expect(r['unlinkat canary.txt']).toBe('ENOENT');
    expect(['OK', 'ENOENT']).toContain(r['openat O_CREAT planted']);
    expect(['OK', 'ENOENT']).toContain(r['mkdirat newdir']);
    expect(['ENOENT', ' . .. own.txt', ' . .. newdir own.txt planted']).toContain(r['readdir']);
    expect(existsSync(join(outside, 'planted'))).toBe(false);
    expect(existsSync(join(outside, 'newdir'))).toBe(false);
    expectOutsideUntouched();
  });

  it('the mount point itself cannot be removed or renamed away', async () => {
    await expectOps(k, [
      ['rmdir /./sandbox', 'EBUSY'],
      ['rename /./sandbox /tmp/moved', 'EBUSY'],
      ['unlink /./sandbox', 'EISDIR'],
      ['cat /sandbox/a.txt', 'inside\\n'],
    ]);
    expect(statSync(mount).isDirectory()).toBe(true);
    expectOutsideUntouched();
  });

  it('the canary is intact at the end', () => {
    expectOutsideUntouched();
    expect(readFileSync(canary, 'utf8')).toBe('canary\n');
  });
});
