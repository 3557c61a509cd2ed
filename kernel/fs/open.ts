// Opening a path (path_open, open actions of spawn): resolve, create if asked,
// check the kind against the flags, open, truncate. Runs under the kernel lock.

import { E, fail } from "../errno.js";
import { Filetype, Oflags } from "../wasi/constants.js";
import type { Vnode } from "./vfs.js";
import type { Task } from "../process/task.js";

export interface Access {
  read: boolean;
  write: boolean;
}

/** Opens `name` relative to `dir`; returns the new description (one reference) and the file's type. */
export function openAt(t: Task, dir: Vnode, name: string, follow: boolean, oflags: number, fdflags: number, acc: Access): { ofd: number; type: number } {
  const { vfs } = t;
  return vfs.locked(t, () => {
    let v: Vnode;
    if (oflags & Oflags.CREAT) {
      const ref = vfs.resolveParent(t, dir, name);
      if (ref.name === "." || ref.name === "..") {
        if (oflags & Oflags.EXCL) fail(E.EXIST);
        fail(E.ISDIR);
      }
      const existing = vfs.tryChild(t, ref.dir, ref.name);
      if (existing) {
        if (oflags & Oflags.EXCL) fail(E.EXIST);
        // Walk again from dir, not ref.dir: a symlink's ".." or absolute target is relative
        // to where the walk started (a walk from ref.dir would call it an escape).
        v = vfs.resolve(t, dir, name, follow);
      } else {
        if (ref.trailingSlash) fail(E.ISDIR);
        if (oflags & Oflags.DIRECTORY) fail(E.NOENT);
        v = { fs: ref.dir.fs, node: ref.dir.fs.createFile(t, ref.dir.node, ref.name) };
      }
    } else {
      v = vfs.resolve(t, dir, name, follow);
    }
    const type = v.fs.filetype(t, v.node);
    if (type === Filetype.SYMBOLIC_LINK) fail(E.LOOP);
    if (oflags & Oflags.DIRECTORY && type !== Filetype.DIRECTORY) fail(E.NOTDIR);
    if (type === Filetype.DIRECTORY && (acc.write || oflags & Oflags.TRUNC)) fail(E.ISDIR);
    if (oflags & Oflags.TRUNC && type === Filetype.REGULAR_FILE) v.fs.truncate(t, v.node);
    const f = v.fs.open(t, v.node, { read: acc.read || !acc.write, write: acc.write, fdflags });
    return { ofd: f, type };
  });
}
