// args, environ, clocks, random, proc_*, sched_yield and sock_* calls.

import { E, fail } from "../errno.js";
import { Clock, Filetype } from "./constants.js";
import { ProcExit, type Sys } from "./sys.js";

const enc = new TextEncoder();

function sizes(list: string[]): [number, number] {
  let bytes = 0;
  for (const a of list) bytes += enc.encode(a).length + 1;
  return [list.length, bytes];
}

function writeList(s: Sys, list: string[], ptrs: number, buf: number): number {
  let at = buf;
  list.forEach((a, i) => {
    const b = enc.encode(a);
    s.m.setU32(ptrs + i * 4, at);
    s.m.bytes(at, b.length + 1).set(b);
    s.m.setU8(at + b.length, 0);
    at += b.length + 1;
  });
  return 0;
}

export function args_sizes_get(s: Sys, countPtr: number, sizePtr: number): number {
  const [n, bytes] = sizes(s.args);
  s.m.setU32(countPtr, n);
  s.m.setU32(sizePtr, bytes);
  return 0;
}

export function args_get(s: Sys, ptrs: number, buf: number): number {
  return writeList(s, s.args, ptrs, buf);
}

export function environ_sizes_get(s: Sys, countPtr: number, sizePtr: number): number {
  const [n, bytes] = sizes(s.env);
  s.m.setU32(countPtr, n);
  s.m.setU32(sizePtr, bytes);
  return 0;
}

export function environ_get(s: Sys, ptrs: number, buf: number): number {
  return writeList(s, s.env, ptrs, buf);
}

function clockNow(s: Sys, id: number): bigint {
  const h = s.t.host;
  switch (id) {
    case Clock.REALTIME: return h.realtimeNs();
    case Clock.MONOTONIC: return h.monotonicNs();
    case Clock.PROCESS_CPUTIME:
    case Clock.THREAD_CPUTIME: return h.cpuTimeNs();
    default: return fail(E.INVAL);
  }
}

export function clock_res_get(s: Sys, id: number, out: number): number {
  clockNow(s, id); // EINVAL for an unknown clock
  s.m.setU64(out, id === Clock.REALTIME ? 1000n : 1n);
  return 0;
}

export function clock_time_get(s: Sys, id: number, _precision: bigint, out: number): number {
  s.m.setU64(out, clockNow(s, id));
  return 0;
}

export function random_get(s: Sys, buf: number, len: number): number {
  const dst = s.m.bytes(buf, len);
  // getRandomValues fills at most 64 KiB per call, and not a shared buffer's view.
  for (let off = 0; off < dst.length; off += 65536) {
    const chunk = new Uint8Array(Math.min(65536, dst.length - off));
    s.t.host.randomFill(chunk);
    dst.set(chunk, off);
  }
  return 0;
}

export function proc_exit(_s: Sys, code: number): never {
  throw new ProcExit(code >>> 0);
}

// Signals whose default action is to ignore them (Linux): SIGCHLD, SIGCONT, SIGURG, SIGWINCH.
const IGNORED = new Set([17, 18, 23, 28]);

/** Raises a signal in the calling process; every signal has its default action (no handlers in preview1). */
export function proc_raise(_s: Sys, sig: number): number {
  if (sig === 0) return 0;
  if (sig < 0 || sig > 31) fail(E.INVAL);
  if (IGNORED.has(sig) || sig === 19 || sig === 20 || sig === 21 || sig === 22) return 0; // stop signals: no job control here
  throw new ProcExit(128 + sig, sig);
}

export function sched_yield(_s: Sys): number {
  return 0;
}

function notSocket(s: Sys, fd: number): never {
  return s.t.with(fd, (f) => {
    if (f.kind.filetype === Filetype.SOCKET_STREAM || f.kind.filetype === Filetype.SOCKET_DGRAM) fail(E.NOTSUP);
    return fail(E.NOTSOCK);
  });
}

export function sock_accept(s: Sys, fd: number, _flags: number, _out: number): number {
  return notSocket(s, fd);
}

export function sock_recv(s: Sys, fd: number, _iovs: number, _n: number, _flags: number, _nread: number, _oflags: number): number {
  return notSocket(s, fd);
}

export function sock_send(s: Sys, fd: number, _iovs: number, _n: number, _flags: number, _out: number): number {
  return notSocket(s, fd);
}

export function sock_shutdown(s: Sys, fd: number, how: number): number {
  return s.t.with(fd, () => {
    if (how < 1 || how > 3) return notSocket(s, fd);
    return notSocket(s, fd);
  });
}
