import { link, mkdir, readdir, readFile, rm, truncate, writeFile } from "node:fs/promises";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ExtractiveAnswerer } from "../../src/answer/extractive.js";
import { buildIndex } from "../../src/index/indexer.js";
import { loadIndex, loadManifest, recordsFileName } from "../../src/index/index-store.js";
import { KnowledgeBase } from "../../src/service/knowledge-base.js";
import { tempDir } from "../helpers/corpus.js";
import {
  MIXED_QUESTIONS,
  mixedCorpus as mixedCorpusOf,
  mixedIndexOptions,
  type NoticeText,
  writeNotice as writeNoticeOf,
} from "../helpers/mixed-corpus.js";

const mixedCorpus = () => mixedCorpusOf(24, noticeText);
const writeNotice = (corpus: string, i: number, amount: string) => writeNoticeOf(corpus, i, amount, noticeText);

/** A short notice stating a photovoltaic subsidy; `amount` is what a test changes. */
const noticeText: NoticeText = (i, amount) =>
  `关于第${i}号补贴标准的通知\n\n一、第${i}号通知规定光伏补贴为每瓦${amount}元。\n二、申请材料包括营业执照和项目备案证明，截止时间为${(i % 12) + 1}月底。\n`;

async function openKb(corpusDir: string, dataDir: string): Promise<KnowledgeBase> {
  const kb = new KnowledgeBase({ ...mixedIndexOptions(corpusDir, dataDir), answerer: new ExtractiveAnswerer() });
  await kb.open();
  return kb;
}

/** What a generation holds and how it answers: records, passages with scores, answers. */
async function observed(corpusDir: string, dataDir: string) {
  const data = (await loadIndex(dataDir, () => undefined))!;
  const kb = await openKb(corpusDir, dataDir);
  const searches = [];
  const answers = [];
  for (const q of MIXED_QUESTIONS) {
    searches.push((await kb.search(q)).map((p) => [p.chunk.id, p.score]));
    answers.push((await kb.ask(q)).answer);
  }
  return {
    documents: data.documents,
    chunks: data.chunks,
    sizes: [data.lexical.size, data.chunkBigrams.size, data.documentLexical.size],
    idf: ["补贴", "光伏", "合同", "不在词表"].map((t) => data.lexical.idf(t)),
    searches,
    answers,
  };
}

/** The same files indexed from scratch into a new data directory. */
async function fullBuildOf(corpusDir: string) {
  const fresh = await tempDir("data");
  await buildIndex(mixedIndexOptions(corpusDir, fresh));
  return observed(corpusDir, fresh);
}

describe("segmented index updates", () => {
  it("when files are changed, added and removed, then the delta update answers as a full build of the same files", async () => {
    const corpus = await mixedCorpus();
    const data = await tempDir("data");
    await buildIndex(mixedIndexOptions(corpus, data));

    await writeNotice(corpus, 3, "0.35");
    await writeNotice(corpus, 30, "0.77");
    await rm(path.join(corpus, "notices", "notice-5.txt"));
    expect(await buildIndex(mixedIndexOptions(corpus, data))).toMatchObject({ added: 1, changed: 1, removed: 1 });
    const manifest = (await loadManifest(data))!;
    // The delta path: the changed and added files are in the delta, the rest stays in the carried base.
    const delta = manifest.files.filter((f) => f.segment === "delta").map((f) => path.basename(f.relPath));
    expect(delta.sort()).toEqual(["notice-3.txt", "notice-30.txt"]);

    // A second update rebuilds the delta from the previous one and deletes more of the base.
    await writeNotice(corpus, 3, "0.36");
    await writeNotice(corpus, 8, "0.12");
    expect(await buildIndex(mixedIndexOptions(corpus, data))).toMatchObject({ changed: 2 });
    expect((await loadManifest(data))!.files.filter((f) => f.segment === "delta")).toHaveLength(3);

    const updated = await observed(corpus, data);
    expect(updated.answers[0]).toBeTruthy();
    expect(updated).toEqual(await fullBuildOf(corpus));
  });

  it("when the delta outgrows its share of the base, then the update merges and still answers as a full build", async () => {
    const corpus = await mixedCorpus();
    const data = await tempDir("data");
    await buildIndex(mixedIndexOptions(corpus, data));
    await writeNotice(corpus, 1, "0.41");
    await buildIndex(mixedIndexOptions(corpus, data));
    expect((await loadManifest(data))!.files.some((f) => f.segment === "delta")).toBe(true);

    // A law file is a large share of this small corpus: the update merges delta and base.
    const law = path.join(corpus, "laws", "社会法", "劳动合同法(2012-12-28).md");
    await writeFile(law, `${await readFile(law, "utf8")}\n第一百零一条 本法自公布之日起施行，补充说明。\n`);
    await writeNotice(corpus, 2, "0.52");
    expect(await buildIndex(mixedIndexOptions(corpus, data))).toMatchObject({ changed: 2 });
    const manifest = (await loadManifest(data))!;
    expect(manifest.files.every((f) => f.segment === "base")).toBe(true);

    const [merged, full] = [await observed(corpus, data), await fullBuildOf(corpus)];
    for (const key of Object.keys(full) as Array<keyof typeof full>)
      expect([key, merged[key]]).toEqual([key, full[key]]);
  });

  it("when an update's staging directory linking the base is left behind, then the current generation loads and cleaning up keeps it intact", async () => {
    const corpus = await mixedCorpus();
    const data = await tempDir("data");
    await buildIndex(mixedIndexOptions(corpus, data));
    await writeNotice(corpus, 4, "0.66");
    await buildIndex(mixedIndexOptions(corpus, data));
    const root = path.join(data, "index");
    const gen = (await readFile(path.join(root, "CURRENT"), "utf8")).trim();
    // As a build killed after linking the base and writing part of its delta leaves it.
    const staging = path.join(root, ".staging-gen-killed");
    await mkdir(staging);
    for (const name of await readdir(path.join(root, gen))) {
      if (name.startsWith("base.")) await link(path.join(root, gen, name), path.join(staging, name));
    }
    await writeFile(path.join(staging, recordsFileName("delta")), "partial");
    const before = await observed(corpus, data);

    expect(await buildIndex(mixedIndexOptions(corpus, data))).toMatchObject({ unchanged: 35 });
    expect((await readdir(root)).filter((e) => e !== "CURRENT")).toEqual([gen]);
    expect(await observed(corpus, data)).toEqual(before);
  });

  it("when the index was written in an older format, then the next build rebuilds it rather than reading it", async () => {
    const corpus = await mixedCorpus();
    const data = await tempDir("data");
    const first = await buildIndex(mixedIndexOptions(corpus, data));
    const gen = (await readFile(path.join(data, "index", "CURRENT"), "utf8")).trim();
    const manifestFile = path.join(data, "index", gen, "manifest.json");
    const manifest = JSON.parse(await readFile(manifestFile, "utf8")) as { formatVersion: number };
    await writeFile(manifestFile, JSON.stringify({ ...manifest, formatVersion: 4 }));
    expect(await loadIndex(data, () => undefined)).toBeUndefined();
    expect(await buildIndex(mixedIndexOptions(corpus, data))).toMatchObject({ added: first.files, unchanged: 0 });
    expect((await loadManifest(data))!.formatVersion).toBe(manifest.formatVersion);
  });

  it("when the previous base records are damaged, then an update builds afresh", async () => {
    const corpus = await mixedCorpus();
    const data = await tempDir("data");
    await buildIndex(mixedIndexOptions(corpus, data));
    const gen = (await readFile(path.join(data, "index", "CURRENT"), "utf8")).trim();
    // Hard links: truncating the current generation's base would also damage what the next one carries over.
    await truncate(path.join(data, "index", gen, recordsFileName("base")), 100);
    await writeNotice(corpus, 6, "0.93");
    expect(await buildIndex(mixedIndexOptions(corpus, data))).toMatchObject({ added: 35, changed: 0 });
    const kb = await openKb(corpus, data);
    expect((await kb.ask("第6号通知规定光伏补贴每瓦多少钱？")).answer).toContain("0.93");
  });
});
