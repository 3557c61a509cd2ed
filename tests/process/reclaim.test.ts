// Resources are reclaimed: after 1,000 sequential spawn/exit cycles the kernel
// heap, open descriptions, channels, threads, processes, observers (waiter queue
// entries) and running workers are back to their starting counts — whether the
// processes are started by the host or by a guest (posix_spawn + waitpid).

import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createKernel } from "../../dist/index.js";

const bin = join(import.meta.dirname, "../../guests/bin");
const FIELDS = ["heapBytes", "heapBlocks", "openFiles", "channels", "threads", "processes", "observers", "running"] as const;
const pick = (s: Record<string, number>) => Object.fromEntries(FIELDS.map((f) => [f, s[f]]));

describe("resource reclamation", () => {
  it("1,000 host-started spawn/exit cycles leave the kernel as they found it", async () => {
    const k = await createKernel({ bin: false });
    const tru = await WebAssembly.compile(readFileSync(join(bin, "true.wasm")));
    const run = async () => {
      const p = await k.spawn(tru, { args: ["true"], stdin: "null", stdout: "null", stderr: "null" });
      expect((await p.exited).code).toBe(0);
    };
    await run(); // warm-up: first-time allocations (e.g. free lists) are not leaks
    const before = pick(k.stats());
    for (let i = 0; i < 1000; i++) await run();
    expect(pick(k.stats())).toEqual(before);
  }, 180_000);

  it("a guest shell running 300 commands in sequence leaves nothing behind", async () => {
    const k = await createKernel();
    const sh = k.readFile("/bin/sh");
    const script = Array.from({ length: 300 }, (_, i) => (i % 3 === 0 ? "true" : i % 3 === 1 ? "echo x | cat > /dev/null" : "false || true")).join("\n");
    const runShell = async () => {
      const p = await k.spawn(sh, { args: ["sh", "-c", script], stdin: "null", stdout: "null", stderr: "inherit", preopens: ["/"] });
      expect((await p.exited).code).toBe(0);
    };
    await runShell();
    const before = pick(k.stats());
    await runShell();
    expect(pick(k.stats())).toEqual(before);
  }, 180_000);
});
