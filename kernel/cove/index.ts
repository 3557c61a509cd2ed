// The `cove` import module: POSIX calls that wasi_snapshot_preview1 lacks, with
// POSIX-shaped signatures. Every call returns 0 or an errno (wasi-libc's numbers);
// results go through pointers, as in preview1. guests/include declares them and
// guests/libcove wraps them as ordinary POSIX functions (pipe, dup2, posix_spawn, ...).

import { syscallImports, type Arg, type Call } from "../wasi/preview1.js";
import type { Sys } from "../wasi/sys.js";
import * as fds from "./fds.js";
import * as proc from "./proc.js";
import * as epoll from "./epoll.js";

export const COVE: Record<string, [Call, Arg[]]> = {
  pipe2: [fds.pipe2, ["ptr", "hex"]],
  dup: [fds.dup, ["fd", "ptr"]],
  dup3: [fds.dup3, ["fd", "fd", "hex"]],
  fcntl: [fds.fcntl, ["fd", "int", "int", "ptr"]],
  ioctl: [fds.ioctl, ["fd", "int", "ptr"]],
  spawn: [proc.spawn, ["path", "ptr", "ptr", "ptr", "int", "hex", "ptr"]],
  exec: [proc.exec, ["path", "ptr", "ptr"]],
  wait4: [proc.wait4, ["int", "ptr", "hex", "ptr"]],
  getpid: [proc.getpid, ["ptr"]],
  getppid: [proc.getppid, ["ptr"]],
  kill: [proc.kill, ["int", "int"]],
  prlimit: [proc.prlimit, ["int", "int", "ptr", "ptr"]],
  epoll_create1: [epoll.epoll_create1, ["hex", "ptr"]],
  epoll_ctl: [epoll.epoll_ctl, ["fd", "int", "fd", "ptr"]],
  epoll_pwait: [epoll.epoll_pwait, ["fd", "ptr", "int", "int", "ptr", "ptr"]],
  eventfd: [epoll.eventfd, ["int", "hex", "ptr"]],
};

export function coveImports(s: Sys): Record<string, (...args: never[]) => number> {
  return syscallImports(s, COVE);
}
