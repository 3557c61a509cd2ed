// Reading a whole file of the namespace through the VFS (a program to run).

import { E, fail } from "../errno.js";
import { Filetype } from "../wasi/constants.js";
import { kindOf, type Filestat } from "./file.js";
import type { Task } from "../process/task.js";

/** The bytes of the regular file at an absolute namespace path, and its stat. */
export function readWholeFile(t: Task, path: string): { bytes: Uint8Array<ArrayBuffer>; st: Filestat } {
  const { vfs } = t;
  const rel = path.replace(/^\/+/, "");
  const { ofd, st } = vfs.locked(t, () => {
    const v = rel === "" ? vfs.root : vfs.resolve(t, vfs.root, rel, true);
    const st = v.fs.stat(t, v.node);
    if (st.filetype === Filetype.DIRECTORY) fail(E.ISDIR);
    if (st.filetype !== Filetype.REGULAR_FILE) fail(E.ACCES);
    return { ofd: v.fs.open(t, v.node, { read: true, write: false, fdflags: 0 }), st };
  });
  try {
    const bytes = new Uint8Array(Number(st.size));
    const kind = kindOf(t, ofd);
    let off = 0;
    while (off < bytes.length) {
      const n = kind.read(t, ofd, [bytes.subarray(off)], BigInt(off));
      if (n === 0) break;
      off += n;
    }
    return { bytes: bytes.subarray(0, off), st };
  } finally {
    t.put(ofd);
  }
}
