// The Node platform: guest workers are node:worker_threads Workers running
// dist/worker.js; stdio "inherit" means the Node process's fds 0, 1, 2.

import { Worker } from "node:worker_threads";
import type { HostInput, Platform, WorkerExit, WorkerHandle, WorkerInit } from "../../platform.js";
import type { HostRequest } from "../../process/runtime.js";
import { nodeHost } from "./host.js";

const workerUrl = new URL("./worker.js", import.meta.url);
// Host fds belong to the kernel, not to the worker that opened them: a file opened
// by one process is often closed by another (fds are inherited), so Node must not
// track and close a worker's fds when it exits.
const WORKER_OPTIONS = { stdout: false, stderr: false, trackUnmanagedFds: false } as const;

/**
 * Warm workers: starting a Worker costs tens of milliseconds (PERF-NOTES.md), so
 * one is started ahead of need, and a worker whose process ended normally comes
 * back to wait for the next WorkerInit instead of being terminated — spawn then
 * costs milliseconds. Idle workers are unref'ed so they never keep Node alive.
 */
class WarmPool {
  private readonly idle: Worker[] = [];
  /** The pool's own listeners on each idle worker (never removeAllListeners: Node has its own). */
  private readonly idleListeners = new Map<Worker, () => void>();
  private taken = 0;
  constructor(private readonly size: number) {
    this.fill();
  }
  private fill(): void {
    while (this.idle.length < this.size) this.park(new Worker(workerUrl, { workerData: null, ...WORKER_OPTIONS }));
  }
  /** Keeps an idle worker; one that fails or exits while idle is simply dropped. */
  private park(w: Worker): void {
    const drop = () => this.drop(w);
    w.unref();
    w.on("error", drop);
    w.on("exit", drop);
    this.idleListeners.set(w, () => {
      w.off("error", drop);
      w.off("exit", drop);
    });
    this.idle.push(w);
  }
  private drop(w: Worker): void {
    const i = this.idle.indexOf(w);
    if (i >= 0) this.idle.splice(i, 1);
    this.idleListeners.get(w)?.();
    this.idleListeners.delete(w);
  }
  /** A worker whose process ended normally: keep it for the next spawn, up to REUSE_MAX idle. */
  give(w: Worker): void {
    if (this.idle.length >= REUSE_MAX) void w.terminate();
    else this.park(w);
  }
  take(init: WorkerInit): Worker {
    const w = this.idle.shift();
    // Refill from the second process on: a one-shot `cove run` needs one worker, and
    // on a 2-vCPU machine booting another competes with the guest it just started
    // (measured: docs/BENCHMARKS.md).
    if (this.taken++ > 0) setImmediate(() => this.fill());
    if (!w) return new Worker(workerUrl, { workerData: init, ...WORKER_OPTIONS });
    this.idleListeners.get(w)?.();
    this.idleListeners.delete(w);
    w.ref();
    w.postMessage(init);
    return w;
  }
}

let pool: WarmPool | undefined;
/** Idle workers kept for reuse (they cost memory, not CPU). */
const REUSE_MAX = 4;

function startWorker(init: WorkerInit): WorkerHandle {
  pool ??= new WarmPool(1);
  const w = pool.take(init);
  let done = false;
  let listener: ((status: number | undefined, error?: string) => void) | undefined;
  let error: string | undefined;
  let onRequest: ((req: HostRequest) => void) | undefined;
  const finish = (status: number | undefined) => {
    if (done) return;
    done = true;
    listener?.(status, error);
  };
  const onMessage = (m: WorkerExit | HostRequest) => {
    if (m?.type === "exit") {
      detach();
      finish(m.status);
      pool!.give(w);
    } else if (m?.type === "start" || m?.type === "kill") {
      onRequest?.(m);
    }
  };
  const onError = (e: unknown) => {
    error = e instanceof Error ? e.message : String(e);
  };
  const onExit = () => finish(undefined); // terminated (a kill) or crashed
  const detach = () => {
    w.off("message", onMessage);
    w.off("error", onError);
    w.off("exit", onExit);
  };
  w.on("message", onMessage);
  w.on("error", onError);
  w.on("exit", onExit);
  return {
    onExit: (cb) => {
      listener = cb;
    },
    onRequest: (cb) => {
      onRequest = cb;
    },
    terminate: () => void w.terminate(),
  };
}

/** The Node process's stdin, read only while some guest wants it. */
function hostStdin(): HostInput {
  const stdin = process.stdin;
  let wanted = false;
  let busy = false;
  const settle = () => {
    if (wanted && !busy) stdin.resume();
    else stdin.pause();
  };
  return {
    start(chunk, end) {
      let ended = false;
      // End of input comes after the chunk still being written, never before it.
      let inFlight: Promise<void> = Promise.resolve();
      const finish = () => {
        void inFlight.finally(() => {
          if (!ended) end();
          ended = true;
        });
      };
      stdin.on("data", (b: Buffer) => {
        busy = true;
        stdin.pause();
        inFlight = chunk(new Uint8Array(b.buffer, b.byteOffset, b.length)).finally(() => {
          busy = false;
          settle();
        });
      });
      stdin.on("end", finish);
      stdin.on("error", finish);
      settle();
    },
    pause() {
      wanted = false;
      settle();
    },
    resume() {
      wanted = true;
      settle();
    },
  };
}

export function nodePlatform(): Platform {
  pool ??= new WarmPool(1); // start warming while the kernel is being built
  return {
    host: nodeHost(),
    mayBlock: true,
    startWorker,
    hostStdin,
    stdoutFd: 1,
    stderrFd: 2,
  };
}
