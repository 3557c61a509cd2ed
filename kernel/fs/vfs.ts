// The virtual file system: a mount table over file systems, and the path walk.
//
// Confinement (DESIGN.md invariant): a path is always resolved relative to a
// directory (a dirfd) and can never leave that directory's subtree — cap-std's
// rule, which wasmtime and the WASI test suite expect. The walk keeps the stack of
// directories it descended through; ".." pops it, and popping past the start is
// an escape (EPERM), as are absolute paths and absolute symlinks, even from the
// namespace root. So a guest reaches exactly what was mounted for it, whatever
// "..", symlinks or trailing slashes it uses, and host symlinks are interpreted by
// the kernel (never followed by the host: hostfs opens with O_NOFOLLOW).
//
// Locking: every path operation runs under the kernel lock, start to end. It
// covers in-memory inodes (they cannot be freed under a walk) and makes each
// operation atomic with respect to other processes' path operations.

import { E, SysError, fail } from "../errno.js";
import { Filetype } from "../wasi/constants.js";
import type { DirEntry, Filestat } from "./file.js";
import type { Task } from "../process/task.js";

export type FsNode = number | string;

export interface OpenMode {
  read: boolean;
  write: boolean;
  /** WASI fdflags (APPEND, NONBLOCK, ...). */
  fdflags: number;
}

/** A file system mounted in the namespace. Every method runs under the kernel lock. */
export interface Fs {
  readonly id: number;
  readonly root: FsNode;
  readonly readonly: boolean;
  /** The entry called name in dir (not following a final symlink); throws ENOENT/ENOTDIR. */
  lookup(t: Task, dir: FsNode, name: string): FsNode;
  filetype(t: Task, node: FsNode): number;
  readlink(t: Task, node: FsNode): string;
  stat(t: Task, node: FsNode): Filestat;
  mkdir(t: Task, dir: FsNode, name: string): void;
  /** Creates and returns an empty regular file; EEXIST if the name is taken. */
  createFile(t: Task, dir: FsNode, name: string): FsNode;
  symlink(t: Task, dir: FsNode, name: string, target: string): void;
  link(t: Task, node: FsNode, dir: FsNode, name: string): void;
  unlink(t: Task, dir: FsNode, name: string, rmdir: boolean): void;
  rename(t: Task, odir: FsNode, oname: string, ndir: FsNode, nname: string): void;
  setTimes(t: Task, node: FsNode, atim: bigint | null, mtim: bigint | null): void;
  /** Up to max entries after `cookie` (cookies 1 and 2 are "." and "..", added by the caller). */
  readdir(t: Task, dir: FsNode, cookie: bigint, max: number): DirEntry[];
  /** Empties a regular file (O_TRUNC). */
  truncate(t: Task, node: FsNode): void;
  /** Opens a node as an open-file description (one reference). */
  open(t: Task, node: FsNode, mode: OpenMode): number;
  /** A key for the mount table. */
  key(node: FsNode): string;
}

export interface Vnode {
  fs: Fs;
  node: FsNode;
}

export interface ParentRef {
  dir: Vnode;
  name: string;
  trailingSlash: boolean;
}

const MAX_SYMLINKS = 40;
export const PATH_MAX = 4096;
const NAME_MAX = 255;

export class Vfs {
  private readonly fsById: Fs[] = [];
  /** "fsid:key of a directory/name" -> root of the file system mounted there. */
  private readonly mounts = new Map<string, Vnode>();
  private readonly mountRoots = new Set<string>();

  constructor(private rootFs: Fs) {
    this.fsById[rootFs.id] = rootFs;
  }

  /** Mounts fs over "/" itself (wasmtime's --dir HOST::/): it becomes the namespace root. */
  mountRoot(fs: Fs): void {
    this.fsById[fs.id] = fs;
    this.rootFs = fs;
  }

  get root(): Vnode {
    return { fs: this.rootFs, node: this.rootFs.root };
  }

  fs(id: number): Fs {
    const f = this.fsById[id];
    if (!f) throw new Error(`no file system ${id}`);
    return f;
  }

  /** Mounts fs over the directory `name` in `parent`. */
  mount(parent: Vnode, name: string, fs: Fs): void {
    this.fsById[fs.id] = fs;
    this.mounts.set(`${parent.fs.id}:${parent.fs.key(parent.node)}/${name}`, { fs, node: fs.root });
    this.mountRoots.add(`${fs.id}:${fs.key(fs.root)}`);
  }

  isMountRoot(v: Vnode): boolean {
    return this.mountRoots.has(`${v.fs.id}:${v.fs.key(v.node)}`);
  }

  isMountPoint(dir: Vnode, name: string): boolean {
    return this.mounts.has(`${dir.fs.id}:${dir.fs.key(dir.node)}/${name}`);
  }

  private child(t: Task, dir: Vnode, name: string): Vnode {
    const m = this.mounts.get(`${dir.fs.id}:${dir.fs.key(dir.node)}/${name}`);
    if (m) return m;
    return { fs: dir.fs, node: dir.fs.lookup(t, dir.node, name) };
  }

  /** Runs a path operation under the kernel lock. */
  locked<T>(t: Task, fn: () => T): T {
    t.core.fn.klock();
    try {
      t.setNow();
      return fn();
    } finally {
      t.core.fn.kunlock();
    }
  }

  /**
   * Walks `path` from `start`. With wantParent, stops before the last component
   * and returns it unresolved; otherwise returns the node, following a final
   * symlink when follow is set (or the path ends in a slash).
   */
  private walk(t: Task, start: Vnode, path: string, follow: boolean, wantParent: true): ParentRef;
  private walk(t: Task, start: Vnode, path: string, follow: boolean, wantParent: false): Vnode;
  private walk(t: Task, start: Vnode, path: string, follow: boolean, wantParent: boolean): Vnode | ParentRef {
    checkPath(path);
    const stack: Vnode[] = [start];
    let parts = splitPath(path);
    let trailingSlash = path.endsWith("/");
    let links = 0;
    let i = 0;
    for (;;) {
      // An empty path names the start directory itself (only reached via "x/.." style paths or symlinks).
      if (i >= parts.length) {
        const top = stack[stack.length - 1]!;
        if (wantParent) return { dir: top, name: ".", trailingSlash };
        return top;
      }
      const name = parts[i]!;
      const last = i === parts.length - 1;
      if (wantParent && last) return { dir: stack[stack.length - 1]!, name, trailingSlash };
      i++;
      if (name === ".") continue;
      if (name === "..") {
        if (stack.length === 1) fail(E.PERM);
        stack.pop();
        continue;
      }
      const dir = stack[stack.length - 1]!;
      const node = this.child(t, dir, name);
      const type = node.fs.filetype(t, node.node);
      if (type === Filetype.SYMBOLIC_LINK && (!last || follow || trailingSlash)) {
        if (++links > MAX_SYMLINKS) fail(E.LOOP);
        const target = node.fs.readlink(t, node.node);
        if (target.length === 0) fail(E.NOENT);
        const rest = parts.slice(i);
        parts = [...splitPath(target), ...rest];
        if (last && target.endsWith("/")) trailingSlash = true;
        i = 0;
        continue;
      }
      if (!last) {
        if (type !== Filetype.DIRECTORY) fail(E.NOTDIR);
        stack.push(node);
        continue;
      }
      if (trailingSlash && type !== Filetype.DIRECTORY && type !== Filetype.SYMBOLIC_LINK) fail(E.NOTDIR);
      return node;
    }
  }

  resolve(t: Task, start: Vnode, path: string, follow: boolean): Vnode {
    return this.walk(t, start, path, follow, false);
  }

  resolveParent(t: Task, start: Vnode, path: string): ParentRef {
    const ref = this.walk(t, start, path, true, true);
    if (ref.name !== "." && ref.name !== "..") {
      if (ref.name.length > NAME_MAX && new TextEncoder().encode(ref.name).length > NAME_MAX) fail(E.NAMETOOLONG);
    }
    return ref;
  }

  /** The entry `name` in dir, or undefined if there is none. */
  tryChild(t: Task, dir: Vnode, name: string): Vnode | undefined {
    try {
      return this.child(t, dir, name);
    } catch (e) {
      if (e instanceof SysError && e.errno === E.NOENT) return undefined;
      throw e;
    }
  }
}

/** Paths are UTF-8 without NUL, at most PATH_MAX bytes. */
export function checkPath(path: string): void {
  if (path.length === 0) fail(E.NOENT);
  if (path.includes("\0")) fail(E.INVAL);
  if (path.length > PATH_MAX) fail(E.NAMETOOLONG);
}

function splitPath(path: string): string[] {
  if (path.startsWith("/")) fail(E.PERM);
  const parts = path.split("/").filter((p) => p.length > 0);
  for (const p of parts) if (p.length > NAME_MAX && new TextEncoder().encode(p).length > NAME_MAX) fail(E.NAMETOOLONG);
  return parts;
}
