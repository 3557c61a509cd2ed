// Entry point of a guest worker in Node (bundled as dist/worker.js). Receives a
// WorkerInit, attaches to the kernel, runs the guest, releases its process and
// reports the wait status.

import { parentPort, workerData } from "node:worker_threads";
import { writeSync } from "node:fs";
import { attach } from "../../process/boot.js";
import { finishProcess, runGuest, signaledStatus, writeStderr, SIGABRT } from "../../process/guest.js";
import type { WorkerExit, WorkerInit } from "../../platform.js";
import type { Runtime } from "../../process/runtime.js";
import { nodeHost } from "./host.js";

// A worker from the warm pool gets its WorkerInit by message; one started for a
// specific process gets it as workerData.
const init: WorkerInit = (workerData as WorkerInit | null) ?? (await new Promise<WorkerInit>((resolve) => parentPort!.once("message", resolve)));
const host = nodeHost();
let status: number;
try {
  const task = attach(init.handle, host, init.ids, true);
  const rt: Runtime = { handle: init.handle, request: (m) => parentPort!.postMessage(m), modules: new Map() };
  status = runGuest(task, init.module, init.spec, (line) => writeStderr(task, line, (l) => writeSync(2, l + "\n")), rt);
  // Killed in guest code just now: the host terminates this worker and releases the process.
  if (!task.core.fn.threadPin(task.thread)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  finishProcess(task, status);
} catch (e) {
  writeSync(2, `cove: process ${init.ids.pid}: ${e instanceof Error ? e.message : String(e)}\n`);
  status = signaledStatus(SIGABRT);
}
parentPort!.postMessage({ type: "exit", status } satisfies WorkerExit);
