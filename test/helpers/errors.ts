import type { AppError } from "../../src/core/errors.js";
import { httpStatusOf } from "../../src/server/errors.js";

/**
 * The error with the HTTP status the API answers it with (from server/errors.ts), for tests that
 * check an error's status next to its code: AppError itself carries no status.
 */
export function withHttpStatus<E extends AppError>(err: E): E & { status: number } {
  return Object.assign(err, { status: httpStatusOf(err.code) });
}
