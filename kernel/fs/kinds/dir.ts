// A directory, of any file system. F_AUX is the file system id; F_OBJ the inode
// (memfs) and F_STR the path below the mount root (hostfs). readdir reports "."
// and ".." first (cookies 1 and 2), then the file system's entries.

import { E, fail } from "../../errno.js";
import { Filetype } from "../../wasi/constants.js";
import { BaseKind, type DirEntry, type Filestat } from "../file.js";
import type { Task } from "../../process/task.js";
import type { Vnode } from "../vfs.js";
import { MEMFS_ID } from "../memfs.js";

const dec = new TextDecoder();
const DOT = new Uint8Array([46]);
const DOTDOT = new Uint8Array([46, 46]);

/** The directory an open description refers to. */
export function dirVnode(t: Task, f: number): Vnode {
  const c = t.core;
  const fs = t.vfs.fs(c.load32(f + c.k.F_AUX));
  if (fs.id === MEMFS_ID) return { fs, node: c.load32(f + c.k.F_OBJ) };
  const str = c.load32(f + c.k.F_STR);
  return { fs, node: str === 0 ? "" : dec.decode(c.bytes(str, c.load32(f + c.k.F_STRLEN)).slice()) };
}

export class DirKind extends BaseKind {
  readonly filetype = Filetype.DIRECTORY;

  read(): number { return fail(E.ISDIR); }
  write(): number { return fail(E.BADF); }
  seek(): bigint { return fail(E.BADF); }

  stat(t: Task, f: number): Filestat {
    const v = dirVnode(t, f);
    return t.vfs.locked(t, () => v.fs.stat(t, v.node));
  }

  setTimes(t: Task, f: number, atim: bigint | null, mtim: bigint | null): void {
    const v = dirVnode(t, f);
    t.vfs.locked(t, () => v.fs.setTimes(t, v.node, atim, mtim));
  }

  sync(): void {}

  readdir(t: Task, f: number, cookie: bigint): DirEntry[] {
    const v = dirVnode(t, f);
    return t.vfs.locked(t, () => {
      const out: DirEntry[] = [];
      if (cookie < 1n || cookie < 2n) {
        const self = v.fs.stat(t, v.node);
        if (cookie < 1n) out.push({ name: DOT, ino: self.ino, filetype: Filetype.DIRECTORY, next: 1n });
        out.push({ name: DOTDOT, ino: self.ino, filetype: Filetype.DIRECTORY, next: 2n });
      }
      out.push(...v.fs.readdir(t, v.node, cookie, 128));
      return out;
    });
  }

  release(t: Task, f: number): void {
    const c = t.core;
    if (c.load32(f + c.k.F_AUX) === MEMFS_ID) {
      c.fn.klock();
      try {
        c.fn.memClose(c.load32(f + c.k.F_OBJ));
      } finally {
        c.fn.kunlock();
      }
    }
  }
}
