// pipe: throughput between two processes through a pipe (4 KiB, 64 KiB and 1 MiB
// writes) and the round-trip time of a 1-byte ping-pong over two pipes, Cove against
// native Linux and node:wasi, all running bench/guests/pipe.c:
//
//   throughput: `pipe write SIZE TOTAL | pipe read`, two processes in a shell pipeline.
//     cove:      Cove's /bin/sh runs both guests; the pipe is a Cove pipe
//     node:wasi: the host's /bin/sh runs two node:wasi processes; a host pipe
//     native:    the host's /bin/sh runs two gcc builds; a Linux pipe
//   The reader times first byte -> EOF in the process (CLOCK_MONOTONIC), so start-up
//   is excluded. cove and node:wasi run the same module, bench/guests/pipe.wasm.
//   ping-pong: `pipe pingpong N` spawns `pipe pong` (posix_spawn, two pipes) and
//   times N round trips: cove (bench/guests/pipe-cove.wasm, the same source with
//   libcove) against native. node:wasi has no processes.
//
// COVE_BENCH_PIPE_TOTAL (bytes per throughput run, K/M/G suffixes) and
// COVE_BENCH_PIPE_ROUNDS (round trips per ping-pong run) shrink it for tests.

import { interleave, nativeBuild, need, progress, show, summarise, type Runner } from "./harness.js";
import { ratio, type BenchResult, type Measure, type Ratio } from "./report.js";
import { measurePingPong } from "./pingpong.js";

const GUEST = "bench/guests/pipe.wasm";
const GUEST_COVE = "bench/guests/pipe-cove.wasm";
const SRC = "bench/guests/pipe.c";
/** bench/guests as Cove sees it (a --dir mount). */
const MOUNT = "/b";
const SIZES = [
  { label: "4 KiB", bytes: 4096 },
  { label: "64 KiB", bytes: 65536 },
  { label: "1 MiB", bytes: 1 << 20 },
];
const DEFAULT_TOTAL = 256 << 20;
const DEFAULT_ROUNDS = 10_000;
const node = process.execPath;

/** "65536", "64K", "256M", "1G" -> bytes; undefined when malformed. */
export function parseSize(s: string): number | undefined {
  const m = /^([1-9]\d*)([KMG]?)$/.exec(s);
  return m ? Number(m[1]) * 1024 ** " KMG".indexOf(m[2] || " ") : undefined;
}

function envCount(name: string, fallback: number): number {
  const v = process.env[name];
  if (v === undefined || v === "") return fallback;
  const n = parseSize(v);
  if (n === undefined) throw new Error(`${name}=${v}: expected a positive whole number (K, M, G suffixes allowed)`);
  return n;
}

/** Parses the reader's "read BYTES bytes NS ns" line. */
export function parseRead(stdout: string): { bytes: number; ns: number } {
  const m = /^read (\d+) bytes (\d+) ns$/m.exec(stdout);
  if (!m) throw new Error(`unexpected output from the pipe reader: ${JSON.stringify(stdout)}`);
  return { bytes: Number(m[1]), ns: Number(m[2]) };
}

/** A shell pipeline as one argument: every word quoted for /bin/sh. */
function sh(words: string[]): string {
  return words.map((w) => (/^[\w./:=-]+$/.test(w) ? w : `'${w.replaceAll("'", `'\\''`)}'`)).join(" ");
}

const higher = (r: Ratio[]): Ratio[] => r.map((x) => ({ ...x, higherIsBetter: true }));

export async function pipe(runs: number): Promise<BenchResult> {
  const total = envCount("COVE_BENCH_PIPE_TOTAL", DEFAULT_TOTAL);
  const rounds = envCount("COVE_BENCH_PIPE_ROUNDS", DEFAULT_ROUNDS);
  need("dist/cli.js", "run `node build/build.mjs`");
  need(GUEST, "run `node bench/build.mjs`");
  need(GUEST_COVE, "run `node bench/build.mjs`");
  const native = nativeBuild(SRC);
  const measures: Measure[] = [];
  const ratios: Ratio[] = [];
  const commands: Record<string, string> = {};

  for (const { label, bytes } of SIZES) {
    const writer = ["write", String(bytes), String(total)];
    const inCove = sh([`${MOUNT}/pipe.wasm`, ...writer]) + " | " + sh([`${MOUNT}/pipe.wasm`, "read"]);
    const runners: Runner[] = [
      { name: "cove", argv: [node, "bin/cove.js", "run", "--dir", `bench/guests::${MOUNT}`, "/bin/sh", "-c", inCove] },
      { name: "node:wasi", argv: ["/bin/sh", "-c", `${sh([node, "bench/node-wasi-run.mjs", GUEST, ...writer])} | ${sh([node, "bench/node-wasi-run.mjs", GUEST, "read"])}`] },
    ];
    if (native) runners.push({ name: "native", argv: ["/bin/sh", "-c", `${sh([native, ...writer])} | ${sh([native, "read"])}`] });

    progress(`pipe, ${label} writes, ${total} bytes per run`);
    const samples = new Map<string, number[]>(runners.map((r) => [r.name, []]));
    await interleave(runners, runs, (r, o) => {
      const { bytes: got, ns } = parseRead(o.stdout);
      if (got !== total) throw new Error(`${r.name}: the reader got ${got} bytes, not ${total}`);
      const gbs = got / ns; // bytes per ns = GB/s
      samples.get(r.name)!.push(gbs);
      return `${gbs.toFixed(2)} GB/s`;
    });
    const metric = `throughput, ${label} writes`;
    for (const r of runners) measures.push({ runner: r.name, metric, unit: "GB/s (10^9 bytes/s)", ...summarise(samples.get(r.name)!) });
    ratios.push(...higher(ratio(`${label}: cove / native`, measures, metric, "cove", "native", 1.0)));
    ratios.push(...higher(ratio(`${label}: cove / node:wasi`, measures, metric, "cove", "node:wasi", 3.0)));
    for (const r of runners) {
      commands[`${r.name}, ${label}`] =
        r.name === "native" ? `gcc -O2 ${SRC} -o pipe && /bin/sh -c ${sh([`./pipe ${writer.join(" ")} | ./pipe read`])}` : show(r.argv).replaceAll(node, "node");
    }
  }

  const pp = ["pingpong", String(rounds)];
  const ppRunners: Runner[] = [{ name: "cove", argv: [node, "bin/cove.js", "run", "--dir", `bench/guests::${MOUNT}`, GUEST_COVE, ...pp, `${MOUNT}/pipe-cove.wasm`] }];
  if (native) ppRunners.push({ name: "native", argv: [native, ...pp] });
  progress(`ping-pong, ${rounds} round trips of 1 byte per run`);
  await measurePingPong(ppRunners, runs, "ping-pong", measures, ratios);
  for (const r of ppRunners) commands[`${r.name}, ping-pong`] = r.name === "native" ? `gcc -O2 ${SRC} -o pipe && ./pipe ${pp.join(" ")}` : show(r.argv);

  return {
    bench: "pipe",
    title: `two processes: throughput through a pipe (${total} bytes per run, timed by the reader) and 1-byte ping-pong (${rounds} round trips)`,
    runs,
    commands,
    measures,
    ratios,
    notes: [
      "throughput: the reader reads 1 MiB at a time and times first byte -> EOF; cove and node:wasi run the same pipe.wasm",
      "ping-pong: one process spawns the other (posix_spawn) and times the round trips; node:wasi has no processes",
      "figures are bimodal on 2 vCPUs (same vCPU or not): compare medians taken in the same run",
      ...(native ? [] : ["gcc not found: no native reference"]),
    ],
  };
}
