// A host stream: the real stdout/stderr (or stdin) of the host process, used
// directly from the worker with synchronous host writes, so guest output is
// streamed in order without a hop to the host thread. F_OBJ is the host fd.
// Readiness: always ready (a host stream gives no readiness events to observe).

import { E, SysError, fail, hostErrno } from "../../errno.js";
import { Filetype } from "../../wasi/constants.js";
import { BaseKind, ACC_READ, ACC_WRITE, type Filestat } from "../file.js";
import type { Task } from "../../process/task.js";

export class HostStreamKind extends BaseKind {
  readonly filetype = Filetype.CHARACTER_DEVICE;

  private hostFd(t: Task, f: number): number {
    return t.core.load32(f + t.core.k.F_OBJ);
  }

  read(t: Task, f: number, bufs: Uint8Array[]): number {
    if ((t.flags(f) & ACC_READ) === 0) fail(E.BADF);
    const api = t.host.fs;
    if (!api) fail(E.BADF);
    const b = bufs.find((x) => x.length > 0);
    if (!b) return 0;
    try {
      return api.readSync(this.hostFd(t, f), b, 0, b.length, null);
    } catch (e) {
      if ((e as { code?: string }).code === "EOF") return 0;
      throw new SysError(hostErrno(e));
    }
  }

  write(t: Task, f: number, bufs: Uint8Array[]): number {
    if ((t.flags(f) & ACC_WRITE) === 0) fail(E.BADF);
    let n = 0;
    try {
      for (const b of bufs) {
        if (b.length > 0) n += t.host.writeStream(this.hostFd(t, f), b);
      }
    } catch (e) {
      if (n > 0) return n;
      throw new SysError(hostErrno(e));
    }
    return n;
  }

  stat(t: Task, f: number): Filestat {
    const tty = t.host.isatty(this.hostFd(t, f));
    return { dev: 0n, ino: 0n, filetype: tty ? Filetype.CHARACTER_DEVICE : Filetype.UNKNOWN, nlink: 1n, size: 0n, atim: 0n, mtim: 0n, ctim: 0n };
  }

  sync(): void {}
  setTimes(): void {}
}
