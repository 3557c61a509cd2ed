// The state one guest's preview1 calls run against: the calling thread's Task,
// the guest's memory, its arguments and environment, and which fds are preopens.

import type { Task } from "../process/task.js";
import type { Runtime } from "../process/runtime.js";
import { GuestMemory } from "./memory.js";

/** proc_exit (or a fatal signal's default action) unwinds the guest with this. */
export class ProcExit extends Error {
  constructor(readonly code: number, readonly signal = 0) {
    super(signal ? `killed by signal ${signal}` : `exit ${code}`);
  }
}

export interface Sys {
  readonly t: Task;
  readonly m: GuestMemory;
  readonly args: string[];
  readonly env: string[];
  /** fd -> the guest path reported by fd_prestat_dir_name. */
  readonly preopens: Map<number, string>;
  /** Present in a guest worker: what spawn and kill need beyond the Task. */
  readonly rt?: Runtime;
}

/** SIGPIPE: the default action of a write to a pipe or socket with no reader. */
export const SIGPIPE = 13;
