// File behaviour as a POSIX program sees it, through a C guest (wasi-libc), on the
// in-memory file system (/tmp) and, with the same expectations, on a mounted host
// directory: create, read, write, append, truncate, rename, unlink, rmdir, symlinks,
// readlink, hard links, readdir with "." and "..", and nanosecond timestamps.

import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKernel } from '../helpers/cove.js';
import type { Kernel } from '../helpers/cove.js';
import { clangMissing, needsClang } from '../helpers/cc.js';
import { expectOps, fsops, fsopsModule } from '../helpers/fsops.js';
import { makeTempDir, removeTempDirs } from '../helpers/tmp.js';

afterAll(removeTempDirs);

let k: Kernel;
let hostDir: string;

beforeAll(async () => {
  if (clangMissing) return;
  hostDir = makeTempDir('cove-memfs-host-');
  await fsopsModule();
  k = await createKernel({ mounts: [{ guest: '/host', host: hostDir }], bin: false });
});

describe.skipIf(clangMissing).each([
  ['the in-memory file system (/tmp)', '/tmp'],
  ['a mounted host directory (/host)', '/host'],
])(needsClang('%s'), (_name, base) => {
  it('creates, reads and rewrites files', async () => {
    const d = `${base}/create`;
    await expectOps(k, [
      [`mkdir ${d}`, 'OK'],
      [`write ${d}/f hello`, 'OK'],
      [`cat ${d}/f`, 'hello'],
      [`stat ${d}/f`, 'file size=5 nlink=1'],
      [`create ${d}/f`, 'EEXIST'], // O_CREAT|O_EXCL
      [`create ${d}/empty`, 'OK'],
      [`stat ${d}/empty`, 'file size=0 nlink=1'],
      [`write ${d}/f bye`, 'OK'], // O_TRUNC
      [`cat ${d}/f`, 'bye'],
      [`cat ${d}/missing`, 'ENOENT'],
      [`openw ${d}/missing`, 'ENOENT'],
      [`cat ${d}/f/x`, 'ENOTDIR'],
      [`cat ${d}/missing/x`, 'ENOENT'],
      [`create ${d}/new/`, 'EISDIR'],
      [`write ${d}/f/ x`, 'ENOTDIR'],
      [`openw ${d}`, 'EISDIR'],
      [`opendir ${d}/f`, 'ENOTDIR'],
    ]);
  });

  it('appends at the end, creating the file if needed', async () => {
    const d = `${base}/append`;
    await expectOps(k, [
      [`mkdir ${d}`, 'OK'],
      [`write ${d}/f start`, 'OK'],
      [`append ${d}/f -more`, 'OK'],
      [`append ${d}/f -end`, 'OK'],
      [`cat ${d}/f`, 'start-more-end'],
      [`append ${d}/new x`, 'OK'],
      [`cat ${d}/new`, 'x'],
    ]);
  });

  it('truncates down and extends with zeros', async () => {
    const d = `${base}/truncate`;
    await expectOps(k, [
      [`mkdir ${d}`, 'OK'],
      [`write ${d}/f hello`, 'OK'],
      [`truncate ${d}/f 2`, 'OK'],
      [`cat ${d}/f`, 'he'],
      [`truncate ${d}/f 5`, 'OK'],
      [`stat ${d}/f`, 'file size=5 nlink=1'],
      [`cat ${d}/f`, 'he\\0\\0\\0'],
      [`truncate ${d}/f 0`, 'OK'],
      [`cat ${d}/f`, ''],
      [`truncate ${d} 0`, 'EISDIR'],
      [`truncate ${d}/missing 0`, 'ENOENT'],
    ]);
  });

  it('makes and removes directories', async () => {
    const d = `${base}/dirs`;
    await expectOps(k, [
      [`mkdir ${d}`, 'OK'],
      [`mkdir ${d}`, 'EEXIST'],
      [`mkdir ${d}/`, 'EEXIST'],
      [`type ${d}`, 'dir'],
      [`mkdir ${d}/missing/sub`, 'ENOENT'],
      [`write ${d}/file x`, 'OK'],
      [`mkdir ${d}/file/sub`, 'ENOTDIR'],
      [`mkdir ${d}/full`, 'OK'],
      [`write ${d}/full/in x`, 'OK'],
      [`rmdir ${d}/full`, 'ENOTEMPTY'],
      [`rmdir ${d}/file`, 'ENOTDIR'],
      [`rmdir ${d}/missing`, 'ENOENT'],
      [`unlink ${d}/full`, 'EISDIR'],
      [`mkdir ${d}/empty`, 'OK'],
      [`rmdir ${d}/empty/`, 'OK'],
      [`rmdir ${d}/empty`, 'ENOENT'],
      [`mkdir ${d}/new/`, 'OK'],
      [`type ${d}/new`, 'dir'],
    ]);
  });

  it('renames with the replacement rules of rename(2)', async () => {
    const d = `${base}/rename`;
    await expectOps(k, [
      [`mkdir ${d}`, 'OK'],
      [`write ${d}/a A`, 'OK'],
      [`write ${d}/b B`, 'OK'],
      [`mkdir ${d}/dir`, 'OK'],
      [`mkdir ${d}/full`, 'OK'],
      [`write ${d}/full/x x`, 'OK'],
      [`rename ${d}/a ${d}/a2`, 'OK'],
      [`cat ${d}/a`, 'ENOENT'],
      [`cat ${d}/a2`, 'A'],
      [`rename ${d}/a2 ${d}/b`, 'OK'], // replaces b
      [`cat ${d}/b`, 'A'],
      [`rename ${d}/b ${d}/b`, 'OK'],
      [`rename ${d}/b ${d}/dir`, 'EISDIR'],
      [`rename ${d}/dir ${d}/b`, 'ENOTDIR'],
      [`rename ${d}/dir ${d}/full`, 'ENOTEMPTY'],
      [`rename ${d}/dir ${d}/dir/sub`, 'EINVAL'],
      [`rename ${d}/missing ${d}/x`, 'ENOENT'],
      [`rename ${d}/b ${d}/dir/b`, 'OK'],
      [`cat ${d}/dir/b`, 'A'],
      [`mkdir ${d}/empty`, 'OK'],
      [`rename ${d}/dir ${d}/empty`, 'OK'], // a directory over an empty one
      [`cat ${d}/empty/b`, 'A'],
      [`type ${d}/dir`, 'ENOENT'],
      [`rename ${d}/empty/b/ ${d}/c`, 'ENOTDIR'],
    ]);
  });

  it('unlinks names; an open file stays readable until closed', async () => {
    const d = `${base}/unlink`;
    await expectOps(k, [
      [`mkdir ${d}`, 'OK'],
      [`write ${d}/f data`, 'OK'],
      [`unlink ${d}/f`, 'OK'],
      [`unlink ${d}/f`, 'ENOENT'],
      [`cat ${d}/f`, 'ENOENT'],
      [`write ${d}/g still-there`, 'OK'],
      [`readunlinked ${d}/g`, 'still-there'],
      [`cat ${d}/g`, 'ENOENT'],
      [`unlink ${d}/missing/x`, 'ENOENT'],
      [`unlink ${d}/`, 'EISDIR'],
    ]);
  });

  it('makes symlinks, reads them, and follows them', async () => {
    const d = `${base}/symlink`;
    await expectOps(k, [
      [`mkdir ${d}`, 'OK'],
      [`mkdir ${d}/sub`, 'OK'],
      [`write ${d}/target content`, 'OK'],
      [`symlink target ${d}/l`, 'OK'],
      [`readlink ${d}/l`, 'target'],
      [`lstat ${d}/l`, 'symlink size=6 nlink=1'],
      [`stat ${d}/l`, 'file size=7 nlink=1'],
      [`cat ${d}/l`, 'content'],
      [`write ${d}/l via-link`, 'OK'],
      [`cat ${d}/target`, 'via-link'],
      [`symlink x ${d}/l`, 'EEXIST'],
      [`readlink ${d}/target`, 'EINVAL'],
      [`readlink ${d}/missing`, 'ENOENT'],
      [`symlink nowhere ${d}/dangling`, 'OK'],
      [`cat ${d}/dangling`, 'ENOENT'],
      [`lstat ${d}/dangling`, 'symlink size=7 nlink=1'],
      [`nofollow ${d}/l`, 'ELOOP'],
      // Relative targets are relative to the link's directory, ".." included, also with O_CREAT.
      [`symlink ../target ${d}/sub/up`, 'OK'],
      [`cat ${d}/sub/up`, 'via-link'],
      [`append ${d}/sub/up +up`, 'OK'],
      [`cat ${d}/target`, 'via-link+up'],
      [`symlink sub ${d}/dirlink`, 'OK'],
      [`ls ${d}/dirlink`, '. .. up'],
      [`cat ${d}/dirlink/up`, 'via-link+up'],
      [`unlink ${d}/dirlink`, 'OK'], // removes the link, not the directory
      [`type ${d}/sub`, 'dir'],
      [`symlink loop ${d}/loop`, 'OK'],
      [`cat ${d}/loop`, 'ELOOP'],
    ]);
  });

  it('makes hard links that share one file', async () => {
    const d = `${base}/link`;
    await expectOps(k, [
      [`mkdir ${d}`, 'OK'],
      [`write ${d}/a shared`, 'OK'],
      [`link ${d}/a ${d}/b`, 'OK'],
      [`stat ${d}/a`, 'file size=6 nlink=2'],
      [`append ${d}/b +b`, 'OK'],
      [`cat ${d}/a`, 'shared+b'],
      [`unlink ${d}/a`, 'OK'],
      [`stat ${d}/b`, 'file size=8 nlink=1'],
      [`cat ${d}/b`, 'shared+b'],
      [`link ${d}/b ${d}/b`, 'EEXIST'],
      [`link ${d}/missing ${d}/c`, 'ENOENT'],
      [`mkdir ${d}/dir`, 'OK'],
      [`link ${d}/dir ${d}/dir2`, 'EPERM'],
      [`link ${d}/b ${d}/missing/c`, 'ENOENT'],
      // Renaming one name of a file onto another name of the same file does nothing.
      [`link ${d}/b ${d}/c`, 'OK'],
      [`rename ${d}/b ${d}/c`, 'OK'],
      [`stat ${d}/b`, 'file size=8 nlink=2'],
      [`stat ${d}/c`, 'file size=8 nlink=2'],
    ]);
  });

  it('lists a directory with "." and ".." first, and follows removals', async () => {
    const d = `${base}/readdir`;
    await expectOps(k, [
      [`mkdir ${d}`, 'OK'],
      [`ls ${d}`, '. ..'],
      [`create ${d}/x`, 'OK'],
      [`create ${d}/y`, 'OK'],
      [`mkdir ${d}/z`, 'OK'],
      [`ls ${d}`, '. .. x y z'],
      [`unlink ${d}/y`, 'OK'],
      [`ls ${d}`, '. .. x z'],
      [`ls ${d}/z`, '. ..'],
      [`ls ${d}/x`, 'ENOTDIR'],
      [`ls ${d}/missing`, 'ENOENT'],
    ]);
  });

  it('takes names of up to 255 bytes (NAME_MAX), in UTF-8', async () => {
    const d = `${base}/names`;
    const max = 'n'.repeat(255);
    await expectOps(k, [
      [`mkdir ${d}`, 'OK'],
      [`create ${d}/${max}`, 'OK'],
      [`create ${d}/${max}n`, 'ENAMETOOLONG'],
      [`mkdir ${d}/${max}n`, 'ENAMETOOLONG'],
      [`write ${d}/ünïcødé-名前 utf8`, 'OK'],
      [`cat ${d}/ünïcødé-名前`, 'utf8'],
      [`ls ${d}`, `. .. ${max} ünïcødé-名前`],
    ]);
  });

  it('lists many entries, across several fd_readdir calls', async () => {
    const d = `${base}/many`;
    const names = Array.from({ length: 300 }, (_, i) => `entry-with-a-long-name-${String(i).padStart(3, '0')}`);
    const r = await fsops(k, [`mkdir ${d}`, ...names.map((n) => `create ${d}/${n}`), `ls ${d}`]);
    expect(r.filter(([, res]) => res !== 'OK').map(([op]) => op)).toEqual([`ls ${d}`]);
    expect(r.at(-1)![1].split(' ')).toEqual(['.', '..', ...names]);
  });

  it('keeps nanosecond timestamps set with utimensat and futimens', async () => {
    const d = `${base}/times`;
    await expectOps(k, [
      [`mkdir ${d}`, 'OK'],
      [`write ${d}/f x`, 'OK'],
      [`utimens ${d}/f 1000 123456789 2000 987654321`, 'OK'],
      [`times ${d}/f`, 'atime=1000.123456789 mtime=2000.987654321'],
      [`futimens ${d}/f 1700000000 1 1700000001 999999999`, 'OK'],
      [`times ${d}/f`, 'atime=1700000000.000000001 mtime=1700000001.999999999'],
      [`utimens ${d} 5 5 6 6`, 'OK'],
      [`times ${d}`, 'atime=5.000000005 mtime=6.000000006'],
      [`symlink f ${d}/l`, 'OK'],
      [`utimens ${d}/l 7 7 8 8`, 'OK'], // follows the link
      [`times ${d}/f`, 'atime=7.000000007 mtime=8.000000008'],
      [`utimens ${d}/missing 1 1 1 1`, 'ENOENT'],
    ]);
  });

  it('moves mtime forward on a write', async () => {
    const d = `${base}/mtime`;
    const r = await fsops(k, [`mkdir ${d}`, `write ${d}/f x`, `utimens ${d}/f 1 0 1 0`, `append ${d}/f y`, `times ${d}/f`]);
    const mtime = Number(/mtime=(\d+)\./.exec(r.at(-1)![1])![1]);
    expect(mtime).toBeGreaterThan(1_600_000_000);
  });
});

describe.skipIf(clangMissing)(needsClang('the host side of a mounted directory'), () => {
  it('sees what the guest made, as the guest made it', async () => {
    await expectOps(k, [
      ['mkdir /host/made', 'OK'],
      ['write /host/made/file from-guest', 'OK'],
      ['symlink file /host/made/link', 'OK'],
    ]);
    expect(readdirSync(join(hostDir, 'made')).sort()).toEqual(['file', 'link']);
    expect(readFileSync(join(hostDir, 'made', 'link'), 'utf8')).toBe('from-guest');
  });

  it('stores the times a guest sets, to the microsecond the host keeps', async () => {
    await expectOps(k, [
      ['write /host/stamped x', 'OK'],
      ['utimens /host/stamped 1000 123456789 1700000001 987654321', 'OK'],
    ]);
    const st = statSync(join(hostDir, 'stamped'), { bigint: true });
    expect(st.atimeNs).toBe(1000_123456_000n);
    expect(st.mtimeNs).toBe(1700000001_987654_000n);
  });

  it('shows the host\'s own changes to the guest at once', async () => {
    await expectOps(k, [['write /host/shared before', 'OK']]);
    expect(readFileSync(join(hostDir, 'shared'), 'utf8')).toBe('before');
    writeFileSync(join(hostDir, 'shared'), 'after');
    await expectOps(k, [['cat /host/shared', 'after']]);
  });
});

describe.skipIf(clangMissing)(needsClang('the in-memory root'), () => {
  it('has /tmp and /dev; the "/" preopen has nothing above it', async () => {
    const r = await fsops(k, ['ls /', 'ls /..', 'type /tmp', 'type /dev/null', 'write /dev/null x', 'cat /dev/null']);
    expect(r).toEqual([
      ['ls /', '. .. tmp dev host'],
      ['ls /..', 'EPERM'],
      ['type /tmp', 'dir'],
      ['type /dev/null', 'chardev'],
      ['write /dev/null x', 'OK'],
      ['cat /dev/null', ''],
    ]);
  });

  it('refuses symlinks with absolute targets, which no directory fd could follow (WASI)', async () => {
    await expectOps(k, [
      ['mkdir /tmp/abs', 'OK'],
      ['write /tmp/abs/target abs', 'OK'],
      ['symlink /tmp/abs/target /tmp/abs/l', 'EPERM'],
      ['lstat /tmp/abs/l', 'ENOENT'],
      ['symlink target /tmp/abs/l', 'OK'],
      ['cat /tmp/abs/l', 'abs'],
    ]);
  });
});
