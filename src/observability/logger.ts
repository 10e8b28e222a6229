import pino from "pino";

/** `LOG_LEVEL` values: pino's levels, most severe first, and `silent`. */
export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "silent"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `LOG_FORMAT`: `json` (one object a line), `pretty` (one readable line), `auto`: pretty on a terminal. */
export const LOG_FORMATS = ["auto", "json", "pretty"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

export type Logger = pino.Logger;

export interface LoggerOptions {
  level?: LogLevel;
  format?: LogFormat;
  /** Where lines go (tests capture them); default stdout. */
  destination?: pino.DestinationStream;
}

const LEVEL_NAMES: Record<number, string> = {
  10: "TRACE",
  20: "DEBUG",
  30: "INFO",
  40: "WARN",
  50: "ERROR",
  60: "FATAL",
};
/** Written by the logger itself or shown otherwise (`msg`, the error's stack). */
const NOT_SHOWN_AS_FIELDS = new Set(["level", "time", "pid", "hostname", "msg", "err"]);

/**
 * One JSON log line as a person reads it: time, level, message, then the other fields as
 * `key=value`, and an error's stack on the lines below.
 */
export function prettyLine(json: string): string {
  let entry: Record<string, unknown>;
  try {
    entry = JSON.parse(json) as Record<string, unknown>;
  } catch {
    return json.endsWith("\n") ? json : `${json}\n`;
  }
  const time = typeof entry.time === "number" ? new Date(entry.time).toISOString().slice(11, 23) : "";
  const level = LEVEL_NAMES[entry.level as number] ?? String(entry.level);
  const fields = Object.entries(entry)
    .filter(([key, value]) => !NOT_SHOWN_AS_FIELDS.has(key) && value !== undefined)
    .map(([key, value]) => `${key}=${typeof value === "string" ? value : JSON.stringify(value)}`);
  const err = entry.err as { stack?: string; message?: string } | undefined;
  const stack = err ? `\n    ${(err.stack ?? err.message ?? "").split("\n").join("\n    ")}` : "";
  return `${[time, level.padEnd(5), entry.msg ?? "", ...fields].filter((part) => part !== "").join(" ")}${stack}\n`;
}

function prettyStdout(): pino.DestinationStream {
  // Synchronous, as pino's own destination is by default: the last lines before an exit are kept.
  const stdout = pino.destination({ dest: 1, sync: true });
  return { write: (line: string) => stdout.write(prettyLine(line)) };
}

/** The process's logger: JSON lines, or readable ones when stdout is a terminal (`format: "auto"`). */
export function createLogger({ level = "info", format = "auto", destination }: LoggerOptions = {}): Logger {
  const pretty = format === "pretty" || (format === "auto" && !destination && process.stdout.isTTY === true);
  const options: pino.LoggerOptions = {
    level,
    // No pid and hostname on every line: one process per container, and the platform adds both.
    base: undefined,
    serializers: { err: pino.stdSerializers.err },
  };
  if (destination)
    return pino(options, pretty ? { write: (line: string) => destination.write(prettyLine(line)) } : destination);
  return pino(options, pretty ? prettyStdout() : pino.destination({ dest: 1, sync: true }));
}
