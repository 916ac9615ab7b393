import { readFileSync } from "node:fs";
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { pathToFileURL } from "node:url";
import { readFile, readdir, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config.js";
import { silentLogger } from "../../src/core/logger.js";
import { createApp } from "../../src/server/app.js";
import { createKnowledgeBase } from "../../src/wiring.js";
import { workerIndexBuilder } from "../../src/worker/index-build.js";
import { sampleCorpusCopy, tempDir } from "../helpers/corpus.js";
import { listen } from "../helpers/http.js";

const execFileAsync = promisify(execFile);

const UPLOADED = `关于开展2024年度机器人产业链补链强链专项资助的通知

各有关单位：
一、资助标准
对符合条件的机器人核心零部件研发项目，按照不超过项目总投资的25%给予资助，单个项目最高不超过800万元。

市工业和信息化局
2024年5月10日
`;

async function workerKb() {
  const corpus = await sampleCorpusCopy();
  const dataDir = await tempDir("data");
  const config = loadConfig({ CORPUS_DIR: corpus, DATA_DIR: dataDir }, { offline: true });
  const kb = await createKnowledgeBase(config, { buildInWorker: true });
  return { kb, corpus, dataDir, config };
}

const currentOf = (dataDir: string) => readFileSync(path.join(dataDir, "index", "CURRENT"), "utf8");

describe("index builds in a worker thread", () => {
  it("when the service thread is blocked, then a re-index still publishes a new generation", async () => {
    const { kb, corpus, dataDir } = await workerKb();
    const progress: string[] = [];
    const report = await kb.open({ onProgress: (p) => progress.push(p.relPath) });
    expect(report).toMatchObject({ added: 2, errors: [] });
    expect(progress).toContain("reply-letters/2021-10-22_市政协七届一次会议第20210384号提案答复.txt");
    const before = currentOf(dataDir);

    await writeFile(path.join(corpus, "uploads", "robot.txt"), UPLOADED);
    let started!: () => void;
    const building = new Promise<void>((resolve) => (started = resolve));
    const reindex = kb.reindex({ onProgress: () => started() });
    await building;
    // The build is under way. Block this thread synchronously: a build on it could not advance, a worker's does.
    const deadline = Date.now() + 30_000;
    let published = false;
    while (!published && Date.now() < deadline) published = currentOf(dataDir) !== before;
    expect(published).toBe(true);
    expect(await reindex).toMatchObject({ added: 1, unchanged: 2, errors: [] });
    const answer = await kb.ask("机器人核心零部件研发项目单个项目最高资助多少？");
    expect(answer.refused).toBe(false);
    expect(answer.citations[0].docId).toBe("uploads/robot.txt");
  });

  it("when an upload is indexed in the worker, then the uploader gets the report; an unreadable one is rolled back", async () => {
    const { kb, corpus } = await workerKb();
    await kb.open();
    const server = await listen(createApp({ kb, log: silentLogger, corpusDir: corpus }));
    try {
      const upload = (name: string, bytes: Buffer) => {
        const form = new FormData();
        form.append("file", new Blob([new Uint8Array(bytes)]), name);
        return fetch(`${server.url}/api/documents`, { method: "POST", body: form });
      };
      const ok = await upload("robot.txt", Buffer.from(UPLOADED));
      expect(ok.status).toBe(201);
      expect((await ok.json()).report).toMatchObject({ added: 1, documents: 3, errors: [] });

      const corrupt = await readFile(path.resolve("test/fixtures/corrupt.pdf"));
      const bad = await upload("broken.pdf", corrupt);
      expect(bad.status).toBe(422);
      expect(await readdir(path.join(corpus, "uploads"))).not.toContain("broken.pdf");
      const listed = await (await fetch(`${server.url}/api/documents`)).json();
      expect(listed.documents.map((d: { docId: string }) => d.docId)).toContain("uploads/robot.txt");
      expect(listed.status.building).toBe(false);
    } finally {
      await server.close();
    }
  });

  it("when a build fails in the worker, then the caller gets its error and the next build runs", async () => {
    const corpus = await sampleCorpusCopy();
    const notADir = path.join(await tempDir("data"), "file");
    await writeFile(notADir, "not a directory");
    const config = loadConfig({ CORPUS_DIR: corpus, DATA_DIR: notADir }, { offline: true });
    const failing = workerIndexBuilder(config);
    await expect(failing()).rejects.toThrow(/ENOTDIR/);
    // The same worker takes the next request after a failure (it does not hang or die).
    await expect(failing({ rebuild: true })).rejects.toThrow(/ENOTDIR/);
    const good = loadConfig({ CORPUS_DIR: corpus, DATA_DIR: await tempDir("data") }, { offline: true });
    await expect(workerIndexBuilder(good)({ rebuild: true })).resolves.toMatchObject({ added: 2 });
  });
});

describe("the build worker and its process", () => {
  it("keeps a process alive while a build runs and lets it exit once the worker is idle", async () => {
    const dir = await tempDir("worker-exit");
    const corpus = await sampleCorpusCopy();
    const script = path.join(dir, "build-once.mts");
    const builder = pathToFileURL(path.resolve("src/worker/index-build.ts")).href;
    const config = pathToFileURL(path.resolve("src/config.ts")).href;
    await writeFile(
      script,
      `import { workerIndexBuilder } from ${JSON.stringify(builder)};
import { loadConfig } from ${JSON.stringify(config)};
const build = workerIndexBuilder(loadConfig({ CORPUS_DIR: ${JSON.stringify(corpus)}, DATA_DIR: ${JSON.stringify(path.join(dir, "data"))} }, { offline: true }));
const report = await build({});
console.log("built", report.added);
`,
    );
    // The idle worker is ended after two minutes; a process it held would outlive this timeout.
    const { stdout } = await execFileAsync(process.execPath, ["--import", "tsx", script], { timeout: 60_000 });
    expect(stdout.trim()).toBe("built 2");
  }, 90_000);
});
