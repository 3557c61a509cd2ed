// cove.* epoll and eventfd calls, with Linux's errnos (epoll_ctl(2), epoll_wait(2),
// eventfd(2)). The interest set and the ready list are the core's
// (assembly/epoll.ts); this file decodes, checks, and runs the level/edge/oneshot
// rules when events are harvested.

import { E, fail } from "../errno.js";
import { Kind } from "../fs/file.js";
import { epollOf, itemEvents, underKlock } from "../fs/kinds/epoll.js";
import { Dev } from "../fs/kinds/device.js";
import { Fdflags, RIGHTS_STREAM } from "../wasi/constants.js";
import type { Sys } from "../wasi/sys.js";
import type { FileRef, Task } from "../process/task.js";
import { FD_CLOEXEC, O_CLOEXEC } from "./fds.js";

const EPOLL_CTL_ADD = 1;
const EPOLL_CTL_DEL = 2;
const EPOLL_CTL_MOD = 3;
const EPOLL_EVENT_SIZE = 16; // { u32 events; u32 pad; u64 data } (wasm32, not packed)
const MAX_NESTS = 4; // Linux's EP_MAX_NESTS: at most 4 epoll-in-epoll links in a chain
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
  c.store32(ep + c.k.EP_OFD, f); // for the loop check's walk upwards
  s.m.setU32(out, t.install(f, RIGHTS_STREAM, 0, flags & O_CLOEXEC ? FD_CLOEXEC : 0));
  return 0;
}

function isEpoll(t: Task, f: FileRef): boolean {
  return t.core.load32(f.ofd + t.core.k.F_KIND) === Kind.EPOLL;
}

/**
 * Files with no poll in Linux are EPERM: regular files, directories, and the devices
 * null, zero, full and urandom (only /dev/random has a poll).
 */
function pollable(t: Task, f: FileRef): boolean {
  const c = t.core;
  const kind = c.load32(f.ofd + c.k.F_KIND);
  if (kind === Kind.DEVICE) return c.load32(f.ofd + c.k.F_OBJ) === Dev.RANDOM;
  return kind !== Kind.MEMFILE && kind !== Kind.HOSTFILE && kind !== Kind.DIR;
}

/**
 * Linux's ep_loop_check (6.x): adding epoll `to` into epoll `into` must not close a
 * cycle, and the longest chain of epolls watching epolls through the new link must
 * stay within EP_MAX_NESTS links: depth below `to` + 1 + depth above `into`.
 * Under the kernel lock (no epoll_ctl runs meanwhile).
 */
function loopCheckFails(t: Task, into: number, to: number): boolean {
  const c = t.core;
  const down = new Map<number, number>();
  const below = (ep: number, depth: number): number => {
    const memo = down.get(ep);
    if (memo !== undefined) return memo;
    let result = 0;
    for (let i = c.fn.epItemAfter(ep, 0); i !== 0; i = c.fn.epItemAfter(ep, i)) {
      const ofd = c.load32(i + c.k.EPI_OFD);
      if (c.load32(ofd + c.k.F_KIND) !== Kind.EPOLL) continue;
      const inner = c.load32(ofd + c.k.F_OBJ);
      result = inner === into || depth > MAX_NESTS ? Infinity : Math.max(result, below(inner, depth + 1) + 1);
      if (result > MAX_NESTS) break;
    }
    down.set(ep, result);
    return result;
  };
  const depth = below(to, 0);
  if (depth > MAX_NESTS) return true;
  const up = new Map<number, number>();
  const above = (ep: number): number => {
    const memo = up.get(ep);
    if (memo !== undefined) return memo;
    up.set(ep, 0);
    let result = 0;
    const ofd = c.load32(ep + c.k.EP_OFD);
    for (let i = c.fn.ofdFirstEpitem(ofd); i !== 0; i = c.load32(i + c.k.EPI_ONEXT)) {
      result = Math.max(result, above(c.load32(i + c.k.EPI_EP)) + 1);
    }
    up.set(ep, result);
    return result;
  };
  return depth + 1 + above(into) > MAX_NESTS;
}

// EPOLLEXCLUSIVE may come only with these (Linux's EPOLLEXCLUSIVE_OK_BITS).
const EXCLUSIVE_OK = 0x001 | 0x004 | 0x008 | 0x010 | (1 << 29) | (1 << 31) | (1 << 28);

/** epoll_ctl, with Linux's checks in Linux's order (do_epoll_ctl). */
export function epoll_ctl(s: Sys, epfd: number, op: number, fd: number, eventPtr: number): number {
  const t = s.t;
  const c = t.core;
  const epf = t.get(epfd);
  let tf: FileRef | undefined;
  try {
    tf = t.get(fd);
    if (!pollable(t, tf)) fail(E.PERM);
    let events = 0;
    let lo = 0;
    let hi = 0;
    if (op !== EPOLL_CTL_DEL) {
      events = s.m.u32(eventPtr);
      lo = s.m.u32(eventPtr + 8);
      hi = s.m.u32(eventPtr + 12);
    }
    if (epf.ofd === tf.ofd || !isEpoll(t, epf)) fail(E.INVAL);
    if (op !== EPOLL_CTL_DEL && events & c.k.EPOLLEXCLUSIVE) {
      if (op === EPOLL_CTL_MOD) fail(E.INVAL);
      if (op === EPOLL_CTL_ADD && (isEpoll(t, tf) || (events & ~EXCLUSIVE_OK) !== 0)) fail(E.INVAL);
    }
    const ep = epollOf(t, epf.ofd);
    const target = tf;
    return underKlock(t, () => {
      if (op === EPOLL_CTL_ADD && isEpoll(t, target) && loopCheckFails(t, ep, epollOf(t, target.ofd))) fail(E.LOOP);
      const item = c.fn.epFind(ep, fd, target.ofd);
      if (op === EPOLL_CTL_ADD) {
        if (item !== 0) fail(E.EXIST);
        const i = c.fn.epInsert(ep, fd, target.ofd, events, lo, hi, target.kind.notifier(t, target.ofd));
        if (i === 0) fail(E.NOMEM);
        queueIfReady(t, i);
      } else if (op === EPOLL_CTL_MOD) {
        if (item === 0) fail(E.NOENT);
        if (c.load32(item + c.k.EPI_EVENTS) & c.k.EPOLLEXCLUSIVE) fail(E.INVAL);
        c.fn.epModify(item, events, lo, hi);
        queueIfReady(t, item);
      } else if (op === EPOLL_CTL_DEL) {
        if (item === 0) fail(E.NOENT);
        c.fn.epRemove(item);
      } else {
        fail(E.INVAL);
      }
      return 0;
    });
  } finally {
    if (tf) t.put(tf);
    t.put(epf);
  }
}

function queueIfReady(t: Task, i: number): void {
  if (itemEvents(t, i) !== 0) t.core.fn.epReady(i);
}

interface Harvested {
  events: number;
  lo: number;
  hi: number;
}

/** Takes up to max ready events; level-triggered items go back on the list. */
function harvest(t: Task, ep: number, max: number): Harvested[] | undefined {
  const c = t.core;
  // Nothing queued: no need for the kernel lock (a waiter re-checks after it
  // registers, so an item queued meanwhile is not missed).
  if (c.fn.epReadyCount(ep) === 0) return undefined;
  const out: Harvested[] = [];
  const requeue: number[] = [];
  underKlock(t, () => {
    while (out.length < max) {
      const i = c.fn.epPop(ep);
      if (i === 0) break;
      if (c.load32(i + c.k.EPI_DISABLED)) continue;
      const revents = itemEvents(t, i);
      if (revents === 0) continue; // no longer ready: it comes back on its next event
      const ev = c.load32(i + c.k.EPI_EVENTS);
      out.push({ events: revents, lo: c.load32(i + c.k.EPI_DATA), hi: c.load32(i + c.k.EPI_DATA + 4) });
      if (ev & c.k.EPOLLONESHOT) c.fn.epDisable(i);
      else if (!(ev & c.k.EPOLLET)) requeue.push(i);
    }
    for (const i of requeue) c.fn.epReady(i);
  });
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
  return t.with(epfd, (f) => {
    // Linux 6.x: the fd first (EBADF), then maxevents and the buffer, then the kind.
    if (max <= 0 || max > 0x7fffffff / EPOLL_EVENT_SIZE) fail(E.INVAL);
    s.m.bytes(eventsPtr, max * EPOLL_EVENT_SIZE);
    s.m.bytes(out, 4);
    if (sigmask !== 0) s.m.bytes(sigmask, 8);
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
