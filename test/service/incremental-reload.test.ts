import { readdir, readFile, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { setFlagsFromString } from "node:v8";
import { runInNewContext } from "node:vm";
import { describe, expect, it } from "vitest";
import { ExtractiveAnswerer } from "../../src/answer/extractive.js";
import { buildIndex } from "../../src/index/indexer.js";
import { currentGeneration, loadIndex, type LoadedIndex, loadManifest } from "../../src/index/index-store.js";
import { KnowledgeBase } from "../../src/service/knowledge-base.js";
import { tempDir } from "../helpers/corpus.js";
import {
  MIXED_QUESTIONS,
  mixedCorpus as mixedCorpusOf,
  mixedIndexOptions,
  type NoticeText,
  writeNotice as writeNoticeOf,
} from "../helpers/mixed-corpus.js";

const NOW = () => new Date("2025-07-01T00:00:00Z");

const QUESTIONS = [
  ...MIXED_QUESTIONS,
  "第30号通知的截止时间是什么时候？",
  "深财规〔2024〕425号规定的补贴是多少？",
  "深财规〔2024〕44号规定的补贴是多少？",
];

const mixedCorpus = () => mixedCorpusOf(40, noticeText);
const writeNotice = (corpus: string, i: number, amount: string) => writeNoticeOf(corpus, i, amount, noticeText);

/** A short notice stating a photovoltaic subsidy; `amount` is what a test changes. */
const noticeText: NoticeText = (i, amount) =>
  `关于第${i}号补贴标准的通知\n深发〔2024〕${i + 100}号\n\n一、依据深财规〔2024〕${amount.replace(".", "")}号，第${i}号通知规定光伏补贴为每瓦${amount}元。\n二、申请材料包括营业执照和项目备案证明，截止时间为${(i % 12) + 1}月底。\n`;

function openKb(corpusDir: string, dataDir: string): KnowledgeBase {
  return new KnowledgeBase({ ...mixedIndexOptions(corpusDir, dataDir), answerer: new ExtractiveAnswerer(), now: NOW });
}

/** Everything a user sees of a knowledge base: the document list, documents, passages with scores, answers. */
async function seen(kb: KnowledgeBase) {
  const searches = [];
  const answers = [];
  for (const q of QUESTIONS) {
    searches.push((await kb.search(q, { k: 16 })).map((p) => [p.chunk.id, p.chunk.text, p.score]));
    const a = await kb.ask(q);
    answers.push([a.answer, a.citations]);
  }
  const documents = kb.documents();
  return {
    documents,
    details: documents.map((d) => kb.document(d.docId)),
    searches,
    answers,
    chunks: (kb.status() as { chunks: number }).chunks,
  };
}

/** What the same generation looks like loaded in full by a knowledge base that held nothing before. */
async function seenAfterFullLoad(corpusDir: string, dataDir: string) {
  const kb = openKb(corpusDir, dataDir);
  await kb.open();
  expect(kb.status()).toMatchObject({ loaded: "full" });
  return seen(kb);
}

const loadedOf = (kb: KnowledgeBase) => (kb.status() as { loaded: string }).loaded;

describe("reloading after an update", () => {
  it("when the base is unchanged, then only the delta is read and search, documents and answers equal a full load's; a merge loads in full", async () => {
    const corpus = await mixedCorpus();
    const data = await tempDir("data");
    const kb = openKb(corpus, data);
    await kb.open();
    expect(loadedOf(kb)).toBe("full");
    // Questions before the update fill the index's per-chunk caches (normalized text for 文号 mentions).
    await seen(kb);
    const baseId = (await loadManifest(data))!.baseId;
    expect(baseId).toBeDefined();

    // A changed, an added and a removed file: the update carries the base, the reload reads the delta.
    await writeNotice(corpus, 3, "42.5");
    await writeNotice(corpus, 40, "7.7");
    await rm(path.join(corpus, "notices", "notice-5.txt"));
    await kb.reindex();
    expect(loadedOf(kb)).toBe("delta");
    expect((await loadManifest(data))!.baseId).toBe(baseId);
    const afterFirst = await seen(kb);
    expect(afterFirst).toEqual(await seenAfterFullLoad(corpus, data));
    expect(afterFirst.searches[0].some(([, text]) => String(text).includes("42.5"))).toBe(true);
    expect(String(afterFirst.searches[8][0][0])).toMatch(/^notices\/notice-3.txt#/);
    expect(afterFirst.documents.some((d) => d.docId === "notices/notice-5.txt")).toBe(false);

    // A second update: a delta file changed again, a base law file removed, another changed.
    await writeNotice(corpus, 40, "8.8");
    const laws = path.join(corpus, "laws");
    const lawFile = (await readdir(laws, { recursive: true })).find((f) => f.endsWith(".md"))!;
    await rm(path.join(laws, lawFile));
    await writeNotice(corpus, 30, "3.3");
    await kb.reindex();
    expect(loadedOf(kb)).toBe("delta");
    expect(await seen(kb)).toEqual(await seenAfterFullLoad(corpus, data));

    // Most notices changed: the update merges into a new base, which is loaded in full.
    for (let i = 0; i < 40; i++) if (i !== 5) await writeNotice(corpus, i, `${i}.9`);
    await kb.reindex();
    const merged = (await loadManifest(data))!;
    expect(merged.baseId).not.toBe(baseId);
    expect(merged.files.every((f) => f.segment === "base")).toBe(true);
    expect(loadedOf(kb)).toBe("full");
    expect(await seen(kb)).toEqual(await seenAfterFullLoad(corpus, data));

    // After the merge, updates reload the delta again, over the new base.
    await writeNotice(corpus, 7, "11.1");
    await kb.reindex();
    expect(loadedOf(kb)).toBe("delta");
    const afterMerge = await seen(kb);
    expect(afterMerge).toEqual(await seenAfterFullLoad(corpus, data));
    expect(afterMerge.searches[5].some(([, text]) => String(text).includes("11.1"))).toBe(true);
  }, 120_000);

  it("when another instance published an update, then following it reads only its delta", async () => {
    const corpus = await mixedCorpus();
    const data = await tempDir("data");
    const first = openKb(corpus, data);
    await first.open();
    const second = openKb(corpus, data);
    await second.open();
    await writeNotice(corpus, 12, "99.1");
    await second.reindex();
    expect(await first.followPublished()).toBe(true);
    expect(loadedOf(first)).toBe("delta");
    expect(await seen(first)).toEqual(await seenAfterFullLoad(corpus, data));
  }, 60_000);

  it("when the store is given the generation in memory, then it lends only what the new one shares", async () => {
    const corpus = await mixedCorpus();
    const data = await tempDir("data");
    await buildIndex(mixedIndexOptions(corpus, data));
    const before = (await loadIndex(data, () => undefined))!;
    await writeNotice(corpus, 2, "5.5");
    await buildIndex(mixedIndexOptions(corpus, data));
    const reloaded = (await loadIndex(data, () => undefined, before))!;
    const full = (await loadIndex(data, () => undefined))!;
    expect(reloaded.loaded).toBe("delta");
    expect(reloaded.generation).toBe(full.generation);
    expect(reloaded.base.lexical).toBe(before.base.lexical);
    expect(reloaded.documents).toEqual(full.documents);
    expect(reloaded.chunks).toEqual(full.chunks);
    for (const name of ["lexical", "chunkBigrams", "documentLexical"] as const) {
      expect(reloaded[name].size).toBe(full[name].size);
      const query = ["补贴", "光伏", "合同"].map((term) => ({ term, weight: 1 }));
      expect(reloaded[name].searchWeighted(query, 20)).toEqual(full[name].searchWeighted(query, 20));
    }
    // The changed file's old records are not carried: the new generation holds the new text only.
    const notice = reloaded.documents.find((d) => d.docId === "notices/notice-2.txt")!;
    expect(notice.text).toContain("5.5");
    expect(reloaded.documents.filter((d) => d.docId === "notices/notice-2.txt")).toHaveLength(1);
  }, 60_000);

  it("when an index was written before bases had an id, then its generation's name stands for it and updates carry it", async () => {
    const corpus = await mixedCorpus();
    const data = await tempDir("data");
    await buildIndex(mixedIndexOptions(corpus, data));
    // As an index of the previous release: the same format with no baseId in its manifest.
    const gen = (await currentGeneration(data))!;
    const manifestFile = path.join(data, "index", gen, "manifest.json");
    const { baseId: _dropped, ...older } = JSON.parse(await readFile(manifestFile, "utf8")) as Record<string, unknown>;
    await writeFile(manifestFile, JSON.stringify(older));
    const before = (await loadIndex(data, () => undefined))!;
    expect(before.baseId).toBe(gen);
    await writeNotice(corpus, 2, "6.6");
    await buildIndex(mixedIndexOptions(corpus, data));
    expect((await loadManifest(data))!.baseId).toBe(gen);
    const reloaded = (await loadIndex(data, () => undefined, before))!;
    expect(reloaded.loaded).toBe("delta");
    const full = (await loadIndex(data, () => undefined))!;
    expect(reloaded.documents).toEqual(full.documents);
    expect(reloaded.chunks).toEqual(full.chunks);
  }, 60_000);

  it("when the swap is done, then the old generation's own objects are released and only the base is shared", async () => {
    setFlagsFromString("--expose-gc");
    const gc = runInNewContext("gc") as () => void;
    const corpus = await mixedCorpus();
    const data = await tempDir("data");
    await buildIndex(mixedIndexOptions(corpus, data));
    await writeNotice(corpus, 2, "5.5");
    await buildIndex(mixedIndexOptions(corpus, data));
    const held: { index?: LoadedIndex } = { index: (await loadIndex(data, () => undefined))! };
    // Weak references only: no variable of the test holds the old generation.
    const watched = (before: LoadedIndex) => ({
      released: [
        before.lexical,
        before.documents,
        before.documents.find((d) => d.docId === "notices/notice-2.txt")!,
      ].map((o) => new WeakRef(o)),
      kept: before.documents.find((d) => d.docId === "notices/notice-9.txt")!,
    });
    const { released, kept } = watched(held.index!);
    await writeNotice(corpus, 2, "6.6");
    await buildIndex(mixedIndexOptions(corpus, data));
    const after = (await loadIndex(data, () => undefined, held.index))!;
    expect(after.loaded).toBe("delta");
    expect(after.documents).toContain(kept);
    held.index = undefined;
    // WeakRefs hold their targets until the current job ends.
    await new Promise((resolve) => setTimeout(resolve, 0));
    gc();
    expect(released.map((r) => r.deref() === undefined)).toEqual([true, true, true]);
  }, 60_000);
});
