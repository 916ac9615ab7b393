/**
 * Child processes of the bench, bounded and watched: wall time, peak resident memory (VmHWM
 * from /proc, polled), a timeout that kills the child, and "out of memory" told apart from
 * other failures. The only place the bench starts processes.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { readFileSync } from "node:fs";
import { StepError } from "./step.js";

export interface MemoryReading {
  rssMiB: number;
  peakMiB: number;
}

/** Current and peak resident memory of a live process, from /proc/PID/status; undefined once it is gone. */
export function readMemory(pid: number): MemoryReading | undefined {
  try {
    const status = readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
    return { rssMiB: kb("VmRSS") / 1024, peakMiB: kb("VmHWM") / 1024 };
  } catch {
    return undefined;
  }
}

/** Polls a process's memory; VmHWM only grows, so the last reading is its peak up to one interval before it ended. */
export function watchMemory(pid: number, intervalMs = 100): { stop: () => MemoryReading } {
  let last: MemoryReading = { rssMiB: NaN, peakMiB: NaN };
  const poll = () => {
    const m = readMemory(pid);
    // A process that has exited but not been reaped has no Vm lines: keep the last real reading.
    if (m && Number.isFinite(m.peakMiB)) last = m;
  };
  poll();
  const timer = setInterval(poll, intervalMs);
  return {
    stop: () => {
      poll();
      clearInterval(timer);
      return last;
    },
  };
}

/** What a crashed Node process says when it ran out of heap. */
const OUT_OF_MEMORY = /heap out of memory|Reached heap limit|Allocation failed|ENOMEM/i;
const TAIL = 4000;

export interface FinishedChild {
  seconds: number;
  peakRssMiB: number;
  stdout: string;
}

export interface RunOptions {
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
  cwd?: string;
}

/**
 * Runs a command to its end. Throws a StepError on timeout (the child is killed), on running
 * out of memory, or on a non-zero exit, with the end of its stderr.
 */
export function runBounded(command: string, args: string[], options: RunOptions): Promise<FinishedChild> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
    const memory = watchMemory(child.pid!);
    let stdout = "";
    let stderr = "";
    child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr!.on("data", (d: Buffer) => (stderr = (stderr + d.toString()).slice(-TAIL)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, options.timeoutMs);
    child.on("error", (err) => {
      clearTimeout(timer);
      memory.stop();
      reject(err);
    });
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const { peakMiB } = memory.stop();
      const seconds = (performance.now() - t0) / 1000;
      const peak = `peak RSS ${Math.round(peakMiB)} MiB`;
      if (timedOut) return reject(new StepError("timeout", `killed after ${Math.round(seconds)} s (${peak})`));
      if (OUT_OF_MEMORY.test(stderr))
        return reject(new StepError("out-of-memory", `out of memory (${peak}): ${lastLines(stderr)}`));
      if (code !== 0) return reject(new StepError("failed", `exit ${code ?? signal} (${peak}): ${lastLines(stderr)}`));
      resolve({ seconds, peakRssMiB: peakMiB, stdout });
    });
  });
}

function lastLines(text: string, n = 6): string {
  return text.trim().split("\n").slice(-n).join("\n");
}

/** A long-running child (a service): its stderr tail for error messages, and a bounded stop. */
export interface RunningChild {
  child: ChildProcess;
  output: () => string;
  exited: () => boolean;
  stop: () => Promise<void>;
}

export function startChild(command: string, args: string[], options: Omit<RunOptions, "timeoutMs">): RunningChild {
  const child = spawn(command, args, { env: options.env, cwd: options.cwd, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (d: Buffer) => (output = (output + d.toString()).slice(-TAIL));
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  let exited = false;
  const closed = new Promise<void>((resolve) => child.on("close", () => ((exited = true), resolve())));
  return {
    child,
    output: () => output,
    exited: () => exited,
    stop: async () => {
      if (exited) return;
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await closed;
      clearTimeout(timer);
    },
  };
}

/** Whether a service's output says it ran out of memory. */
export function saysOutOfMemory(output: string): boolean {
  return OUT_OF_MEMORY.test(output);
}
