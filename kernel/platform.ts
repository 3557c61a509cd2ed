// What a host environment (Node, a browser page) provides to run a kernel:
// host services for the host thread, a way to start guest workers, and where
// the host process's own stdio lives.

import type { HostApi } from "./host/api.js";
import type { KernelHandle, ThreadIds } from "./process/boot.js";
import type { GuestSpec } from "./process/guest.js";
import type { HostRequest } from "./process/runtime.js";

/** The first message a guest worker receives. */
export interface WorkerInit {
  handle: KernelHandle;
  ids: ThreadIds;
  module: WebAssembly.Module;
  spec: GuestSpec;
}

/** What a guest worker reports when its process ends. */
export interface WorkerExit {
  type: "exit";
  status: number;
}

export interface WorkerHandle {
  /** Called once: with the status the worker reported, or undefined if it died without reporting. */
  onExit(cb: (status: number | undefined, error?: string) => void): void;
  /** Requests from the guest's kernel for the host thread (start a child's worker, terminate one). */
  onRequest(cb: (req: HostRequest) => void): void;
  terminate(): void;
}

export interface Platform {
  readonly host: HostApi;
  /** Whether the host thread may block in Atomics.wait (Node: yes; a page: no). */
  readonly mayBlock: boolean;
  startWorker(init: WorkerInit): WorkerHandle;
  /** The host's own standard input, for guests started with stdin "inherit". */
  hostStdin?(): AsyncIterable<Uint8Array> & { stop?(): void };
  /** Host fds of stdout/stderr for "inherit", written directly from workers. */
  readonly stdoutFd?: number;
  readonly stderrFd?: number;
}
