// `cove bench [startup|syscall|pipe|epoll|all] [--json] [--runs N]`: Cove's benchmarks.
// Progress goes to stderr while they run; the results table (or, with --json, one
// JSON object) to stdout. See docs/BENCHMARKS.md for figures and how to read them.

import { machine, formatResult, type BenchResult } from "./report.js";
import { progress } from "./harness.js";
import { startup } from "./startup.js";
import { syscall } from "./syscall.js";
import { pipe } from "./pipe.js";

const BENCHES: Record<string, { runs: number; run: (runs: number) => Promise<BenchResult> }> = {
  startup: { runs: 10, run: startup },
  syscall: { runs: 5, run: syscall },
  pipe: { runs: 5, run: pipe },
  epoll: { runs: 3, run: async (runs) => (await import("./epoll.js")).epoll(runs) },
};

const HELP = `Usage: cove bench [startup|syscall|pipe|epoll|all]... [--json] [--runs N]

  startup   wall time of hello.wasm: cove run vs node:wasi vs native (default 10 runs)
  syscall   ns per write(/dev/null) and clock_gettime: cove vs node:wasi (default 5 runs)
  pipe      pipe throughput (4 KiB, 64 KiB, 1 MiB writes) and 1-byte ping-pong between
            two processes: cove vs native vs node:wasi (default 5 runs)
  epoll     epoll_wait with N = 10, 1,000, 100,000 watched pipes and one ready, poll()
            beside it, and an eventfd + epoll ping-pong: cove vs native (default 3 runs)
  all       all of them (the default)

  --json     print one JSON object instead of tables
  --runs N   timed runs of each command, interleaved (after one warm-up run)
`;

export interface BenchArgs {
  names: string[];
  json: boolean;
  runs?: number;
  help: boolean;
}

export class BenchUsageError extends Error {}

export function parseBenchArgs(argv: string[]): BenchArgs {
  const out: BenchArgs = { names: [], json: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === "--json") out.json = true;
    else if (a === "-h" || a === "--help") out.help = true;
    else if (a === "--runs" || a.startsWith("--runs=")) {
      const v = a === "--runs" ? argv[++i] : a.slice("--runs=".length);
      if (v === undefined || !/^[1-9]\d*$/.test(v)) throw new BenchUsageError(`--runs needs a positive whole number${v === undefined ? "" : `, not '${v}'`}`);
      out.runs = Number(v);
    } else if (a.startsWith("-")) throw new BenchUsageError(`unknown option ${a} (try 'cove bench --help')`);
    else if (a === "all") out.names.push(...Object.keys(BENCHES));
    else if (a in BENCHES) out.names.push(a);
    else throw new BenchUsageError(`unknown benchmark '${a}' (expected ${Object.keys(BENCHES).join(", ")} or all)`);
  }
  if (out.names.length === 0) out.names = Object.keys(BENCHES);
  out.names = [...new Set(out.names)];
  return out;
}

export async function benchCommand(argv: string[]): Promise<number> {
  let args: BenchArgs;
  try {
    args = parseBenchArgs(argv);
  } catch (e) {
    if (!(e instanceof BenchUsageError)) throw e;
    process.stderr.write(`cove: bench: ${e.message}\n`);
    return 2;
  }
  if (args.help) {
    process.stdout.write(HELP);
    return 0;
  }
  const results: BenchResult[] = [];
  try {
    for (const name of args.names) {
      const b = BENCHES[name]!;
      const runs = args.runs ?? b.runs;
      progress(`${name}: ${runs} runs`);
      const r = await b.run(runs);
      results.push(r);
      if (!args.json) process.stdout.write((results.length > 1 ? "\n" : "") + formatResult(r));
    }
  } catch (e) {
    process.stderr.write(`cove: bench: ${e instanceof Error ? e.message : String(e)}\n`);
    return 1;
  }
  if (args.json) {
    process.stdout.write(JSON.stringify({ machine: machine(), results: Object.fromEntries(results.map((r) => [r.bench, r])) }, null, 2) + "\n");
  } else {
    const m = machine();
    process.stdout.write(`\nmachine: ${m.cpus} × ${m.cpu}, ${m.platform}, node ${m.node}\n`);
  }
  return 0;
}
