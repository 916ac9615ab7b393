/**
 * One measured step of the bench: its value, or how it ended (failed, timed out, out of memory,
 * skipped) and after how long. A step that fails is recorded, never thrown past the runner.
 */

export type StepStatus = "ok" | "failed" | "timeout" | "out-of-memory" | "skipped";

export type Step<T> =
  { status: "ok"; seconds: number; value: T } | { status: Exclude<StepStatus, "ok">; seconds: number; error: string };

export function skipped<T>(reason: string): Step<T> {
  return { status: "skipped", seconds: 0, error: reason };
}

/** The value of a step that succeeded. */
export function valueOf<T>(step: Step<T> | undefined): T | undefined {
  return step?.status === "ok" ? step.value : undefined;
}

/** An error raised by a bounded step, carrying how it ended. */
export class StepError extends Error {
  constructor(
    readonly status: Exclude<StepStatus, "ok" | "skipped">,
    message: string,
  ) {
    super(message);
  }
}

/** Run `fn`, timing it; any error becomes a recorded step (a StepError keeps its status). */
export async function runStep<T>(fn: () => Promise<T>): Promise<Step<T>> {
  const t0 = performance.now();
  try {
    const value = await fn();
    return { status: "ok", seconds: (performance.now() - t0) / 1000, value };
  } catch (err) {
    const seconds = (performance.now() - t0) / 1000;
    const status = err instanceof StepError ? err.status : "failed";
    return { status, seconds, error: err instanceof Error ? err.message : String(err) };
  }
}
