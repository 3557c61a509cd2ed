// epoll: does epoll_wait stay O(ready) as the interest set grows, and how fast do two
// processes ping-pong through eventfds and epoll? Cove against native Linux, both
// running bench/guests/epoll.c (epoll.wasm is its `cove cc` build):
//
//   scale: `epoll scale N CALLS` registers N pipes' read ends in one epoll with one
//     pipe ready and times CALLS x epoll_wait(timeout 0) in 10 batches (the median
//     batch counts, so a batch preempted on this shared machine does not), then poll()
//     over the same N fds (timeout 0) for about 1/8 s. ns per call, for N = 10, 1,000
//     and 100,000.
//     The ratio N=100,000 / N=10 of epoll_wait is the flatness figure (goal <= 1.2).
//     poll() is O(N) by nature: it is there for scale.
//   ping-pong: `epoll pingpong ROUNDS SELF` spawns `epoll pong` (posix_spawn); each
//     round trip is an eventfd write answered by an eventfd write, each side blocking
//     in epoll_wait(-1). Cove / native, goal <= 3.
//
// Native Linux needs 2N+64 fds for N pipes. Without CAP_SYS_RESOURCE the hard
// RLIMIT_NOFILE cannot be raised (20,000 on the machines here), so the native run uses
// the largest N its hard limit allows when N is beyond it; the notes say so.
//
// COVE_BENCH_EPOLL_N (comma-separated sizes), COVE_BENCH_EPOLL_CALLS and
// COVE_BENCH_EPOLL_ROUNDS shrink it for tests.

import { spawnSync } from "node:child_process";
import { interleave, nativeBuild, need, progress, show, summarise, type Runner } from "./harness.js";
import { ratio, type BenchResult, type Measure, type Ratio } from "./report.js";
import { measurePingPong } from "./pingpong.js";

const GUEST = "bench/guests/epoll.wasm";
const SRC = "bench/guests/epoll.c";
/** bench/guests as Cove sees it (a --dir mount), for the child's path. */
const MOUNT = "/b";
const DEFAULT_SIZES = [10, 1_000, 100_000];
const DEFAULT_CALLS = 200_000;
const DEFAULT_ROUNDS = 10_000;
const node = process.execPath;

function envNumbers(name: string, fallback: number[]): number[] {
  const v = process.env[name];
  if (v === undefined || v === "") return fallback;
  const out = v.split(",").map((x) => Number(x.trim()));
  if (out.length === 0 || out.some((x) => !Number.isInteger(x) || x < 1)) throw new Error(`${name}=${v}: expected positive whole numbers, comma-separated`);
  return out;
}

/** Parses the guest's "scale N epoll_wait CALLS calls NS ns" and "scale N poll ..." lines: ns per call. */
export function parseScale(stdout: string): { epoll: number; poll: number } {
  const out: Partial<Record<"epoll_wait" | "poll", number>> = {};
  for (const m of stdout.matchAll(/^scale \d+ (epoll_wait|poll) (\d+) calls (\d+) ns$/gm)) {
    out[m[1] as "epoll_wait" | "poll"] = Number(m[3]) / Number(m[2]);
  }
  if (out.epoll_wait === undefined || out.poll === undefined) throw new Error(`unexpected output from epoll scale: ${JSON.stringify(stdout)}`);
  return { epoll: out.epoll_wait, poll: out.poll };
}

/** The hard RLIMIT_NOFILE native processes get here (what `ulimit -Hn` says). */
function nativeHardLimit(): number {
  const r = spawnSync("/bin/sh", ["-c", "ulimit -Hn"], { encoding: "utf8" });
  const v = r.stdout?.trim();
  return v === "unlimited" ? Infinity : Number(v) || Infinity;
}

const fmtN = (n: number) => n.toLocaleString("en");

export async function epoll(runs: number): Promise<BenchResult> {
  need("dist/cli.js", "run `node build/build.mjs`");
  need(GUEST, "run `node bench/build.mjs`");
  const sizes = envNumbers("COVE_BENCH_EPOLL_N", DEFAULT_SIZES);
  const [calls] = envNumbers("COVE_BENCH_EPOLL_CALLS", [DEFAULT_CALLS]) as [number];
  const [rounds] = envNumbers("COVE_BENCH_EPOLL_ROUNDS", [DEFAULT_ROUNDS]) as [number];
  const native = nativeBuild(SRC);
  const hard = nativeHardLimit();
  const nativeMax = Math.floor((hard - 64) / 2 / 1000) * 1000 || Math.floor((hard - 64) / 2);
  const notes: string[] = [];

  // ---- scale ----
  const runners: Runner[] = [];
  const sizeOf = new Map<string, number>();
  const mount = ["--dir", `bench/guests::${MOUNT}`];
  for (const n of sizes) {
    const name = `cove, N=${fmtN(n)}`;
    runners.push({ name, argv: [node, "bin/cove.js", "run", ...mount, GUEST, "scale", String(n), String(calls)] });
    sizeOf.set(name, n);
  }
  const nativeSizes = [...new Set(sizes.map((n) => Math.min(n, nativeMax)))];
  if (native) {
    for (const n of nativeSizes) {
      const name = `native, N=${fmtN(n)}`;
      runners.push({ name, argv: [native, "scale", String(n), String(calls)] });
      sizeOf.set(name, n);
    }
    const capped = sizes.filter((n) => n > nativeMax);
    if (capped.length > 0) {
      notes.push(
        `native: N=${capped.map(fmtN).join(", ")} needs more fds than the hard RLIMIT_NOFILE here (${fmtN(hard)}; raising it needs CAP_SYS_RESOURCE): native runs N=${fmtN(nativeMax)} instead`,
      );
    }
  }
  progress(`scale: N = ${sizes.map(fmtN).join(", ")} pipes (native: ${nativeSizes.map(fmtN).join(", ")}), ${fmtN(calls)} epoll_wait calls per run`);
  const ep = new Map<string, number[]>(runners.map((r) => [r.name, []]));
  const pl = new Map<string, number[]>(runners.map((r) => [r.name, []]));
  await interleave(runners, runs, (r, o) => {
    const { epoll: e, poll: p } = parseScale(o.stdout);
    ep.get(r.name)!.push(e);
    pl.get(r.name)!.push(p / 1000);
    return `${e.toFixed(0)} ns/${(p / 1000).toFixed(p < 10_000 ? 1 : 0)} µs`;
  });
  const EPOLL = "epoll_wait, N pipes registered, one ready";
  const POLL = "poll() over the same N fds";
  const measures: Measure[] = [
    ...runners.map((r) => ({ runner: r.name, metric: EPOLL, unit: "ns per call", ...summarise(ep.get(r.name)!) })),
    ...runners.map((r) => ({ runner: r.name, metric: POLL, unit: "µs per call", ...summarise(pl.get(r.name)!) })),
  ];
  const ratios: Ratio[] = [];
  const lo = Math.min(...sizes);
  const hi = Math.max(...sizes);
  if (hi > lo) ratios.push(...ratio(`epoll_wait: cove N=${fmtN(hi)} / N=${fmtN(lo)}`, measures, EPOLL, `cove, N=${fmtN(hi)}`, `cove, N=${fmtN(lo)}`, 1.2));
  const nlo = Math.min(...nativeSizes);
  const nhi = Math.max(...nativeSizes);
  if (native && nhi > nlo) ratios.push(...ratio(`epoll_wait: native N=${fmtN(nhi)} / N=${fmtN(nlo)}`, measures, EPOLL, `native, N=${fmtN(nhi)}`, `native, N=${fmtN(nlo)}`, 1.2));
  const commands: Record<string, string> = {};
  for (const r of runners) commands[r.name] = r.name.startsWith("native") ? `gcc -O2 ${SRC} -o epoll && ./epoll scale ${sizeOf.get(r.name)} ${calls}` : show(r.argv);

  // ---- ping-pong ----
  const pp = ["pingpong", String(rounds)];
  const ppRunners: Runner[] = [{ name: "cove", argv: [node, "bin/cove.js", "run", ...mount, GUEST, ...pp, `${MOUNT}/epoll.wasm`] }];
  if (native) ppRunners.push({ name: "native", argv: [native, ...pp] });
  progress(`ping-pong: ${fmtN(rounds)} round trips through two eventfds and epoll per run`);
  await measurePingPong(ppRunners, runs, "eventfd+epoll ping-pong", measures, ratios);
  for (const r of ppRunners) commands[`${r.name}, ping-pong`] = r.name === "native" ? `gcc -O2 ${SRC} -o epoll && ./epoll ${pp.join(" ")}` : show(r.argv);

  return {
    bench: "epoll",
    title: `epoll_wait with N registered pipes and one ready (${fmtN(calls)} calls per run, timed in the guest), poll() beside it; eventfd+epoll ping-pong between two processes (${fmtN(rounds)} round trips)`,
    runs,
    commands,
    measures,
    ratios,
    notes: [
      ...notes,
      "scale: pipes shrunk to 4 KiB (F_SETPIPE_SZ) on both systems; epoll_wait is the median of 10 batches in each run; progress lines show epoll_wait ns / poll µs per call",
      "ping-pong: figures are bimodal on 2 vCPUs (same vCPU or not): compare medians taken in the same run",
      ...(native ? [] : ["gcc not found: no native reference"]),
    ],
  };
}
