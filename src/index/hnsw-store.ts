/**
 * A LangChain VectorStore over hnswlib-node. Unlike the community HNSWLib store it deletes by
 * id and saves into a directory chosen by the caller, so the index writer can put it inside a
 * staging directory and publish it atomically with the rest of the index.
 */
import { readFile, writeFile } from "node:fs/promises";
import path from "node:path";
import { Document, type DocumentInterface } from "@langchain/core/documents";
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import { VectorStore } from "@langchain/core/vectorstores";
import hnswlib from "hnswlib-node";
import { AppError } from "../core/errors.js";

const { HierarchicalNSW } = hnswlib;
type Hnsw = InstanceType<typeof HierarchicalNSW>;

interface Entry {
  id: string;
  vector: number[];
  document: DocumentInterface;
}

interface StoredEntries {
  dim: number;
  entries: Array<{ id: string; pageContent: string; metadata: Record<string, unknown> }>;
}

export class HnswVectorStore extends VectorStore {
  declare FilterType: (document: DocumentInterface) => boolean;
  private entries = new Map<string, Entry>();
  /** Built lazily from `entries`; dropped whenever they change. */
  private index: { hnsw: Hnsw; labels: Entry[] } | undefined;

  constructor(embeddings: EmbeddingsInterface) {
    super(embeddings, {});
  }

  _vectorstoreType(): string {
    return "hnswlib-node";
  }

  get size(): number {
    return this.entries.size;
  }

  ids(): string[] {
    return [...this.entries.keys()];
  }

  vectorOf(id: string): number[] | undefined {
    return this.entries.get(id)?.vector;
  }

  async addVectors(
    vectors: number[][],
    documents: DocumentInterface[],
    options?: { ids?: string[] },
  ): Promise<string[]> {
    const ids = options?.ids ?? documents.map((d, i) => d.id ?? String(this.entries.size + i));
    if (vectors.length !== documents.length || ids.length !== documents.length) {
      throw new Error("addVectors: vectors, documents and ids must have the same length");
    }
    vectors.forEach((vector, i) => {
      this.entries.set(ids[i], { id: ids[i], vector, document: documents[i] });
    });
    if (vectors.length > 0) this.index = undefined;
    return ids;
  }

  async addDocuments(documents: DocumentInterface[], options?: { ids?: string[] }): Promise<string[]> {
    const vectors = await this.embeddings.embedDocuments(documents.map((d) => d.pageContent));
    return this.addVectors(vectors, documents, options);
  }

  async delete(params: { ids: string[] }): Promise<void> {
    let removed = false;
    for (const id of params.ids) removed = this.entries.delete(id) || removed;
    // The graph is rebuilt only when it changed: an unchanged corpus re-saves the loaded one.
    if (removed) this.index = undefined;
  }

  private built(): { hnsw: Hnsw; labels: Entry[] } | undefined {
    if (this.index || this.entries.size === 0) return this.index;
    const labels = [...this.entries.values()];
    const hnsw = new HierarchicalNSW("cosine", labels[0].vector.length);
    hnsw.initIndex(labels.length, 16, 200, 100);
    labels.forEach((e, label) => hnsw.addPoint(e.vector, label));
    this.index = { hnsw, labels };
    return this.index;
  }

  async similaritySearchVectorWithScore(
    query: number[],
    k: number,
    filter?: this["FilterType"],
  ): Promise<[DocumentInterface, number][]> {
    const index = this.built();
    if (!index || k <= 0) return [];
    const { hnsw, labels } = index;
    hnsw.setEf(Math.max(64, k * 2));
    const accept = filter ? (label: number) => filter(labels[label].document) : undefined;
    const { neighbors, distances } = hnsw.searchKnn(query, Math.min(k, labels.length), accept);
    // Cosine distance → similarity, so higher is better as elsewhere in the pipeline.
    return neighbors.map((label, i) => [labels[label].document, 1 - distances[i]]);
  }

  /** Write entries (with vectors) and the HNSW graph into `directory`, which must exist. */
  async save(directory: string): Promise<void> {
    const entries = [...this.entries.values()];
    const dim = entries[0]?.vector.length ?? 0;
    const stored: StoredEntries = {
      dim,
      entries: entries.map((e) => ({ id: e.id, pageContent: e.document.pageContent, metadata: e.document.metadata })),
    };
    const vectors = new Float32Array(entries.length * dim);
    entries.forEach((e, i) => vectors.set(e.vector, i * dim));
    await writeFile(path.join(directory, "entries.json"), JSON.stringify(stored));
    await writeFile(path.join(directory, "vectors.f32"), Buffer.from(vectors.buffer));
    const index = this.built();
    if (index) await index.hnsw.writeIndex(path.join(directory, "hnsw.bin"));
  }

  static async load(directory: string, embeddings: EmbeddingsInterface): Promise<HnswVectorStore> {
    const store = new HnswVectorStore(embeddings);
    const stored = JSON.parse(await readFile(path.join(directory, "entries.json"), "utf8")) as StoredEntries;
    const bytes = await readFile(path.join(directory, "vectors.f32"));
    const vectors = new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4);
    if (vectors.length !== stored.entries.length * stored.dim) {
      const message = `vector file size does not match ${stored.entries.length} entries of dim ${stored.dim}`;
      throw new AppError("INDEX_CORRUPT", message);
    }
    const labels: Entry[] = stored.entries.map((e, i) => ({
      id: e.id,
      vector: Array.from(vectors.subarray(i * stored.dim, (i + 1) * stored.dim)),
      document: new Document({ pageContent: e.pageContent, metadata: e.metadata, id: e.id }),
    }));
    for (const e of labels) store.entries.set(e.id, e);
    if (labels.length > 0) {
      const hnsw = new HierarchicalNSW("cosine", stored.dim);
      await hnsw.readIndex(path.join(directory, "hnsw.bin"), true);
      store.index = { hnsw, labels };
    }
    return store;
  }
}
