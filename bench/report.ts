// Results of a benchmark and how they are shown: a table for people (stdout), or
// one JSON object for tools.

import { cpus, release } from "node:os";
import type { Summary } from "./harness.js";

/** One runner's figures for one metric. */
export interface Measure extends Summary {
  runner: string;
  metric: string;
  unit: string;
}

/** a / b for one metric, against a goal (at most `goal`; at least, with higherIsBetter). */
export interface Ratio {
  name: string;
  metric: string;
  value: number;
  goal: number;
  higherIsBetter?: boolean;
}

export interface BenchResult {
  bench: string;
  title: string;
  runs: number;
  /** runner name -> exact command line, run from the package root. */
  commands: Record<string, string>;
  measures: Measure[];
  ratios: Ratio[];
  notes: string[];
}

export function machine(): Record<string, string | number> {
  const c = cpus();
  return { node: process.version, platform: `${process.platform} ${release()}`, cpus: c.length, cpu: c[0]?.model ?? "unknown" };
}

export function ratio(name: string, measures: Measure[], metric: string, a: string, b: string, goal: number): Ratio[] {
  const find = (runner: string) => measures.find((m) => m.metric === metric && m.runner === runner);
  const ma = find(a);
  const mb = find(b);
  return ma && mb ? [{ name, metric, value: ma.median / mb.median, goal }] : [];
}

function fmt(v: number): string {
  return v >= 100 ? v.toFixed(0) : v >= 10 ? v.toFixed(1) : v.toFixed(2);
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => "  " + r.map((c, i) => (i === 0 || i === r.length - 1 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd()).join("\n");
}

export function formatResult(r: BenchResult): string {
  const out = [`${r.bench}: ${r.title} (median of ${r.runs} interleaved runs, after one warm-up run)`];
  for (const metric of [...new Set(r.measures.map((m) => m.metric))]) {
    const ms = r.measures.filter((m) => m.metric === metric);
    const unit = ms[0]!.unit;
    out.push("", `  ${metric}, ${unit}`);
    out.push(table([["runner", "median", "min", "max", ""], ...ms.map((m) => [m.runner, fmt(m.median), fmt(m.min), fmt(m.max), ""])]));
  }
  out.push("", "  ratios of medians");
  const w = Math.max(...r.ratios.map((x) => x.name.length));
  for (const x of r.ratios) {
    const met = x.higherIsBetter ? x.value >= x.goal : x.value <= x.goal;
    out.push(`    ${x.name.padEnd(w)}  ${x.value.toFixed(2)}×   goal ${x.higherIsBetter ? "≥" : "≤"} ${x.goal.toFixed(1)}×   ${met ? "met" : "not met"}`);
  }
  out.push("", "  commands (run from the package root)");
  for (const [name, cmd] of Object.entries(r.commands)) out.push(`    ${name.padEnd(18)} ${cmd}`);
  for (const n of r.notes) out.push(`  note: ${n}`);
  return out.join("\n") + "\n";
}
