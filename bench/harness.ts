// What every benchmark shares: where things are, timing a child process, running
// several commands interleaved, and summarising samples.

import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

/** The package root: bench/cli.ts and its bundle dist/cli.js both sit one level below it. */
export const ROOT = fileURLToPath(new URL("..", import.meta.url));

/** A command to time, run from ROOT. */
export interface Runner {
  name: string;
  argv: string[];
}

export interface Outcome {
  ms: number;
  stdout: string;
}

/** Progress and notes for the user; results go to stdout. */
export function progress(line: string): void {
  process.stderr.write(`bench: ${line}\n`);
}

/** Runs a command to completion; its wall time includes spawn and exit. Fails on a non-zero exit. */
export function timeChild(r: Runner): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(r.argv[0]!, r.argv.slice(1), { cwd: ROOT, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (stdout += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (stderr += s));
    child.on("error", reject);
    child.on("close", (code, signal) => {
      const ms = performance.now() - t0;
      if (code === 0) resolve({ ms, stdout });
      else reject(new Error(`${r.name} (${show(r.argv)}) exited with ${signal ?? code}: ${stderr.trim().split("\n").pop() ?? ""}`));
    });
  });
}

/**
 * Runs every runner `runs` times, interleaved (round i starts with runner i mod n,
 * so none always runs first), after one untimed warm-up round. Calls measure with
 * each outcome.
 */
export async function interleave(runners: Runner[], runs: number, measure: (r: Runner, o: Outcome, round: number) => string): Promise<void> {
  for (const r of runners) await timeChild(r); // warm-up: page cache, JIT code cache
  for (let round = 0; round < runs; round++) {
    const shown: string[] = [];
    for (let k = 0; k < runners.length; k++) {
      const r = runners[(round + k) % runners.length]!;
      shown.push(`${r.name} ${measure(r, await timeChild(r), round)}`);
    }
    progress(`run ${round + 1}/${runs}: ${shown.join(", ")}`);
  }
}

export interface Summary {
  median: number;
  min: number;
  max: number;
  samples: number[];
}

export function summarise(samples: number[]): Summary {
  const s = [...samples].sort((a, b) => a - b);
  const mid = s.length >> 1;
  const median = s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
  return { median, min: s[0]!, max: s[s.length - 1]!, samples };
}

/** Compiles a C file natively with gcc into a temporary directory; undefined without gcc. */
export function nativeBuild(src: string): string | undefined {
  const dir = mkdtempSync(join(tmpdir(), "cove-bench-"));
  process.once("exit", () => rmSync(dir, { recursive: true, force: true }));
  const out = join(dir, src.replace(/^.*\//, "").replace(/\.c$/, ""));
  const r = spawnSync("gcc", ["-O2", join(ROOT, src), "-o", out], { stdio: ["ignore", "ignore", "pipe"] });
  if (r.error || r.status !== 0) {
    progress(`no native reference: gcc ${r.error ? "not found" : `failed: ${r.stderr.toString().trim()}`}`);
    return undefined;
  }
  return out;
}

/** Fails with a one-line hint when a file the benchmarks need is missing. */
export function need(path: string, hint: string): void {
  if (!existsSync(join(ROOT, path))) throw new Error(`${path} not found (${hint})`);
}

/** A command line as the user would type it (node itself shown as `node`). */
export function show(argv: string[]): string {
  return argv.map((a, i) => (i === 0 && a === process.execPath ? "node" : /[\s"']/.test(a) ? JSON.stringify(a) : a)).join(" ");
}
