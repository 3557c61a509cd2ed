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

/**
 * The host's standard input as the kernel consumes it: one reader for the whole
 * kernel, paused while no process uses it (so the host process may exit) and
 * back-pressured by the channel it feeds.
 */
export interface HostInput {
  /** Starts delivering: the next chunk waits until `chunk`'s promise settles; `end` once, at EOF or error. */
  start(chunk: (b: Uint8Array) => Promise<void>, end: () => void): void;
  /** No process reads it now: stop reading from the host. */
  pause(): void;
  resume(): void;
}

export interface Platform {
  readonly host: HostApi;
  /** Whether the host thread may block in Atomics.wait (Node: yes; a page: no). */
  readonly mayBlock: boolean;
  startWorker(init: WorkerInit): WorkerHandle;
  /** The host's own standard input, for guests started with stdin "inherit". */
  hostStdin?(): HostInput;
  /** Host fds of stdout/stderr for "inherit", written directly from workers. */
  readonly stdoutFd?: number;
  readonly stderrFd?: number;
}
