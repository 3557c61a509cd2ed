// syscall: per-call cost of write(fd, "x", 1) on /dev/null and of
// clock_gettime(CLOCK_MONOTONIC), 1,000,000 of each, timed inside the guest
// (bench/guests/syscalls.c).
//
// /dev/null: node:wasi has no /dev of its own, so it gets the host's /dev as a
// preopen (--dir /dev::/dev) and every write is a host write(2). Cove is run both
// ways: with the same preopen (like for like: the host's /dev/null through Cove's
// host file system) and as it comes (its in-memory /dev/null, no host call).

import { interleave, nativeBuild, need, show, summarise, type Runner } from "./harness.js";
import { ratio, type BenchResult, type Measure } from "./report.js";

const GUEST = "bench/guests/syscalls.wasm";
const CALLS = 1_000_000;
const node = process.execPath;

const METRICS = { write: "write(/dev/null, 1 byte)", clock_gettime: "clock_gettime(MONOTONIC)" } as const;
type Loop = keyof typeof METRICS;

/** Parses the guest's lines "write 1000000 calls 123456789 ns ...". */
export function parseLoops(stdout: string): Record<Loop, number> {
  const out: Partial<Record<Loop, number>> = {};
  for (const m of stdout.matchAll(/^(\w+) (\d+) calls (\d+) ns/gm)) {
    if (m[1] === "write" || m[1] === "clock_gettime") out[m[1]] = Number(m[3]) / Number(m[2]);
  }
  if (out.write === undefined || out.clock_gettime === undefined) throw new Error(`unexpected output from the syscall guest: ${JSON.stringify(stdout)}`);
  return out as Record<Loop, number>;
}

export async function syscall(runs: number): Promise<BenchResult> {
  need("dist/cli.js", "run `node build/build.mjs`");
  need(GUEST, "run `node bench/build.mjs`");
  const n = String(CALLS);
  const runners: Runner[] = [
    { name: "cove --dir /dev", argv: [node, "bin/cove.js", "run", "--dir", "/dev::/dev", GUEST, n] },
    { name: "cove", argv: [node, "bin/cove.js", "run", "--preopen", "/dev", GUEST, n] },
    { name: "node:wasi", argv: [node, "bench/node-wasi-run.mjs", "--dir", "/dev::/dev", GUEST, n] },
  ];
  const native = nativeBuild("bench/guests/syscalls.c");
  if (native) runners.push({ name: "native", argv: [native, n] });

  const samples = new Map<string, number[]>(runners.flatMap((r) => Object.keys(METRICS).map((l) => [`${r.name}\0${l}`, []])));
  await interleave(runners, runs, (r, o) => {
    const loops = parseLoops(o.stdout);
    for (const l of Object.keys(METRICS) as Loop[]) samples.get(`${r.name}\0${l}`)!.push(loops[l]);
    return `${loops.write.toFixed(0)}/${loops.clock_gettime.toFixed(0)} ns`;
  });

  const measures: Measure[] = (Object.keys(METRICS) as Loop[]).flatMap((l) =>
    runners.map((r) => ({ runner: r.name, metric: METRICS[l], unit: "ns per call", ...summarise(samples.get(`${r.name}\0${l}`)!) })),
  );
  return {
    bench: "syscall",
    title: `ns per call, ${CALLS.toLocaleString("en")} calls of each, timed in the guest`,
    runs,
    commands: Object.fromEntries(runners.map((r) => [r.name, r.name === "native" ? `gcc -O2 bench/guests/syscalls.c && ./syscalls ${n}` : show(r.argv)])),
    measures,
    ratios: [
      ...ratio("write: cove --dir /dev / node:wasi (host /dev/null)", measures, METRICS.write, "cove --dir /dev", "node:wasi", 1.0),
      ...ratio("write: cove (in-memory /dev/null) / node:wasi", measures, METRICS.write, "cove", "node:wasi", 1.0),
      ...ratio("clock_gettime: cove / node:wasi", measures, METRICS.clock_gettime, "cove", "node:wasi", 1.0),
    ],
    notes: [
      "node:wasi and `cove --dir /dev` write to the host's /dev/null (a host write(2) per call); plain `cove` writes to its in-memory /dev/null",
      "progress lines show write/clock_gettime ns per call",
      ...(native ? [] : ["gcc not found: no native reference"]),
    ],
  };
}
