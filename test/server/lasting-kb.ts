/**
 * A knowledge base over a private copy of the sample corpus whose directories live until
 * `dispose()` (the shared tempDir helper removes its directories after every test).
 */
import { cp, mkdtemp, rm } from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { ExtractiveAnswerer } from "../../src/answer/extractive.js";
import { createTokenizer } from "../../src/text/tokenize.js";
import { KnowledgeBase } from "../../src/service/knowledge-base.js";
import { TODAY } from "../helpers/sample-kb.js";

export async function lastingSampleKb(): Promise<{
  kb: KnowledgeBase;
  corpus: string;
  dataDir: string;
  dispose: () => Promise<void>;
}> {
  const root = await mkdtemp(path.join(os.tmpdir(), "gxj-lasting-"));
  const corpus = path.join(root, "corpus");
  const dataDir = path.join(root, "data");
  await cp(path.resolve("corpus"), corpus, { recursive: true });
  const kb = new KnowledgeBase({
    corpusDir: corpus,
    dataDir,
    chunkChars: 250,
    tokenizer: createTokenizer(),
    embedding: { kind: "local" },
    answerer: new ExtractiveAnswerer(),
    now: () => TODAY,
  });
  await kb.open();
  return { kb, corpus, dataDir, dispose: () => rm(root, { recursive: true, force: true }) };
}
