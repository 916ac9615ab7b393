/**
 * The one logger interface. Modules take a Logger; main.ts and the command-line entry points
 * build one (createConsoleLogger: JSON lines through pino; or silentLogger) and pass it down. A
 * log line is a short English message plus fields; an error goes in the `err` field.
 */
import os from "node:os";
import { pino } from "pino";
import { AppError } from "./errors.js";

export type LogLevel = "info" | "warn" | "error";

/** Facts of a log line. `err` holds an error; it is written as name, code and message (plus stack when unexpected). */
export type LogFields = Record<string, unknown> & { err?: unknown };

export interface Logger {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** Where the console logger writes: info to `out`, warnings and errors to `err`. */
export interface LogStreams {
  out: { write(text: string): unknown };
  err: { write(text: string): unknown };
}

export interface ConsoleLoggerOptions {
  /** Written as the `component` field of each line, e.g. "bots". */
  prefix?: string;
  /**
   * Values never written (API keys, app secrets, tokens; see secretsOf in config.ts): each is
   * replaced by [REDACTED] wherever it appears in a line, an upstream's error text included.
   */
  secrets?: readonly string[];
}

export const REDACTED = "[REDACTED]";
/** Shorter values are not secrets worth the name, and redacting them would garble ordinary text. */
const MIN_SECRET_CHARS = 4;

/** `text` with every secret (also as JSON or URL encoding writes it) replaced by [REDACTED]. */
export function redactSecrets(text: string, secrets: readonly string[] = []): string {
  return secretRedactor(secrets)(text);
}

/** A redaction of the given secrets, their written forms worked out once (a logger's secrets never change). */
export function secretRedactor(secrets: readonly string[] = []): (text: string) => string {
  const forms = secrets
    .filter((s) => s.length >= MIN_SECRET_CHARS)
    .flatMap((s) => [s, JSON.stringify(s).slice(1, -1), encodeURIComponent(s)]);
  // Longest first, so a secret containing another is replaced whole.
  const ordered = [...new Set(forms)].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const form of ordered) out = out.split(form).join(REDACTED);
    return out;
  };
}

/** Levels a logger can be set to; "silent" writes nothing. */
export const LOG_LEVELS = ["info", "warn", "error", "silent"] as const;

/**
 * A logger writing one JSON object a line (pino): level, ISO time, pid, hostname, `component`
 * (the prefix), the fields and the message (`msg`). Info lines go to `out`, warnings and errors to
 * `err`. An error in `err` is written by serializeError, with its stack when unexpected:
 *
 *     {"level":"warn","time":"2026-11-29T16:00:00.000Z","pid":7,"hostname":"h","component":"bots","timestamp":"1700000000","msg":"wecom: request rejected (BAD_SIGNATURE)"}
 *
 * Each line is redacted whole as it is written out, so a secret is caught wherever it stands:
 * message, field, nested error, or an upstream's text echoed into any of them.
 */
export function createConsoleLogger(
  streams: LogStreams = { out: process.stdout, err: process.stderr },
  options: ConsoleLoggerOptions & { level?: (typeof LOG_LEVELS)[number] } = {},
): Logger {
  const redact = secretRedactor(options.secrets);
  const redacted = (stream: LogStreams["out"]) => ({ write: (line: string) => stream.write(redact(line)) });
  const destination = pino.multistream(
    [
      { level: "info", stream: redacted(streams.out) },
      { level: "warn", stream: redacted(streams.err) },
    ],
    // Each line goes to the one stream of the highest level it reaches: warnings only to `err`.
    { dedupe: true },
  );
  const logger = pino(
    {
      level: options.level ?? "info",
      base: { pid: process.pid, hostname: os.hostname(), ...(options.prefix ? { component: options.prefix } : {}) },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: errorForLog },
    },
    destination,
  );
  const write = (level: LogLevel) => (message: string, fields?: LogFields) =>
    fields ? logger[level](fields, message) : logger[level](message);
  return { info: write("info"), warn: write("warn"), error: write("error") };
}

/** serializeError, plus the stack of an error the program did not raise on purpose. */
function errorForLog(err: unknown): unknown {
  const out = serializeError(err);
  const stack = unexpectedStack(err);
  return stack && out && typeof out === "object" ? { ...out, stack } : out;
}

/**
 * An error as plain data for a log: name, code (of an AppError), message, details and cause.
 * The stack is not part of it; the logger adds it for unexpected errors only.
 */
export function serializeError(err: unknown, depth = 0): unknown {
  if (!(err instanceof Error)) return err;
  const out: Record<string, unknown> = { name: err.name };
  if (err instanceof AppError) out.code = err.code;
  out.message = err.message;
  if (err instanceof AppError && err.details) out.details = err.details;
  if (err.cause !== undefined && depth < 3) out.cause = serializeError(err.cause, depth + 1);
  return out;
}

/** The stack of an error the program did not raise on purpose (not an AppError); undefined otherwise. */
function unexpectedStack(err: unknown): string | undefined {
  if (!(err instanceof Error) || err instanceof AppError) return undefined;
  return err.stack;
}
