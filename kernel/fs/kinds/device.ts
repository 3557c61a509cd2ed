// Character devices of the in-memory /dev: null, zero, full, random, urandom.
// F_OBJ is the device number. /dev/stdin, /dev/stdout and /dev/stderr are not
// devices of their own: opening them yields the process's fd 0/1/2 description
// (Linux: /proc/self/fd/N), see MemFs.open.

import { E, fail } from "../../errno.js";
import { Filetype } from "../../wasi/constants.js";
import { BaseKind, type Filestat } from "../file.js";
import type { Task } from "../../process/task.js";
import { MEMFS_DEV } from "../memfs.js";

export const enum Dev { NULL = 1, ZERO = 2, FULL = 3, RANDOM = 4, URANDOM = 5, STDIN = 10, STDOUT = 11, STDERR = 12 }

export const DEVICES: Array<[name: string, dev: number]> = [
  ["null", Dev.NULL], ["zero", Dev.ZERO], ["full", Dev.FULL], ["random", Dev.RANDOM], ["urandom", Dev.URANDOM],
  ["stdin", Dev.STDIN], ["stdout", Dev.STDOUT], ["stderr", Dev.STDERR],
];

export class DeviceKind extends BaseKind {
  readonly filetype = Filetype.CHARACTER_DEVICE;

  private dev(t: Task, f: number): number {
    return t.core.load32(f + t.core.k.F_OBJ);
  }

  read(t: Task, f: number, bufs: Uint8Array[]): number {
    const dev = this.dev(t, f);
    if (dev === Dev.NULL) return 0;
    let n = 0;
    for (const b of bufs) {
      if (dev === Dev.RANDOM || dev === Dev.URANDOM) t.host.randomFill(b);
      else b.fill(0);
      n += b.length;
    }
    return n;
  }

  write(t: Task, f: number, bufs: Uint8Array[]): number {
    if (this.dev(t, f) === Dev.FULL) fail(E.NOSPC);
    let n = 0;
    for (const b of bufs) n += b.length;
    return n;
  }

  seek(): bigint {
    return 0n; // Linux: seeking a character device like /dev/null succeeds and stays at 0
  }

  stat(t: Task, f: number): Filestat {
    const now = t.host.realtimeNs();
    return { dev: MEMFS_DEV, ino: BigInt(this.dev(t, f)), filetype: this.filetype, nlink: 1n, size: 0n, atim: now, mtim: now, ctim: now };
  }

  setTimes(): void {}
  sync(): void {}
}
