/**
 * The knowledge base as the rest of the service sees it: it opens (or builds) the index, answers
 * questions, and re-indexes without stopping. A re-index builds a new generation on disk and
 * then swaps the in-memory index in one assignment, so every query sees either the old or the
 * new index, never a half-built one.
 */
import type { EmbeddingsInterface } from "@langchain/core/embeddings";
import type { Answer, Passage, SearchFilters } from "../core/types.js";
import { buildIndex, type EmbeddingChoice, type IndexProgress, type IndexReport } from "../index/indexer.js";
import { loadIndex } from "../index/index-store.js";
import { builtWithCurrentSettings } from "../index/manifest.js";
import { LocalNgramEmbeddings, localEmbeddingId, localEmbeddingIdPrefix } from "../index/local-embeddings.js";
import type { Tokenizer } from "../text/tokenize.js";
import { bestPassageCoverage, MIN_EVIDENCE_COVERAGE, weightedTerms } from "../answer/evidence.js";
import { refusal } from "../answer/refusal.js";
import type { Answerer } from "../answer/types.js";
import { SearchIndex, type RetrievalMode } from "../retrieve/search-index.js";

export interface KnowledgeBaseOptions {
  corpusDir: string;
  dataDir: string;
  chunkChars: number;
  tokenizer: Tokenizer;
  embedding: EmbeddingChoice;
  answerer: Answerer;
  /** "Today", for whether a rule is in force; injectable for tests. */
  now?: () => Date;
}

export interface AskOptions {
  filters?: SearchFilters;
  signal?: AbortSignal;
  onToken?: (text: string) => void;
  /** Called with the retrieved passages before answering starts. */
  onSources?: (passages: Passage[]) => void;
  mode?: RetrievalMode;
}

/** Passages retrieved per question. */
const RETRIEVE_K = 8;

export class KnowledgeBase {
  private index: SearchIndex | undefined;
  /** Builds run one at a time; a second request waits for the first. */
  private building: Promise<unknown> = Promise.resolve();

  constructor(private readonly opts: KnowledgeBaseOptions) {}

  get answererName(): string {
    return this.opts.answerer.name;
  }

  /** The index queries run against; undefined until opened. */
  get current(): SearchIndex | undefined {
    return this.index;
  }

  /**
   * Load the index; build it first when there is none, or it was built with another embedding,
   * chunk size, tokenizer or layout.
   * Returns the build report when a build ran.
   */
  async open(onProgress?: (p: IndexProgress) => void): Promise<IndexReport | undefined> {
    const loaded = await this.load();
    if (loaded && this.matchesEmbedding(loaded) && builtWithCurrentSettings(loaded.manifest, this.opts.chunkChars)) {
      this.index = loaded;
      return undefined;
    }
    return this.reindex({ onProgress });
  }

  /** Build or update the index from the corpus folder and swap it in. */
  reindex(options: { onProgress?: (p: IndexProgress) => void; rebuild?: boolean } = {}): Promise<IndexReport> {
    const run = this.building.then(async () => {
      const report = await buildIndex({ ...this.opts, ...options });
      const loaded = await this.load();
      if (!loaded) throw new Error("index was built but could not be loaded");
      this.index = loaded;
      return report;
    });
    this.building = run.catch(() => undefined);
    return run;
  }

  private matchesEmbedding(index: SearchIndex): boolean {
    const { embedding } = this.opts;
    const id = index.manifest.embeddingId;
    return embedding.kind === "remote"
      ? id === embedding.id
      : id.startsWith(localEmbeddingIdPrefix(embedding.dim)) && index.data.localModel !== undefined;
  }

  private async load(): Promise<SearchIndex | undefined> {
    const data = await loadIndex(this.opts.dataDir, (_m, localModel) => this.embeddingsFor(localModel));
    if (!data) return undefined;
    return new SearchIndex(data, this.embeddingsFor(data.localModel), this.opts.tokenizer);
  }

  private embeddingsFor(localModel: Parameters<typeof localEmbeddingId>[0] | undefined): EmbeddingsInterface {
    if (this.opts.embedding.kind === "remote") return this.opts.embedding.embeddings;
    if (!localModel) throw new Error("the index has no fitted local embedding model");
    return new LocalNgramEmbeddings(localModel);
  }

  async search(question: string, options: AskOptions = {}): Promise<Passage[]> {
    const index = this.requireIndex();
    return index.search(question, { filters: options.filters, k: RETRIEVE_K, mode: options.mode });
  }

  /** Retrieve and answer. The index is captured once, so a concurrent swap cannot mix two. */
  async ask(question: string, options: AskOptions = {}): Promise<Answer> {
    const index = this.requireIndex();
    const passages = await index.search(question, { filters: options.filters, k: RETRIEVE_K, mode: options.mode });
    options.onSources?.(passages);
    // Weak evidence is refused here, before any answerer (or chat model) is asked to try.
    const terms = weightedTerms(question, (t) => index.tokenize(t), (t) => index.idf(t));
    if (passages.length === 0 || bestPassageCoverage(terms, passages, (d) => index.documentHead(d)) < MIN_EVIDENCE_COVERAGE) return refusal(passages);
    return this.opts.answerer.answer(question, passages, {
      signal: options.signal,
      onToken: options.onToken,
      today: this.opts.now?.() ?? new Date(),
      context: index,
    });
  }

  private requireIndex(): SearchIndex {
    if (!this.index) throw new Error("the knowledge base is not open yet");
    return this.index;
  }
}
