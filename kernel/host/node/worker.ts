// Entry point of a guest worker in Node (bundled as dist/worker.js). Receives a
// WorkerInit, attaches to the kernel, runs the guest, releases its process and
// reports the wait status — then waits for the next process: a worker whose
// process ended normally goes back to the warm pool (platform.ts). A worker whose
// thread was killed in guest code never gets here: the host terminates it.

import { parentPort, workerData } from "node:worker_threads";
import { writeSync } from "node:fs";
import { attach } from "../../process/boot.js";
import { finishProcess, runGuest, signaledStatus, writeStderr, SIGABRT } from "../../process/guest.js";
import type { WorkerExit, WorkerInit } from "../../platform.js";
import type { Runtime } from "../../process/runtime.js";
import { nodeHost } from "./host.js";

const host = nodeHost();
const nextInit = () => new Promise<WorkerInit>((resolve) => parentPort!.once("message", resolve));

function run(init: WorkerInit): number {
  try {
    const task = attach(init.handle, host, init.ids, true);
    const rt: Runtime = { handle: init.handle, request: (m) => parentPort!.postMessage(m), modules: new Map() };
    const status = runGuest(task, init.module, init.spec, (line) => writeStderr(task, line, (l) => writeSync(2, l + "\n")), rt);
    // Killed in guest code just now: the host terminates this worker and releases the process.
    if (!task.core.fn.threadPin(task.thread)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
    finishProcess(task, status);
    return status;
  } catch (e) {
    writeSync(2, `cove: process ${init.ids.pid}: ${e instanceof Error ? e.message : String(e)}\n`);
    return signaledStatus(SIGABRT);
  }
}

// A worker started for a specific process gets its WorkerInit as workerData; a
// pooled one by message.
let init: WorkerInit = (workerData as WorkerInit | null) ?? (await nextInit());
for (;;) {
  const status = run(init);
  parentPort!.postMessage({ type: "exit", status } satisfies WorkerExit);
  init = await nextInit();
}
