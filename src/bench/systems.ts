/**
 * The two systems under measurement, each reached only through its public surfaces. The project:
 * the index CLI (src/cli/index-cli.ts) and the service (src/main.ts) as child processes, configured
 * by environment (README "Configuration"), asked over HTTP. The baseline: baseline-main.ts the same way.
 */
import { readdirSync, statSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import type { RetrievedPassage } from "./answer-match.js";
import { runBounded, startChild, type RunningChild } from "./child.js";
import type { Corpus } from "./corpora.js";
import type { AskClient } from "./http-measures.js";
import type { BuildMeasure, ProcessMeasure } from "./result.js";
import { parseSse } from "./sse.js";

export interface SystemOptions {
  repoDir: string;
  /** Extra node flags for every child, e.g. --max-old-space-size=…; none means Node's default heap. */
  nodeFlags: string[];
}

export interface System {
  name: "project" | "baseline";
  build(corpus: Corpus, dataDir: string, timeoutMs: number): Promise<BuildMeasure>;
  /** Brings the index up to date after corpus.changeFile changed. */
  update(corpus: Corpus, dataDir: string, timeoutMs: number): Promise<ProcessMeasure>;
  start(corpus: Corpus, dataDir: string, port: number): RunningChild;
  client(baseUrl: string): AskClient;
  /** Adds corpus.upload through the service and waits until it is indexed. */
  reindex(baseUrl: string, corpus: Corpus): Promise<void>;
}

/** Total size in MB (10^6 bytes) of the files under a folder. */
export function folderMB(dir: string): number {
  let bytes = 0;
  for (const d of readdirSync(dir, { recursive: true, withFileTypes: true }))
    if (d.isFile()) bytes += statSync(path.join(d.parentPath, d.name)).size;
  return bytes / 1e6;
}

/** A free loopback port. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The last line of output that parses as a JSON object (the index CLI's --json report). */
export function lastJsonLine(stdout: string): Record<string, unknown> | undefined {
  for (const line of stdout.trim().split("\n").reverse()) {
    try {
      const value: unknown = JSON.parse(line);
      if (value && typeof value === "object") return value as Record<string, unknown>;
    } catch {
      // not JSON
    }
  }
  return undefined;
}

const chunksIn = (stdout: string) => {
  const chunks = lastJsonLine(stdout)?.chunks;
  return typeof chunks === "number" ? chunks : undefined;
};

/**
 * The project's environment: offline (remote model settings set empty, which also wins over a
 * .env file), no rate limits, the corpus and data folders of the bench.
 */
export function projectEnv(corpus: Corpus, dataDir: string, port?: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    CORPUS_DIR: corpus.dir,
    DATA_DIR: dataDir,
    HOST: "127.0.0.1",
    PORT: String(port ?? 0),
    OPENAI_API_KEY: "",
    OPENAI_BASE_URL: "",
    CHAT_MODEL: "",
    EMBEDDING_MODEL: "",
    API_TOKENS: "",
    RATE_LIMIT_PER_MINUTE: "0",
    BOT_RATE_LIMIT_PER_MINUTE: "0",
    MAX_UPLOAD_MB: "200",
  };
}

const jsonAsk = (question: string) => ({
  method: "POST" as const,
  path: "/api/ask",
  headers: { "content-type": "application/json" },
  body: JSON.stringify({ question }),
});

export function projectSystem(opts: SystemOptions): System {
  const node = (script: string, args: string[] = []) => [...opts.nodeFlags, "--import", "tsx", script, ...args];
  const indexCli = path.join(opts.repoDir, "src/cli/index-cli.ts");
  const runIndex = async (corpus: Corpus, dataDir: string, timeoutMs: number, rebuild: boolean) =>
    runBounded(process.execPath, node(indexCli, [...(rebuild ? ["--rebuild"] : []), "--json"]), {
      env: projectEnv(corpus, dataDir),
      cwd: opts.repoDir,
      timeoutMs,
    });
  return {
    name: "project",
    async build(corpus, dataDir, timeoutMs) {
      const run = await runIndex(corpus, dataDir, timeoutMs, true);
      return {
        seconds: run.seconds,
        peakRssMiB: run.peakRssMiB,
        diskMB: folderMB(dataDir),
        chunks: chunksIn(run.stdout),
      };
    },
    async update(corpus, dataDir, timeoutMs) {
      const run = await runIndex(corpus, dataDir, timeoutMs, false);
      return { seconds: run.seconds, peakRssMiB: run.peakRssMiB };
    },
    start(corpus, dataDir, port) {
      return startChild(process.execPath, node(path.join(opts.repoDir, "src/main.ts")), {
        env: projectEnv(corpus, dataDir, port),
        cwd: opts.repoDir,
      });
    },
    client(baseUrl) {
      return {
        baseUrl,
        loadRequest: jsonAsk,
        async ask(question) {
          const res = await fetch(`${baseUrl}/api/ask`, {
            method: "POST",
            headers: { "content-type": "application/json", accept: "text/event-stream" },
            body: JSON.stringify({ question }),
          });
          const body = await res.text();
          if (!res.ok) throw new Error(`HTTP ${res.status}: ${body.slice(0, 200)}`);
          const events = parseSse(body);
          const failure = events.find((e) => e.event === "error");
          if (failure) throw new Error(failure.data);
          const sources = events.find((e) => e.event === "sources");
          const citations = sources ? (JSON.parse(sources.data) as Array<{ docId: string; quote: string }>) : [];
          return citations.map((c): RetrievedPassage => ({ docId: c.docId, text: c.quote }));
        },
      };
    },
    async reindex(baseUrl, corpus) {
      const form = new FormData();
      form.append("file", new Blob([corpus.upload.text]), path.basename(corpus.upload.relPath));
      const res = await fetch(`${baseUrl}/api/documents`, { method: "POST", body: form });
      const body = await res.text();
      if (!res.ok) throw new Error(`upload: HTTP ${res.status}: ${body.slice(0, 300)}`);
    },
  };
}

export function baselineSystem(opts: SystemOptions): System {
  const script = path.join(opts.repoDir, "src/bench/baseline-main.ts");
  const node = (args: string[]) => [...opts.nodeFlags, "--import", "tsx", script, ...args];
  const env = { ...process.env };
  return {
    name: "baseline",
    async build(corpus, dataDir, timeoutMs) {
      const run = await runBounded(process.execPath, node(["build", corpus.dir, dataDir]), { env, timeoutMs });
      return {
        seconds: run.seconds,
        peakRssMiB: run.peakRssMiB,
        diskMB: folderMB(dataDir),
        chunks: chunksIn(run.stdout),
      };
    },
    async update(corpus, dataDir, timeoutMs) {
      const args = ["update", corpus.dir, dataDir, corpus.changeFile];
      const run = await runBounded(process.execPath, node(args), { env, timeoutMs });
      return { seconds: run.seconds, peakRssMiB: run.peakRssMiB };
    },
    start(corpus, dataDir, port) {
      return startChild(process.execPath, node(["serve", dataDir, String(port), corpus.dir]), { env });
    },
    client(baseUrl) {
      return {
        baseUrl,
        loadRequest: jsonAsk,
        async ask(question) {
          const res = await fetch(`${baseUrl}/api/ask`, {
            method: "POST",
            headers: { "content-type": "application/json" },
            body: JSON.stringify({ question }),
          });
          if (!res.ok) throw new Error(`HTTP ${res.status}`);
          return ((await res.json()) as { passages: RetrievedPassage[] }).passages;
        },
      };
    },
    async reindex(baseUrl, corpus) {
      const res = await fetch(`${baseUrl}/api/documents`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(corpus.upload),
      });
      if (!res.ok) throw new Error(`upload: HTTP ${res.status}`);
    },
  };
}
