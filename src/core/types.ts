/**
 * Shared data shapes of the pipeline. Everything here is plain data so that
 * parsing, chunking, retrieval and answering can be tested without I/O.
 */

/** What kind of official document a file is. */
export type DocKind = "reply_letter" | "policy_rule" | "other";
export const DOC_KINDS = ["reply_letter", "policy_rule", "other"] as const;

/** One heading on a section path, e.g. {label: "（四）", title: "加快公共技术服务平台建设"}. */
export interface Heading {
  /** Numbering as written: "三", "（四）", "1.", "（2）", "第三章", "第十二条", "一是". */
  label: string;
  /** Heading text without the numbering; may be empty (e.g. a bare 第十二条). */
  title: string;
  /** Nesting depth, 1 = top level. */
  level: number;
}

/**
 * A word of a question as the evidence gate and the answerers weigh it: its idf weight, and the
 * thesaurus terms that count as the same word when found instead (资助 for 扶持, 工业和信息化局
 * for 工信局).
 */
export interface QueryTerm {
  term: string;
  weight: number;
  alternatives?: string[];
}

/** Metadata an official document carries. Dates are ISO yyyy-mm-dd. */
export interface DocMeta {
  title: string;
  kind: DocKind;
  issuer?: string;
  date?: string;
  /** 文号 as written, with brackets normalized to 〔〕, e.g. 深工信规〔2019〕3号. */
  docNumber?: string;
  /** Digits of a proposal or suggestion number, e.g. "20210384" from 第20210384号提案. */
  proposalNumber?: string;
  addressee?: string;
  /** Policy rules: when the rule takes effect (施行). */
  effectiveDate?: string;
  /** Policy rules: last day in force, from 有效期 or an explicit end date. */
  expiryDate?: string;
  /** Sentence stating validity / repeal as written, kept for answers. */
  validityText?: string;
  /** The document states that it or the scheme it describes was repealed (废止). */
  repealed?: boolean;
}

/** A section of a parsed document: its heading path and its span in the text. */
export interface Section {
  path: Heading[];
  start: number;
  end: number;
}

/** A structural block of the text: a paragraph, or one table row rendered with its header. */
export interface Block {
  start: number;
  end: number;
  /** Index into ParsedDocument.sections. */
  sectionIndex: number;
  /** True for a table row: it is never split. */
  tableRow?: boolean;
}

/** A document after text extraction and structure parsing. */
export interface ParsedDocument {
  /** Stable id: the file's path relative to the corpus root, with forward slashes. */
  docId: string;
  /** Extracted plain text; all offsets point into it. */
  text: string;
  meta: DocMeta;
  sections: Section[];
  blocks: Block[];
  /** Present when the text is a law, regulation or judicial interpretation (ingest/law.ts). */
  law?: LawInfo;
}

/** Where a legal text sits in the hierarchy of Chinese law, highest first. */
export type LawLevel =
  | "constitution"
  | "law"
  | "administrative_regulation"
  | "judicial_interpretation"
  | "departmental_rule"
  | "local_regulation"
  | "other";
export const LAW_LEVELS: readonly LawLevel[] = [
  "constitution",
  "law",
  "administrative_regulation",
  "judicial_interpretation",
  "departmental_rule",
  "local_regulation",
  "other",
];

/** One line of a law's history: 2017年9月1日 …会议修订. */
export interface LawEvent {
  date: string;
  /** 通过, 公布, 修正, 修订, 批准, 发布 or 施行, as written. */
  action: string;
}

/** An item (项) of a paragraph: "（一）受理行政复议申请；". */
export interface LawItem {
  label: string;
  start: number;
  end: number;
}

/** A paragraph (款) of an article; the article's first line is its first paragraph. */
export interface LawParagraph {
  start: number;
  end: number;
  items: LawItem[];
}

/** An article (条) with its 款 and 项, spans into ParsedDocument.text. */
export interface LawArticle {
  /** As written: 第十五条, 第一百二十条之一. */
  label: string;
  number: number;
  /** 之一 → 1; absent for a plain article. */
  sub?: number;
  start: number;
  end: number;
  /** 编/分编/章/节 headings above the article, then the article itself. */
  path: Heading[];
  paragraphs: LawParagraph[];
}

/** A legal text's identity, version and articles. */
export interface LawInfo {
  /** Full title without version notes: 中华人民共和国中小企业促进法. */
  name: string;
  /** Without 中华人民共和国: 中小企业促进法. */
  shortName: string;
  level: LawLevel;
  /** The body that adopted or issued it, from the history lines. */
  issuer?: string;
  /** The date of this version: the file name's date, else the latest adoption or amendment. */
  versionDate?: string;
  /** Adoption, promulgation and amendment lines above the text. */
  history: LawEvent[];
  /** From the 施行 article (本法自…起施行); may be the original law's date in an amended text. */
  effectiveDate?: string;
  /** The text says it was repealed or is no longer in force. */
  repealed?: boolean;
  articles: LawArticle[];
}

/** A retrievable unit: whole sentences from one section, with offsets into the document text. */
export interface Chunk {
  /** docId + "#" + ordinal; stable while the document is unchanged. */
  id: string;
  docId: string;
  ordinal: number;
  /** Exactly ParsedDocument.text.slice(start, end). */
  text: string;
  start: number;
  end: number;
  sectionPath: Heading[];
  /** sha256 of text, hex, first 16 chars. */
  hash: string;
}

/** Filters a caller may put on retrieval. A filter that matches nothing yields nothing. */
export interface SearchFilters {
  kind?: DocKind;
  issuer?: string;
  year?: number;
}

/** A chunk returned by retrieval, with the document metadata an answer needs. */
export interface Passage {
  chunk: Chunk;
  meta: DocMeta;
  /** Fused score, higher is better; only comparable within one result list. */
  score: number;
  /** Ranks in each list that contributed (1-based), for diagnostics. */
  lexicalRank?: number;
  vectorRank?: number;
  exactMatch?: boolean;
}

/** A citation as shown to users and printed by `ask --json`. */
export interface Citation {
  n: number;
  docId: string;
  title: string;
  date?: string;
  /** Section path rendered for display, e.g. "三 > （四）加快公共技术服务平台建设". */
  section: string;
  /** Exact text of the document at [start, end). */
  quote: string;
  start: number;
  end: number;
}

/** The answer contract shared by CLI, HTTP API, page and bots. */
export interface Answer {
  answer: string;
  refused: boolean;
  citations: Citation[];
  /** On refusal: the nearest passages, so the user can judge for themselves. */
  nearest?: Citation[];
}
