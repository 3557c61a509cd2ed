// The browser platform: guest workers are module Web Workers running
// dist/browser/worker.js; the page's main thread is the host thread and never
// blocks (mayBlock false: the core's mutex only spins there, and the host ends of
// stdio channels wait with Atomics.waitAsync). A page has no host fds, so
// stdoutFd/stderrFd stay undefined and kernel.ts gives "inherit" stdout/stderr a
// channel drained on the page, whose chunks reach host.writeStream(1 | 2): that is,
// the user's callback, or by default the page's console.

import type { Platform, WorkerHandle, WorkerInit } from "../../platform.js";
import type { HostRequest } from "../../process/runtime.js";
import { browserHost, consoleLog, type HostSinks, type WorkerMessage } from "./host.js";

export interface BrowserPlatformOptions {
  /** Receives "inherit" stdout (default: the console, a line at a time). */
  stdout?: (chunk: Uint8Array) => void;
  /** Receives "inherit" stderr and the kernel's messages about guests (default: the console). */
  stderr?: (chunk: Uint8Array) => void;
  /** Receives log lines from the page and every worker (default: the console). */
  log?: (line: string) => void;
  /** Where worker.js is (default: next to the bundle this code is in). */
  workerUrl?: string | URL;
}

/** A sink printing whole lines to the console; a partial line is printed once output pauses. */
export function consoleSink(print: (s: string) => void): (chunk: Uint8Array) => void {
  const dec = new TextDecoder();
  let pending = "";
  let timer: ReturnType<typeof setTimeout> | undefined;
  const flush = () => {
    if (pending) print(pending);
    pending = "";
  };
  return (chunk) => {
    pending += dec.decode(chunk, { stream: true });
    const lines = pending.split("\n");
    pending = lines.pop() ?? "";
    for (const l of lines) print(l);
    clearTimeout(timer);
    if (pending) timer = setTimeout(flush, 100);
  };
}

function startWorker(url: string | URL, sinks: HostSinks, init: WorkerInit): WorkerHandle {
  const w = new Worker(url, { type: "module", name: `cove pid ${init.ids.pid}` });
  let result: [number | undefined, string | undefined] | undefined;
  let listener: ((status: number | undefined, error?: string) => void) | undefined;
  let onRequest: ((req: HostRequest) => void) | undefined;
  // Reports the end once, however it came (exit message, error, terminate).
  const end = (status: number | undefined, error?: string) => {
    if (result) return;
    result = [status, error];
    w.terminate();
    listener?.(status, error);
  };
  w.onmessage = (e: MessageEvent<WorkerMessage>) => {
    const m = e.data;
    if (m.type === "stream") sinks.write(m.fd, m.data);
    else if (m.type === "log") sinks.log(m.line);
    else if (m.type === "exit") end(m.status);
    else if (m.type === "start" || m.type === "kill") onRequest?.(m);
  };
  w.onerror = (e: ErrorEvent) => {
    e.preventDefault();
    // A module worker that fails to load reports a bare Event, without a message.
    end(undefined, e.message || `worker ${String(url)} failed to load (is it served from the page's origin?)`);
  };
  w.onmessageerror = () => end(undefined, "a message from the worker could not be received");
  w.postMessage(init);
  return {
    onExit: (cb) => {
      listener = cb;
      if (result) cb(...result);
    },
    onRequest: (cb) => {
      onRequest = cb;
    },
    // A terminated Web Worker sends no event: report its end ourselves, later, as
    // Node's "exit" event would be (the kernel then releases the process).
    terminate: () => queueMicrotask(() => end(undefined)),
  };
}

export function browserPlatform(opts: BrowserPlatformOptions = {}): Platform {
  const stdout = opts.stdout ?? consoleSink((s) => console.log(s));
  const stderr = opts.stderr ?? consoleSink((s) => console.error(s));
  const sinks: HostSinks = {
    write: (fd, data) => (fd === 2 ? stderr : stdout)(data),
    log: opts.log ?? consoleLog,
  };
  const url = opts.workerUrl ?? new URL("./worker.js", import.meta.url);
  return {
    host: browserHost(sinks),
    mayBlock: false,
    startWorker: (init) => startWorker(url, sinks, init),
  };
}
