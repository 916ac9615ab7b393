/**
 * The one error type of the program: every error raised on purpose is an AppError with a code.
 * It carries no HTTP status: the HTTP boundaries decide that from the code (the API in
 * server/errors.ts, the messenger bots in bots/http.ts).
 */

/** Codes the HTTP API returns in `{ error: { code, message } }` (and in the stream's error event). */
export const API_ERROR_CODES = [
  "BAD_REQUEST",
  "BAD_JSON",
  "BAD_ENCODING",
  "TOO_LARGE",
  "UNAUTHORIZED",
  "RATE_LIMITED",
  "NOT_FOUND",
  "CONFLICT",
  "NOT_READY",
  "NOT_CONFIGURED",
  "BAD_PATH",
  "BAD_UPLOAD",
  "UNSUPPORTED_TYPE",
  "EMPTY_FILE",
  "llm_timeout",
  "llm_unavailable",
  "INTERNAL",
] as const;

/** Why a file could not be turned into text (see ingest/errors.ts); also the code of a failed upload. */
export const INGEST_ERROR_CODES = ["EMPTY", "BINARY", "CORRUPT", "UNSUPPORTED", "NO_TEXT", "UNREADABLE"] as const;

/** Why a messenger bot refused a callback; the bots answer them with their own statuses (bots/http.ts). */
export const BOT_REJECT_CODES = [
  "BAD_JSON",
  "BAD_REQUEST",
  "BAD_XML",
  "BAD_MESSAGE",
  "BAD_EVENT",
  "BAD_CIPHERTEXT",
  "BAD_SIGNATURE",
  "STALE_TIMESTAMP",
  "BAD_TOKEN",
  "BAD_APP",
  "BAD_RECEIVER",
  "NOT_ENCRYPTED",
  "NOT_CONFIGURED",
] as const;

/**
 * Failures no client causes: bad configuration or prompt files, protocol and upstream failures
 * of the messenger platforms, broken evaluation inputs, a damaged index. Operators read them
 * (logs, command-line output); over HTTP they are a plain 500.
 */
export const INTERNAL_ERROR_CODES = [
  "CONFIG_INVALID",
  "USAGE",
  "PROMPT_INVALID",
  "INDEX_CORRUPT",
  "WECOM_CRYPTO",
  "WECOM_XML",
  "WECOM_API",
  "FEISHU_CRYPTO",
  "FEISHU_API",
  "DINGTALK_API",
  "THRESHOLDS_INVALID",
  "QUESTION_SET_INVALID",
  "QUESTION_SET_MISMATCH",
  "BENCHMARK_INVALID",
  "REMOTE_EVAL_FAILED",
] as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[number];
export type IngestErrorCode = (typeof INGEST_ERROR_CODES)[number];
export type BotRejectCode = (typeof BOT_REJECT_CODES)[number];
export type InternalErrorCode = (typeof INTERNAL_ERROR_CODES)[number];
export type ErrorCode = ApiErrorCode | IngestErrorCode | BotRejectCode | InternalErrorCode;

/** Every code, once. */
export const ERROR_CODES: readonly ErrorCode[] = [
  ...new Set<ErrorCode>([...API_ERROR_CODES, ...INGEST_ERROR_CODES, ...BOT_REJECT_CODES, ...INTERNAL_ERROR_CODES]),
];

export interface AppErrorOptions {
  cause?: unknown;
  /** Facts for the log (ids, counts, an upstream's error code); never shown to users. */
  details?: Record<string, unknown>;
}

export class AppError extends Error {
  readonly details?: Record<string, unknown>;

  constructor(
    readonly code: ErrorCode,
    /** The message; in Chinese where it can reach a user. */
    message: string,
    options: AppErrorOptions = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    if (options.details) this.details = options.details;
  }
}
