// Entry point of a guest worker in a browser (bundled as dist/browser/worker.js,
// started as a module Web Worker). Mirrors host/node/worker.ts: receives a
// WorkerInit, attaches to the kernel, runs the guest, releases its process and
// reports the wait status. A worker may block (Atomics.wait), unlike the page.
//
// Everything the worker has for the page (host stdout/stderr writes, log lines,
// the exit status) is posted on the one worker port: messages on a port arrive in
// order, so the page sees every write and log line before the exit.

import { attach } from "../../process/boot.js";
import { finishProcess, runGuest, signaledStatus, SIGABRT, writeStderr } from "../../process/guest.js";
import type { Runtime } from "../../process/runtime.js";
import type { WorkerInit } from "../../platform.js";
import { browserHost, type WorkerMessage } from "./host.js";

// The DOM lib types `self` as a Window; a dedicated worker's scope needs only this.
interface WorkerScope {
  postMessage(message: WorkerMessage, transfer?: Transferable[]): void;
  addEventListener(type: "message", listener: (e: MessageEvent<WorkerInit>) => void, opts?: { once?: boolean }): void;
}
const scope = globalThis as unknown as WorkerScope;

const host = browserHost({
  // The data is the host's private copy: transfer it rather than copy it again.
  write: (fd, data) => scope.postMessage({ type: "stream", fd, data }, [data.buffer]),
  log: (line) => scope.postMessage({ type: "log", line }),
});
const stderr = (line: string) => host.writeStream(2, new TextEncoder().encode(line + "\n"));

/** The wait status to report, or undefined when the page has taken over the process. */
function run(init: WorkerInit): number | undefined {
  try {
    const task = attach(init.handle, host, init.ids, true);
    // Spawning a child or killing a process needs the page: ask it on the same port.
    const rt: Runtime = { handle: init.handle, request: (m) => scope.postMessage(m), modules: new Map() };
    const status = runGuest(task, init.module, init.spec, (line) => writeStderr(task, line, stderr), rt);
    // Killed in guest code just now: the page is terminating this worker and
    // releases the process itself (doing it here too would free it twice).
    if (!task.core.fn.threadPin(task.thread)) return undefined;
    finishProcess(task, status);
    return status;
  } catch (e) {
    stderr(`cove: process ${init.ids.pid}: ${e instanceof Error ? e.message : String(e)}`);
    return signaledStatus(SIGABRT);
  }
}

scope.addEventListener(
  "message",
  (e) => {
    const status = run(e.data);
    if (status !== undefined) scope.postMessage({ type: "exit", status });
  },
  { once: true },
);
