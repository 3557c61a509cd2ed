// The Node host: Node's synchronous fs (usable from any worker: host fds are
// process-wide), stdio writes straight to the host fds, clocks and randomness.

import * as fs from "node:fs";
import { isatty } from "node:tty";
import { randomFillSync } from "node:crypto";
import type { HostApi, HostFsApi } from "../api.js";

const origin = BigInt(Date.now()) * 1_000_000n - process.hrtime.bigint();

/** Sleeps the calling thread briefly (a worker may block; used when a host pipe is full). */
function pause(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

export function nodeHost(logSink?: (line: string) => void): HostApi {
  return {
    fs: fs as unknown as HostFsApi,
    writeStream(fd: number, data: Uint8Array): number {
      let off = 0;
      while (off < data.length) {
        try {
          off += fs.writeSync(fd, data, off, data.length - off);
        } catch (e) {
          // The host made this stream non-blocking (a pipe shared with Node's own
          // stdio): wait for it to drain rather than lose output.
          if ((e as { code?: string }).code === "EAGAIN") pause(1);
          else throw e;
        }
      }
      return data.length;
    },
    isatty: (fd) => isatty(fd),
    realtimeNs: () => origin + process.hrtime.bigint(),
    monotonicNs: () => process.hrtime.bigint(),
    cpuTimeNs: () => {
      const u = process.cpuUsage();
      return BigInt(u.user + u.system) * 1000n;
    },
    randomFill: (buf) => {
      randomFillSync(buf);
    },
    log: logSink ?? ((line) => fs.writeSync(2, line + "\n")),
  };
}
