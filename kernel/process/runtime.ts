// What a guest worker has beyond its Task: the kernel handle (to give children),
// a line to the host thread for what only it can do (start and terminate
// workers), and a cache of compiled modules (spawning the same program twice
// compiles it once per worker).

import type { KernelHandle } from "./boot.js";
import type { WorkerInit } from "../platform.js";

export type HostRequest = { type: "start"; init: WorkerInit } | { type: "kill"; pid: number };

export interface Runtime {
  readonly handle: KernelHandle;
  request(msg: HostRequest): void;
  readonly modules: Map<string, WebAssembly.Module>;
}

/** exec: unwinds the guest, which the process then replaces with `module`. */
export class ProcExec extends Error {
  constructor(
    readonly module: WebAssembly.Module,
    readonly args: string[],
    readonly env: string[],
  ) {
    super("exec");
  }
}
