// What every thread does to join a kernel: instantiate the core on the shared
// heap, and build the same namespace (the in-memory root plus the mounted host
// directories, in the same order, so file system ids agree across threads).

import "../fs/kinds/index.js";
import { Core } from "../core/core.js";
import { MemFs } from "../fs/memfs.js";
import { HostFs } from "../fs/hostfs.js";
import { Vfs } from "../fs/vfs.js";
import { Logger, type LogLevel } from "../log.js";
import type { HostApi } from "../host/api.js";
import { Task } from "./task.js";

/** A host directory mounted in the namespace. */
export interface MountSpec {
  /** Absolute guest path of the mount point (a directory of the in-memory root). */
  guestPath: string;
  /** The guest path as the user wrote it, reported by fd_prestat_dir_name (e.g. "fs-tests.dir"). */
  displayName?: string;
  hostPath: string;
  readonly?: boolean;
}

/** Everything a thread needs to attach to a kernel; structured-cloneable (posted to workers). */
export interface KernelHandle {
  heap: WebAssembly.Memory;
  coreModule: WebAssembly.Module;
  mounts: MountSpec[];
  logLevel: LogLevel;
}

export interface ThreadIds {
  pid: number;
  proc: number;
  thread: number;
  fdt: number;
}

/** Attaches the calling thread to a kernel and returns its Task. */
export function attach(h: KernelHandle, host: HostApi, ids: ThreadIds, mayBlock: boolean): Task {
  const core = Core.create(h.coreModule, h.heap, mayBlock);
  const vfs = new Vfs(new MemFs(core.fn.memRoot()));
  const log = new Logger(h.logLevel, (l) => host.log(l));
  const task = new Task(core, host, vfs, log, ids.pid, ids.proc, ids.thread, ids.fdt);
  h.mounts.forEach((m, i) => {
    if (!host.fs) throw new Error("this host cannot mount host directories");
    const fs = new HostFs(i + 1, m.hostPath, host.fs, m.readonly ?? false);
    const parts = m.guestPath.split("/").filter(Boolean);
    const name = parts.pop();
    if (name === undefined) return vfs.mountRoot(fs);
    vfs.locked(task, () => {
      const parent = vfs.resolve(task, vfs.root, parts.join("/") || ".", true);
      vfs.mount(parent, name, fs);
    });
  });
  return task;
}
