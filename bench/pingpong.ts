// The ping-pong half shared by the pipe and epoll benchmarks: the same C guests'
// "pingpong N" mode, run interleaved under Cove and natively, reported as mean and
// median round trip per run with the ≤ 3× native goal.

import { interleave, summarise, type Runner } from "./harness.js";
import { ratio, type Measure, type Ratio } from "./report.js";

/** Parses "pingpong N round trips NS ns median MED ns": mean and median round trip, µs. */
export function parsePingPong(stdout: string): { mean: number; median: number } {
  const m = /^pingpong (\d+) round trips (\d+) ns median (\d+) ns$/m.exec(stdout);
  if (!m) throw new Error(`unexpected output from pingpong: ${JSON.stringify(stdout)}`);
  return { mean: Number(m[2]) / Number(m[1]) / 1000, median: Number(m[3]) / 1000 };
}

/** Runs the ping-pong runners (`cove` and maybe `native`) and adds their measures and ratios. */
export async function measurePingPong(runners: Runner[], runs: number, what: string, measures: Measure[], ratios: Ratio[]): Promise<void> {
  const means = new Map<string, number[]>(runners.map((r) => [r.name, []]));
  const medians = new Map<string, number[]>(runners.map((r) => [r.name, []]));
  await interleave(runners, runs, (r, o) => {
    const { mean, median } = parsePingPong(o.stdout);
    means.get(r.name)!.push(mean);
    medians.get(r.name)!.push(median);
    return `${mean.toFixed(1)} µs (median ${median.toFixed(1)})`;
  });
  const RT = `${what} round trip, mean of a run`;
  const RT_MED = `${what} round trip, median of a run`;
  for (const r of runners) measures.push({ runner: r.name, metric: RT, unit: "µs", ...summarise(means.get(r.name)!) });
  for (const r of runners) measures.push({ runner: r.name, metric: RT_MED, unit: "µs", ...summarise(medians.get(r.name)!) });
  ratios.push(...ratio("ping-pong (mean): cove / native", measures, RT, "cove", "native", 3.0));
  ratios.push(...ratio("ping-pong (median): cove / native", measures, RT_MED, "cove", "native", 3.0));
}
