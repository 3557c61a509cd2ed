// One logging strategy everywhere (DESIGN.md): error, warn, info, debug, trace.
// trace is --strace: every syscall entry and exit. Each log line goes to a sink
// chosen by the host (stderr in Node, the page's console in a browser).

export const LEVELS = ["off", "error", "warn", "info", "debug", "trace"] as const;
export type LogLevel = (typeof LEVELS)[number];

export function parseLevel(s: string): LogLevel | undefined {
  return (LEVELS as readonly string[]).includes(s) ? (s as LogLevel) : undefined;
}

export class Logger {
  private readonly rank: number;
  constructor(
    level: LogLevel,
    private readonly sink: (line: string) => void,
    private readonly prefix = "cove",
  ) {
    this.rank = LEVELS.indexOf(level);
  }
  enabled(level: LogLevel): boolean {
    return LEVELS.indexOf(level) <= this.rank;
  }
  private emit(level: LogLevel, msg: string): void {
    if (this.enabled(level)) this.sink(`[${this.prefix}] ${level}: ${msg}`);
  }
  error(msg: string): void { this.emit("error", msg); }
  warn(msg: string): void { this.emit("warn", msg); }
  info(msg: string): void { this.emit("info", msg); }
  debug(msg: string): void { this.emit("debug", msg); }
  trace(msg: string): void { this.emit("trace", msg); }
  /** A logger for another component with the same level and sink. */
  child(prefix: string): Logger {
    return new Logger(LEVELS[this.rank] ?? "off", this.sink, prefix);
  }
}
