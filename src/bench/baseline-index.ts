/**
 * The baseline the project is measured against: minisearch (BM25) over @node-rs/jieba search-mode
 * words, one entry per chunk of at most 250 characters (chunk-text.ts), the document's first line
 * as a boosted title field. What a team would build in an afternoon; no vectors, no structure.
 */
import { Jieba } from "@node-rs/jieba";
import { dict } from "@node-rs/jieba/dict.js";
import MiniSearch, { type Options } from "minisearch";
import type { RetrievedPassage } from "./answer-match.js";
import { chunkText } from "./chunk-text.js";

export interface BaselineChunk {
  id: string;
  docId: string;
  title: string;
  text: string;
}

let jieba: Jieba | undefined;
const WORD = /[\p{L}\p{N}]/u;

/** jieba search-mode words without punctuation and spaces, lower-cased. */
export function baselineTokenize(text: string): string[] {
  jieba ??= Jieba.withDict(dict);
  return jieba.cutForSearch(text, false).filter((t) => WORD.test(t));
}

const OPTIONS: Options<BaselineChunk> = {
  fields: ["title", "text"],
  storeFields: ["docId", "text"],
  tokenize: baselineTokenize,
};

/** The title a plain index would take: the first non-empty line, without Markdown heading marks. */
export function titleOf(text: string): string {
  const line = text.split("\n").find((l) => l.trim()) ?? "";
  return line
    .replace(/^#+\s*/, "")
    .trim()
    .slice(0, 100);
}

/** A document's chunks with ids `<docId>#<n>`. */
export function chunksOf(docId: string, text: string, maxChars = 250): BaselineChunk[] {
  const title = titleOf(text);
  return chunkText(text, maxChars).map((t, i) => ({ id: `${docId}#${i}`, docId, title, text: t }));
}

export class BaselineIndex {
  private constructor(
    private readonly search: MiniSearch<BaselineChunk>,
    /** Chunk count per document, so a changed document's chunks can be discarded by id. */
    readonly chunkCounts: Map<string, number>,
  ) {}

  static empty(): BaselineIndex {
    return new BaselineIndex(new MiniSearch(OPTIONS), new Map());
  }

  static fromJSON(json: string): BaselineIndex {
    const parsed = JSON.parse(json) as { index: unknown; chunkCounts: Array<[string, number]> };
    return new BaselineIndex(
      MiniSearch.loadJS(parsed.index as Parameters<typeof MiniSearch.loadJS>[0], OPTIONS),
      new Map(parsed.chunkCounts),
    );
  }

  toJSON(): string {
    return JSON.stringify({ index: this.search.toJSON(), chunkCounts: [...this.chunkCounts] });
  }

  get chunks(): number {
    return this.search.documentCount;
  }

  /** Adds a document, replacing its earlier chunks when it was indexed before. */
  put(docId: string, text: string): void {
    this.remove(docId);
    const chunks = chunksOf(docId, text);
    this.search.addAll(chunks);
    this.chunkCounts.set(docId, chunks.length);
  }

  remove(docId: string): void {
    const count = this.chunkCounts.get(docId) ?? 0;
    for (let i = 0; i < count; i++) this.search.discard(`${docId}#${i}`);
    this.chunkCounts.delete(docId);
  }

  query(question: string, k = 8): RetrievedPassage[] {
    return this.search
      .search(question, { boost: { title: 2 } })
      .slice(0, k)
      .map((r) => ({ docId: r.docId as string, text: r.text as string }));
  }
}
