// startup: wall time of running hello.wasm once, as a child process, under Cove,
// under node:wasi, and natively (gcc), plus `node -e 0`, the floor for anything
// that starts Node.

import { interleave, nativeBuild, need, show, summarise, type Runner } from "./harness.js";
import { ratio, type BenchResult, type Measure } from "./report.js";

const HELLO = "guests/bin/hello.wasm";
const node = process.execPath;

export async function startup(runs: number): Promise<BenchResult> {
  need("dist/cli.js", "run `node build/build.mjs`");
  need(HELLO, "the committed guests are missing");
  const runners: Runner[] = [
    { name: "cove", argv: [node, "bin/cove.js", "run", HELLO] },
    { name: "node:wasi", argv: [node, "bench/node-wasi-run.mjs", HELLO] },
  ];
  const native = nativeBuild("guests/src/hello.c");
  if (native) runners.push({ name: "native", argv: [native] });
  runners.push({ name: "node -e 0", argv: [node, "-e", "0"] });

  const samples = new Map<string, number[]>(runners.map((r) => [r.name, []]));
  await interleave(runners, runs, (r, o) => {
    if (r.name !== "node -e 0" && o.stdout !== "hello, world\n") throw new Error(`${r.name} printed ${JSON.stringify(o.stdout)}`);
    samples.get(r.name)!.push(o.ms);
    return `${o.ms.toFixed(1)} ms`;
  });

  const measures: Measure[] = runners.map((r) => ({ runner: r.name, metric: "wall time", unit: "ms", ...summarise(samples.get(r.name)!) }));
  return {
    bench: "startup",
    title: "wall time of one run of hello.wasm, spawn to exit",
    runs,
    commands: Object.fromEntries(runners.map((r) => [r.name, r.name === "native" ? "gcc -O2 guests/src/hello.c && ./hello" : show(r.argv)])),
    measures,
    ratios: ratio("cove / node:wasi", measures, "wall time", "cove", "node:wasi", 1.0),
    notes: native ? [] : ["gcc not found: no native reference"],
  };
}
