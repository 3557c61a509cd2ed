// poll_oneoff: any mix of clock and fd subscriptions, on any kind of file, built
// on the event subsystem: readiness comes from each kind's poll(), and the thread
// sleeps on the kinds' notifiers until one changes or the earliest clock is due.
// No busy-waiting.

import { E, SysError, fail } from "../errno.js";
import { Clock, EventType, EVENTRWFLAGS_HANGUP, SUBCLOCK_ABSTIME } from "./constants.js";
import type { Sys } from "./sys.js";
import type { FileRef } from "../process/task.js";

interface Sub {
  userdata: bigint;
  type: number;
  fd: number;
  deadline?: bigint; // monotonic ns, for clocks
  file?: FileRef;
  error?: number;
}

interface Ev {
  userdata: bigint;
  error: number;
  type: number;
  nbytes: bigint;
  flags: number;
}

const SUB_SIZE = 48;
const EVENT_SIZE = 32;

/** The monotonic deadline of a clock subscription. */
function clockDeadline(s: Sys, id: number, timeout: bigint, flags: number): bigint {
  const h = s.t.host;
  const mono = h.monotonicNs();
  if (!(flags & SUBCLOCK_ABSTIME)) return mono + timeout;
  switch (id) {
    case Clock.MONOTONIC: return timeout;
    case Clock.REALTIME: return mono + (timeout - h.realtimeNs());
    default: return fail(E.INVAL);
  }
}

export function poll_oneoff(s: Sys, inPtr: number, outPtr: number, n: number, neventsPtr: number): number {
  if (n === 0) fail(E.INVAL);
  const t = s.t;
  const m = s.m;
  m.bytes(inPtr, n * SUB_SIZE);
  m.bytes(outPtr, n * EVENT_SIZE);
  const subs: Sub[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const p = inPtr + i * SUB_SIZE;
      const sub: Sub = { userdata: m.u64(p), type: m.u8(p + 8), fd: -1 };
      if (sub.type === EventType.CLOCK) {
        const id = m.u32(p + 16);
        if (id !== Clock.REALTIME && id !== Clock.MONOTONIC && id !== Clock.PROCESS_CPUTIME && id !== Clock.THREAD_CPUTIME) fail(E.INVAL);
        sub.deadline = clockDeadline(s, id === Clock.REALTIME ? id : Clock.MONOTONIC, m.u64(p + 24), m.u16(p + 40));
      } else if (sub.type === EventType.FD_READ || sub.type === EventType.FD_WRITE) {
        sub.fd = m.u32(p + 16);
        try {
          sub.file = t.get(sub.fd);
        } catch (e) {
          if (!(e instanceof SysError)) throw e;
          sub.error = e.errno;
        }
      } else {
        fail(E.INVAL);
      }
      subs.push(sub);
    }

    const watch: Array<[number, number]> = [];
    let deadline: bigint | undefined;
    for (const sub of subs) {
      if (sub.file) {
        const nfy = sub.file.kind.notifier(t, sub.file.ofd);
        const ev = sub.type === EventType.FD_READ ? t.core.k.EV_IN | t.core.k.EV_HUP | t.core.k.EV_ERR : t.core.k.EV_OUT | t.core.k.EV_ERR | t.core.k.EV_HUP;
        if (nfy !== 0) watch.push([nfy, ev]);
      }
      if (sub.deadline !== undefined && (deadline === undefined || sub.deadline < deadline)) deadline = sub.deadline;
    }

    const ready = (): Ev[] | undefined => {
      const out: Ev[] = [];
      const now = deadline !== undefined ? t.host.monotonicNs() : 0n;
      for (const sub of subs) {
        if (sub.error !== undefined) {
          out.push({ userdata: sub.userdata, error: sub.error, type: sub.type, nbytes: 0n, flags: 0 });
        } else if (sub.file) {
          const ev = fdEvent(s, sub);
          if (ev) out.push(ev);
        } else if (sub.deadline !== undefined && now >= sub.deadline) {
          out.push({ userdata: sub.userdata, error: 0, type: EventType.CLOCK, nbytes: 0n, flags: 0 });
        }
      }
      return out.length > 0 ? out : undefined;
    };

    let events = t.waitFor(watch, ready, deadline);
    if (!events) events = ready() ?? [];
    events.forEach((ev, i) => {
      const p = outPtr + i * EVENT_SIZE;
      m.bytes(p, EVENT_SIZE).fill(0);
      m.setU64(p, ev.userdata);
      m.setU16(p + 8, ev.error);
      m.setU8(p + 10, ev.type);
      m.setU64(p + 16, ev.nbytes);
      m.setU16(p + 24, ev.flags);
    });
    m.setU32(neventsPtr, events.length);
    return 0;
  } finally {
    for (const sub of subs) if (sub.file) t.put(sub.file);
  }
}

/** The event for an fd subscription if the file is ready for it now. */
function fdEvent(s: Sys, sub: Sub): Ev | undefined {
  const t = s.t;
  const f = sub.file!;
  const k = t.core.k;
  const r = f.kind.poll(t, f.ofd);
  const hup = (r & k.EV_HUP) !== 0;
  const flags = hup ? EVENTRWFLAGS_HANGUP : 0;
  if (sub.type === EventType.FD_READ) {
    if (!(r & (k.EV_IN | k.EV_HUP | k.EV_ERR))) return undefined;
    return { userdata: sub.userdata, error: 0, type: sub.type, nbytes: f.kind.nread(t, f.ofd), flags };
  }
  if (!(r & (k.EV_OUT | k.EV_ERR | k.EV_HUP))) return undefined;
  return { userdata: sub.userdata, error: r & k.EV_ERR ? E.PIPE : 0, type: sub.type, nbytes: 0n, flags };
}
