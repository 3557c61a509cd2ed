// epoll in shared memory (Linux's fs/eventpoll.c, in the shape of Occlum's).
//
// An epoll instance (EP) has an interest set — items (EPI) keyed by (fd, open-file
// description), in a hash table — and a ready list. Each item is an observer
// (events.ts) on its file's notifier: when the file broadcasts an event the item
// is interested in, epollCallback appends the item to the ready list (O(1)) and
// wakes the instance's own notifier, where epoll_wait callers (and epolls that
// watch this epoll) listen. epoll_wait then only looks at the ready list, so its
// cost follows the number of ready files, not the number watched. The caller
// re-checks each ready item's current readiness (level-triggered items go back
// on the list; ONESHOT items are disabled until EPOLL_CTL_MOD).
//
// Every item is also linked from its description (F_EPITEMS), so that closing the
// last fd of a description removes it from every epoll set.
//
// Locking: EP_LOCK guards the ready list and hash; H_ELOCK the per-description
// item lists. Order: a file's notifier lock -> EP_LOCK -> the EP's notifier lock
// (the callback path). epoll_ctl never holds EP_LOCK while (un)registering an
// observer, so the order is never reversed. The kernel lock serialises epoll_ctl
// calls (and the loop check) across the whole kernel.

import { HEADER, H_ELOCK, H_EPITEMS } from "./layout";
import { kalloc, kfree } from "./alloc";
import { mutexLock, mutexUnlock } from "./sync";
import { EV_IN, O_MASK, OBS_EPOLL, notifierAdd, notifierRemove, notifierBroadcast } from "./events";
import { F_EPITEMS } from "./file";

// (16 is NOTIFIER_SIZE; events.ts imports this file, so its constants are not yet
// initialised when these are.)
export const EP_NOTIFIER: usize = 0;
export const EP_LOCK: usize = 16;
export const EP_BUCKETS: usize = 20;
export const EP_NBUCKETS: usize = 24;
export const EP_COUNT: usize = 28;
export const EP_RDHEAD: usize = 32;
export const EP_RDTAIL: usize = 36;
export const EP_NREADY: usize = 40;
export const EP_OFD: usize = 44; // the instance's open-file description (set by epoll_create1)
export const EPOLL_SIZE: usize = 48;

// Item: an observer first (so the observer's address is the item's).
export const EPI_EP: usize = 32;
export const EPI_FD: usize = 36;
export const EPI_OFD: usize = 40;
export const EPI_EVENTS: usize = 44; // interest mask + EPOLLET/ONESHOT/EXCLUSIVE
export const EPI_DATA: usize = 48; // u64, the user's epoll_data
export const EPI_RDNEXT: usize = 56;
export const EPI_RDPREV: usize = 60;
export const EPI_READY: usize = 64;
export const EPI_HNEXT: usize = 68;
export const EPI_ONEXT: usize = 72;
export const EPI_OPREV: usize = 76;
export const EPI_NOTIFIER: usize = 80; // the file's notifier (0: always ready)
export const EPI_DISABLED: usize = 84; // a ONESHOT item that fired
export const EPI_SIZE: usize = 96;

export const EPOLLEXCLUSIVE: u32 = 1 << 28;
export const EPOLLONESHOT: u32 = 1 << 30;
export const EPOLLET: u32 = 1 << 31;

export function epCreate(): usize {
  const ep = kalloc(EPOLL_SIZE);
  if (ep == 0) return 0;
  const nb: u32 = 16;
  const b = kalloc(<usize>nb << 2);
  if (b == 0) {
    kfree(ep);
    return 0;
  }
  store<u32>(ep + EP_BUCKETS, <u32>b);
  store<u32>(ep + EP_NBUCKETS, nb);
  atomic.add<u32>(HEADER + H_EPITEMS + 4, 1); // live epoll instances
  return ep;
}

/** Frees an instance whose items were all removed. */
export function epFree(ep: usize): void {
  kfree(<usize>load<u32>(ep + EP_BUCKETS));
  kfree(ep);
  atomic.sub<u32>(HEADER + H_EPITEMS + 4, 1);
}

@inline function bucketOf(ep: usize, fd: u32, ofd: u32): usize {
  const h = (fd * 2654435761) ^ (ofd >> 3);
  return <usize>load<u32>(ep + EP_BUCKETS) + (<usize>(h & (load<u32>(ep + EP_NBUCKETS) - 1)) << 2);
}

export function epFind(ep: usize, fd: u32, ofd: u32): usize {
  mutexLock(ep + EP_LOCK);
  let i = <usize>load<u32>(bucketOf(ep, fd, ofd));
  while (i != 0 && (load<u32>(i + EPI_FD) != fd || load<u32>(i + EPI_OFD) != ofd)) i = <usize>load<u32>(i + EPI_HNEXT);
  mutexUnlock(ep + EP_LOCK);
  return i;
}

/** Doubles the hash table when it is full (EP_LOCK held), so lookups stay O(1). */
function grow(ep: usize): void {
  const nb = load<u32>(ep + EP_NBUCKETS);
  if (load<u32>(ep + EP_COUNT) < nb) return;
  const fresh = kalloc(<usize>(nb * 2) << 2);
  if (fresh == 0) return; // keep the old table: slower, still correct
  const old = <usize>load<u32>(ep + EP_BUCKETS);
  store<u32>(ep + EP_BUCKETS, <u32>fresh);
  store<u32>(ep + EP_NBUCKETS, nb * 2);
  for (let b: u32 = 0; b < nb; b++) {
    let i = <usize>load<u32>(old + (<usize>b << 2));
    while (i != 0) {
      const next = <usize>load<u32>(i + EPI_HNEXT);
      const slot = bucketOf(ep, load<u32>(i + EPI_FD), load<u32>(i + EPI_OFD));
      store<u32>(i + EPI_HNEXT, load<u32>(slot));
      store<u32>(slot, <u32>i);
      i = next;
    }
  }
  kfree(old);
}

/**
 * Adds an item (the caller checked it is not there) and registers it on the
 * file's notifier `nfy` (0 for a file that is always ready). Returns the item or 0.
 */
export function epInsert(ep: usize, fd: u32, ofd: usize, events: u32, dataLo: u32, dataHi: u32, nfy: usize): usize {
  const i = kalloc(EPI_SIZE);
  if (i == 0) return 0;
  store<u32>(i + EPI_EP, <u32>ep);
  store<u32>(i + EPI_FD, fd);
  store<u32>(i + EPI_OFD, <u32>ofd);
  store<u32>(i + EPI_EVENTS, events);
  store<u32>(i + EPI_DATA, dataLo);
  store<u32>(i + EPI_DATA + 4, dataHi);
  store<u32>(i + EPI_NOTIFIER, <u32>nfy);
  mutexLock(ep + EP_LOCK);
  grow(ep);
  const slot = bucketOf(ep, fd, <u32>ofd);
  store<u32>(i + EPI_HNEXT, load<u32>(slot));
  store<u32>(slot, <u32>i);
  store<u32>(ep + EP_COUNT, load<u32>(ep + EP_COUNT) + 1);
  mutexUnlock(ep + EP_LOCK);
  // Link from the description.
  mutexLock(HEADER + H_ELOCK);
  const head = load<u32>(ofd + F_EPITEMS);
  store<u32>(i + EPI_ONEXT, head);
  store<u32>(i + EPI_OPREV, 0);
  if (head != 0) store<u32>(<usize>head + EPI_OPREV, <u32>i);
  store<u32>(ofd + F_EPITEMS, <u32>i);
  mutexUnlock(HEADER + H_ELOCK);
  atomic.add<u32>(HEADER + H_EPITEMS, 1);
  if (nfy != 0) notifierAdd(nfy, i, maskOf(events), OBS_EPOLL, i);
  return i;
}

/**
 * What an item listens for: its events, plus ERR and HUP, which are always reported.
 * Files broadcast IN and OUT only, so RDNORM (WRNORM) listens for IN (OUT); whether
 * the file reports the bit is up to its poll.
 */
function maskOf(events: u32): u32 {
  let m = (events & 0x0fffffff) | 0x18;
  if ((events & 0x040) != 0) m |= EV_IN; // EPOLLRDNORM
  if ((events & 0x100) != 0) m |= 0x004; // EPOLLWRNORM -> EPOLLOUT
  return m;
}

/** EPOLL_CTL_MOD: new events and data; re-enables a fired ONESHOT item. */
export function epModify(i: usize, events: u32, dataLo: u32, dataHi: u32): void {
  const ep = <usize>load<u32>(i + EPI_EP);
  mutexLock(ep + EP_LOCK);
  store<u32>(i + EPI_EVENTS, events);
  store<u32>(i + EPI_DATA, dataLo);
  store<u32>(i + EPI_DATA + 4, dataHi);
  atomic.store<u32>(i + O_MASK, maskOf(events));
  atomic.store<u32>(i + EPI_DISABLED, 0);
  mutexUnlock(ep + EP_LOCK);
}

function unlinkReady(ep: usize, i: usize): void {
  if (load<u32>(i + EPI_READY) == 0) return;
  const next = load<u32>(i + EPI_RDNEXT);
  const prev = load<u32>(i + EPI_RDPREV);
  if (prev != 0) store<u32>(<usize>prev + EPI_RDNEXT, next);
  else store<u32>(ep + EP_RDHEAD, next);
  if (next != 0) store<u32>(<usize>next + EPI_RDPREV, prev);
  else store<u32>(ep + EP_RDTAIL, prev);
  store<u32>(i + EPI_READY, 0);
  store<u32>(ep + EP_NREADY, load<u32>(ep + EP_NREADY) - 1);
}

/** Appends to the ready list unless already there (EP_LOCK held). */
function linkReady(ep: usize, i: usize): void {
  if (load<u32>(i + EPI_READY) != 0) return;
  const tail = load<u32>(ep + EP_RDTAIL);
  store<u32>(i + EPI_RDPREV, tail);
  store<u32>(i + EPI_RDNEXT, 0);
  if (tail != 0) store<u32>(<usize>tail + EPI_RDNEXT, <u32>i);
  else store<u32>(ep + EP_RDHEAD, <u32>i);
  store<u32>(ep + EP_RDTAIL, <u32>i);
  store<u32>(i + EPI_READY, 1);
  store<u32>(ep + EP_NREADY, load<u32>(ep + EP_NREADY) + 1);
}

/** EPOLL_CTL_DEL, or the description/instance going away. */
export function epRemove(i: usize): void {
  if (load<u32>(i + EPI_NOTIFIER) != 0) notifierRemove(i);
  const ep = <usize>load<u32>(i + EPI_EP);
  mutexLock(ep + EP_LOCK);
  unlinkReady(ep, i);
  let link = bucketOf(ep, load<u32>(i + EPI_FD), load<u32>(i + EPI_OFD));
  let q = <usize>load<u32>(link);
  while (q != 0 && q != i) {
    link = q + EPI_HNEXT;
    q = <usize>load<u32>(link);
  }
  if (q == i) store<u32>(link, load<u32>(i + EPI_HNEXT));
  store<u32>(ep + EP_COUNT, load<u32>(ep + EP_COUNT) - 1);
  mutexUnlock(ep + EP_LOCK);
  mutexLock(HEADER + H_ELOCK);
  const ofd = <usize>load<u32>(i + EPI_OFD);
  const next = load<u32>(i + EPI_ONEXT);
  const prev = load<u32>(i + EPI_OPREV);
  if (prev != 0) store<u32>(<usize>prev + EPI_ONEXT, next);
  else store<u32>(ofd + F_EPITEMS, next);
  if (next != 0) store<u32>(<usize>next + EPI_OPREV, prev);
  mutexUnlock(HEADER + H_ELOCK);
  kfree(i);
  atomic.sub<u32>(HEADER + H_EPITEMS, 1);
}

/** The first item registered for a description (to remove them all), or 0. */
export function ofdFirstEpitem(ofd: usize): usize {
  mutexLock(HEADER + H_ELOCK);
  const i = <usize>load<u32>(ofd + F_EPITEMS);
  mutexUnlock(HEADER + H_ELOCK);
  return i;
}

/** Any item of the instance (to remove them all, or walk them for the loop check), or 0. */
export function epItemAfter(ep: usize, prev: usize): usize {
  mutexLock(ep + EP_LOCK);
  const nb = load<u32>(ep + EP_NBUCKETS);
  const buckets = <usize>load<u32>(ep + EP_BUCKETS);
  let b: u32 = 0;
  let found: usize = 0;
  if (prev != 0) {
    found = <usize>load<u32>(prev + EPI_HNEXT);
    b = <u32>((bucketOf(ep, load<u32>(prev + EPI_FD), load<u32>(prev + EPI_OFD)) - buckets) >> 2) + 1;
  }
  while (found == 0 && b < nb) {
    found = <usize>load<u32>(buckets + (<usize>b << 2));
    b++;
  }
  mutexUnlock(ep + EP_LOCK);
  return found;
}

/** Puts an item on the ready list (initial readiness, level-triggered re-queue) and wakes waiters. */
export function epReady(i: usize): void {
  const ep = <usize>load<u32>(i + EPI_EP);
  mutexLock(ep + EP_LOCK);
  linkReady(ep, i);
  mutexUnlock(ep + EP_LOCK);
  notifierBroadcast(ep + EP_NOTIFIER, EV_IN);
}

/** Takes the first item off the ready list, or 0. */
export function epPop(ep: usize): usize {
  mutexLock(ep + EP_LOCK);
  const i = <usize>load<u32>(ep + EP_RDHEAD);
  if (i != 0) unlinkReady(ep, i);
  mutexUnlock(ep + EP_LOCK);
  return i;
}

/**
 * Puts back at the head of the ready list an item just taken off it with epPop
 * (poll of an epoll looks at the first ready item without reordering the list).
 * No wake-up: the item was already reported ready. If an event re-queued it
 * meanwhile, it stays where that put it.
 */
export function epPushFront(i: usize): void {
  const ep = <usize>load<u32>(i + EPI_EP);
  mutexLock(ep + EP_LOCK);
  if (load<u32>(i + EPI_READY) == 0) {
    const head = load<u32>(ep + EP_RDHEAD);
    store<u32>(i + EPI_RDPREV, 0);
    store<u32>(i + EPI_RDNEXT, head);
    if (head != 0) store<u32>(<usize>head + EPI_RDPREV, <u32>i);
    else store<u32>(ep + EP_RDTAIL, <u32>i);
    store<u32>(ep + EP_RDHEAD, <u32>i);
    store<u32>(i + EPI_READY, 1);
    store<u32>(ep + EP_NREADY, load<u32>(ep + EP_NREADY) + 1);
  }
  mutexUnlock(ep + EP_LOCK);
}

export function epReadyCount(ep: usize): u32 {
  return atomic.load<u32>(ep + EP_NREADY);
}

/** A ONESHOT item fired: no more events until EPOLL_CTL_MOD. */
export function epDisable(i: usize): void {
  atomic.store<u32>(i + EPI_DISABLED, 1);
}

/** The notifier callback (a file's notifier lock held): O(1). */
export function epollCallback(i: usize, events: u32): void {
  if (atomic.load<u32>(i + EPI_DISABLED) != 0) return;
  epReady(i);
}
