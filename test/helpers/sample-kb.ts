/** A knowledge base over the real sample corpus, indexed into a temporary data directory. */
import path from "node:path";
import { ExtractiveAnswerer } from "../../src/answer/extractive.js";
import type { Answerer } from "../../src/answer/types.js";
import { createTokenizer } from "../../src/text/tokenize.js";
import { KnowledgeBase } from "../../src/service/knowledge-base.js";
import { loadConfig } from "../../src/config.js";
import { thesaurusLoader } from "../../src/wiring.js";
import { tempDir } from "./corpus.js";

/** A fixed "today", so statements about whether a rule is in force are reproducible. */
export const TODAY = new Date("2026-11-28T00:00:00Z");

export async function openSampleKb(
  answerer: Answerer = new ExtractiveAnswerer(),
  corpusDir = path.resolve("corpus"),
): Promise<KnowledgeBase> {
  const kb = new KnowledgeBase({
    corpusDir,
    dataDir: await tempDir("data"),
    chunkChars: 250,
    tokenizer: createTokenizer(),
    embedding: { kind: "local" },
    answerer,
    // The thesaurus as the service loads it (no staff file).
    loadThesaurus: thesaurusLoader(loadConfig({})),
    now: () => TODAY,
  });
  await kb.open();
  return kb;
}

/** The status of an open knowledge base: counts, embedding and build facts of the index in use. */
export function openStatus(kb: KnowledgeBase): Extract<ReturnType<KnowledgeBase["status"]>, { ready: true }> {
  const status = kb.status();
  if (!status.ready) throw new Error("the knowledge base is not open");
  return status;
}
