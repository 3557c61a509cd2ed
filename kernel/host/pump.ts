// The host thread's end of a channel: feeds a guest's stdin, or drains its
// stdout/stderr into a JS stream. The host thread must never block (a browser
// page's main thread cannot), so it waits with Atomics.waitAsync on a wake word of
// its own, registered on the channel's notifier like any guest thread.

import type { Core } from "../core/core.js";
import { Cursor, ringRead, ringWrite } from "../fs/ring.js";

export class HostChannelEnd {
  private readonly waiter: number;
  private closed = false;
  private waiting = false;

  constructor(
    private readonly core: Core,
    readonly channel: number,
    private readonly reader: boolean,
  ) {
    this.waiter = core.fn.threadCreate(0);
    if (this.waiter === 0) throw new Error("kernel heap exhausted");
  }

  /** Resolves once `ready` holds, sleeping on the channel's notifier in between. */
  private async until(events: number, ready: () => boolean): Promise<void> {
    const c = this.core;
    const obs = this.waiter + c.k.T_OBSERVER;
    while (!this.closed && !ready()) {
      c.fn.threadArm(this.waiter);
      c.fn.notifierAdd(this.channel + c.k.C_NOTIFIER, obs, events, c.k.OBS_WAITER, this.waiter);
      try {
        if (ready()) return;
        const idx = (this.waiter + c.k.T_WAKE) >> 2;
        const r = Atomics.waitAsync(c.i32(idx + 1), idx, 0);
        this.waiting = true;
        if (r.async) await r.value;
      } finally {
        this.waiting = false;
        c.fn.notifierRemove(obs);
        // close() during the wait left the channel end and the waiter for us to release.
        if (this.closed) this.release();
      }
    }
  }

  /** Writes all of data; false if every reader is gone (the rest is dropped, as EPIPE would). */
  async write(data: Uint8Array): Promise<boolean> {
    const c = this.core;
    const ch = this.channel;
    const src = new Cursor([data]);
    let done = 0;
    while (done < data.length) {
      await this.until(c.k.EV_OUT | c.k.EV_ERR, () => c.fn.chanReaders(ch) === 0 || c.fn.chanWritable(ch) > 0);
      if (this.closed || c.fn.chanReaders(ch) === 0) return false;
      done += ringWrite(c, ch, src, data.length - done);
    }
    return true;
  }

  /** The next chunk of output, or null at end of file. */
  async read(max = 65536): Promise<Uint8Array | null> {
    const c = this.core;
    const ch = this.channel;
    await this.until(c.k.EV_IN | c.k.EV_HUP, () => c.fn.chanReadable(ch) > 0 || c.fn.chanWriters(ch) === 0);
    if (this.closed) return null;
    const n = Math.min(c.fn.chanReadable(ch), max);
    if (n === 0) return null;
    const buf = new Uint8Array(n);
    ringRead(c, ch, new Cursor([buf]), n);
    return buf;
  }

  /** True while the guest side of the channel is open. */
  peerOpen(): boolean {
    return this.reader ? this.core.fn.chanWriters(this.channel) > 0 : this.core.fn.chanReaders(this.channel) > 0;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.waiting) this.core.fn.threadWake(this.waiter);
    else this.release();
  }

  private release(): void {
    this.core.fn.chanCloseEnd(this.channel, this.reader ? 1 : 0);
    this.core.fn.threadFree(this.waiter);
  }
}
