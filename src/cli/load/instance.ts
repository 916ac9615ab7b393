/**
 * One service instance as the load script runs it: `node --import tsx src/main.ts` in a child
 * process on a loopback port, its output in a log file, started, waited for, killed.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { createWriteStream } from "node:fs";
import { createServer } from "node:net";
import { fileURLToPath } from "node:url";

const REPO_ROOT = fileURLToPath(new URL("../../../", import.meta.url));

/**
 * Settings every instance gets whatever the caller's environment says: loopback, no rate limit
 * (50 askers come from one address), and offline (no chat model, no remote embeddings, no tokens).
 * Everything else (DATABASE_URL, LOG_LEVEL, …) passes through.
 */
const FORCED_ENV = {
  HOST: "127.0.0.1",
  RATE_LIMIT_PER_MINUTE: "0",
  BOT_RATE_LIMIT_PER_MINUTE: "0",
  OPENAI_API_KEY: "",
  OPENAI_BASE_URL: "",
  CHAT_MODEL: "",
  EMBEDDING_MODEL: "",
  API_TOKENS: "",
};

export interface InstanceSettings {
  name: string;
  corpusDir: string;
  dataDir: string;
  logFile: string;
  /** The caller's environment, passed through. */
  env: NodeJS.ProcessEnv;
}

/** A free loopback port (bound, read, released). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

export class ServiceInstance {
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();
  readonly url: string;

  private constructor(
    readonly settings: InstanceSettings,
    readonly port: number,
  ) {
    this.url = `http://127.0.0.1:${port}`;
  }

  static async create(settings: InstanceSettings): Promise<ServiceInstance> {
    return new ServiceInstance(settings, await freePort());
  }

  /** Starts the process (again, on the same port) and resolves once /healthz says ready. */
  async start(timeoutMs = 120_000): Promise<void> {
    const { corpusDir, dataDir, logFile, env } = this.settings;
    const log = createWriteStream(logFile, { flags: "a" });
    const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], {
      cwd: REPO_ROOT,
      env: { ...env, ...FORCED_ENV, CORPUS_DIR: corpusDir, DATA_DIR: dataDir, PORT: String(this.port) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child.stdout!.pipe(log, { end: false });
    child.stderr!.pipe(log, { end: false });
    this.child = child;
    this.exited = new Promise((resolve) => child.once("exit", () => resolve()));
    await this.waitReady(timeoutMs);
  }

  private async waitReady(timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null || this.child?.signalCode) {
        throw new Error(`${this.settings.name} exited during start-up; see ${this.settings.logFile}`);
      }
      const ok = await fetch(`${this.url}/healthz`).then(
        (r) => r.ok,
        () => false,
      );
      if (ok) return;
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error(`${this.settings.name} not ready after ${timeoutMs / 1000} s; see ${this.settings.logFile}`);
  }

  /** SIGKILL: no shutdown code runs, as in a crash or an OOM kill. */
  async kill9(): Promise<void> {
    this.child?.kill("SIGKILL");
    await this.exited;
  }

  /** SIGKILL without waiting, for an exit handler. */
  killNow(): void {
    if (this.child && this.child.exitCode === null && !this.child.signalCode) this.child.kill("SIGKILL");
  }

  /** SIGTERM, then SIGKILL if it has not exited within a few seconds. */
  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode) return;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
    await this.exited;
    clearTimeout(timer);
  }
}
