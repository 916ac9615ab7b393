/**
 * The knowledge base as the rest of the service sees it: it opens (or builds) the index, answers
 * questions, and re-indexes without stopping. A re-index builds a new generation on disk and
 * then swaps the in-memory index in one assignment, so every query sees either the old or the
 * new index, never a half-built one.
 *
 * It is the service's one readiness signal (isReady, status) and tells callers about the index
 * in use only as plain data (documents, document, status; see ./types.ts), never the index itself.
 */
import type { Answer, Passage, SearchFilters } from "../core/types.js";
import {
  buildIndex,
  type EmbeddingChoice,
  type IndexBuilder,
  type IndexProgress,
  type IndexReport,
} from "../index/indexer.js";
import { currentGeneration, loadIndex, type LoadedIndex } from "../index/index-store.js";
import { removeStagedFiles } from "../corpus/list-files.js";
import { builtWithCurrentSettings } from "../index/manifest.js";
import { embeddingsFor, matchesEmbedding } from "../index/embedding-choice.js";
import type { Tokenizer } from "../text/tokenize.js";
import { questionEvidence } from "../answer/evidence.js";
import { answerDocumentFact } from "../answer/document-facts.js";
import { refusal } from "../answer/refusal.js";
import { LAW_LEVEL_NAMES, LawCatalog, type LawEntry, type LawVersion } from "../answer/law-catalog.js";
import { isoDay, versionInForce } from "../answer/law-versions.js";
import { answerLawQuestion } from "../answer/law-answer.js";
import { orderLawPassages, withNamedLawArticles } from "../answer/law-passages.js";
import { asksWhichLaw, withoutWhichLawAsk } from "../answer/law-question.js";
import { addressesAssistant } from "../index/injection.js";
import type { Answerer } from "../answer/types.js";
import { indexMaps, SearchIndex, type RetrievalMode } from "../retrieve/search-index.js";
import { EMPTY_THESAURUS, type Thesaurus } from "../retrieve/thesaurus.js";
import { renderSectionPath } from "../text/section-path.js";
import type { DocumentDetail, DocumentSummary, IndexedDocument, KnowledgeBaseStatus, LawSummary } from "./types.js";

export interface KnowledgeBaseOptions {
  corpusDir: string;
  dataDir: string;
  chunkChars: number;
  tokenizer: Tokenizer;
  embedding: EmbeddingChoice;
  answerer: Answerer;
  /** Query-time synonyms, read again whenever an index is loaded; none when absent. */
  loadThesaurus?: () => Promise<Thesaurus>;
  /** "Today", for whether a rule is in force; injectable for tests. */
  now?: () => Date;
  /**
   * Runs a build (and the load after it) while holding a lock shared by every instance using this
   * data directory (the state store's), so one builds while the others wait and then load what it
   * published. Absent: builds are serialized within this process only.
   */
  buildLock?: <T>(fn: () => Promise<T>) => Promise<T>;
  /**
   * Runs a build of corpusDir into dataDir with these settings. @default buildIndex in this
   * thread; the service passes a worker-thread builder, so answering goes on during a build.
   */
  build?: IndexBuilder;
}

export interface AskOptions {
  filters?: SearchFilters;
  signal?: AbortSignal;
  onToken?: (text: string) => void;
  /** Called with the retrieved passages before answering starts. */
  onSources?: (passages: Passage[]) => void;
  mode?: RetrievalMode;
}

export interface SearchOptions {
  filters?: SearchFilters;
  mode?: RetrievalMode;
  /** Passages to return; by default as many as an answer is given. */
  k?: number;
}

/** Passages retrieved per question. */
const RETRIEVE_K = 8;
/** Passages retrieved when laws are indexed, before superseded versions are dropped. */
const RETRIEVE_K_LAWS = 16;

export class KnowledgeBase {
  private index: SearchIndex | undefined;
  /** The laws of each index in use, built on first use and dropped with the index. */
  private readonly lawCatalogs = new WeakMap<SearchIndex, LawCatalog>();
  /** How long loading the index in use from disk took on this thread (see status). */
  private loadMs: number | undefined;
  /** Builds run one at a time; a second request waits for the first. */
  private building: Promise<unknown> = Promise.resolve();
  /** Builds asked for and not finished (running or waiting), the start-up catch-up included. */
  private pendingBuilds = 0;

  constructor(private readonly opts: KnowledgeBaseOptions) {}

  get answererName(): string {
    return this.opts.answerer.name;
  }

  /** Whether an index is open, so questions can be answered; false until open() has loaded or built one. */
  isReady(): boolean {
    return this.index !== undefined;
  }

  /** Whether a build (a re-index, or the catch-up at start-up) is running or waiting to run. */
  isBuilding(): boolean {
    return this.pendingBuilds > 0;
  }

  /** Readiness, and the facts of the index in use once ready. */
  status(): KnowledgeBaseStatus {
    if (!this.isReady()) return { ready: false };
    const index = this.requireIndex();
    const { manifest } = index;
    return {
      ready: true,
      documents: index.documents.size,
      chunks: index.chunks.size,
      embeddingId: manifest.embeddingId,
      chunkChars: manifest.chunkChars,
      builtAt: manifest.builtAt,
      errors: manifest.errors,
      loadMs: this.loadMs,
      loaded: index.data.loaded,
    };
  }

  /**
   * The indexed documents with their metadata and sizes, in index order. A law with several
   * versions is listed once, as the version in force today, carrying all its versions.
   */
  documents(): DocumentSummary[] {
    const index = this.requireIndex();
    const laws = this.lawsOf(index);
    const day = isoDay(this.opts.now?.() ?? new Date());
    const rows: DocumentSummary[] = [];
    for (const d of index.documents.values()) {
      const entry = laws.ofDocument(d.docId);
      const current = entry && currentVersion(entry.law, day);
      // A law's other versions (and further files of a version, such as the 编 of a code) appear in its row.
      if (entry && (entry.version !== current || current.docs[0] !== d)) continue;
      const row: DocumentSummary = {
        docId: d.docId,
        relPath: d.docId,
        title: d.meta.title,
        kind: d.meta.kind,
        issuer: d.meta.issuer,
        date: d.meta.date,
        docNumber: d.meta.docNumber,
        effectiveDate: d.meta.effectiveDate,
        expiryDate: d.meta.expiryDate,
        repealed: d.meta.repealed,
        chunks: index.chunksOf(d.docId).length,
        chars: d.text.length,
      };
      if (entry) row.law = lawSummary(entry.law, current!);
      rows.push(row);
    }
    return rows;
  }

  /** One indexed document with its text, sections and chunk spans; undefined when the index has none by that id. */
  document(docId: string): DocumentDetail | undefined {
    const index = this.requireIndex();
    const doc = index.documents.get(docId);
    if (!doc) return undefined;
    return {
      docId,
      meta: doc.meta,
      text: doc.text,
      sections: doc.sections.map((s) => ({
        start: s.start,
        end: s.end,
        path: s.path,
        section: renderSectionPath(s.path),
      })),
      chunks: index.chunksOf(docId).map((c) => ({
        id: c.id,
        ordinal: c.ordinal,
        start: c.start,
        end: c.end,
        section: renderSectionPath(c.sectionPath),
      })),
    };
  }

  /** Whether the index in use knows this corpus file: as a document, in its file list, or with a recorded error. */
  knowsFile(relPath: string): boolean {
    const index = this.requireIndex();
    const { files, errors } = index.manifest;
    return (
      index.documents.has(relPath) ||
      files.some((f) => f.relPath === relPath) ||
      errors.some((e) => e.relPath === relPath)
    );
  }

  /** For checking an evaluation's gold answers: the document as parsed and indexed, with its chunks; undefined if absent. */
  indexedDocument(docId: string): IndexedDocument | undefined {
    const index = this.requireIndex();
    const document = index.documents.get(docId);
    return document && { document, chunks: index.chunksOf(docId) };
  }

  /**
   * Load the index and bring it up to date with the corpus folder: files added, changed or removed
   * while the service was down are indexed before open() returns (an incremental build; a full one
   * when there is no index, it was built with another embedding, chunk size, tokenizer or layout,
   * or `rebuild` asks for one). A loaded index answers questions meanwhile.
   * Returns the build report when the index changed (a generation was published).
   *
   * With `removeLeftovers` (the service at start-up), corpus writes a killed process staged go first
   * (the index builder removes index staging directories and pointer files itself whenever it runs).
   * Only a process that owns the corpus folder may ask for it: an upload running elsewhere would go too.
   */
  async open(
    options: { onProgress?: (p: IndexProgress) => void; removeLeftovers?: boolean; rebuild?: boolean } = {},
  ): Promise<IndexReport | undefined> {
    const { onProgress, rebuild } = options;
    if (options.removeLeftovers) await removeStagedFiles(this.opts.corpusDir);
    const loaded = rebuild ? undefined : await this.load();
    const reusable =
      loaded !== undefined &&
      matchesEmbedding(this.opts.embedding, loaded.index.manifest.embeddingId) &&
      builtWithCurrentSettings(loaded.index.manifest, this.opts.chunkChars);
    if (reusable) this.use(loaded);
    // The thesaurus was just read with the index: an unchanged corpus needs no second reading.
    const report = await this.update({ onProgress, rebuild }, { rereadThesaurus: false });
    const changed = report.added + report.changed + report.removed > 0 || report.errors.length > 0;
    return reusable && !changed ? undefined : report;
  }

  /** Build or update the index from the corpus folder and swap it in. */
  reindex(options: { onProgress?: (p: IndexProgress) => void; rebuild?: boolean } = {}): Promise<IndexReport> {
    return this.update(options, { rereadThesaurus: true });
  }

  private update(
    options: { onProgress?: (p: IndexProgress) => void; rebuild?: boolean },
    { rereadThesaurus }: { rereadThesaurus: boolean },
  ): Promise<IndexReport> {
    const locked = this.opts.buildLock ?? ((fn) => fn());
    this.pendingBuilds++;
    const run = this.building.then(() =>
      locked(async () => {
        const report = await (this.opts.build?.(options) ?? buildIndex({ ...this.opts, ...options }));
        const current = this.index;
        if (current && current.data.generation === (await currentGeneration(this.opts.dataDir))) {
          // Nothing was published: keep the index in memory rather than load it again; a re-index
          // still reads the thesaurus afresh (a staff file may have changed; it needs no rebuild).
          if (rereadThesaurus) this.index = await this.searchIndexOf(current.data, current);
          return report;
        }
        const loaded = await this.load(current);
        if (!loaded) throw new Error("index was built but could not be loaded");
        this.use(loaded);
        return report;
      }),
    );
    this.building = run.catch(() => undefined);
    return run.finally(() => this.pendingBuilds--);
  }

  /**
   * Loads the generation another instance published in the shared data directory, if it is not
   * the one in use. Returns whether it loaded one. Runs like a build: after this process's own, and
   * under the build lock, so no builder removes the generation while it is read.
   */
  followPublished(): Promise<boolean> {
    const locked = this.opts.buildLock ?? ((fn) => fn());
    const run = this.building.then(() =>
      locked(async () => {
        const current = this.index;
        if (!current || current.data.generation === (await currentGeneration(this.opts.dataDir))) return false;
        const loaded = await this.load(current);
        if (!loaded) return false;
        this.use(loaded);
        return true;
      }),
    );
    this.building = run.catch(() => undefined);
    return run;
  }

  /**
   * The current generation from disk as a search index, with the milliseconds loading it took.
   * `inUse`, the index in use, lends its base segment when the current generation shares it (an
   * update since), so only the delta is read (see loadIndex), and its per-chunk caches.
   */
  private async load(inUse?: SearchIndex): Promise<{ index: SearchIndex; ms: number } | undefined> {
    const started = performance.now();
    const data = await loadIndex(
      this.opts.dataDir,
      (_m, localModel) => embeddingsFor(this.opts.embedding, localModel),
      inUse?.data,
    );
    if (!data) return undefined;
    const index = await this.searchIndexOf(data, inUse);
    return { index, ms: Math.round(performance.now() - started) };
  }

  private use(loaded: { index: SearchIndex; ms: number }): void {
    this.index = loaded.index;
    this.loadMs = loaded.ms;
  }

  /** `previous`: the index in use, whose per-chunk caches carry over to the chunks the two share. */
  private async searchIndexOf(data: LoadedIndex, previous?: SearchIndex): Promise<SearchIndex> {
    const thesaurus = (await this.opts.loadThesaurus?.()) ?? EMPTY_THESAURUS;
    const index = new SearchIndex(
      data,
      await indexMaps(data),
      embeddingsFor(this.opts.embedding, data.localModel),
      this.opts.tokenizer,
      thesaurus,
      previous,
    );
    // The laws are grouped now rather than on the first question, which would wait for it.
    this.lawsOf(index);
    return index;
  }

  async search(question: string, options: SearchOptions = {}): Promise<Passage[]> {
    const index = this.requireIndex();
    return index.search(question, { filters: options.filters, k: options.k ?? RETRIEVE_K, mode: options.mode });
  }

  /** The laws of an index: its legal texts grouped into laws with their versions. */
  private lawsOf(index: SearchIndex): LawCatalog {
    let catalog = this.lawCatalogs.get(index);
    if (!catalog) this.lawCatalogs.set(index, (catalog = new LawCatalog(index.documents.values())));
    return catalog;
  }

  /** Retrieve and answer. The index is captured once, so a concurrent swap cannot mix two. */
  async ask(question: string, options: AskOptions = {}): Promise<Answer> {
    const index = this.requireIndex();
    const today = this.opts.now?.() ?? new Date();
    const laws = this.lawsOf(index);
    // An article of a named law (and its versions) is answered from the law's structure, exactly.
    const lawAnswer = answerLawQuestion(question, laws, today);
    if (lawAnswer) {
      // The sources shown while answering are the chunks of the cited articles.
      const cited = lawAnswer.citations.flatMap((c) =>
        index
          .chunksOf(c.docId)
          .filter((chunk) => chunk.start < c.end && c.start < chunk.end)
          .map((chunk) => ({ chunk, meta: index.metaOf(c.docId), score: 1 })),
      );
      options.onSources?.(cited);
      options.onToken?.(`${lawAnswer.answer}\n`);
      return lawAnswer;
    }
    // Passage text is data: a passage addressing the assistant ("忽略之前的指令……") is neither
    // quoted, nor shown as a source, nor given to the chat model.
    const k = laws.size > 0 ? RETRIEVE_K_LAWS : RETRIEVE_K;
    // "Which law governs X" is searched and judged as X: no passage says 哪部法律.
    const asked = laws.size > 0 && asksWhichLaw(question) ? withoutWhichLawAsk(question) : question;
    const retrieved = await index.search(asked, { filters: options.filters, k, mode: options.mode });
    // A law the question names is also searched within itself; a filtered search stays as asked.
    const filtered = Object.values(options.filters ?? {}).some((v) => v !== undefined);
    const withArticles = (
      filtered ? retrieved : withNamedLawArticles(question, index.questionTerms(asked), retrieved, laws, today, index)
    ).filter((p) => !addressesAssistant(p.chunk.text));
    const passages = orderLawPassages(question, withArticles, laws, today).slice(0, RETRIEVE_K);
    options.onSources?.(passages);
    // Who sent a letter, when, to whom: answered from the document's header and signature, by
    // either answerer's rules of quoting, so the chat model is not asked what the metadata says.
    const top = passages[0] && index.documents.get(passages[0].chunk.docId);
    const fact = top && answerDocumentFact(question, passages, { text: top.text, chunks: index.chunksOf(top.docId) });
    if (fact) {
      options.onToken?.(`${fact.answer}\n`);
      return fact;
    }
    // Weak evidence is refused here, before any answerer (or chat model) is asked to try; each
    // answerer names the bar it needs.
    const bar = this.opts.answerer.minEvidence;
    if (
      passages.length === 0 ||
      questionEvidence(asked, passages, index, this.opts.answerer.checksNearMisses === true) < bar
    )
      return refusal(passages);
    return this.opts.answerer.answer(asked, passages, {
      signal: options.signal,
      onToken: options.onToken,
      today,
      context: index,
    });
  }

  private requireIndex(): SearchIndex {
    if (!this.index) throw new Error("the knowledge base is not open yet");
    return this.index;
  }
}

function currentVersion(law: LawEntry, day: string): LawVersion {
  const choice = versionInForce(law, day);
  return "version" in choice ? choice.version : law.versions[law.versions.length - 1];
}

function lawSummary(law: LawEntry, current: LawVersion): LawSummary {
  return {
    name: law.name,
    level: law.level,
    levelName: LAW_LEVEL_NAMES[law.level],
    versions: law.versions.flatMap((v) =>
      v.docs.map((doc) => ({
        docId: doc.docId,
        date: v.date,
        effectiveDate: v.info.effectiveDate,
        current: v === current,
      })),
    ),
  };
}
