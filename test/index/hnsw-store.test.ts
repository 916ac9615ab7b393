import { readdir } from "node:fs/promises";
import { Document } from "@langchain/core/documents";
import { describe, expect, it } from "vitest";
import { HnswVectorStore } from "../../src/index/hnsw-store.js";
import { fitLocalEmbeddingModel, LocalNgramEmbeddings } from "../../src/index/local-embeddings.js";
import { tempDir } from "../helpers/corpus.js";

const TEXTS: Record<string, string> = {
  a: "光伏发电项目每瓦补贴0.42元",
  b: "风电项目每千瓦补贴300元",
  c: "人才引进给予住房补贴",
  d: "企业技术改造按投资额给予扶持",
};
const embeddings = new LocalNgramEmbeddings(fitLocalEmbeddingModel(Object.values(TEXTS), 256));

async function storeOf(ids: string[]): Promise<HnswVectorStore> {
  const store = new HnswVectorStore(embeddings);
  await store.addDocuments(
    ids.map((id) => new Document({ pageContent: TEXTS[id], metadata: {}, id })),
    { ids },
  );
  return store;
}

async function nearest(store: HnswVectorStore, text: string, k = 1): Promise<string[]> {
  const hits = await store.similaritySearchVectorWithScore(await embeddings.embedQuery(text), k);
  return hits.map(([doc]) => doc.id!);
}

describe("HnswVectorStore", () => {
  it("finds the nearest text, and never a deleted one", async () => {
    const store = await storeOf(["a", "b", "c"]);
    expect(await nearest(store, "光伏每瓦补贴多少")).toEqual(["a"]);
    await store.delete({ ids: ["a"] });
    expect(store.size).toBe(2);
    expect(await nearest(store, "光伏每瓦补贴多少", 3)).not.toContain("a");
  });

  it("when an id is added again, then its new vector replaces the old one in place", async () => {
    const store = await storeOf(["a", "b"]);
    await store.addVectors([await embeddings.embedQuery(TEXTS.d)], [new Document({ pageContent: "", id: "a" })], {
      ids: ["a"],
    });
    expect(store.size).toBe(2);
    expect(await nearest(store, TEXTS.d)).toEqual(["a"]);
  });

  it("grows past its first capacity and reuses the slots of deleted vectors", async () => {
    const store = await storeOf(["a"]);
    const many = Array.from({ length: 40 }, (_, i) => `id-${i}`);
    const vectors = await embeddings.embedDocuments(many.map((_, i) => `${TEXTS.b}${i}`));
    await store.addVectors(
      vectors,
      many.map((id) => new Document({ pageContent: "", id })),
      { ids: many },
    );
    await store.delete({ ids: many.slice(0, 20) });
    await store.addVectors(
      vectors.slice(0, 20),
      many.slice(0, 20).map((id) => new Document({ pageContent: "", id })),
      { ids: many.slice(0, 20) },
    );
    expect(store.size).toBe(41);
    expect(await nearest(store, TEXTS.a)).toEqual(["a"]);
  });

  it("survives a save and load with the same answers, and keeps no copy of the vectors beside the graph", async () => {
    const store = await storeOf(["a", "b", "c", "d"]);
    await store.delete({ ids: ["c"] });
    const dir = await tempDir("vectors");
    await store.save(dir);
    expect((await readdir(dir)).sort()).toEqual(["hnsw.bin", "labels.json"]);
    const loaded = await HnswVectorStore.load(dir, embeddings);
    expect(loaded.ids().sort()).toEqual(["a", "b", "d"]);
    expect(await nearest(loaded, "风电每千瓦", 3)).toEqual(await nearest(store, "风电每千瓦", 3));
    await loaded.addDocuments([new Document({ pageContent: TEXTS.c, metadata: {}, id: "c" })], { ids: ["c"] });
    expect(await nearest(loaded, "人才住房")).toEqual(["c"]);
  });
});
