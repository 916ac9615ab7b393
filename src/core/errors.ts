/** The one error type of the service: a code, an HTTP status and a message users can read (Chinese). */
export class AppError extends Error {
  constructor(
    readonly code: string,
    readonly status: number,
    /** User-facing message, in Chinese. */
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "AppError";
  }
}
