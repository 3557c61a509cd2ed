// Parsing of `cove run`'s command line, which follows wasmtime's: options come
// before the module; everything after the module belongs to the guest.

export interface RunArgs {
  dirs: Array<{ host: string; guest: string }>;
  /** Directories of Cove's own namespace to preopen too (e.g. /tmp, /dev). */
  preopens: string[];
  env: string[];
  log?: string;
  strace: boolean;
  help: boolean;
  module?: string;
  args: string[];
}

export class UsageError extends Error {}

const VALUED = new Set(["--dir", "--env", "--log", "--preopen"]);

export function parseRunArgs(argv: string[], hostEnv: Record<string, string | undefined>): RunArgs {
  const out: RunArgs = { dirs: [], preopens: [], env: [], strace: false, help: false, args: [] };
  let i = 0;
  while (i < argv.length) {
    const a = argv[i]!;
    if (a === "--") {
      i++;
      break;
    }
    if (!a.startsWith("-") || a === "-") break;
    i++;
    let name = a;
    let value: string | undefined;
    const eq = a.indexOf("=");
    if (a.startsWith("--") && eq > 0) {
      name = a.slice(0, eq);
      value = a.slice(eq + 1);
    }
    if (VALUED.has(name) && value === undefined) {
      if (i >= argv.length) throw new UsageError(`${name} needs a value`);
      value = argv[i++]!;
    }
    switch (name) {
      case "--dir": out.dirs.push(parseDir(value!)); break;
      case "--env": out.env.push(parseEnv(value!, hostEnv)); break;
      case "--preopen":
        if (!value!.startsWith("/")) throw new UsageError(`--preopen ${value}: expected an absolute path in Cove's namespace`);
        out.preopens.push(value!);
        break;
      case "--log": out.log = value; break;
      case "--strace": out.strace = true; break;
      case "-h":
      case "--help": out.help = true; break;
      default: throw new UsageError(`unknown option ${a}`);
    }
  }
  if (i < argv.length) {
    out.module = argv[i]!;
    out.args = argv.slice(i + 1);
  }
  return out;
}

/** HOST::GUEST, or PATH for the same path on both sides. */
export function parseDir(v: string): { host: string; guest: string } {
  if (v.length === 0) throw new UsageError("--dir needs a directory");
  const sep = v.indexOf("::");
  if (sep < 0) return { host: v, guest: v };
  const host = v.slice(0, sep);
  const guest = v.slice(sep + 2);
  if (!host || !guest) throw new UsageError(`--dir ${v}: expected HOST::GUEST`);
  return { host, guest };
}

/** K=V, or K alone to pass the host's value of K. */
export function parseEnv(v: string, hostEnv: Record<string, string | undefined>): string {
  const eq = v.indexOf("=");
  const key = eq < 0 ? v : v.slice(0, eq);
  if (key.length === 0 || key.includes("\0")) throw new UsageError(`--env ${v}: expected NAME=VALUE`);
  if (eq >= 0) return v;
  const hv = hostEnv[key];
  if (hv === undefined) throw new UsageError(`--env ${v}: ${key} is not set in the host environment`);
  return `${key}=${hv}`;
}
