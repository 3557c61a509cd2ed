// Cove's library API for browsers (bundled as dist/browser/cove.js, with
// dist/browser/worker.js next to it). The page must be cross-origin isolated
// (COOP same-origin + COEP require-corp): the kernel heap is shared memory.
//
//   import { createKernel } from "cove/browser";
//   const k = await createKernel({ files: { "/data/in.txt": "hi\n" }, stdout: (b) => show(b) });
//   const p = await k.spawn(await (await fetch("cat.wasm")).arrayBuffer(), { args: ["cat", "/data/in.txt"] });
//   console.log(await p.exited); // { code: 0 }

import { Kernel, type KernelOptions } from "../../kernel.js";
import { browserPlatform, type BrowserPlatformOptions } from "./platform.js";

export { Kernel, Process, normalizeGuest } from "../../kernel.js";
export type { KernelOptions, SpawnOptions, StdioOption, ExitStatus, FileTree } from "../../kernel.js";
export type { Platform } from "../../platform.js";
export type { LogLevel } from "../../log.js";
export { browserPlatform, consoleSink, type BrowserPlatformOptions } from "./platform.js";

export interface BrowserKernelOptions extends KernelOptions, Omit<BrowserPlatformOptions, "log"> {}

/** A kernel on the browser platform (guests run in module Web Workers). */
export async function createKernel(opts: BrowserKernelOptions = {}): Promise<Kernel> {
  if (!globalThis.crossOriginIsolated) {
    throw new Error(
      "Cove needs SharedArrayBuffer: serve the page with the headers Cross-Origin-Opener-Policy: same-origin " +
        "and Cross-Origin-Embedder-Policy: require-corp (crossOriginIsolated is false)",
    );
  }
  if (opts.mounts?.length) throw new Error("a browser has no host directories to mount; use `files` for in-memory files");
  const { stdout, stderr, workerUrl, ...kernelOpts } = opts;
  return Kernel.create(browserPlatform({ stdout, stderr, workerUrl, log: opts.logSink }), kernelOpts);
}
