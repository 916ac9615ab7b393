/**
 * A LangChain VectorStore over hnswlib-node. Unlike the community HNSWLib store it deletes by
 * id and saves into a directory chosen by the caller, so the index writer can put it inside a
 * staging directory and publish it atomically with the rest of the index.
 *
 * The graph is updated in place: a deleted vector is marked deleted and its slot reused by the
 * next one added, so an incremental build embeds and inserts only what changed instead of
 * rebuilding the graph. Vectors live only in the graph (native float32), never as JavaScript arrays.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Document, type DocumentInterface } from "@langchain/core/documents";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { VectorStore } from "@langchain/core/vectorstores";
import hnswlib from "hnswlib-node";
import { z } from "zod";
import { AppError } from "../core/errors.js";

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

const GRAPH = { m: 16, efConstruction: 200, seed: 100 };

/** Which label holds which id, next to the graph file. */
const LabelsSchema = z.object({
  dim: z.number().int().min(0),
  nextLabel: z.number().int().min(0),
  /** Slots of deleted vectors not yet reused. */
  freeSlots: z.number().int().min(0),
  labels: z.array(z.tuple([z.number().int(), z.string()])),
});

export class HnswVectorStore extends VectorStore {
  declare FilterType: (document: DocumentInterface) => boolean;
  private hnsw: Hnsw | undefined;
  private readonly labelOf = new Map<string, number>();
  private readonly idOf = new Map<number, string>();
  private nextLabel = 0;
  private freeSlots = 0;

  constructor(embeddings: EmbeddingsInterface) {
    super(embeddings, {});
  }

  _vectorstoreType(): string {
    return "hnswlib-node";
  }

  get size(): number {
    return this.labelOf.size;
  }

  ids(): string[] {
    return [...this.labelOf.keys()];
  }

  has(id: string): boolean {
    return this.labelOf.has(id);
  }

  private graphFor(dim: number, more: number): Hnsw {
    if (!this.hnsw) {
      this.hnsw = new HierarchicalNSW("cosine", dim);
      this.hnsw.initIndex(Math.max(16, more), GRAPH.m, GRAPH.efConstruction, GRAPH.seed, true);
    } else if (this.hnsw.getNumDimensions() !== dim) {
      throw new Error(`addVectors: dimension ${dim} differs from the store's ${this.hnsw.getNumDimensions()}`);
    }
    const needed = this.hnsw.getCurrentCount() + Math.max(0, more - this.freeSlots);
    if (needed > this.hnsw.getMaxElements()) this.hnsw.resizeIndex(Math.max(needed, 2 * this.hnsw.getMaxElements()));
    return this.hnsw;
  }

  async addVectors(
    vectors: number[][],
    documents: DocumentInterface[],
    options?: { ids?: string[] },
  ): Promise<string[]> {
    const ids = options?.ids ?? documents.map((d, i) => d.id ?? String(this.nextLabel + i));
    if (vectors.length !== documents.length || ids.length !== documents.length) {
      throw new Error("addVectors: vectors, documents and ids must have the same length");
    }
    if (vectors.length === 0) return ids;
    await this.delete({ ids: ids.filter((id) => this.labelOf.has(id)) });
    const hnsw = this.graphFor(vectors[0].length, vectors.length);
    vectors.forEach((vector, i) => {
      const label = this.nextLabel++;
      hnsw.addPoint(vector, label, true);
      if (this.freeSlots > 0) this.freeSlots--;
      this.labelOf.set(ids[i], label);
      this.idOf.set(label, ids[i]);
    });
    return ids;
  }

  async addDocuments(documents: DocumentInterface[], options?: { ids?: string[] }): Promise<string[]> {
    const vectors = await this.embeddings.embedDocuments(documents.map((d) => d.pageContent));
    return this.addVectors(vectors, documents, options);
  }

  async delete(params: { ids: string[] }): Promise<void> {
    for (const id of params.ids) {
      const label = this.labelOf.get(id);
      if (label === undefined) continue;
      this.hnsw!.markDelete(label);
      this.freeSlots++;
      this.labelOf.delete(id);
      this.idOf.delete(label);
    }
  }

  async similaritySearchVectorWithScore(
    query: number[],
    k: number,
    filter?: this["FilterType"],
  ): Promise<[DocumentInterface, number][]> {
    const hnsw = this.hnsw;
    if (!hnsw || this.size === 0 || k <= 0) return [];
    hnsw.setEf(Math.max(64, k * 2));
    const documentOf = (label: number) => {
      const id = this.idOf.get(label)!;
      return new Document({ pageContent: "", metadata: { chunkId: id }, id });
    };
    const accept = filter ? (label: number) => this.idOf.has(label) && filter(documentOf(label)) : undefined;
    const { neighbors, distances } = hnsw.searchKnn(query, Math.min(k, this.size), accept);
    // Cosine distance → similarity, so higher is better as elsewhere in the pipeline.
    return neighbors.map((label, i) => [documentOf(label), 1 - distances[i]]);
  }

  /** Write the graph and its labels into `directory`, which must exist. */
  async save(directory: string): Promise<void> {
    const labels: z.infer<typeof LabelsSchema> = {
      dim: this.hnsw?.getNumDimensions() ?? 0,
      nextLabel: this.nextLabel,
      freeSlots: this.freeSlots,
      labels: [...this.idOf],
    };
    await writeFile(path.join(directory, "labels.json"), JSON.stringify(labels));
    if (this.hnsw) await this.hnsw.writeIndex(path.join(directory, "hnsw.bin"));
  }

  static async load(directory: string, embeddings: EmbeddingsInterface): Promise<HnswVectorStore> {
    const store = new HnswVectorStore(embeddings);
    const parsed = LabelsSchema.safeParse(JSON.parse(await readFile(path.join(directory, "labels.json"), "utf8")));
    if (!parsed.success) throw new AppError("INDEX_CORRUPT", "vector labels do not parse");
    const { dim, nextLabel, freeSlots, labels } = parsed.data;
    store.nextLabel = nextLabel;
    store.freeSlots = freeSlots;
    for (const [label, id] of labels) {
      store.labelOf.set(id, label);
      store.idOf.set(label, id);
    }
    if (dim > 0) {
      store.hnsw = new HierarchicalNSW("cosine", dim);
      await store.hnsw.readIndex(path.join(directory, "hnsw.bin"), true);
    }
    return store;
  }
}
