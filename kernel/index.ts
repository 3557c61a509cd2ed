// Cove's library API for Node: create a kernel, spawn guests, await their exit.
//
//   import { createKernel } from "cove";
//   const k = await createKernel({ mounts: [{ guest: "/data", host: "./data" }] });
//   const p = await k.spawn(await readFile("hello.wasm"), { args: ["hello"] });
//   console.log(await p.exited); // { code: 0 }

import { Kernel, type KernelOptions } from "./kernel.js";
import { nodePlatform } from "./host/node/platform.js";
import { coveBin } from "./host/node/bin.js";

export { Kernel, Process, normalizeGuest } from "./kernel.js";
export type { KernelOptions, SpawnOptions, StdioOption, ExitStatus, FileTree } from "./kernel.js";
export type { Platform } from "./platform.js";
export type { LogLevel } from "./log.js";
export { WASI } from "./compat/wasi.js";
export type { WASIOptions } from "./compat/wasi.js";

/** Node options: as KernelOptions, plus whether to put Cove's guests at /bin (default true). */
export interface NodeKernelOptions extends KernelOptions {
  bin?: boolean;
}

/** A kernel on the Node platform (workers are node:worker_threads). */
export function createKernel(opts: NodeKernelOptions = {}): Promise<Kernel> {
  const { bin = true, ...rest } = opts;
  const files = bin ? { "/bin": coveBin(), ...(rest.files ?? {}) } : rest.files;
  return Kernel.create(nodePlatform(), { ...rest, files });
}
