/** Abort signals that may or may not be there: a caller's cancellation, a timeout, a deadline. */

/** One signal that aborts when any of the given ones does; undefined when none is given. */
export function anySignal(...signals: Array<AbortSignal | undefined>): AbortSignal | undefined {
  const present = signals.filter((s): s is AbortSignal => s !== undefined);
  return present.length > 1 ? AbortSignal.any(present) : present[0];
}
