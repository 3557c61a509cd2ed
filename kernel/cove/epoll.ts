// cove.* epoll and eventfd calls, with Linux's errnos (epoll_ctl(2), epoll_wait(2),
// eventfd(2)). The interest set and the ready list are the core's
// (assembly/epoll.ts); this file decodes, checks, and runs the level/edge/oneshot
// rules when events are harvested.

import { E, fail } from "../errno.js";
import { Kind, kindOf } from "../fs/file.js";
import { epollOf } from "../fs/kinds/epoll.js";
import { Fdflags, RIGHTS_STREAM } from "../wasi/constants.js";
import type { Sys } from "../wasi/sys.js";
import type { FileRef, Task } from "../process/task.js";
import { FD_CLOEXEC, O_CLOEXEC } from "./fds.js";

const EPOLL_CTL_ADD = 1;
const EPOLL_CTL_DEL = 2;
const EPOLL_CTL_MOD = 3;
const EPOLL_EVENT_SIZE = 16; // { u32 events; u32 pad; u64 data } (wasm32, not packed)
const MAX_NESTS = 4; // Linux's EP_MAX_NESTS
const EFD_SEMAPHORE = 1;

export function epoll_create1(s: Sys, flags: number, out: number): number {
  if (flags & ~O_CLOEXEC) fail(E.INVAL);
  const t = s.t;
  const c = t.core;
  s.m.bytes(out, 4);
  const ep = c.fn.epCreate();
  if (ep === 0) fail(E.NOMEM);
  const f = c.fn.ofdCreate(Kind.EPOLL, 0, ep, 0);
  if (f === 0) {
    c.fn.epFree(ep);
    fail(E.NOMEM);
  }
  s.m.setU32(out, t.install(f, RIGHTS_STREAM, 0, flags & O_CLOEXEC ? FD_CLOEXEC : 0));
  return 0;
}

function isEpoll(t: Task, f: FileRef): boolean {
  return t.core.load32(f.ofd + t.core.k.F_KIND) === Kind.EPOLL;
}

/** ELOOP if watching `target` from `ep` would close a cycle or nest too deep. */
function checkLoop(t: Task, target: number, ep: number, depth: number): void {
  if (target === ep || depth > MAX_NESTS) fail(E.LOOP);
  const c = t.core;
  for (let i = c.fn.epItemAfter(target, 0); i !== 0; i = c.fn.epItemAfter(target, i)) {
    const ofd = c.load32(i + c.k.EPI_OFD);
    if (c.load32(ofd + c.k.F_KIND) === Kind.EPOLL) checkLoop(t, c.load32(ofd + c.k.F_OBJ), ep, depth + 1);
  }
}

export function epoll_ctl(s: Sys, epfd: number, op: number, fd: number, eventPtr: number): number {
  const t = s.t;
  const c = t.core;
  const epf = t.get(epfd);
  let tf: FileRef | undefined;
  try {
    tf = t.get(fd);
    if (!isEpoll(t, epf) || epfd === fd) fail(E.INVAL);
    const kind = c.load32(tf.ofd + c.k.F_KIND);
    // Linux: regular files and directories do not support epoll.
    if (kind === Kind.MEMFILE || kind === Kind.HOSTFILE || kind === Kind.DIR) fail(E.PERM);
    let events = 0;
    let lo = 0;
    let hi = 0;
    if (op === EPOLL_CTL_ADD || op === EPOLL_CTL_MOD) {
      events = s.m.u32(eventPtr);
      lo = s.m.u32(eventPtr + 8);
      hi = s.m.u32(eventPtr + 12);
      if (events & c.k.EPOLLEXCLUSIVE && (events & c.k.EPOLLONESHOT || op === EPOLL_CTL_MOD)) fail(E.INVAL);
      if (events & c.k.EPOLLEXCLUSIVE && isEpoll(t, tf)) fail(E.INVAL);
    } else if (op !== EPOLL_CTL_DEL) fail(E.INVAL);
    const ep = epollOf(t, epf.ofd);
    const target = tf;
    c.fn.klock();
    try {
      const item = c.fn.epFind(ep, fd, target.ofd);
      if (op === EPOLL_CTL_ADD) {
        if (item !== 0) fail(E.EXIST);
        if (isEpoll(t, target)) checkLoop(t, epollOf(t, target.ofd), ep, 1);
        const i = c.fn.epInsert(ep, fd, target.ofd, events, lo, hi, target.kind.notifier(t, target.ofd));
        if (i === 0) fail(E.NOMEM);
        queueIfReady(t, i, target);
      } else if (op === EPOLL_CTL_MOD) {
        if (item === 0) fail(E.NOENT);
        if (c.load32(item + c.k.EPI_EVENTS) & c.k.EPOLLEXCLUSIVE) fail(E.INVAL);
        c.fn.epModify(item, events, lo, hi);
        queueIfReady(t, item, target);
      } else {
        if (item === 0) fail(E.NOENT);
        c.fn.epRemove(item);
      }
    } finally {
      c.fn.kunlock();
    }
    return 0;
  } finally {
    if (tf) t.put(tf);
    t.put(epf);
  }
}

/** Events of interest the file has now (ERR and HUP always count). */
function readyEvents(t: Task, i: number, f: { kind: ReturnType<typeof kindOf>; ofd: number }): number {
  const wanted = (t.core.load32(i + t.core.k.EPI_EVENTS) & 0x0fffffff) | 0x18;
  return f.kind.poll(t, f.ofd) & wanted;
}

function queueIfReady(t: Task, i: number, f: FileRef): void {
  if (readyEvents(t, i, f) !== 0) t.core.fn.epReady(i);
}

interface Harvested {
  events: number;
  lo: number;
  hi: number;
}

/** Takes up to max ready events; level-triggered items go back on the list. */
function harvest(t: Task, ep: number, max: number): Harvested[] | undefined {
  const c = t.core;
  const out: Harvested[] = [];
  const requeue: number[] = [];
  c.fn.klock();
  try {
    while (out.length < max) {
      const i = c.fn.epPop(ep);
      if (i === 0) break;
      if (c.load32(i + c.k.EPI_DISABLED)) continue;
      const ofd = c.load32(i + c.k.EPI_OFD);
      const revents = readyEvents(t, i, { kind: kindOf(t, ofd), ofd });
      if (revents === 0) continue; // no longer ready: it comes back on its next event
      const ev = c.load32(i + c.k.EPI_EVENTS);
      out.push({ events: revents, lo: c.load32(i + c.k.EPI_DATA), hi: c.load32(i + c.k.EPI_DATA + 4) });
      if (ev & c.k.EPOLLONESHOT) c.fn.epDisable(i);
      else if (!(ev & c.k.EPOLLET)) requeue.push(i);
    }
    for (const i of requeue) c.fn.epReady(i);
  } finally {
    c.fn.kunlock();
  }
  return out.length > 0 ? out : undefined;
}

/**
 * epoll_pwait(epfd, events, maxevents, timeout_ms, sigmask, n_out). Cove has no
 * signal handlers yet, so no signal can interrupt the wait and the mask has
 * nothing to change; it is checked for a valid pointer only.
 */
export function epoll_pwait(s: Sys, epfd: number, eventsPtr: number, max: number, timeout: number, sigmask: number, out: number): number {
  const t = s.t;
  const c = t.core;
  if (max <= 0 || max > 0x7fffffff / EPOLL_EVENT_SIZE) fail(E.INVAL);
  s.m.bytes(eventsPtr, max * EPOLL_EVENT_SIZE);
  s.m.bytes(out, 4);
  if (sigmask !== 0) s.m.bytes(sigmask, 8);
  return t.with(epfd, (f) => {
    if (!isEpoll(t, f)) fail(E.INVAL);
    const ep = epollOf(t, f.ofd);
    const check = () => harvest(t, ep, max);
    let got: Harvested[] | undefined;
    if (timeout === 0) got = check();
    else {
      const deadline = timeout < 0 ? undefined : t.host.monotonicNs() + BigInt(timeout) * 1_000_000n;
      got = t.waitFor([[ep + c.k.EP_NOTIFIER, c.k.EV_IN]], check, deadline);
    }
    const events = got ?? [];
    events.forEach((e, k) => {
      const p = eventsPtr + k * EPOLL_EVENT_SIZE;
      s.m.setU32(p, e.events);
      s.m.setU32(p + 4, 0);
      s.m.setU32(p + 8, e.lo);
      s.m.setU32(p + 12, e.hi);
    });
    s.m.setU32(out, events.length);
    return 0;
  });
}

export function eventfd(s: Sys, initval: number, flags: number, out: number): number {
  if (flags & ~(EFD_SEMAPHORE | Fdflags.NONBLOCK | O_CLOEXEC)) fail(E.INVAL);
  const t = s.t;
  const c = t.core;
  s.m.bytes(out, 4);
  const e = c.fn.efdCreate(initval >>> 0);
  if (e === 0) fail(E.NOMEM);
  const f = c.fn.ofdCreate(Kind.EVENTFD, 0x300 | (flags & Fdflags.NONBLOCK), e, flags & EFD_SEMAPHORE);
  if (f === 0) {
    c.fn.efdFree(e);
    fail(E.NOMEM);
  }
  s.m.setU32(out, t.install(f, RIGHTS_STREAM, 0, flags & O_CLOEXEC ? FD_CLOEXEC : 0));
  return 0;
}
