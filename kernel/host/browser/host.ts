// The browser host: no host file system (a page has no host directories to
// mount), standard streams handed to a sink (the page's callbacks, or, from a
// Web Worker, a message to the page), clocks from the performance timeline and
// randomness from crypto.getRandomValues. The same HostApi serves the page's
// main thread and every guest worker; only the sinks differ.

import type { HostApi } from "../api.js";
import type { WorkerExit } from "../../platform.js";
import type { HostRequest } from "../../process/runtime.js";

/** Where a host's stdout/stderr bytes and log lines go. */
export interface HostSinks {
  /** Called with a private copy of each write to host fd 1 (stdout) or 2 (stderr). */
  write(fd: number, data: Uint8Array): void;
  log(line: string): void;
}

/** Messages a guest worker posts to the page, in the order it produced them. */
export type WorkerMessage =
  | WorkerExit
  | HostRequest
  | { type: "stream"; fd: number; data: Uint8Array }
  | { type: "log"; line: string };

// performance.timeOrigin + performance.now() is one clock for every global of the
// browser session (HR Time: the "estimated monotonic time of the Unix epoch" is
// fixed per user agent session), so the page and all workers agree on it. The
// origin is converted to bigint once: timeOrigin * 1e6 exceeds 2^53, and adding
// now() as doubles would lose sub-microsecond steps.
const originNs = BigInt(Math.round(performance.timeOrigin * 1e6));
const nowNs = (): bigint => originNs + BigInt(Math.round(performance.now() * 1e6));

// crypto.getRandomValues fills at most 65536 bytes per call and refuses views of
// a SharedArrayBuffer (the kernel heap, a threaded guest's memory).
const RANDOM_MAX = 65536;

function randomFill(buf: Uint8Array): void {
  const shared = typeof SharedArrayBuffer !== "undefined" && buf.buffer instanceof SharedArrayBuffer;
  for (let off = 0; off < buf.length; off += RANDOM_MAX) {
    const n = Math.min(RANDOM_MAX, buf.length - off);
    if (shared) {
      const tmp = new Uint8Array(n);
      crypto.getRandomValues(tmp);
      buf.set(tmp, off);
    } else {
      crypto.getRandomValues(buf.subarray(off, off + n));
    }
  }
}

export function browserHost(sinks: HostSinks): HostApi {
  return {
    writeStream(fd: number, data: Uint8Array): number {
      // A copy: data may be a view of guest memory or the kernel heap, which the
      // caller reuses as soon as this returns (and which postMessage would share).
      sinks.write(fd, data.slice());
      return data.length;
    },
    isatty: () => false,
    // Wall-clock time: the same clock as monotonic, which is already epoch-based.
    realtimeNs: nowNs,
    monotonicNs: nowNs,
    // A browser does not expose per-thread CPU time.
    cpuTimeNs: nowNs,
    randomFill,
    log: (line) => sinks.log(line),
  };
}

/** Logs a kernel log line at the console level that matches its own ("[cove] warn: ..."). */
export function consoleLog(line: string): void {
  if (/^\[[^\]]*\] error:/.test(line)) console.error(line);
  else if (/^\[[^\]]*\] warn:/.test(line)) console.warn(line);
  else console.log(line);
}
