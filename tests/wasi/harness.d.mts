// SPDX-License-Identifier: Apache-2.0
// Types for harness.mjs, so TypeScript tests can import it without allowJs.
export interface GuestRun {
  name: string;
  prog: string;
  /** Guest name of the scratch preopen; null runs with no preopens. */
  guest: string | null;
  args: string[];
  env: string[];
  exit: number;
  expected: string;
  /** Why this run is known not to pass yet; null when it must pass. */
  pending: string | null;
}

export interface GuestResult {
  argv: string[];
  status: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  leftovers: string[];
}

export const wasiDir: string;
export const repoRoot: string;
export const runners: { cove: string[]; node: string[] };
export function loadRuns(): GuestRun[];
export function expectedOutput(run: GuestRun): string;
export function runGuest(
  runner: string[],
  run: GuestRun,
  timeoutMs?: number,
  binDir?: string,
): GuestResult;
