// The wasi_snapshot_preview1 import module: a table of the 45 calls, each a small
// function in fd.ts, path.ts, poll.ts or misc.ts. This file adds what every call
// shares: the kernel entry/exit protocol (a killed thread exits at its next kernel
// exit), errno mapping (a SysError is the guest's errno, a bad pointer EFAULT,
// anything else a kernel bug reported as EIO and logged), and --strace.

import { E, SysError, errnoName } from "../errno.js";
import { ThreadExit } from "../process/task.js";
import { ProcExec } from "../process/runtime.js";
import { ProcExit, type Sys } from "./sys.js";
import * as fd from "./fd.js";
import * as path from "./path.js";
import * as poll from "./poll.js";
import * as misc from "./misc.js";

export type Call = (s: Sys, ...args: never[]) => number;

/** Argument shapes, for --strace: "path" and "buf" take a (ptr, len) pair. */
export type Arg = "fd" | "int" | "hex" | "ptr" | "path" | "u64" | "buf";

export const PREVIEW1: Record<string, [Call, Arg[]]> = {
  args_get: [misc.args_get, ["ptr", "ptr"]],
  args_sizes_get: [misc.args_sizes_get, ["ptr", "ptr"]],
  environ_get: [misc.environ_get, ["ptr", "ptr"]],
  environ_sizes_get: [misc.environ_sizes_get, ["ptr", "ptr"]],
  clock_res_get: [misc.clock_res_get, ["int", "ptr"]],
  clock_time_get: [misc.clock_time_get, ["int", "u64", "ptr"]],
  fd_advise: [fd.fd_advise, ["fd", "u64", "u64", "int"]],
  fd_allocate: [fd.fd_allocate, ["fd", "u64", "u64"]],
  fd_close: [fd.fd_close, ["fd"]],
  fd_datasync: [fd.fd_datasync, ["fd"]],
  fd_fdstat_get: [fd.fd_fdstat_get, ["fd", "ptr"]],
  fd_fdstat_set_flags: [fd.fd_fdstat_set_flags, ["fd", "hex"]],
  fd_fdstat_set_rights: [fd.fd_fdstat_set_rights, ["fd", "u64", "u64"]],
  fd_filestat_get: [fd.fd_filestat_get, ["fd", "ptr"]],
  fd_filestat_set_size: [fd.fd_filestat_set_size, ["fd", "u64"]],
  fd_filestat_set_times: [fd.fd_filestat_set_times, ["fd", "u64", "u64", "hex"]],
  fd_pread: [fd.fd_pread, ["fd", "ptr", "int", "u64", "ptr"]],
  fd_prestat_get: [fd.fd_prestat_get, ["fd", "ptr"]],
  fd_prestat_dir_name: [fd.fd_prestat_dir_name, ["fd", "ptr", "int"]],
  fd_pwrite: [fd.fd_pwrite, ["fd", "ptr", "int", "u64", "ptr"]],
  fd_read: [fd.fd_read, ["fd", "ptr", "int", "ptr"]],
  fd_readdir: [fd.fd_readdir, ["fd", "ptr", "int", "u64", "ptr"]],
  fd_renumber: [fd.fd_renumber, ["fd", "fd"]],
  fd_seek: [fd.fd_seek, ["fd", "u64", "int", "ptr"]],
  fd_sync: [fd.fd_sync, ["fd"]],
  fd_tell: [fd.fd_tell, ["fd", "ptr"]],
  fd_write: [fd.fd_write, ["fd", "ptr", "int", "ptr"]],
  path_create_directory: [path.path_create_directory, ["fd", "path"]],
  path_filestat_get: [path.path_filestat_get, ["fd", "hex", "path", "ptr"]],
  path_filestat_set_times: [path.path_filestat_set_times, ["fd", "hex", "path", "u64", "u64", "hex"]],
  path_link: [path.path_link, ["fd", "hex", "path", "fd", "path"]],
  path_open: [path.path_open, ["fd", "hex", "path", "hex", "u64", "u64", "hex", "ptr"]],
  path_readlink: [path.path_readlink, ["fd", "path", "ptr", "int", "ptr"]],
  path_remove_directory: [path.path_remove_directory, ["fd", "path"]],
  path_rename: [path.path_rename, ["fd", "path", "fd", "path"]],
  path_symlink: [path.path_symlink, ["path", "fd", "path"]],
  path_unlink_file: [path.path_unlink_file, ["fd", "path"]],
  poll_oneoff: [poll.poll_oneoff, ["ptr", "ptr", "int", "ptr"]],
  proc_exit: [misc.proc_exit as Call, ["int"]],
  proc_raise: [misc.proc_raise, ["int"]],
  sched_yield: [misc.sched_yield, []],
  random_get: [misc.random_get, ["ptr", "int"]],
  sock_accept: [misc.sock_accept, ["fd", "hex", "ptr"]],
  sock_recv: [misc.sock_recv, ["fd", "ptr", "int", "hex", "ptr", "ptr"]],
  sock_send: [misc.sock_send, ["fd", "ptr", "int", "hex", "ptr"]],
  sock_shutdown: [misc.sock_shutdown, ["fd", "int"]],
};

function formatArgs(s: Sys, shapes: Arg[], args: unknown[]): string {
  const out: string[] = [];
  let i = 0;
  for (const shape of shapes) {
    const a = args[i++];
    switch (shape) {
      case "path": {
        const len = args[i++] as number;
        let str: string;
        try {
          str = JSON.stringify(s.m.string(a as number, Math.min(len, 256)));
        } catch {
          str = `0x${(a as number).toString(16)}`;
        }
        out.push(str);
        break;
      }
      case "hex": out.push(`0x${(a as number).toString(16)}`); break;
      case "ptr": out.push(`0x${((a as number) >>> 0).toString(16)}`); break;
      default: out.push(String(a));
    }
  }
  return out.join(", ");
}

export function preview1Imports(s: Sys): Record<string, (...args: never[]) => number> {
  return syscallImports(s, PREVIEW1);
}

/**
 * Calls that only read a host clock and write guest memory: they take no lock and
 * no reference, so they need not enter the kernel (a kill may terminate the worker
 * during them, as during guest code). Linux's vDSO clock_gettime is the same idea.
 */
const LEAF = new Set(["clock_time_get", "clock_res_get"]);

/**
 * Builds an import module from a syscall table. Each call enters the kernel (or
 * finds its thread killed), runs, and leaves; see assembly/events.ts for the states.
 */
export function syscallImports(s: Sys, table: Record<string, [Call, Arg[]]>): Record<string, (...args: never[]) => number> {
  const t = s.t;
  const core = t.core.fn;
  const tracing = t.log.enabled("trace");
  const imports: Record<string, (...args: never[]) => number> = {};
  for (const [name, [call, shapes]] of Object.entries(table)) {
    if (LEAF.has(name) && !tracing) {
      imports[name] = (...args: never[]): number => {
        try {
          return call(s, ...args);
        } catch (e) {
          if (e instanceof SysError) return e.errno;
          if (e instanceof RangeError) return E.FAULT;
          throw e;
        }
      };
      continue;
    }
    imports[name] = (...args: never[]): number => {
      if (!core.threadEnter(t.thread)) throw t.killedExit();
      let r: number;
      let exiting: unknown;
      try {
        r = call(s, ...args);
      } catch (e) {
        if (e instanceof SysError) r = e.errno;
        else if (e instanceof RangeError && !(e instanceof ProcExit)) r = E.FAULT;
        else if (e instanceof ProcExit || e instanceof ThreadExit || e instanceof ProcExec) {
          // The program ends here (exec: it is replaced); the thread stays in the kernel.
          exiting = e;
          r = 0;
        } else {
          t.log.error(`${name}: kernel error: ${e instanceof Error ? e.message : String(e)}`);
          t.log.debug(e instanceof Error && e.stack ? e.stack : String(e));
          r = E.IO;
        }
      }
      if (tracing) {
        const shown = exiting ? `? <${(exiting as Error).message}>` : r === 0 ? "0" : `${r} ${errnoName(r)}`;
        t.log.trace(`[${t.pid}] ${name}(${formatArgs(s, shapes, args)}) = ${shown}`);
      }
      if (exiting) throw exiting;
      if (!core.threadLeave(t.thread)) throw t.killedExit();
      return r;
    };
  }
  return imports;
}
