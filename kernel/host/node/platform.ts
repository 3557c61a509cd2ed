// The Node platform: guest workers are node:worker_threads Workers running
// dist/worker.js; stdio "inherit" means the Node process's fds 0, 1, 2.

import { Worker } from "node:worker_threads";
import type { Platform, WorkerExit, WorkerHandle, WorkerInit } from "../../platform.js";
import type { HostRequest } from "../../process/runtime.js";
import { nodeHost } from "./host.js";

const workerUrl = new URL("./worker.js", import.meta.url);

function startWorker(init: WorkerInit): WorkerHandle {
  const w = new Worker(workerUrl, { workerData: init, stdout: false, stderr: false });
  let reported: number | undefined;
  let done = false;
  let listener: ((status: number | undefined, error?: string) => void) | undefined;
  let error: string | undefined;
  let onRequest: ((req: HostRequest) => void) | undefined;
  w.on("message", (m: WorkerExit | HostRequest) => {
    if (m?.type === "exit") {
      reported = m.status;
      void w.terminate();
    } else if (m?.type === "start" || m?.type === "kill") {
      onRequest?.(m);
    }
  });
  w.on("error", (e) => {
    error = e instanceof Error ? e.message : String(e);
  });
  w.on("exit", () => {
    if (done) return;
    done = true;
    listener?.(reported, error);
  });
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

/** The host's stdin as an async iterable that can be stopped (so Node can exit). */
function hostStdin(): AsyncIterable<Uint8Array> & { stop(): void } {
  const stdin = process.stdin;
  let stopped = false;
  return {
    async *[Symbol.asyncIterator]() {
      for await (const chunk of stdin) {
        if (stopped) break;
        yield chunk as Uint8Array;
      }
    },
    stop() {
      if (stopped) return;
      stopped = true;
      stdin.pause();
      stdin.unref?.();
      (stdin as { destroy?: () => void }).destroy?.();
    },
  };
}

export function nodePlatform(): Platform {
  return {
    host: nodeHost(),
    mayBlock: true,
    startWorker,
    hostStdin,
    stdoutFd: 1,
    stderrFd: 2,
  };
}
