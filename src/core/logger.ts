/**
 * The one logger interface. Modules take a Logger; main.ts and the command-line entry points
 * build one (createConsoleLogger, or silentLogger) and pass it down. A log line is a short
 * English message plus fields; an error goes in the `err` field.
 */
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
  /** Shown in brackets before each message, e.g. "bots". */
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

/**
 * A logger writing one line per call (an unexpected error's stack follows, indented):
 *
 *     WARN [bots] wecom: request rejected (BAD_SIGNATURE) {"timestamp":"1700000000"}
 *     ERROR unhandled error {"err":{"name":"TypeError","message":"x is undefined"}}
 *       TypeError: x is undefined
 *           at …
 */
export function createConsoleLogger(
  streams: LogStreams = { out: process.stdout, err: process.stderr },
  options: ConsoleLoggerOptions = {},
): Logger {
  const redact = secretRedactor(options.secrets);
  const write = (level: LogLevel, message: string, fields?: LogFields) => {
    const stream = level === "info" ? streams.out : streams.err;
    stream.write(`${redact(formatLogLine(level, message, fields, options.prefix))}\n`);
  };
  return {
    info: (message, fields) => write("info", message, fields),
    warn: (message, fields) => write("warn", message, fields),
    error: (message, fields) => write("error", message, fields),
  };
}

/** One log line, without the trailing newline. */
function formatLogLine(level: LogLevel, message: string, fields?: LogFields, prefix?: string): string {
  let line = `${level.toUpperCase()} ${prefix ? `[${prefix}] ` : ""}${message}`;
  if (fields && Object.keys(fields).length > 0) {
    const { err, ...rest } = fields;
    const shown = "err" in fields ? { ...rest, err: serializeError(err) } : rest;
    line += ` ${safeJson(shown)}`;
    const stack = unexpectedStack(err);
    if (stack) line += `\n${stack.replace(/^/gm, "  ")}`;
  }
  return line;
}

/**
 * An error as plain data for a log: name, code (of an AppError), message, details and cause.
 * The stack is not part of it; formatLogLine adds it for unexpected errors only.
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

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (typeof v === "bigint" ? v.toString() : v)) ?? String(value);
  } catch {
    return String(value);
  }
}
